/**
 * A rollup as markdown: the report people read (`rhythm report`), and the short summary a
 * quarterly or annual review starts from. Pure: rollup in, text out.
 */
import { describePeriod, parsePeriod, PeriodError, type Calendar } from '../domain/period.js';
import type { ActionRecord, CadenceSummary, FlagEpisode, Quote, Rollup, ScoreSummary, Summary } from '../domain/rollup/model.js';
import { compareText } from '../domain/collections.js';

export interface RenderOptions {
  /** A section per team after the organisation figures; default: when there are several teams. */
  byTeam?: boolean;
  /** Known scales of scores, so sparklines use the whole scale: `{ value_confidence: { min: 1, max: 5 } }`. */
  scales?: Record<string, { min: number; max: number }>;
}

const BARS = '▁▂▃▄▅▆▇█';
const MAX_NAMES = 6;
const MAX_MISSING = 4;

/** `▁▃▅█`: one bar per value, scaled to [min, max] (by default the values' own range). */
export function sparkline(values: readonly number[], min?: number, max?: number): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return '';
  const low = min ?? Math.min(...finite);
  const high = max ?? Math.max(...finite);
  return finite
    .map((value) => {
      // A flat line sits in the middle: neither good nor bad, just unchanged.
      if (high <= low) return BARS[3];
      const position = Math.round(((Math.min(Math.max(value, low), high) - low) / (high - low)) * (BARS.length - 1));
      return BARS[position];
    })
    .join('');
}

