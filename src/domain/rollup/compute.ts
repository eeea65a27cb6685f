/**
 * The rollup of a period: what a team (or the whole organisation) did with its customers,
 * computed from parsed reviews. Pure: no files, no clock (`today` comes in), no console.
 *
 * The JSON shape is built for composition (DESIGN §4): every team section carries its own
 * records (cadence rows, customer activity, flag episodes, score points, quotes, claims,
 * actions), and every figure of a summary is computed from records alone (summary.ts).
 * Merging rollups of different teams therefore unions the team sections and summarises again,
 * which gives exactly what rolling up all files at once gives.
 */
import { datedBackwards } from '../carry.js';
import { compareText, defined, groupBy } from '../collections.js';
import type { Config } from '../config.js';
import { parseListItems, splitAttribution, tagsIn } from '../markdown.js';
import {
  calendarYear,
  formatPeriod,
  isDay,
  periodLookup,
  periodsWithin,
  rangeOf,
  type Cadence,
  type Calendar,
  type Day,
  type DayRange,
  type Period,
  type PeriodInfo,
  type PeriodLookup,
  weekOf,
} from '../period.js';
import type { Customer } from '../registry.js';
import { heldOn, type Review } from '../review.js';
import { actionLedger } from './actions.js';
import { cadenceRows, type HeldPeriods } from './cadence.js';
import type { EarlierReview, HeldDays, HeldEntry } from './entries.js';
import { flagEpisodes, flaggedCustomers, type WeekData } from './flags.js';
import type { CustomerActivity, Quote, Rollup, ScorePoint, Summary, TeamRecords, TeamRollup, ValueClaim } from './model.js';
import { assembleKept, assembleRollup, sortedRegistry, summariseParts, summaryPart, withPart, type SummaryPart } from './summary.js';


export interface RollupInput {
  /** Parsed reviews in any order; those outside the period are ignored. */
  reviews: readonly Review[];
  config: Pick<Config, 'fiscalYearStartMonth' | 'teams' | 'rituals' | 'escalateAfterWeeks'>;
  customers: readonly Customer[];
  period: Period;
  /** One team; undefined rolls up every team. */
  team?: string;
  /**
   * The day the rollup is made for (`--date`, or the day it runs): reviews held after it do not
   * count yet. Its figures are as of this day or the period's end, whichever is earlier, so a
   * past period's ages and durations do not depend on when it is rolled up.
   */
  today: Day;
  /**
   * Count the reviews before the period too, for what is still open as of `today` (actions,
   * flags) and for last contacts: current state. Without it they are ignored, so a period's
   * rollup is the same whichever files it is given.
   */
  history?: boolean;
  /**
   * The periods each team held of each ritual in the whole workbook, by file name: a ritual
   * starts at its first review. Without it only configured starts are known, and a ritual
   * without one is expected throughout the period.
   */
  held?: HeldPeriods;
  /**
   * The days a team's reviews of a period outside the data were held (earliest first), for an
   * action or flag carried in with a `since:` from before the period: it counts from the day it
   * was written, as it does when that review is read, not from its period's first day.
   */
  heldDays?: HeldDays;
  /**
   * A team's latest review of a ritual before a given one (a skipped one passed over), read only
   * for an item the period's first review of the ritual carries without `since:` (a week copied by
   * hand across the period's start): datedBackwards dates it as the tool would have. Without it,
   * such an item opens in the period. A rollup with `history` reads those reviews anyway.
   */
  earlier?: EarlierReview;
  /**
   * Compute the voice of the customer and the value delivered (quotes and value claims, and their
   * part of the summary). Default true; status, actions and the list of customers show neither,
   * so their rollups leave them out: their sections and summary then count no quote and no claim.
   */
  voice?: boolean;
  /**
   * Which records each team's section computes: all of them (the default); its actions alone, for
   * what lists actions (`rhythm actions`, `rhythm done`); its contacts alone (customer activity and
   * flag episodes), for the list of customers; or what `rhythm status` shows of a team (`status`:
   * its cadence, flag episodes, score points and actions, and of its summary the scores, flags and
   * actions). Its other records are then empty, and so are the figures of its summary drawn from
   * them; the organisation's summary of a rollup of actions or of status is not meant to be read
   * (it would find every customer silent).
   */
  records?: 'all' | 'actions' | 'contacts' | 'status';
}

/** Whether the records a rollup computes need the reviews' bodies: contacts (customers, flags, resolutions, the days held) are all front matter. */
export function readsBodies(records: RollupInput['records']): boolean {
  return records !== 'contacts';
}

