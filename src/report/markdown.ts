/**
 * A rollup as markdown: the report people read (`rhythm report`), and the short summary a
 * quarterly or annual review starts from. Renders a report view; pure: view in, text out.
 */
import { extentOf } from '../domain/collections.js';
import { plural } from '../domain/words.js';
import type { ActionRecord, FlagEpisode, Rollup } from '../domain/rollup/model.js';
import type { Response } from '../domain/rollup/responses.js';
import { MARKDOWN_MARKER } from './generated.js';
import { CONCISE, reportView, type ReportView, type ScoreView, type SummaryItem, type ViewOptions } from './view-model.js';

const BARS = '▁▂▃▄▅▆▇█';
const MAX_NAMES = 6;
const MAX_MISSING = 4;

/** `▁▃▅█`: one bar per value, scaled to [min, max] (by default the values' own range). */
export function sparkline(values: readonly number[], min?: number, max?: number): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return '';
  const extent = extentOf(finite);
  const low = min ?? extent.min;
  const high = max ?? extent.max;
  return finite
    .map((value) => {
      // A flat line sits in the middle: neither good nor bad, just unchanged.
      if (high <= low) return BARS[3];
      const position = Math.round(((Math.min(Math.max(value, low), high) - low) / (high - low)) * (BARS.length - 1));
      return BARS[position];
    })
    .join('');
}

/**
 * The report in the order a leader reads it: the summary; who is not receiving value and what is
 * being done; the teams, the most worrying first; overdue actions; then cadence, customers,
 * scores, their words and the value delivered, the most telling few of each unless `full`.
 */
export function renderMarkdown(view: ReportView): string {
  const blocks = [
    `${MARKDOWN_MARKER}\n# Customer rollup — ${view.title}`,
    `_As of ${view.rollup.today}${teamsNote(view)}._`,
    executiveSummary(view).join('\n'),
    flagsSection(view),
    view.byTeam ? teamsSection(view) : '',
    actionsSection(view),
    cadenceSection(view),
    customersSection(view),
    scoresSection(view),
    voiceSection(view),
    valueSection(view),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/** The executive summary as markdown list lines. */
export function executiveSummary(view: ReportView): string[] {
  return view.summary.map(summaryLine);
}

/** A short summary (at most 15 lines) to embed into a quarterly or annual review. */
export function renderSummaryMarkdown(rollup: Rollup, options: ViewOptions = {}): string {
  const view = reportView(rollup, options);
  const lines = [`**Rollup of ${view.title}** (as of ${view.rollup.today}${teamsNote(view)})`, '', ...executiveSummary(view), ...view.overview.map(summaryLine)];
  return `${lines.slice(0, 15).join('\n')}\n`;
}

function teamsNote(view: ReportView): string {
  const named = view.teamNames;
  return named.length === 0 ? '' : `; ${named.length === 1 ? 'team' : 'teams'}: ${named.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Summary items: their words are the HTML page's too

const LABELS: Record<SummaryItem['kind'], string> = {
  flags: 'Not receiving value',
  silent: 'Silent customers',
  cadence: 'Cadence',
  confidence: 'Value confidence',
  actions: 'Actions',
  customers: 'Customers',
  voice: 'Voice',
  value: 'Value delivered',
};

export function summaryLabel(item: SummaryItem): string {
  return LABELS[item.kind];
}

/** What an item says, without a score's sparkline (HTML draws its own). */
export function summaryText(item: SummaryItem): string {
  switch (item.kind) {
    case 'flags': {
      const resolved = item.resolved === 0 ? '' : `; ${item.resolved} resolved, median ${duration(item.medianResolutionDays ?? 0)} to resolve`;
      if (item.open.length === 0) return `no open flags${resolved}`;
      const names = item.open.map((flag) => `${flag.customer} (${flag.escalated ? 'escalated, ' : ''}${duration(flag.days)}) — ${responseText(flag.response)}`);
      return `${truncatedList(names, MAX_NAMES, '; ')}${resolved}`;
    }
    case 'silent':
      return item.customers.length === 0 ? 'none, every customer was contacted' : truncatedList(item.customers, MAX_NAMES);
    case 'cadence': {
      const parts = item.rituals.map((ritual) => {
        const held = `${ritual.ritual} ${ritual.held} of ${ritual.expected} held${ritual.skipped > 0 ? `, ${ritual.skipped} skipped` : ''}`;
        const missing = ritual.missing.by === 'team' ? ritual.missing.teams.map((gap) => `${gap.team ?? '—'} ${gap.count}`) : ritual.missing.periods;
        return missing.length === 0 ? held : `${held} (missing ${truncatedList(missing, MAX_MISSING)})`;
      });
      return `${item.gaps ? '' : 'no gaps, '}${parts.join('; ')}`;
    }
    case 'confidence': {
      const score = item.score.summary;
      return `${score.average} on average (${score.min}–${score.max}), ${score.trend === null ? 'too few weeks for a trend' : `trend ${score.trend}`}`;
    }
    case 'actions': {
      const actions = item.actions;
      return `${actions.open} open${actions.overdue > 0 ? ` (${actions.overdue} overdue)` : ''}, ${actions.closed} done, ${actions.dropped} dropped; ${actions.opened} opened this period`;
    }
    case 'customers':
      return `${item.contacted} talked to, ${item.flagged} flagged`;
    case 'voice': {
      const themes = item.themes.map((theme) => `#${theme.tag} (${theme.count})`);
      return `${plural(item.quotes, 'quote')}${themes.length > 0 ? `; themes ${themes.join(', ')}` : ''}`;
    }
    case 'value':
      return `${plural(item.claims, 'claim')}, ${item.withEvidence} with evidence`;
  }
}

