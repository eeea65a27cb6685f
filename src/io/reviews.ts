import { duplicatePeriods, type CheckContext, type ReviewIdentity } from '../domain/check.js';
import { groupBy } from '../domain/collections.js';
import { periodLookup, type Calendar, type Day, type DayRange } from '../domain/period.js';
import { heldOn, parseReview, type ParsedReview, type Review, type YamlParser } from '../domain/review.js';
import { rollupByTeam, teamSections, type KeptSection, type RollupInput, type TeamByTeam } from '../domain/rollup/compute.js';
import type { HeldDays } from '../domain/rollup/entries.js';
import type { Rollup, TeamRollup } from '../domain/rollup/model.js';
import type { Problem } from '../errors.js';
import { readText } from './files.js';
import { readAhead, READ_AHEAD_FROM, startReadAheadEarly } from './read-ahead.js';
import { decodeText, ReadBuffer, REVIEW_LIMIT } from './read-file.js';
import { detachStrings, parseReviewText, unreadableProblem } from './read-review.js';
import { checkFile } from './check-files.js';
import { listReviews, type NotAReview, type ReviewLocation, type Workbook } from './workbook.js';

/** One review file; one that cannot be read (a FIFO, too large, permission denied…) holds no review, and the problem says why. */
export async function readReview(workbook: Workbook, location: Pick<ReviewLocation, 'path' | 'display'>, parseYaml?: YamlParser): Promise<ParsedReview> {
  let text: string;
  try {
    text = await readText(location.path, REVIEW_LIMIT);
  } catch (error) {
    return { problems: [unreadableProblem(location.display, error)] };
  }
  return parseReview(text, location.display, workbook.config, parseYaml);
}

/**
 * The days a team's reviews of a period were held, read on demand from the files the listing
 * found (rare: only for an action or flag carried into a rollup from before its period), once
 * each. A file that cannot be read or parsed gives no day: its item counts from its period's start.
 */
export function heldDaysFrom(locations: readonly ReviewLocation[], workbook: Workbook): HeldDays {
  const periods = periodLookup(workbook.config);
  const byLabel = groupBy(locations, (location) => `${location.team ?? ''}\u0000${location.label}`);
  const days = new Map<string, readonly Day[]>();
  return (team, label) => {
    const key = `${team ?? ''}\u0000${label}`;
    let found = days.get(key);
    if (!found) {
      const range = periods(label)?.range;
      found = range === undefined ? [] : (byLabel.get(key) ?? []).flatMap((location) => heldDayOf(location, range, workbook)).sort();
      days.set(key, found);
    }
    return found;
  };
}

function heldDayOf(location: ReviewLocation, range: DayRange, workbook: Workbook): Day[] {
  const reader = new ReadBuffer();
  let end: number;
  try {
    end = reader.readFile(location.path);
  } catch {
    return [];
  }
  const { review } = parseReviewText(decodeText(reader.bytes, 0, end), location, workbook.config);
  return review ? [heldOn(review, range)] : [];
}

/**
 * Files whose name is a period outside `range` are not read at all: a year's rollup in a workbook
 * of five years reads a fifth of it. The file name decides, as it does for Obsidian's periodic
 * notes (`rhythm check` reports a file whose `period:` disagrees with its name). A file whose name
 * is no period never comes here: the listing sets it apart (workbook.ts listReviews).
 */
export function namedWithin(range: DayRange, calendar: Calendar): (location: Pick<ReviewLocation, 'label'>) => boolean {
  const periods = periodLookup(calendar);
  return ({ label }) => {
    const own = periods(label)?.range;
    return own === undefined || (own.start <= range.end && own.end >= range.start);
  };
}

export interface ReviewsRollup<R = Rollup> {
  rollup: R;
  /** Problems of files that were skipped or read with warnings. */
  problems: Problem[];
  /** Files that hold no review (skipped; their problems say why). */
  unread: Set<string>;
}

/**
 * The rollup of the workbook's reviews (those `filter` keeps). One broken file never sinks the
 * rest: it is skipped and its problems are returned for the command to show (or to fail on, with
 * --strict). So is a file that cannot be read at all (a FIFO, too large, permission denied), and
 * one that is no review by its name (a sync tool's conflicted copy): of the rollup's team and
 * rituals, each is one problem and one file unread.
 *
 * Team by team (domain/rollup/compute.ts rollupByTeam): a team's files are read, its section
 * computed and the reviews let go, so memory holds the rollup, never every review. The files are
 * read ahead on a second thread while this one parses (read-ahead.ts).
 */
