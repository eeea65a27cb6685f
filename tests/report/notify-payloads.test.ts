import { describe, expect, it } from 'vitest';
import type { EscalatedEvent, FlaggedEvent, NotifyEvent, OverdueEvent, ResolvedEvent } from '../../src/domain/notify.js';
import {
  MAX_EVENT_LINES,
  MAX_LINE_LENGTH,
  SLACK_MAX_BLOCKS,
  clip,
  escapeSlack,
  lineText,
  notifyMessage,
  oneLine,
  slackPayload,
  teamsPayload,
  webhookPayload,
  type SlackPayload,
  type TeamsPayload,
} from '../../src/report/notify-payloads.js';

const team = { team: 'na-accounts', teamName: 'North America Accounts' };
const stark = { customer: 'stark-logistics', customerName: 'Stark Logistics', since: '2026-W43', reason: 'route costs wrong since the ERP migration' };

const flagged: FlaggedEvent = { kind: 'flagged', id: 'flagged:na-accounts:stark-logistics:2026-W43', due: '2026-10-22', ...team, ...stark };
const escalated: EscalatedEvent = { kind: 'escalated', id: 'escalated:na-accounts:stark-logistics:2026-W43', due: '2026-11-12', ...team, ...stark, weeks: 3 };
const resolved: ResolvedEvent = {
  kind: 'resolved',
  id: 'resolved:na-accounts:stark-logistics:2026-W43',
  due: '2026-11-26',
  ...team,
  ...stark,
  resolvedIn: '2026-W48',
  days: 35,
  note: 'costs match again after the carrier table fix',
};
const overdue: OverdueEvent = { kind: 'overdue', id: 'overdue:na-accounts:weekly:2026-W47', due: '2026-11-24', ...team, ritual: 'weekly', period: '2026-W47' };
const context = { workbook: 'acme-cs', day: '2026-11-30' };

/** Every string of a payload, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** What Slack reads as markup in mrkdwn: a control sequence `<…>` (mention, link) can only come from a raw `<`. */
function slackMrkdwn(payload: SlackPayload): string[] {
  const fromBlocks = payload.blocks.flatMap((block) => ('elements' in block ? block.elements : [block.text])).filter((text) => text.type === 'mrkdwn').map((text) => text.text);
  return [payload.text, ...fromBlocks];
}

function teamsRuns(payload: TeamsPayload): string[] {
  return payload.attachments[0].content.body.flatMap((block) => block.inlines.map((run) => run.text));
}