/** What is being done about a customer, in a few words: `2 open actions by @dana, @eli, next due 2026-12-04` or `no action yet`. */
export function responseText(response: Response): string {
  if (response.actions.length === 0) return 'no action yet';
  const owners = response.owners.length === 0 ? ', no owner' : ` by ${response.owners.map((owner) => `@${owner}`).join(', ')}`;
  // The earliest due date is the oldest overdue one when any is overdue.
  const due = response.nextDue === undefined ? '' : response.overdue > 0 ? `, ${response.overdue} overdue since ${response.nextDue}` : `, next due ${response.nextDue}`;
  return `${plural(response.actions.length, 'open action')}${owners}${due}`;
}

function summaryLine(item: SummaryItem): string {
  const spark = item.kind === 'confidence' ? sparkOf(item.score) : '';
  return `- **${summaryLabel(item)}:** ${summaryText(item)}${spark === '' ? '' : ` ${spark}`}`;
}

/** A score's values over the period as block characters, on its scale when known. */
export function sparkOf(score: ScoreView): string {
  return sparkline(
    score.summary.series.map((point) => point.value),
    score.scale?.min,
    score.scale?.max,
  );
}

// ---------------------------------------------------------------------------------------------
// Sections

function flagsSection(view: ReportView): string {
  const heading = '## Not receiving value';
  if (view.flags.byCustomer.length === 0) return `${heading}\n\nNo customer was flagged as not receiving value.`;
  const flags = view.rollup.organisation.flags;
  const speed =
    flags.medianResolutionDays === null
      ? 'none resolved yet'
      : `${flags.resolved} resolved, median ${duration(flags.medianResolutionDays)} to resolve (worst ${duration(flags.worstResolutionDays ?? 0)})`;
  const lead = `**${flags.open} open**${flags.openEscalated > 0 ? ` (${flags.openEscalated} escalated)` : ''} · ${speed}.`;
  const open = view.flags.open.map(({ episode, response }) => openFlagItem(view, episode, response));
  const parts = [heading, lead];
  if (open.length > 0) parts.push(open.join('\n'));
  const resolved = view.flags.resolved;
  if (resolved.length > 0) {
    const rows = resolved.map((episode) => [
      view.customerName(episode.customer),
      ...teamCell(view, episode.team),
      episode.since,
      episode.resolvedIn ?? '—',
      duration(episode.resolutionDays ?? episode.durationDays),
      episode.escalated ? '**yes**' : 'no',
    ]);
    parts.push(`### Resolved\n\n${table(['Customer', ...teamHeader(view), 'Flagged', 'Resolved', 'Took', 'Escalated'], rows)}`);
  }
  return parts.join('\n\n');
}

/** A customer not receiving value: how long and why, then what is being done (or plainly, nothing yet). */
function openFlagItem(view: ReportView, episode: FlagEpisode, response: Response): string {
  const team = episode.team !== undefined && view.several ? `, ${view.teamName(episode.team)}` : '';
  const head = `- **${inline(view.customerName(episode.customer))}**${team}: ${episode.escalated ? '**escalated**, ' : ''}${duration(episode.durationDays)} since ${episode.since} — ${inline(episode.reason)}`;
  if (response.actions.length === 0) return `${head}\n  - **No action yet.**`;
  const limit = view.full ? response.actions.length : CONCISE.flagActions;
  const actions = response.actions.slice(0, limit).map((action) => `  ${actionItem(view, action, episode.team)}`);
  const rest = response.actions.length - limit;
  if (rest > 0) actions.push(`  - and ${plural(rest, 'more open action')} (\`--full\` lists them)`);
  return `${head}\n${actions.join('\n')}`;
}

