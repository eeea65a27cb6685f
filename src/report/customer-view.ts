/**
 * One customer as a rollup knows it, in the teams' own words: when we were in touch, what they
 * told us, every stretch of not receiving value and how long it took, the value we claim and its
 * evidence, and what is being done (domain/rollup/responses.ts). The page of a customer in the
 * site and the customer value brief are rendered from it. Pure: rollup in, view out.
 */
import { compareText } from '../domain/collections.js';
import { periodLookup, type Day } from '../domain/period.js';
import type { ActionRecord, Contact, FlagEpisode, Quote, Rollup, ScoreSummary, ValueClaim } from '../domain/rollup/model.js';
import { isAbout, responsesFor, type Response } from '../domain/rollup/responses.js';

export interface CustomerView {
  id: string;
  /** The registry's name, else the id. */
  name: string;
  /** In the registry. */
  known: boolean;
  segment?: string;
  owner?: string;
  /** The teams with any record of the customer, by id, in the rollup's order. */
  teams: string[];
  /** Weeks in contact in the period, over every team (a week counted once). */
  contactWeeks: string[];
  weeksFlagged: number;
  lastContact?: Contact;
  /** Every flag episode, open first, then the latest. */
  flags: FlagEpisode[];
  /** Open now (as of the rollup's day). */
  openFlags: FlagEpisode[];
  /** The customer's words, the latest first. */
  quotes: Quote[];
  /** The value claimed, the latest first; with evidence or without. */
  claims: ValueClaim[];
  /** Every action about the customer (open, done, dropped), open first, then the latest closed. */
  actions: ActionRecord[];
  /** What is being done now: the open actions, their owners and the next due date. */
  response: Response;
  /**
   * The value-confidence scores of the teams that work with the customer, per team: a team's
   * confidence is not the customer's, but it is what the reviews hold.
   */
  confidence: { team?: string; score: ScoreSummary }[];
  /** The first and last period with any record of the customer (contact, quote, claim, flag). */
  first?: string;
  last?: string;
  today: Day;
}

/** The customer's view, or undefined when the rollup holds no record of it and the registry does not list it. */
export function customerView(rollup: Rollup, id: string): CustomerView | undefined {
  const registered = rollup.registry.find((customer) => customer.id === id);
  const summary = rollup.organisation.customers.find((customer) => customer.id === id);
  const named = { id, name: registered?.name ?? summary?.name };
  const about = isAbout(named);
  const quotes: Quote[] = [];
  const claims: ValueClaim[] = [];
  const flags: FlagEpisode[] = [];
  const actions: ActionRecord[] = [];
  const contactWeeks = new Set<string>();
  const teams: string[] = [];
  const confidence: CustomerView['confidence'] = [];
  for (const team of rollup.teams) {
    const activity = team.customers.find((entry) => entry.customer === id);
    for (const week of activity?.contactWeeks ?? []) contactWeeks.add(week);
    const before = quotes.length + claims.length + flags.length + actions.length;
    quotes.push(...team.quotes.filter((quote) => quote.customer === id));
    claims.push(...team.claims.filter((claim) => claim.customer === id));
    flags.push(...team.flags.filter((flag) => flag.customer === id));
    actions.push(...team.actions.filter(about));
    const involved = activity !== undefined || quotes.length + claims.length + flags.length + actions.length > before;
    if (!involved) continue;
    if (team.team !== undefined) teams.push(team.team);
    const score = team.summary.scores.find((entry) => entry.id === 'value_confidence' && entry.ritual === 'weekly') ?? team.summary.scores.find((entry) => entry.id === 'value_confidence');
    if (score) confidence.push({ ...(team.team === undefined ? {} : { team: team.team }), score });
  }
  if (!registered && !summary && teams.length === 0 && quotes.length + claims.length + flags.length + actions.length === 0) return undefined;
  const chronological = byStart(rollup);
  const latestFirst = <T extends { period: string }>(a: T, b: T) => chronological(b.period, a.period);
  const periods = [...contactWeeks, ...quotes.map((quote) => quote.period), ...claims.map((claim) => claim.period), ...flags.map((flag) => flag.since)].sort(chronological);
  return {
    id,
    name: named.name ?? id,
    known: registered !== undefined,
    ...(registered?.segment === undefined ? {} : { segment: registered.segment }),
    ...(registered?.owner === undefined ? {} : { owner: registered.owner }),
    teams,
    contactWeeks: [...contactWeeks].sort(chronological),
    weeksFlagged: summary?.weeksFlagged ?? 0,
    ...(summary?.lastContact === undefined ? {} : { lastContact: summary.lastContact }),
    flags: flags.sort((a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved') || compareText(b.sinceDay, a.sinceDay)),
    openFlags: flags.filter((flag) => flag.status === 'open'),
    quotes: quotes.sort(latestFirst),
    claims: claims.sort(latestFirst),
    actions: actions.sort((a, b) => Number(a.state !== 'open') - Number(b.state !== 'open') || compareText(b.closedOn ?? b.openedOn, a.closedOn ?? a.openedOn)),
    response: responsesFor(actions)(named),
    confidence,
    ...(periods.length === 0 ? {} : { first: periods[0], last: periods[periods.length - 1] }),
    today: rollup.today,
  };
}

/** Periods of any kind (a week, a month, a quarter) by their first day, then by label. */
function byStart(rollup: Rollup): (a: string, b: string) => number {
  const lookup = periodLookup({ fiscalYearStartMonth: rollup.fiscalYearStartMonth });
  const start = (label: string) => lookup(label)?.range.start ?? label;
  return (a, b) => compareText(start(a), start(b)) || compareText(a, b);
}

/** Every customer a rollup can show a page for: the registry's, then any other with a record, by name. */
export function customerIds(rollup: Rollup): string[] {
  const ids = new Set(rollup.registry.map((customer) => customer.id));
  for (const customer of rollup.organisation.customers) ids.add(customer.id);
  for (const team of rollup.teams) {
    for (const record of [...team.quotes, ...team.claims]) if (record.customer !== undefined) ids.add(record.customer);
    for (const flag of team.flags) ids.add(flag.customer);
  }
  const names = new Map(rollup.registry.map((customer) => [customer.id, customer.name]));
  const name = (id: string) => names.get(id) ?? id;
  return [...ids].sort((a, b) => compareText(name(a), name(b)));
}
