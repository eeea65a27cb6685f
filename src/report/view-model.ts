/**
 * What a report shows, decided once from a rollup: names, the executive summary as items, which
 * score stands for a question and on which scale, the order of flags, customers, quotes, claims
 * and actions, the periods of each calendar row. The markdown and HTML renderers only render it;
 * the JSON report is the rollup itself. Pure: rollup in, view out.
 */
import { compareText, extentOf, groupBy } from '../domain/collections.js';
import { withoutTags } from '../domain/markdown.js';
import { addDaysTo, calendarYear, describeRange, formatPeriod, periodLookup, periodsWithin, rangeOf, weekOf, type Cadence, type Day, type DayRange, type PeriodLookup } from '../domain/period.js';
import type { ActionRecord, ActionSummary, CadenceRow, CadenceSummary, CustomerSummary, FlagEpisode, Quote, Rollup, ScoreSummary, Summary, TeamRollup, Theme, ValueClaim } from '../domain/rollup/model.js';
import { responsesFor, type Response } from '../domain/rollup/responses.js';
import { CADENCE_RANK } from '../domain/rollup/summary.js';

export interface Scale {
  min: number;
  max: number;
}

export type Scales = Record<string, Scale>;

/** The built-in scale questions are 1–5; a rollup does not carry its templates, so say so here. */
export const DEFAULT_SCALES: Readonly<Scales> = {
  value_confidence: { min: 1, max: 5 },
  rhythm_kept: { min: 1, max: 5 },
};

export interface ViewOptions {
  /** A section per team after the organisation figures; default: when there are several teams. */
  byTeam?: boolean;
  /** Scales of the workbook's scale questions, over the built-in ones: `{ value_confidence: { min: 1, max: 5 } }`. */
  scales?: Scales;
  /** Pages beside this one (a site's): names of customers and teams link to them. */
  links?: Links;
  /** Every quote, claim and open action, not the few most telling of each customer. */
  full?: boolean;
}

/** How many of each list a concise report shows; `--full` shows them all. */
export const CONCISE = { quotes: 2, flaggedQuotes: 3, claims: 2, flagActions: 3, overdueActions: 10 } as const;

/** The address of a customer's or a team's page, relative to the page being rendered; undefined: no page. */
export interface Links {
  customer?: (id: string) => string | undefined;
  team?: (id: string) => string | undefined;
}

export interface ReportView {
  rollup: Rollup;
  /** More than one team section: places name their team, tables get a team column. */
  several: boolean;
  byTeam: boolean;
  /** `FY2027-Q3, Sat 1 Aug – Sat 31 Oct 2026`; a label that is no period keeps the rollup's days. */
  title: string;
  /** The rollup period's days, described. */
  dates: string;
  /** The names of the team sections that have an id. */
  teamNames: string[];
  customerName: (id: string) => string;
  teamName: (id: string) => string;
  /** A period label understood (its range, its anchor), or undefined for a label that is no period. */
  period: PeriodLookup;
  timeline: Timeline;
  /** At most five items a leader reads first: who is not getting value, who is silent, gaps, confidence, actions. */
  summary: SummaryItem[];
  /** What a short summary adds: customers talked to, the voice, the value delivered. */
  overview: SummaryItem[];
  /** The organisation's rituals with something expected, the most frequent first. */
  cadence: RitualCadence[];
  teams: TeamView[];
  /** The teams most in need of attention first: open escalated flags, open flags, overdue actions, missed rituals. */
  teamsByConcern: TeamView[];
  flags: FlagsView;
  /** The organisation's scores, in rollup order. */
  scores: ScoreView[];
  /** One chart per score id. */
  charts: ScoreChart[];
  /** Flagged the most first, then the most contacted. */
  customers: CustomerSummary[];
  silent: SilentCustomer[];
  voice: VoiceView;
  /** Claims as recorded. */
  claims: ClaimView[];
  /** Claims with evidence first, then the latest: a claim without evidence is a hope. */
  claimsByEvidence: ClaimView[];
  /** Per customer (not receiving value first, then by name) the claims shown: the latest with evidence first, a few each, or all with `full`. */
  claimGroups: { who?: string; customer?: string; claims: ClaimView[]; shown: ClaimView[] }[];
  /** Open actions, overdue first, then the oldest. */
  openActions: ActionRecord[];
  escalateAfterWeeks: number;
  links: Links;
  full: boolean;
  /** What is being done about a customer (by id): the open actions that name it (domain/rollup/responses.ts). */
  responseTo: (customer: string) => Response;
}