/** An open action as a task item: its words, owner and due date, overdue in bold; its team when it is another's. */
function actionItem(view: ReportView, action: ActionRecord, team?: string): string {
  const tokens = [inline(action.title), action.owner ? `@${action.owner}` : '_no owner_', action.due ? `due:${action.due}` : ''];
  const overdue = action.overdue ? ' **overdue**' : '';
  const other = action.team !== undefined && action.team !== team && view.several ? ` (${view.teamName(action.team)})` : '';
  return `- [ ] ${tokens.filter((token) => token !== '').join(' ')}${overdue}${other}`;
}

function teamsSection(view: ReportView): string {
  const teams = view.teamsByConcern.map((team) => `### ${inline(team.name ?? 'Workbook')}\n\n${team.summary.map(summaryLine).join('\n')}`);
  return ['## Teams, the most in need of attention first', ...teams].join('\n\n');
}

function actionsSection(view: ReportView): string {
  const summary = view.rollup.organisation.actions;
  const heading = '## Actions';
  if (summary.total === 0) return `${heading}\n\nNo actions recorded.`;
  const counts = `**${summary.open} open${summary.overdue > 0 ? `, ${summary.overdue} overdue` : ''}** · ${summary.closed} done · ${summary.dropped} dropped · ${summary.opened} opened this period`;
  const owners = table(
    ['Owner', 'Open', 'Overdue', 'Done', 'Dropped'],
    summary.byOwner.map((owner) => [owner.owner ? `@${owner.owner}` : '(no owner)', String(owner.open), owner.overdue > 0 ? `**${owner.overdue}**` : '0', String(owner.closed), String(owner.dropped)]),
  );
  const open = view.openActions;
  const overdue = open.filter((action) => action.overdue);
  const listed = view.full ? open : overdue.slice(0, CONCISE.overdueActions);
  const title = view.full ? '### Open actions, overdue and oldest first' : '### Overdue, the oldest first';
  const lines = listed.map((action) => `${actionItem(view, action)} — open ${plural(action.ageDays ?? 0, 'day')} (${action.file})`);
  if (listed.length < open.length) lines.push(`\n${notShown(overdue.length - listed.length, open.length - overdue.length)} \`rhythm actions\` lists every open action; \`--full\` lists them here.`);
  return [heading, counts, owners, listed.length === 0 ? (open.length === 0 ? 'No open actions.' : 'No action is overdue.') : `${title}\n\n${lines.join('\n')}`].join('\n\n');
}

/** What a concise list of overdue actions leaves out: `Not shown: 3 more overdue and 2 not yet due.` */
export function notShown(overdue: number, notDue: number): string {
  const parts = [overdue > 0 ? `${overdue} more overdue` : '', notDue > 0 ? `${notDue} not yet due` : ''].filter((part) => part !== '');
  return `Not shown: ${parts.join(' and ')}.`;
}

function cadenceSection(view: ReportView): string {
  const rows = view.teams.flatMap((team) =>
    team.cadence
      // A ritual with nothing expected and nothing held ("annual 0 of 0") says nothing.
      .filter(({ row }) => row.expected.length > 0 || row.held.length > 0)
      .map(({ row, held }) => [
        ...teamCell(view, row.team),
        row.ritual,
        `${held} of ${row.expected.length}${row.skipped ? ` (${row.skipped.length} skipped)` : ''}`,
        row.missing.length === 0 ? '—' : row.missing.join(', '),
        String(row.streak),
        row.participants.map((person) => `${person.name} (${person.reviews})`).join(', ') || '—',
      ]),
  );
  if (rows.length === 0) return '## Cadence\n\nNo rituals expected in this period.';
  return `## Cadence\n\n${table([...teamHeader(view), 'Ritual', 'Held', 'Missing', 'Streak', 'Participants'], rows)}`;
}

