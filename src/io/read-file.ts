import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * Reading many small files fast, on the main thread or on a worker (workers.ts): one open, one
 * fstat, one read and one close a file, into a buffer used again and again.
 */

const INITIAL_BYTES = 64 * 1024;
const KEPT_BYTES = 1024 * 1024;
const MB = 1024 * 1024;

/** The most rhythm reads of one kind of file: beyond it the file is refused, never read whole. */
export interface ReadLimit {
  bytes: number;
  /** What the file is, for the message: "more than any review needs". */
  what: string;
}

/** A review is a page of text; 16 MB is hundreds of times the largest one written by hand. */
export const REVIEW_LIMIT: ReadLimit = { bytes: 16 * MB, what: 'review' };

/**
 * Opening never waits: open(2) of a FIFO blocks until something writes to it, unless O_NONBLOCK
 * (on a regular file it changes nothing). O_NOCTTY: opening a terminal device never makes it the
 * process's own. The file is refused right after, by fstat of what was opened (refuseUnlessFile).
 */
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * A file rhythm does not read: a FIFO, a device or a socket (reading one can wait for ever or
 * never end), a folder, or a file larger than its kind can be. A UserError: one line naming the
 * file. `reason` is the rest of a `file:1: …` line.
 */
export class UnreadableFileError extends UserError {
  override name = 'UnreadableFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code: 'EISDIR' | 'ENOTFILE' | 'ETOOLARGE' | 'EDANGLING',
  ) {
    super(`${path} ${reason}`);
  }
}

/** A folder where a file was expected. Keeps the `EISDIR` code callers may test for. */
export class IsFolderError extends UnreadableFileError {
  override name = 'IsFolderError';
  constructor(path: string) {
    super(path, 'is a folder, not a file', 'EISDIR');
  }
}

/** Refuse what `stats` describes unless it is a regular file of at most `limit` bytes. */
export function refuseUnlessFile(path: string, stats: Stats, limit: ReadLimit): void {
  if (stats.isFile()) {
    if (stats.size > limit.bytes) throw tooLarge(path, limit);
    return;
  }
  if (stats.isDirectory()) throw new IsFolderError(path);
  const kind = stats.isFIFO() ? 'a FIFO (a named pipe)' : stats.isSocket() ? 'a socket' : 'a device';
  throw new UnreadableFileError(path, `is ${kind}, not a file: rhythm reads only regular files; put the file itself in its place`, 'ENOTFILE');
}

/** Open to read, without waiting; a link to nothing says so (ENOENT alone would read as a file that went away). */
function openFile(path: string): number {
  try {
    return openSync(path, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && linkExists(path)) {
      throw new UnreadableFileError(path, 'is a symbolic link to nothing: fix the link, or remove it', 'EDANGLING');
    }
    throw error;
  }
}

function linkExists(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The refusal of a file (or of stdin: `input`) larger than `limit`. */
export function tooLarge(path: string, limit: ReadLimit, input: 'file' | 'input' = 'file'): UnreadableFileError {
  const size = limit.bytes >= MB ? `${Math.round(limit.bytes / MB)} MB` : `${Math.ceil(limit.bytes / 1024)} KB`;
  return new UnreadableFileError(path, `is larger than ${size}, more than any ${limit.what} needs: check that it is the right ${input}`, 'ETOOLARGE');
}

/** A buffer that files are read into, one after the other, reused from read to read. */
export class ReadBuffer {
  bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  /** The last file's stat, as fstat gave it when it was opened (rollup-cache.ts records it). */
  stats: Stats | undefined;

  /**
   * Read the whole file at `path` into the buffer from `start`, growing it as needed; the end of
   * the file's bytes. Only a regular file of at most `limit` bytes is read (refuseUnlessFile), and
   * never more than a byte beyond the limit, should it grow while being read. One open, one fstat,
   * one read (the buffer is made large enough for the size fstat gives) and one close.
   */
  readFile(path: string, start = 0, limit: ReadLimit = REVIEW_LIMIT): number {
    const fd = openFile(path);
    try {
      const stats = fstatSync(fd);
      this.stats = stats;
      refuseUnlessFile(path, stats, limit);
      const stop = start + limit.bytes + 1;
      if (this.bytes.length < start + stats.size + 4096) this.grow(start, start + stats.size + 4096);
      let end = start;
      for (;;) {
        if (this.bytes.length - end < 4096) this.grow(end);
        const room = Math.min(this.bytes.length, stop) - end;
        const read = readSync(fd, this.bytes, end, room, null);
        end += read;
        if (end - start > limit.bytes) throw tooLarge(path, limit);
        // A regular file reads short only at its end; a full buffer may have more to come.
        if (read < room || read === 0) return end;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** A huge file does not keep a huge buffer alive. */
  shrink(): void {
    if (this.bytes.length > KEPT_BYTES) this.bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  private grow(used: number, needed = 0): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, needed));
    this.bytes.copy(bigger, 0, 0, used);
    this.bytes = bigger;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as readText gives their text (strict UTF-8, a leading byte order mark dropped), or
 * undefined when they are not UTF-8. Invalid bytes decode to U+FFFD, so a text with U+FFFD in it
 * is decoded again, strictly.
 */
export function decodeText(bytes: Buffer, start: number, end: number): string | undefined {
  const text = bytes.toString('utf8', start, end);
  if (text.includes('\uFFFD')) {
    try {
      return strictUtf8.decode(bytes.subarray(start, end));
    } catch {
      return undefined;
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether bytes[start, end) hold a NUL: as the text decoded from them does, UTF-8 writing U+0000 alone as a zero byte. */
export function holdsNul(bytes: Buffer, start: number, end: number): boolean {
  const at = bytes.indexOf(0, start);
  return at !== -1 && at < end;
}

/** A file's text as decodeText gives it (undefined when it is not UTF-8), or the error reading it: for a caller that goes on with the next file. */
export function textOrError(reader: ReadBuffer, path: string): string | undefined | Error {
  try {
    // Read first: reading a large file replaces the buffer.
    const end = reader.readFile(path);
    return decodeText(reader.bytes, 0, end);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