/** The ISO weeks whose Thursday falls in the period: the columns of every timeline. */
export interface Timeline {
  weeks: { label: string; start: Day }[];
  start: Day;
  /** The day after the last week. */
  end: Day;
}

export type Tone = 'bad' | 'warn' | 'good' | 'neutral';

export type SummaryItem =
  | { kind: 'flags'; tone: Tone; open: OpenFlag[]; resolved: number; medianResolutionDays: number | null }
  | { kind: 'silent'; tone: Tone; customers: string[] }
  | { kind: 'cadence'; tone: Tone; rituals: RitualCadence[]; gaps: boolean }
  | { kind: 'confidence'; tone: Tone; score: ScoreView }
  | { kind: 'actions'; tone: Tone; actions: ActionSummary }
  | { kind: 'customers'; tone: Tone; contacted: number; flagged: number }
  | { kind: 'voice'; tone: Tone; quotes: number; themes: Theme[] }
  | { kind: 'value'; tone: Tone; claims: number; withEvidence: number };

type Item<Kind extends SummaryItem['kind']> = Extract<SummaryItem, { kind: Kind }>;

/** One entry per customer (several teams may flag the same one): the longest flag, escalated or not. */
export interface OpenFlag {
  /** The customer's id. */
  id: string;
  /** The customer's name. */
  customer: string;
  days: number;
  escalated: boolean;
  /** What is being done about it. */
  response: Response;
}

export interface RitualCadence {
  ritual: string;
  held: number;
  expected: number;
  /** Periods skipped on purpose: not in `expected`. */
  skipped: number;
  streak: number;
  /** One team: which periods. Several: how many per team, or the list would be one of weeks. */
  missing: { by: 'period'; periods: string[] } | { by: 'team'; teams: { team?: string; count: number }[] };
}

export interface TeamView {
  team: TeamRollup;
  /** Undefined for the section of a workbook without teams. */
  name?: string;
  cadence: CadenceView[];
  /** The team's lines: flags, cadence, confidence, actions, customers. */
  summary: SummaryItem[];
  /** The team's first weekly ritual. */
  weekly?: CadenceSummary;
  confidence?: ScoreSummary;
  contacted: number;
  /** Escalated first, then the longest. */
  openFlags: FlagEpisode[];
  openActions: ActionRecord[];
}

export interface CadenceView {
  row: CadenceRow;
  /** Expected periods that were held. */
  held: number;
  /** The ritual's periods in the rollup period (its weeks, for a weekly one) that are periods. */
  cells: { label: string; range: DayRange; state: CellState }[];
}

/** A period before the team's ritual started, or after it ended, is neither missed nor due. */
export type CellState = 'held' | 'missed' | 'skipped' | 'not-due' | 'not-started' | 'ended';

export interface FlagsView {
  /** The open episodes, escalated first, then the longest, each with what is being done about its customer. */
  open: { episode: FlagEpisode; response: Response }[];
  /** The resolved episodes, the latest resolved first. */
  resolved: FlagEpisode[];
  /** Open first, then by customer and start: the markdown table. */
  byCustomer: FlagEpisode[];
  /** Open first, escalated, then the longest: the HTML table. */
  byUrgency: FlagEpisode[];
  /** Per team and customer, open and escalated first: a timeline's rows. */
  rows: FlagRow[];
}

export interface FlagRow {
  team?: string;
  customer: string;
  spans: FlagSpan[];
}

