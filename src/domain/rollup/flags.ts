/**
 * "Not receiving value", week by week: each flag becomes an episode with a start, a last week
 * seen, a resolution and whether it was escalated, so the organisation can count how fast
 * customers get back to receiving value.
 */
import { compareText, defined } from '../collections.js';
import type { Day, PeriodLookup } from '../period.js';
import type { Flag, ResolvedFlag } from '../review.js';
import type { FlagEpisode } from './model.js';

/** What a team's weekly reviews say about one week (several week-cadence rituals are merged). */
export interface WeekData {
  label: string;
  /** Position on the axis of weeks, so week 53 and New Year count right. */
  index: number;
  date?: Day;
  customers: string[];
  flags: Flag[];
  resolved: ResolvedFlag[];
}

/** An episode while it is being followed through the weeks. */
interface EpisodeDraft {
  customer: string;
  since: string;
  sinceIndex: number;
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
export function flagEpisodes(team: string | undefined, weeks: readonly WeekData[], escalateAfterWeeks: number, periods: PeriodLookup): FlagEpisode[] {
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
      const draft = open.get(resolved.customer) ?? resolvedBeforeSeen(resolved, week, closed, periods);
      if (!draft) continue;
      if (resolved.reason) draft.reason = resolved.reason;
      if (resolved.note) draft.note = resolved.note;
      close(draft, week, 'explicit');
    }
    // One flag per customer a week; a flag resolved the same week does not count as still open.
    const flagged = new Map<string, Flag>();
    for (const flag of week.flags) if (!resolvedNow.has(flag.customer) && !flagged.has(flag.customer)) flagged.set(flag.customer, flag);
    for (const draft of [...open.values()]) if (!flagged.has(draft.customer)) close(draft, week, 'implicit');
    for (const [customer, flag] of flagged) {
      let draft = open.get(customer);
      if (!draft) {
        draft = newEpisode(flag, week, closed, periods);
        open.set(customer, draft);
      }
      draft.lastSeen = week;
      if (flag.reason) draft.reason = flag.reason;
    }
  }
  return [...closed, ...open.values()]
    .map((draft) => finishEpisode(draft, team, escalateAfterWeeks))
    .sort((a, b) => compareText(a.customer, b.customer) || compareText(a.since, b.since));
}

/** The customers a week lists as flagged, leaving out those it records as resolved. */
export function flaggedCustomers(week: WeekData): Set<string> {
  const resolvedNow = new Set(week.resolved.map((resolved) => resolved.customer));
  return new Set(week.flags.map((flag) => flag.customer).filter((customer) => !resolvedNow.has(customer)));
}

function newEpisode(flag: Flag, week: WeekData, closed: readonly EpisodeDraft[], periods: PeriodLookup): EpisodeDraft {
  let since = sinceWeek(flag.since, week, periods);
  // A `since` from before an earlier resolution of this customer is a stale carry: a new episode starts now.
  const stale = closed.some((draft) => draft.customer === flag.customer && draft.resolvedIn && draft.resolvedIn.index >= since.index);
  if (stale) since = week;
  return { customer: flag.customer, since: since.label, sinceIndex: since.index, reason: flag.reason };
}

/** A resolution of a flag opened before the reviews at hand (e.g. in the previous quarter). */
function resolvedBeforeSeen(resolved: ResolvedFlag, week: WeekData, closed: readonly EpisodeDraft[], periods: PeriodLookup): EpisodeDraft | undefined {
  const since = sinceWeek(resolved.since, week, periods);
  if (closed.some((draft) => draft.customer === resolved.customer && draft.since === since.label)) return undefined;
  return { customer: resolved.customer, since: since.label, sinceIndex: since.index, reason: resolved.reason ?? '' };
}

/** The week a flag started: its `since` when that is a week no later than now, else now. */
function sinceWeek(since: string, week: WeekData, periods: PeriodLookup): { label: string; index: number } {
  const info = periods(since);
  if (info?.period.kind !== 'week' || info.weekIndex > week.index) return week;
  return { label: info.label, index: info.weekIndex };
}

function finishEpisode(draft: EpisodeDraft, team: string | undefined, escalateAfterWeeks: number): FlagEpisode {
  const resolvedIndex = draft.resolvedIn?.index;
  // Never seen in these reviews (resolved at once): it was flagged until the week it was resolved.
  const durationWeeks = draft.lastSeen ? draft.lastSeen.index - draft.sinceIndex + 1 : (resolvedIndex ?? draft.sinceIndex) - draft.sinceIndex;
  return defined<FlagEpisode>({
    customer: draft.customer,
    team,
    since: draft.since,
    lastSeen: draft.lastSeen?.label,
    durationWeeks,
    status: draft.resolvedIn ? 'resolved' : 'open',
    resolvedIn: draft.resolvedIn?.label,
    resolution: draft.resolution,
    resolutionWeeks: resolvedIndex === undefined ? undefined : resolvedIndex - draft.sinceIndex,
    escalated: durationWeeks >= escalateAfterWeeks,
    reason: draft.reason,
    note: draft.note,
  });
}
