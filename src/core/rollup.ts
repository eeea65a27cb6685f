/**
 * The rollup of a period: what a team (or the whole organisation) did with its customers,
 * computed from parsed reviews. Pure: no files, no clock (`today` comes in), no console.
 *
 * The JSON shape is built for composition (DESIGN §4): every team section carries its own
 * records (cadence rows, customer activity, flag episodes, score points, quotes, claims,
 * actions), and every figure of a summary is computed from records alone. Merging rollups of
 * different teams therefore just unions the team sections and summarises again, which gives
 * exactly what rolling up all files at once gives: medians, streaks and distinct-week counts
 * are recomputed from records, never averaged from averages.
 */
import type { Config } from './config.js';
import { actionKey, parseListItems, splitAttribution, tagsIn, type Action } from './markdown.js';
import {
  daysBetween,
  formatPeriod,
  isDay,
  parsePeriod,
  periodsWithin,
  rangeOf,
  thursdayOf,
  type Cadence,
  type Calendar,
  type Day,
  type DayRange,
  type Period,
} from './period.js';
import type { Customer } from './registry.js';
import type { Flag, ResolvedFlag, Review } from './review.js';

export const ROLLUP_SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// The model (documented field by field in docs/rollup-json.md)

export interface Rollup {
  schemaVersion: typeof ROLLUP_SCHEMA_VERSION;
  period: RollupPeriod;
  fiscalYearStartMonth: number;
  /** The day the rollup was computed for: periods after it are not expected yet. */
  today: Day;
  /** The customer registry, so a merged rollup can still show names and find silent customers. */
  registry: Customer[];
  /** One section per team, sorted by id (a workbook without teams has one section without id). */
  teams: TeamRollup[];
  /** Figures over all team sections, recomputed from their records. */
  organisation: Summary;
}

export interface RollupPeriod {
  label: string;
  kind: Cadence;
  start: Day;
  end: Day;
}

export interface TeamRollup {
  team?: string;
  name?: string;
  escalateAfterWeeks: number;
  /** Review files of this team in the period. */
  reviews: number;
  cadence: CadenceRow[];
  customers: CustomerActivity[];
  flags: FlagEpisode[];
  scores: ScorePoint[];
  quotes: Quote[];
  claims: ValueClaim[];
  actions: ActionRecord[];
  summary: Summary;
}

/** The records of a team section: everything a summary is computed from. */
export type TeamRecords = Pick<TeamRollup, 'reviews' | 'cadence' | 'customers' | 'flags' | 'scores' | 'quotes' | 'claims' | 'actions'>;

export interface CadenceRow {
  team?: string;
  ritual: string;
  cadence: Cadence;
  /** Periods of the ritual in the rollup period that have started by `today`. */
  expected: string[];
  /** Periods of the ritual in the rollup period with a review. */
  held: string[];
  /** Expected but not held. */
  missing: string[];
  participants: Participant[];
  /** Consecutive held periods ending at the latest expected one. */
  streak: number;
  lastHeld?: string;
}

export interface Participant {
  name: string;
  reviews: number;
}

export interface CustomerActivity {
  team?: string;
  customer: string;
  /** Weeks whose weekly lists the customer under `customers`. */
  contactWeeks: string[];
  /** Weeks whose weekly lists the customer under `flags`. */
  flaggedWeeks: string[];
  lastContact?: Contact;
}

export interface Contact {
  period: string;
  date?: Day;
  team?: string;
}

export type FlagStatus = 'open' | 'resolved';

/** One stretch of "not receiving value": flagged, carried forward, resolved (or still open). */
export interface FlagEpisode {
  customer: string;
  team?: string;
  /** The week first flagged. */
  since: string;
  /** The last week a weekly listed the flag; absent when it was only seen being resolved. */
  lastSeen?: string;
  /** Weeks flagged, `since` through `lastSeen`. */
  durationWeeks: number;
  status: FlagStatus;
  /** The week the flag was resolved: recorded under `resolved`, or the first weekly no longer listing it. */
  resolvedIn?: string;
  resolution?: 'explicit' | 'implicit';
  /** Weeks from `since` to `resolvedIn`. */
  resolutionWeeks?: number;
  escalated: boolean;
  reason: string;
  note?: string;
}

