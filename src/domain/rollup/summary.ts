/**
 * Summaries of a rollup, computed from team records alone. That is what makes rollups compose:
 * after a merge the organisation figures are recomputed from the union of the records, so
 * medians, streaks and distinct-week counts are exact rather than averages of averages.
 */
import { compareText, defined, extentOf, groupBy } from '../collections.js';
import { daysBetween, periodLookup, periodOrder, type Day, type PeriodLookup, type PeriodOrder } from '../period.js';
import type { Customer } from '../registry.js';
import {
  ROLLUP_SCHEMA_VERSION,
  type ActionRecord,
  type ActionSummary,
  type CadenceRow,
  type CadenceSummary,
  type CustomerActivity,
  type CustomerSummary,
  type FlagEpisode,
  type FlagSummary,
  type Quote,
  type Rollup,
  type RollupHeader,
  type ScorePoint,
  type ScoreStats,
  type ScoreSummary,
  type Summary,
  type TeamRecords,
  type TeamRollup,
  type Theme,
  type VoiceGroup,
} from './model.js';

/** A change of half a point over the period (on a 1–5 scale) is a trend; less is noise. */
const TREND_THRESHOLD = 0.5;

/** The one place a rollup is put together, shared by compute and merge so both agree exactly. */
export function assembleRollup(header: RollupHeader, teams: readonly TeamRollup[], registry: readonly Customer[], organisation?: Summary): Rollup {
  return assembleKept(header, teams, registry, (team) => team, organisation);
}

/**
 * A rollup whose team sections are kept as something else than the sections themselves (their
 * JSON, rendered as each was computed, io/reviews.ts): the organisation is summarised from the
 * records each keeps (leanRecords), which give exactly the summary of the whole sections.
 */
export function assembleKept<K extends { team?: string }>(
  header: RollupHeader,
  teams: readonly K[],
  registry: readonly Customer[],
  recordsOf: (team: K) => TeamRecords,
  /** The summary of these very teams, known already (a cache's): not computed again. */
  organisation?: Summary,
): Omit<Rollup, 'teams'> & { teams: K[] } {
  const sortedTeams = [...teams].sort((a, b) => compareText(a.team ?? '', b.team ?? ''));
  const registryEntries = sortedRegistry(registry);
  const periods = periodLookup({ fiscalYearStartMonth: header.fiscalYearStartMonth });
  return {
    schemaVersion: ROLLUP_SCHEMA_VERSION,
    period: header.period,
    fiscalYearStartMonth: header.fiscalYearStartMonth,
    today: header.today,
    registry: registryEntries,
    teams: sortedTeams,
    organisation: organisation ?? summarise(sortedTeams.map(recordsOf), registryEntries, periods, header.period.start),
  };
}

/**
 * What a summary reads of a team's records, without the prose it does not read (the words of
 * quotes, claims, actions and flags): kept for every team of a large rollup, it is a small part
 * of the section. summarise(leanRecords(section)) equals summarise(section).
 */
export function leanRecords(section: TeamRecords): TeamRecords {
  return {
    members: section.members,
    reviews: section.reviews,
    cadence: section.cadence,
    customers: section.customers,
    flags: section.flags.map((flag) => ({ ...flag, reason: '', note: undefined })),
    scores: section.scores,
    quotes: section.quotes.map((quote) => ({ period: quote.period, customer: quote.customer, who: quote.who, text: '', tags: quote.tags })),
    claims: section.claims.map((claim) => ({ period: claim.period, text: '', evidence: claim.evidence === undefined ? undefined : '' })),
    actions: section.actions.map((action) => ({ ...action, title: '', file: '', tags: [] })),
  };
}

/**
 * The customers these teams answer for: those whose registry owner is one of their members, plus
 * those without an owner. A team is not told it never talked to another team's customers; when no
 * member owns any customer (no owners in the registry, or no members in rhythm.yaml), all count.
 */
function ownCustomers(registry: readonly Customer[], records: readonly TeamRecords[]): readonly Customer[] {
  const members = new Set(records.flatMap((team) => team.members ?? []));
  if (!registry.some((customer) => customer.owner !== undefined && members.has(customer.owner))) return registry;
  return registry.filter((customer) => customer.owner === undefined || members.has(customer.owner));
}

/** The registry as a rollup keeps it: known fields only, sorted by id. */
export function sortedRegistry(customers: readonly Customer[]): Customer[] {
  return customers
    .map((customer) => defined({ id: customer.id, name: customer.name, segment: customer.segment, owner: customer.owner }))
    .sort((a, b) => compareText(a.id, b.id));
}

