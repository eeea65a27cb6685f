import { checkReview, identityOf, type CheckContext, type ReviewIdentity } from '../core/check.js';
import { parseReview } from '../core/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error } from './files.js';
import { notUtf8Problem, readReviewText } from './read-review.js';
import type { ReviewLocation } from './workbook.js';

/**
 * `rhythm check` of each file: its problems, and what duplicatePeriods needs of it. Each file is
 * read, checked and dropped, so memory holds the problems, not the files.
 */
export function checkFiles(files: readonly ReviewLocation[], context: CheckContext, problems: Problem[], identities: ReviewIdentity[]): void {
  for (const file of files) {
    let text: string | undefined;
    try {
      text = readReviewText(file.path);
    } catch (error) {
      // One unreadable file is one problem: check goes on and lists every other one.
      problems.push({ file: file.display, line: 1, message: unreadableReason(error), severity: 'error' });
      continue;
    }
    if (text === undefined) {
      problems.push(...notUtf8Problem(file.display).problems);
      continue;
    }
    const parsed = parseReview(text, file.display, context.config);
    problems.push(...parsed.problems);
    if (!parsed.review) continue;
    identities.push(identityOf(parsed.review));
    problems.push(...checkReview(parsed.review, { ...file, text }, context));
  }
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
