import type { Calendar } from '../domain/period.js';
import { parseReview, type ParsedReview, type Review, type ReviewReading } from '../domain/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, unreadableReason } from './files.js';

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

/** The review a file holds, if any; its problems, or that it holds none (or could not be read), go to `into`. `reading`: as parseReview's. */
export function parsedInto(into: ReadOutcome, file: { display: string }, text: string | undefined | Error, calendar: Calendar, reading: Pick<ReviewReading, 'body' | 'nul' | 'keyLines'> = {}): Review | undefined {
  const parsed: ParsedReview = text instanceof Error ? { problems: [unreadableProblem(file.display, text)] } : parseReviewText(text, file, calendar, reading);
  into.problems.push(...parsed.problems);
  if (!parsed.review) into.unread.add(file.display);
  return parsed.review;
}