describe('notifyMessage', () => {
  it('words each kind of event outside-in, one line each', () => {
    const message = notifyMessage([flagged, escalated, resolved, overdue], context);
    expect(message.title).toBe('rhythm: 4 updates in acme-cs');
    expect(message.lines.map(lineText)).toEqual([
      'Not receiving value: Stark Logistics (North America Accounts), since 2026-W43: route costs wrong since the ERP migration',
      'Escalated: Stark Logistics (North America Accounts) has not been receiving value for 3 weeks: route costs wrong since the ERP migration',
      'Resolved: Stark Logistics (North America Accounts) receives value again after 35 days (2026-W48): costs match again after the carrier table fix',
      "Overdue: North America Accounts' weekly review for 2026-W47 was not held",
    ]);
    expect(message.more).toBeUndefined();
    expect(message.footer).toBe('acme-cs · 2026-11-30');
  });

  it('words what is missing or singular plainly', () => {
    const noTeam = { team: undefined, teamName: undefined };
    const lines = notifyMessage(
      [
        { ...flagged, ...noTeam, reason: '' },
        { ...escalated, weeks: 1 },
        { ...resolved, days: 1, note: undefined },
        { ...overdue, ...noTeam },
        { ...overdue, teamName: 'EMEA Success Team', ritual: 'qbr', period: '2026-Q4' },
      ],
      context,
    ).lines.map(lineText);
    expect(lines).toEqual([
      'Not receiving value: Stark Logistics, since 2026-W43',
      'Escalated: Stark Logistics (North America Accounts) has not been receiving value for 1 week: route costs wrong since the ERP migration',
      'Resolved: Stark Logistics (North America Accounts) receives value again after 1 day (2026-W48)',
      'Overdue: the weekly review for 2026-W47 was not held',
      "Overdue: EMEA Success Team's qbr review for 2026-Q4 was not held",
    ]);
    expect(notifyMessage([flagged], context).title).toBe('rhythm: 1 update in acme-cs');
  });

  it(`shows ${MAX_EVENT_LINES} events and counts the rest`, () => {
    const many = Array.from({ length: 57 }, (_, index): NotifyEvent => ({ ...flagged, id: `flagged:${index}`, customerName: `Customer ${index}` }));
    const message = notifyMessage(many, context);
    expect(message.lines).toHaveLength(MAX_EVENT_LINES);
    expect(message.lines.at(-1)!.text).toMatch(/^Customer 19 /);
    expect(message.more).toBe('and 37 more: run rhythm report');
    expect(message.hidden).toBe(37);
    expect(notifyMessage(many.slice(0, MAX_EVENT_LINES), context).more).toBeUndefined();
  });

  it('makes person-written text one short line of plain text', () => {
    const reason = `first line\r\nsecond\tline\u2028third \u0007bell \u001b[31mred\u202Eevil${'x'.repeat(5000)}`;
    const [line] = notifyMessage([{ ...flagged, reason, customerName: 'Stark\nLogistics' }], context).lines;
    const text = lineText(line!);
    expect(text.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(text).toMatch(/^Not receiving value: Stark Logistics \(North America Accounts\), since 2026-W43: first line second line third bell \[31mredevilx+…$/);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/);
  });

  it('cuts a line between characters, never inside one', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
    expect(clip('a😀b', 3)).toBe('a…');
    expect(clip('😀😀😀', 4)).toBe('😀…');
    expect(oneLine('  a \n\n b\u0085c ')).toBe('a b c');
    expect(oneLine('lone \uD800 half')).toBe('lone \uFFFD half');
  });

  it('shows a link only when it is a plain http(s) URL', () => {
    expect(notifyMessage([flagged], { ...context, link: 'https://example.com/reports/2026-W48.html' }).link).toBe('https://example.com/reports/2026-W48.html');
    for (const link of ['javascript:alert(1)', 'https://example.com/a|<!channel>', 'https://example.com/a b', 'ftp://example.com', 'https://'])
      expect(notifyMessage([flagged], { ...context, link }).link, link).toBeUndefined();
  });
});

