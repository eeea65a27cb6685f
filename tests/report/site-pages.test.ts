/**
 * The pages of `rhythm report --site`, from review files written by hand: every page is there,
 * every link leads to a page of the site (or to an anchor of the page), nothing is fetched or
 * run, and person-written text is escaped.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodsWithin, rangeOf, formatPeriod } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { hrefFrom } from '../../src/report/site/paths.js';
import { sitePages, teamRollup, type SitePage } from '../../src/report/site/pages.js';
import { config, review } from '../domain/rollup-fixtures.js';

const calendar = { fiscalYearStartMonth: 1 };
const TODAY = '2026-11-16';
const customers = [
  { id: 'stark', name: 'Stark Logistics', segment: 'enterprise', owner: 'dana' },
  { id: 'acme', name: 'Acme Corp' },
  { id: 'bold', name: '<b>Bold</b> & "Co"' },
  { id: 'index', name: 'Index Ltd' },
  { id: 'hooli', name: 'Hooli' },
];
const teams = [
  { id: 'na', name: 'North America', members: ['dana', 'eli'] },
  { id: 'product', name: 'Product <Platform>', members: ['farah'] },
];

const reviews = [
  review({ team: 'na', period: '2026-W20', date: '2026-05-12', customers: ['acme', 'index'], heard: ['Acme Corp: "The export saves a day." #reporting'], actions: ['[ ] Send Acme the guide @eli due:2026-05-30'] }),
  review({ team: 'na', period: '2026-W44', date: '2026-10-27', customers: ['stark', 'bold'], flags: [{ customer: 'stark', reason: 'route costs <wrong> since the ERP migration' }], heard: ['Stark Logistics: "We cannot run a depot review on numbers nobody believes." #reporting', '<b>Bold</b> & "Co": "<script>alert(1)</script> is what we type"'], scores: { value_confidence: 2 }, actions: ['[ ] Escalate Stark to our COO @dana due:2026-11-10'] }),
  review({ team: 'na', period: '2026-W45', date: '2026-11-03', customers: ['stark', 'acme'], flags: [{ customer: 'stark', reason: 'route costs still <wrong>', since: '2026-W44' }], value: ['Acme Corp: 3 dashboards retired (evidence: usage data)'], scores: { value_confidence: 3 }, actions: ['[x] Escalate Stark to our COO @dana due:2026-11-10', '[ ] Send a written status every Friday @eli due:2026-11-13 #stark'] }),
  review({ team: 'product', period: '2026-W45', date: '2026-11-04', customers: ['stark'], heard: ['Stark Logistics: "Two depots are right now." #integrations'], value: ["Stark Logistics: two depots reconciled (evidence: their controller's sign-off)"], actions: ['[ ] Ship the cost-centre mapping for Stark Logistics @farah due:2026-11-20'] }),
];

function rollupOf(label: string, team?: string): Rollup {
  return computeRollup({ reviews, config: config({ teams }), customers, period: parsePeriod(label, calendar), today: TODAY, ...(team ? { team } : {}) });
}

function site(): SitePage[] {
  const overview = rollupOf('2026-Q4');
  const year = parsePeriod('2026', calendar);
  const quarters = periodsWithin(year, 'quarter', calendar).filter((quarter) => rangeOf(quarter, calendar).start <= TODAY);
  const periods = [year, ...quarters].map((period) => formatPeriod(period, calendar)).map((label) => (label === '2026-Q4' ? overview : rollupOf(label)));
  return sitePages({ overview, periods });
}

/** Every `href="…"` of a page, as written. */
function hrefsOf(text: string): string[] {
  return [...text.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1]!);
}

function idsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!));
}

