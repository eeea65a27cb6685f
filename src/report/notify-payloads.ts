/**
 * What `rhythm notify` posts: the events of `domain/notify.ts` as a Slack, a Microsoft Teams and
 * a generic JSON webhook body. Pure: events in, JSON-able objects out.
 *
 * The wording lives in `notifyMessage` alone, one line per event, outside-in (the customer first);
 * the renderers only place it. Person-written text (customer and team names, reasons, notes) is
 * made one line of plain text there (no control character, line break or bidirectional override)
 * and each renderer puts it where nothing in it is read as markup:
 * - Slack: the event lines are `plain_text` sections (no mrkdwn, no mentions, no links, so
 *   `<!channel>`, `<@U123>` and `*bold*` stay text); the fallback `text` and the context line are
 *   mrkdwn, with `&`, `<` and `>` escaped as Slack asks, so no control sequence (a mention, a
 *   link) can form.
 * - Teams: the event lines are `TextRun`s of a `RichTextBlock`, whose text is never markdown
 *   (Adaptive Cards schema 1.2+); a mention needs `msteams.entities`, which rhythm never sends, so
 *   `<at>` stays text. Nothing goes into a markdown `TextBlock`.
 * - webhook: the events as they are; JSON.stringify escapes what JSON needs.
 */
import { BROKEN_UTF16 } from '../domain/characters.js';
import { plural } from '../domain/words.js';
import type { NotifyEvent } from '../domain/notify.js';
import type { Day } from '../domain/period.js';

/** Event lines a message shows; the rest are counted ("and 5 more: run rhythm report"). */
export const MAX_EVENT_LINES = 20;
/**
 * Characters of an event line, label included. Keeps 20 lines of the widest characters within
 * what the destinations take (a Teams message: 28 KB; a Slack section: 3,000 characters).
 */
export const MAX_LINE_LENGTH = 300;
/** Slack's limit for a header block's text. */
const MAX_TITLE_LENGTH = 150;

export interface NotifyContext {
  /** The workbook's name (its folder). */
  workbook: string;
  /** The day the events are announced for. */
  day: Day;
  /** Where to read more (the report or the site); only an http(s) URL is shown. */
  link?: string;
}

/** One event, in words: `label: text` ("Resolved: Stark Logistics … after 35 days (2026-W48)"). */
export interface NotifyLine {
  kind: NotifyEvent['kind'];
  label: string;
  /** One line of plain text, at most `MAX_LINE_LENGTH` with the label and ": ". */
  text: string;
}

/** The neutral description every renderer shares. All text is plain: a renderer escapes what its format needs. */
export interface NotifyMessage {
  /** "rhythm: 2 updates in acme-cs". */
  title: string;
  /** The first `MAX_EVENT_LINES` events. */
  lines: NotifyLine[];
  /** How many events were left out. */
  hidden: number;
  /** "and 5 more: run rhythm report", when events were left out. */
  more?: string;
  /** "acme-cs · 2026-11-30": what and when. */
  footer: string;
  workbook: string;
  day: Day;
  link?: string;
}

const LABELS: Record<NotifyEvent['kind'], string> = {
  flagged: 'Not receiving value',
  escalated: 'Escalated',
  resolved: 'Resolved',
  overdue: 'Overdue',
};

export function notifyMessage(events: readonly NotifyEvent[], context: NotifyContext): NotifyMessage {
  const workbook = clip(oneLine(context.workbook), 100) || 'workbook';
  const day = oneLine(context.day);
  const shown = events.slice(0, MAX_EVENT_LINES);
  const hidden = events.length - shown.length;
  const link = safeLink(context.link);
  return {
    title: clip(`rhythm: ${plural(events.length, 'update')} in ${workbook}`, MAX_TITLE_LENGTH),
    lines: shown.map(eventLine),
    hidden,
    ...(hidden > 0 ? { more: moreText(hidden) } : {}),
    footer: `${workbook} · ${day}`,
    workbook,
    day,
    ...(link === undefined ? {} : { link }),
  };
}

/** The line as one string: "Overdue: North America Accounts' weekly review for 2026-W47 was not held". */
export function lineText(line: NotifyLine): string {
  return `${line.label}: ${line.text}`;
}

function eventLine(event: NotifyEvent): NotifyLine {
  const label = LABELS[event.kind];
  const text = clip(eventText(event), MAX_LINE_LENGTH - label.length - 2);
  return { kind: event.kind, label, text };
}

function eventText(event: NotifyEvent): string {
  const team = event.teamName ?? event.team;
  if (event.kind === 'overdue') {
    const whose = team === undefined || oneLine(team) === '' ? 'the' : possessive(oneLine(team));
    return `${whose} ${oneLine(event.ritual)} review for ${oneLine(event.period)} was not held`;
  }
  const customer = `${oneLine(event.customerName) || oneLine(event.customer)}${team === undefined || oneLine(team) === '' ? '' : ` (${oneLine(team)})`}`;
  const after = (text: string | undefined) => (text === undefined || oneLine(text) === '' ? '' : `: ${oneLine(text)}`);
  switch (event.kind) {
    case 'flagged':
      return `${customer}, since ${oneLine(event.since)}${after(event.reason)}`;
    case 'escalated':
      return `${customer} has not been receiving value for ${plural(event.weeks, 'week')}${after(event.reason)}`;
    case 'resolved':
      return `${customer} receives value again after ${plural(event.days, 'day')} (${oneLine(event.resolvedIn)})${after(event.note)}`;
  }
}