/** The days a flag covers: from the week first flagged to the end of the last week listed; an open flag runs on to this week. */
export interface FlagSpan {
  episode: FlagEpisode;
  start: Day;
  /** The day after. */
  end: Day;
  /** Flagged before the period. */
  carriedIn: boolean;
}

export interface ScoreView {
  summary: ScoreSummary;
  /** The question's scale when known: a sparkline spans it, else the values' own range. */
  scale?: Scale;
  /** The scale a chart of the score spans: the question's, else one around all its values. */
  axis: Scale;
}

export interface ScoreChart {
  id: string;
  axis: Scale;
  /** The score's summaries, the most frequent ritual first. */
  summaries: ScoreSummary[];
  /** One panel per team with the score when there are several teams, else one for the whole. */
  panels: ScorePanel[];
}

export interface ScorePanel {
  /** Undefined for the panel of the whole rollup. */
  team?: TeamView;
  /** One summary per ritual, each with its per-period means. */
  series: ScoreSummary[];
  /** The summary whose average and trend the panel shows. */
  main?: ScoreSummary;
}

export interface SilentCustomer {
  name: string;
  segment?: string;
  owner?: string;
}

export interface VoiceView {
  quotes: number;
  /** Customers not receiving value first, then the most quoted. */
  groups: VoiceGroupView[];
  themes: Theme[];
}

export interface VoiceGroupView {
  title: string;
  /** The registry id of the customer quoted, when known. */
  customer?: string;
  /** Every quote, in rollup order. */
  quotes: QuoteView[];
  /** The most telling: the latest few (more of a customer not receiving value), or all with `full`. */
  shown: QuoteView[];
  /** Not receiving value now. */
  flagged: boolean;
}

export interface QuoteView {
  quote: Quote;
  /** The words without their `#tags` (the whole text when it is nothing but tags). */
  words: string;
  /** The period, and the team when there are several. */
  where: string;
}

export interface ClaimView {
  claim: ValueClaim;
  /** The customer's name, else the name as written. */
  who?: string;
  where: string;
}

export function reportView(rollup: Rollup, options: ViewOptions = {}): ReportView {
  const basis = basisOf(rollup, { ...DEFAULT_SCALES, ...options.scales }, options.full ?? false);
  const { several, period, timeline, customerName, teamName } = basis;
  const organisation = rollup.organisation;
  const cells = cellsOf(basis);
  const teams = rollup.teams.map((team) => teamView(team, basis, cells));
  const cadence = ritualCadence(organisation.cadence, several ? (gap) => (gap.team === undefined ? undefined : teamName(gap.team)) : undefined);
  const claims = rollup.teams.flatMap((team) => team.claims).map((claim) => claimView(claim, basis));
  const claimsByEvidence = [...claims].reverse().sort((a, b) => Number(b.claim.evidence !== undefined) - Number(a.claim.evidence !== undefined));
  return {
    rollup,
    several,
    byTeam: options.byTeam ?? several,
    title: titleOf(rollup, period),
    dates: describeRange(rollup.period),
    teamNames: teams.flatMap((team) => (team.name === undefined ? [] : [team.name])),
    customerName,
    teamName,
    period,
    timeline,
    summary: executiveSummary(basis, cadence),
    overview: [customersItem(organisation), voiceItem(organisation), valueItem(organisation)],
    cadence,
    teams,
    teamsByConcern: [...teams].sort(byConcern),
    flags: flagsView(basis),
    scores: organisation.scores.map(basis.scoreView),
    charts: scoreCharts(basis, teams),
    customers: [...organisation.customers].sort((a, b) => b.weeksFlagged - a.weeksFlagged || b.weeksInContact - a.weeksInContact || compareText(a.name, b.name)),
    silent: silentCustomers(basis),
    voice: voiceView(basis),
    claims,
    claimsByEvidence,
    claimGroups: claimGroups(basis, claimsByEvidence),
    openActions: openActions(rollup.teams.flatMap((team) => team.actions)),
    escalateAfterWeeks: rollup.teams[0]?.escalateAfterWeeks ?? 3,
    links: options.links ?? {},
    full: basis.full,
    responseTo: basis.responseTo,
  };
}