describe('the pages of a site', () => {
  const pages = site();
  const byPath = new Map(pages.map((page) => [page.path, page.html]));

  it('has the overview, a page per team and per customer, their lists and the year and its quarters so far', () => {
    expect(pages.map((page) => page.path).sort()).toEqual(
      [
        'index.html',
        'teams.html',
        'teams/na.html',
        'teams/product.html',
        'customers.html',
        'customers/acme.html',
        'customers/bold.html',
        'customers/hooli.html',
        'customers/index.html',
        'customers/stark.html',
        'reports/2026.html',
        'reports/2026-Q1.html',
        'reports/2026-Q2.html',
        'reports/2026-Q3.html',
        'reports/2026-Q4.html',
      ].sort(),
    );
    for (const page of pages) expect(page.html, page.path).toMatch(/^<!doctype html>[\s\S]*<meta name="generator" content="rhythm report">/);
  });

  it('links only to pages of the site, by relative addresses, or to anchors of the page', () => {
    let links = 0;
    for (const page of pages) {
      for (const href of hrefsOf(page.html)) {
        links++;
        const [file, anchor] = href.split('#') as [string, string | undefined];
        expect(href, `${page.path}: ${href}`).not.toMatch(/^([a-z]+:|\/)/i);
        const target = file === '' ? page.path : posix.normalize(posix.join(posix.dirname(page.path), file));
        expect(byPath.has(target), `${page.path} links to ${href}, which is no page of the site`).toBe(true);
        if (anchor !== undefined) expect(idsOf(byPath.get(target)!).has(anchor), `${page.path}: ${href}: no such anchor`).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(pages.length * 8);
  });

  it('every page has the same navigation bar, its own entry shown and not linked', () => {
    const nav = (text: string) => /<nav class="site-nav"[^]*?<\/nav>/.exec(text)?.[0] ?? '';
    const labels = (text: string) => [...nav(text).matchAll(/<(?:a href="[^"]*"|span aria-current="page")>([^<]*)</g)].map((match) => match[1]);
    for (const page of pages) expect(labels(page.html), page.path).toEqual(['Overview', 'Teams', 'Customers', '2026', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(nav(byPath.get('customers/stark.html')!)).toContain('<a href="../index.html">Overview</a>');
    expect(nav(byPath.get('reports/2026-Q3.html')!)).toContain('<span aria-current="page">2026-Q3</span>');
    expect(nav(byPath.get('index.html')!)).toContain('<a href="customers.html">Customers</a>');
  });

  it('links names to the pages of customers and teams', () => {
    const index = byPath.get('index.html')!;
    expect(index).toContain('<a href="customers/stark.html">Stark Logistics</a>');
    expect(index).toContain('<a href="teams/na.html">North America</a>');
    expect(byPath.get('teams/na.html')).toContain('<a href="../customers/stark.html">Stark Logistics</a>');
    expect(byPath.get('customers/stark.html')).toContain('<a href="../teams/product.html">Product &lt;Platform&gt;</a>');
  });

  it('runs nothing and fetches nothing', () => {
    for (const page of pages) {
      expect(page.html, page.path).not.toMatch(/<script/i);
      expect(page.html, page.path).not.toMatch(/\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(page.html, page.path).not.toMatch(/@import|url\(/i);
    }
  });

  it('escapes what people wrote: names, quotes, reasons', () => {
    for (const page of pages) {
      expect(page.html, page.path).not.toContain('<b>Bold</b>');
      expect(page.html, page.path).not.toContain('<Platform>');
    }
    const bold = byPath.get('customers/bold.html')!;
    expect(bold).toContain('<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(bold).toContain('&lt;script&gt;alert(1)&lt;/script&gt; is what we type');
    expect(bold).toContain('<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot; — 2026-Q4</title>');
    expect(byPath.get('customers/stark.html')).toContain('route costs still &lt;wrong&gt;');
    expect(byPath.get('customers.html')).toContain('<a href="customers/bold.html">&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;</a>');
  });

  it('a customer page: what is happening now, the weeks, flags, words latest first, value with evidence, actions open first', () => {
    const stark = byPath.get('customers/stark.html')!;
    const text = stark.replace(/<[^>]+>/g, '');
    expect(text).toContain('Not receiving value for 20 days (since 2026-W44), flagged by North America: route costs still &lt;wrong&gt;');
    expect(text).toMatch(/Being done: 2 open actions by @eli, @farah .*; next due 2026-11-13; 1 overdue\./);
    expect(text).toContain('Last contact: 2026-W45 (2026-11-04), Product &lt;Platform&gt;');
    expect(text.indexOf('Two depots are right now.')).toBeLessThan(text.indexOf('We cannot run a depot review'));
    expect(text).toContain("How we know: their controller's sign-off".replace("'", '&#39;'));
    const open = text.indexOf('Send a written status every Friday');
    expect(open).toBeGreaterThan(0);
    expect(text.indexOf('Ship the cost-centre mapping for Stark Logistics')).toBeGreaterThan(0);
    expect(text.indexOf('Escalate Stark to our COO')).toBeGreaterThan(open);
    expect(text).toMatch(/Escalate Stark to our COO\s*@dana · done in 2026-W45 \(2026-11-03\)/);
    expect(stark).toMatch(/<li class="wk flagged" title="2026-W44: flagged as not receiving value">/);
    expect(byPath.get('customers/acme.html')).toMatch(/<li class="wk contact" title="2026-W45: in contact">/);
    expect(stark).toMatch(/<li class="wk ahead" title="2026-W53: not yet">/);
    // A registry customer nobody talked to has a page that says so.
    expect(byPath.get('customers/hooli.html')!.replace(/<[^>]+>/g, '')).toContain('No contact recorded in this period.');
  });

  it('lists customers not receiving value first', () => {
    const list = byPath.get('customers.html')!;
    const order = [...list.matchAll(/<a href="customers\/([a-z-]+)\.html">/g)].map((match) => match[1]);
    expect(order[0]).toBe('stark');
    // Then by name: `<b>Bold</b>` before `Acme Corp`, as the names sort.
    expect(order.slice(1)).toEqual(['bold', 'acme', 'hooli', 'index']);
  });

  it('a team page is the rollup of that team alone, as report --team makes it', () => {
    const whole = rollupOf('2026-Q4');
    for (const section of whole.teams) expect(teamRollup(whole, section)).toEqual(rollupOf('2026-Q4', section.team));
  });
});

describe('hrefFrom', () => {
  it.each([
    ['index.html', 'customers/stark.html', 'customers/stark.html'],
    ['customers/stark.html', 'index.html', '../index.html'],
    ['customers/stark.html', 'customers/acme.html', 'acme.html'],
    ['teams/na.html', 'customers/acme.html', '../customers/acme.html'],
    ['reports/2026-Q4.html', 'reports/2026-Q4.html', '2026-Q4.html'],
  ])('from %s to %s is %s', (from, to, href) => {
    expect(hrefFrom(from, to)).toBe(href);
  });
});
