/**
 * The customer value brief (`rhythm brief <customer>`): the pre-read for a quarterly business
 * review with one customer, from the team's own reviews. What value we delivered and how we know,
 * what they told us in their words, what is not working yet and what we are doing about it, how
 * confident we are, and how often we were in touch.
 *
 * A brief is customer-facing unless it is made `internal`: only then does it hold the team's own
 * notes (what was hard to hear, what we assume) and the value we claim without evidence.
 *
 * `briefView` decides what a reader sees (pure: a rollup and the notes in, a view out); the two
 * renderers only render it (pure: view in, text out). Every piece of person-written text in the
 * HTML goes through the `html` tag (html-markup.ts).
 */
import { compareText } from '../domain/collections.js';
import { parseListItems, parseProse, withoutTags } from '../domain/markdown.js';
import { describeRange, parsePeriod, periodsWithin, rangeOf, type Calendar, type Day } from '../domain/period.js';
import type { Review } from '../domain/review.js';
import type { ActionRecord, Contact, FlagEpisode, Quote, Rollup, RollupPeriod, ValueClaim } from '../domain/rollup/model.js';
import { mentions, type Named } from '../domain/rollup/responses.js';
import { customerView, type CustomerView } from './customer-view.js';
import { MARKDOWN_MARKER } from './generated.js';
import { htmlDocument } from './html.js';
import { html, type Markup } from './html-markup.js';
import { duration, sparkline } from './markdown.js';
import { plural } from '../domain/words.js';

// ---------------------------------------------------------------------------------------------
// The view

/** The questions whose answers are the team's own and never go to a customer. */
export const INTERNAL_QUESTIONS = ['hard_to_hear', 'assumptions'] as const;
export type InternalQuestion = (typeof INTERNAL_QUESTIONS)[number];

/** A paragraph or list item of an internal answer that names the customer. */
export interface InternalNote {
  question: InternalQuestion;
  team?: string;
  /** The team's name, filled in by briefView. */
  teamName?: string;
  period: string;
  text: string;
}

/** Long lists are cut for a pre-read of a page or two; `rhythm customers <id>` lists every record. */
const LIMITS = { quotes: 12, claims: 15, weeks: 26 };

export interface BriefTeamConfidence {
  team?: string;
  teamName: string;
  average: number;
  count: number;
  min: number;
  max: number;
  trend: 'up' | 'down' | 'flat' | null;
  /** One value a period, in order. */
  values: number[];
}

export interface BriefView {
  customer: Pick<CustomerView, 'id' | 'name' | 'known' | 'segment' | 'owner'>;
  period: RollupPeriod;
  /** The period's days as a person reads them: `Sun 1 Nov 2026 – Sun 31 Jan 2027`. */
  dates: string;
  today: Day;
  /** The names of the teams whose reviews the brief is written from. */
  teams: string[];
  /** Their ids (none in a workbook without teams). */
  teamIds: string[];
  internal: boolean;
  /** Value claims with evidence, the latest first (at most LIMITS.claims). */
  value: ValueClaim[];
  /** Claims with evidence beyond the limit. */
  moreValue: number;
  /**
   * Claims without evidence. Shown only in an internal brief, marked as such: a claim without
   * evidence is a hope, not a fact (the weekly's "why we ask"), and in front of the customer it
   * would cost the credible claims beside it their weight. A customer-facing brief leaves them
   * out; `leftOut` counts them, so the command can say so to the person making the brief.
   */
  unsupported: ValueClaim[];
  leftOut: number;
  /** Their words, the latest first, without our #tags (at most LIMITS.quotes). */
  quotes: { text: string; period: string; team?: string }[];
  moreQuotes: number;
  /** Not receiving value now: the reason and how long, the longest first. */
  open: FlagEpisode[];
  /** What we are doing: the open actions about the customer, the next due first. */
  doing: ActionRecord[];
  /** Stretches of not receiving value resolved in the period, the latest first. */
  fixed: FlagEpisode[];
  confidence: BriefTeamConfidence[];
  /** Over every team's scores (weighted by how many each gave), when any team scored. */
  overall?: { average: number; count: number; trend: 'up' | 'down' | 'flat' | 'mixed' | null };
  scale: { min: number; max: number };
  contact: { weeks: string[]; moreWeeks: number; weeksInPeriod: number; last?: Contact; lastTeam?: string };
  /** Internal briefs only: the notes that name the customer. */
  notes: { hardToHear: InternalNote[]; assumptions: InternalNote[] };
}