// ---------------------------------------------------------------------------------------------
// computeRollup

export function computeRollup(input: RollupInput): Rollup {
  const rollup = rollupByTeam(input);
  return rollup.finish(teamSections(rollup, input.reviews, input.team));
}

/** The section of each team among `reviews` (of `team` only, when given), by the team each review names. */
export function teamSections(rollup: Pick<TeamByTeam, 'team'>, reviews: readonly Review[], team?: string): TeamRollup[] {
  const byTeam = groupBy(reviews, (review) => review.team ?? '');
  const teams = [...byTeam.values()].filter((group) => team === undefined || group[0]!.team === team);
  return teams.map((group) => rollup.team(group[0]!.team, group));
}

/**
 * A rollup computed one team at a time: a team's section depends on its own reviews alone, so a
 * caller can read a team's files, compute its section and let the files go before reading the
 * next team's (io/reviews.ts). Memory then holds what the rollup aggregates, not the reviews.
 */
export interface TeamByTeam {
  /** The section of one team, from all of its reviews (in any order; those outside the period are ignored). */
  team(team: string | undefined, reviews: readonly Review[]): TeamRollup;
  /**
   * The rollup of the sections: a team with no reviews in the period has a section only when the
   * rollup is about it (a configured team still shows what it missed); with `team` given, only
   * that team's.
   */
  finish(sections: readonly TeamRollup[], organisation?: Summary): Rollup;
  /**
   * finish, for sections kept as `keep` made them from the whole ones (their rendered JSON and
   * their summaryPart, say): the same teams in the same order, the same organisation summary,
   * computed from the part each kept section gives. Either takes the organisation's summary
   * when it is known already for these sections (a cache's).
   */
  finishKept<K extends { team?: string; reviews: number }>(
    kept: readonly K[],
    keep: (section: TeamRollup) => K,
    partOf: (kept: K) => SummaryPart,
    organisation?: Summary,
  ): Omit<Rollup, 'teams'> & { teams: K[] };
}

export function rollupByTeam(input: Omit<RollupInput, 'reviews'>): TeamByTeam {
  const calendar: Calendar = { fiscalYearStartMonth: input.config.fiscalYearStartMonth };
  const range = rangeOf(input.period, calendar);
  const registry = sortedRegistry(input.customers);
  const periods = periodLookup(calendar);
  const context: Context = {
    period: input.period,
    range,
    day: input.today,
    today: input.today < range.end ? input.today : range.end,
    history: input.history ?? false,
    voice: input.voice ?? true,
    records: input.records ?? 'all',
    held: input.held,
    heldDays: input.heldDays ?? (() => []),
    earlier: input.history ? undefined : input.earlier,
    periods,
    universe: universeOf(input.period, calendar, periods),
    matchCustomer: customerMatcher(registry),
  };
  const team = (id: string | undefined, reviews: readonly Review[]) => teamRollup(id, datedFromEarlier(id, entriesIn(reviews, context), context), input.config, context, registry);
  const header = {
    period: { label: formatPeriod(input.period, calendar), kind: input.period.kind, start: range.start, end: range.end },
    fiscalYearStartMonth: calendar.fiscalYearStartMonth,
    today: context.today,
  };
  /** The sections the rollup shows: those it is about, and an empty one for each team expected without one. */
  const shown = <K extends { team?: string; reviews: number }>(sections: readonly K[], keep: (section: TeamRollup) => K): K[] => {
    const expected = teamIdsOf(input);
    const wanted = (section: K) => (input.team !== undefined ? section.team === input.team : section.reviews > 0 || expected.includes(section.team));
    const kept = sections.filter(wanted);
    const present = new Set(kept.map((section) => section.team));
    return [...kept, ...expected.filter((id) => !present.has(id)).map((id) => keep(team(id, [])))];
  };
  return {
    team,
    finish: (sections, organisation) => assembleRollup(header, shown(sections, (section) => section), registry, organisation),
    finishKept: (kept, keep, partOf, organisation) => assembleKept(header, shown(kept, keep), registry, partOf, organisation),
  };
}