/** What every part of a view is decided with. */
interface Basis {
  rollup: Rollup;
  several: boolean;
  period: PeriodLookup;
  timeline: Timeline;
  customerName: (id: string) => string;
  teamName: (id: string) => string;
  scoreView: (summary: ScoreSummary) => ScoreView;
  axis: (id: string) => Scale;
  /** The period of a record, and its team when there are several. */
  where: (record: { period: string; team?: string }) => string;
  responseTo: (customer: string) => Response;
  /** Customers with an open flag, by id. */
  flagged: ReadonlySet<string>;
  full: boolean;
}

function basisOf(rollup: Rollup, scales: Scales, full: boolean): Basis {
  const several = rollup.teams.length > 1;
  const customerNames = new Map(rollup.registry.map((customer) => [customer.id, customer.name]));
  const teamNames = new Map(rollup.teams.map((team) => [team.team, team.name ?? team.team]));
  const teamName = (id: string) => teamNames.get(id) ?? id;
  const axis = axesOf(rollup.organisation.scores, scales);
  const respond = responsesFor(rollup.teams.flatMap((team) => team.actions));
  const responses = new Map<string, Response>();
  return {
    rollup,
    several,
    period: periodLookup({ fiscalYearStartMonth: rollup.fiscalYearStartMonth }),
    timeline: timelineOf(rollup.period),
    customerName: (id) => customerNames.get(id) ?? id,
    teamName,
    scoreView: (summary) => ({ summary, scale: scales[summary.id], axis: axis(summary.id) }),
    axis,
    where: (record) => (record.team !== undefined && several ? `${record.period}, ${teamName(record.team)}` : record.period),
    responseTo: (id) => {
      let response = responses.get(id);
      if (!response) {
        response = respond({ id, name: customerNames.get(id) });
        responses.set(id, response);
      }
      return response;
    },
    flagged: new Set(rollup.teams.flatMap((team) => team.flags.filter((flag) => flag.status === 'open').map((flag) => flag.customer))),
    full,
  };
}

function titleOf(rollup: Rollup, period: PeriodLookup): string {
  const info = period(rollup.period.label);
  return info ? `${info.label}, ${describeRange(info.range)}` : `${rollup.period.label}, ${rollup.period.start} – ${rollup.period.end}`;
}

function isItem(item: SummaryItem | undefined): item is SummaryItem {
  return item !== undefined;
}

function executiveSummary(basis: Basis, cadence: RitualCadence[]): SummaryItem[] {
  const { rollup } = basis;
  return [
    flagsItem(rollup.teams.flatMap((team) => team.flags), rollup.organisation, basis),
    silentItem(basis),
    cadenceItem(cadence),
    confidenceItem(rollup.organisation.scores, basis),
    actionsItem(rollup.organisation),
  ].filter(isItem);
}

function teamView(team: TeamRollup, basis: Basis, cells: (row: CadenceRow) => CadenceView['cells']): TeamView {
  const summary = team.summary;
  const customers = customersItem(summary);
  const open = team.flags.filter((flag) => flag.status === 'open');
  return {
    team,
    name: team.team === undefined ? undefined : basis.teamName(team.team),
    cadence: team.cadence.map((row) => ({ row, held: heldCount(row), cells: cells(row) })),
    summary: [flagsItem(team.flags, summary, basis), cadenceItem(ritualCadence(summary.cadence)), confidenceItem(summary.scores, basis), actionsItem(summary), customers].filter(isItem),
    weekly: summary.cadence.find((row) => row.cadence === 'week'),
    confidence: mainScore(summary.scores, 'value_confidence'),
    contacted: customers.contacted,
    openFlags: open.sort((a, b) => Number(b.escalated) - Number(a.escalated) || b.durationDays - a.durationDays),
    openActions: openActions(team.actions),
  };
}

// ---------------------------------------------------------------------------------------------
// Summary items

