import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodsWithin } from '../../src/domain/period.js';
import type { Customer } from '../../src/domain/registry.js';
import { escapeHtml } from '../../src/report/html-markup.js';
import { renderHtml } from '../../src/report/html.js';
import { reportView } from '../../src/report/view-model.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { config, emeaQ4, registry, review, TODAY } from '../domain/rollup-fixtures.js';
import { emptyRollup, Q4_2026 } from './fixtures.js';

const WEEKS_OF_Q4 = periodsWithin(Q4_2026, 'week', { fiscalYearStartMonth: 1 }).length;

const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_QUOTE = '"</script><script>alert(1)</script> see https://example.com/x" #xss';
const EVIL_TEAM = 'APAC <Team> & "Co"';

/** Two teams: EMEA from the rollup fixtures, and APAC, whose people write hostile text everywhere. */
function hostileRollup(): Rollup {
  const customers: Customer[] = [...registry, { id: 'evil', name: EVIL_NAME }, { id: 'quiet', name: 'Quiet & <Co>', owner: 'bo"><b>x</b>' }];
  const team = 'apac';
  const reviews = [
    ...emeaQ4(),
    review({
      team,
      period: '2026-W45',
      date: '2026-11-05',
      participants: ['kim'],
      customers: ['evil'],
      flags: [{ customer: 'evil', reason: 'R&D says "no" <b>bold</b>', since: '2026-W45' }],
      scores: { value_confidence: 2 },
      heard: [`evil: ${EVIL_QUOTE}`],
      value: ["evil: saved <3 hours & more (evidence: their CFO's <em>word</em>)"],
      actions: ['[ ] Email <ceo@example.com> & "fix" it @kim due:2026-11-01'],
    }),
    review({ team, period: '2026-W47', date: '2026-11-19', customers: ['acme'], flags: [{ customer: 'evil', reason: 'R&D says "no" <b>bold</b>', since: '2026-W45' }], scores: { value_confidence: 3, nps: 40 } }),
  ];
  return computeRollup({
    reviews,
    config: config({
      teams: [
        { id: 'emea-cs', name: 'EMEA Customer Success', members: [] },
        { id: team, name: EVIL_TEAM, members: [] },
      ],
    }),
    customers,
    period: Q4_2026,
    today: TODAY,
  });
}

