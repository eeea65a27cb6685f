/**
 * The HTML report in a real browser: headless Chromium loads a year of three teams from a file,
 * and the page must draw its charts with no console errors and no network requests. The browser
 * is driven through the Chrome DevTools Protocol (tests/helpers/browser.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_RITUALS } from '../../src/domain/config.js';
import { addDaysTo, formatPeriod, periodsWithin, rangeOf, type Calendar, type Period } from '../../src/domain/period.js';
import type { Customer } from '../../src/domain/registry.js';
import { renderHtml } from '../../src/report/html.js';
import { reportView } from '../../src/report/view-model.js';
import type { Review } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { config, review } from '../domain/rollup-fixtures.js';
import { Browser, errorsOf, evaluate, navigate, openTab, requestsOf, requireChromium, screenshot } from '../helpers/browser.js';
import { LAYOUT_PROBLEMS, type LayoutProblems } from '../helpers/layout.js';

const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// A realistic year: three teams, ten customers, fiscal year from February, some weeks missed

const FISCAL: Calendar = { fiscalYearStartMonth: 2 };
const TODAY = '2026-11-26';

const REGISTRY: Customer[] = [
  { id: 'acme', name: 'Acme Corp', segment: 'enterprise', owner: 'ana' },
  { id: 'globex', name: 'Globex', segment: 'enterprise', owner: 'bo' },
  { id: 'initech', name: 'Initech', segment: 'mid-market', owner: 'dana' },
  { id: 'umbrella', name: 'Umbrella Health', segment: 'enterprise', owner: 'eli' },
  { id: 'hooli', name: 'Hooli', segment: 'mid-market', owner: 'chidi' },
  { id: 'stark', name: 'Stark Logistics', segment: 'enterprise', owner: 'dana' },
  { id: 'wayne', name: 'Wayne Foods', segment: 'mid-market', owner: 'eli' },
  { id: 'cyberdyne', name: 'Cyberdyne Robotics', segment: 'enterprise', owner: 'farah' },
  { id: 'soylent', name: 'Soylent Nutrition', segment: 'smb', owner: 'gus' },
  { id: 'tyrell', name: 'Tyrell Biotech', segment: 'enterprise', owner: 'hana' },
];

const TEAMS = [
  { id: 'emea-cs', name: 'EMEA Customer Success', members: ['ana', 'bo', 'chidi'], customers: ['acme', 'globex', 'hooli', 'tyrell'] },
  { id: 'na-accounts', name: 'North America Accounts', members: ['dana', 'eli'], customers: ['initech', 'umbrella', 'stark', 'wayne'] },
  { id: 'product', name: 'Product & Platform', members: ['farah', 'gus', 'hana'], customers: ['acme', 'cyberdyne', 'soylent', 'initech'] },
];

const QUOTES = [
  ['"The export saves our analysts a day each month."', 'reporting'],
  ['"We still cannot find where R&D puts the <Export> button."', 'ux'],
  ['"Onboarding took three weeks longer than promised."', 'onboarding'],
  ['"Your support team answered within the hour, twice."', 'support'],
  ['"The SSO setup is the reason our admins are unhappy."', 'sso'],
  ['"If the dashboards were faster we would roll out to every region."', 'performance'],
  ['"Pricing per seat does not work for our seasonal staff."', 'pricing'],
  ['"The API lets us automate the month-end close."', 'integrations'],
] as const;
const CLAIMS = [
  ['month-end export adopted by 12 analysts', 'usage data'],
  ['renewed for two years', 'signed renewal'],
  ['onboarding time down from 6 to 3 weeks', 'project plan vs actuals'],
  ['support tickets halved after training', 'ticket counts'],
  ['dashboards used in the weekly ops meeting', undefined],
] as const;
const REASONS = ['onboarding stalled, no trained admin', 'renewal at risk: sponsor left', 'no usage since the migration', 'SSO outage blocks rollout', 'invoices disputed'];
const ACTIONS = ['Call the sponsor', 'Run admin training', 'Send QBR deck', 'Fix SSO for', 'Share usage report with', 'Plan rollout with'];

/** A small seeded generator, so the fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function yearOfThreeTeams(): Rollup {
  const year: Period = { kind: 'year', year: 2027 };
  const name = (id: string) => REGISTRY.find((customer) => customer.id === id)?.name ?? id;
  const reviews: Review[] = [];
  TEAMS.forEach((team, teamIndex) => {
    const rand = random(17 + teamIndex);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const flags = new Map<string, { reason: string; since: string }>();
    let actions: { title: string; owner: string; due: string; since: string }[] = [];
    let confidence = 3;
    for (const week of periodsWithin(year, 'week', FISCAL)) {
      const label = formatPeriod(week, FISCAL);
      const start = rangeOf(week, FISCAL).start;
      if (start > TODAY) break;
      if (rand() < 0.12) continue; // a missed week
      const customers = [...new Set([pick(team.customers), pick(team.customers), pick(team.customers)])];
      const resolved: { customer: string; since: string; note: string }[] = [];
      for (const [customer, flag] of flags) {
        if (rand() < 0.3) {
          resolved.push({ customer, since: flag.since, note: 'sponsor confirmed value' });
          flags.delete(customer);
        }
      }
      if (rand() < 0.12) {
        const customer = pick(team.customers);
        if (!flags.has(customer) && !resolved.some((entry) => entry.customer === customer)) flags.set(customer, { reason: pick(REASONS), since: label });
      }
      // Confidence drifts slowly and sags while a customer is not receiving value.
      const drift = rand() < 0.3 ? (rand() < 0.5 + 0.15 * flags.size ? -1 : 1) : 0;
      confidence = Math.min(5, Math.max(1, confidence + drift));
      const heard = customers.slice(0, rand() < 0.5 ? 1 : 2).map((customer) => {
        const [text, tag] = pick(QUOTES);
        return `${name(customer)}: ${text} #${tag}`;
      });
      if (rand() < 0.05) heard.push('Someone at the conference: "Is this the tool with the calendar?"');
      const value =
        rand() < 0.4
          ? [`${name(pick(team.customers))}: ${(([claim, evidence]) => (evidence ? `${claim} (evidence: ${evidence})` : claim))(pick(CLAIMS))}`]
          : undefined;
      const lines = actions.map((action) => `${rand() < 0.35 ? '[x]' : '[ ]'} ${action.title} @${action.owner} due:${action.due} since:${action.since}`);
      actions = actions.filter((_, index) => lines[index]!.startsWith('[ ]'));
      if (rand() < 0.6) {
        const action = { title: `${pick(ACTIONS)} ${name(pick(team.customers))}`, owner: pick(team.members), due: addDaysTo(start, 14), since: label };
        if (!actions.some((other) => other.title === action.title)) {
          actions.push(action);
          lines.push(`[ ] ${action.title} @${action.owner} due:${action.due}`);
        }
      }
      reviews.push(
        review(
          {
            team: team.id,
            period: label,
            date: addDaysTo(start, 3),
            participants: team.members.filter(() => rand() < 0.8),
            customers,
            flags: [...flags].map(([customer, flag]) => ({ customer, ...flag })),
            resolved,
            scores: { value_confidence: confidence },
            heard,
            value,
            actions: lines,
          },
          FISCAL,
        ),
      );
    }
    for (const month of periodsWithin(year, 'month', FISCAL)) {
      const start = rangeOf(month, FISCAL).start;
      if (addDaysTo(start, 27) > TODAY || rand() < 0.2) continue;
      reviews.push(review({ ritual: 'monthly', team: team.id, period: formatPeriod(month, FISCAL), date: addDaysTo(start, 27), customers: [pick(team.customers)], scores: { value_confidence: 2 + Math.floor(rand() * 4) } }, FISCAL));
    }
    for (const quarter of periodsWithin(year, 'quarter', FISCAL)) {
      const end = rangeOf(quarter, FISCAL).end;
      if (end > TODAY || rand() < 0.25) continue;
      reviews.push(review({ ritual: 'quarterly', team: team.id, period: formatPeriod(quarter, FISCAL), date: end, scores: { value_confidence: 2 + Math.floor(rand() * 4) } }, FISCAL));
    }
  });
  return computeRollup({
    reviews,
    config: config({
      fiscalYearStartMonth: 2,
      teams: TEAMS.map(({ id, name, members }) => ({ id, name, members })),
      rituals: { ...structuredClone(BUILT_IN_RITUALS), monthly: { name: 'monthly', template: 'monthly', cadence: 'month' } },
    }),
    customers: REGISTRY,
    period: year,
    today: TODAY,
  });
}

// ---------------------------------------------------------------------------------------------

interface PageFacts {
  title: string;
  scripts: number;
  scoreCharts: number;
  flagBars: number;
  calendarCells: number;
  charts: { classes: string; width: number; height: number; label: string }[];
  lines: { width: number; height: number }[];
  missedFill: string;
  heldFill: string;
  openFlagFill: string;
  pageHeight: number;
}

const FACTS = `(() => {
  const box = (element) => { const r = element.getBoundingClientRect(); return { width: r.width, height: r.height }; };
  const fill = (selector) => { const element = document.querySelector(selector); return element ? getComputedStyle(element).fill : ''; };
  return {
    title: document.title,
    scripts: document.scripts.length,
    scoreCharts: document.querySelectorAll('svg.score-chart').length,
    flagBars: document.querySelectorAll('svg.flag-chart .flag-bar').length,
    calendarCells: document.querySelectorAll('svg.calendar-chart .cal-cell').length,
    charts: [...document.querySelectorAll('svg')].map((svg) => ({ classes: svg.getAttribute('class') ?? '', label: svg.querySelector(':scope > title')?.textContent || svg.getAttribute('aria-label') || '', ...box(svg) })),
    lines: [...document.querySelectorAll('svg.score-chart .score-line')].map((line) => { const b = line.getBBox(); return { width: b.width, height: b.height }; }),
    missedFill: fill('.cal-cell.missed'),
    heldFill: fill('.cal-cell.held'),
    openFlagFill: fill('.flag-bar.open'),
    pageHeight: document.documentElement.scrollHeight,
  };
})()`;

describe('the HTML report in headless Chromium', () => {
  let dir: string;
  let browser: Browser | undefined;
  let rollup: Rollup;
  let page: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rhythm-html-'));
    rollup = yearOfThreeTeams();
    page = renderHtml(reportView(rollup));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a year of three teams small', () => {
    expect(rollup.teams).toHaveLength(3);
    expect(rollup.organisation.reviews).toBeGreaterThan(100);
    expect(Buffer.byteLength(page)).toBeLessThan(150_000);
  });

  it('draws every chart, logs no error and requests nothing but the file', async () => {
    requireChromium();
    const file = join(dir, 'report.html');
    writeFileSync(file, page);
    const url = pathToFileURL(file).href;
    browser = Browser.launch(join(dir, 'profile'));
    const sessionId = await openTab(browser, 1200);
    await navigate(browser, sessionId, url);

    const facts = await evaluate<PageFacts>(browser, sessionId, FACTS);
    const episodes = rollup.teams.reduce((sum, team) => sum + team.flags.length, 0);
    const scoreIds = new Set(rollup.organisation.scores.map((score) => score.id));

    expect(facts.title).toBe('Customer rollup — FY2027');
    expect(facts.scripts).toBe(0);
    expect(facts.scoreCharts).toBe(scoreIds.size);
    expect(facts.scoreCharts).toBeGreaterThan(0);
    expect(facts.flagBars).toBe(episodes);
    expect(facts.flagBars).toBeGreaterThan(0);
    expect(facts.calendarCells).toBeGreaterThan(3 * 52);
    expect(facts.charts.filter((chart) => chart.classes.split(' ').includes('chart')).length).toBe(3 + 1 + scoreIds.size);
    for (const chart of facts.charts) {
      // Every SVG is drawn and says what it shows; charts (not the summary's sparkline) are full width.
      const big = chart.classes.split(' ').includes('chart');
      expect(chart.width, chart.classes).toBeGreaterThan(big ? 600 : 50);
      expect(chart.height, chart.classes).toBeGreaterThan(big ? 40 : 10);
      expect(chart.label, chart.classes).not.toBe('');
    }
    for (const line of facts.lines) expect(line.width).toBeGreaterThan(100);
    // The stylesheet applies: missed is red, held green, open flags red.
    expect(facts.missedFill).toBe('rgb(200, 64, 58)');
    expect(facts.heldFill).toBe('rgb(58, 143, 87)');
    expect(facts.openFlagFill).toBe('rgb(200, 64, 58)');

    const png = await screenshot(browser, sessionId, 1200);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const shot = join(dir, 'report.png');
    writeFileSync(shot, png);
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(shot, join(SCREENSHOTS, 'report.png'));
    copyFileSync(file, join(SCREENSHOTS, 'report.html'));

    expect(errorsOf(browser, sessionId)).toEqual([]);
    expect(requestsOf(browser, sessionId)).toEqual([url]);
  }, 60_000);

  it('finds overflow and overlapping text when there is some (the probe below is no rubber stamp)', async () => {
    requireChromium();
    const file = join(dir, 'broken.html');
    writeFileSync(
      file,
      `<!doctype html><meta name="viewport" content="width=device-width"><body><section style="width:300px"><div style="width:500px">too wide</div><p style="position:relative">first words<span style="position:absolute;left:0;top:0">second words</span></p></section></body>`,
    );
    browser ??= Browser.launch(join(dir, 'profile'));
    const sessionId = await openTab(browser, 390);
    await navigate(browser, sessionId, pathToFileURL(file).href);
    const problems = await evaluate<LayoutProblems>(browser, sessionId, LAYOUT_PROBLEMS);
    expect(problems.pageWidth.scrollWidth).toBeGreaterThan(problems.pageWidth.innerWidth);
    expect(problems.overflowing).toEqual([expect.stringContaining('div "too wide"')]);
    expect(problems.overlapping).toEqual([expect.stringContaining('"first words" × span "second words"')]);
  }, 60_000);

  // A leader reads it on a laptop and on a phone: nothing sticks out of its card or the window,
  // no text is drawn over other text. Screenshots of both are kept in __screenshots__/.
  it.each([
    ['three teams', 1280, () => rollup],
    ['three teams', 390, () => rollup],
    ['one team', 1280, () => ({ ...rollup, teams: rollup.teams.slice(0, 1) })],
    ['one team', 390, () => ({ ...rollup, teams: rollup.teams.slice(0, 1) })],
  ])('lays out a year of %s at %i pixels without overflow or overlapping text', async (name, width, rollupOf) => {
    requireChromium();
    const file = join(dir, `report-${name.replace(' ', '-')}-${width}.html`);
    writeFileSync(file, renderHtml(reportView(rollupOf())));
    browser ??= Browser.launch(join(dir, 'profile'));
    const sessionId = await openTab(browser, width, { mobile: width < 500 });
    await navigate(browser, sessionId, pathToFileURL(file).href);
    const problems = await evaluate<LayoutProblems>(browser, sessionId, LAYOUT_PROBLEMS);
    const png = await screenshot(browser, sessionId, width);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, `report-${name.replace(' ', '-')}-${width}.png`), png);
    expect(problems.pageWidth.scrollWidth).toBeLessThanOrEqual(problems.pageWidth.innerWidth);
    expect(problems.overflowing).toEqual([]);
    expect(problems.overlapping).toEqual([]);
  }, 60_000);
});
