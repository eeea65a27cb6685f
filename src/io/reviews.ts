import { duplicatePeriods, type CheckContext, type ReviewIdentity } from '../core/check.js';
import { parsePeriod, rangeOf, type Calendar, type DayRange } from '../core/period.js';
import { parseReview, type ParsedReview, type Review, type YamlParser } from '../core/review.js';
import { computeRollup, type Rollup, type RollupInput } from '../core/rollup.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, readText } from './files.js';
import { readReviewForRollup, StringPool } from './read-review.js';
import { checkFiles } from './check-files.js';
import { listReviews, type ReviewLocation, type Workbook } from './workbook.js';

export async function readReview(workbook: Workbook, location: Pick<ReviewLocation, 'path' | 'display'>, parseYaml?: YamlParser): Promise<ParsedReview> {
  let text: string;
  try {
    text = await readText(location.path);
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      return { problems: [{ file: location.display, line: 1, message: 'is not valid UTF-8 (a binary file?): save it as UTF-8 or move it out of the workbook', severity: 'error' }] };
    }
    throw error;
  }
  return parseReview(text, location.display, workbook.config, parseYaml);
}

/**
 * Files whose name is a period outside `range` are not read at all: a year's rollup in a workbook
 * of five years reads a fifth of it. The file name decides, as it does for Obsidian's periodic
 * notes (`rhythm check` reports a file whose `period:` disagrees with its name); a file whose name
 * is no period is read, so that its problem is reported.
 */
export function namedWithin(range: DayRange, calendar: Calendar): (location: Pick<ReviewLocation, 'label'>) => boolean {
  // A workbook has few distinct labels (a week is shared by every team): parse each once.
  const verdicts = new Map<string, boolean>();
  return ({ label }) => {
    let within = verdicts.get(label);
    if (within === undefined) {
      try {
        const own = rangeOf(parsePeriod(label, calendar), calendar);
        within = own.start <= range.end && own.end >= range.start;
      } catch {
        within = true;
      }
      verdicts.set(label, within);
    }
    return within;
  };
}

export interface ReviewsRollup {
  rollup: Rollup;
  /** Problems of files that were skipped or read with warnings. */
  problems: Problem[];
  /** Files that hold no review (skipped; their problems say why). */
  unread: ReadonlySet<string>;
}

/**
 * The rollup of the workbook's reviews (those `filter` keeps). One broken file never sinks the
 * rest: it is skipped and its problems are returned for the command to show (or to fail on, with
 * --strict); a file that cannot be read at all fails the rollup with its error.
 *
 * One thread reads and parses: on the two-core machine of the benchmark, reading does not
 * go faster on two threads (50,000 files: 0.93 s on one, 1.00 s on two) and the rollup of a year
 * in reader threads took 4.4 s against 2.9 s here (bench/, issue 6).
 */
export async function rollupReviews(
  workbook: Workbook,
  input: Omit<RollupInput, 'reviews' | 'config'>,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<ReviewsRollup> {
  const locations = (await listReviews(workbook)).filter(filter);
  const strings = new StringPool();
  const reviews: Review[] = [];
  const problems: Problem[] = [];
  const unread = new Set<string>();
  for (const [index, location] of locations.entries()) {
    const parsed = readReviewForRollup(location, workbook.config, strings);
    problems.push(...parsed.problems);
    if (parsed.review) reviews.push(parsed.review);
    else unread.add(location.display);
    if ((index + 1) % 500 === 0) onProgress?.(index + 1, locations.length);
  }
  return { rollup: computeRollup({ ...input, config: workbook.config, reviews }), problems, unread };
}

/** `rhythm check` of every review file: the problems of each, and any two files claiming one period. */
export async function checkReviews(workbook: Workbook, context: CheckContext, onProgress?: (done: number, total: number) => void): Promise<{ problems: Problem[]; files: number }> {
  const locations = await listReviews(workbook);
  const problems: Problem[] = [];
  const identities: ReviewIdentity[] = [];
  for (let start = 0; start < locations.length; start += 500) {
    checkFiles(locations.slice(start, start + 500), context, problems, identities);
    onProgress?.(Math.min(start + 500, locations.length), locations.length);
  }
  problems.push(...duplicatePeriods(identities));
  return { problems, files: locations.length };
}
