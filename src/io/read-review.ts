import type { Stats } from 'node:fs';
import type { Calendar } from '../domain/period.js';
import { parseReview, type ParsedReview, type Review, type ReviewReading } from '../domain/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, unreadableReason } from './files.js';
import { decodeNarrow, widenBody } from './narrow-text.js';
import { decodeText, holdsNul, type ReadBuffer } from './read-file.js';

/** Reviews from the texts read-file.ts reads. */

/** The problem of a file whose bytes are not UTF-8 (decodeText gave undefined). */
export function notUtf8Problem(display: string): ParsedReview {
  return { problems: [unreadableProblem(display, new NotUtf8Error(display))] };
}

/** A review file that could not be read (a FIFO, too large, permission denied…): the problem that skips it in a rollup and that check lists. */
export function unreadableProblem(display: string, error: unknown): Problem {
  return { file: display, line: 1, message: unreadableReason(error), severity: 'error' };
}

/** A review from its text as decodeText (read-file.ts) gives it: undefined when the file is not UTF-8. `reading`: as parseReview's. */
export function parseReviewText(text: string | undefined, file: { display: string }, calendar: Calendar, reading: Pick<ReviewReading, 'body' | 'nul' | 'keyLines'> = {}): ParsedReview {
  return text === undefined ? notUtf8Problem(file.display) : parseReview(text, file.display, calendar, reading);
}

/** What reading many files found besides their reviews: the problems, and the files that hold no review. */
export interface ReadOutcome {
  problems: Problem[];
  unread: Set<string>;
}

/**
 * A review from its file's bytes (bytes[0, end)), read as a narrow text where it can be
 * (narrow-text.ts): the same review, read faster. `reading`: as parseReview's; whether the file
 * holds a NUL is looked for in its bytes, a scan many times faster than one of its text.
 */
export function parseReviewBytes(bytes: Buffer, end: number, file: { display: string }, calendar: Calendar, { body, keyLines }: Pick<ReviewReading, 'body' | 'keyLines'> = {}): ParsedReview {
  const reading = { body, keyLines, nul: holdsNul(bytes, 0, end) };
  const narrow = decodeNarrow(bytes, 0, end);
  if (narrow) {
    const parsed = parseReview(narrow.text, file.display, calendar, reading);
    if (!narrow.standIns || widenBody(parsed, narrow.standIns)) return parsed;
  }
  return parseReviewText(decodeText(bytes, 0, end), file, calendar, reading);
}

/**
 * The review in the file at `file.path`, read into `reader`; or the problem of a file that could
 * not be read. `onRead` hears of the file's stat when opened and its bytes, or of neither when it
 * could not be read (what a rollup's cache records).
 */
export function parseReviewFile(
  reader: ReadBuffer,
  file: { path: string; display: string },
  calendar: Calendar,
  reading: Pick<ReviewReading, 'body' | 'keyLines'> = {},
  onRead?: (stats: Stats | undefined, bytes: Uint8Array | undefined) => void,
): ParsedReview {
  let end: number;
  try {
    end = reader.readFile(file.path);
  } catch (error) {
    onRead?.(undefined, undefined);
    return { problems: [unreadableProblem(file.display, error)] };
  }
  onRead?.(reader.stats!, reader.bytes.subarray(0, end));
  return parseReviewBytes(reader.bytes, end, file, calendar, reading);
}

/** The review a parse found, if any; its problems, or that the file holds none (or could not be read), go to `into`. */
export function parsedInto(into: ReadOutcome, file: { display: string }, parsed: ParsedReview): Review | undefined {
  into.problems.push(...parsed.problems);
  if (!parsed.review) into.unread.add(file.display);
  return parsed.review;
}
