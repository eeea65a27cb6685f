import { duplicatePeriods, type CheckContext, type ReviewIdentity } from '../domain/check.js';
import { groupBy } from '../domain/collections.js';
import { periodLookup, type Calendar, type DayRange } from '../domain/period.js';
import { parseReview, type ParsedReview, type Review, type YamlParser } from '../domain/review.js';
import { rollupByTeam, teamSections, type TeamByTeam } from '../domain/rollup/compute.js';
import type { Rollup, Summary, TeamRollup } from '../domain/rollup/model.js';
import type { Problem } from '../errors.js';
import { readText } from './files.js';
import { readAhead, READ_AHEAD_FROM, startReadAheadEarly } from './read-ahead.js';
import { heldDaysFrom, heldPeriods } from './held.js';
import { decodeText, REVIEW_LIMIT } from './read-file.js';
import { detachStrings, parsedInto, unreadableProblem, type ReadOutcome } from './read-review.js';
import { keepers, recordsOf, type KeeperName, type Keepers, type KeptJson } from './section-keepers.js';
import { openRollupCache } from './rollup-cache.js';
import { teamSectionMaker, type ReviewsInput, type TeamOutcome } from './team-section.js';
import { runTeamJobs, teamWorkerCount } from './team-workers.js';
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
  /** Every file of the rollup's scope the listing found, read or not. */
  listed: ReviewLocation[];
}

/** The reviews of a rollup: the files of its scope, and those of them it reads. */
export interface RollupFiles {
  /**
   * The files of the rollup's team and rituals: they also say when each ritual started, and on
   * which day carried items were written (held.ts). Every file by default.
   */
  scope?: (location: ReviewLocation) => boolean;
  /** Which of them are read and rolled up (those named for a period it counts, namedWithin). Every one by default. */
  read?: (location: ReviewLocation) => boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * The folder of the rollup cache (rollup-cache.ts), for a rollup whose `scope` and `read` follow
   * from its input and config alone (as run/rollup.ts builds them): those are the cache's key.
   */
  cache?: string;
}

/**
 * The rollup of the workbook's reviews. One broken file never sinks the rest: it is skipped and
 * its problems are returned for the command to show (or to fail on, with --strict). So is a file
 * that cannot be read at all (a FIFO, too large, permission denied), and one that is no review by
 * its name (a sync tool's conflicted copy): of the rollup's team and rituals, each is one problem
 * and one file unread.
 *
 * Team by team (domain/rollup/compute.ts rollupByTeam): a team's files are read, its section
 * computed and the reviews let go, so memory holds the rollup, never every review. Many files are
 * rolled up on worker threads, a team at a time each (team-workers.ts); a team whose files have
 * not changed since the last rollup of the same question comes from the cache (rollup-cache.ts).
 */
export async function rollupReviews(workbook: Workbook, input: ReviewsInput, files: RollupFiles = {}): Promise<ReviewsRollup> {
  const { rollup, sections, organisation, save, ...read } = await teamByTeam(workbook, input, 'whole', files);
  const finished = rollup.finish(sections, organisation);
  save(finished.organisation);
  return { rollup: finished, ...read };
}

/**
 * rollupReviews for a report written as JSON alone: each team's section is kept as its JSON and
 * its records for the summary, as bytes (section-keepers.ts), as soon as it is computed, so that
 * memory holds what is written, not every section.
 */
export async function rollupReviewsJson(workbook: Workbook, input: ReviewsInput, files: RollupFiles = {}): Promise<ReviewsRollup<Omit<Rollup, 'teams'> & { teams: KeptJson[] }>> {
  const { rollup, sections, organisation, save, ...read } = await teamByTeam(workbook, input, 'json', files);
  const finished = rollup.finishKept(sections, (section) => keepers.json(section, detachStrings), recordsOf, organisation);
  save(finished.organisation);
  return { rollup: finished, ...read };
}

