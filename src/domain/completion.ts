import type { Config } from './config.js';
import type { Customer } from './registry.js';
import { formatPeriod, periodOf, shiftPeriod, type Cadence, type Calendar, type Day } from './period.js';

/**
 * What a shell completes from the workbook (`rhythm __complete <kind>`, which the scripts of
 * `rhythm completion` call back into): ids from rhythm.yaml and customers.yaml, and the labels of
 * recent periods as the workbook's calendar writes them. Nothing here reads a review.
 */
export const COMPLETION_KINDS = ['customers', 'teams', 'rituals', 'weeks', 'months', 'quarters', 'years', 'periods'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

/** How many periods back a label is offered, the current one included: what a catch-up or a report usually asks for. */
export const RECENT_PERIODS: Record<Cadence, number> = { week: 8, month: 6, quarter: 4, year: 2 };

const CADENCE_OF: Partial<Record<CompletionKind, Cadence>> = { weeks: 'week', months: 'month', quarters: 'quarter', years: 'year' };

export function isCompletionKind(kind: string): kind is CompletionKind {
  return (COMPLETION_KINDS as readonly string[]).includes(kind);
}

/** The labels of the current period of a cadence and the ones before it, newest first. */
export function recentPeriods(cadence: Cadence, today: Day, calendar: Calendar, count: number = RECENT_PERIODS[cadence]): string[] {
  const current = periodOf(cadence, today, calendar);
  return Array.from({ length: count }, (_, back) => formatPeriod(shiftPeriod(current, -back, calendar), calendar));
}

export interface CompletionSource {
  config: Pick<Config, 'fiscalYearStartMonth' | 'teams' | 'rituals'>;
  /** The registry's customers (only `customers` reads them). */
  customers: readonly Pick<Customer, 'id'>[];
  today: Day;
}

/**
 * A candidate a shell may be given: ids are slugs and labels like `FY2027-Q1`, but a file with
 * problems may still hold others, and bash's `compgen -W` expands what it is given (`$(…)` runs).
 */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The candidates of a kind, one per line for the shell. `periods` are those of the ritual named
 * (its cadence: `rhythm new monthly --period` offers months); an unknown ritual, or none, has none.
 */
export function completionCandidates(kind: CompletionKind, source: CompletionSource, ritual?: string): string[] {
  return candidatesOf(kind, source, ritual).filter((candidate) => SAFE.test(candidate));
}

function candidatesOf(kind: CompletionKind, source: CompletionSource, ritual: string | undefined): string[] {
  const { config, today } = source;
  switch (kind) {
    case 'customers':
      return source.customers.map((customer) => customer.id);
    case 'teams':
      return config.teams.map((team) => team.id);
    case 'rituals':
      return Object.keys(config.rituals);
    case 'periods': {
      const cadence = ritual !== undefined && Object.hasOwn(config.rituals, ritual) ? config.rituals[ritual]?.cadence : undefined;
      return cadence === undefined ? [] : recentPeriods(cadence, today, config);
    }
    default:
      return recentPeriods(CADENCE_OF[kind]!, today, config);
  }
}
