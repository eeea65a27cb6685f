/**
 * Cadence: which periods of each ritual a team was expected to hold in the rollup period, which
 * it held, and its streak. A team's ritual is expected from its start to its end (DESIGN §4b).
 */
import { compareText, defined } from '../collections.js';
import type { Config, RitualConfig, Span, Team } from '../config.js';
import type { Cadence, Day, Period, PeriodInfo, PeriodLookup } from '../period.js';
import { inSpan, ritualSpan } from '../span.js';
import type { Entry } from './entries.js';
import type { CadenceRow, Participant } from './model.js';
import { CADENCE_RANK, streakOf } from './summary.js';

/** The periods a team held of a ritual in the whole workbook, whenever written, by file name. */
export type HeldPeriods = (team: string | undefined, ritual: Pick<RitualConfig, 'name' | 'cadence'>) => ReadonlySet<string>;

export interface CadenceContext {
  period: Period;
  today: Day;
  periods: PeriodLookup;
  /** The periods of a cadence inside the rollup period. */
  universe: (cadence: Cadence) => PeriodInfo[];
  /** Where each ritual started; without it only configured starts are known (see RollupInput). */
  held?: HeldPeriods;
}

/**
 * `entries` are the reviews of the rollup period; `earlier`, those before it that the rollup reads
 * (for the periods still in progress). A review in progress is not held: its period is still due.
 */
export function cadenceRows(team: string | undefined, entries: readonly Entry[], config: Pick<Config, 'rituals' | 'teams'>, context: CadenceContext, earlier: readonly Entry[] = []): CadenceRow[] {
  // A ritual is expected only when its periods fit inside the rollup period (no annual in a quarter).
  const fits = (cadence: Cadence) => CADENCE_RANK[cadence] <= CADENCE_RANK[context.period.kind];
  // A ritual held by some teams only (`teams:` in rhythm.yaml) is not expected of the others.
  const heldBy = (teams: string[] | undefined) => teams === undefined || team === undefined || teams.includes(team);
  const rituals = new Map<string, Cadence>();
  for (const ritual of Object.values(config.rituals)) if (fits(ritual.cadence) && heldBy(ritual.teams)) rituals.set(ritual.name, ritual.cadence);
  for (const entry of entries) if (!rituals.has(entry.review.ritual)) rituals.set(entry.review.ritual, entry.info.period.kind);
  const teamConfig: Team | undefined = config.teams.find((candidate) => candidate.id === team);
  return [...rituals]
    .sort(([a, ca], [b, cb]) => CADENCE_RANK[ca] - CADENCE_RANK[cb] || compareText(a, b))
    .flatMap(([ritual, cadence]) => {
      const own = entries.filter((entry) => entry.review.ritual === ritual);
      const span = ritualSpan(teamConfig, config.rituals[ritual], context.held?.(team, { name: ritual, cadence }), context.periods);
      // A ritual that does not run in the period (not started, started after it, ended before it)
      // has no row, unless it was held in it all the same.
      // (Not started at all: no period is in its span, so its periods need not be worked out.)
      if (own.length === 0 && (span === undefined || !context.universe(cadence).some((info) => inSpan(span, info.range)))) return [];
      const inProgress = [...earlier, ...own].filter((entry) => entry.review.ritual === ritual && entry.review.inProgress).map((entry) => entry.label);
      const skipped = own.filter((entry) => entry.review.skipped).map((entry) => entry.label);
      return [cadenceRow(team, ritual, cadence, own.filter((entry) => !entry.review.inProgress && !entry.review.skipped), span, context, inProgress, skipped)];
    });
}

function cadenceRow(
  team: string | undefined,
  ritual: string,
  cadence: Cadence,
  entries: readonly Entry[],
  span: Span | undefined,
  context: CadenceContext,
  inProgress: string[],
  skippedLabels: string[],
): CadenceRow {
  const universe = context.universe(cadence);
  const labels = new Set(universe.map((info) => info.label));
  const heldSet = new Set(entries.map((entry) => entry.label).filter((label) => labels.has(label)));
  // A period the team said it skips is not expected, unless it was held after all.
  const skipped = universe.map((info) => info.label).filter((label) => skippedLabels.includes(label) && !heldSet.has(label));
  // Nothing before the start or after the end is expected; a period still under way is not
  // missing yet: it counts once it is held or once it is over.
  const expected = universe
    .filter((info) => inSpan(span, info.range) && (info.range.end < context.today || heldSet.has(info.label)) && !skipped.includes(info.label))
    .map((info) => info.label);
  const held = universe.map((info) => info.label).filter((label) => heldSet.has(label));
  return defined<CadenceRow>({
    team,
    ritual,
    cadence,
    start: span?.start,
    until: span?.until,
    expected,
    held,
    inProgress: inProgress.length > 0 ? [...new Set(inProgress)] : undefined,
    skipped: skipped.length > 0 ? skipped : undefined,
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