async function teamByTeam<N extends KeeperName>(
  workbook: Workbook,
  input: ReviewsInput,
  keeper: N,
  { scope = () => true, read = () => true, onProgress, cache: cacheFolder }: RollupFiles,
): Promise<Omit<ReviewsRollup, 'rollup'> & { rollup: TeamByTeam; sections: Keepers[N][]; organisation?: Summary; save: (organisation: Summary) => void }> {
  const { config } = workbook;
  const notReviews: NotAReview[] = [];
  const ownNotReview = (found: NotAReview) => {
    const ours = (input.team === undefined || found.team === input.team) && (found.ritual === undefined || Object.hasOwn(config.rituals, found.ritual));
    if (ours) notReviews.push(found);
  };
  const listed: ReviewLocation[] = [];
  const locations = await listReviews(workbook, {
    filter: (location) => scope(location) && listed.push(location) > 0 && read(location),
    onNotAReview: ownNotReview,
  });
  const rollup = rollupByTeam({ ...input, config, held: heldPeriods(listed, config), heldDays: heldDaysFrom(listed, config) });
  const listedBy = groupBy(listed, (location) => location.team ?? '');
  const teams = [...groupBy(locations, (location) => location.team ?? '').values()].map((files) => ({
    team: files[0]!.team,
    read: files,
    listed: listedBy.get(files[0]!.team ?? '') ?? [],
  }));
  const progress = progressEvery(500, locations.length, onProgress);
  const cache = openRollupCache(cacheFolder, { root: workbook.root, keeper, input, config });
  // Each team's outcome, in team order: from the cache, from a worker, or computed here.
  let changed = false;
  const outcomes = teams.map((team): TeamOutcome<Keepers[N]> | undefined => {
    const hit = cache.lookup(team.team, team.listed);
    changed ||= hit === undefined || hit.verified;
    if (!hit) return undefined;
    progress(team.read.length);
    return { kept: hit.kept as Keepers[N], stray: false, problems: hit.problems, unread: hit.unread, files: hit.files, count: team.read.length };
  });
  const stale = teams.flatMap((team, index) => (outcomes[index] === undefined ? [index] : []));
  let stray = false;
  const workers = teamWorkerCount(stale.reduce((sum, index) => sum + teams[index]!.read.length, 0), stale.length);
  let done = 0;
  if (workers > 0) {
    for await (const reply of runTeamJobs({ config, input, keeper }, stale.map((index) => teams[index]!), workers)) {
      if (!reply) break;
      outcomes[stale[done++]!] = reply as TeamOutcome<Keepers[N]>;
      progress(reply.count);
      stray = reply.stray;
      if (stray) break;
    }
  }
  if (!stray && done < stale.length) {
    const section = teamSectionMaker(config, input, keeper, detachStrings);
    for (const index of stale.slice(done)) {
      const team = teams[index]!;
      const outcome = section(team.team, team.read, team.listed);
      outcomes[index] = outcome;
      progress(outcome.count);
      stray = outcome.stray;
      if (stray) break;
    }
  }
  const skipped = (): ReadOutcome => ({ problems: notReviews.map((found) => found.problem), unread: new Set(notReviews.map((found) => found.problem.file)) });
  if (!stray) {
    const outcome = skipped();
    const sections: Keepers[N][] = [];
    for (const team of outcomes) {
      outcome.problems.push(...team!.problems);
      for (const file of team!.unread) outcome.unread.add(file);
      sections.push(team!.kept!);
    }
    // The summary of the teams, when they all came from the cache with it: otherwise it is computed, and saved with them.
    const organisation = cache.organisation(teams.length) as Summary | undefined;
    const save = (summary: Summary) => {
      if (!changed && organisation !== undefined) return;
      const entries = teams.map((team, index) => {
        const { kept, problems, unread, files } = outcomes[index]!;
        return { team: team.team, names: team.listed.map((location) => location.display).sort(), files, problems, unread, kept: kept as object };
      });
      cache.save(entries, summary);
    };
    return { rollup, sections, ...outcome, listed, save, ...(organisation !== undefined ? { organisation } : {}) };
  }
  // A review whose `team:` is not its folder's belongs to another team's section, which may be
  // done already: the rare workbook with one (check calls it an error) is rolled up whole.
  const whole = skipped();
  const all: Review[] = [];
  await forEachText(locations, (file, text) => {
    const review = parsedInto(whole, file, text, config);
    if (review) all.push(review);
    return true;
  });
  const keep = (section: TeamRollup) => keepers[keeper](section, detachStrings) as Keepers[N];
  return { rollup, sections: teamSections(rollup, all, input.team).map(keep), ...whole, listed, save: () => undefined };
}

/** A progress callback told of every `step` files done, however many each call adds. */
function progressEvery(step: number, total: number, onProgress: ((done: number, total: number) => void) | undefined): (files: number) => void {
  let done = 0;
  return (files) => {
    const before = done;
    done += files;
    for (let mark = (Math.floor(before / step) + 1) * step; mark <= done; mark += step) onProgress?.(mark, total);
  };
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
