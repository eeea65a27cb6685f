/**
 * Summaries of a rollup, computed from team records alone. That is what makes rollups compose:
 * after a merge the organisation figures are recomputed from the union of the records, so
 * medians, streaks and distinct-week counts are exact rather than averages of averages.
 */
import { compareText, defined, extentOf, groupBy, withLazyField } from '../collections.js';
import { daysBetween, periodLookup, periodOrder, type Day, type PeriodLookup, type PeriodOrder } from '../period.js';
import type { Customer } from '../registry.js';
import {
  ROLLUP_SCHEMA_VERSION,
  type ActionRecord,
  type ActionSummary,
  type CadenceRow,
  type CadenceSummary,
  type Contact,
  type CustomerActivity,
  type CustomerSummary,
  type FlagSummary,
  type OwnerActions,
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
  return assembleKept(header, teams, registry, summaryPart, organisation);
}

/**
 * A rollup whose team sections are kept as something else than the sections themselves (their
 * JSON, rendered as each was computed, io/reviews.ts): the organisation is summarised from the
 * part each keeps (summaryPart), which gives exactly the summary of the whole sections.
 */
export function assembleKept<K extends { team?: string }>(
  header: RollupHeader,
  teams: readonly K[],
  registry: readonly Customer[],
  partOf: (team: K) => SummaryPart,
  /** The summary of these very teams, known already (a cache's): not computed again. */
  organisation?: Summary,
): Omit<Rollup, 'teams'> & { teams: K[] } {
  const sortedTeams = [...teams].sort((a, b) => compareText(a.team ?? '', b.team ?? ''));
  const registryEntries = sortedRegistry(registry);
  const periods = periodLookup({ fiscalYearStartMonth: header.fiscalYearStartMonth });
  const rollup: Omit<Rollup, 'teams' | 'organisation'> & { teams: K[] } = {
    schemaVersion: ROLLUP_SCHEMA_VERSION,
    period: header.period,
    fiscalYearStartMonth: header.fiscalYearStartMonth,
    today: header.today,
    registry: registryEntries,
    teams: sortedTeams,
  };
  // Computed when first read: status and actions never read it (a tenth of a second for 1,000 teams).
  return organisation !== undefined
    ? { ...rollup, organisation }
    : withLazyField(rollup, 'organisation', () => summariseParts(sortedTeams.map(partOf), registryEntries, periods, header.period.start));
}

/**
 * What a summary reads of a team's records, reduced: the records it needs whole (cadence rows,
 * customer activity, score points: medians, streaks and distinct weeks are exact only from them),
 * and counts of the rest (quotes by voice and theme, claims, flag episodes, actions by owner).
 * Parts add up: the summary of many teams is computed from their parts (summariseParts), which is
 * what a large rollup keeps of each team, a small part of its section.
 */
export interface SummaryPart {
  members: string[];
  reviews: number;
  cadence: CadenceRow[];
  customers: CustomerActivity[];
  scores: ScorePoint[];
  voice: VoiceGroup[];
  themes: Theme[];
  value: { claims: number; withEvidence: number };
  flags: { episodes: number; open: number; escalated: number; openEscalated: number; resolutionDays: number[] };
  actions: ActionSummary;
}

/** The parts already computed, by the section they were computed for (withPart): a large rollup asks twice. */
const parts = new WeakMap<TeamRecords, SummaryPart>();

/** A section with its part remembered: summaryPart(section) then costs a lookup. The records must not change after. */
export function withPart<T extends TeamRecords>(section: T, part: SummaryPart): T {
  parts.set(section, part);
  return section;
}

export function summaryPart(records: TeamRecords): SummaryPart {
  const known = parts.get(records);
  if (known) return known;
  const open = records.flags.filter((episode) => episode.status === 'open');
  return {
    members: records.members ?? [],
    reviews: records.reviews,
    cadence: records.cadence,
    customers: records.customers,
    scores: records.scores,
    voice: voiceGroups([records.quotes]),
    themes: themesOf([records.quotes.flatMap((quote) => quote.tags.map((tag) => ({ tag, count: 1 })))]),
    value: { claims: records.claims.length, withEvidence: records.claims.filter((claim) => claim.evidence !== undefined).length },
    flags: {
      episodes: records.flags.length,
      open: open.length,
      escalated: records.flags.filter((episode) => episode.escalated).length,
      openEscalated: open.filter((episode) => episode.escalated).length,
      resolutionDays: records.flags.flatMap((episode) => (episode.resolutionDays === undefined ? [] : [episode.resolutionDays])),
    },
    actions: actionSummary(records.actions),
  };
}

/**
 * What every summary asks of the registry, worked out once per registry: a rollup of 1,000 teams
 * summarises each team against the same one. `sorted`: its ids are in compareText order already
 * (sortedRegistry), so ids taken from it in order need no sort. A registry is never changed once
 * a rollup has it.
 */
