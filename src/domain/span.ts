/**
 * When a team's ritual runs (DESIGN §4b): from its configured start, else its first review, until
 * an optional end. Cadence rows (rollup/cadence.ts) and ritual status (status.ts) both ask.
 */
import type { Span } from './config.js';
import type { Day, DayRange, PeriodLookup } from './period.js';

/**
 * When a team's ritual runs: from the later of the team's and the ritual's configured starts,
 * else from the first day of the first period it held; until the earlier configured end.
 * Undefined when it has not started: nothing configured and nothing held. Without `held` (the
 * workbook's files unknown), only a configured start limits it.
 */
export function ritualSpan(
  team: Span | undefined,
  ritual: Span | undefined,
  held: ReadonlySet<string> | undefined,
  periods: PeriodLookup,
): Span | undefined {
  const configured = latest(team?.start, ritual?.start);
  const firstHeld = held && [...held].map((label) => periods(label)?.range.start).reduce<Day | undefined>(earliest, undefined);
  const start = configured ?? firstHeld;
  if (start === undefined && held !== undefined) return undefined;
  const until = earliest(team?.until, ritual?.until);
  return { ...(start !== undefined ? { start } : {}), ...(until !== undefined ? { until } : {}) };
}

/** A period is in a span when it holds a day of it: the period of the start day counts, and that of the last. */
export function inSpan(span: Span | undefined, range: DayRange): boolean {
  return span !== undefined && (span.start === undefined || range.end >= span.start) && (span.until === undefined || range.start <= span.until);
}

function latest(a: Day | undefined, b: Day | undefined): Day | undefined {
  return a === undefined ? b : b === undefined || a > b ? a : b;
}

function earliest(a: Day | undefined, b: Day | undefined): Day | undefined {
  return a === undefined ? b : b === undefined || a < b ? a : b;
}