describe('hostile text stays inert', () => {
  const hostile = [
    { ...flagged, customerName: '<!channel> *Stark* <@U123>', reason: '<!here> _italic_ ~strike~ `code` <https://evil.example|click> & more\n> quoted\n```block```' },
    { ...escalated, teamName: '<at>Everyone</at> **Team** [link](https://evil.example)', reason: 'x'.repeat(5000) },
    { ...resolved, note: '</script>"quotes" \\back\\slash' + '\u202E'.repeat(3) },
    { ...overdue, teamName: '<!subteam^S123>' },
  ];

  it('Slack: mrkdwn holds no raw < or >, and event lines are plain_text (no mrkdwn, no mentions)', () => {
    const payload = slackPayload(hostile, { ...context, workbook: '<!channel>' });
    for (const text of slackMrkdwn(payload)) expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    expect(payload.text).toContain('&lt;!channel&gt; *Stark* &lt;@U123&gt;');
    const sections = payload.blocks.filter((block) => block.type === 'section');
    expect(sections.every((block) => block.text.type === 'plain_text')).toBe(true);
    // plain text as it is: Slack shows it literally, so it is not escaped (an escape would show as "&lt;").
    expect(sections[0]!.text.text).toContain('<!channel> *Stark* <@U123>');
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'rhythm: 4 updates in <!channel>', emoji: false } });
  });

  it('Slack: within Block Kit limits', () => {
    const many = Array.from({ length: 300 }, (_, index) => ({ ...hostile[index % hostile.length]!, id: String(index), reason: '<&>'.repeat(2000) }));
    for (const events of [hostile, many]) {
      const payload = slackPayload(events, { ...context, workbook: 'w'.repeat(500) });
      expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
      const header = payload.blocks[0]!;
      expect(header.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
      for (const block of payload.blocks) for (const text of 'elements' in block ? block.elements : [block.text]) expect(text.text.length).toBeLessThanOrEqual(3000);
      expect(payload.text.length).toBeLessThanOrEqual(3000);
      expect(payload.text.split('\n').at(-1)).toMatch(events === many ? /^and \d+ more: run rhythm report$/ : /./);
    }
  });

  it('Slack: the fallback text counts every event it could not hold', () => {
    const long = Array.from({ length: 25 }, (_, index) => ({ ...flagged, id: String(index), reason: '&'.repeat(1000) }));
    const lines = slackPayload(long, context).text.split('\n');
    const shown = lines.length - 2;
    expect(lines.at(-1)).toBe(`and ${25 - shown} more: run rhythm report`);
  });

  it('Teams: text only in TextRuns (never markdown), one line each, within 28 KB', () => {
    const payload = teamsPayload(hostile, context);
    const body = payload.attachments[0].content.body;
    expect(body.every((block) => block.type === 'RichTextBlock' && block.inlines.every((run) => run.type === 'TextRun'))).toBe(true);
    expect(teamsRuns(payload).join('\n')).toContain('<at>Everyone</at> **Team** [link](https://evil.example)');
    for (const text of teamsRuns(payload)) expect(text).not.toMatch(/[\n\r\u202E]/);
    // The widest characters, the most lines: still well within Teams' 28 KB for a message.
    const wide = Array.from({ length: 100 }, (_, index) => ({ ...flagged, id: String(index), customerName: '😀'.repeat(400), reason: '"\\'.repeat(3000) }));
    expect(Buffer.byteLength(JSON.stringify(teamsPayload(wide, { ...context, workbook: '語'.repeat(300) })))).toBeLessThan(28_000);
    expect(Buffer.byteLength(JSON.stringify(slackPayload(wide, { ...context, workbook: '語'.repeat(300) })))).toBeLessThan(40_000);
  });

  it('webhook: the events as they are, valid JSON whatever they hold', () => {
    const payload = webhookPayload(hostile, context);
    expect(JSON.parse(JSON.stringify(payload))).toEqual({ generator: 'rhythm', schemaVersion: 1, workbook: 'acme-cs', day: '2026-11-30', events: hostile });
  });

  it('every payload is plain JSON (no undefined, no functions)', () => {
    for (const payload of [slackPayload(hostile, context), teamsPayload(hostile, context), webhookPayload(hostile, context)]) {
      expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
      expect(strings(payload).length).toBeGreaterThan(0);
    }
  });
});

