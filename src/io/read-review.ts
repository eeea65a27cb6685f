import { closeSync, openSync, readSync } from 'node:fs';
import type { Calendar } from '../core/period.js';
import { parseReview, type ParsedReview } from '../core/review.js';

/** Reading review files synchronously, as rollups and `check` read thousands of them. */
export interface ReviewFile {
  path: string;
  display: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The problem readReview reports for a file that is not UTF-8. */
export function notUtf8Problem(display: string): ParsedReview {
  return { problems: [{ file: display, line: 1, message: 'is not valid UTF-8 (a binary file?): save it as UTF-8 or move it out of the workbook', severity: 'error' }] };
}

/**
 * A review file's text as readText gives it (strict UTF-8, a leading byte order mark dropped), or
 * undefined when it is not UTF-8. Read with one open, one read and one close into a buffer that is
 * reused (a rollup reads tens of thousands of small files: readFileSync also asks for the size
 * first, which costs a fifth more; measured). Invalid bytes decode to U+FFFD, so a text with
 * U+FFFD in it is decoded again, strictly.
 */
export function readReviewText(path: string): string | undefined {
  const length = readInto(path);
  let text: string | undefined = scratch.toString('utf8', 0, length);
  if (text.includes('\uFFFD')) {
    try {
      text = utf8.decode(scratch.subarray(0, length));
    } catch {
      text = undefined;
    }
  } else if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A huge file does not keep a huge buffer alive.
  if (scratch.length > SCRATCH_LIMIT) scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  return text;
}

const SCRATCH_BYTES = 64 * 1024;
const SCRATCH_LIMIT = 1024 * 1024;
let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/** Read the whole file into `scratch`, growing it as needed; the number of bytes read. */
function readInto(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      length += read;
      // A regular file reads short only at its end; a full buffer may have more to come.
      if (length < scratch.length || read === 0) return length;
      const bigger = Buffer.allocUnsafe(scratch.length * 2);
      scratch.copy(bigger, 0, 0, length);
      scratch = bigger;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Read and parse a review, as readReview does (invalid UTF-8 is a problem, any other read error
 * is thrown), synchronously: a rollup reads thousands of small files one after the other, and a
 * synchronous read costs a third of an asynchronous one (measured; see bench/).
 */
export function readReviewSync(file: ReviewFile, calendar: Calendar): ParsedReview {
  const text = readReviewText(file.path);
  return text === undefined ? notUtf8Problem(file.display) : parseReview(text, file.display, calendar);
}

/**
 * Make every string in `value` (objects and arrays, in place) its own copy. V8 keeps a piece cut
 * from a text (13 characters or more) as a view into the whole text: a rollup keeping the quotes
 * and action titles of 10,000 files would keep the 10,000 files. Copying what is kept lets each
 * file's text go as soon as its team's section is computed (io/reviews.ts).
 */
export function detachStrings<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item === 'string') value[index] = ownCopy(item);
      else if (typeof item === 'object' && item !== null) detachStrings(item);
    }
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') record[key] = ownCopy(item);
      else if (typeof item === 'object' && item !== null) detachStrings(item);
    }
  }
  return value;
}

/** A piece shorter than 13 characters is a copy already; a longer one is flattened out of a new concatenation. */
function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
