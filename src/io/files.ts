import { lstat, readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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

/** A folder where a file was expected. Keeps the `EISDIR` code callers may test for. */
export class IsFolderError extends UserError {
  override name = 'IsFolderError';
  readonly code = 'EISDIR';
  constructor(readonly path: string) {
    super(`${path} is a folder, not a file`);
  }
}

/** Read a text file; invalid UTF-8 is an error rather than silently replaced characters. */
export async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new IsFolderError(path);
    throw error;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new NotUtf8Error(path);
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