interface Context {
  period: Period;
  range: DayRange;
  /** The day the rollup is made for: which reviews have been held, which periods are over. */
  day: Day;
  /** The day its figures are as of: `day`, or the period's end when that is earlier. */
  today: Day;
  history: boolean;
  voice: boolean;
  records: NonNullable<RollupInput['records']>;
  held: HeldPeriods | undefined;
  heldDays: HeldDays;
  earlier: EarlierReview | undefined;
  periods: PeriodLookup;
  /** The periods of a cadence inside the rollup period, computed once for all teams. */
  universe: (cadence: Cadence) => PeriodInfo[];
  matchCustomer: (who: string) => string | undefined;
}

/**
 * The reviews that count by the day the rollup is made, in period order: those of the rollup period,
 * and those before it (given only when current state must see past the period: carried actions
 * and flags, last contacts). A review held after that day has not happened yet.
 */
function entriesIn(reviews: readonly Review[], context: Context): HeldEntry[] {
  const entries: HeldEntry[] = [];
  for (const review of reviews) {
    const info = context.periods(review.period);
    if (!info) continue;
    const held = heldOn(review, info.range);
    const inPeriod = belongsTo(info, context);
    const before = info.range.end < context.range.start;
    if (held > context.day || !(inPeriod || (context.history && before))) continue;
    entries.push({ review, info, label: info.label, heldOn: held, inPeriod });
  }
  return entries.sort(
    (a, b) =>
      compareText(a.info.range.start, b.info.range.start) ||
      compareText(a.info.range.end, b.info.range.end) ||
      compareText(a.review.ritual, b.review.ritual) ||
      compareText(a.review.file, b.review.file),
  );
}

/**
 * The entries with the first review of each ritual in the period dated by the team's earlier
 * reviews (datedBackwards), when the rollup reads none of them itself.
 */
function datedFromEarlier(team: string | undefined, entries: HeldEntry[], context: Context): HeldEntry[] {
  const { earlier } = context;
  if (earlier === undefined) return entries;
  const first = new Set<string>();
  return entries.map((entry) => {
    // In period order: the first of a ritual in the period is the one a copy across its start lands in.
    if (!entry.inPeriod || entry.review.skipped || first.has(entry.review.ritual)) return entry;
    first.add(entry.review.ritual);
    const review = datedBackwards(entry.review, (later) => earlier(team, later));
    return review === entry.review ? entry : { ...entry, review };
  });
}

/** The order in which reviews were held, for the ledger: a quarterly held in November comes after October's weeklies. */
function byDayHeld(a: HeldEntry, b: HeldEntry): number {
  return compareText(a.heldOn, b.heldOn);
}

/** Whether a period, by label, lies in the rollup period. */
function isIn(label: string, context: Context): boolean {
  const info = context.periods(label);
  return info !== undefined && belongsTo(info, context);
}

/** A week belongs to the period holding its Thursday; longer periods must lie inside it. */
function belongsTo(info: PeriodInfo, context: Context): boolean {
  if (info.period.kind === 'week') return context.range.start <= info.anchor && info.anchor <= context.range.end;
  return context.range.start <= info.range.start && info.range.end <= context.range.end;
}

function universeOf(period: Period, calendar: Calendar, periods: PeriodLookup): (cadence: Cadence) => PeriodInfo[] {
  const cache = new Map<Cadence, PeriodInfo[]>();
  return (cadence) => {
    let universe = cache.get(cadence);
    if (!universe) {
      universe = periodsWithin(period, cadence, calendar).map((inner) => periods(formatPeriod(inner, calendar))!);
      cache.set(cadence, universe);
    }
    return universe;
  };
}

/** The teams a rollup shows even without reviews in the period: the one asked for, or every configured team. */
function teamIdsOf(input: Omit<RollupInput, 'reviews'>): (string | undefined)[] {
  if (input.team !== undefined) return [input.team];
  // Without teams configured the workbook is one team: show its cadence even with no files.
  return input.config.teams.length > 0 ? input.config.teams.map((team) => team.id) : [undefined];
}

