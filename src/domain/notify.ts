/**
 * What `rhythm notify` announces, and when each thing is new. Pure: a rollup and ritual statuses
 * in, events out.
 *
 * Every event has an identity (the same event at any revision of the workbook, on any day) and
 * the day it became true: the day of the review that raised or resolved a flag, the day a flag's
 * open weeks reached `escalateAfterWeeks`, the day after a ritual's grace time ran out. The events
 * of a workbook at a revision, as of a day, are those whose day has come: `due <= day`. A run of
 * notify announces the difference between two such points (README, "Notify: exactly once").
 */
import { compareText } from './collections.js';
import type { Config } from './config.js';
import { addDaysTo, type Calendar, type Day } from './period.js';
import type { Rollup } from './rollup/model.js';
import { overdueFrom, type RitualStatus } from './status.js';

interface EventBase {
  /** The same event at any revision and day: `flagged:emea-cs:globex:2026-W46`. */
  id: string;
  /** The day it became true. */
  due: Day;
  team?: string;
  /** The team's name from rhythm.yaml (its id without one). */
  teamName?: string;
}

interface FlagEventBase extends EventBase {
  customer: string;
  customerName: string;
  /** The week first flagged. */
  since: string;
  reason: string;
}

/** A customer newly not receiving value. */
export interface FlaggedEvent extends FlagEventBase {
  kind: 'flagged';
}

/** A flag open for `escalateAfterWeeks` weeks of calendar time. */
export interface EscalatedEvent extends FlagEventBase {
  kind: 'escalated';
  weeks: number;
}

/** A flag resolved, and how long it took. */
export interface ResolvedEvent extends FlagEventBase {
  kind: 'resolved';
  resolvedIn: string;
  days: number;
  note?: string;
}

/** A ritual's period over and past its grace time without its review. */
export interface OverdueEvent extends EventBase {
  kind: 'overdue';
  ritual: string;
  period: string;
}

export type NotifyEvent = FlaggedEvent | EscalatedEvent | ResolvedEvent | OverdueEvent;

export interface TeamStatuses {
  team?: string;
  rituals: RitualStatus[];
}

/**
 * The events of a rollup (current state: its reviews before the period too) and of the ritual
 * statuses as of its day, due by then. Flags are the rollup's episodes; a ritual's latest overdue
 * period is the statuses'.
 */
export function notifyEvents(rollup: Rollup, statuses: readonly TeamStatuses[], config: Pick<Config, 'teams' | 'escalateAfterWeeks'> & Calendar): NotifyEvent[] {
  const names = new Map(rollup.registry.map((customer) => [customer.id, customer.name]));
  const teamName = (team: string | undefined) => (team === undefined ? {} : { team, teamName: config.teams.find((entry) => entry.id === team)?.name ?? team });
  const events: NotifyEvent[] = [];
  for (const section of rollup.teams) {
    for (const flag of section.flags) {
      const key = `${section.team ?? ''}:${flag.customer}:${flag.since}`;
      const base = { ...teamName(section.team), customer: flag.customer, customerName: names.get(flag.customer) ?? flag.customer, since: flag.since, reason: flag.reason };
      events.push({ kind: 'flagged', id: `flagged:${key}`, due: flag.sinceDay, ...base });
      if (flag.escalated) events.push({ kind: 'escalated', id: `escalated:${key}`, due: addDaysTo(flag.sinceDay, 7 * section.escalateAfterWeeks), weeks: section.escalateAfterWeeks, ...base });
      if (flag.status === 'resolved' && flag.resolvedOn !== undefined && flag.resolvedIn !== undefined) {
        events.push({
          kind: 'resolved',
          id: `resolved:${key}`,
          due: flag.resolvedOn,
          ...base,
          resolvedIn: flag.resolvedIn,
          days: flag.resolutionDays ?? flag.durationDays,
          ...(flag.note === undefined ? {} : { note: flag.note }),
        });
      }
    }
  }
  for (const { team, rituals } of statuses) {
    for (const status of rituals) {
      if (status.overdue === undefined) continue;
      events.push({ kind: 'overdue', id: `overdue:${team ?? ''}:${status.ritual}:${status.overdue}`, due: overdueFrom(status.overdue, status.cadence, config), ...teamName(team), ritual: status.ritual, period: status.overdue });
    }
  }
  return events.filter((event) => event.due <= rollup.today).sort(byDayThenId);
}

/** The events of `now` that `before` did not have: what a change to the workbook brought. */
export function newEvents(now: readonly NotifyEvent[], before: readonly NotifyEvent[]): NotifyEvent[] {
  const known = new Set(before.map((event) => event.id));
  return now.filter((event) => !known.has(event.id));
}

/** The events that became true on one of `days`: what the passing of time brought. */
export function eventsDueOn(events: readonly NotifyEvent[], days: ReadonlySet<Day>): NotifyEvent[] {
  return events.filter((event) => days.has(event.due));
}

const KIND_ORDER: Record<NotifyEvent['kind'], number> = { flagged: 0, escalated: 1, resolved: 2, overdue: 3 };

function byDayThenId(a: NotifyEvent, b: NotifyEvent): number {
  return compareText(a.due, b.due) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.id, b.id);
}
