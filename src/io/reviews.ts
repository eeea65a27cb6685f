import { duplicatePeriods, type CheckContext, type ReviewIdentity } from '../core/check.js';
import { parsePeriod, rangeOf, type Calendar, type DayRange } from '../core/period.js';
import { parseReview, type ParsedReview, type Review, type YamlParser } from '../core/review.js';
import { computeRollup, rollupByTeam, type Rollup, type RollupInput, type TeamRollup } from '../core/rollup.js';
import { groupBy } from '../core/rollup-summary.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, readText } from './files.js';
import { detachStrings, readReviewSync } from './read-review.js';
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
  unread: Set<string>;
}

/**
 * The rollup of the workbook's reviews (those `filter` keeps). One broken file never sinks the
 * rest: it is skipped and its problems are returned for the command to show (or to fail on, with
 * --strict); a file that cannot be read at all fails the rollup with its error.
 *
 * Team by team (core/rollup.ts rollupByTeam): a team's files are read, its section computed and
 * the reviews let go, so memory holds the rollup, never every review. One thread does it: on the
 * two-core machine of the benchmark, two threads read 50,000 files no faster than one (1.00 s
 * against 0.93 s), and a year's rollup on reader threads took 4.4 s against 2.9 s here (issue 6).
 */
export async function rollupReviews(
  workbook: Workbook,
  input: Omit<RollupInput, 'reviews' | 'config'>,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<ReviewsRollup> {
  const locations = (await listReviews(workbook)).filter(filter);
  const rollup = rollupByTeam({ ...input, config: workbook.config });
  const read: Omit<ReviewsRollup, 'rollup'> = { problems: [], unread: new Set() };
  const sections: TeamRollup[] = [];
  let done = 0;
  const counted = () => {
    if (++done % 500 === 0) onProgress?.(done, locations.length);
  };
  for (const files of groupBy(locations, (location) => location.team ?? '').values()) {
    const team = files[0]!.team;
    const reviews = readReviews(files, workbook.config, read, counted);
    // A review whose `team:` is not its folder's belongs to another team's section, which may be
    // done already: the rare workbook with one (check calls it an error) is rolled up whole.
    if (reviews.some((review) => review.team !== team)) {
      const whole: Omit<ReviewsRollup, 'rollup'> = { problems: [], unread: new Set() };
      const all = readReviews(locations, workbook.config, whole);
      return { rollup: computeRollup({ ...input, config: workbook.config, reviews: all }), ...whole };
    }
    sections.push(detachStrings(rollup.team(team, reviews)));
  }
  return { rollup: rollup.finish(sections), ...read };
}

/** The reviews of the files that hold one; the problems of all, and which hold none, go to `into`. */
function readReviews(files: readonly ReviewLocation[], calendar: Calendar, into: { problems: Problem[]; unread: Set<string> }, onFile?: () => void): Review[] {
  const reviews: Review[] = [];
  for (const file of files) {
    const parsed = readReviewSync(file, calendar);
    into.problems.push(...parsed.problems);
    if (parsed.review) reviews.push(parsed.review);
    else into.unread.add(file.display);
    onFile?.();
  }
  return reviews;
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
