import { periodOf, rangeOf, type Day, type Period } from '../domain/period.js';
import type { Customer } from '../domain/registry.js';
import type { Rollup } from '../domain/rollup/model.js';
import { formatProblem, UserError } from '../errors.js';
import { namedWithin, rollupReviews, rollupReviewsKept, type ReviewsRollup } from '../io/reviews.js';
import { cacheFolder } from '../io/cache-folder.js';
import type { KeeperName, KeptSection } from '../io/section-keepers.js';
import { openWorkbook, readRegistry, type ReviewLocation, type Workbook } from '../io/workbook.js';
import { warnAbout, type RunEnv } from './env.js';
import { resolveDay, resolveTeamFilter } from './options.js';

export interface PeriodRollup {
  rollup: Rollup;
  customers: Customer[];
  /** Every review file listed (of the team, also outside the period), except those that could not be read. */
  locations: ReviewLocation[];
}

export interface PeriodRollupOptions {
  period: Period;
  /** One team (already resolved with resolveTeamFilter); undefined rolls up every team. */
  team?: string;
  /** The day the rollup is as of: reviews held after it are left out, ages and overdue count to it. */
  today: Day;
  /** Read the reviews before the period too, for what is still open and the last contacts (current state). */
  history?: boolean;
  strict: boolean;
  /** A ritual left out, files and expectations alike: the one being held, which is not written yet. */
  without?: string;
  /** False when the command shows nothing of the organisation's summary: it is then computed only if read. */
  organisation?: boolean;
}

/**
 * The rollup of a period from the workbook's review files, the one way every command gets one.
 * Only files named for a period within it are parsed; a file that cannot be read is skipped
 * with a warning (see reportSkipped).
 */
export async function rollupPeriod(env: RunEnv, workbook: Workbook, options: PeriodRollupOptions, keeper: KeeperName = 'whole'): Promise<PeriodRollup> {
  const plan = await planRollup(env, workbook, options, keeper);
  const loaded = await rollupReviews(plan.workbook, plan.input, plan.files, keeper);
  reportSkipped(env, loaded, options.strict);
  return { rollup: loaded.rollup, customers: plan.input.customers, locations: loaded.listed.filter((location) => !loaded.unread.has(location.display)) };
}

/**
 * rollupPeriod for a report written as JSON alone: each team's section is kept as its JSON and
 * the records the summary reads (io/section-keepers.ts), not whole.
 */
export async function rollupPeriodJson(env: RunEnv, workbook: Workbook, options: PeriodRollupOptions): Promise<Omit<Rollup, 'teams'> & { teams: KeptSection[] }> {
  const plan = await planRollup(env, workbook, options, 'whole');
  const loaded = await rollupReviewsKept(plan.workbook, plan.input, plan.files);
  reportSkipped(env, loaded, options.strict);
  return loaded.rollup;
}

/** What rolling up a period reads and how: the registry, the rituals, the files of its scope and those it reads. */
async function planRollup(env: RunEnv, workbook: Workbook, options: PeriodRollupOptions, keeper: KeeperName) {
  const { config } = workbook;
  const range = rangeOf(options.period, config);
  const { customers } = await readRegistry(workbook);
  const rituals = Object.fromEntries(Object.entries(config.rituals).filter(([name]) => name !== options.without));
  return {
    workbook: { ...workbook, config: { ...config, rituals } },
    // What a keeper does not keep is not computed at all: quotes and claims but for a whole
    // section, and only what status, the actions or the contacts show for the keepers of those.
    input: {
      customers,
      period: options.period,
      today: options.today,
      history: options.history ?? false,
      voice: keeper === 'whole',
      ...(keeper === 'whole' ? {} : { records: keeper }),
      ...(options.team ? { team: options.team } : {}),
    },
    files: {
      // A ritual starts at its first review among all of the team's files, not only those read.
      scope: (location: ReviewLocation) => (options.team === undefined || location.team === options.team) && location.ritual !== options.without,
      ...(options.team ? { within: { team: options.team } } : {}),
      read: namedWithin(options.history ? { start: '0000-01-01', end: range.end } : range, config),
      onProgress: (done: number, total: number) => env.output.progress(`reading reviews ${done}/${total}…`),
      cache: cacheFolder(env.context.env),
      organisation: options.organisation ?? true,
    },
  };
}

export interface CurrentRollup extends PeriodRollup {
  workbook: Workbook;
  /** The day looked at: `--date`, or today. */
  today: Day;
}

/**
 * `status`, `actions` and `customers` look at the (fiscal) year of the day (`--date`, or today)
 * for its figures, and at every review before it for what is open as of the day and for last
 * contacts: current state has no year boundary.
 */
export async function currentRollup(env: RunEnv, options: { date?: string; team?: string; strict: boolean; organisation?: boolean }, keeper: KeeperName = 'status'): Promise<CurrentRollup> {
  const today = resolveDay(options.date, env.today);
  const workbook = await openWorkbook(env.cwd);
  warnAbout(env, workbook.warnings);
  const team = resolveTeamFilter(workbook.config, options.team);
  const period = periodOf('year', today, workbook.config);
  const rolled = await rollupPeriod(env, workbook, { period, today, history: true, strict: options.strict, organisation: options.organisation ?? true, ...(team ? { team } : {}) }, keeper);
  return { ...rolled, workbook, today };
}

/**
 * One broken file never sinks a report: a file that cannot be read is skipped with a one-line
 * warning; a file read despite an error (say, a bad date) is used and its problem shown.
 * With --strict, either fails the command.
 */
function reportSkipped(env: RunEnv, loaded: Pick<ReviewsRollup, 'problems' | 'unread'>, strict: boolean): void {
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (errors.length === 0) return;
  if (strict) {
    const files = new Set(errors.map((problem) => problem.file)).size;
    throw new UserError(`${errors.map((problem) => formatProblem(problem)).join('\n')}\n${files} review file${files === 1 ? ' has' : 's have'} problems: fix them (rhythm check) or drop --strict`);
  }
  // One line for each file skipped, its first problem: check lists them all.
  const skippedFiles = new Set<string>();
  warnAbout(env, errors.filter((problem) => loaded.unread.has(problem.file) && !skippedFiles.has(problem.file) && Boolean(skippedFiles.add(problem.file))), 'skipped: ');
  warnAbout(env, errors.filter((problem) => !loaded.unread.has(problem.file)));
  const skipped = loaded.unread.size;
  if (skipped > 0) env.output.warn(`${skipped} review file${skipped === 1 ? '' : 's'} skipped (run rhythm check for details)`);
}