interface RegistryFacts {
  names: ReadonlyMap<string, string>;
  owned: boolean;
  sorted: boolean;
}
const registryFacts = new WeakMap<readonly Customer[], RegistryFacts>();
function facts(registry: readonly Customer[]): RegistryFacts {
  let known = registryFacts.get(registry);
  if (!known) {
    known = {
      names: new Map(registry.map((customer) => [customer.id, customer.name])),
      owned: registry.some((customer) => customer.owner !== undefined),
      sorted: registry.every((customer, index) => index === 0 || compareText(registry[index - 1]!.id, customer.id) < 0),
    };
    registryFacts.set(registry, known);
  }
  return known;
}

/** Ids taken in order from `registry` (or from a subset of it, in its order), sorted. */
function sortedIds(registry: readonly Customer[], ids: string[]): string[] {
  return facts(registry).sorted ? ids : ids.sort(compareText);
}

/**
 * The customers these teams answer for: those whose registry owner is one of their members, plus
 * those without an owner. A team is not told it never talked to another team's customers; when no
 * member owns any customer (no owners in the registry, or no members in rhythm.yaml), all count.
 */
function ownCustomers(registry: readonly Customer[], parts: readonly Pick<SummaryPart, 'members'>[]): readonly Customer[] {
  if (!facts(registry).owned) return registry;
  const members = new Set(parts.flatMap((team) => team.members));
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
  return summariseParts(records.map(summaryPart), registry, periods, periodStart);
}