export interface BriefOptions {
  /** Include the team's own notes and the claims without evidence. */
  internal?: boolean;
  /** The internal notes of the period's reviews that name the customer (internalNotes). */
  notes?: readonly InternalNote[];
  /** The value_confidence scale from the templates (default 1–5). */
  scale?: { min: number; max: number };
}

/** The brief of one customer from a period's rollup, or undefined when the rollup knows no such customer. */
export function briefView(rollup: Rollup, id: string, options: BriefOptions = {}): BriefView | undefined {
  const view = customerView(rollup, id);
  if (!view) return undefined;
  const internal = options.internal === true;
  const teamName = (team: string | undefined) => (team === undefined ? 'Workbook' : (rollup.teams.find((section) => section.team === team)?.name ?? team));
  const withEvidence = view.claims.filter((claim) => claim.evidence !== undefined && claim.evidence.trim() !== '');
  const without = view.claims.filter((claim) => !withEvidence.includes(claim));
  const quotes = view.quotes.map((quote) => ({ text: quoteText(quote), period: quote.period, ...(quote.team === undefined ? {} : { team: quote.team }) }));
  const confidence = view.confidence.map(({ team, score }) => ({
    ...(team === undefined ? {} : { team }),
    teamName: teamName(team),
    average: score.average,
    count: score.count,
    min: score.min,
    max: score.max,
    trend: score.trend,
    values: score.series.map((point) => point.value),
  }));
  const weeksInPeriod = countWeeks(rollup.period, rollup.today, { fiscalYearStartMonth: rollup.fiscalYearStartMonth });
  const notes = internal ? (options.notes ?? []).map((note) => ({ ...note, teamName: teamName(note.team) })) : [];
  return {
    customer: { id: view.id, name: view.name, known: view.known, ...(view.segment === undefined ? {} : { segment: view.segment }), ...(view.owner === undefined ? {} : { owner: view.owner }) },
    period: rollup.period,
    dates: describeRange(rollup.period),
    today: rollup.today,
    teams: view.teams.map(teamName),
    teamIds: view.teams,
    internal,
    value: withEvidence.slice(0, LIMITS.claims),
    moreValue: Math.max(0, withEvidence.length - LIMITS.claims),
    unsupported: internal ? without : [],
    leftOut: internal ? 0 : without.length,
    quotes: quotes.slice(0, LIMITS.quotes),
    moreQuotes: Math.max(0, quotes.length - LIMITS.quotes),
    open: [...view.openFlags].sort((a, b) => b.durationDays - a.durationDays || compareText(a.since, b.since)),
    doing: view.response.actions,
    fixed: view.flags.filter((flag) => flag.status === 'resolved').sort((a, b) => compareText(b.resolvedOn ?? '', a.resolvedOn ?? '')),
    confidence,
    ...(confidence.length === 0 ? {} : { overall: overallOf(confidence) }),
    scale: options.scale ?? { min: 1, max: 5 },
    contact: {
      // The latest weeks when there are many (a year's brief).
      weeks: view.contactWeeks.slice(-LIMITS.weeks),
      moreWeeks: Math.max(0, view.contactWeeks.length - LIMITS.weeks),
      weeksInPeriod,
      ...(view.lastContact === undefined ? {} : { last: view.lastContact }),
      ...(view.lastContact?.team === undefined ? {} : { lastTeam: teamName(view.lastContact.team) }),
    },
    notes: {
      hardToHear: notes.filter((note) => note.question === 'hard_to_hear'),
      assumptions: notes.filter((note) => note.question === 'assumptions'),
    },
  };
}