export interface ScorePoint {
  team?: string;
  ritual: string;
  id: string;
  period: string;
  value: number;
}

export interface Quote {
  team?: string;
  period: string;
  /** Registry id when the quote's prefix names a registry customer. */
  customer?: string;
  /** The prefix as written, when it names no registry customer. */
  who?: string;
  text: string;
  tags: string[];
}

export interface ValueClaim {
  team?: string;
  period: string;
  customer?: string;
  who?: string;
  text: string;
  evidence?: string;
}

export interface ActionRecord {
  team?: string;
  title: string;
  state: Action['state'];
  owner?: string;
  due?: Day;
  tags: string[];
  /** The period the action was opened in: its `since`, or the first review it appears in. */
  since: string;
  /** The latest review containing the action, whose state counts. */
  lastSeen: string;
  file: string;
  /** Opened within the rollup period (not carried in from before). */
  opened: boolean;
  overdue: boolean;
  /** Open actions: days from the start of `since` to `today`. */
  ageDays?: number;
}

export interface Summary {
  teams: number;
  reviews: number;
  cadence: CadenceSummary[];
  customers: CustomerSummary[];
  /** Registry customers with no contact in the period. */
  silentCustomers: string[];
  flags: FlagSummary;
  scores: ScoreSummary[];
  voice: VoiceGroup[];
  themes: Theme[];
  value: { claims: number; withEvidence: number };
  actions: ActionSummary;
}

export interface CadenceSummary {
  ritual: string;
  cadence: Cadence;
  teams: number;
  expected: number;
  /** Expected periods that were held. */
  held: number;
  missing: { team?: string; period: string }[];
  /** Consecutive latest expected periods held by every team. */
  streak: number;
}

export interface CustomerSummary {
  id: string;
  name: string;
  /** In the registry. */
  known: boolean;
  weeksInContact: number;
  weeksFlagged: number;
  lastContact?: Contact;
  teams: string[];
}

export interface FlagSummary {
  episodes: number;
  open: number;
  resolved: number;
  escalated: number;
  openEscalated: number;
  medianResolutionWeeks: number | null;
  worstResolutionWeeks: number | null;
}

export interface ScoreStats {
  count: number;
  average: number;
  min: number;
  max: number;
}

export interface ScoreSummary extends ScoreStats {
  ritual: string;
  id: string;
  /** Calendar months (of a week's Thursday), `YYYY-MM`. */
  months: (ScoreStats & { month: string })[];
  /** One value per period (the mean when several teams scored it), in order: for sparklines. */
  series: { period: string; value: number; count: number }[];
  trend: 'up' | 'down' | 'flat' | null;
  slopePerWeek: number | null;
}

export interface VoiceGroup {
  customer?: string;
  who?: string;
  quotes: number;
}

export interface Theme {
  tag: string;
  count: number;
}

export interface ActionSummary {
  total: number;
  opened: number;
  closed: number;
  dropped: number;
  open: number;
  overdue: number;
  byOwner: OwnerActions[];
}

export interface OwnerActions {
  owner?: string;
  open: number;
  overdue: number;
  closed: number;
  dropped: number;
}

export interface RollupInput {
  /** Parsed reviews in any order; those outside the period are ignored. */
  reviews: readonly Review[];
  config: Pick<Config, 'fiscalYearStartMonth' | 'teams' | 'rituals' | 'escalateAfterWeeks'>;
  customers: readonly Customer[];
  period: Period;
  /** One team; undefined rolls up every team. */
  team?: string;
  today: Day;
}

/** A change of half a point over the period (on a 1–5 scale) is a trend; less is noise. */
const TREND_THRESHOLD = 0.5;

// ---------------------------------------------------------------------------------------------
// computeRollup