export function summarise(records: readonly TeamRecords[], registry: readonly Customer[], periods: PeriodLookup, periodStart: Day): Summary {
  const order = periodOrder(periods);
  const customers = customerSummaries(
    records.flatMap((team) => team.customers),
    registry,
    order,
  );
  const contacted = new Set(customers.filter((customer) => customer.weeksInContact > 0).map((customer) => customer.id));
  const quotes = records.flatMap((team) => team.quotes);
  const claims = records.flatMap((team) => team.claims);
  return {
    teams: records.length,
    reviews: records.reduce((sum, team) => sum + team.reviews, 0),
    cadence: cadenceSummaries(
      records.flatMap((team) => team.cadence),
      order,
    ),
    customers,
    silentCustomers: ownCustomers(registry, records)
      .map((customer) => customer.id)
      .filter((id) => !contacted.has(id))
      .sort(compareText),
    flags: flagSummary(records.flatMap((team) => team.flags)),
    scores: scoreSummaries(
      records.flatMap((team) => team.scores),
      periods,
      periodStart,
    ),
    voice: voiceGroups(quotes),
    themes: themesOf(quotes),
    value: { claims: claims.length, withEvidence: claims.filter((claim) => claim.evidence !== undefined).length },
    actions: actionSummary(records.flatMap((team) => team.actions)),
  };
}

// ---------------------------------------------------------------------------------------------
// Cadence and customers

export const CADENCE_RANK = { week: 0, month: 1, quarter: 2, year: 3 } as const;

function cadenceSummaries(rows: readonly CadenceRow[], order: PeriodOrder): CadenceSummary[] {
  return [...groupBy(rows, (row) => row.ritual).values()]
    .map((group) => {
      const first = group[0]!;
      const expectedLabels = [...new Set(group.flatMap((row) => row.expected))].sort(order);
      const heldByAll = (label: string) => group.every((row) => !row.expected.includes(label) || row.held.includes(label));
      return {
        ritual: first.ritual,
        cadence: first.cadence,
        teams: group.length,
        expected: group.reduce((sum, row) => sum + row.expected.length, 0),
        held: group.reduce((sum, row) => sum + row.expected.filter((label) => row.held.includes(label)).length, 0),
        missing: group
          .flatMap((row) => row.missing.map((period) => defined({ team: row.team, period })))
          .sort((a, b) => order(a.period, b.period) || compareText(a.team ?? '', b.team ?? '')),
        streak: streakOf(expectedLabels, heldByAll),
      };
    })
    .sort((a, b) => CADENCE_RANK[a.cadence] - CADENCE_RANK[b.cadence] || compareText(a.ritual, b.ritual));
}

/** Held periods counted back from the latest expected one; a gap ends the streak. */
export function streakOf(expected: readonly string[], isHeld: (label: string) => boolean): number {
  let streak = 0;
  for (let index = expected.length - 1; index >= 0 && isHeld(expected[index]!); index--) streak++;
  return streak;
}

function customerSummaries(activity: readonly CustomerActivity[], registry: readonly Customer[], order: PeriodOrder): CustomerSummary[] {
  const names = new Map(registry.map((customer) => [customer.id, customer.name]));
  return [...groupBy(activity, (entry) => entry.customer).values()]
    .map((group) => {
      const id = group[0]!.customer;
      const contacts = group.flatMap((entry) => (entry.lastContact ? [defined({ ...entry.lastContact, team: entry.team })] : []));
      const lastContact = contacts.sort(
        (a, b) => order(a.period, b.period) || compareText(a.date ?? '', b.date ?? '') || compareText(a.team ?? '', b.team ?? ''),
      )[contacts.length - 1];
      return defined({
        id,
        name: names.get(id) ?? id,
        known: names.has(id),
        weeksInContact: new Set(group.flatMap((entry) => entry.contactWeeks)).size,
        weeksFlagged: new Set(group.flatMap((entry) => entry.flaggedWeeks)).size,
        lastContact,
        teams: [...new Set(group.flatMap((entry) => (entry.team === undefined ? [] : [entry.team])))].sort(compareText),
      });
    })
    .sort((a, b) => compareText(a.id, b.id));
}