function teamRollup(
  team: string | undefined,
  allEntries: readonly HeldEntry[],
  config: RollupInput['config'],
  context: Context,
  registry: readonly Customer[],
): TeamRollup {
  // A skipped period counts for the cadence alone: no flag, action, contact or score comes from it.
  const entries = allEntries.filter((entry) => !entry.review.skipped);
  const inPeriod = entries.filter((entry) => entry.inPeriod);
  const all = context.records === 'all';
  const status = all || context.records === 'status';
  const contacts = all || context.records === 'contacts';
  const weeks = contacts || status ? weeksOf(entries) : [];
  const records: TeamRecords = {
    members: [...(config.teams.find((candidate) => candidate.id === team)?.members ?? [])].sort(compareText),
    reviews: inPeriod.length,
    // A period is due once it is over by the day the rollup is made: the last week of a past quarter too.
    cadence: status ? cadenceRows(team, allEntries.filter((entry) => entry.inPeriod), config, { ...context, today: context.day }, entries.filter((entry) => !entry.inPeriod)) : [],
    customers: contacts ? customerActivity(team, weeks, otherContacts(entries)) : [],
    flags: contacts || status ? flagEpisodes(team, weeks, { escalateAfterWeeks: config.escalateAfterWeeks, periods: context.periods, today: context.today, heldDays: (label) => context.heldDays(team, label) }) : [],
    scores: status ? scorePoints(team, inPeriod) : [],
    quotes: all && context.voice ? quotesOf(team, inPeriod, context) : [],
    claims: all && context.voice ? claimsOf(team, inPeriod, context) : [],
    actions:
      status || context.records === 'actions'
        ? actionLedger(team, [...entries].sort(byDayHeld), {
            today: context.today,
            periods: context.periods,
            inPeriod: (label) => isIn(label, context),
            heldDays: (label) => context.heldDays(team, label),
          })
        : [],
  };
  const name = team === undefined ? undefined : config.teams.find((candidate) => candidate.id === team)?.name;
  const part = summaryPart(records);
  return withPart(
    defined<TeamRollup>({
      team,
      name,
      escalateAfterWeeks: config.escalateAfterWeeks,
      ...records,
      summary: summaryOf(part, context, registry),
    }),
    part,
  );
}

/**
 * A team's summary, of the records the rollup computed. Of actions alone, no customer is silent:
 * none was looked for. Of what `rhythm status` shows, its scores, flags and actions are summarised,
 * not its cadence, which status works out from the files' names itself.
 */
function summaryOf(part: SummaryPart, context: Context, registry: readonly Customer[]): Summary {
  if (context.records === 'actions') return summariseParts([part], [], context.periods, context.range.start);
  if (context.records === 'status') return summariseParts([{ ...part, cadence: [] }], [], context.periods, context.range.start);
  return summariseParts([part], registry, context.periods, context.range.start);
}

// ---------------------------------------------------------------------------------------------
// Customers: contacts are weekly data (weeks in contact, weeks flagged)

function weeksOf(entries: readonly HeldEntry[]): WeekData[] {
  const weeks = new Map<string, WeekData>();
  const held = new Set<string>();
  for (const entry of entries) {
    if (entry.info.period.kind !== 'week') continue;
    let week = weeks.get(entry.label);
    if (!week) {
      week = { label: entry.label, index: entry.info.weekIndex, day: entry.heldOn, inPeriod: entry.inPeriod, customers: [], flags: [], resolved: [] };
      weeks.set(entry.label, week);
    }
    if (!entry.review.inProgress) held.add(entry.label);
    if (entry.heldOn > week.day) week.day = entry.heldOn;
    if (isDay(entry.review.date) && (!week.date || entry.review.date > week.date)) week.date = entry.review.date;
    week.customers.push(...entry.review.customers);
    week.flags.push(...entry.review.flags);
    week.resolved.push(...entry.review.resolved);
  }
  // A week whose every review is in progress lists what was captured, not every flag still open.
  for (const week of weeks.values()) if (!held.has(week.label)) week.partial = true;
  return [...weeks.values()].sort((a, b) => a.index - b.index);
}

/**
 * The customers a review of another ritual names (a monthly council's guests, say): contacts in
 * the week of the day it was held. They count for weeks in contact and the last contact only:
 * flags and their resolution remain the weeklies' (weeksOf).
 */
interface OtherContact {
  week: string;
  day: Day;
  date?: Day;
  period: string;
  inPeriod: boolean;
  customers: readonly string[];
}

function otherContacts(entries: readonly HeldEntry[]): OtherContact[] {
  return entries
    .filter((entry) => entry.info.period.kind !== 'week' && !entry.review.inProgress && entry.review.customers.length > 0)
    .map((entry) => ({
      week: formatPeriod(weekOf(entry.heldOn), calendarYear),
      day: entry.heldOn,
      ...(isDay(entry.review.date) ? { date: entry.review.date } : {}),
      period: entry.label,
      inPeriod: entry.inPeriod,
      customers: entry.review.customers,
    }));
}