/** A quote without our #tags, and without the quotation marks it was written in (the brief sets its own). */
function quoteText(quote: Quote): string {
  const text = withoutTags(quote.text).replace(/\s+/g, ' ').trim() || quote.text;
  const quoted = /^["“](.*)["”]$/s.exec(text);
  return quoted ? quoted[1]!.trim() : text;
}

/** The weeks of the period that have begun by its `today`: how many weeks there were to be in touch. */
function countWeeks(period: RollupPeriod, today: Day, calendar: Calendar): number {
  const weeks = periodsWithin(parsePeriod(period.label, calendar), 'week', calendar);
  return weeks.filter((week) => rangeOf(week, calendar).start <= today).length;
}

function overallOf(teams: readonly BriefTeamConfidence[]): NonNullable<BriefView['overall']> {
  const count = teams.reduce((sum, team) => sum + team.count, 0);
  const average = count === 0 ? 0 : Math.round((teams.reduce((sum, team) => sum + team.average * team.count, 0) / count) * 100) / 100;
  const trends = [...new Set(teams.map((team) => team.trend).filter((trend) => trend !== null))];
  const trend = trends.length === 0 ? null : trends.length === 1 ? trends[0]! : 'mixed';
  return { average, count, trend };
}

// ---------------------------------------------------------------------------------------------
// Internal notes: read from the review files, not the rollup

/**
 * The paragraphs and list items of the internal answers (what was hard to hear, what we assume)
 * of `reviews` that name the customer by id or registry name (responses.ts `mentions`), in the
 * order of the reviews given. Each answer is split where a person would: at blank lines, and a
 * list into its items (markdown.ts parseListItems).
 */
export function internalNotes(reviews: readonly Review[], customer: Named): InternalNote[] {
  const named = mentions(customer);
  const notes: InternalNote[] = [];
  for (const review of reviews) {
    for (const question of INTERNAL_QUESTIONS) {
      const content = Object.hasOwn(review.sections, question) ? review.sections[question] : undefined;
      if (content === undefined || content.trim() === '') continue;
      for (const text of piecesOf(content)) {
        if (named(text)) notes.push({ question, ...(review.team === undefined ? {} : { team: review.team }), period: review.period, text });
      }
    }
  }
  return notes;
}

/** A prose answer's paragraphs, a list's items, each on one line. */
function piecesOf(content: string): string[] {
  return content
    .split(/\n[ \t]*\n/)
    .flatMap((block) => (/^[ \t]{0,3}[-*+][ \t]/.test(block) ? parseListItems(block) : [parseProse(block)]))
    .map((text) => text.replace(/\s*\n\s*/g, ' ').trim())
    .filter((text) => text !== '' && !/^<!--.*-->$/.test(text));
}

// ---------------------------------------------------------------------------------------------
// Words shared by both renderers

function title(view: BriefView): string {
  return `${view.customer.name} — customer value brief, ${view.period.label}`;
}

function sources(view: BriefView): string {
  return view.teams.length === 0 ? 'no team reviews mention them in this period' : `from the reviews of ${listOf(view.teams)}`;
}

function periodWord(view: BriefView): string {
  return { week: 'this week', month: 'this month', quarter: 'this quarter', year: 'this year' }[view.period.kind];
}

function trendWord(trend: 'up' | 'down' | 'flat' | 'mixed' | null): string {
  switch (trend) {
    case 'up':
      return 'rising';
    case 'down':
      return 'falling';
    case 'flat':
      return 'steady';
    case 'mixed':
      return 'mixed across teams';
    default:
      return 'too few scores for a trend';
  }
}

function flagLength(flag: FlagEpisode): string {
  return `for ${duration(flag.durationDays)}, since ${flag.since}`;
}