describe('payloads for two events', () => {
  const two = [flagged, resolved];
  const withLink = { ...context, link: 'https://reports.example.com/acme-cs/2026-W48.html' };

  it('Slack', () => {
    expect(escapeSlack('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(slackPayload(two, withLink)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": false,
              "text": "rhythm: 2 updates in acme-cs",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "emoji": false,
              "text": "Not receiving value: Stark Logistics (North America Accounts), since 2026-W43: route costs wrong since the ERP migration",
              "type": "plain_text",
            },
            "type": "section",
          },
          {
            "text": {
              "emoji": false,
              "text": "Resolved: Stark Logistics (North America Accounts) receives value again after 35 days (2026-W48): costs match again after the carrier table fix",
              "type": "plain_text",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "acme-cs · 2026-11-30 · <https://reports.example.com/acme-cs/2026-W48.html|Open the report>",
                "type": "mrkdwn",
                "verbatim": true,
              },
            ],
            "type": "context",
          },
        ],
        "text": "rhythm: 2 updates in acme-cs
      Not receiving value: Stark Logistics (North America Accounts), since 2026-W43: route costs wrong since the ERP migration
      Resolved: Stark Logistics (North America Accounts) receives value again after 35 days (2026-W48): costs match again after the carrier table fix",
      }
    `);
  });

  it('Teams', () => {
    expect(teamsPayload(two, withLink)).toMatchInlineSnapshot(`
      {
        "attachments": [
          {
            "content": {
              "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
              "actions": [
                {
                  "title": "Open the report",
                  "type": "Action.OpenUrl",
                  "url": "https://reports.example.com/acme-cs/2026-W48.html",
                },
              ],
              "body": [
                {
                  "inlines": [
                    {
                      "size": "Medium",
                      "text": "rhythm: 2 updates in acme-cs",
                      "type": "TextRun",
                      "weight": "Bolder",
                    },
                  ],
                  "type": "RichTextBlock",
                },
                {
                  "inlines": [
                    {
                      "text": "Not receiving value: ",
                      "type": "TextRun",
                      "weight": "Bolder",
                    },
                    {
                      "text": "Stark Logistics (North America Accounts), since 2026-W43: route costs wrong since the ERP migration",
                      "type": "TextRun",
                    },
                  ],
                  "spacing": "Small",
                  "type": "RichTextBlock",
                },
                {
                  "inlines": [
                    {
                      "text": "Resolved: ",
                      "type": "TextRun",
                      "weight": "Bolder",
                    },
                    {
                      "text": "Stark Logistics (North America Accounts) receives value again after 35 days (2026-W48): costs match again after the carrier table fix",
                      "type": "TextRun",
                    },
                  ],
                  "spacing": "Small",
                  "type": "RichTextBlock",
                },
                {
                  "inlines": [
                    {
                      "isSubtle": true,
                      "size": "Small",
                      "text": "acme-cs · 2026-11-30",
                      "type": "TextRun",
                    },
                  ],
                  "separator": true,
                  "spacing": "Medium",
                  "type": "RichTextBlock",
                },
              ],
              "msteams": {
                "width": "Full",
              },
              "type": "AdaptiveCard",
              "version": "1.4",
            },
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
          },
        ],
        "type": "message",
      }
    `);
  });

  it('webhook', () => {
    expect(JSON.stringify(webhookPayload(two, withLink))).toMatch(/^\{"generator":"rhythm","schemaVersion":1,"workbook":"acme-cs","day":"2026-11-30","link":"https:[^"]+","events":\[\{"kind":"flagged"/);
    expect(webhookPayload(two, context)).toMatchInlineSnapshot(`
      {
        "day": "2026-11-30",
        "events": [
          {
            "customer": "stark-logistics",
            "customerName": "Stark Logistics",
            "due": "2026-10-22",
            "id": "flagged:na-accounts:stark-logistics:2026-W43",
            "kind": "flagged",
            "reason": "route costs wrong since the ERP migration",
            "since": "2026-W43",
            "team": "na-accounts",
            "teamName": "North America Accounts",
          },
          {
            "customer": "stark-logistics",
            "customerName": "Stark Logistics",
            "days": 35,
            "due": "2026-11-26",
            "id": "resolved:na-accounts:stark-logistics:2026-W43",
            "kind": "resolved",
            "note": "costs match again after the carrier table fix",
            "reason": "route costs wrong since the ERP migration",
            "resolvedIn": "2026-W48",
            "since": "2026-W43",
            "team": "na-accounts",
            "teamName": "North America Accounts",
          },
        ],
        "generator": "rhythm",
        "schemaVersion": 1,
        "workbook": "acme-cs",
      }
    `);
  });
});
