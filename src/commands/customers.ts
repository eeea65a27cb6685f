import { customerName } from '../domain/registry.js';
import type { Rollup } from '../domain/rollup/model.js';
import { periodLookup, periodOrder } from '../domain/period.js';
import { ExitCode, UsageError } from '../errors.js';
import type { RunEnv } from '../run/env.js';
import { currentRollup } from '../run/rollup.js';

export interface CustomersOptions {
  id?: string;
  team?: string;
  date?: string;
  json: boolean;
  strict: boolean;
}

/** `rhythm customers [id]`: who we hear from and who is not receiving value; with an id, one customer's year. */
export async function customers(env: RunEnv, options: CustomersOptions): Promise<ExitCode> {
  const { rollup, customers: registry } = await currentRollup(env, options);
  if (options.id !== undefined) {
    const known = rollup.organisation.customers.some((customer) => customer.id === options.id) || registry.some((customer) => customer.id === options.id);
    if (!known) throw new UsageError(`unknown customer "${options.id}": run rhythm customers for the list`);
    const events = timeline(rollup, options.id);
    if (options.json) env.output.data(JSON.stringify({ customer: options.id, name: customerName(registry, options.id), period: rollup.period, events }, null, 2));
    else env.output.data(renderTimeline(env, customerName(registry, options.id), rollup, events));
    return ExitCode.ok;
  }
  const rows = table(rollup);
  if (options.json) env.output.data(JSON.stringify({ period: rollup.period, customers: rows }, null, 2));
  else env.output.data(renderTable(env, rollup, rows));
  return ExitCode.ok;
}

interface Row {
  id: string;
  name: string;
  lastContact?: string;
  weeksInContact: number;
  weeksFlagged: number;
  openFlag?: { since: string; weeks: number; escalated: boolean; reason: string };
  silent: boolean;
}

function table(rollup: Rollup): Row[] {
  const flags = rollup.teams.flatMap((team) => team.flags).filter((flag) => flag.status === 'open');
  return rollup.organisation.customers
    .map((customer) => {
      const flag = flags.filter((f) => f.customer === customer.id).sort((a, b) => b.durationWeeks - a.durationWeeks)[0];
      return {
        id: customer.id,
        name: customer.name,
        ...(customer.lastContact ? { lastContact: customer.lastContact.period } : {}),
        weeksInContact: customer.weeksInContact,
        weeksFlagged: customer.weeksFlagged,
        ...(flag ? { openFlag: { since: flag.since, weeks: flag.durationWeeks, escalated: flag.escalated, reason: flag.reason } } : {}),
        silent: rollup.organisation.silentCustomers.includes(customer.id),
      };
    })
    .sort((a, b) => Number(Boolean(b.openFlag?.escalated)) - Number(Boolean(a.openFlag?.escalated)) || Number(Boolean(b.openFlag)) - Number(Boolean(a.openFlag)) || Number(b.silent) - Number(a.silent) || a.name.localeCompare(b.name));
}

function renderTable(env: RunEnv, rollup: Rollup, rows: Row[]): string {
  const { color } = env.output;
  const width = Math.max(8, ...rows.map((row) => row.name.length));
  const header = `${'customer'.padEnd(width)}  ${'last contact'.padEnd(12)}  weeks  flagged  not receiving value`;
  const lines = rows.map((row) => {
    const flag = row.openFlag
      ? (row.openFlag.escalated ? color.red : color.yellow)(`${row.openFlag.escalated ? 'ESCALATED ' : ''}since ${row.openFlag.since} (${row.openFlag.weeks} wk): ${row.openFlag.reason}`)
      : '';
    const last = row.lastContact ?? color.red('silent');
    return `${row.name.padEnd(width)}  ${last.padEnd(color.enabled && !row.lastContact ? 22 : 12)}  ${String(row.weeksInContact).padStart(5)}  ${String(row.weeksFlagged).padStart(7)}  ${flag}`;
  });
  return [color.bold(header), ...lines, '', color.dim(`${rollup.period.label} (${rollup.period.start} – ${rollup.period.end}) · rhythm customers <id> for one customer's timeline`)].join('\n');
}

interface Event {
  period: string;
  team?: string;
  kind: 'contact' | 'quote' | 'flagged' | 'resolved' | 'value' | 'action';
  text: string;
}

function timeline(rollup: Rollup, id: string): Event[] {
  const order = periodOrder(periodLookup({ fiscalYearStartMonth: rollup.fiscalYearStartMonth }));
  const events: Event[] = [];
  for (const team of rollup.teams) {
    const where = team.team ? { team: team.team } : {};
    for (const activity of team.customers.filter((c) => c.customer === id)) {
      for (const week of activity.contactWeeks) events.push({ period: week, ...where, kind: 'contact', text: 'talked to' });
    }
    for (const quote of team.quotes.filter((q) => q.customer === id)) events.push({ period: quote.period, ...where, kind: 'quote', text: quote.text });
    for (const claim of team.claims.filter((c) => c.customer === id))
      events.push({ period: claim.period, ...where, kind: 'value', text: `${claim.text}${claim.evidence ? ` (evidence: ${claim.evidence})` : ''}` });
    for (const flag of team.flags.filter((f) => f.customer === id)) {
      events.push({ period: flag.since, ...where, kind: 'flagged', text: `not receiving value: ${flag.reason}${flag.escalated ? ' (escalated)' : ''}` });
      if (flag.resolvedIn) events.push({ period: flag.resolvedIn, ...where, kind: 'resolved', text: `receiving value again after ${flag.resolutionWeeks} week(s)${flag.note ? `: ${flag.note}` : ''}` });
    }
    for (const action of team.actions.filter((a) => a.tags.includes(id)))
      events.push({ period: action.since, ...where, kind: 'action', text: `[${action.state === 'open' ? ' ' : action.state === 'done' ? 'x' : '-'}] ${action.title}${action.owner ? ` @${action.owner}` : ''}${action.due ? ` due:${action.due}` : ''}` });
  }
  const rank: Record<Event['kind'], number> = { flagged: 0, resolved: 1, contact: 2, quote: 3, value: 4, action: 5 };
  return events.sort((a, b) => order(a.period, b.period) || rank[a.kind] - rank[b.kind] || (a.team ?? '').localeCompare(b.team ?? ''));
}

function renderTimeline(env: RunEnv, name: string, rollup: Rollup, events: Event[]): string {
  const { color } = env.output;
  const paint: Record<Event['kind'], (text: string) => string> = {
    flagged: color.red,
    resolved: color.green,
    contact: color.dim,
    quote: (text) => text,
    value: color.cyan,
    action: (text) => text,
  };
  const lines = [color.bold(`${name} — ${rollup.period.label}`)];
  if (events.length === 0) lines.push(color.yellow('no contact, quote, flag or action this year: a silent customer'));
  for (const event of events) lines.push(`${event.period.padEnd(10)} ${(event.team ?? '').padEnd(12)} ${paint[event.kind](`${event.kind.padEnd(8)} ${event.text}`)}`);
  return lines.join('\n');
}