function customerActivity(team: string | undefined, weeks: readonly WeekData[], others: readonly OtherContact[] = []): CustomerActivity[] {
  const activity = new Map<string, CustomerActivity>();
  const of = (customer: string) => {
    let entry = activity.get(customer);
    if (!entry) {
      entry = defined<CustomerActivity>({ team, customer, contactWeeks: [], flaggedWeeks: [] });
      activity.set(customer, entry);
    }
    return entry;
  };
  /** The last week each customer was heard from (weeks come in order). */
  const lastWeek = new Map<string, WeekData>();
  for (const week of weeks) {
    // Weeks before the period count only for the last contact: current state has no year boundary.
    for (const customer of week.customers) {
      if (lastWeek.get(customer) === week) continue;
      lastWeek.set(customer, week);
      if (week.inPeriod) of(customer).contactWeeks.push(week.label);
    }
    if (week.inPeriod) for (const customer of flaggedCustomers(week)) of(customer).flaggedWeeks.push(week.label);
  }
  const lastDay = new Map<string, Day>();
  for (const [customer, week] of lastWeek) {
    of(customer).lastContact = defined({ period: week.label, date: week.date });
    lastDay.set(customer, week.day);
  }
  for (const contact of others) {
    for (const customer of new Set(contact.customers)) {
      const entry = of(customer);
      if (contact.inPeriod && !entry.contactWeeks.includes(contact.week)) {
        entry.contactWeeks.push(contact.week);
        entry.contactWeeks.sort(compareText);
      }
      if (contact.day > (lastDay.get(customer) ?? '')) {
        lastDay.set(customer, contact.day);
        entry.lastContact = defined({ period: contact.period, date: contact.date });
      }
    }
  }
  return [...activity.values()].sort((a, b) => compareText(a.customer, b.customer));
}

// ---------------------------------------------------------------------------------------------
// Scores, voice, value, actions

function scorePoints(team: string | undefined, entries: readonly HeldEntry[]): ScorePoint[] {
  const points = entries.flatMap((entry) =>
    Object.entries(entry.review.scores).map(([id, value]) => defined<ScorePoint>({ team, ritual: entry.review.ritual, id, period: entry.label, value })),
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

/**
 * The first fields of a quote or a value claim, in the order of JSON output and without an undefined
 * one: `Acme: …` names the registry customer, or gives the prefix as written when it names none.
 * Built field by field, as actionRecord is: a year of 1,000 teams has 300,000 of them.
 */
function attributed(team: string | undefined, period: string, item: string, context: Context): { team?: string; period: string; customer?: string; who?: string; text: string } {
  const record = (team === undefined ? {} : { team }) as { team?: string; period: string; customer?: string; who?: string; text: string };
  record.period = period;
  const { who, text } = splitAttribution(item);
  if (who !== undefined) {
    const customer = context.matchCustomer(who);
    if (customer === undefined) record.who = who;
    else record.customer = customer;
  }
  record.text = text;
  return record;
}

/** The items of the answer to `question` of each review, in the reviews' order. */
function eachItem(entries: readonly HeldEntry[], question: string, visit: (entry: HeldEntry, item: string) => void): void {
  for (const entry of entries) {
    const content = entry.review.sections[question];
    if (content) for (const item of parseListItems(content)) visit(entry, item);
  }
}

function quotesOf(team: string | undefined, entries: readonly HeldEntry[], context: Context): Quote[] {
  const quotes: Quote[] = [];
  eachItem(entries, 'heard', (entry, item) => {
    const quote = attributed(team, entry.label, item, context) as Quote;
    const tags = tagsIn(item);
    quote.tags = tags.length < 2 ? tags : [...new Set(tags)];
    quotes.push(quote);
  });
  return quotes;
}

const EVIDENCE = /\(\s*evidence\s*:\s*([^)]*?)\s*\)/i;

function claimsOf(team: string | undefined, entries: readonly HeldEntry[], context: Context): ValueClaim[] {
  const claims: ValueClaim[] = [];
  eachItem(entries, 'value', (entry, item) => {
    const claim: ValueClaim = attributed(team, entry.label, item, context);
    const evidence = EVIDENCE.exec(claim.text);
    const text = evidence ? claim.text.slice(0, evidence.index) + claim.text.slice(evidence.index + evidence[0].length) : claim.text;
    claim.text = UNTIDY.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
    if (evidence?.[1]) claim.evidence = evidence[1];
    claims.push(claim);
  });
  return claims;
}

/** A text `replace(/\s+/g, ' ').trim()` changes: most claims are tidy already and kept as they are. */
const UNTIDY = /\s\s|[^\S ]|^\s|\s$/;
