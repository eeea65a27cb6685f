import type { RitualConfig } from './config.js';
import { addDaysTo, formatPeriod, periodOf, rangeOf, shiftPeriod, type Cadence, type Calendar, type Day, type Period } from './period.js';

/**
 * Where a team stands with one ritual: held this period or not, overdue or not, and its streak.
 * Weeklies are due within their week; quarterly, annual and custom reviews may be held during
 * their period or within a grace time after it (a quarter is often reviewed once it is over).
 */
export interface RitualStatus {
  team?: string;
  ritual: string;
  cadence: Cadence;
  lastHeld?: string;
  /** The period under way today. */
  current: string;
  currentHeld: boolean;
  /** The latest period that is over, not held, and past its grace time. */
  overdue?: string;
  /** The next review to hold and the day it is due by. */
  next: { period: string; dueBy: Day };
  /** Consecutive periods held, ending with the current one if held, else the one before. */
  streak: number;
}

const GRACE_DAYS: Record<Cadence, number> = { week: 0, month: 7, quarter: 14, year: 30 };

export function ritualStatus(ritual: RitualConfig, held: ReadonlySet<string>, today: Day, calendar: Calendar, team?: string): RitualStatus {
  const label = (period: Period) => formatPeriod(period, calendar);
  const current = periodOf(ritual.cadence, today, calendar);
  const previous = shiftPeriod(current, -1, calendar);
  const currentHeld = held.has(label(current));
  const graceOver = addDaysTo(rangeOf(previous, calendar).end, GRACE_DAYS[ritual.cadence]) < today;
  // A review of the previous period may still be held during its grace time, before the current one.
  const previousPending = !held.has(label(previous)) && !graceOver;
  // A ritual never held is not started rather than overdue: a new workbook is not behind on day one.
  const overdue = held.size > 0 && !currentHeld && !held.has(label(previous)) && graceOver ? label(previous) : undefined;

  let streak = 0;
  for (let period = currentHeld ? current : previous; held.has(label(period)); period = shiftPeriod(period, -1, calendar)) streak++;

  const nextPeriod = previousPending && ritual.cadence !== 'week' ? previous : currentHeld ? shiftPeriod(current, 1, calendar) : current;
  const dueBy = addDaysTo(rangeOf(nextPeriod, calendar).end, GRACE_DAYS[ritual.cadence]);
  // Labels of one cadence are zero-padded, so text order is time order.
  const lastHeld = [...held].sort().at(-1);
  return {
    ...(team ? { team } : {}),
    ritual: ritual.name,
    cadence: ritual.cadence,
    ...(lastHeld ? { lastHeld } : {}),
    current: label(current),
    currentHeld,
    ...(overdue ? { overdue } : {}),
    next: { period: label(nextPeriod), dueBy },
    streak,
  };
}
