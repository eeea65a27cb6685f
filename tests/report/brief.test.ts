/**
 * The customer value brief, from review files written by hand: what it shows of one customer,
 * what it says when there is nothing to show, what only an internal brief holds, and that
 * person-written text stays text in HTML.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { parseReview, type Review } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { briefView, internalNotes, renderBriefHtml, renderBriefMarkdown } from '../../src/report/brief.js';
import { isGeneratedReport } from '../../src/report/generated.js';
import { config, reviewText, type ReviewSpec } from '../domain/rollup-fixtures.js';

const calendar = { fiscalYearStartMonth: 1 };
const customers = [
  { id: 'stark', name: 'Stark Logistics', segment: 'enterprise', owner: 'dana' },
  { id: 'acme', name: 'Acme Corp' },
  { id: 'hooli', name: 'Hooli' },
];
const teams = [
  { id: 'na', name: 'North America', members: ['dana', 'eli'] },
  { id: 'product', name: 'Product', members: ['farah'] },
];

/** A weekly review with the internal answers too (rollup-fixtures writes the others). */
function review(spec: ReviewSpec, notes: { hard_to_hear?: string; assumptions?: string } = {}): Review {
  const sections = Object.entries(notes).map(([id, text]) => `\n## ${id}  <!-- q:${id} -->\n\n${text}\n`);
  const file = `rhythm/${spec.team}/weekly/${spec.period}.md`;
  const parsed = parseReview(reviewText(spec) + sections.join(''), file, calendar);
  if (!parsed.review) throw new Error(`fixture ${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.review;
}

function reviews(): Review[] {
  return [
    review({
      team: 'na',
      period: '2026-W44',
      date: '2026-10-27',
      customers: ['stark'],
      flags: [{ customer: 'stark', reason: 'route costs wrong since the ERP migration' }],
      heard: ['Stark Logistics: "We cannot run a depot review on numbers nobody believes." #reporting'],
      scores: { value_confidence: 2 },
      actions: ['[ ] Escalate Stark to our COO @dana due:2026-11-10'],
    }),
    review(
      {
        team: 'na',
        period: '2026-W45',
        date: '2026-11-03',
        customers: ['stark', 'acme'],
        flags: [{ customer: 'stark', reason: 'still wrong for 11 of 13 depots', since: '2026-W44' }],
        value: ['Acme Corp: 3 dashboards retired (evidence: usage data)', 'Stark Logistics: the depot review is faster'],
        scores: { value_confidence: 4 },
        actions: ['[ ] Escalate Stark to our COO @dana due:2026-11-10', '[ ] Send a written status every Friday @eli due:2026-11-20 #stark'],
      },
      {
        hard_to_hear: "Stark's operations director said they may not renew.\n\nAcme found the invoice confusing.",
        assumptions: '- We assume Stark Logistics reads the weekly status.\n- We assume Acme has a sponsor.',
      },
    ),
    review({
      team: 'product',
      period: '2026-W44',
      date: '2026-10-28',
      customers: ['stark'],
      flags: [{ customer: 'stark', reason: 'SSO login loops for depot managers' }],
      scores: { value_confidence: 3 },
    }),
    review({
      team: 'product',
      period: '2026-W45',
      date: '2026-11-04',
      customers: ['stark'],
      flags: [{ customer: 'stark', reason: 'SSO login loops for depot managers', since: '2026-W44' }],
      heard: ['Stark Logistics: "<script>alert(1)</script> & two depots are right now." #integrations'],
      value: ["Stark Logistics: two depots reconciled (evidence: their controller's sign-off)"],
      scores: { value_confidence: 3 },
      actions: ['[ ] Ship the cost-centre mapping for Stark Logistics @farah due:2026-11-27'],
    }),
    review({
      team: 'product',
      period: '2026-W46',
      date: '2026-11-11',
      customers: ['acme'],
      resolved: [{ customer: 'stark', since: '2026-W44', note: 'new SSO config' }],
      scores: { value_confidence: 4 },
    }),
  ];
}

function rollup(team?: string) {
  return computeRollup({ reviews: reviews(), config: config({ teams }), customers, period: parsePeriod('2026-Q4', calendar), today: '2026-11-16', ...(team ? { team } : {}) });
}

const NOTES = internalNotes(reviews(), { id: 'stark', name: 'Stark Logistics' });

describe('briefView', () => {
  it('gathers the value with evidence, their words, what is not working, confidence and contact', () => {
    const view = briefView(rollup(), 'stark')!;
    expect(view.customer).toMatchObject({ id: 'stark', name: 'Stark Logistics', segment: 'enterprise' });
    expect(view.teams).toEqual(['North America', 'Product']);
    expect(view.value.map((claim) => [claim.text, claim.evidence])).toEqual([['two depots reconciled', "their controller's sign-off"]]);
    expect(view.leftOut).toBe(1);
    expect(view.unsupported).toEqual([]);
    expect(view.quotes.map((quote) => quote.text)).toEqual(['<script>alert(1)</script> & two depots are right now.', 'We cannot run a depot review on numbers nobody believes.']);
    expect(view.open.map((flag) => [flag.reason, flag.since, flag.durationDays])).toEqual([['still wrong for 11 of 13 depots', '2026-W44', 20]]);
    expect(view.doing.map((action) => [action.title, action.owner, action.due])).toEqual([
      ['Escalate Stark to our COO', 'dana', '2026-11-10'],
      ['Send a written status every Friday', 'eli', '2026-11-20'],
      ['Ship the cost-centre mapping for Stark Logistics', 'farah', '2026-11-27'],
    ]);
    expect(view.fixed.map((flag) => [flag.reason, flag.resolutionDays])).toEqual([['SSO login loops for depot managers', 14]]);
    expect(view.confidence.map((team) => [team.teamName, team.average, team.trend, team.values])).toEqual([
      ['North America', 3, 'up', [2, 4]],
      ['Product', 3.33, 'up', [3, 3, 4]],
    ]);
    expect(view.overall).toEqual({ average: 3.2, count: 5, trend: 'up' });
    expect(view.contact).toMatchObject({ weeks: ['2026-W44', '2026-W45'], weeksInPeriod: 8, last: { period: '2026-W45' } });
    expect(view.notes).toEqual({ hardToHear: [], assumptions: [] });
  });

  it('is undefined for a customer the rollup and registry do not know', () => {
    expect(briefView(rollup(), 'nobody')).toBeUndefined();
  });

  it('--team: only that team\'s reviews', () => {
    const view = briefView(rollup('product'), 'stark')!;
    expect(view.teams).toEqual(['Product']);
    expect(view.doing.map((action) => action.owner)).toEqual(['farah']);
    expect(view.open).toEqual([]);
  });
});

describe('internalNotes', () => {
  it('keeps the paragraphs and list items of the internal answers that name the customer', () => {
    expect(NOTES).toEqual([
      { question: 'hard_to_hear', team: 'na', period: '2026-W45', text: "Stark's operations director said they may not renew." },
      { question: 'assumptions', team: 'na', period: '2026-W45', text: 'We assume Stark Logistics reads the weekly status.' },
    ]);
    expect(internalNotes(reviews(), { id: 'acme', name: 'Acme Corp' }).map((note) => note.text)).toEqual(['Acme found the invoice confusing.', 'We assume Acme has a sponsor.']);
  });
});

describe('the brief in markdown', () => {
  it('has every section, marked as generated', () => {
    const text = renderBriefMarkdown(briefView(rollup(), 'stark', { notes: NOTES })!);
    expect(isGeneratedReport('md', text)).toBe(true);
    expect(text).toMatchInlineSnapshot(`
      "<!-- generated by rhythm report: the next report replaces this file -->
      # Stark Logistics — customer value brief, 2026-Q4

      _Pre-read for our quarterly business review · 2026-Q4, Thu 1 Oct – Thu 31 Dec 2026 · as of 2026-11-16 · enterprise · from the reviews of North America and Product._

      ## The value we delivered, and how we know

      - two depots reconciled — _evidence: their controller's sign-off_ (2026-W45)

      ## What you told us, in your words

      > “<script>alert(1)</script> & two depots are right now.”
      > — 2026-W45

      > “We cannot run a depot review on numbers nobody believes.”
      > — 2026-W44

      ## What is not working yet, and what we are doing about it

      - **still wrong for 11 of 13 depots** — for 20 days, since 2026-W44

      ### What we are doing

      | Action | Owner | Due |
      | --- | --- | --- |
      | Escalate Stark to our COO | @dana | 2026-11-10 (overdue) |
      | Send a written status every Friday | @eli | 2026-11-20 |
      | Ship the cost-centre mapping for Stark Logistics | @farah | 2026-11-27 |

      ### Fixed this quarter

      - fixed: SSO login loops for depot managers in 14 days

      ## How confident we are

      3.2 of 5 on average over 5 scores; rising.

      | Team | Average | Range | Trend | Week by week |
      | --- | --- | --- | --- | --- |
      | North America | 3 of 5 | 2–4 | rising | ▃▆ |
      | Product | 3.33 of 5 | 3–4 | rising | ▅▅▆ |

      _Each team's weekly score of how confident it is that its customers get the value we promise._

      ## Our contact with you

      - In contact 2 of 8 weeks: 2026-W44, 2026-W45
      - Last contact: 2026-11-04 (2026-W45, Product)
      "
    `);
  });

  it('holds nothing internal by default, and the notes and claims without evidence with --internal', () => {
    const outside = renderBriefMarkdown(briefView(rollup(), 'stark', { notes: NOTES })!);
    for (const hidden of ['may not renew', 'reads the weekly status', 'the depot review is faster', 'Internal']) expect(outside).not.toContain(hidden);
    const inside = renderBriefMarkdown(briefView(rollup(), 'stark', { internal: true, notes: NOTES })!);
    expect(inside).toContain('> **Internal — do not send to Stark Logistics.**');
    expect(inside).toContain("### What was hard to hear\n\n- Stark's operations director said they may not renew. (2026-W45, North America)");
    expect(inside).toContain('### What we are assuming\n\n- We assume Stark Logistics reads the weekly status. (2026-W45, North America)');
    expect(inside).toContain('### Value we claim without evidence yet\n\n- the depot review is faster — _no evidence given_ (2026-W45)');
  });

  it('says so plainly when there is nothing to show', () => {
    const text = renderBriefMarkdown(briefView(rollup(), 'hooli', { internal: true })!);
    expect(text).toContain('no team reviews mention them in this period');
    for (const line of [
      'No value with evidence recorded this quarter.',
      'No quotes recorded this quarter.',
      'Nothing is flagged as not working as of 2026-11-16.',
      'No open action names this customer.',
      'No confidence scores recorded this quarter.',
      'No contact recorded this quarter.',
      'None: every claim has its evidence.',
      'Nothing recorded that names them.',
    ])
      expect(text).toContain(line);
    expect(text).not.toContain('### Fixed');
  });
});

describe('the brief in HTML', () => {
  it('keeps person-written text as text: a quote with <script> is escaped', () => {
    const page = renderBriefHtml(briefView(rollup(), 'stark')!);
    expect(isGeneratedReport('html', page)).toBe(true);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('“&lt;script&gt;alert(1)&lt;/script&gt; &amp; two depots are right now.”');
    expect(page).toContain("their controller&#39;s sign-off");
  });

  it('has every section, and the internal one only when asked', () => {
    const outside = renderBriefHtml(briefView(rollup(), 'stark', { notes: NOTES })!);
    for (const id of ['value-title', 'words-title', 'issues-title', 'confidence-title', 'contact-title']) expect(outside).toContain(`id="${id}"`);
    expect(outside).toContain('<span class="badge good">fixed</span> SSO login loops for depot managers');
    expect(outside).toContain('<td data-label="Owner" class="nowrap">@eli</td>');
    expect(outside).toContain('<svg class="brief-spark"');
    for (const hidden of ['internal-title', 'class="internal-banner"', 'may not renew', 'the depot review is faster']) expect(outside).not.toContain(hidden);
    const inside = renderBriefHtml(briefView(rollup(), 'stark', { internal: true, notes: NOTES })!);
    for (const shown of ['id="internal-title"', 'class="internal-banner"', 'Stark&#39;s operations director said they may not renew.', 'the depot review is faster <span class="badge warn">no evidence</span>'])
      expect(inside).toContain(shown);
  });

  it('prints without forcing a page size, and keeps blocks whole', () => {
    const page = renderBriefHtml(briefView(rollup(), 'stark')!);
    const print = page.slice(page.lastIndexOf('@media print'));
    expect(print).toMatch(/@page\{size:auto;margin:[^}]+\}/);
    expect(print).toContain('break-inside:avoid');
    expect(page).not.toMatch(/<(?:script|link|img|iframe)\b/i);
    expect(page).not.toMatch(/url\(|@import|https?:\/\//);
  });
});