export async function rollupReviews(
  workbook: Workbook,
  input: Omit<RollupInput, 'reviews' | 'config'>,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<ReviewsRollup> {
  const { rollup, sections, ...read } = await teamByTeam(workbook, input, detachStrings, filter, onProgress);
  return { rollup: rollup.finish(sections), ...read };
}

/**
 * rollupReviews, with each team's section kept as `keep` makes it as soon as it is computed
 * (its JSON and the records the summary reads, say: report/json.ts, domain/rollup/summary.ts
 * leanRecords), so that memory holds what is kept, not every section.
 */
export async function rollupReviewsKept<K extends KeptSection>(
  workbook: Workbook,
  input: Omit<RollupInput, 'reviews' | 'config'>,
  keep: (section: TeamRollup) => K,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<ReviewsRollup<Omit<Rollup, 'teams'> & { teams: K[] }>> {
  const { rollup, sections, ...read } = await teamByTeam(workbook, input, keep, filter, onProgress);
  return { rollup: rollup.finishKept(sections, keep), ...read };
}

async function teamByTeam<K>(
  workbook: Workbook,
  input: Omit<RollupInput, 'reviews' | 'config'>,
  keep: (section: TeamRollup) => K,
  filter: (location: ReviewLocation) => boolean,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Omit<ReviewsRollup, 'rollup'> & { rollup: TeamByTeam; sections: K[] }> {
  const notReviews: NotAReview[] = [];
  const ownNotReview = (found: NotAReview) => {
    const ours = (input.team === undefined || found.team === input.team) && (found.ritual === undefined || Object.hasOwn(workbook.config.rituals, found.ritual));
    if (ours) notReviews.push(found);
  };
  const locations = await listReviews(workbook, { onListed: startEarly, filter, onNotAReview: ownNotReview });
  const rollup = rollupByTeam({ ...input, config: workbook.config });
  const skipped = (): Omit<ReviewsRollup, 'rollup'> => ({ problems: notReviews.map((found) => found.problem), unread: new Set(notReviews.map((found) => found.problem.file)) });
  const read = skipped();
  const sections: K[] = [];
  const teams = [...groupBy(locations, (location) => location.team ?? '').values()];
  const files = teams.flat();
  let team = 0;
  let teamEnd = teams[0]?.length ?? 0;
  let reviews: Review[] = [];
  let stray = false;
  await forEachText(files, (file, text, index) => {
    const review = parsedInto(read, file, text, workbook.config);
    if (review) reviews.push(review);
    if ((index + 1) % 500 === 0) onProgress?.(index + 1, files.length);
    if (index + 1 < teamEnd) return true;
    const id = file.team;
    // A review whose `team:` is not its folder's belongs to another team's section, which may be
    // done already: the rare workbook with one (check calls it an error) is rolled up whole.
    stray = reviews.some((one) => one.team !== id);
    if (stray) return false;
    sections.push(keep(rollup.team(id, reviews)));
    reviews = [];
    teamEnd += teams[++team]?.length ?? 0;
    return true;
  });
  if (!stray) return { rollup, sections, ...read };
  const whole = skipped();
  const all: Review[] = [];
  await forEachText(locations, (file, text) => {
    const review = parsedInto(whole, file, text, workbook.config);
    if (review) all.push(review);
    return true;
  });
  return { rollup, sections: teamSections(rollup, all, input.team).map(keep), ...whole };
}

/** The review a file holds, if any; its problems, or that it holds none (or could not be read), go to `into`. */
function parsedInto(into: Omit<ReviewsRollup, 'rollup'>, file: ReviewLocation, text: string | undefined | Error, calendar: Calendar): Review | undefined {
  const parsed: ParsedReview = text instanceof Error ? { problems: [unreadableProblem(file.display, text)] } : parseReviewText(text, file, calendar);
  into.problems.push(...parsed.problems);
  if (!parsed.review) into.unread.add(file.display);
  return parsed.review;
}

/** `rhythm check` of every review file: the problems of each, and any two files claiming one period. */
export async function checkReviews(workbook: Workbook, context: CheckContext, onProgress?: (done: number, total: number) => void): Promise<{ problems: Problem[]; files: number }> {
  const problems: Problem[] = [];
  const locations = await listReviews(workbook, { onListed: startEarly, onNotAReview: (found) => problems.push(found.problem) });
  const identities: ReviewIdentity[] = [];
  await forEachText(locations, (file, text, index) => {
    checkFile(file, text, context, problems, identities);
    if ((index + 1) % 500 === 0 || index + 1 === locations.length) onProgress?.(index + 1, locations.length);
    return true;
  });
  problems.push(...duplicatePeriods(identities));
  return { problems, files: locations.length };
}

/** Many files listed so far: the reader thread may well be needed, and starts while the listing goes on. */
function startEarly(listed: number): void {
  if (listed >= READ_AHEAD_FROM) startReadAheadEarly();
}

/**
 * Each file's text as decodeText gives it (undefined when it is not UTF-8), or the error
 * reading it, in order, read ahead (read-ahead.ts). `visit` returns false to stop.
 */
async function forEachText(files: readonly ReviewLocation[], visit: (file: ReviewLocation, text: string | undefined | Error, index: number) => boolean): Promise<void> {
  let index = 0;
  for await (const batch of readAhead(files.map((file) => file.path))) {
    let start = 0;
    for (const [position, end] of batch.ends.entries()) {
      const text = batch.errors[position] ?? decodeText(batch.bytes, start, end);
      start = end;
      if (!visit(files[index]!, text, index)) return;
      index++;
    }
  }
}
