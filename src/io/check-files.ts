import { checkReview, identityOf, type CheckContext, type ReviewIdentity } from '../domain/check.js';
import { parseReview } from '../domain/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error } from './files.js';
import { notUtf8Problem } from './read-review.js';
import type { ReviewLocation } from './workbook.js';

/**
 * `rhythm check` of one file, from what reading it gave (io/reviews.ts): its text, undefined when
 * it is not UTF-8, or the error. Its problems, and what duplicatePeriods needs of it, are added.
 */
export function checkFile(file: ReviewLocation, read: string | undefined | Error, context: CheckContext, problems: Problem[], identities: ReviewIdentity[]): void {
  if (read instanceof Error) {
    // One unreadable file is one problem: check goes on and lists every other one.
    problems.push({ file: file.display, line: 1, message: unreadableReason(read), severity: 'error' });
    return;
  }
  if (read === undefined) {
    problems.push(...notUtf8Problem(file.display).problems);
    return;
  }
  const parsed = parseReview(read, file.display, context.config);
  problems.push(...parsed.problems);
  if (!parsed.review) return;
  identities.push(identityOf(parsed.review));
  problems.push(...checkReview(parsed.review, { ...file, text: read }, context));
}

/** Why a file could not be read, as the rest of a `file:1: …` line. Anything else is a bug and is thrown. */
export function unreadableReason(error: unknown): string {
  if (error instanceof NotUtf8Error) return 'is not valid UTF-8 (a binary file?): save it as UTF-8 or move it out of the workbook';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'is a folder, not a file: rename it or move it out of the workbook';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied): check its permissions';
  if (code === 'ENOENT') return 'disappeared while rhythm was reading it: run rhythm check again';
  if (code === 'ELOOP') return 'is a symbolic link that points to itself: remove the link';
  throw error;
}