function flagsItem(episodes: readonly FlagEpisode[], summary: Summary, { customerName, responseTo }: Basis): SummaryItem {
  const open = openFlagsByCustomer(episodes).map((flag) => ({ ...flag, id: flag.customer, customer: customerName(flag.customer), response: responseTo(flag.customer) }));
  return { kind: 'flags', tone: open.length === 0 ? 'good' : 'bad', open, resolved: summary.flags.resolved, medianResolutionDays: summary.flags.medianResolutionDays };
}

function openFlagsByCustomer(episodes: readonly FlagEpisode[]): Pick<OpenFlag, 'customer' | 'days' | 'escalated'>[] {
  const byCustomer = new Map<string, Pick<OpenFlag, 'customer' | 'days' | 'escalated'>>();
  for (const episode of episodes) {
    if (episode.status !== 'open') continue;
    const current = byCustomer.get(episode.customer);
    byCustomer.set(episode.customer, {
      customer: episode.customer,
      days: Math.max(current?.days ?? 0, episode.durationDays),
      escalated: (current?.escalated ?? false) || episode.escalated,
    });
  }
  return [...byCustomer.values()].sort((a, b) => Number(b.escalated) - Number(a.escalated) || b.days - a.days || compareText(a.customer, b.customer));
}

function silentItem({ rollup, customerName }: Basis): SummaryItem | undefined {
  if (rollup.registry.length === 0) return undefined;
  const customers = rollup.organisation.silentCustomers.map(customerName);
  return { kind: 'silent', tone: customers.length === 0 ? 'good' : 'warn', customers };
}

function ritualCadence(cadence: readonly CadenceSummary[], teamOf?: (gap: CadenceSummary['missing'][number]) => string | undefined): RitualCadence[] {
  return cadence
    .filter((row) => row.expected > 0)
    .map((row) => ({
      ritual: row.ritual,
      held: row.held,
      expected: row.expected,
      skipped: row.skipped ?? 0,
      streak: row.streak,
      missing: teamOf
        ? { by: 'team', teams: [...groupBy(row.missing, (gap) => teamOf(gap) ?? '')].map(([, gaps]) => ({ team: teamOf(gaps[0]!), count: gaps.length })) }
        : { by: 'period', periods: row.missing.map((gap) => gap.period) },
    }));
}

function cadenceItem(rituals: RitualCadence[]): SummaryItem | undefined {
  if (rituals.length === 0) return undefined;
  const gaps = rituals.some((ritual) => (ritual.missing.by === 'team' ? ritual.missing.teams : ritual.missing.periods).length > 0);
  return { kind: 'cadence', tone: gaps ? 'bad' : 'good', rituals, gaps };
}

function confidenceItem(scores: readonly ScoreSummary[], { scoreView }: Basis): SummaryItem | undefined {
  const score = mainScore(scores, 'value_confidence');
  if (!score) return undefined;
  return { kind: 'confidence', tone: score.trend === 'down' ? 'warn' : score.trend === 'up' ? 'good' : 'neutral', score: scoreView(score) };
}

/** The score that stands for a question among these: its weekly one, else the first. */
function mainScore(scores: readonly ScoreSummary[], id: string): ScoreSummary | undefined {
  return scores.find((score) => score.id === id && score.ritual === 'weekly') ?? scores.find((score) => score.id === id);
}

function actionsItem(summary: Summary): SummaryItem | undefined {
  if (summary.actions.total === 0) return undefined;
  const { overdue, open } = summary.actions;
  // Overdue is a promise to a customer not kept: red once it is a third of what is open.
  return { kind: 'actions', tone: overdue === 0 ? 'good' : overdue * 3 >= open ? 'bad' : 'warn', actions: summary.actions };
}

function customersItem(summary: Summary): Item<'customers'> {
  const count = (test: (customer: CustomerSummary) => boolean) => summary.customers.filter(test).length;
  return { kind: 'customers', tone: 'neutral', contacted: count((customer) => customer.weeksInContact > 0), flagged: count((customer) => customer.weeksFlagged > 0) };
}

