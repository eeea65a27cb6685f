import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reading many small files fast, on the main thread or on the reader thread of read-ahead.ts:
 * this module loads nothing else, so that thread starts in a few milliseconds.
 */

const INITIAL_BYTES = 64 * 1024;
const KEPT_BYTES = 1024 * 1024;

/** A buffer that files are read into, one after the other, reused from read to read. */
export class ReadBuffer {
  bytes = Buffer.allocUnsafe(INITIAL_BYTES);

  /**
   * Read the whole file at `path` into the buffer from `start`, growing it as needed; the end of
   * the file's bytes. One open, one read and one close (readFileSync also asks for the size first,
   * which costs a fifth more; measured).
   */
  readFile(path: string, start = 0): number {
    const fd = openSync(path, 'r');
    try {
      let end = start;
      for (;;) {
        if (this.bytes.length - end < 4096) this.grow(end);
        const read = readSync(fd, this.bytes, end, this.bytes.length - end, null);
        end += read;
        // A regular file reads short only at its end; a full buffer may have more to come.
        if (end < this.bytes.length || read === 0) return end;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** A huge file does not keep a huge buffer alive. */
  shrink(): void {
    if (this.bytes.length > KEPT_BYTES) this.bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  private grow(used: number): void {
    const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(bigger, 0, 0, used);
    this.bytes = bigger;
  }
}

/** Files read one after the other into one buffer: file i is bytes[ends[i - 1], ends[i]), or could not be read (errors[i]). */
export interface ReadBatch {
  bytes: Buffer;
  ends: number[];
  errors: (Error | undefined)[];
}

export function readBatch(reader: ReadBuffer, paths: readonly string[]): ReadBatch {
  const ends: number[] = [];
  const errors: (Error | undefined)[] = [];
  let end = 0;
  for (const path of paths) {
    try {
      end = reader.readFile(path, end);
      errors.push(undefined);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
    ends.push(end);
  }
  const bytes = Buffer.allocUnsafeSlow(end);
  reader.bytes.copy(bytes, 0, 0, end);
  reader.shrink();
  return { bytes, ends, errors };
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
