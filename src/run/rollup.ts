import { unknownTeamProblem, type RitualConfig } from '../domain/config.js';
import { parsePeriod, periodOf, rangeOf, type Cadence } from '../domain/period.js';
import type { Customer } from '../domain/registry.js';
import type { Rollup } from '../domain/rollup/model.js';
import { UsageError } from '../errors.js';
import { namedWithin, rollupReviews } from '../io/reviews.js';
import { readRegistry, type ReviewLocation, type Workbook } from '../io/workbook.js';
import { reportSkipped } from '../commands/report.js';
import { warnAbout, type RunEnv } from './env.js';

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
  const within = namedWithin(rangeOf(year, config), config);
  const { customers } = await readRegistry(workbook);
  const locations: ReviewLocation[] = [];
  const { rollup, problems, unread } = await rollupReviews(
    workbook,
    { customers, period: year, today: options.today, ...(options.team ? { team: options.team } : {}) },
    (location) => {
      if (options.team !== undefined && location.team !== options.team) return false;
      locations.push(location);
      return within(location);
    },
    (done, total) => env.output.progress(`reading reviews ${done}/${total}…`),
  );
  reportSkipped(env, { problems, unread }, options.strict);
  return { rollup, customers, locations: locations.filter((location) => !unread.has(location.display)) };
}

/**
 * The periods each team held of each ritual, from the file names: `held(team, ritual)`. Listed
 * once and grouped, since an organisation has hundreds of team and ritual pairs and tens of
 * thousands of files. A file named for another cadence (a quarter in a weekly folder) holds nothing.
 */
export function heldPeriods(locations: readonly ReviewLocation[], workbook: Workbook): (team: string | undefined, ritual: RitualConfig) => Set<string> {
  const cadences = new Map<string, Cadence | undefined>();
  const cadenceOf = (label: string) => {
    if (!cadences.has(label)) {
      let cadence: Cadence | undefined;
      try {
        cadence = parsePeriod(label, workbook.config).kind;
      } catch {
        cadence = undefined;
      }
      cadences.set(label, cadence);
    }
    return cadences.get(label);
  };
  const key = (team: string | undefined, ritual: string) => `${team ?? ''}\u0000${ritual}`;
  const labels = new Map<string, string[]>();
  for (const location of locations) {
    const at = key(location.team, location.ritual);
    const list = labels.get(at);
    if (list) list.push(location.label);
    else labels.set(at, [location.label]);
  }
  return (team, ritual) => new Set((labels.get(key(team, ritual.name)) ?? []).filter((label) => cadenceOf(label) === ritual.cadence));
}
