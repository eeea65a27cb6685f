import type { Calendar } from '../domain/period.js';
import { parseReview, type ParsedReview, type Review } from '../domain/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, unreadableReason } from './files.js';

/** Reviews from the texts read-file.ts reads, and the copies a rollup keeps of them. */

/** The problem of a file whose bytes are not UTF-8 (decodeText gave undefined). */
export function notUtf8Problem(display: string): ParsedReview {
  return { problems: [unreadableProblem(display, new NotUtf8Error(display))] };
}

/** A review file that could not be read (a FIFO, too large, permission denied…): the problem that skips it in a rollup and that check lists. */
export function unreadableProblem(display: string, error: unknown): Problem {
  return { file: display, line: 1, message: unreadableReason(error), severity: 'error' };
}

/** A review from its text as decodeText (read-file.ts) gives it: undefined when the file is not UTF-8. */
export function parseReviewText(text: string | undefined, file: { display: string }, calendar: Calendar): ParsedReview {
  return text === undefined ? notUtf8Problem(file.display) : parseReview(text, file.display, calendar);
}

/** What reading many files found besides their reviews: the problems, and the files that hold no review. */
export interface ReadOutcome {
  problems: Problem[];
  unread: Set<string>;
}

/** The review a file holds, if any; its problems, or that it holds none (or could not be read), go to `into`. */
export function parsedInto(into: ReadOutcome, file: { display: string }, text: string | undefined | Error, calendar: Calendar): Review | undefined {
  const parsed: ParsedReview = text instanceof Error ? { problems: [unreadableProblem(file.display, text)] } : parseReviewText(text, file, calendar);
  into.problems.push(...parsed.problems);
  if (!parsed.review) into.unread.add(file.display);
  return parsed.review;
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

/**
 * A copy of the text that keeps nothing else alive, in one byte a character where it fits: a
 * file with one character beyond Latin-1 (the em dash of every review's heading) is decoded two
 * bytes a character, and so is every piece cut from it, which would make the whole rollup, its
 * JSON and the writing of it twice as large.
 */
function ownCopy(text: string): string {
  // V8 copies a piece shorter than 13 characters out of its text: it keeps nothing alive, and is
  // at most 24 bytes larger for being two bytes a character.
  if (text.length < SLICED_MIN) return text;
  if (NOT_LATIN1.test(text)) return ` ${text}`.slice(1);
  if (text.length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(text.length, scratch.length * 2));
  const length = scratch.write(text, 0, 'latin1');
  return scratch.toString('latin1', 0, length);
}

const SLICED_MIN = 13;
const NOT_LATIN1 = /[\u0100-\uffff]/;
let scratch = Buffer.allocUnsafe(4096);
