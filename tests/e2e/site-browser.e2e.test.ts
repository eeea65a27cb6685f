/**
 * The site of `rhythm report --site` in a real browser: the example workbook's FY2027 as of 30
 * November 2026, written by the built CLI, opened from file:// in headless Chromium at a desktop
 * and a phone's width. Each page loads nothing but files of the site, logs no error and is no
 * wider than the window. Screenshots of the overview and of Stark Logistics' page are kept in
 * __screenshots__/ to look at.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, errorsOf, evaluate, navigate, openTab, requestsOf, requireChromium, screenshot } from '../helpers/browser.js';
import { LAYOUT_PROBLEMS, type LayoutProblems } from '../helpers/layout.js';
import { rhythm, tempDir } from '../helpers/workbook.js';

const EXAMPLE = fileURLToPath(new URL('../../rhythm/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

const PAGES = [
  { path: 'index.html', shot: 'site-index' },
  { path: 'teams/na-accounts.html' },
  { path: 'customers/stark.html', shot: 'site-customer' },
  { path: 'customers.html' },
] as const;

interface Facts {
  title: string;
  scripts: number;
  navLinks: number;
}

const FACTS = `(() => ({
  title: document.title,
  scripts: document.scripts.length,
  navLinks: document.querySelectorAll('nav.site-nav a, nav.site-nav [aria-current]').length,
}))()`;

/** Every `href` of every page in the folder, as [page, href] pairs, fragments and in-page anchors left out. */
function linksOf(site: string): [string, string][] {
  const pages = readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.html'));
  return pages.flatMap((page) => [...readFileSync(join(site, page), 'utf8').matchAll(/\shref="([^"#]*)(?:#[^"]*)?"/g)].flatMap(([, href]) => (href ? [[page, href] as [string, string]] : [])));
}

describe('the site in headless Chromium', () => {
  let site: string;
  let browser: Browser | undefined;

  beforeAll(() => {
    const dir = tempDir();
    cpSync(EXAMPLE, join(dir, 'workbook'), { recursive: true });
    site = join(dir, 'site');
    const result = rhythm(join(dir, 'workbook'), ['report', '--year', 'FY2027', '--date', '2026-11-30', '--site', site]);
    expect(result.code, result.stderr).toBe(0);
  });

  // Closed before the folder holding its profile is removed (tests/helpers/workbook.ts, an outer
  // afterEach, runs after this one): removed under a running Chromium, the profile was not empty.
  afterEach(async () => {
    await browser?.close();
  });

  // One test with the browser's: the folder is removed after each test (tests/helpers/workbook.ts).
  it('links only to files it holds, and loads the overview, a team and a customer at 1280 and 390 pixels: only its own files, no error, nothing wider than the window', async () => {
    const links = linksOf(site);
    expect(links.length).toBeGreaterThan(20 * 8);
    for (const [page, href] of links) {
      const target = resolve(dirname(join(site, page)), decodeURI(href));
      expect(relative(site, target).startsWith('..'), `${page} links out of the site: ${href}`).toBe(false);
      expect(existsSync(target), `${page} links to ${href}, which the site does not hold`).toBe(true);
    }

    requireChromium();
    browser = Browser.launch(join(site, '..', 'profile'));
    const siteUrl = pathToFileURL(`${site}/`).href;
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      for (const page of PAGES) {
        const sessionId = await openTab(browser, width, { mobile: width < 500 });
        const url = new URL(page.path, siteUrl).href;
        await navigate(browser, sessionId, url);
        const facts = await evaluate<Facts>(browser, sessionId, FACTS);
        const layout = await evaluate<LayoutProblems>(browser, sessionId, LAYOUT_PROBLEMS);
        const where = `${page.path} at ${width}`;
        expect(facts.scripts, where).toBe(0);
        expect(facts.navLinks, where).toBeGreaterThanOrEqual(8);
        expect(layout.overflowing, where).toEqual([]);
        expect(layout.overlapping, where).toEqual([]);
        expect(layout.pageWidth.scrollWidth, where).toBeLessThanOrEqual(layout.pageWidth.innerWidth);
        expect(errorsOf(browser, sessionId), where).toEqual([]);
        for (const request of requestsOf(browser, sessionId)) expect(request.startsWith(siteUrl), `${where} requested ${request}`).toBe(true);
        if ('shot' in page) {
          const png = await screenshot(browser, sessionId, width);
          expect(png.subarray(1, 4).toString()).toBe('PNG');
          writeFileSync(join(SCREENSHOTS, `${page.shot}-${width}.png`), png);
        }
        if (page.path === 'customers/stark.html') expect(facts.title).toBe('Stark Logistics — FY2027');
      }
    }
  }, 90_000);
});
