/**
 * Cadence: which periods of each ritual a team was expected to hold in the rollup period, which
 * it held, and its streak.
 */
import { compareText, defined } from '../collections.js';
import type { Config } from '../config.js';
import type { Cadence, Day, Period, PeriodInfo } from '../period.js';
import type { Review } from '../review.js';
import type { CadenceRow, Participant } from './model.js';
import { CADENCE_RANK, streakOf } from './summary.js';

/** A review with its period understood. */
export interface Entry {
  review: Review;
  info: PeriodInfo;
  label: string;
}

export interface CadenceContext {
  period: Period;
  today: Day;
  /** The periods of a cadence inside the rollup period. */
  universe: (cadence: Cadence) => PeriodInfo[];
}

export function cadenceRows(team: string | undefined, entries: readonly Entry[], config: Pick<Config, 'rituals'>, context: CadenceContext): CadenceRow[] {
  // A ritual is expected only when its periods fit inside the rollup period (no annual in a quarter).
  const fits = (cadence: Cadence) => CADENCE_RANK[cadence] <= CADENCE_RANK[context.period.kind];
  // A ritual held by some teams only (`teams:` in rhythm.yaml) is not expected of the others.
  const heldBy = (teams: string[] | undefined) => teams === undefined || team === undefined || teams.includes(team);
  const rituals = new Map<string, Cadence>();
  for (const ritual of Object.values(config.rituals)) if (fits(ritual.cadence) && heldBy(ritual.teams)) rituals.set(ritual.name, ritual.cadence);
  for (const entry of entries) if (!rituals.has(entry.review.ritual)) rituals.set(entry.review.ritual, entry.info.period.kind);
  return [...rituals]
    .sort(([a, ca], [b, cb]) => CADENCE_RANK[ca] - CADENCE_RANK[cb] || compareText(a, b))
    .map(([ritual, cadence]) =>
      cadenceRow(
        team,
        ritual,
        cadence,
        entries.filter((entry) => entry.review.ritual === ritual),
        context,
      ),
    );
}

function cadenceRow(team: string | undefined, ritual: string, cadence: Cadence, entries: readonly Entry[], context: CadenceContext): CadenceRow {
  const universe = context.universe(cadence);
  const labels = new Set(universe.map((info) => info.label));
  const heldSet = new Set(entries.map((entry) => entry.label).filter((label) => labels.has(label)));
  // A period still under way is not missing yet: it counts once it is held or once it is over.
  const expected = universe.filter((info) => info.range.end < context.today || heldSet.has(info.label)).map((info) => info.label);
  const held = universe.map((info) => info.label).filter((label) => heldSet.has(label));
  return defined<CadenceRow>({
    team,
    ritual,
    cadence,
    expected,
    held,
    missing: expected.filter((label) => !heldSet.has(label)),
    participants: participantsOf(entries.filter((entry) => heldSet.has(entry.label))),
    streak: streakOf(expected, (label) => heldSet.has(label)),
    lastHeld: held[held.length - 1],
  });
}

function participantsOf(entries: readonly Entry[]): Participant[] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const name of new Set(entry.review.participants)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .map(([name, reviews]) => ({ name, reviews }))
    .sort((a, b) => b.reviews - a.reviews || compareText(a.name, b.name));
}
