import type { Config, RitualConfig, Team } from './config.js';
import { addDaysTo, formatPeriod, periodLookup, periodOf, rangeOf, shiftPeriod, type Cadence, type Calendar, type Day, type Period, type PeriodInfo } from './period.js';
import type { Rollup } from './rollup/model.js';
import { inSpan, ritualSpan } from './span.js';

/**
 * Where a team stands with one ritual: held this period or not, overdue or not, and its streak.
 * Weeklies are due within their week; quarterly, annual and custom reviews may be held during
 * their period or within a grace time after it (a quarter is often reviewed once it is over).
 * A ritual runs from its start to its end (span.ts ritualSpan): nothing outside is due.
 */
export interface RitualStatus {
  team?: string;
  ritual: string;
  cadence: Cadence;
  /** The day it started (configured, else its first review); absent when it has not. */
  start?: Day;
  /** Its configured last day. */
  until?: Day;
  lastHeld?: string;
  /** The period under way today. */
  current: string;
  currentHeld: boolean;
  /** The latest period that is over, not held, and past its grace time. */
  overdue?: string;
  /** The next review to hold and the day it is due by; absent once the ritual has ended. */
  next?: { period: string; dueBy: Day };
  /** Consecutive periods held, ending with the current one if held, else the one before (or the last before its end). */
  streak: number;
  /** The period to hold next (or the one overdue) when its review is in progress: captured, not held yet. */
  inProgress?: string;
  /** The current period, when it is marked skipped on purpose. */
  skipped?: string;
}

/** Periods of a team's ritual with a given mark, by team and ritual. */
export type MarkedPeriods = (team: string | undefined, ritual: Pick<RitualConfig, 'name'>) => ReadonlySet<string>;

/**
 * The periods a rollup's cadence rows mark: in progress (captured between meetings, not held; in
 * its period and, with history, before it), and skipped on purpose (in its period).
 */
export function markedPeriods(rollup: Pick<Rollup, 'teams'>): { inProgress: MarkedPeriods; skipped: MarkedPeriods } {
  const of = (mark: 'inProgress' | 'skipped'): MarkedPeriods => {
    const byKey = new Map<string, Set<string>>();
    for (const team of rollup.teams)
      for (const row of team.cadence) {
        const labels = row[mark];
        if (labels) byKey.set(`${team.team ?? ''}\u0000${row.ritual}`, new Set(labels));
      }
    const none: ReadonlySet<string> = new Set();
    return (team, ritual) => byKey.get(`${team ?? ''}\u0000${ritual.name}`) ?? none;
  };
  return { inProgress: of('inProgress'), skipped: of('skipped') };
}

const GRACE_DAYS: Record<Cadence, number> = { week: 0, month: 7, quarter: 14, year: 30 };

/**
 * `held`: every period of the ritual the team held, whenever (its first is where the ritual
 * started), skipped ones included: a period skipped on purpose is dealt with, never overdue; it is
 * not held either, so it is not the last held, and the streak runs through it without counting it.
 */
export function ritualStatus(
  ritual: RitualConfig,
  held: ReadonlySet<string>,
  today: Day,
  config: Calendar & { teams?: readonly Team[] },
  team?: string,
  inProgress: ReadonlySet<string> = new Set(),
  skipped: ReadonlySet<string> = new Set(),
): RitualStatus {
  const calendar: Calendar = { fiscalYearStartMonth: config.fiscalYearStartMonth };
  // By label, through the calendar's cached lookups: a status of 1,000 teams asks about the same periods 1,000 times.
  const periods = periodLookup(calendar);
  const span = ritualSpan(teamOf(config.teams, team), ritual, held, periods);
  const { current, previous, following } = periodsAround(ritual.cadence, today, calendar);
  // A ritual not started (never held, no start configured) is not overdue: a new workbook is not behind on day one.
  const previousRunning = inSpan(span, previous.range);
  const currentDealtWith = held.has(current.label);
  const currentHeld = currentDealtWith && !skipped.has(current.label);
  const graceOver = dueBy(previous) < today;
  // A review of the previous period may still be held during its grace time, before the current one.
  const previousPending = previousRunning && !held.has(previous.label) && !graceOver;
  const overdue = previousRunning && !currentDealtWith && !held.has(previous.label) && graceOver ? previous.label : undefined;

  let streakEnd = currentDealtWith ? current : previous;
  if (span?.until !== undefined && streakEnd.range.start > span.until) streakEnd = infoOf(periodOf(ritual.cadence, span.until, calendar), calendar);
  let streak = 0;
  for (let at = streakEnd.label; inSpan(span, periods(at)!.range) && held.has(at); at = labelBefore(at, calendar)) if (!skipped.has(at)) streak++;

  let next = previousPending && ritual.cadence !== 'week' ? previous : currentDealtWith ? following : current;
  // Before its start, the first period is next; after its end, nothing is.
  if (span?.start !== undefined && next.range.end < span.start) next = infoOf(periodOf(ritual.cadence, span.start, calendar), calendar);
  const ended = span?.until !== undefined && next.range.start > span.until;
  const lastHeld = latestLabel(held, skipped, current.label);
  const captured = [overdue, ended ? undefined : next.label].find((period) => period !== undefined && inProgress.has(period));
  return {
    ...(team ? { team } : {}),
    ritual: ritual.name,
    cadence: ritual.cadence,
    ...(span?.start ? { start: span.start } : {}),
    ...(span?.until ? { until: span.until } : {}),
    ...(lastHeld ? { lastHeld } : {}),
    current: current.label,
    currentHeld,
    ...(overdue ? { overdue } : {}),
    ...(ended ? {} : { next: { period: next.label, dueBy: dueBy(next) } }),
    streak,
    ...(captured ? { inProgress: captured } : {}),
    ...(currentDealtWith && !currentHeld ? { skipped: current.label } : {}),
  };
}

