import { bodyTexts, checkReview, identityOf, type BodyText, type CheckContext, type ReviewIdentity } from '../domain/check.js';
import { parseReview } from '../domain/review.js';
import type { Problem } from '../errors.js';
import { notUtf8Problem, unreadableProblem } from './read-review.js';
import type { ReviewLocation } from './workbook.js';

/**
 * `rhythm check` of one file, from what reading it gave (io/reviews.ts): its text, undefined when
 * it is not UTF-8, or the error. Its problems, and what duplicatePeriods needs of it, are added.
 */
export function checkFile(file: ReviewLocation, read: string | undefined | Error, context: CheckContext, problems: Problem[], identities: ReviewIdentity[]): void {
  if (read instanceof Error) {
    // One unreadable file is one problem: check goes on and lists every other one.
    problems.push(unreadableProblem(file.display, read));
    return;
  }
  if (read === undefined) {
    problems.push(...notUtf8Problem(file.display).problems);
    return;
  }
  // The body's texts are kept as parseReview reads its blocks, so that check does not read them again.
  const texts: BodyText[] = [];
  const parsed = parseReview(read, file.display, context.config, { onText: bodyTexts(texts) });
  problems.push(...parsed.problems);
  if (!parsed.review) return;
  identities.push(identityOf(parsed.review));
  problems.push(...checkReview(parsed.review, { ...file, text: read }, context, parsed.body && { ...parsed.body, texts }));
}