/** Every element the page may contain; text a person wrote must never add another. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body main header footer section article div p ul li span strong code br h1 h2 h3 h4 figure figcaption table thead tbody tr th td blockquote svg g rect line text polyline circle desc'.split(' '),
);

function tagsOf(page: string): string[] {
  return [...page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => match[1]!.toLowerCase());
}

function count(page: string, pattern: RegExp): number {
  return [...page.matchAll(pattern)].length;
}

/** The markup of one team's calendar. */
function calendarOf(page: string, team: string): string {
  const start = page.indexOf(`<figure class="calendar" data-team="${team}">`);
  expect(start, `calendar of ${team}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</figure>', start));
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('renderHtml', () => {
  const rollup = hostileRollup();
  const page = renderHtml(reportView(rollup));

  it('is one self-contained page: no scripts, nothing fetched', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).not.toMatch(/<script/i);
    // Inside tags (the escaped text of a hostile name may well read `onerror=`).
    expect(page).not.toMatch(/<[^>]*\son[a-z]+\s*=[^>]*>/i);
    expect(page).not.toMatch(/<(img|link|iframe|object|embed|image|use|a)\b/i);
    expect(page).not.toMatch(/@import|url\(/i);
    // A link written in a quote stays text: no tag or attribute holds an address.
    expect(page).toContain('see https://example.com/x');
    expect(page).not.toMatch(/<[^>]*(https?:|\/\/)[^>]*>/i);
    expect(page).not.toMatch(/<[^>]*\s(src|href|xlink:href)\s*=[^>]*>/i);
  });

  it('escapes every string from the rollup', () => {
    for (const tag of tagsOf(page)) expect(ALLOWED_TAGS.has(tag), tag).toBe(true);
    expect(page).not.toContain(EVIL_NAME);
    expect(page).toContain(escapeHtml(EVIL_NAME));
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain(escapeHtml(EVIL_TEAM));
    expect(page).toContain('R&amp;D says &quot;no&quot; &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('Email &lt;ceo@example.com&gt; &amp; &quot;fix&quot; it');
    expect(page).toContain('saved &lt;3 hours &amp; more');
    expect(page).toContain('their CFO&#39;s &lt;em&gt;word&lt;/em&gt;');
    expect(page).toContain('Quiet &amp; &lt;Co&gt;');
    expect(page).toContain('owner @bo&quot;&gt;&lt;b&gt;x&lt;/b&gt;');
  });

  it('titles the page with the period and its dates, and puts at most five summary lines first', () => {
    expect(page).toContain('<title>Customer rollup — 2026-Q4</title>');
    expect(page).toContain('2026-Q4 <span class="range">Thu 1 Oct – Thu 31 Dec 2026</span>');
    const summary = page.slice(page.indexOf('<ul class="summary-lines">'), page.indexOf('</ul>', page.indexOf('<ul class="summary-lines">')));
    expect(count(summary, /<li /g)).toBeGreaterThan(0);
    expect(count(summary, /<li /g)).toBeLessThanOrEqual(5);
    // Laid out for a leader: the summary; who is not receiving value and what is being done; the
    // teams, the most worrying first; overdue actions; customers; then scores, their words, value.
    const order = ['summary-title', 'flags-title', 'teams-title', 'actions-title', 'customers-title', 'scores-title', 'voice-title', 'value-title'].map((id) => page.indexOf(`id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('puts what is being done beside every customer not receiving value, and says plainly when nothing is', () => {
    const cards = [...page.matchAll(/<article class="flag-card[^"]*" data-customer="([^"]+)">([^]*?)<\/article>/g)].map((match) => [match[1], match[2]!]);
    expect(cards.map(([customer]) => customer)).toEqual(['evil', 'globex']);
    for (const [, card] of cards) expect(card).toContain('<strong>No action yet.</strong>');
    const acted = renderHtml(
      reportView(
        computeRollup({
          reviews: [review({ team: 'emea-cs', period: '2026-W47', date: '2026-11-19', flags: [{ customer: 'globex', reason: 'renewal at risk' }], actions: ['[ ] Call the Globex sponsor @bo due:2026-11-20', '[ ] Plan renewal @ana #globex'] })],
          config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }),
          customers: registry,
          period: Q4_2026,
          today: TODAY,
        }),
      ),
    );
    const card = /<article class="flag-card[^]*?<\/article>/.exec(acted)![0];
    expect(card).toContain('2 open actions by @bo, @ana, 1 overdue since 2026-11-20');
    expect(card).toMatch(/<li class="overdue">Call the Globex sponsor <span class="muted">@bo, due 2026-11-20<\/span> <span class="badge bad">overdue<\/span><\/li>/);
    expect(card).toContain('<li>Plan renewal <span class="muted">@ana</span></li>');
    expect(card).not.toContain('No action yet');
  });

  it('makes overdue actions prominent and, by default, lists only those', () => {
    expect(page).toContain('<p class="overdue-banner"><strong>2 of 3 open actions are overdue</strong>');
    // Hostile APAC's action is overdue; EMEA's "Send QBR deck" too; "Fix SSO" is not due.
    expect(page).toContain('<h3>Overdue, the oldest first</h3>');
    expect(page).toContain('Not shown: 1 not yet due.');
    const full = renderHtml(reportView(hostileRollup(), { full: true }));
    expect(full).toContain('<h3>Open actions, overdue and oldest first</h3>');
    expect(full).toContain('Fix SSO');
  });

  it('links names to pages when the view has them, and shows a navigation bar when asked', () => {
    const linked = renderHtml(reportView(hostileRollup(), { links: { customer: (id) => `customers/${id}.html`, team: (id) => `teams/${id}.html` } }), { nav: [{ label: 'Overview', href: 'index.html', current: true }, { label: 'Customers', href: 'customers/index.html' }] });
    expect(linked).toContain('<a href="customers/globex.html">Globex</a>');
    expect(linked).toContain(`<a href="customers/evil.html">${escapeHtml(EVIL_NAME)}</a>`);
    expect(linked).toContain('<a href="teams/emea-cs.html">EMEA Customer Success</a>');
    expect(linked).toContain('<nav class="site-nav" aria-label="Site"><ul><li><span aria-current="page">Overview</span></li><li><a href="customers/index.html">Customers</a></li></ul></nav>');
    expect(page).not.toContain('<a ');
  });

  it('draws one bar per flag episode', () => {
    const episodes = rollup.teams.reduce((sum, team) => sum + team.flags.length, 0);
    expect(episodes).toBe(4);
    expect(count(page, /<rect class="flag-bar /g)).toBe(episodes);
    expect(count(page, /<rect class="flag-bar open/g)).toBe(rollup.organisation.flags.open);
    expect(count(page, /<rect class="flag-bar [a-z]+ escalated/g)).toBe(rollup.organisation.flags.escalated);
  });

  it('draws one score chart per score id', () => {
    const ids = new Set(rollup.organisation.scores.map((score) => score.id));
    expect([...ids].sort()).toEqual(['nps', 'value_confidence']);
    expect(count(page, /<svg class="chart score-chart"/g)).toBe(ids.size);
    for (const id of ids) expect(page).toContain(`<figure class="score" data-score="${id}">`);
    // A known scale gets its whole axis; a score without one gets a range around its values.
    expect(page).toContain('scale 1–5');
    expect(page).toContain('scale 39–41');
  });

  it('draws a calendar cell for every week of the period, per team, coloured by what happened', () => {
    for (const team of rollup.teams) {
      const calendar = calendarOf(page, team.team!);
      const weekly = team.cadence.find((row) => row.ritual === 'weekly')!;
      expect(count(calendar, /class="cal-cell week /g)).toBe(WEEKS_OF_Q4);
      expect(count(calendar, /class="cal-cell week held"/g)).toBe(weekly.held.length);
      expect(count(calendar, /class="cal-cell week missed"/g)).toBe(weekly.missing.length);
      expect(count(calendar, /class="cal-cell week (held|missed)"/g)).toBe(weekly.expected.length);
      expect(count(calendar, /class="cal-cell quarter /g)).toBe(1);
    }
  });

  it('lists silent customers, actions by owner, quotes by customer, themes and claims with evidence', () => {
    expect(page).toMatch(/<li class="chip warn">Hooli/);
    expect(page).toContain('<td>@ana</td>');
    expect(page).toMatch(/<h4>Acme Corp <span class="muted">2 quotes<\/span><\/h4>/);
    expect(page).toMatch(/#reporting<\/span><span class="theme-bar">.*?<span class="num">2<\/span>/);
    expect(page).toContain('<td data-label="How we know">usage data</td>');
    expect(page).toContain('<span class="badge warn">no evidence</span>');
  });

  it('adds a section per team when there are several', () => {
    expect(count(page, /<article class="team" data-team=/g)).toBe(2);
    expect(renderHtml(reportView({ ...rollup, teams: rollup.teams.slice(0, 1) }))).not.toContain('<article class="team"');
  });

  it('prints plainly', () => {
    expect(page).toContain('@media print{');
    expect(page).toMatch(/@media print\{[^]*break-inside:avoid/);
  });

  it('is the same page every time, and small', () => {
    expect(renderHtml(reportView(hostileRollup()))).toBe(page);
    expect(Buffer.byteLength(page)).toBeLessThan(60_000);
  });

  it('renders an empty period, and a rollup without teams', () => {
    const empty = renderHtml(reportView(emptyRollup()));
    expect(empty).toContain('No customer was flagged as not receiving value in this period.');
    // No scale question answered: the section is left out, not filled with a sentence saying so.
    expect(empty).not.toContain('id="scores-title"');
    expect(empty).toContain('No actions recorded.');
    expect(count(empty, /class="cal-cell week /g)).toBe(WEEKS_OF_Q4);
    expect(empty).not.toContain('score-chart');
    const none = renderHtml(reportView({ ...emptyRollup(), teams: [] }));
    expect(none).toContain('No team has rituals in this period.');
  });

  it('renders a single week', () => {
    const week = computeRollup({ reviews: emeaQ4(), config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }), customers: registry, period: { kind: 'week', year: 2026, week: 47 }, today: TODAY });
    const html = renderHtml(reportView(week));
    expect(count(html, /class="cal-cell week /g)).toBe(1);
    expect(count(html, /<rect class="flag-bar /g)).toBe(week.teams.reduce((sum, team) => sum + team.flags.length, 0));
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('never lets person-written text add markup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 60 }), (name, words) => {
        const customers: Customer[] = [{ id: 'c', name }];
        const rollup = computeRollup({
          reviews: [review({ period: '2026-W45', customers: ['c'], flags: [{ customer: 'c', reason: words || 'x', since: '2026-W45' }], heard: [`c: ${words.replace(/\n/g, ' ') || 'x'}`] })],
          config: config(),
          customers,
          period: Q4_2026,
          today: TODAY,
        });
        const html = renderHtml(reportView(rollup));
        for (const tag of tagsOf(html)) expect(ALLOWED_TAGS.has(tag), tag).toBe(true);
        expect(html).not.toMatch(/<script/i);
        if (name !== '') expect(html).toContain(escapeHtml(name));
      }),
      { numRuns: 60 },
    );
  });
});
