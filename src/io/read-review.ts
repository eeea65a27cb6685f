import { closeSync, openSync, readSync } from 'node:fs';
import type { Calendar } from '../core/period.js';
import { parseReview, type ParsedReview, type ResolvedFlag, type Review } from '../core/review.js';

/**
 * Reading review files for a rollup, synchronously, on the main thread or on the reader threads
 * of review-pool.ts: both give exactly what readReview gives, kept as a rollup keeps it.
 */
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
 * The sections the rollup reads (the `heard` quotes and the `value` claims, core/rollup.ts): a
 * review kept for a rollup holds these and drops the rest of the body. tests/perf checks that a
 * rollup of reviews kept this way equals the rollup of the full reviews.
 */
export const ROLLUP_SECTIONS: readonly string[] = ['heard', 'value'];

/**
 * What a rollup keeps of a review: everything it aggregates, nothing it does not. The file's
 * other prose, the raw front matter (`data`, and `answers` of select, number and confirm
 * questions) and the key lines are dropped, so memory grows with what the rollup reports, not
 * with the size of the files. Kept text goes through `strings` (one per read of many files):
 * repeated words (owners, dates, ids, carried actions) are kept once. Takes over the review's
 * parts: the review itself is not used afterwards.
 */
export function forRollup(review: Review, strings: StringPool = new StringPool()): Review {
  const keep = (text: string) => strings.keep(text);
  const sections: Record<string, string> = {};
  for (const id of ROLLUP_SECTIONS) {
    const content = review.sections[id];
    if (content !== undefined) sections[keep(id)] = strings.copy(content);
  }
  const kept: Review = {
    file: review.file,
    ritual: keep(review.ritual),
    period: keep(review.period),
    date: keep(review.date),
    participants: review.participants.map(keep),
    customers: review.customers.map(keep),
    flags: review.flags.map((flag) => ({ customer: keep(flag.customer), reason: keep(flag.reason), since: keep(flag.since) })),
    resolved: review.resolved.map((flag) => {
      const resolved: ResolvedFlag = { customer: keep(flag.customer), since: keep(flag.since) };
      if (flag.reason !== undefined) resolved.reason = keep(flag.reason);
      if (flag.note !== undefined) resolved.note = keep(flag.note);
      return resolved;
    }),
    scores: review.scores,
    answers: {},
    sections,
    actions: review.actions,
    bodyLine: review.bodyLine,
    data: {},
  };
  for (const action of kept.actions) {
    action.title = keep(action.title);
    action.tags = action.tags.map(keep);
    if (action.owner !== undefined) action.owner = keep(action.owner);
    if (action.due !== undefined) action.due = keep(action.due);
    if (action.since !== undefined) action.since = keep(action.since);
    if (action.section !== undefined) action.section = keep(action.section);
  }
  if (review.team !== undefined) kept.team = keep(review.team);
  return kept;
}

const NOT_LATIN1 = /[\u0100-\uffff]/;

/**
 * Text kept from many files, in as little memory as it takes. A piece cut from a file's text may
 * be a view into the whole text (V8 keeps pieces of 13 characters or more that way), and a file
 * with one character beyond Latin-1 (the em dash of every review's heading) makes every piece
 * two bytes a character: kept text is copied on its own, one byte a character where it fits,
 * and text that repeats is kept once.
 */
export class StringPool {
  private readonly known = new Map<string, string>();
  private scratch = Buffer.allocUnsafe(4096);

  /** The one copy of a short text that repeats (a name, a date, an action carried for weeks). */
  keep(text: string): string {
    let kept = this.known.get(text);
    if (kept === undefined) {
      kept = this.copy(text);
      this.known.set(kept, kept);
    }
    return kept;
  }

  /** A compact copy of a text that does not repeat. */
  copy(text: string): string {
    if (NOT_LATIN1.test(text)) return ` ${text}`.slice(1);
    if (text.length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(text.length, this.scratch.length * 2));
    const length = this.scratch.write(text, 0, 'latin1');
    return this.scratch.toString('latin1', 0, length);
  }
}

/** readReviewSync, keeping what a rollup needs. */
export function readReviewForRollup(file: ReviewFile, calendar: Calendar, strings?: StringPool): ParsedReview {
  const parsed = readReviewSync(file, calendar);
  return parsed.review ? { review: forRollup(parsed.review, strings), problems: parsed.problems } : parsed;
}