function fixedText(flag: FlagEpisode): string {
  return `in ${plural(flag.resolutionDays ?? flag.durationDays, 'day')}`;
}

function contactWeeksText(view: BriefView): string {
  const { weeks, weeksInPeriod } = view.contact;
  const count = weeks.length + view.contact.moreWeeks;
  return weeksInPeriod > 1 ? `${count} of ${weeksInPeriod} weeks` : plural(count, 'week');
}

function lastContactText(contact: Contact, team: string | undefined): string {
  return `${contact.date ?? contact.period} (${contact.period}${team === undefined ? '' : `, ${team}`})`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function scaleText(view: BriefView, value: number): string {
  return `${value} of ${view.scale.max}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** The brief as markdown, first line the generated-file marker (generated.ts). */
export function renderBriefMarkdown(view: BriefView): string {
  const meta = [
    'Pre-read for our quarterly business review',
    `${view.period.label}, ${view.dates}`,
    `as of ${view.today}`,
    ...(view.customer.segment ? [view.customer.segment] : []),
    sources(view),
  ];
  const blocks = [
    `${MARKDOWN_MARKER}\n# ${inline(title(view))}`,
    `_${meta.map(inline).join(' · ')}._`,
    view.internal ? `> **Internal — do not send to ${inline(view.customer.name)}.** This brief holds the team's own notes and claims without evidence.` : '',
    valueMarkdown(view),
    wordsMarkdown(view),
    notWorkingMarkdown(view),
    confidenceMarkdown(view),
    contactMarkdown(view),
    view.internal ? internalMarkdown(view) : '',
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

function valueMarkdown(view: BriefView): string {
  const heading = '## The value we delivered, and how we know';
  if (view.value.length === 0) return `${heading}\n\nNo value with evidence recorded ${periodWord(view)}.`;
  const items = view.value.map((claim) => `- ${inline(claim.text)} — _evidence: ${inline(claim.evidence ?? '')}_ (${claim.period})`);
  if (view.moreValue > 0) items.push(`- _and ${view.moreValue} more_`);
  return `${heading}\n\n${items.join('\n')}`;
}

function wordsMarkdown(view: BriefView): string {
  const heading = '## What you told us, in your words';
  if (view.quotes.length === 0) return `${heading}\n\nNo quotes recorded ${periodWord(view)}.`;
  const quotes = view.quotes.map((quote) => `> “${inline(quote.text)}”\n> — ${quote.period}`);
  if (view.moreQuotes > 0) quotes.push(`_and ${plural(view.moreQuotes, 'more quote')}_`);
  return `${heading}\n\n${quotes.join('\n\n')}`;
}

function notWorkingMarkdown(view: BriefView): string {
  const parts = ['## What is not working yet, and what we are doing about it'];
  if (view.open.length === 0) parts.push(`Nothing is flagged as not working ${view.today < view.period.end ? 'as of ' + view.today : 'at the end of the period'}.`);
  else parts.push(view.open.map((flag) => `- **${inline(flag.reason)}** — ${flagLength(flag)}`).join('\n'));
  parts.push('### What we are doing');
  if (view.doing.length === 0) parts.push('No open action names this customer.');
  else parts.push(table(['Action', 'Owner', 'Due'], view.doing.map((action) => [action.title, action.owner ? `@${action.owner}` : '—', `${action.due ?? '—'}${action.overdue ? ' (overdue)' : ''}`])));
  if (view.fixed.length > 0) parts.push(`### Fixed ${periodWord(view)}\n\n${view.fixed.map((flag) => `- fixed: ${inline(flag.reason)} ${fixedText(flag)}`).join('\n')}`);
  return parts.join('\n\n');
}

function confidenceMarkdown(view: BriefView): string {
  const heading = '## How confident we are';
  if (!view.overall) return `${heading}\n\nNo confidence scores recorded ${periodWord(view)}.`;
  const lead = `${scaleText(view, view.overall.average)} on average over ${plural(view.overall.count, 'score')}; ${trendWord(view.overall.trend)}.`;
  const rows = view.confidence.map((team) => [team.teamName, scaleText(view, team.average), `${team.min}–${team.max}`, trendWord(team.trend), sparkline(team.values, view.scale.min, view.scale.max) || '—']);
  return `${heading}\n\n${lead}\n\n${table(['Team', 'Average', 'Range', 'Trend', 'Week by week'], rows)}\n\n_Each team's weekly score of how confident it is that its customers get the value we promise._`;
}

function contactMarkdown(view: BriefView): string {
  const heading = '## Our contact with you';
  const { weeks, last } = view.contact;
  if (weeks.length === 0 && !last) return `${heading}\n\nNo contact recorded ${periodWord(view)}.`;
  const lines = [`- In contact ${contactWeeksText(view)}${weeks.length > 0 ? `: ${view.contact.moreWeeks > 0 ? '… ' : ''}${weeks.join(', ')}` : ''}`];
  if (last) lines.push(`- Last contact: ${lastContactText(last, view.contact.lastTeam)}`);
  return `${heading}\n\n${lines.join('\n')}`;
}

function internalMarkdown(view: BriefView): string {
  const note = (item: InternalNote) => `- ${inline(item.text)} (${item.period}${view.teams.length > 1 && item.teamName ? `, ${item.teamName}` : ''})`;
  const parts = ['## Internal: not for the customer'];
  parts.push(`### Value we claim without evidence yet\n\n${view.unsupported.length === 0 ? 'None: every claim has its evidence.' : view.unsupported.map((claim) => `- ${inline(claim.text)} — _no evidence given_ (${claim.period})`).join('\n')}`);
  parts.push(`### What was hard to hear\n\n${view.notes.hardToHear.length === 0 ? 'Nothing recorded that names them.' : view.notes.hardToHear.map(note).join('\n')}`);
  parts.push(`### What we are assuming\n\n${view.notes.assumptions.length === 0 ? 'Nothing recorded that names them.' : view.notes.assumptions.map(note).join('\n')}`);
  return parts.join('\n\n');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => inline(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Person-written text inside a list item, quote or table stays on one line. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// HTML

/** The brief as one self-contained page: the report's stylesheet and marker (htmlDocument), and print rules of its own. */
export function renderBriefHtml(view: BriefView): string {
  const body = html`<main class="brief">
<header class="page-header">
<p class="eyebrow">Customer value brief · ${view.period.label}</p>
<h1>${view.customer.name}</h1>
<p class="meta">Pre-read for our quarterly business review · <span class="nowrap">${view.dates}</span> · <span class="nowrap">as of ${view.today}</span>${view.customer.segment ? html` · ${view.customer.segment}` : ''}</p>
<p class="meta">Written ${sources(view)}.</p>
</header>
${view.internal ? html`<p class="internal-banner" role="note"><strong>Internal — do not send to ${view.customer.name}.</strong> This brief holds the team's own notes and claims without evidence.</p>` : ''}
${tilesHtml(view)}
${valueHtml(view)}
${wordsHtml(view)}
${notWorkingHtml(view)}
${confidenceHtml(view)}
${contactHtml(view)}
${view.internal ? internalHtml(view) : ''}
<footer>Generated by rhythm from the team's reviews as of ${view.today}${view.internal ? ' · internal' : ''}.</footer>
</main>`;
  return htmlDocument(title(view), body, { style: BRIEF_STYLE });
}

function tilesHtml(view: BriefView): Markup {
  const overall = view.overall;
  const tile = (label: string, value: string | number, note: string, tone = '') => html`<div class="tile${tone ? ` tone-${tone}` : ''}"><div class="tile-label">${label}</div><div class="tile-value">${value}</div><div class="tile-note">${note}</div></div>`;
  return html`<div class="tiles brief-tiles">
${tile('Value with evidence', view.value.length + view.moreValue, plural(view.value.length + view.moreValue, 'claim'), view.value.length > 0 ? 'good' : '')}
${tile('Not working yet', view.open.length, view.fixed.length > 0 ? `${view.fixed.length} fixed ${periodWord(view)}` : `open ${periodWord(view)}`, view.open.length > 0 ? 'bad' : 'good')}
${tile('Confidence', overall ? `${overall.average}/${view.scale.max}` : '—', overall ? trendWord(overall.trend) : 'no scores', overall?.trend === 'down' ? 'bad' : overall?.trend === 'up' ? 'good' : overall ? 'warn' : '')}
${tile('In contact', view.contact.weeks.length + view.contact.moreWeeks, view.contact.weeksInPeriod > 1 ? `of ${view.contact.weeksInPeriod} weeks` : 'weeks')}
</div>`;
}

function valueHtml(view: BriefView): Markup {
  const items = view.value.map(
    (claim) => html`<li><span class="claim">${claim.text}</span> <span class="evidence"><span class="badge good">evidence</span> ${claim.evidence}</span> <span class="when">${claim.period}</span></li>`,
  );
  return html`<section aria-labelledby="value-title">
<h2 id="value-title">The value we delivered, and how we know</h2>
${view.value.length === 0 ? html`<p class="empty">No value with evidence recorded ${periodWord(view)}.</p>` : html`<ul class="brief-list">${items}</ul>`}
${view.moreValue > 0 ? html`<p class="more">and ${view.moreValue} more</p>` : ''}
</section>`;
}

function wordsHtml(view: BriefView): Markup {
  const quotes = view.quotes.map((quote) => html`<blockquote><p>“${quote.text}”</p><footer>${quote.period}</footer></blockquote>`);
  return html`<section aria-labelledby="words-title">
<h2 id="words-title">What you told us, in your words</h2>
${view.quotes.length === 0 ? html`<p class="empty">No quotes recorded ${periodWord(view)}.</p>` : html`<div class="brief-quotes">${quotes}</div>`}
${view.moreQuotes > 0 ? html`<p class="more">and ${plural(view.moreQuotes, 'more quote')}</p>` : ''}
</section>`;
}

function notWorkingHtml(view: BriefView): Markup {
  const open =
    view.open.length === 0
      ? html`<p class="empty">Nothing is flagged as not working ${view.today < view.period.end ? `as of ${view.today}` : 'at the end of the period'}.</p>`
      : html`<ul class="brief-list issues">${view.open.map((flag) => html`<li><strong>${flag.reason}</strong> <span class="when nowrap">${flagLength(flag)}</span></li>`)}</ul>`;
  const rows = view.doing.map(
    (action) =>
      html`<tr${action.overdue ? html` class="overdue"` : ''}><td data-label="Action">${action.title}</td><td data-label="Owner" class="nowrap">${action.owner ? `@${action.owner}` : '—'}</td><td data-label="Due" class="nowrap">${action.due ?? '—'}${action.overdue ? html` <span class="badge bad">overdue</span>` : ''}</td></tr>`,
  );
  const doing =
    view.doing.length === 0
      ? html`<p class="empty">No open action names this customer.</p>`
      : html`<div class="table-wrap"><table class="brief-stack"><thead><tr><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const fixed =
    view.fixed.length === 0
      ? ''
      : html`<h3>Fixed ${periodWord(view)}</h3><ul class="brief-list fixed">${view.fixed.map((flag) => html`<li><span class="badge good">fixed</span> ${flag.reason} <span class="when nowrap">${fixedText(flag)}</span></li>`)}</ul>`;
  return html`<section aria-labelledby="issues-title">
<h2 id="issues-title">What is not working yet, and what we are doing about it</h2>
${open}
<h3>What we are doing</h3>
${doing}
${fixed}
</section>`;
}

function confidenceHtml(view: BriefView): Markup {
  if (!view.overall) {
    return html`<section aria-labelledby="confidence-title"><h2 id="confidence-title">How confident we are</h2><p class="empty">No confidence scores recorded ${periodWord(view)}.</p></section>`;
  }
  const rows = view.confidence.map(
    (team) =>
      html`<tr><td data-label="Team">${team.teamName}</td><td data-label="Average" class="num">${scaleText(view, team.average)}</td><td data-label="Range" class="num">${team.min}–${team.max}</td><td data-label="Trend" class="trend ${team.trend ?? ''}">${trendWord(team.trend)}</td><td data-label="Week by week">${sparkSvg(view, team)}</td></tr>`,
  );
  return html`<section aria-labelledby="confidence-title">
<h2 id="confidence-title">How confident we are</h2>
<p class="lead"><strong>${scaleText(view, view.overall.average)}</strong> on average over ${plural(view.overall.count, 'score')}; <span class="trend ${view.overall.trend ?? ''}">${trendWord(view.overall.trend)}</span>.</p>
<div class="table-wrap"><table class="brief-stack"><thead><tr><th>Team</th><th class="num">Average</th><th class="num">Range</th><th>Trend</th><th>Week by week</th></tr></thead><tbody>${rows}</tbody></table></div>
<p class="more">Each team's weekly score of how confident it is that its customers get the value we promise.</p>
</section>`;
}

/** One team's scores as a small line on the scale; a single score is a dot. */
function sparkSvg(view: BriefView, team: BriefTeamConfidence): Markup {
  const width = 120;
  const height = 22;
  const { min, max } = view.scale;
  const y = (value: number) => Math.round((height - 3 - ((value - min) / Math.max(1, max - min)) * (height - 6)) * 10) / 10;
  const x = (index: number) => (team.values.length < 2 ? width / 2 : Math.round((index / (team.values.length - 1)) * (width - 4) * 10) / 10 + 2);
  const points = team.values.map((value, index) => `${x(index)},${y(value)}`).join(' ');
  const label = `${team.teamName}: ${team.values.join(', ')}`;
  return html`<svg class="brief-spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}"><line class="spark-base" x1="0" x2="${width}" y1="${height - 2}" y2="${height - 2}"/>${team.values.length < 2 ? html`<circle cx="${x(0)}" cy="${y(team.values[0] ?? min)}" r="2.5"/>` : html`<polyline points="${points}"/>`}</svg>`;
}

function contactHtml(view: BriefView): Markup {
  const { weeks, last } = view.contact;
  const body =
    weeks.length === 0 && !last
      ? html`<p class="empty">No contact recorded ${periodWord(view)}.</p>`
      : html`<p class="lead">In contact <strong>${contactWeeksText(view)}</strong>${last ? html`; last contact <strong class="nowrap">${last.date ?? last.period}</strong> (${last.period}${view.contact.lastTeam === undefined ? '' : `, ${view.contact.lastTeam}`})` : ''}.</p>
${weeks.length > 0 ? html`<ul class="chips weeks">${view.contact.moreWeeks > 0 ? html`<li class="chip">…</li>` : ''}${weeks.map((week) => html`<li class="chip">${week}</li>`)}</ul>` : ''}`;
  return html`<section aria-labelledby="contact-title">
<h2 id="contact-title">Our contact with you</h2>
${body}
</section>`;
}

function internalHtml(view: BriefView): Markup {
  const note = (item: InternalNote) => html`<li>${item.text} <span class="when">${item.period}${view.teams.length > 1 && item.teamName ? `, ${item.teamName}` : ''}</span></li>`;
  const list = (notes: readonly InternalNote[]) => (notes.length === 0 ? html`<p class="empty">Nothing recorded that names them.</p>` : html`<ul class="brief-list">${notes.map(note)}</ul>`);
  return html`<section class="internal" aria-labelledby="internal-title">
<h2 id="internal-title">Internal: not for the customer</h2>
<h3>Value we claim without evidence yet</h3>
${view.unsupported.length === 0 ? html`<p class="empty">None: every claim has its evidence.</p>` : html`<ul class="brief-list">${view.unsupported.map((claim) => html`<li>${claim.text} <span class="badge warn">no evidence</span> <span class="when">${claim.period}</span></li>`)}</ul>`}
<h3>What was hard to hear</h3>
${list(view.notes.hardToHear)}
<h3>What we are assuming</h3>
${list(view.notes.assumptions)}
</section>`;
}

/**
 * The brief's own rules, after the report's stylesheet. On paper: no card backgrounds or
 * shadows, blocks kept whole, margins of its own and no page size forced (A4 and Letter alike;
 * the `size: auto` undoes the report's A4). On a phone's screen (not on paper, however narrow its page): tables become stacked rows.
 */
const BRIEF_STYLE = `
main.brief{max-width:880px}
.brief h1{font-size:30px}
.internal-banner{margin:0 0 16px;padding:10px 14px;border:1px solid #e8b4b0;border-left:4px solid var(--red);border-radius:6px;background:#fdf1f0;color:var(--red-dark)}
.brief-tiles{margin:0 0 16px}
.brief-tiles .tile{background:var(--card)}
.brief-list{margin:0;padding-left:0;list-style:none}
.brief-list li{padding:6px 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere;break-inside:avoid;page-break-inside:avoid}
.brief-list li:last-child{border-bottom:0}
.brief-list .claim{font-weight:600}
.brief-list .evidence{color:var(--muted)}
.brief-list .when,.brief .when{font-size:12px;color:var(--muted);margin-left:4px}
.issues li{border-left:3px solid var(--red);padding-left:10px;margin:4px 0;border-bottom:0}
.fixed li{border-bottom:0;padding:3px 0}
.brief-quotes{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:6px 24px}
.brief blockquote{overflow-wrap:anywhere;break-inside:avoid;page-break-inside:avoid}
.brief td,.brief th{overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;max-width:100%}
.brief-spark{vertical-align:middle}
.brief-spark polyline{fill:none;stroke:#2f6fb0;stroke-width:1.8;stroke-linejoin:round}
.brief-spark circle{fill:#2f6fb0}
.brief-spark .spark-base{stroke:var(--line)}
.trend.up{color:var(--green)}.trend.down{color:var(--red)}.trend.mixed{color:var(--amber)}
.chips.weeks .chip{border-left-color:var(--green);font-variant-numeric:tabular-nums;font-size:12px}
.internal{border-color:#e8b4b0;border-top:3px solid var(--red)}
@media screen and (max-width:600px){
main.brief{padding:12px 10px 28px}
section,.page-header{padding:14px 14px}
.brief h1{font-size:24px}
.brief-tiles{grid-template-columns:repeat(2,minmax(0,1fr))}
table.brief-stack,table.brief-stack tbody,table.brief-stack tr,table.brief-stack td{display:block;width:100%}
table.brief-stack thead{display:none}
table.brief-stack tr{border-bottom:1px solid var(--line);padding:6px 0}
table.brief-stack td{border:0;padding:1px 0;text-align:left}
table.brief-stack td::before{content:attr(data-label) ": ";color:var(--muted);font-size:12px}
table.brief-stack td:first-child::before{content:none}
table.brief-stack td:first-child{font-weight:600}
tr.overdue td:first-child{box-shadow:none}
}
@media print{
@page{size:auto;margin:16mm 14mm}
body{background:#fff}
main.brief{max-width:none;padding:0}
.brief-tiles .tile,.internal-banner{background:none;box-shadow:none}
.internal{border:0;border-top:2px solid var(--red);padding-top:6px}
.brief-list li,.brief blockquote,.tile,tr,.chips{break-inside:avoid;page-break-inside:avoid}
.brief-quotes{display:block}
.table-wrap{overflow:visible}
a{color:inherit;text-decoration:none}
}
`.replace(/\n/g, '');