export function renderRollupMarkdown(rollup: Rollup, options: RenderOptions = {}): string {
  const view = viewOf(rollup, options);
  const blocks = [
    `# Customer rollup — ${periodTitle(rollup)}`,
    subtitle(view),
    executiveSummary(rollup, options).join('\n'),
    cadenceSection(view),
    flagsSection(view),
    customersSection(view),
    scoresSection(view),
    voiceSection(view),
    valueSection(view),
    actionsSection(view),
  ];
  if (options.byTeam ?? rollup.teams.length > 1) blocks.push(byTeamSection(view));
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/** One line of the executive summary, with the tone a reader should see at once (HTML colours it). */
export interface SummaryItem {
  label: string;
  text: string;
  tone: 'bad' | 'warn' | 'good' | 'neutral';
}

/** At most five items a leader reads first: who is not getting value, who is silent, gaps, confidence, actions. */
export function executiveSummaryItems(rollup: Rollup, options: RenderOptions = {}): SummaryItem[] {
  const view = viewOf(rollup, options);
  const summary = rollup.organisation;
  const items = [
    flagsLine(view, rollup.teams.flatMap((team) => team.flags), summary),
    silentLine(view, summary),
    cadenceLine(view, summary.cadence, rollup.teams.length > 1),
    confidenceLine(view, summary.scores),
    actionsLine(summary),
  ];
  return items.filter((item): item is SummaryItem => item !== undefined).slice(0, 5);
}

/** The executive summary as markdown list lines. */
export function executiveSummary(rollup: Rollup, options: RenderOptions = {}): string[] {
  return executiveSummaryItems(rollup, options).map(summaryLine);
}

function summaryLine(item: Pick<SummaryItem, 'label' | 'text'>): string {
  return `- **${item.label}:** ${item.text}`;
}

/** A short summary (at most 15 lines) to embed into a quarterly or annual review. */
export function renderSummaryMarkdown(rollup: Rollup, options: RenderOptions = {}): string {
  const view = viewOf(rollup, options);
  const summary = rollup.organisation;
  const lines = [
    `**Rollup of ${periodTitle(rollup)}** (as of ${rollup.today}${teamsNote(view)})`,
    '',
    ...executiveSummary(rollup, options),
    customersLine(summary),
    voiceLine(summary),
    valueLine(summary),
  ].filter((line): line is string => line !== undefined);
  return `${lines.slice(0, 15).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// What every section needs to know

interface View {
  rollup: Rollup;
  options: RenderOptions;
  customerName: (id: string) => string;
  teamName: (id: string | undefined) => string;
}

function viewOf(rollup: Rollup, options: RenderOptions): View {
  const customers = new Map(rollup.registry.map((customer) => [customer.id, customer.name]));
  const teams = new Map(rollup.teams.map((team) => [team.team, team.name ?? team.team]));
  return {
    rollup,
    options,
    customerName: (id) => customers.get(id) ?? id,
    teamName: (id) => (id === undefined ? '—' : (teams.get(id) ?? id)),
  };
}

function periodTitle(rollup: Rollup): string {
  const calendar: Calendar = { fiscalYearStartMonth: rollup.fiscalYearStartMonth };
  try {
    return describePeriod(parsePeriod(rollup.period.label, calendar), calendar);
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    return `${rollup.period.label}, ${rollup.period.start} – ${rollup.period.end}`;
  }
}

function teamsNote(view: View): string {
  const named = view.rollup.teams.filter((team) => team.team !== undefined).map((team) => view.teamName(team.team));
  return named.length === 0 ? '' : `; ${named.length === 1 ? 'team' : 'teams'}: ${named.join(', ')}`;
}

function subtitle(view: View): string {
  return `_As of ${view.rollup.today}${teamsNote(view)}._`;
}

// ---------------------------------------------------------------------------------------------
// Summary lines

function flagsLine(view: View, episodes: readonly FlagEpisode[], summary: Summary): SummaryItem {
  const open = openFlagsByCustomer(episodes);
  const resolved =
    summary.flags.resolved === 0
      ? ''
      : `; ${summary.flags.resolved} resolved, median ${weeks(summary.flags.medianResolutionWeeks ?? 0)} to resolve`;
  const label = 'Not receiving value';
  if (open.length === 0) return { label, text: `no open flags${resolved}`, tone: 'good' };
  const names = open.map(
    (flag) => `${view.customerName(flag.customer)} (${flag.escalated ? 'escalated, ' : ''}${weeks(flag.durationWeeks)})`,
  );
  return { label, text: `${truncatedList(names, MAX_NAMES)}${resolved}`, tone: 'bad' };
}

/** One entry per customer (several teams may flag the same one): the longest flag, escalated first. */
function openFlagsByCustomer(episodes: readonly FlagEpisode[]): { customer: string; durationWeeks: number; escalated: boolean }[] {
  const byCustomer = new Map<string, { customer: string; durationWeeks: number; escalated: boolean }>();
  for (const episode of episodes) {
    if (episode.status !== 'open') continue;
    const current = byCustomer.get(episode.customer);
    byCustomer.set(episode.customer, {
      customer: episode.customer,
      durationWeeks: Math.max(current?.durationWeeks ?? 0, episode.durationWeeks),
      escalated: (current?.escalated ?? false) || episode.escalated,
    });
  }
  return [...byCustomer.values()].sort(
    (a, b) => Number(b.escalated) - Number(a.escalated) || b.durationWeeks - a.durationWeeks || compareText(a.customer, b.customer),
  );
}

function silentLine(view: View, summary: Summary): SummaryItem | undefined {
  if (view.rollup.registry.length === 0) return undefined;
  const label = 'Silent customers';
  if (summary.silentCustomers.length === 0) return { label, text: 'none, every customer was contacted', tone: 'good' };
  return { label, text: truncatedList(summary.silentCustomers.map(view.customerName), MAX_NAMES), tone: 'warn' };
}

function cadenceLine(view: View, cadence: readonly CadenceSummary[], several: boolean): SummaryItem | undefined {
  const rows = cadence.filter((row) => row.expected > 0);
  if (rows.length === 0) return undefined;
  const parts = rows.map((row) => {
    const held = `${row.ritual} ${row.held} of ${row.expected} held`;
    if (row.missing.length === 0) return held;
    // One team: which periods. Several: which teams, or the line would be a list of weeks.
    const missing = several
      ? [...groupCounts(row.missing.map((gap) => view.teamName(gap.team)))].map(([team, count]) => `${team} ${count}`)
      : row.missing.map((gap) => gap.period);
    return `${held} (missing ${truncatedList(missing, MAX_MISSING)})`;
  });
  const gaps = rows.some((row) => row.missing.length > 0);
  return { label: 'Cadence', text: `${gaps ? '' : 'no gaps, '}${parts.join('; ')}`, tone: gaps ? 'bad' : 'good' };
}

function confidenceLine(view: View, scores: readonly ScoreSummary[]): SummaryItem | undefined {
  const candidates = scores.filter((score) => score.id === 'value_confidence');
  const score = candidates.find((candidate) => candidate.ritual === 'weekly') ?? candidates[0];
  if (!score) return undefined;
  const trend = score.trend === null ? 'too few weeks for a trend' : `trend ${score.trend}`;
  return {
    label: 'Value confidence',
    text: `${score.average} on average (${score.min}–${score.max}), ${trend} ${sparkOf(view, score)}`.trimEnd(),
    tone: score.trend === 'down' ? 'warn' : score.trend === 'up' ? 'good' : 'neutral',
  };
}

function actionsLine(summary: Summary): SummaryItem | undefined {
  const actions = summary.actions;
  if (actions.total === 0) return undefined;
  return {
    label: 'Actions',
    text: `${actions.open} open${actions.overdue > 0 ? ` (${actions.overdue} overdue)` : ''}, ${actions.closed} done, ${actions.dropped} dropped; ${actions.opened} opened this period`,
    tone: actions.overdue > 0 ? 'warn' : 'good',
  };
}

function customersLine(summary: Summary): string {
  const contacted = summary.customers.filter((customer) => customer.weeksInContact > 0).length;
  return summaryLine({ label: 'Customers', text: `${contacted} talked to, ${summary.customers.filter((customer) => customer.weeksFlagged > 0).length} flagged` });
}

function voiceLine(summary: Summary): string {
  const quotes = summary.voice.reduce((sum, group) => sum + group.quotes, 0);
  const themes = summary.themes.slice(0, 5).map((theme) => `#${theme.tag} (${theme.count})`);
  return summaryLine({ label: 'Voice', text: `${plural(quotes, 'quote')}${themes.length > 0 ? `; themes ${themes.join(', ')}` : ''}` });
}

function valueLine(summary: Summary): string {
  return summaryLine({ label: 'Value delivered', text: `${plural(summary.value.claims, 'claim')}, ${summary.value.withEvidence} with evidence` });
}

// ---------------------------------------------------------------------------------------------
// Sections

function cadenceSection(view: View): string {
  const rows = view.rollup.teams.flatMap((team) =>
    team.cadence.map((row) => [
      view.teamName(row.team),
      row.ritual,
      `${row.expected.filter((label) => row.held.includes(label)).length} of ${row.expected.length}`,
      row.missing.length === 0 ? '—' : row.missing.join(', '),
      String(row.streak),
      row.participants.map((person) => `${person.name} (${person.reviews})`).join(', ') || '—',
    ]),
  );
  if (rows.length === 0) return '## Cadence\n\nNo rituals expected in this period.';
  return `## Cadence\n\n${table(['Team', 'Ritual', 'Held', 'Missing', 'Streak', 'Participants'], rows)}`;
}

function flagsSection(view: View): string {
  const episodes = view.rollup.teams.flatMap((team) => team.flags);
  const heading = '## Not receiving value';
  if (episodes.length === 0) return `${heading}\n\nNo customer was flagged as not receiving value.`;
  const sorted = [...episodes].sort(
    (a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved') || compareText(view.customerName(a.customer), view.customerName(b.customer)) || compareText(a.since, b.since),
  );
  const rows = sorted.map((episode) => [
    view.customerName(episode.customer),
    view.teamName(episode.team),
    episode.since,
    String(episode.durationWeeks),
    episode.status === 'open' ? 'open' : `resolved ${episode.resolvedIn} (${weeks(episode.resolutionWeeks ?? 0)})`,
    episode.escalated ? '**yes**' : 'no',
  ]);
  const flags = view.rollup.organisation.flags;
  const speed =
    flags.medianResolutionWeeks === null
      ? 'No flag was resolved in this period.'
      : `Median time to resolution: ${weeks(flags.medianResolutionWeeks)}; worst: ${weeks(flags.worstResolutionWeeks ?? 0)}.`;
  return `${heading}\n\n${table(['Customer', 'Team', 'Since', 'Weeks', 'Status', 'Escalated'], rows)}\n\n${speed}`;
}

function customersSection(view: View): string {
  const summary = view.rollup.organisation;
  const parts = ['## Customers'];
  if (summary.customers.length === 0) parts.push('No customer contact recorded.');
  else
    parts.push(
      table(
        ['Customer', 'Weeks in contact', 'Last contact', 'Weeks flagged'],
        summary.customers.map((customer) => [
          customer.name,
          String(customer.weeksInContact),
          customer.lastContact ? `${customer.lastContact.period}${customer.lastContact.date ? ` (${customer.lastContact.date})` : ''}` : '—',
          String(customer.weeksFlagged),
        ]),
      ),
    );
  if (summary.silentCustomers.length > 0)
    parts.push(`Silent customers (no contact this period): ${summary.silentCustomers.map(view.customerName).join(', ')}.`);
  return parts.join('\n\n');
}

function scoresSection(view: View): string {
  const scores = view.rollup.organisation.scores;
  if (scores.length === 0) return '## Scores\n\nNo scores recorded.';
  const rows = scores.map((score) => [
    score.id,
    score.ritual,
    String(score.average),
    String(score.min),
    String(score.max),
    score.trend ?? '—',
    sparkOf(view, score) || '—',
  ]);
  const months = scores.map(
    (score) => `- ${score.id} (${score.ritual}) by month: ${score.months.map((month) => `${month.month} ${month.average}`).join(' · ')}`,
  );
  return `## Scores\n\n${table(['Score', 'Ritual', 'Average', 'Min', 'Max', 'Trend', 'Over time'], rows)}\n\n${months.join('\n')}`;
}

function sparkOf(view: View, score: ScoreSummary): string {
  const scale = view.options.scales?.[score.id];
  return sparkline(
    score.series.map((point) => point.value),
    scale?.min,
    scale?.max,
  );
}

function voiceSection(view: View): string {
  const quotes = view.rollup.teams.flatMap((team) => team.quotes);
  const heading = '## Voice of the customer';
  if (quotes.length === 0) return `${heading}\n\nNo quotes recorded.`;
  const groups = view.rollup.organisation.voice.map((group) => {
    const title =
      group.customer !== undefined
        ? view.customerName(group.customer)
        : group.who !== undefined
          ? `${group.who} (not in the registry)`
          : 'Not attributed';
    const items = quotes
      .filter((quote) => quote.customer === group.customer && quote.who === group.who)
      .map((quote) => `- ${inline(quote.text)} — ${where(view, quote)}`);
    return `### ${inline(title)}\n\n${items.join('\n')}`;
  });
  const themes = view.rollup.organisation.themes.map((theme) => `#${theme.tag} (${theme.count})`);
  return [heading, ...groups, themes.length > 0 ? `Themes: ${themes.join(', ')}` : 'No themes tagged.'].join('\n\n');
}

function valueSection(view: View): string {
  const claims = view.rollup.teams.flatMap((team) => team.claims);
  const heading = '## Value delivered';
  if (claims.length === 0) return `${heading}\n\nNo value claims recorded.`;
  const items = claims.map((claim) => {
    const who = claim.customer !== undefined ? view.customerName(claim.customer) : claim.who;
    const evidence = claim.evidence !== undefined ? `evidence: ${inline(claim.evidence)}` : '_no evidence given_';
    return `- ${who !== undefined ? `**${inline(who)}**: ` : ''}${inline(claim.text)} — ${evidence} (${where(view, claim)})`;
  });
  return `${heading}\n\n${items.join('\n')}`;
}

function actionsSection(view: View): string {
  const summary = view.rollup.organisation.actions;
  const heading = '## Actions';
  if (summary.total === 0) return `${heading}\n\nNo actions recorded.`;
  const counts = `Opened ${summary.opened} · done ${summary.closed} · dropped ${summary.dropped} · open ${summary.open} · overdue ${summary.overdue}`;
  const owners = table(
    ['Owner', 'Open', 'Overdue', 'Done', 'Dropped'],
    summary.byOwner.map((owner) => [owner.owner ? `@${owner.owner}` : '(no owner)', String(owner.open), String(owner.overdue), String(owner.closed), String(owner.dropped)]),
  );
  const open = view.rollup.teams
    .flatMap((team) => team.actions)
    .filter((action) => action.state === 'open')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (b.ageDays ?? 0) - (a.ageDays ?? 0) || compareText(a.title, b.title));
  const list = open.length === 0 ? 'No open actions.' : `### Open actions\n\n${open.map((action) => openActionLine(view, action)).join('\n')}`;
  return [heading, counts, owners, list].join('\n\n');
}

function openActionLine(view: View, action: ActionRecord): string {
  const tokens = [inline(action.title), action.owner ? `@${action.owner}` : '', action.due ? `due:${action.due}` : '', ...action.tags.map((tag) => `#${tag}`)];
  const status = `${action.overdue ? '**overdue**, ' : ''}open ${plural(action.ageDays ?? 0, 'day')}`;
  const team = action.team !== undefined && view.rollup.teams.length > 1 ? `${view.teamName(action.team)}, ` : '';
  return `- [ ] ${tokens.filter((token) => token !== '').join(' ')} — ${status} (${team}${action.file})`;
}

function byTeamSection(view: View): string {
  const teams = view.rollup.teams.map((team) => {
    const summary = team.summary;
    const lines = [
      flagsLine(view, team.flags, summary),
      cadenceLine(view, summary.cadence, false),
      confidenceLine(view, summary.scores),
      actionsLine(summary),
      customersLine(summary),
    ].filter((line): line is string => line !== undefined);
    return `### ${inline(team.name ?? team.team ?? 'Workbook')}\n\n${lines.join('\n')}`;
  });
  return ['## By team', ...teams].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

function where(view: View, record: Pick<Quote, 'period' | 'team'>): string {
  return record.team !== undefined && view.rollup.teams.length > 1 ? `${record.period}, ${view.teamName(record.team)}` : record.period;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A table cell is one line and must not end the cell early. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** Person-written text inside a list item or table stays on one line. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function groupCounts(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function truncatedList(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function weeks(count: number): string {
  return plural(count, 'week');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

