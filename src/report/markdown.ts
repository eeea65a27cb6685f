/**
 * A rollup as markdown: the report people read (`rhythm report`), and the short summary a
 * quarterly or annual review starts from. Renders a report view; pure: view in, text out.
 */
import { extentOf } from '../domain/collections.js';
import type { ActionRecord, Rollup } from '../domain/rollup/model.js';
import { MARKDOWN_MARKER } from './generated.js';
import { reportView, type ReportView, type ScoreView, type SummaryItem, type ViewOptions } from './view-model.js';

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

export function renderMarkdown(view: ReportView): string {
  const blocks = [
    `${MARKDOWN_MARKER}\n# Customer rollup — ${view.title}`,
    `_As of ${view.rollup.today}${teamsNote(view)}._`,
    executiveSummary(view).join('\n'),
    cadenceSection(view),
    flagsSection(view),
    customersSection(view),
    scoresSection(view),
    voiceSection(view),
    valueSection(view),
    actionsSection(view),
  ];
  if (view.byTeam) blocks.push(byTeamSection(view));
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
      const names = item.open.map((flag) => `${flag.customer} (${flag.escalated ? 'escalated, ' : ''}${duration(flag.days)})`);
      return `${truncatedList(names, MAX_NAMES)}${resolved}`;
    }
    case 'silent':
      return item.customers.length === 0 ? 'none, every customer was contacted' : truncatedList(item.customers, MAX_NAMES);
    case 'cadence': {
      const parts = item.rituals.map((ritual) => {
        const held = `${ritual.ritual} ${ritual.held} of ${ritual.expected} held`;
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

function cadenceSection(view: ReportView): string {
  const rows = view.teams.flatMap((team) =>
    team.cadence.map(({ row, held }) => [
      teamLabel(view, row.team),
      row.ritual,
      `${held} of ${row.expected.length}`,
      row.missing.length === 0 ? '—' : row.missing.join(', '),
      String(row.streak),
      row.participants.map((person) => `${person.name} (${person.reviews})`).join(', ') || '—',
    ]),
  );
  if (rows.length === 0) return '## Cadence\n\nNo rituals expected in this period.';
  return `## Cadence\n\n${table(['Team', 'Ritual', 'Held', 'Missing', 'Streak', 'Participants'], rows)}`;
}

function flagsSection(view: ReportView): string {
  const episodes = view.flags.byCustomer;
  const heading = '## Not receiving value';
  if (episodes.length === 0) return `${heading}\n\nNo customer was flagged as not receiving value.`;
  const rows = episodes.map((episode) => [
    view.customerName(episode.customer),
    teamLabel(view, episode.team),
    episode.since,
    String(episode.durationDays),
    episode.status === 'open' ? 'open' : `resolved ${episode.resolvedIn} (${duration(episode.resolutionDays ?? 0)})`,
    episode.escalated ? '**yes**' : 'no',
  ]);
  const flags = view.rollup.organisation.flags;
  const speed =
    flags.medianResolutionDays === null
      ? 'No flag was resolved in this period.'
      : `Median time to resolution: ${duration(flags.medianResolutionDays)}; worst: ${duration(flags.worstResolutionDays ?? 0)}.`;
  return `${heading}\n\n${table(['Customer', 'Team', 'Since', 'Days', 'Status', 'Escalated'], rows)}\n\n${speed}`;
}

function customersSection(view: ReportView): string {
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
  if (view.silent.length > 0) parts.push(`Silent customers (no contact this period): ${view.silent.map((customer) => customer.name).join(', ')}.`);
  return parts.join('\n\n');
}

function scoresSection(view: ReportView): string {
  if (view.scores.length === 0) return '## Scores\n\nNo scores recorded.';
  const rows = view.scores.map((score) => {
    const { id, ritual, average, min, max, trend } = score.summary;
    return [id, ritual, String(average), String(min), String(max), trend ?? '—', sparkOf(score) || '—'];
  });
  const months = view.scores.map(
    ({ summary }) => `- ${summary.id} (${summary.ritual}) by month: ${summary.months.map((month) => `${month.month} ${month.average}`).join(' · ')}`,
  );
  return `## Scores\n\n${table(['Score', 'Ritual', 'Average', 'Min', 'Max', 'Trend', 'Over time'], rows)}\n\n${months.join('\n')}`;
}

function voiceSection(view: ReportView): string {
  const heading = '## Voice of the customer';
  if (view.voice.quotes === 0) return `${heading}\n\nNo quotes recorded.`;
  const groups = view.voice.groups.map((group) => {
    const items = group.quotes.map(({ quote, where }) => `- ${inline(quote.text)} — ${where}`);
    return `### ${inline(group.title)}\n\n${items.join('\n')}`;
  });
  const themes = view.voice.themes.map((theme) => `#${theme.tag} (${theme.count})`);
  return [heading, ...groups, themes.length > 0 ? `Themes: ${themes.join(', ')}` : 'No themes tagged.'].join('\n\n');
}

function valueSection(view: ReportView): string {
  const heading = '## Value delivered';
  if (view.claims.length === 0) return `${heading}\n\nNo value claims recorded.`;
  const items = view.claims.map(({ claim, who, where }) => {
    const evidence = claim.evidence !== undefined ? `evidence: ${inline(claim.evidence)}` : '_no evidence given_';
    return `- ${who !== undefined ? `**${inline(who)}**: ` : ''}${inline(claim.text)} — ${evidence} (${where})`;
  });
  return `${heading}\n\n${items.join('\n')}`;
}

function actionsSection(view: ReportView): string {
  const summary = view.rollup.organisation.actions;
  const heading = '## Actions';
  if (summary.total === 0) return `${heading}\n\nNo actions recorded.`;
  const counts = `Opened ${summary.opened} · done ${summary.closed} · dropped ${summary.dropped} · open ${summary.open} · overdue ${summary.overdue}`;
  const owners = table(
    ['Owner', 'Open', 'Overdue', 'Done', 'Dropped'],
    summary.byOwner.map((owner) => [owner.owner ? `@${owner.owner}` : '(no owner)', String(owner.open), String(owner.overdue), String(owner.closed), String(owner.dropped)]),
  );
  const open = view.openActions;
  const list = open.length === 0 ? 'No open actions.' : `### Open actions\n\n${open.map((action) => openActionLine(view, action)).join('\n')}`;
  return [heading, counts, owners, list].join('\n\n');
}

function openActionLine(view: ReportView, action: ActionRecord): string {
  const tokens = [inline(action.title), action.owner ? `@${action.owner}` : '', action.due ? `due:${action.due}` : '', ...action.tags.map((tag) => `#${tag}`)];
  const status = `${action.overdue ? '**overdue**, ' : ''}open ${plural(action.ageDays ?? 0, 'day')}`;
  const team = action.team !== undefined && view.several ? `${view.teamName(action.team)}, ` : '';
  return `- [ ] ${tokens.filter((token) => token !== '').join(' ')} — ${status} (${team}${action.file})`;
}

function byTeamSection(view: ReportView): string {
  const teams = view.teams.map((team) => `### ${inline(team.name ?? 'Workbook')}\n\n${team.summary.map(summaryLine).join('\n')}`);
  return ['## By team', ...teams].join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

function teamLabel(view: ReportView, team: string | undefined): string {
  return team === undefined ? '—' : view.teamName(team);
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

function truncatedList(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function weeks(count: number): string {
  return plural(count, 'week');
}

/** Calendar time as a person says it: days up to eight weeks (exact, as they are counted), then whole weeks. */
export function duration(days: number): string {
  return days < 56 ? plural(days, 'day') : weeks(Math.floor(days / 7));
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