function voiceItem(summary: Summary): SummaryItem {
  return { kind: 'voice', tone: 'neutral', quotes: quoteCount(summary), themes: summary.themes.slice(0, 5) };
}

function valueItem(summary: Summary): SummaryItem {
  return { kind: 'value', tone: 'neutral', claims: summary.value.claims, withEvidence: summary.value.withEvidence };
}

function quoteCount(summary: Summary): number {
  return summary.voice.reduce((sum, group) => sum + group.quotes, 0);
}

// ---------------------------------------------------------------------------------------------
// Time: the weeks of the period, and what each calendar row shows

function timelineOf(range: DayRange): Timeline {
  const weeks: Timeline['weeks'] = [];
  let monday = rangeOf(weekOf(range.start), calendarYear).start;
  if (addDaysTo(monday, 3) < range.start) monday = addDaysTo(monday, 7);
  for (; addDaysTo(monday, 3) <= range.end; monday = addDaysTo(monday, 7)) {
    weeks.push({ label: formatPeriod(weekOf(monday), calendarYear), start: monday });
  }
  const start = weeks[0]?.start ?? range.start;
  const end = weeks.length > 0 ? addDaysTo(weeks[weeks.length - 1]!.start, 7) : addDaysTo(range.end, 1);
  return { weeks, start, end };
}

function heldCount(row: CadenceRow): number {
  return row.expected.filter((label) => row.held.includes(label)).length;
}