/** The summary of teams from their parts, in the teams' order: exactly what summarise gives from their records. */
export function summariseParts(parts: readonly SummaryPart[], registry: readonly Customer[], periods: PeriodLookup, periodStart: Day): Summary {
  const order = periodOrder(periods);
  const customers = customerSummaries(
    parts.flatMap((team) => team.customers),
    registry,
    order,
  );
  const contacted = new Set(customers.filter((customer) => customer.weeksInContact > 0).map((customer) => customer.id));
  return {
    teams: parts.length,
    reviews: parts.reduce((sum, team) => sum + team.reviews, 0),
    cadence: cadenceSummaries(
      parts.flatMap((team) => team.cadence),
      order,
    ),
    customers,
    silentCustomers: sortedIds(
      registry,
      ownCustomers(registry, parts)
        .map((customer) => customer.id)
        .filter((id) => !contacted.has(id)),
    ),
    flags: flagSummary(parts.map((team) => team.flags)),
    scores: scoreSummaries(
      parts.flatMap((team) => team.scores),
      periods,
      periodStart,
    ),
    voice: voiceGroups(parts.map((team) => team.voice)),
    themes: themesOf(parts.map((team) => team.themes)),
    value: { claims: sum(parts, (team) => team.value.claims), withEvidence: sum(parts, (team) => team.value.withEvidence) },
    actions: actionSummary(parts.map((team) => team.actions)),
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
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
      const skipped = group.reduce((sum, row) => sum + (row.skipped?.length ?? 0), 0);
      return {
        ritual: first.ritual,
        cadence: first.cadence,
        teams: group.length,
        expected: group.reduce((sum, row) => sum + row.expected.length, 0),
        held: group.reduce((sum, row) => sum + row.expected.filter((label) => row.held.includes(label)).length, 0),
        missing: group
          .flatMap((row) => row.missing.map((period) => defined({ team: row.team, period })))
          .sort((a, b) => order(a.period, b.period) || compareText(a.team ?? '', b.team ?? '')),
        ...(skipped > 0 ? { skipped } : {}),
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
  const { names } = facts(registry);
  // One pass over the activity (a year of 1,000 teams has tens of thousands of entries), each
  // customer's weeks and teams gathered in sets as they come.
  const seen = new Map<string, { contactWeeks: Set<string>; flaggedWeeks: Set<string>; teams: Set<string>; lastContact?: Contact }>();
  const later = (a: Contact, b: Contact) => order(a.period, b.period) || compareText(a.date ?? '', b.date ?? '') || compareText(a.team ?? '', b.team ?? '');
  for (const entry of activity) {
    let customer = seen.get(entry.customer);
    if (!customer) seen.set(entry.customer, (customer = { contactWeeks: new Set(), flaggedWeeks: new Set(), teams: new Set() }));
    for (const week of entry.contactWeeks) customer.contactWeeks.add(week);
    for (const week of entry.flaggedWeeks) customer.flaggedWeeks.add(week);
    if (entry.team !== undefined) customer.teams.add(entry.team);
    if (entry.lastContact) {
      const contact = defined({ ...entry.lastContact, team: entry.team });
      // The latest contact; of two alike, the one seen last.
      if (customer.lastContact === undefined || later(customer.lastContact, contact) <= 0) customer.lastContact = contact;
    }
  }
  return [...seen]
    .map(([id, customer]) =>
      defined({
        id,
        name: names.get(id) ?? id,
        known: names.has(id),
        weeksInContact: customer.contactWeeks.size,
        weeksFlagged: customer.flaggedWeeks.size,
        lastContact: customer.lastContact,
        teams: [...customer.teams].sort(compareText),
      }),
    )
    .sort((a, b) => compareText(a.id, b.id));
}

function flagSummary(parts: readonly SummaryPart['flags'][]): FlagSummary {
  const resolutionTimes = parts.flatMap((part) => part.resolutionDays);
  const episodes = sum(parts, (part) => part.episodes);
  const open = sum(parts, (part) => part.open);
  return {
    episodes,
    open,
    resolved: episodes - open,
    escalated: sum(parts, (part) => part.escalated),
    openEscalated: sum(parts, (part) => part.openEscalated),
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
      // The points of each period, the periods in order: a stable sort of the points by period
      // (teams are sorted, so equal periods keep one order before and after a merge), which
      // compares periods rather than every pair of points.
      const byPeriod = [...groupBy(group, (point) => point.period)].sort(([a], [b]) => order(a, b));
      const sorted = byPeriod.flatMap(([, same]) => same);
      const series = byPeriod.map(([period, same]) => ({
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

/**
 * Voices (a registry customer, a name we could not match, or nobody) and how often each was quoted,
 * from quotes or from voices counted already (a part's), in order: the first one seen of a voice
 * names it.
 */
function voiceGroups(lists: readonly (readonly (Pick<Quote, 'customer' | 'who'> & { quotes?: number })[])[]): VoiceGroup[] {
  const groups = new Map<string, VoiceGroup>();
  for (const list of lists) {
    for (const quote of list) {
      const key = quote.customer !== undefined ? `c:${quote.customer}` : quote.who !== undefined ? `w:${quote.who}` : '';
      const group = groups.get(key);
      if (group) group.quotes += quote.quotes ?? 1;
      else groups.set(key, defined({ customer: quote.customer, who: quote.who, quotes: quote.quotes ?? 1 }));
    }
  }
  return (
    [...groups.values()]
      // Most quoted first; registry customers before names we could not match, unattributed quotes last.
      .sort((a, b) => b.quotes - a.quotes || voiceRank(a) - voiceRank(b) || compareText(a.customer ?? a.who ?? '', b.customer ?? b.who ?? ''))
  );
}

function voiceRank(group: VoiceGroup): number {
  return group.customer !== undefined ? 0 : group.who !== undefined ? 1 : 2;
}

function themesOf(lists: readonly (readonly Theme[])[]): Theme[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const { tag, count } of list) counts.set(tag, (counts.get(tag) ?? 0) + count);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || compareText(a.tag, b.tag));
}

/** Actions counted, from the records or from counts of them (parts'). */
function actionSummary(actions: readonly ActionRecord[] | readonly ActionSummary[]): ActionSummary {
  if (actions.length > 0 && 'byOwner' in actions[0]!) return addActionSummaries(actions as readonly ActionSummary[]);
  const records = actions as readonly ActionRecord[];
  const count = (list: readonly ActionRecord[], test: (action: ActionRecord) => boolean) => list.filter(test).length;
  return {
    total: records.length,
    opened: count(records, (action) => action.opened),
    closed: count(records, (action) => action.state === 'done'),
    dropped: count(records, (action) => action.state === 'dropped'),
    open: count(records, (action) => action.state === 'open'),
    overdue: count(records, (action) => action.overdue),
    byOwner: sortedOwners(
      [...groupBy(records, (action) => action.owner ?? '')].map(([owner, list]) =>
        defined({
          owner: owner === '' ? undefined : owner,
          open: count(list, (action) => action.state === 'open'),
          overdue: count(list, (action) => action.overdue),
          closed: count(list, (action) => action.state === 'done'),
          dropped: count(list, (action) => action.state === 'dropped'),
        }),
      ),
    ),
  };
}

function addActionSummaries(parts: readonly ActionSummary[]): ActionSummary {
  const owners = new Map<string, OwnerActions>();
  for (const part of parts) {
    for (const entry of part.byOwner) {
      const key = entry.owner ?? '';
      const known = owners.get(key);
      if (known) {
        known.open += entry.open;
        known.overdue += entry.overdue;
        known.closed += entry.closed;
        known.dropped += entry.dropped;
      } else owners.set(key, { ...entry });
    }
  }
  return {
    total: sum(parts, (part) => part.total),
    opened: sum(parts, (part) => part.opened),
    closed: sum(parts, (part) => part.closed),
    dropped: sum(parts, (part) => part.dropped),
    open: sum(parts, (part) => part.open),
    overdue: sum(parts, (part) => part.overdue),
    byOwner: sortedOwners([...owners.values()]),
  };
}

/** Unowned actions last: they are the ones nobody will pick up. */
function sortedOwners(owners: OwnerActions[]): OwnerActions[] {
  return owners.sort((a, b) => compareText(a.owner ?? '\uffff', b.owner ?? '\uffff'));
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
