/**
 * "Not receiving value", week by week: each flag becomes an episode with a start, a last week
 * seen, a resolution and whether it was escalated, so the organisation can count how fast
 * customers get back to receiving value. Durations are calendar time (days between the reviews'
 * days), so weeks without a weekly still count.
 */
import { compareText, defined } from '../collections.js';
import { daysBetween, type Day, type PeriodLookup } from '../period.js';
import type { Flag, ResolvedFlag } from '../review.js';
import type { FlagEpisode } from './model.js';

/** What a team's weekly reviews say about one week (several week-cadence rituals are merged). */
export interface WeekData {
  label: string;
  /** Position on the axis of weeks, so week 53 and New Year count right. */
  index: number;
  /** The day its review was held: the latest `date:` of the week's reviews, else the week's Monday. */
  day: Day;
  date?: Day;
  /** In the rollup period; earlier weeks are read for what is still open, not for period figures. */
  inPeriod: boolean;
  customers: string[];
  flags: Flag[];
  resolved: ResolvedFlag[];
  /**
   * Only reviews in progress (captured between meetings): what they list counts, but a flag they
   * do not list is not resolved by its absence.
   */
  partial?: true;
}

/** An episode while it is being followed through the weeks. */
interface EpisodeDraft {
  customer: string;
  since: string;
  sinceIndex: number;
  sinceDay: Day;
  lastSeen?: WeekData;
  resolvedIn?: WeekData;
  resolution?: 'explicit' | 'implicit';
  reason: string;
  note?: string;
}

/**
 * Follow each customer's flag week by week. A flag is open from its `since` week until a weekly
 * records it under `resolved`, or until the first later weekly that no longer lists it (then it
 * was resolved that week). A customer flagged again later starts a new episode.
 */
export interface FlagTime {
  escalateAfterWeeks: number;
  periods: PeriodLookup;
  /** Open episodes last until this day. */
  today: Day;
  /** The days the team's reviews of a week outside the data were held. */
  heldDays: (label: string) => readonly Day[];
}

export function flagEpisodes(team: string | undefined, weeks: readonly WeekData[], time: FlagTime): FlagEpisode[] {
  const { periods } = time;
  const dayOf = dayOfWeek(weeks, time);
  const open = new Map<string, EpisodeDraft>();
  const closed: EpisodeDraft[] = [];
  const close = (draft: EpisodeDraft, week: WeekData, resolution: 'explicit' | 'implicit') => {
    draft.resolvedIn = week;
    draft.resolution = resolution;
    open.delete(draft.customer);
    closed.push(draft);
  };
  for (const week of weeks) {
    const resolvedNow = new Set<string>();
    for (const resolved of week.resolved) {
      resolvedNow.add(resolved.customer);
      const draft = open.get(resolved.customer) ?? resolvedBeforeSeen(resolved, week, closed, periods, dayOf);
      if (!draft) continue;
      if (resolved.reason) draft.reason = resolved.reason;
      if (resolved.note) draft.note = resolved.note;
      close(draft, week, 'explicit');
    }
    // One flag per customer a week; a flag resolved the same week does not count as still open.
    const flagged = new Map<string, Flag>();
    for (const flag of week.flags) if (!resolvedNow.has(flag.customer) && !flagged.has(flag.customer)) flagged.set(flag.customer, flag);
    if (!week.partial) for (const draft of [...open.values()]) if (!flagged.has(draft.customer)) close(draft, week, 'implicit');
    for (const [customer, flag] of flagged) {
      let draft = open.get(customer);
      if (!draft) {
        draft = newEpisode(flag, week, closed, periods, dayOf);
        open.set(customer, draft);
      }
      draft.lastSeen = week;
      if (flag.reason) draft.reason = flag.reason;
    }
  }
  return [...closed, ...open.values()]
    // An episode resolved before the period is history; one still open as of `today` is current.
    .filter((draft) => !draft.resolvedIn || draft.resolvedIn.inPeriod)
    .map((draft) => finishEpisode(draft, team, time))
    .sort((a, b) => compareText(a.customer, b.customer) || compareText(a.since, b.since));
}

/** The customers a week lists as flagged, leaving out those it records as resolved. */
export function flaggedCustomers(week: WeekData): Set<string> {
  const resolvedNow = new Set(week.resolved.map((resolved) => resolved.customer));
  return new Set(week.flags.map((flag) => flag.customer).filter((customer) => !resolvedNow.has(customer)));
}

/** The day of a week: its review's (the latest, as for a week at hand), else its Monday. */
function dayOfWeek(weeks: readonly WeekData[], time: FlagTime): (label: string) => Day {
  const days = new Map(weeks.map((week) => [week.label, week.day]));
  return (label) => days.get(label) ?? time.heldDays(label).at(-1) ?? time.periods(label)!.range.start;
}

function newEpisode(flag: Flag, week: WeekData, closed: readonly EpisodeDraft[], periods: PeriodLookup, dayOf: (label: string) => Day): EpisodeDraft {
  let since = sinceWeek(flag.since, week, periods);
  // A `since` from before an earlier resolution of this customer is a stale carry: a new episode starts now.
  const stale = closed.some((draft) => draft.customer === flag.customer && draft.resolvedIn && draft.resolvedIn.index >= since.index);
  if (stale) since = week;
  return { customer: flag.customer, since: since.label, sinceIndex: since.index, sinceDay: dayOf(since.label), reason: flag.reason };
}

/** A resolution of a flag opened before the reviews at hand (e.g. in the previous quarter). */
function resolvedBeforeSeen(resolved: ResolvedFlag, week: WeekData, closed: readonly EpisodeDraft[], periods: PeriodLookup, dayOf: (label: string) => Day): EpisodeDraft | undefined {
  const since = sinceWeek(resolved.since, week, periods);
  if (closed.some((draft) => draft.customer === resolved.customer && draft.since === since.label)) return undefined;
  return { customer: resolved.customer, since: since.label, sinceIndex: since.index, sinceDay: dayOf(since.label), reason: resolved.reason ?? '' };
}

/** The week a flag started: its `since` when that is a week no later than now, else now. */
function sinceWeek(since: string, week: WeekData, periods: PeriodLookup): { label: string; index: number } {
  const info = periods(since);
  if (info?.period.kind !== 'week' || info.weekIndex > week.index) return week;
  return { label: info.label, index: info.weekIndex };
}

function finishEpisode(draft: EpisodeDraft, team: string | undefined, time: FlagTime): FlagEpisode {
  const resolvedOn = draft.resolvedIn?.day;
  const durationDays = Math.max(0, daysBetween(draft.sinceDay, resolvedOn ?? time.today));
  return defined<FlagEpisode>({
    customer: draft.customer,
    team,
    since: draft.since,
    sinceDay: draft.sinceDay,
    lastSeen: draft.lastSeen?.label,
    durationDays,
    durationWeeks: Math.floor(durationDays / 7),
    status: draft.resolvedIn ? 'resolved' : 'open',
    resolvedIn: draft.resolvedIn?.label,
    resolvedOn,
    resolution: draft.resolution,
    resolutionDays: resolvedOn === undefined ? undefined : durationDays,
    escalated: durationDays >= time.escalateAfterWeeks * 7,
    reason: draft.reason,
    note: draft.note,
  });
}