function customersSection(view: ReportView): string {
  const summary = view.rollup.organisation;
  const parts = ['## Customers'];
  if (summary.customers.length === 0) parts.push('No customer contact recorded.');
  else
    parts.push(
      table(
        ['Customer', 'Weeks in contact', 'Last contact', 'Weeks flagged'],
        view.customers.map((customer) => [
          customer.name,
          String(customer.weeksInContact),
          customer.lastContact ? `${customer.lastContact.period}${customer.lastContact.date ? ` (${customer.lastContact.date})` : ''}` : '—',
          String(customer.weeksFlagged),
        ]),
      ),
    );
  if (view.silent.length > 0) parts.push(`Silent customers (no contact this period): ${view.silent.map((customer) => customer.name).join(', ')}.`);
  return parts.join('\n\n');
}

function scoresSection(view: ReportView): string {
  if (view.scores.length === 0) return '';
  const rows = view.scores.map((score) => {
    const { id, ritual, average, min, max, trend } = score.summary;
    const scale = score.scale ? `${score.scale.min}–${score.scale.max}` : '—';
    return [id, ritual, scale, String(average), String(min), String(max), trend ?? '—', sparkOf(score) || '—'];
  });
  const parts = [`## Scores\n\n${table(['Score', 'Ritual', 'Scale', 'Average', 'Min', 'Max', 'Trend', 'Over time'], rows)}`];
  if (view.full) parts.push(view.scores.map(({ summary }) => `- ${summary.id} (${summary.ritual}) by month: ${summary.months.map((month) => `${month.month} ${month.average}`).join(' · ')}`).join('\n'));
  return parts.join('\n\n');
}

function voiceSection(view: ReportView): string {
  const heading = '## Voice of the customer';
  if (view.voice.quotes === 0) return `${heading}\n\nNo quotes recorded.`;
  const themes = view.voice.themes.map((theme) => `#${theme.tag} (${theme.count})`);
  const cut = view.voice.groups.some((group) => group.shown.length < group.quotes.length);
  const lead = `${plural(view.voice.quotes, 'quote')} from ${plural(view.voice.groups.length, 'customer')}${cut ? '; the latest of each below (`--full` lists every one)' : ''}.${themes.length > 0 ? ` Themes: ${themes.join(', ')}.` : ''}`;
  const groups = view.voice.groups.map((group) => {
    const rest = group.quotes.length - group.shown.length;
    const title = `**${inline(group.title)}**${group.flagged ? ', not receiving value' : ''}${rest > 0 ? ` (${group.quotes.length} quotes)` : ''}`;
    return [title, ...group.shown.map(({ quote, where }) => `- ${inline(quote.text)} — ${where}`)].join('\n');
  });
  return [heading, lead, ...groups].join('\n\n');
}

function valueSection(view: ReportView): string {
  const heading = '## Value delivered';
  if (view.claims.length === 0) return `${heading}\n\nNo value claims recorded.`;
  const value = view.rollup.organisation.value;
  const cut = view.claimGroups.some((group) => group.shown.length < group.claims.length);
  const lead = `${plural(value.claims, 'claim')}, ${value.withEvidence} with evidence${cut ? '; per customer the latest with evidence first (`--full` lists every one)' : ''}.`;
  const items = view.claimGroups.flatMap((group) => {
    const who = group.customer !== undefined ? view.customerName(group.customer) : group.who;
    const rest = group.claims.length - group.shown.length;
    return group.shown.map(({ claim, where }, index) => {
      const evidence = claim.evidence !== undefined ? `evidence: ${inline(claim.evidence)}` : '_no evidence given_';
      const more = index === group.shown.length - 1 && rest > 0 ? ` _and ${rest} more_` : '';
      return `- ${who !== undefined ? `**${inline(who)}**: ` : ''}${inline(claim.text)} — ${evidence} (${where})${more}`;
    });
  });
  return [heading, lead, items.join('\n')].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

/** A table's team column exists only when there are several teams to tell apart. */
function teamHeader(view: ReportView): string[] {
  return view.several ? ['Team'] : [];
}

function teamCell(view: ReportView, team: string | undefined): string[] {
  return view.several ? [team === undefined ? '—' : view.teamName(team)] : [];
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

function truncatedList(items: readonly string[], max: number, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)} and ${items.length - max} more`;
}

export function weeks(count: number): string {
  return plural(count, 'week');
}

/** Calendar time as a person says it: days up to eight weeks (exact, as they are counted), then whole weeks. */
export function duration(days: number): string {
  return days < 56 ? plural(days, 'day') : weeks(Math.floor(days / 7));
}


