import { duplicatePeriods, type CheckContext, type ReviewIdentity } from '../domain/check.js';
import { groupBy, withFields } from '../domain/collections.js';
import { periodLookup, type Calendar, type DayRange } from '../domain/period.js';
import { parseReview, type ParsedReview, type YamlParser } from '../domain/review.js';
import { readsBodies, rollupByTeam, teamSections, type TeamByTeam } from '../domain/rollup/compute.js';
import type { EarlierReview, HeldDays } from '../domain/rollup/entries.js';
import type { Rollup, Summary, TeamRollup } from '../domain/rollup/model.js';
import type { SummaryPart } from '../domain/rollup/summary.js';
import type { Problem } from '../errors.js';
import { readText } from './files.js';
import { earlierReviewsFrom, heldDaysFrom, heldPeriods } from './held.js';
import { ReadBuffer, REVIEW_LIMIT, textOrError } from './read-file.js';
import { parsedInto, parseReviewFile, unreadableProblem, type ReadOutcome } from './read-review.js';
import { partOf, sectionKeeper, sectionOf, type KeeperName, type KeptSection } from './section-keepers.js';
import { openRollupCache, rollupCacheKept } from './rollup-cache.js';
import { teamSectionMaker, type ReviewsInput, type TeamOutcome } from './team-section.js';
import { runTeamJobs, teamWorkers } from './team-workers.js';
import { runJobs, workerCount, WORKERS_FROM, WorkerPool } from './workers.js';
import { checkFile } from './check-files.js';
import { listReviews, type ListOptions, type NotAReview, type ReviewLocation, type Workbook } from './workbook.js';