/** Spaces, line ends and control characters (those `domain/characters.ts` names, and U+0085, U+2028, U+2029). */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const LINE_BREAKS_AND_SPACES = /[\s\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
/** Bidirectional embeddings, overrides and isolates: they would reorder the text around them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = new RegExp(BROKEN_UTF16.source, 'g');

/** Person-written text as one line of plain text: control characters, line breaks and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS_AND_SPACES, ' ').replace(BIDI_CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD').trim();
}

/** At most `max` UTF-16 units, cut with "…" and never inside a character. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

function moreText(count: number): string {
  return `and ${count} more: run rhythm report`;
}


function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** An http(s) URL with nothing that could close the markup it is placed in, else undefined. */
function safeLink(link: string | undefined): string | undefined {
  if (link === undefined || link.length > 2000 || !/^https?:\/\/[^\s<>|"'`\\]+$/i.test(link)) return undefined;
  try {
    new URL(link);
    return link;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Slack

/** Slack's escaping for mrkdwn (and the fallback `text`): `&`, `<` and `>`, so no `<!channel>`, `<@U123>` or `<url|text>` can form. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] };

export interface SlackPayload {
  /** The notification's text, and what clients without blocks show. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limit for a section's text, and for a payload's blocks. */
const SLACK_SECTION_LENGTH = 3000;
export const SLACK_MAX_BLOCKS = 50;
/** The fallback text: Slack truncates beyond 40,000 characters and advises far less; a notification shows a line or two. */
const SLACK_TEXT_LENGTH = 3000;

/**
 * A Slack incoming-webhook body: a header with the title, a `plain_text` section per event, one
 * for "and N more", a context line with the workbook and the day (and the link). At most
 * `MAX_EVENT_LINES + 3` blocks, within Slack's 50.
 */
export function slackPayload(events: readonly NotifyEvent[], context: NotifyContext): SlackPayload {
  const message = notifyMessage(events, context);
  const plain = (text: string): SlackText => ({ type: 'plain_text', text: clip(text, SLACK_SECTION_LENGTH), emoji: false });
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(message.title) },
    ...message.lines.map((line): SlackBlock => ({ type: 'section', text: plain(lineText(line)) })),
    ...(message.more === undefined ? [] : [{ type: 'section', text: plain(message.more) } satisfies SlackBlock]),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeSlack(message.footer) + (message.link === undefined ? '' : ` · <${escapeSlack(message.link)}|Open the report>`), verbatim: true }],
    },
  ];
  return { text: slackText(message), blocks };
}

/** The title and as many whole lines as fit, escaped. */
function slackText(message: NotifyMessage): string {
  let text = escapeSlack(message.title);
  for (const [index, line] of message.lines.entries()) {
    const escaped = escapeSlack(lineText(line));
    if (text.length + 1 + escaped.length > SLACK_TEXT_LENGTH - 50) return `${text}\n${moreText(message.lines.length - index + message.hidden)}`;
    text += `\n${escaped}`;
  }
  return message.more === undefined ? text : `${text}\n${message.more}`;
}

// ---------------------------------------------------------------------------------------------
// Microsoft Teams

export interface TeamsTextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium';
  isSubtle?: boolean;
}
export interface TeamsRichTextBlock {
  type: 'RichTextBlock';
  inlines: TeamsTextRun[];
  spacing?: 'Small' | 'Medium';
  separator?: boolean;
}
export interface TeamsCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  body: TeamsRichTextBlock[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
  msteams: { width: 'Full' };
}
export interface TeamsPayload {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: TeamsCard }];
}

/**
 * A Microsoft Teams webhook body: a message with one Adaptive Card attachment (schema 1.4). This is
 * the envelope the Teams Workflows webhook ("When a Teams webhook request is received", the
 * "Post to a channel when a webhook request is received" template) posts as a card, and the one
 * the retiring Office 365 connector incoming webhooks accept for Adaptive Cards; Workflows do not
 * accept the older MessageCard format. Teams refuses a message over 28 KB: 20 lines of 300
 * characters stay well under it.
 */
export function teamsPayload(events: readonly NotifyEvent[], context: NotifyContext): TeamsPayload {
  const message = notifyMessage(events, context);
  const run = (text: string, style: Omit<TeamsTextRun, 'type' | 'text'> = {}): TeamsTextRun => ({ type: 'TextRun', text, ...style });
  const body: TeamsRichTextBlock[] = [
    { type: 'RichTextBlock', inlines: [run(message.title, { weight: 'Bolder', size: 'Medium' })] },
    ...message.lines.map((line): TeamsRichTextBlock => ({ type: 'RichTextBlock', spacing: 'Small', inlines: [run(`${line.label}: `, { weight: 'Bolder' }), run(line.text)] })),
    ...(message.more === undefined ? [] : [{ type: 'RichTextBlock', spacing: 'Small', inlines: [run(message.more, { isSubtle: true })] } satisfies TeamsRichTextBlock]),
    { type: 'RichTextBlock', spacing: 'Medium', separator: true, inlines: [run(message.footer, { isSubtle: true, size: 'Small' })] },
  ];
  const content: TeamsCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(message.link === undefined ? {} : { actions: [{ type: 'Action.OpenUrl', title: 'Open the report', url: message.link }] }),
    msteams: { width: 'Full' },
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}

// ---------------------------------------------------------------------------------------------
// Generic JSON webhook

export interface WebhookPayload {
  generator: 'rhythm';
  /** Changes only when a field changes meaning or goes away; new fields may come without it. */
  schemaVersion: 1;
  workbook: string;
  day: Day;
  link?: string;
  /** Every event, as `domain/notify.ts` defines it: none left out, nothing reworded. */
  events: NotifyEvent[];
}

export function webhookPayload(events: readonly NotifyEvent[], context: NotifyContext): WebhookPayload {
  return {
    generator: 'rhythm',
    schemaVersion: 1,
    workbook: context.workbook,
    day: context.day,
    ...(context.link === undefined ? {} : { link: context.link }),
    events: [...events],
  };
}