export function computeRollup(input: RollupInput): Rollup {
  const calendar: Calendar = { fiscalYearStartMonth: input.config.fiscalYearStartMonth };
  const range = rangeOf(input.period, calendar);
  const registry = sortedRegistry(input.customers);
  const context: Context = {
    calendar,
    period: input.period,
    range,
    today: input.today,
    matchCustomer: customerMatcher(registry),
  };
  const entries = entriesIn(input.reviews, context);
  const teams = teamIdsOf(input, entries).map((team) =>
    teamRollup(
      team,
      entries.filter((entry) => entry.review.team === team),
      input.config,
      context,
      registry,
    ),
  );
  return assembleRollup(
    {
      period: { label: formatPeriod(input.period, calendar), kind: input.period.kind, start: range.start, end: range.end },
      fiscalYearStartMonth: calendar.fiscalYearStartMonth,
      today: input.today,
    },
    teams,
    registry,
  );
}

export type RollupHeader = Pick<Rollup, 'period' | 'fiscalYearStartMonth' | 'today'>;

/** The one place a rollup is put together, shared by compute and merge so both agree exactly. */
export function assembleRollup(header: RollupHeader, teams: readonly TeamRollup[], registry: readonly Customer[]): Rollup {
  const sortedTeams = [...teams].sort((a, b) => compareText(a.team ?? '', b.team ?? ''));
  const registryEntries = sortedRegistry(registry);
  return {
    schemaVersion: ROLLUP_SCHEMA_VERSION,
    period: header.period,
    fiscalYearStartMonth: header.fiscalYearStartMonth,
    today: header.today,
    registry: registryEntries,
    teams: sortedTeams,
    organisation: summarise(sortedTeams, registryEntries, { fiscalYearStartMonth: header.fiscalYearStartMonth }, header.period.start),
  };
}

interface Context {
  calendar: Calendar;
  period: Period;
  range: DayRange;
  today: Day;
  matchCustomer: (who: string) => string | undefined;
}

/** A review with its period parsed once. */
interface Entry {
  review: Review;
  period: Period;
  label: string;
  range: DayRange;
}

function entriesIn(reviews: readonly Review[], context: Context): Entry[] {
  const entries: Entry[] = [];
  for (const review of reviews) {
    const period = tryParsePeriod(review.period, context.calendar);
    if (!period || !belongsTo(period, context)) continue;
    entries.push({ review, period, label: formatPeriod(period, context.calendar), range: rangeOf(period, context.calendar) });
  }
  return entries.sort(
    (a, b) =>
      compareText(a.range.start, b.range.start) ||
      compareText(a.range.end, b.range.end) ||
      compareText(a.review.ritual, b.review.ritual) ||
      compareText(a.review.file, b.review.file),
  );
}

/** A week belongs to the period holding its Thursday; longer periods must lie inside it. */
function belongsTo(period: Period, context: Context): boolean {
  if (period.kind === 'week') return inRange(context.range, thursdayOf(period, context.calendar));
  const range = rangeOf(period, context.calendar);
  return context.range.start <= range.start && range.end <= context.range.end;
}

function teamIdsOf(input: RollupInput, entries: readonly Entry[]): (string | undefined)[] {
  if (input.team !== undefined) return [input.team];
  const ids = new Set<string | undefined>(input.config.teams.map((team) => team.id));
  for (const entry of entries) ids.add(entry.review.team);
  // Without teams configured the workbook is one team: show its cadence even with no files.
  if (input.config.teams.length === 0) ids.add(undefined);
  return [...ids];
}

function teamRollup(
  team: string | undefined,
  entries: readonly Entry[],
  config: RollupInput['config'],
  context: Context,
  registry: readonly Customer[],
): TeamRollup {
  const weeks = weeksOf(entries);
  const records: TeamRecords = {
    reviews: entries.length,
    cadence: cadenceRows(team, entries, config, context),
    customers: customerActivity(team, weeks),
    flags: flagEpisodes(team, weeks, config.escalateAfterWeeks, context.calendar),
    scores: scorePoints(team, entries),
    quotes: quotesOf(team, entries, context),
    claims: claimsOf(team, entries, context),
    actions: actionRecords(team, entries, context),
  };
  const name = team === undefined ? undefined : config.teams.find((candidate) => candidate.id === team)?.name;
  return defined({
    team,
    name,
    escalateAfterWeeks: config.escalateAfterWeeks,
    ...records,
    summary: summarise([records], registry, context.calendar, context.range.start),
  });
}

