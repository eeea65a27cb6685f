import { unknownTeamProblem } from '../core/config.js';
import { parsePeriod, periodOf, rangeOf, type Period } from '../core/period.js';
import type { Customer } from '../core/registry.js';
import { computeRollup, type Rollup } from '../core/rollup.js';
import { UsageError } from '../errors.js';
import { loadReviews } from '../io/reviews.js';
import { readRegistry, type ReviewLocation, type Workbook } from '../io/workbook.js';
import { reportSkipped } from './report.js';
import { warnAbout, type RunEnv } from '../run-env.js';

/**
 * `status`, `actions` and `customers` look at the (fiscal) year of `today`: carry-forward brings
 * anything still open from earlier years into this year's reviews. Files of other periods are
 * not even parsed.
 */
export interface CurrentRollup {
  rollup: Rollup;
  customers: Customer[];
  /** Every review file listed (also outside the year), except those that could not be read. */
  locations: ReviewLocation[];
}

export async function currentYearRollup(env: RunEnv, workbook: Workbook, options: { team?: string; strict: boolean; today: string }): Promise<CurrentRollup> {
  const { config } = workbook;
  warnAbout(env, workbook.warnings);
  const teamProblem = options.team === undefined ? undefined : unknownTeamProblem(config, options.team);
  if (teamProblem) throw new UsageError(teamProblem);
  const year = periodOf('year', options.today, config);
  const range = rangeOf(year, config);
  const within = (location: ReviewLocation) => {
    const period = labelPeriod(location.label, workbook);
    if (!period) return true; // a misnamed file is read so its problem is reported
    const own = rangeOf(period, config);
    return own.start <= range.end && own.end >= range.start;
  };
  const locations: ReviewLocation[] = [];
  const loaded = await loadReviews(
    workbook,
    (location) => {
      if (options.team !== undefined && location.team !== options.team) return false;
      locations.push(location);
      return within(location);
    },
    (done, total) => env.output.progress(`reading reviews ${done}/${total}…`),
  );
  reportSkipped(env, loaded, options.strict);
  // A file that cannot be read does not count as a review held.
  const read = new Set(loaded.reviews.map((review) => review.file));
  const unreadable = new Set(loaded.problems.filter((problem) => problem.severity === 'error' && !read.has(problem.file)).map((problem) => problem.file));
  const { customers } = await readRegistry(workbook);
  const rollup = computeRollup({ reviews: loaded.reviews, config, customers, period: year, today: options.today, ...(options.team ? { team: options.team } : {}) });
  return { rollup, customers, locations: locations.filter((location) => !unreadable.has(location.display)) };
}

export function labelPeriod(label: string, workbook: Workbook): Period | undefined {
  try {
    return parsePeriod(label, workbook.config);
  } catch {
    return undefined;
  }
}