/** One review file; one that cannot be read (a FIFO, too large, permission denied…) holds no review, and the problem says why. */
export async function readReview(workbook: Workbook, location: Pick<ReviewLocation, 'path' | 'display'>, parseYaml?: YamlParser): Promise<ParsedReview> {
  let text: string;
  try {
    text = await readText(location.path, REVIEW_LIMIT);
  } catch (error) {
    return { problems: [unreadableProblem(location.display, error)] };
  }
  return parseReview(text, location.display, workbook.config, { parseYaml });
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
  /** The folder `scope` lies in, when it is one team's: no other is listed (listReviews `within`). */
  within?: ListOptions['within'];
  /** Which of them are read and rolled up (those named for a period it counts, namedWithin). Every one by default. */
  read?: (location: ReviewLocation) => boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * The folder of the rollup cache (rollup-cache.ts), for a rollup whose `scope` and `read` follow
   * from its input and config alone (as run/rollup.ts builds them): those are the cache's key.
   */
  cache?: string;
  /**
   * Whether the organisation's summary is wanted (true by default): computed at once and cached
   * with the sections. Otherwise it is computed only if read, and the cache goes without it.
   */
  organisation?: boolean;
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
export async function rollupReviews(workbook: Workbook, input: ReviewsInput, files: RollupFiles = {}, keeper: KeeperName = 'whole'): Promise<ReviewsRollup> {
  const { rollup: kept, early, ...read } = await rolledUp(workbook, input, files, keeper, true);
  return { rollup: withFields(kept, { teams: kept.teams.map((section) => early.sections.get(section) ?? sectionOf(section)) }), ...read };
}

/**
 * rollupReviews with each team's section as it was kept (section-keepers.ts): JSON, written as it
 * is by a report in JSON, memory holding what is written rather than every section.
 */
export async function rollupReviewsKept(workbook: Workbook, input: ReviewsInput, files: RollupFiles = {}, keeper: KeeperName = 'whole'): Promise<ReviewsRollup<Omit<Rollup, 'teams'> & { teams: KeptSection[] }>> {
  const { rollup, problems, unread, listed } = await rolledUp(workbook, input, files, keeper, false);
  return { rollup, problems, unread, listed };
}

/**
 * What this thread reads of the sections computed, read as each comes in (it waits for the
 * workers otherwise) rather than all after them: their parts, for the organisation's summary when
 * it is wanted, and (`sections`) the sections themselves. By the section as kept.
 */
interface ReadEarly {
  sections: Map<KeptSection, TeamRollup>;
  parts: Map<KeptSection, SummaryPart>;
}

async function rolledUp(
  workbook: Workbook,
  input: ReviewsInput,
  files: RollupFiles,
  keeper: KeeperName,
  sections: boolean,
): Promise<ReviewsRollup<Omit<Rollup, 'teams'> & { teams: KeptSection[] }> & { early: ReadEarly }> {
  const pool = teamWorkers({ config: workbook.config, input, keeper });
  const early: ReadEarly = { sections: new Map(), parts: new Map() };
  const parts = files.organisation !== false;
  const readEarly = (computed: KeptSection, kept: KeptSection) => {
    if (sections) early.sections.set(kept, sectionOf(computed));
    if (parts) early.parts.set(kept, partOf(computed));
  };
  try {
    const { rollup, sections: kept, organisation, save, ...read } = await teamByTeam(workbook, input, keeper, files, pool, readEarly);
    const finished = rollup.finishKept(kept, sectionKeeper(keeper, input.today, workbook.config), (section) => early.parts.get(section) ?? partOf(section), organisation);
    save(files.organisation === false ? undefined : finished.organisation);
    return { rollup: finished, ...read, early };
  } finally {
    await pool.close();
  }
}

async function teamByTeam(
  workbook: Workbook,
  input: ReviewsInput,
  keeper: KeeperName,
  { scope = () => true, read = () => true, within, onProgress, cache: cacheFolder }: RollupFiles,
  pool: WorkerPool,
  /** Told of each section computed here or by a worker, as it was computed and as it is kept. */
  onComputed: (computed: KeptSection, kept: KeptSection) => void,
): Promise<Omit<ReviewsRollup, 'rollup'> & { rollup: TeamByTeam; sections: KeptSection[]; organisation?: Summary; save: (organisation: Summary | undefined) => void }> {
  const { config } = workbook;
  const notReviews: NotAReview[] = [];
  const ownNotReview = (found: NotAReview) => {
    const ours = (input.team === undefined || found.team === input.team) && (found.ritual === undefined || Object.hasOwn(config.rituals, found.ritual));
    if (ours) notReviews.push(found);
  };
  const listed: ReviewLocation[] = [];
  const question = { root: workbook.root, keeper, input, config };
  // Workers start while the files are listed, once there are enough to need them, unless a cache
  // of this rollup was kept: its teams need none (starting two cost a warm report of 50,000 files
  // about a tenth of its time); a rollup that finds many teams changed starts them once it knows.
  let cacheKept: boolean | undefined;
  const expectWorkers = (files: number) => {
    if (files < WORKERS_FROM) return;
    cacheKept ??= rollupCacheKept(cacheFolder, question);
    if (!cacheKept) pool.expect(files);
  };
  const locations = await listReviews(workbook, {
    filter: (location) => scope(location) && listed.push(location) > 0 && read(location),
    onNotAReview: ownNotReview,
    onListed: expectWorkers,
    ...(within ? { within } : {}),
  });
  // Grouped when first asked (an empty section of a team without files, or a workbook rolled up
  // whole): a rollup whose every team comes from the cache or a worker never asks.
  let held: ReturnType<typeof heldPeriods> | undefined;
  let heldDays: HeldDays | undefined;
  let earlier: EarlierReview | undefined;
  const rollup = rollupByTeam({
    ...input,
    config,
    held: (team, ritual) => (held ??= heldPeriods(listed, config))(team, ritual),
    heldDays: (team, label) => (heldDays ??= heldDaysFrom(listed, config))(team, label),
    earlier: (team, review) => (earlier ??= earlierReviewsFrom(listed, config))(team, review),
  });
  const listedBy = groupBy(listed, (location) => location.team ?? '');
  const teams = [...groupBy(locations, (location) => location.team ?? '').values()].map((files) => ({
    team: files[0]!.team,
    read: files,
    listed: listedBy.get(files[0]!.team ?? '') ?? [],
  }));
  const progress = progressEvery(500, locations.length, onProgress);
  // A workbook without reviews has nothing to cache (and opens no cache, which costs a few milliseconds).
  const cache = openRollupCache(teams.length > 0 ? cacheFolder : undefined, question);
  // Each team's outcome, in team order: from the cache, from a worker, or computed here.
  let changed = false;
  const outcomes = teams.map((team): TeamOutcome | undefined => {
    const hit = cache.lookup(team.team, team.listed);
    changed ||= hit === undefined || hit.verified;
    if (!hit) return undefined;
    progress(team.read.length);
    return { kept: hit.kept as KeptSection, stray: false, problems: hit.problems, unread: hit.unread, files: hit.files, count: team.read.length };
  });
  const stale = teams.flatMap((team, index) => (outcomes[index] === undefined ? [index] : []));
  // A section computed goes into the cache being written, not into memory (read back when used).
  const spilled = (outcome: TeamOutcome): TeamOutcome => (outcome.kept ? { ...outcome, kept: cache.spill(outcome.kept) } : outcome);
  let stray = false;
  const section = teamSectionMaker(config, input, keeper);
  let done = 0;
  const jobs = stale.map((index) => teams[index]!);
  for await (const reply of runTeamJobs(pool, jobs, (job) => section(job.team, job.read, job.listed))) {
    const outcome = spilled(reply);
    if (reply.kept && outcome.kept) onComputed(reply.kept, outcome.kept);
    outcomes[stale[done++]!] = outcome;
    progress(reply.count);
    stray = reply.stray;
    if (stray) break;
  }
  const skipped = (): ReadOutcome => ({ problems: notReviews.map((found) => found.problem), unread: new Set(notReviews.map((found) => found.problem.file)) });
  if (!stray) {
    const outcome = skipped();
    const sections: KeptSection[] = [];
    for (const team of outcomes) {
      outcome.problems.push(...team!.problems);
      for (const file of team!.unread) outcome.unread.add(file);
      sections.push(team!.kept!);
    }
    // The summary of the teams, when they all came from the cache with it: otherwise it is computed, and saved with them.
    // It also counts the (empty) section of a team expected with no file read, whose files' names
    // alone say when its rituals started (held.ts): it is the cached one only if those names are too.
    const read = new Set(teams.map((team) => team.team ?? ''));
    const idle = JSON.stringify([...listedBy].filter(([id]) => !read.has(id)).map(([id, files]) => [id, files.map((location) => location.display).sort()]));
    const cached = cache.organisation(teams.length) as { summary: Summary; idle: string } | undefined;
    const organisation = cached?.idle === idle ? cached.summary : undefined;
    const save = (summary: Summary | undefined) => {
      if (!changed && (organisation !== undefined || summary === undefined)) return;
      const entries = teams.map((team, index) => {
        const { kept, problems, unread, files } = outcomes[index]!;
        return { team: team.team, names: team.listed.map((location) => location.display).sort(), files, problems, unread, kept: kept as object };
      });
      cache.save(entries, summary === undefined ? undefined : { summary, idle });
    };
    return { rollup, sections, ...outcome, listed, save, ...(organisation !== undefined ? { organisation } : {}) };
  }
  // A review whose `team:` is not its folder's belongs to another team's section, which may be
  // done already: the rare workbook with one (check calls it an error) is rolled up whole.
  const whole = skipped();
  const reader = new ReadBuffer();
  const all = locations.flatMap((file) => parsedInto(whole, file, parseReviewFile(reader, file, config, { body: readsBodies(input.records), keyLines: false })) ?? []);
  return { rollup, sections: teamSections(rollup, all, input.team).map(sectionKeeper(keeper, input.today, config)), ...whole, listed, save: () => undefined };
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

export interface CheckJob {
  files: ReviewLocation[];
}

export interface CheckJobReply {
  id: number;
  problems: Problem[];
  identities: ReviewIdentity[];
}

const CHECK_WORKER = new URL('./check-worker.js', import.meta.url);
/** Files a check worker is sent at a time. */
const CHECK_BATCH = 250;

/**
 * `rhythm check` of every review file: the problems of each, and any two files claiming one
 * period. Many files are checked on worker threads, a batch at a time each (check-worker.ts).
 */
export async function checkReviews(workbook: Workbook, context: CheckContext, onProgress?: (done: number, total: number) => void): Promise<{ problems: Problem[]; files: number }> {
  const pool = new WorkerPool(CHECK_WORKER, context);
  try {
    return await checkWith(pool, workbook, context, onProgress);
  } finally {
    await pool.close();
  }
}

async function checkWith(pool: WorkerPool, workbook: Workbook, context: CheckContext, onProgress?: (done: number, total: number) => void): Promise<{ problems: Problem[]; files: number }> {
  const problems: Problem[] = [];
  const locations = await listReviews(workbook, { onNotAReview: (found) => problems.push(found.problem), onListed: (files) => pool.expect(files) });
  const identities: ReviewIdentity[] = [];
  const batches: CheckJob[] = [];
  for (let start = 0; start < locations.length; start += CHECK_BATCH) batches.push({ files: locations.slice(start, start + CHECK_BATCH) });
  const progress = progressEvery(500, locations.length, onProgress);
  const reader = new ReadBuffer();
  const here = (job: CheckJob, id: number): CheckJobReply => {
    const reply: CheckJobReply = { id, problems: [], identities: [] };
    for (const file of job.files) checkFile(file, textOrError(reader, file.path), context, reply.problems, reply.identities);
    return reply;
  };
  for await (const reply of runJobs(pool, batches, workerCount(CHECK_WORKER, locations.length, batches.length), here)) {
    problems.push(...reply.problems);
    identities.push(...reply.identities);
    progress(batches[reply.id]!.files.length);
  }
  if (locations.length % 500 !== 0) onProgress?.(locations.length, locations.length);
  problems.push(...duplicatePeriods(identities));
  return { problems, files: locations.length };
}
