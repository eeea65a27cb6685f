import { lstatSync } from 'node:fs';
import { constants as bufferLimits } from 'node:buffer';
import { UserError } from '../errors.js';
import { decodeText, ReadBuffer, tooLarge, UnreadableFileError, type ReadLimit } from './read-file.js';

export { IsFolderError, UnreadableFileError, type ReadLimit } from './read-file.js';

/**
 * A file that is not UTF-8 text (a binary file, or Latin-1 from an old editor). A UserError, so a
 * caller that does not turn it into a `file:line` problem of its own still shows one clear line
 * (an answers file, a file passed to --merge, a review being amended), never "a bug in rhythm".
 */
export class NotUtf8Error extends UserError {
  override name = 'NotUtf8Error';
  constructor(readonly path: string) {
    super(`${path}:1: is not valid UTF-8 (a binary file?): save it as UTF-8`);
  }
}

const MB = 1024 * 1024;

/** The config, the registry and a template: each far smaller than a review. */
export const WORKBOOK_FILE_LIMIT: ReadLimit = { bytes: 8 * MB, what: 'workbook file' };

/** Any other text (a rollup given to --merge): as much as one string can hold. */
const ANY_TEXT: ReadLimit = { bytes: bufferLimits.MAX_STRING_LENGTH, what: 'text' };

/**
 * Read a text file; invalid UTF-8 is an error rather than silently replaced characters. Only a
 * regular file of at most `limit` bytes is read (read-file.ts): a FIFO, a device or a folder is
 * refused at once, and /dev/zero is never read at all.
 */
export async function readText(path: string, limit: ReadLimit = ANY_TEXT): Promise<string> {
  return readTextSync(path, limit);
}

/** readText for a synchronous caller (a draft, io/drafts.ts). */
export function readTextSync(path: string, limit: ReadLimit = ANY_TEXT): string {
  return readDecoded(path, limit).text;
}

/**
 * readText keeping a leading byte order mark, for a file rhythm writes back (an amended review):
 * domain/frontmatter.ts `inStyleOf` then writes it as it was, mark and line ends alike.
 */
export async function readTextAsWritten(path: string, limit: ReadLimit = ANY_TEXT): Promise<string> {
  const { text, byteOrderMark } = readDecoded(path, limit);
  return byteOrderMark ? `\uFEFF${text}` : text;
}

function readDecoded(path: string, limit: ReadLimit): { text: string; byteOrderMark: boolean } {
  const reader = new ReadBuffer();
  const end = reader.readFile(path, 0, limit);
  const text = decodeText(reader.bytes, 0, end);
  if (text === undefined) throw new NotUtf8Error(path);
  const { bytes } = reader;
  return { text, byteOrderMark: end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

/** A file's text as written (byte order mark and line ends kept), or undefined when there is none. */
export async function readTextIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readTextAsWritten(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Text from a file or from a stream (`--answers -` reads stdin), read no further than `limit`:
 * a stream that goes on for ever (`< /dev/zero`) is refused at the limit and let go, not
 * gathered until memory runs out. `name` is the stream in messages ("stdin").
 */
export async function readInputText(source: string | NodeJS.ReadableStream, limit: ReadLimit, name = 'stdin'): Promise<string> {
  if (typeof source === 'string') return readText(source, limit);
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      length += bytes.length;
      if (length <= limit.bytes) return;
      stop();
      (source as { destroy?: () => void }).destroy?.();
      reject(tooLarge(name, limit, 'input'));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
  const text = decodeText(bytes, 0, bytes.length);
  if (text === undefined) throw new NotUtf8Error(name);
  return text;
}

/**
 * Why a file could not be read, as the rest of a `file:1: …` line: the one rule for a file that
 * `check` lists, a rollup skips, and the config or a template refuses. Anything else is a bug and
 * is thrown.
 */
export function unreadableReason(error: unknown): string {
  if (error instanceof NotUtf8Error) return 'is not valid UTF-8 (a binary file?): save it as UTF-8 or move it out of the workbook';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'is a folder, not a file: rename it or move it out of the workbook';
  if (error instanceof UnreadableFileError) return error.reason;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied): check its permissions';
  if (code === 'ENOENT') return 'disappeared while rhythm was reading it: run rhythm check again';
  if (code === 'ELOOP') return 'is a symbolic link that points to itself: remove the link';
  if (code === 'ENOTDIR') return 'is a symbolic link through something that is not a folder: fix the link';
  if (code === 'ENAMETOOLONG') return 'has a name too long for the file system: give it a shorter one';
  if (code === 'ENXIO' || code === 'ENODEV') return 'is a socket or a device, not a file: rhythm reads only regular files; put the file itself in its place';
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return 'is a special file that cannot be read without waiting, not a review: move it out of the workbook';
  if (code === 'EIO') return 'could not be read (an input/output error: a failing disk or a lost network drive?): check the drive, then run again';
  throw error;
}

/**
 * Whether anything is at `path` (a link counts, even a dangling one). Asked synchronously: the
 * promises of node:fs load Node's file watchers and readline with them, 2-3 ms of a `rhythm status`
 * that reads a few small files (scripts/bundle.mjs loads them at first use).
 */
export async function exists(path: string): Promise<boolean> {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}