/**
 * The latest label held and not skipped, up to the current period's: a file named for a later
 * period (written ahead, or looked at from an earlier day with --date) is not held as of today.
 * Labels of one cadence are zero-padded, so text order is time order.
 */
function latestLabel(held: ReadonlySet<string>, skipped: ReadonlySet<string>, current: string): string | undefined {
  let latest: string | undefined;
  for (const label of held) if (!skipped.has(label) && label <= current && (latest === undefined || label > latest)) latest = label;
  return latest;
}

const teamsById = new WeakMap<readonly Team[], Map<string, Team>>();
/** A configured team by id, through an index of the list: a status asks for each of its teams once a ritual. */
function teamOf(teams: readonly Team[] | undefined, id: string | undefined): Team | undefined {
  if (teams === undefined || id === undefined) return undefined;
  let index = teamsById.get(teams);
  if (index === undefined) {
    index = new Map();
    // The first of two teams with one id, as a search of the list finds it.
    for (const team of teams) if (!index.has(team.id)) index.set(team.id, team);
    teamsById.set(teams, index);
  }
  return index.get(id);
}

interface PeriodsAround {
  current: PeriodInfo;
  previous: PeriodInfo;
  following: PeriodInfo;
}

const around = new Map<string, PeriodsAround>();
/** The period of a cadence under way on a day, and those either side of it, remembered. */
function periodsAround(cadence: Cadence, today: Day, calendar: Calendar): PeriodsAround {
  const key = `${calendar.fiscalYearStartMonth}\u0000${cadence}\u0000${today}`;
  let found = around.get(key);
  if (found === undefined) {
    const current = periodOf(cadence, today, calendar);
    found = { current: infoOf(current, calendar), previous: infoOf(shiftPeriod(current, -1, calendar), calendar), following: infoOf(shiftPeriod(current, 1, calendar), calendar) };
    if (around.size >= 1_000) around.clear();
    around.set(key, found);
  }
  return found;
}

/** A period's facts, through the calendar's cached lookup (by label). */
function infoOf(period: Period, calendar: Calendar): PeriodInfo {
  return periodLookup(calendar)(formatPeriod(period, calendar))!;
}

const due = new Map<PeriodInfo, Day>();
/** The last day a period's review is on time: its end, and its cadence's grace time after it; remembered, like the periods. */
function dueBy(period: PeriodInfo): Day {
  let day = due.get(period);
  if (day === undefined) {
    day = addDaysTo(period.range.end, GRACE_DAYS[period.period.kind]);
    if (due.size >= 10_000) due.clear();
    due.set(period, day);
  }
  return day;
}

const before = new Map<string, string>();
/** The label of the period before a period's (by label), remembered. */
function labelBefore(label: string, calendar: Calendar): string {
  const key = `${calendar.fiscalYearStartMonth}\u0000${label}`;
  let earlier = before.get(key);
  if (earlier === undefined) {
    earlier = formatPeriod(shiftPeriod(periodLookup(calendar)(label)!.period, -1, calendar), calendar);
    if (before.size >= 10_000) before.clear();
    before.set(key, earlier);
  }
  return earlier;
}

/**
 * The status of each ritual a team holds as of `today`: every configured ritual, but one held by
 * some teams only (`teams:` in rhythm.yaml) not for the others, unless they held it all the same.
 */
export function teamRitualStatuses(
  config: Config,
  today: Day,
  team: string | undefined,
  held: (team: string | undefined, ritual: RitualConfig) => ReadonlySet<string>,
  marked?: { inProgress: MarkedPeriods; skipped: MarkedPeriods },
): RitualStatus[] {
  return Object.values(config.rituals)
    .map((ritual) => {
      // Files are named for their period whether held or in progress: one in progress is not held.
      const captured = marked?.inProgress(team, ritual) ?? new Set<string>();
      const named = held(team, ritual);
      return { ritual, named, captured, held: captured.size === 0 ? named : new Set([...named].filter((label) => !captured.has(label))) };
    })
    .filter(({ ritual, named }) => ritual.teams === undefined || team === undefined || ritual.teams.includes(team) || named.size > 0)
    .map(({ ritual, held, captured }) => ritualStatus(ritual, held, today, config, team, captured, marked?.skipped(team, ritual)));
}

/** The teams a workbook's status is about: the one asked for, else every configured team, else the workbook's single one. */
export function statusTeams(config: Pick<Config, 'teams'>, team?: string): (string | undefined)[] {
  return team ? [team] : config.teams.length > 0 ? config.teams.map((entry) => entry.id) : [undefined];
}

/** The day a ritual's period counts as overdue: the day after its grace time. */
export function overdueFrom(period: string, cadence: Cadence, calendar: Calendar): Day {
  return addDaysTo(rangeOf(periodLookup(calendar)(period)!.period, calendar).end, GRACE_DAYS[cadence] + 1);
}