function flagSummary(episodes: readonly FlagEpisode[]): FlagSummary {
  const resolutionTimes = episodes.flatMap((episode) => (episode.resolutionDays === undefined ? [] : [episode.resolutionDays]));
  const open = episodes.filter((episode) => episode.status === 'open');
  return {
    episodes: episodes.length,
    open: open.length,
    resolved: episodes.length - open.length,
    escalated: episodes.filter((episode) => episode.escalated).length,
    openEscalated: open.filter((episode) => episode.escalated).length,
    medianResolutionDays: median(resolutionTimes),
    worstResolutionDays: resolutionTimes.length > 0 ? extentOf(resolutionTimes).max : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Scores

function scoreSummaries(points: readonly ScorePoint[], periods: PeriodLookup, periodStart: Day): ScoreSummary[] {
  const order = periodOrder(periods);
  const weekOf = (label: string) => daysBetween(periodStart, periods(label)?.anchor ?? periodStart) / 7;
  return [...groupBy(points, (point) => `${point.ritual}\u0000${point.id}`).values()]
    .map((group) => {
      // Teams are sorted and the sort is stable, so equal periods keep one order before and after a merge.
      const sorted = [...group].sort((a, b) => order(a.period, b.period));
      const series = [...groupBy(sorted, (point) => point.period)].map(([period, same]) => ({
        period,
        value: round(mean(same.map((point) => point.value)), 2),
        count: same.length,
      }));
      const months = [...groupBy(sorted, (point) => (periods(point.period)?.anchor ?? '').slice(0, 7))]
        .map(([month, same]) => ({ month, ...statsOf(same.map((point) => point.value)) }))
        .sort((a, b) => compareText(a.month, b.month));
      const xy = series.map((point) => ({ x: weekOf(point.period), y: point.value }));
      return {
        ritual: group[0]!.ritual,
        id: group[0]!.id,
        ...statsOf(sorted.map((point) => point.value)),
        months,
        series,
        ...trendOf(xy),
      };
    })
    .sort((a, b) => compareText(a.id, b.id) || compareText(a.ritual, b.ritual));
}

/** The least-squares line through one value per period; its rise over the period says the trend. */
function trendOf(points: readonly { x: number; y: number }[]): Pick<ScoreSummary, 'trend' | 'slopePerWeek'> {
  if (new Set(points.map((point) => point.x)).size < 2) return { trend: null, slopePerWeek: null };
  const mx = mean(points.map((point) => point.x));
  const my = mean(points.map((point) => point.y));
  let covariance = 0;
  let variance = 0;
  for (const { x, y } of points) {
    covariance += (x - mx) * (y - my);
    variance += (x - mx) ** 2;
  }
  const slope = covariance / variance;
  const change = slope * (points[points.length - 1]!.x - points[0]!.x);
  const trend = change >= TREND_THRESHOLD ? 'up' : change <= -TREND_THRESHOLD ? 'down' : 'flat';
  return { trend, slopePerWeek: round(slope, 3) };
}

function statsOf(values: readonly number[]): ScoreStats {
  return { count: values.length, average: round(mean(values), 2), ...extentOf(values) };
}

// ---------------------------------------------------------------------------------------------
// Voice and actions

function voiceGroups(quotes: readonly Quote[]): VoiceGroup[] {
  const groups = groupBy(quotes, (quote) => (quote.customer !== undefined ? `c:${quote.customer}` : quote.who !== undefined ? `w:${quote.who}` : ''));
  return [...groups.values()]
    .map((group) => defined({ customer: group[0]!.customer, who: group[0]!.who, quotes: group.length }))
    // Most quoted first; registry customers before names we could not match, unattributed quotes last.
    .sort((a, b) => b.quotes - a.quotes || voiceRank(a) - voiceRank(b) || compareText(a.customer ?? a.who ?? '', b.customer ?? b.who ?? ''));
}

function voiceRank(group: VoiceGroup): number {
  return group.customer !== undefined ? 0 : group.who !== undefined ? 1 : 2;
}

function themesOf(quotes: readonly Quote[]): Theme[] {
  const counts = new Map<string, number>();
  for (const quote of quotes) for (const tag of quote.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || compareText(a.tag, b.tag));
}

function actionSummary(actions: readonly ActionRecord[]): ActionSummary {
  const count = (list: readonly ActionRecord[], test: (action: ActionRecord) => boolean) => list.filter(test).length;
  return {
    total: actions.length,
    opened: count(actions, (action) => action.opened),
    closed: count(actions, (action) => action.state === 'done'),
    dropped: count(actions, (action) => action.state === 'dropped'),
    open: count(actions, (action) => action.state === 'open'),
    overdue: count(actions, (action) => action.overdue),
    byOwner: [...groupBy(actions, (action) => action.owner ?? '')]
      .map(([owner, list]) =>
        defined({
          owner: owner === '' ? undefined : owner,
          open: count(list, (action) => action.state === 'open'),
          overdue: count(list, (action) => action.overdue),
          closed: count(list, (action) => action.state === 'done'),
          dropped: count(list, (action) => action.state === 'dropped'),
        }),
      )
      // Unowned actions last: they are the ones nobody will pick up.
      .sort((a, b) => compareText(a.owner ?? '\uffff', b.owner ?? '\uffff')),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  // `+ 0` turns −0 into 0: JSON writes −0 as 0, and a rollup must survive the round trip unchanged.
  return Math.round(value * factor) / factor + 0;
}
