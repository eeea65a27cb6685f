/**
 * The terminal views of `status`, `customers` and `actions`: what each shows, decided from the
 * rollup, and its rendering as lines of text in the colours of a palette (plain when colour is off).
 */
import { teamName, type Config, type RitualConfig } from '../domain/config.js';
import { periodLookup, periodOrder, type Day } from '../domain/period.js';
import { customerName, type Customer } from '../domain/registry.js';
import type { ActionRecord, CustomerSummary, FlagEpisode, Rollup } from '../domain/rollup/model.js';
import { markedPeriods, statusTeams, teamRitualStatuses, type RitualStatus } from '../domain/status.js';
import { duration, sparkline } from './markdown.js';

/**
 * Colours for text on a terminal; plain text when colour is off. Pad before painting: what a
 * colour adds to a string is not its width.
 */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain = (text: string) => text;

// ---------------------------------------------------------------------------------------------
// status

export interface TeamStatus {
  team?: string;
  name?: string;
  rituals: RitualStatus[];
  actions: { open: number; overdue: number };
  flags: (Pick<FlagEpisode, 'customer' | 'since' | 'durationDays' | 'escalated' | 'reason'> & { name: string })[];
  /** Weekly scores this year, for a sparkline: the trend says more than any one week. */
  scores: { id: string; values: number[]; average: number; trend: string | null }[];
}

/** Per team (or the one team asked for): each ritual's status, open actions, open flags, weekly scores. */
export function statusView(rollup: Rollup, customers: readonly Customer[], config: Config, today: Day, team: string | undefined, held: (team: string | undefined, ritual: RitualConfig) => Set<string>): TeamStatus[] {
  const marked = markedPeriods(rollup);
  // By team, once: an organisation's status shows a thousand teams.
  const sections = new Map(rollup.teams.map((section) => [section.team, section]));
  return statusTeams(config, team).map((team) => {
    const rituals = teamRitualStatuses(config, today, team, held, marked);
    const section = sections.get(team);
    const open = section?.actions.filter((action) => action.state === 'open') ?? [];
    return {
      ...(team ? { team, name: section?.name ?? teamName(config, team) } : {}),
      rituals,
      actions: { open: open.length, overdue: open.filter((action) => action.overdue).length },
      flags: (section?.flags ?? [])
        .filter((flag) => flag.status === 'open')
        .map((flag) => ({ customer: flag.customer, name: customerName(customers, flag.customer), since: flag.since, durationDays: flag.durationDays, escalated: flag.escalated, reason: flag.reason }))
        .sort((a, b) => Number(b.escalated) - Number(a.escalated) || b.durationDays - a.durationDays),
      scores: (section?.summary.scores ?? [])
        .filter((score) => score.ritual === 'weekly')
        .map((score) => ({ id: score.id, values: score.series.map((point) => point.value), average: score.average, trend: score.trend })),
    };
  });
}