// ---------------------------------------------------------------------------------------------
// Cadence

const CADENCE_RANK: Record<Cadence, number> = { week: 0, month: 1, quarter: 2, year: 3 };

function cadenceRows(team: string | undefined, entries: readonly Entry[], config: RollupInput['config'], context: Context): CadenceRow[] {
  // A ritual is expected only when its periods fit inside the rollup period (no annual in a quarter).
  const fits = (cadence: Cadence) => CADENCE_RANK[cadence] <= CADENCE_RANK[context.period.kind];
  const rituals = new Map<string, Cadence>();
  for (const ritual of Object.values(config.rituals)) if (fits(ritual.cadence)) rituals.set(ritual.name, ritual.cadence);
  for (const entry of entries) if (!rituals.has(entry.review.ritual)) rituals.set(entry.review.ritual, entry.period.kind);
  return [...rituals]
    .sort(([a, ca], [b, cb]) => CADENCE_RANK[ca] - CADENCE_RANK[cb] || compareText(a, b))
    .map(([ritual, cadence]) =>
      cadenceRow(
        team,
        ritual,
        cadence,
        entries.filter((entry) => entry.review.ritual === ritual),
        context,
      ),
    );
}

function cadenceRow(team: string | undefined, ritual: string, cadence: Cadence, entries: readonly Entry[], context: Context): CadenceRow {
  const periods = periodsWithin(context.period, cadence, context.calendar);
  const labels = periods.map((period) => formatPeriod(period, context.calendar));
  const expected = labels.filter((_, index) => rangeOf(periods[index]!, context.calendar).start <= context.today);
  const heldSet = new Set(entries.map((entry) => entry.label));
  const held = labels.filter((label) => heldSet.has(label));
  const missing = expected.filter((label) => !heldSet.has(label));
  return defined({
    team,
    ritual,
    cadence,
    expected,
    held,
    missing,
    participants: participantsOf(entries.filter((entry) => labels.includes(entry.label))),
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

/** Held periods counted back from the latest expected one; a gap ends the streak. */
function streakOf(expected: readonly string[], isHeld: (label: string) => boolean): number {
  let streak = 0;
  for (let index = expected.length - 1; index >= 0 && isHeld(expected[index]!); index--) streak++;
  return streak;
}

// ---------------------------------------------------------------------------------------------
// Weeks: contacts and flags are weekly data (weeks in contact, weeks flagged)

/** What a team's weekly reviews say about one week (several week-cadence rituals are merged). */
interface WeekData {
  label: string;
  index: number;
  date?: Day;
  customers: string[];
  flags: Flag[];
  resolved: ResolvedFlag[];
}

function weeksOf(entries: readonly Entry[]): WeekData[] {
  const weeks = new Map<string, WeekData>();
  for (const entry of entries) {
    if (entry.period.kind !== 'week') continue;
    let week = weeks.get(entry.label);
    if (!week) {
      week = { label: entry.label, index: weekIndex(entry.range.start), customers: [], flags: [], resolved: [] };
      weeks.set(entry.label, week);
    }
    if (entry.review.date && (!week.date || entry.review.date > week.date)) week.date = entry.review.date;
    week.customers.push(...entry.review.customers);
    week.flags.push(...entry.review.flags);
    week.resolved.push(...entry.review.resolved);
  }
  return [...weeks.values()].sort((a, b) => a.index - b.index);
}

function customerActivity(team: string | undefined, weeks: readonly WeekData[]): CustomerActivity[] {
  const activity = new Map<string, CustomerActivity>();
  const of = (customer: string) => {
    let entry = activity.get(customer);
    if (!entry) {
      entry = defined<CustomerActivity>({ team, customer, contactWeeks: [], flaggedWeeks: [] });
      activity.set(customer, entry);
    }
    return entry;
  };
  for (const week of weeks) {
    for (const customer of new Set(week.customers)) {
      const entry = of(customer);
      entry.contactWeeks.push(week.label);
      entry.lastContact = defined({ period: week.label, date: week.date });
    }
    const resolvedNow = new Set(week.resolved.map((resolved) => resolved.customer));
    for (const customer of new Set(week.flags.map((flag) => flag.customer))) {
      if (!resolvedNow.has(customer)) of(customer).flaggedWeeks.push(week.label);
    }
  }
  return [...activity.values()].sort((a, b) => compareText(a.customer, b.customer));
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
function flagEpisodes(team: string | undefined, weeks: readonly WeekData[], escalateAfterWeeks: number, calendar: Calendar): FlagEpisode[] {
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
      const draft = open.get(resolved.customer) ?? resolvedBeforeSeen(resolved, week, closed, calendar);
      if (!draft) continue;
      if (resolved.reason) draft.reason = resolved.reason;
      if (resolved.note) draft.note = resolved.note;
      close(draft, week, 'explicit');
    }
    const flagged = new Map<string, Flag>();
    for (const flag of week.flags) if (!resolvedNow.has(flag.customer) && !flagged.has(flag.customer)) flagged.set(flag.customer, flag);
    for (const draft of [...open.values()]) if (!flagged.has(draft.customer)) close(draft, week, 'implicit');
    for (const [customer, flag] of flagged) {
      let draft = open.get(customer);
      if (!draft) {
        draft = newEpisode(flag, week, closed, calendar);
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

function newEpisode(flag: Flag, week: WeekData, closed: readonly EpisodeDraft[], calendar: Calendar): EpisodeDraft {
  let since = sinceWeek(flag.since, week, calendar);
  // A `since` from before an earlier resolution of this customer is a stale carry: a new episode starts now.
  const stale = closed.some((draft) => draft.customer === flag.customer && draft.resolvedIn && draft.resolvedIn.index >= since.index);
  if (stale) since = { label: week.label, index: week.index };
  return { customer: flag.customer, since: since.label, sinceIndex: since.index, reason: flag.reason };
}

/** A resolution of a flag opened before the reviews at hand (e.g. in the previous quarter). */
function resolvedBeforeSeen(resolved: ResolvedFlag, week: WeekData, closed: readonly EpisodeDraft[], calendar: Calendar): EpisodeDraft | undefined {
  const since = sinceWeek(resolved.since, week, calendar);
  if (closed.some((draft) => draft.customer === resolved.customer && draft.since === since.label)) return undefined;
  return { customer: resolved.customer, since: since.label, sinceIndex: since.index, reason: resolved.reason ?? '' };
}

/** The week a flag started: its `since` when that is a week no later than now, else now. */
function sinceWeek(since: string, week: WeekData, calendar: Calendar): { label: string; index: number } {
  const period = tryParsePeriod(since, calendar);
  if (period?.kind !== 'week') return week;
  const index = weekIndex(rangeOf(period, calendar).start);
  return index <= week.index ? { label: formatPeriod(period, calendar), index } : week;
}

function finishEpisode(draft: EpisodeDraft, team: string | undefined, escalateAfterWeeks: number): FlagEpisode {
  const resolvedIndex = draft.resolvedIn?.index;
  const durationWeeks = draft.lastSeen ? draft.lastSeen.index - draft.sinceIndex + 1 : (resolvedIndex ?? draft.sinceIndex) - draft.sinceIndex;
  return defined({
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

// ---------------------------------------------------------------------------------------------
// Scores, voice, value, actions

function scorePoints(team: string | undefined, entries: readonly Entry[]): ScorePoint[] {
  const points = entries.flatMap((entry) =>
    Object.entries(entry.review.scores).map(([id, value]) => defined({ team, ritual: entry.review.ritual, id, period: entry.label, value })),
  );
  // Entries are in period order and the sort is stable, so points stay in period order.
  return points.sort((a, b) => compareText(a.ritual, b.ritual) || compareText(a.id, b.id));
}

function customerMatcher(customers: readonly Customer[]): (who: string) => string | undefined {
  const byName = new Map<string, string>();
  // Ids first: an id is unambiguous, a display name may happen to equal another customer's id.
  for (const key of ['id', 'name'] as const) {
    for (const customer of customers) {
      const normal = customer[key].trim().toLowerCase();
      if (!byName.has(normal)) byName.set(normal, customer.id);
    }
  }
  return (who) => byName.get(who.trim().toLowerCase());
}

/** `Acme: …` → the registry customer, or the prefix as written when it names none. */
function attribute(item: string, context: Context): { customer?: string; who?: string; text: string } {
  const { who, text } = splitAttribution(item);
  if (who === undefined) return { text };
  const customer = context.matchCustomer(who);
  return customer === undefined ? { who, text } : { customer, text };
}

function listItems(entries: readonly Entry[], question: string): { entry: Entry; item: string }[] {
  return entries.flatMap((entry) => {
    const content = entry.review.sections[question];
    return content ? parseListItems(content).map((item) => ({ entry, item })) : [];
  });
}

function quotesOf(team: string | undefined, entries: readonly Entry[], context: Context): Quote[] {
  return listItems(entries, 'heard').map(({ entry, item }) =>
    defined({ team, period: entry.label, ...attribute(item, context), tags: [...new Set(tagsIn(item))] }),
  );
}

const EVIDENCE = /\(\s*evidence\s*:\s*([^)]*?)\s*\)/i;

function claimsOf(team: string | undefined, entries: readonly Entry[], context: Context): ValueClaim[] {
  return listItems(entries, 'value').map(({ entry, item }) => {
    const attributed = attribute(item, context);
    const evidence = EVIDENCE.exec(attributed.text)?.[1];
    const text = attributed.text.replace(EVIDENCE, '').replace(/\s+/g, ' ').trim();
    return defined({ team, period: entry.label, ...attributed, text, evidence: evidence || undefined });
  });
}

/**
 * An action is the same action across weeks when its opening period (`since`, or the review it
 * first appears in) and its words match; the latest review containing it says its state.
 */
function actionRecords(team: string | undefined, entries: readonly Entry[], context: Context): ActionRecord[] {
  const latest = new Map<string, { action: Action; entry: Entry; since: string }>();
  for (const entry of entries) {
    for (const action of entry.review.actions) {
      const key = actionKey(action, entry.label);
      latest.set(key, { action, entry, since: action.since ?? entry.label });
    }
  }
  const order = periodOrder(context.calendar);
  return [...latest.values()]
    .map(({ action, entry, since }) => actionRecord(team, action, entry, since, context))
    .sort((a, b) => order(a.since, b.since) || compareText(a.title.toLowerCase(), b.title.toLowerCase()) || compareText(a.title, b.title));
}

function actionRecord(team: string | undefined, action: Action, entry: Entry, since: string, context: Context): ActionRecord {
  const sincePeriod = tryParsePeriod(since, context.calendar) ?? entry.period;
  const open = action.state === 'open';
  const age = Math.max(0, daysBetween(rangeOf(sincePeriod, context.calendar).start, context.today));
  return defined({
    team,
    title: action.title,
    state: action.state,
    owner: action.owner,
    due: action.due,
    tags: [...action.tags],
    since,
    lastSeen: entry.label,
    file: entry.review.file,
    opened: belongsTo(sincePeriod, context),
    overdue: open && action.due !== undefined && isDay(action.due) && action.due < context.today,
    ageDays: open ? age : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Summaries: computed from records only, so they can be recomputed after a merge

export function summarise(records: readonly TeamRecords[], registry: readonly Customer[], calendar: Calendar, periodStart: Day): Summary {
  const order = periodOrder(calendar);
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
    silentCustomers: registry
      .map((customer) => customer.id)
      .filter((id) => !contacted.has(id))
      .sort(compareText),
    flags: flagSummary(records.flatMap((team) => team.flags)),
    scores: scoreSummaries(
      records.flatMap((team) => team.scores),
      calendar,
      order,
      periodStart,
    ),
    voice: voiceGroups(quotes),
    themes: themesOf(quotes),
    value: { claims: claims.length, withEvidence: claims.filter((claim) => claim.evidence !== undefined).length },
    actions: actionSummary(records.flatMap((team) => team.actions)),
  };
}

function cadenceSummaries(rows: readonly CadenceRow[], order: PeriodOrder): CadenceSummary[] {
  const byRitual = groupBy(rows, (row) => row.ritual);
  return [...byRitual.values()]
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
  const resolutionTimes = episodes.flatMap((episode) => (episode.resolutionWeeks === undefined ? [] : [episode.resolutionWeeks]));
  const open = episodes.filter((episode) => episode.status === 'open');
  return {
    episodes: episodes.length,
    open: open.length,
    resolved: episodes.length - open.length,
    escalated: episodes.filter((episode) => episode.escalated).length,
    openEscalated: open.filter((episode) => episode.escalated).length,
    medianResolutionWeeks: median(resolutionTimes),
    worstResolutionWeeks: resolutionTimes.length > 0 ? Math.max(...resolutionTimes) : null,
  };
}

function scoreSummaries(points: readonly ScorePoint[], calendar: Calendar, order: PeriodOrder, periodStart: Day): ScoreSummary[] {
  const groups = groupBy(points, (point) => `${point.ritual}\u0000${point.id}`);
  return [...groups.values()]
    .map((group) => {
      // Team order is fixed (teams are sorted), so equal periods keep the same order after a merge.
      const sorted = [...group].sort((a, b) => order(a.period, b.period));
      const series = [...groupBy(sorted, (point) => point.period)].map(([period, same]) => ({
        period,
        value: round(mean(same.map((point) => point.value)), 2),
        count: same.length,
      }));
      const months = [...groupBy(sorted, (point) => monthOfLabel(point.period, calendar))]
        .map(([month, same]) => ({ month, ...statsOf(same.map((point) => point.value)) }))
        .sort((a, b) => compareText(a.month, b.month));
      const slope = slopePerWeek(series.map((point) => ({ x: weeksFrom(periodStart, anchorOf(point.period, calendar)), y: point.value })));
      return {
        ritual: group[0]!.ritual,
        id: group[0]!.id,
        ...statsOf(sorted.map((point) => point.value)),
        months,
        series,
        ...trendOf(slope, series, calendar, periodStart),
      };
    })
    .sort((a, b) => compareText(a.id, b.id) || compareText(a.ritual, b.ritual));
}

function trendOf(slope: number | null, series: ScoreSummary['series'], calendar: Calendar, periodStart: Day): Pick<ScoreSummary, 'trend' | 'slopePerWeek'> {
  if (slope === null) return { trend: null, slopePerWeek: null };
  const span = weeksFrom(periodStart, anchorOf(series[series.length - 1]!.period, calendar)) - weeksFrom(periodStart, anchorOf(series[0]!.period, calendar));
  const change = slope * span;
  const trend = change >= TREND_THRESHOLD ? 'up' : change <= -TREND_THRESHOLD ? 'down' : 'flat';
  return { trend, slopePerWeek: round(slope, 3) };
}

/** Least-squares slope of y over x (weeks); null with fewer than two distinct weeks. */
function slopePerWeek(points: readonly { x: number; y: number }[]): number | null {
  if (new Set(points.map((point) => point.x)).size < 2) return null;
  const mx = mean(points.map((point) => point.x));
  const my = mean(points.map((point) => point.y));
  let covariance = 0;
  let variance = 0;
  for (const { x, y } of points) {
    covariance += (x - mx) * (y - my);
    variance += (x - mx) ** 2;
  }
  return covariance / variance;
}

function statsOf(values: readonly number[]): ScoreStats {
  return { count: values.length, average: round(mean(values), 2), min: Math.min(...values), max: Math.max(...values) };
}

function voiceGroups(quotes: readonly Quote[]): VoiceGroup[] {
  const groups = groupBy(quotes, (quote) => (quote.customer !== undefined ? `c:${quote.customer}` : quote.who !== undefined ? `w:${quote.who}` : ''));
  return [...groups.values()]
    .map((group) => defined({ customer: group[0]!.customer, who: group[0]!.who, quotes: group.length }))
    .sort((a, b) => b.quotes - a.quotes || compareText(a.customer ?? a.who ?? '\uffff', b.customer ?? b.who ?? '\uffff'));
}

function themesOf(quotes: readonly Quote[]): Theme[] {
  const counts = new Map<string, number>();
  for (const quote of quotes) for (const tag of quote.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || compareText(a.tag, b.tag));
}

function actionSummary(actions: readonly ActionRecord[]): ActionSummary {
  const owners = groupBy(actions, (action) => action.owner ?? '');
  const count = (list: readonly ActionRecord[], test: (action: ActionRecord) => boolean) => list.filter(test).length;
  return {
    total: actions.length,
    opened: count(actions, (action) => action.opened),
    closed: count(actions, (action) => action.state === 'done'),
    dropped: count(actions, (action) => action.state === 'dropped'),
    open: count(actions, (action) => action.state === 'open'),
    overdue: count(actions, (action) => action.overdue),
    byOwner: [...owners]
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

// ---------------------------------------------------------------------------------------------
// Helpers

/** The registry as the rollup keeps it: known fields only, sorted by id. */
function sortedRegistry(customers: readonly Customer[]): Customer[] {
  return customers
    .map((customer) => defined({ id: customer.id, name: customer.name, segment: customer.segment, owner: customer.owner }))
    .sort((a, b) => compareText(a.id, b.id));
}

function tryParsePeriod(label: string, calendar: Calendar): Period | undefined {
  try {
    return parsePeriod(label, calendar);
  } catch {
    return undefined;
  }
}

function inRange(range: DayRange, day: Day): boolean {
  return range.start <= day && day <= range.end;
}

/** Weeks since the Monday 5 January 1970: a week label's position on one axis. */
function weekIndex(monday: Day): number {
  return Math.floor(daysBetween('1970-01-05', monday) / 7);
}

function weeksFrom(start: Day, day: Day): number {
  return daysBetween(start, day) / 7;
}

/** The day that places a period in time: a week's Thursday, otherwise the period's last day. */
function anchorOf(label: string, calendar: Calendar): Day {
  const period = tryParsePeriod(label, calendar);
  if (!period) return '9999-12-31';
  return period.kind === 'week' ? thursdayOf(period, calendar) : rangeOf(period, calendar).end;
}

function monthOfLabel(label: string, calendar: Calendar): string {
  return anchorOf(label, calendar).slice(0, 7);
}

export type PeriodOrder = (a: string, b: string) => number;

/** Chronological order of period labels (weeks and quarters interleave by their days). */
export function periodOrder(calendar: Calendar): PeriodOrder {
  const cache = new Map<string, DayRange | null>();
  const rangeFor = (label: string) => {
    let range = cache.get(label);
    if (range === undefined) {
      const period = tryParsePeriod(label, calendar);
      range = period ? rangeOf(period, calendar) : null;
      cache.set(label, range);
    }
    return range;
  };
  return (a, b) => {
    const ra = rangeFor(a);
    const rb = rangeFor(b);
    if (ra && rb) return compareText(ra.start, rb.start) || compareText(ra.end, rb.end) || compareText(a, b);
    if (ra || rb) return ra ? -1 : 1;
    return compareText(a, b);
  };
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
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

/**
 * Drop keys whose value is undefined, so a rollup is the same object before and after a JSON
 * round trip (JSON has no undefined): merged rollups then compare equal to computed ones.
 */
export function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