/** A row's cells: the weeks of the timeline, or the ritual's periods inside the rollup period (else those it names). */
function cellsOf({ rollup, period, timeline }: Basis): (row: CadenceRow) => CadenceView['cells'] {
  const outer = period(rollup.period.label)?.period;
  const calendar = { fiscalYearStartMonth: rollup.fiscalYearStartMonth };
  const within = new Map<Cadence, string[]>();
  const labelsOf = (row: CadenceRow): string[] => {
    if (row.cadence === 'week') return timeline.weeks.map((week) => week.label);
    if (!outer) return [...new Set([...row.expected, ...row.held])];
    let labels = within.get(row.cadence);
    if (!labels) {
      labels = periodsWithin(outer, row.cadence, calendar).map((inner) => formatPeriod(inner, calendar));
      within.set(row.cadence, labels);
    }
    return labels;
  };
  return (row) => {
    const expected = new Set(row.expected);
    const held = new Set(row.held);
    const skipped = new Set(row.skipped);
    return labelsOf(row).flatMap((label) => {
      const range = period(label)?.range;
      if (!range) return [];
      const state: CellState = held.has(label)
        ? 'held'
        : expected.has(label)
          ? 'missed'
          : skipped.has(label)
            ? 'skipped'
            : row.start !== undefined && range.end < row.start
            ? 'not-started'
            : row.until !== undefined && range.start > row.until
              ? 'ended'
              : 'not-due';
      return [{ label, range, state }];
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Flags

function flagsView({ rollup, period, timeline, customerName, responseTo }: Basis): FlagsView {
  const episodes = rollup.teams.flatMap((team) => team.flags);
  const resolvedLast = (a: FlagEpisode, b: FlagEpisode) => Number(a.status === 'resolved') - Number(b.status === 'resolved');
  const byName = (a: FlagEpisode | FlagRow, b: FlagEpisode | FlagRow) => compareText(customerName(a.customer), customerName(b.customer));
  const thisWeek = addDaysTo(rangeOf(weekOf(rollup.today), calendarYear).start, 7);
  const spanOf = (episode: FlagEpisode): FlagSpan => {
    const start = period(episode.since)?.range.start ?? timeline.start;
    const lastWeek = period(episode.lastSeen ?? episode.resolvedIn ?? episode.since)?.range.start ?? start;
    const end = addDaysTo(lastWeek, 7);
    return { episode, start, end: episode.status === 'open' && thisWeek > end ? thisWeek : end, carriedIn: start < timeline.start };
  };
  const rows = [...groupBy(episodes, (episode) => `${episode.team ?? ''}\u0000${episode.customer}`).values()].map(
    (group): FlagRow => ({ team: group[0]!.team, customer: group[0]!.customer, spans: group.map(spanOf) }),
  );
  // Open and escalated first: that is who needs attention.
  const rank = (row: FlagRow) => (row.spans.some(({ episode }) => episode.status === 'open' && episode.escalated) ? 0 : row.spans.some(({ episode }) => episode.status === 'open') ? 1 : 2);
  const byUrgency = [...episodes].sort((a, b) => resolvedLast(a, b) || Number(b.escalated) - Number(a.escalated) || b.durationDays - a.durationDays || byName(a, b));
  return {
    open: byUrgency.filter((episode) => episode.status === 'open').map((episode) => ({ episode, response: responseTo(episode.customer) })),
    resolved: episodes.filter((episode) => episode.status === 'resolved').sort((a, b) => compareText(b.resolvedOn ?? '', a.resolvedOn ?? '') || byName(a, b)),
    byCustomer: [...episodes].sort((a, b) => resolvedLast(a, b) || byName(a, b) || compareText(a.since, b.since)),
    byUrgency,
    rows: rows.sort((a, b) => compareText(a.team ?? '', b.team ?? '') || rank(a) - rank(b) || byName(a, b)),
  };
}

// ---------------------------------------------------------------------------------------------
// Scores

/** The scale each score id is drawn on: the question's, else one around every value it took. */
function axesOf(scores: readonly ScoreSummary[], scales: Scales): (id: string) => Scale {
  const axes = new Map<string, Scale>();
  return (id) => {
    let axis = axes.get(id);
    if (!axis) {
      const known = scales[id];
      const same = scores.filter((score) => score.id === id);
      axis = known && known.max > known.min ? known : scaleAround(extentOf(same.map((score) => score.min)).min, extentOf(same.map((score) => score.max)).max);
      axes.set(id, axis);
    }
    return axis;
  };
}

function scaleAround(low: number, high: number): Scale {
  // No values at all: a team section of a hand-edited JSON rollup may score what its records do not.
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { min: 0, max: 1 };
  if (low >= 1 && high <= 5) return { min: 1, max: 5 };
  const min = Math.floor(low);
  const max = Math.ceil(high);
  return max > min ? { min, max } : { min: min - 1, max: max + 1 };
}

function scoreCharts({ rollup, several, axis }: Basis, teams: readonly TeamView[]): ScoreChart[] {
  const organisation = rollup.organisation;
  const cadence = (ritual: string) => organisation.cadence.find((row) => row.ritual === ritual)?.cadence ?? 'year';
  const ids = [...new Set(organisation.scores.map((score) => score.id))].sort(compareText);
  return ids.map((id) => {
    const scores = organisation.scores.filter((score) => score.id === id);
    const summaries = [...scores].sort((a, b) => CADENCE_RANK[cadence(a.ritual)] - CADENCE_RANK[cadence(b.ritual)] || compareText(a.ritual, b.ritual));
    const panels: ScorePanel[] = several
      ? teams
          .filter((view) => view.team.scores.some((point) => point.id === id))
          .map((view) => ({ team: view, series: view.team.summary.scores.filter((score) => score.id === id), main: mainScore(view.team.summary.scores, id) }))
      : [{ series: scores, main: mainScore(summaries, id) }];
    return { id, axis: axis(id), summaries, panels };
  });
}

// ---------------------------------------------------------------------------------------------
// Customers, voice, value, actions

function silentCustomers({ rollup, customerName }: Basis): SilentCustomer[] {
  const registry = new Map(rollup.registry.map((customer) => [customer.id, customer]));
  return rollup.organisation.silentCustomers.map((id) => {
    const customer = registry.get(id);
    return { name: customerName(id), segment: customer?.segment, owner: customer?.owner };
  });
}

function voiceView({ rollup, customerName, where, flagged, full, period }: Basis): VoiceView {
  const summary = rollup.organisation;
  const quotes = groupBy(
    rollup.teams.flatMap((team) => team.quotes),
    speakerKey,
  );
  const latestFirst = latestFirstBy(period);
  const groups = summary.voice.map((group): VoiceGroupView => {
    const all = (quotes.get(speakerKey(group)) ?? []).map((quote) => ({ quote, words: wordsOf(quote), where: where(quote) }));
    const isFlagged = group.customer !== undefined && flagged.has(group.customer);
    const shown = full ? all : [...all].sort((a, b) => latestFirst(a.quote, b.quote)).slice(0, isFlagged ? CONCISE.flaggedQuotes : CONCISE.quotes);
    return {
      title: group.customer !== undefined ? customerName(group.customer) : group.who !== undefined ? `${group.who} (not in the registry)` : 'Not attributed',
      ...(group.customer === undefined ? {} : { customer: group.customer }),
      quotes: all,
      shown,
      flagged: isFlagged,
    };
  });
  // Customers not receiving value first: their words say what is wrong.
  groups.sort((a, b) => Number(b.flagged) - Number(a.flagged));
  return { quotes: quoteCount(summary), groups, themes: summary.themes };
}

/** Records of the latest period first (a month's and a week's by their first day). */
function latestFirstBy(period: PeriodLookup): (a: { period: string }, b: { period: string }) => number {
  const start = (label: string) => period(label)?.range.start ?? label;
  return (a, b) => compareText(start(b.period), start(a.period));
}

function claimGroups({ flagged, full, period, customerName }: Basis, claims: readonly ClaimView[]): ReportView['claimGroups'] {
  const latestFirst = latestFirstBy(period);
  const withEvidenceFirst = (a: ClaimView, b: ClaimView) => Number(b.claim.evidence !== undefined) - Number(a.claim.evidence !== undefined) || latestFirst(a.claim, b.claim);
  const groups = [...groupBy(claims, (view) => speakerKey(view.claim)).values()].map((group) => {
    const { customer, who } = group[0]!.claim;
    const sorted = [...group].sort(withEvidenceFirst);
    return { ...(who === undefined ? {} : { who }), ...(customer === undefined ? {} : { customer }), claims: sorted, shown: full ? sorted : sorted.slice(0, CONCISE.claims) };
  });
  const name = (group: { customer?: string; who?: string }) => (group.customer !== undefined ? customerName(group.customer) : (group.who ?? ''));
  const isFlagged = (group: { customer?: string }) => group.customer !== undefined && flagged.has(group.customer);
  return groups.sort((a, b) => Number(isFlagged(b)) - Number(isFlagged(a)) || compareText(name(a), name(b)));
}

function speakerKey(record: Pick<Quote, 'customer' | 'who'>): string {
  return JSON.stringify([record.customer, record.who]);
}

function wordsOf(quote: Quote): string {
  if (quote.tags.length === 0) return quote.text;
  return withoutTags(quote.text).replace(/\s+/g, ' ').trim() || quote.text;
}

function claimView(claim: ValueClaim, { customerName, where }: Basis): ClaimView {
  return { claim, who: claim.customer !== undefined ? customerName(claim.customer) : claim.who, where: where(claim) };
}

/** Open escalated flags, then open flags, overdue actions and missed rituals: the team that needs a leader first. */
function byConcern(a: TeamView, b: TeamView): number {
  const concern = ({ team }: TeamView) => [team.summary.flags.openEscalated, team.summary.flags.open, team.summary.actions.overdue, team.summary.cadence.reduce((sum, row) => sum + row.missing.length, 0)];
  const [x, y] = [concern(a), concern(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i]! - x[i]!;
  return compareText(a.name ?? '', b.name ?? '');
}

function openActions(actions: readonly ActionRecord[]): ActionRecord[] {
  return actions
    .filter((action) => action.state === 'open')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (b.ageDays ?? 0) - (a.ageDays ?? 0) || compareText(a.title, b.title));
}