export function renderStatus(teams: readonly TeamStatus[], today: string, scales: Record<string, { min: number; max: number }>, color: Palette): string {
  const lines: string[] = [];
  for (const team of teams) {
    if (team.team) lines.push(color.bold(`${team.name} (${team.team})`));
    for (const ritual of team.rituals) {
      const [state, paint] = ritual.overdue
        ? [`OVERDUE: ${ritual.overdue} ${ritual.inProgress === ritual.overdue ? 'in progress' : 'not held'}`, color.red]
        : ritual.currentHeld
          ? [`held ${ritual.current}`, color.green]
          : ritual.skipped
            ? [`skipped ${ritual.skipped}`, color.dim]
          : ritual.next
            ? ritual.inProgress === ritual.next.period
              ? [`in progress: ${ritual.next.period} by ${ritual.next.dueBy}`, color.yellow]
              : [`due: ${ritual.next.period} by ${ritual.next.dueBy}`, plain]
            : [`ended ${ritual.until ?? ''}`, color.dim];
      const streak = ritual.streak > 0 ? `streak ${ritual.streak}` : color.dim('no streak');
      lines.push(`  ${ritual.ritual.padEnd(10)} ${paint(state.padEnd(32))} last ${(ritual.lastHeld ?? '—').padEnd(10)} ${streak}`);
    }
    const actions = `${team.actions.open} open action${team.actions.open === 1 ? '' : 's'}${team.actions.overdue > 0 ? color.red(` (${team.actions.overdue} overdue)`) : ''}`;
    const flags = team.flags.length === 0 ? color.green('every customer receiving value') : `${team.flags.length} customer${team.flags.length === 1 ? '' : 's'} not receiving value`;
    lines.push(`  ${actions} · ${flags}`);
    for (const flag of team.flags) {
      const mark = flag.escalated ? color.red('ESCALATED ') : '';
      lines.push(`    ${mark}${flag.name}: ${duration(flag.durationDays)} since ${flag.since}${flag.reason ? ` (${flag.reason})` : ''}`);
    }
    for (const score of team.scores) {
      const scale = scales[score.id];
      lines.push(`  ${score.id.replace(/_/g, ' ')} ${color.cyan(sparkline(score.values, scale?.min, scale?.max))} ${score.average.toFixed(1)} on average${score.trend ? `, ${score.trend}` : ''}`);
    }
    lines.push('');
  }
  lines.push(color.dim(`as of ${today} · rhythm actions --overdue · rhythm customers · rhythm report`));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// customers

export interface CustomerRow {
  id: string;
  name: string;
  lastContact?: string;
  weeksInContact: number;
  weeksFlagged: number;
  openFlag?: { since: string; days: number; escalated: boolean; reason: string };
  silent: boolean;
}

/**
 * Every customer of the rollup and of the registry (with its last contact ever, when the rollup
 * was given the reviews before its period), escalated first, then flagged, then silent.
 */
export function customerRows(rollup: Rollup): CustomerRow[] {
  const flags = rollup.teams.flatMap((team) => team.flags).filter((flag) => flag.status === 'open');
  const seen = new Set(rollup.organisation.customers.map((customer) => customer.id));
  const neverContacted = rollup.registry.filter((customer) => !seen.has(customer.id)).map((customer): CustomerSummary => ({ id: customer.id, name: customer.name, known: true, weeksInContact: 0, weeksFlagged: 0, teams: [] }));
  return [...rollup.organisation.customers, ...neverContacted]
    .map((customer) => {
      const flag = flags.filter((f) => f.customer === customer.id).sort((a, b) => b.durationDays - a.durationDays)[0];
      return {
        id: customer.id,
        name: customer.name,
        ...(customer.lastContact ? { lastContact: customer.lastContact.period } : {}),
        weeksInContact: customer.weeksInContact,
        weeksFlagged: customer.weeksFlagged,
        ...(flag ? { openFlag: { since: flag.since, days: flag.durationDays, escalated: flag.escalated, reason: flag.reason } } : {}),
        silent: rollup.organisation.silentCustomers.includes(customer.id),
      };
    })
    .sort((a, b) => Number(Boolean(b.openFlag?.escalated)) - Number(Boolean(a.openFlag?.escalated)) || Number(Boolean(b.openFlag)) - Number(Boolean(a.openFlag)) || Number(b.silent) - Number(a.silent) || a.name.localeCompare(b.name));
}

export function renderCustomerRows(rollup: Rollup, rows: readonly CustomerRow[], color: Palette): string {
  const width = Math.max(8, ...rows.map((row) => row.name.length));
  const header = `${'customer'.padEnd(width)}  ${'last contact'.padEnd(17)}  weeks  flagged  not receiving value`;
  const lines = rows.map((row) => {
    const flag = row.openFlag
      ? (row.openFlag.escalated ? color.red : color.yellow)(`${row.openFlag.escalated ? 'ESCALATED ' : ''}since ${row.openFlag.since} (${duration(row.openFlag.days)}): ${row.openFlag.reason}`)
      : '';
    // The last contact is whenever it was; "silent" says there was none in this period.
    const last = `${row.lastContact ?? 'never'}${row.silent ? ' silent' : ''}`.padEnd(17);
    return `${row.name.padEnd(width)}  ${row.silent ? color.red(last) : last}  ${String(row.weeksInContact).padStart(5)}  ${String(row.weeksFlagged).padStart(7)}  ${flag}`;
  });
  return [color.bold(header), ...lines, '', color.dim(`${rollup.period.label} (${rollup.period.start} – ${rollup.period.end}) · rhythm customers <id> for one customer's timeline`)].join('\n');
}

export interface CustomerEvent {
  period: string;
  team?: string;
  kind: 'contact' | 'quote' | 'flagged' | 'resolved' | 'value' | 'action';
  text: string;
}

/** One customer's contacts, quotes, value, flags and tagged actions, in time order. */
export function customerTimeline(rollup: Rollup, id: string): CustomerEvent[] {
  const order = periodOrder(periodLookup({ fiscalYearStartMonth: rollup.fiscalYearStartMonth }));
  const events: CustomerEvent[] = [];
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
      if (flag.resolvedIn) events.push({ period: flag.resolvedIn, ...where, kind: 'resolved', text: `receiving value again after ${duration(flag.resolutionDays ?? 0)}${flag.note ? `: ${flag.note}` : ''}` });
    }
    for (const action of team.actions.filter((a) => a.tags.includes(id)))
      events.push({ period: action.since, ...where, kind: 'action', text: `[${action.state === 'open' ? ' ' : action.state === 'done' ? 'x' : '-'}] ${action.title}${action.owner ? ` @${action.owner}` : ''}${action.due ? ` due:${action.due}` : ''}` });
  }
  const rank: Record<CustomerEvent['kind'], number> = { flagged: 0, resolved: 1, contact: 2, quote: 3, value: 4, action: 5 };
  return events.sort((a, b) => order(a.period, b.period) || rank[a.kind] - rank[b.kind] || (a.team ?? '').localeCompare(b.team ?? ''));
}

export function renderCustomerTimeline(name: string, rollup: Rollup, events: readonly CustomerEvent[], color: Palette): string {
  const paint: Record<CustomerEvent['kind'], (text: string) => string> = {
    flagged: color.red,
    resolved: color.green,
    contact: color.dim,
    quote: plain,
    value: color.cyan,
    action: plain,
  };
  const lines = [color.bold(`${name} — ${rollup.period.label}`)];
  if (events.length === 0) lines.push(color.yellow('no contact, quote, flag or action this year: a silent customer'));
  for (const event of events) lines.push(`${event.period.padEnd(10)} ${(event.team ?? '').padEnd(12)} ${paint[event.kind](`${event.kind.padEnd(8)} ${event.text}`)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// actions

/** One open action; `id`, its short id (rhythm done <id>), leads the line when given. */
export function renderActionLine(action: ActionRecord, color: Palette, id?: string): string {
  const due = action.due ? (action.overdue ? color.red : plain)(`due ${action.due}`.padEnd(14)) : color.dim('no due date'.padEnd(14));
  const owner = action.owner ? `@${action.owner}`.padEnd(10) : color.yellow('no owner'.padEnd(10));
  const tags = action.tags.map((tag) => `#${tag}`).join(' ');
  return `${id === undefined ? '' : `${color.bold(id)}  `}${owner} ${due} ${String(action.ageDays ?? 0).padStart(3)}d  ${action.title}${tags ? ` ${color.cyan(tags)}` : ''}  ${color.dim(action.file)}`;
}

