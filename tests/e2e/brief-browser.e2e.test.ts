/**
 * The customer value brief in a real browser: Stark Logistics in the example workbook, FY2027-Q4
 * as of 30 November 2026, written by the built CLI and opened from file:// in headless Chromium at
 * a desktop's and a phone's width, then printed on A4 and on Letter. The page loads nothing but
 * itself, logs no error, and no element is wider than the window (or the printed page). The
 * screenshots of the customer-facing brief are kept in __screenshots__/brief-1280.png and
 * brief-390.png, written by this test.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, errorsOf, evaluate, navigate, openTab, requestsOf, requireChromium, screenshot } from '../helpers/browser.js';
import { LAYOUT_PROBLEMS, type LayoutProblems } from '../helpers/layout.js';
import { rhythm } from '../helpers/workbook.js';

const EXAMPLE = fileURLToPath(new URL('../../rhythm/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

interface Layout {
  title: string;
  scripts: number;
  scrollWidth: number;
  innerWidth: number;
  /** Elements reaching past the right edge of the window, for the message when one does. */
  wide: string[];
  sections: number;
}

const LAYOUT = `(() => ({
  title: document.title,
  scripts: document.scripts.length,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wide: [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map((element) => element.tagName.toLowerCase() + '.' + (element.getAttribute('class') ?? '') + ' ' + Math.round(element.getBoundingClientRect().right)),
  sections: document.querySelectorAll('main > section').length,
}))()`;

/** Paper sizes in inches, and the width of what is printed on them at 96 px an inch inside the brief's margins (14 mm each side). */
const PAPER = { A4: { width: 8.27, height: 11.69 }, Letter: { width: 8.5, height: 11 } } as const;
const MARGIN_INCHES = 14 / 25.4;

describe('the brief in headless Chromium', () => {
  let dir: string;
  let pages: { facing: string; internal: string };
  let browser: Browser | undefined;

  beforeAll(() => {
    // Not tempDir(): it is removed after each test, and both tests read the pages written here.
    dir = mkdtempSync(join(tmpdir(), 'rhythm-brief-'));
    cpSync(EXAMPLE, join(dir, 'workbook'), { recursive: true });
    const write = (extra: string[], out: string) => {
      const result = rhythm(join(dir, 'workbook'), ['brief', 'stark', '--quarter', 'FY2027-Q4', '--date', '2026-11-30', '--format', 'html', '--out', join(dir, out), ...extra]);
      expect(result.code, result.stderr).toBe(0);
      return join(dir, out);
    };
    pages = { facing: write([], 'brief.html'), internal: write(['--internal'], 'brief-internal.html') };
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('at 1280 and 390 pixels: nothing wider than the window, no request but the page, no error', async () => {
    requireChromium();
    browser = Browser.launch(join(dir, 'profile'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [kind, file] of Object.entries(pages)) {
      const url = pathToFileURL(file).href;
      for (const width of [1280, 390]) {
        const sessionId = await openTab(browser, width, { mobile: width < 500 });
        await navigate(browser, sessionId, url);
        const layout = await evaluate<Layout>(browser, sessionId, LAYOUT);
        const where = `${kind} at ${width}`;
        expect(layout.title, where).toBe('Stark Logistics — customer value brief, FY2027-Q4');
        expect(layout.scripts, where).toBe(0);
        expect(layout.sections, where).toBe(kind === 'internal' ? 6 : 5);
        expect(layout.wide, where).toEqual([]);
        expect(layout.scrollWidth, where).toBeLessThanOrEqual(layout.innerWidth);
        // Nothing sticks out of its card, and no text is drawn over other text.
        const problems = await evaluate<LayoutProblems>(browser, sessionId, LAYOUT_PROBLEMS);
        expect(problems.overflowing, where).toEqual([]);
        expect(problems.overlapping, where).toEqual([]);
        expect(errorsOf(browser, sessionId), where).toEqual([]);
        expect(requestsOf(browser, sessionId), where).toEqual([url]);
        if (kind === 'facing') {
          const png = await screenshot(browser, sessionId, width);
          expect(png.subarray(1, 4).toString()).toBe('PNG');
          writeFileSync(join(SCREENSHOTS, `brief-${width}.png`), png);
        }
      }
    }
  }, 90_000);

  it('prints on A4 and on Letter: the page size is the printer\'s, nothing wider than the paper, a page or two', async () => {
    requireChromium();
    browser ??= Browser.launch(join(dir, 'profile'));
    const url = pathToFileURL(pages.internal).href;
    for (const [paper, size] of Object.entries(PAPER)) {
      const width = Math.floor((size.width - 2 * MARGIN_INCHES) * 96);
      const sessionId = await openTab(browser, width);
      await browser.send('Emulation.setEmulatedMedia', { media: 'print' }, sessionId);
      await navigate(browser, sessionId, url);
      const layout = await evaluate<Layout>(browser, sessionId, LAYOUT);
      expect(layout.wide, paper).toEqual([]);
      const printed = (await browser.send('Page.printToPDF', { paperWidth: size.width, paperHeight: size.height, preferCSSPageSize: true, printBackground: true }, sessionId)) as { data: string };
      const pdf = Buffer.from(printed.data, 'base64');
      const text = pdf.toString('latin1');
      const pageCount = text.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pageCount, paper).toBeGreaterThanOrEqual(1);
      expect(pageCount, paper).toBeLessThanOrEqual(3);
      // `size: auto` leaves the paper to the printer: each page is the size asked for, in points.
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
      expect(box, paper).not.toBeNull();
      expect(Math.abs(Number(box![1]) - size.width * 72), `${paper} width`).toBeLessThan(2);
      expect(Math.abs(Number(box![2]) - size.height * 72), `${paper} height`).toBeLessThan(2);
      // To look at them: BRIEF_PRINT_DIR=/tmp/x npx vitest run tests/e2e/brief-browser.e2e.test.ts
      const keep = process.env.BRIEF_PRINT_DIR;
      if (keep) {
        writeFileSync(join(keep, `brief-${paper}.pdf`), pdf);
        writeFileSync(join(keep, `brief-print-${paper}.png`), await screenshot(browser, sessionId, width));
      }
    }
    expect(readFileSync(pages.internal, 'utf8')).toContain('@page{size:auto;');
  }, 60_000);
});
