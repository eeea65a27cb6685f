/**
 * `rhythm report --site <dir>` as a person runs it: the built CLI on a small workbook in a git
 * repository writes the site and says where; a folder of someone else's files is refused without
 * --force; a second run replaces its own pages, removes those of customers gone, and keeps every
 * file rhythm did not write.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewText, type ReviewSpec } from '../domain/rollup-fixtures.js';
import { git, rhythm, tempRepo, writeFiles } from '../helpers/workbook.js';

const CONFIG = `workbook: rhythm
teams:
  - id: na
    name: North America
    members: [dana, eli]
  - id: product
    name: Product
    members: [farah]
`;
const REGISTRY = `customers:
  - id: stark
    name: Stark Logistics
    owner: dana
  - id: acme
    name: Acme Corp
  - id: bold
    name: "<b>Bold</b> & Co"
`;

const REVIEWS: ReviewSpec[] = [
  { team: 'na', period: '2026-W44', date: '2026-10-27', customers: ['stark', 'bold'], flags: [{ customer: 'stark', reason: 'route costs wrong since the ERP migration' }], heard: ['Stark Logistics: "We cannot run a depot review on these numbers." #reporting'], actions: ['[ ] Escalate Stark to our COO @dana due:2026-11-10'] },
  { team: 'na', period: '2026-W45', date: '2026-11-03', customers: ['stark', 'acme'], flags: [{ customer: 'stark', reason: 'still wrong', since: '2026-W44' }], value: ['Acme Corp: 3 dashboards retired (evidence: usage data)'] },
  { team: 'product', period: '2026-W45', date: '2026-11-04', customers: ['stark'], heard: ['Stark Logistics: "Two depots are right now." #integrations'] },
];

function workbook(): string {
  const files: Record<string, string> = { 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY };
  for (const spec of REVIEWS) files[`rhythm/${spec.team}/weekly/${spec.period}.md`] = reviewText(spec);
  const dir = tempRepo(files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'reviews');
  return dir;
}

const SITE = ['report', '--quarter', '2026-Q4', '--date', '2026-11-16', '--site', 'site'];

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('rhythm report --site', () => {
  it('writes the overview, the teams, the customers and the year and its quarters, and prints where', () => {
    const dir = workbook();
    const result = rhythm(dir, SITE);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('site/index.html\n');
    expect(result.stderr).toContain('wrote 13 pages into site: 2026-Q4 as of 2026-11-16, 2 teams, 3 customers, 5 period reports');
    expect(files(join(dir, 'site'))).toEqual(
      [
        '.nojekyll',
        'customers.html',
        'customers/acme.html',
        'customers/bold.html',
        'customers/stark.html',
        'index.html',
        'reports/2026-Q1.html',
        'reports/2026-Q2.html',
        'reports/2026-Q3.html',
        'reports/2026-Q4.html',
        'reports/2026.html',
        'teams.html',
        'teams/na.html',
        'teams/product.html',
      ].sort(),
    );
    const stark = readFileSync(join(dir, 'site/customers/stark.html'), 'utf8');
    expect(stark).toContain('<h1>Stark Logistics <span class="badge bad">not receiving value</span>');
    expect(stark).toContain('<a href="../teams/product.html">Product</a>');
    expect(readFileSync(join(dir, 'site/customers/bold.html'), 'utf8')).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co');
    // The site is no review: check and git status stay as they were.
    expect(rhythm(dir, ['check']).code).toBe(0);
  });

  it('a team page is what report --team writes as HTML, but for its links and navigation', () => {
    const dir = workbook();
    expect(rhythm(dir, SITE).code).toBe(0);
    const team = rhythm(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-11-16', '--team', 'na', '--format', 'html', '--stdout']);
    const bare = (text: string) => text.replace(/<nav class="site-nav"[^]*?<\/nav>/, '').replace(/<a href="[^"]*">([^<]*)<\/a>/g, '$1');
    expect(bare(readFileSync(join(dir, 'site/teams/na.html'), 'utf8'))).toBe(bare(team.stdout));
  });

  it('refuses a folder of files rhythm did not write, unless --force, and then touches only its own names', () => {
    const dir = workbook();
    writeFiles(dir, { 'site/notes.txt': 'mine\n' });
    const refused = rhythm(dir, SITE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--site site holds files rhythm did not write (notes.txt)');
    expect(refused.stderr).toContain('--force');
    expect(files(join(dir, 'site'))).toEqual(['notes.txt']);

    const forced = rhythm(dir, [...SITE, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'site/notes.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'site/index.html'))).toBe(true);
  });

  it('a second run replaces its own pages, removes the pages it wrote of customers gone, and keeps everything else', () => {
    const dir = workbook();
    expect(rhythm(dir, SITE).code).toBe(0);
    const site = join(dir, 'site');
    // What a person adds to a published site, and pages rhythm wrote of a customer since removed.
    writeFiles(site, { CNAME: 'rhythm.example.com\n', 'customers/mine.html': '<!doctype html><p>my own page</p>\n', 'reports/notes.md': 'notes\n' });
    writeFileSync(join(site, 'customers/globex.html'), readFileSync(join(site, 'customers/acme.html')));
    writeFiles(dir, { 'rhythm/product/weekly/2026-W46.md': reviewText({ team: 'product', period: '2026-W46', date: '2026-11-10', customers: ['stark'], heard: ['Stark Logistics: "Three depots now." #integrations'] }) });

    const again = rhythm(dir, SITE);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('removed 1 old (customers/globex.html)');
    expect(readFileSync(join(site, 'customers/stark.html'), 'utf8')).toContain('Three depots now.');
    expect(existsSync(join(site, 'customers/globex.html'))).toBe(false);
    expect(readFileSync(join(site, 'customers/mine.html'), 'utf8')).toContain('my own page');
    expect(readFileSync(join(site, 'CNAME'), 'utf8')).toBe('rhythm.example.com\n');
    expect(readFileSync(join(site, 'reports/notes.md'), 'utf8')).toBe('notes\n');
  });

  it('never replaces a page of its names that rhythm did not write, without --force', () => {
    const dir = workbook();
    expect(rhythm(dir, SITE).code).toBe(0);
    writeFiles(dir, { 'site/customers/acme.html': '<p>Acme, by hand</p>\n' });
    const refused = rhythm(dir, SITE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('site/customers/acme.html exists and was not written by rhythm');
    expect(readFileSync(join(dir, 'site/customers/acme.html'), 'utf8')).toBe('<p>Acme, by hand</p>\n');
    expect(rhythm(dir, [...SITE, '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'site/customers/acme.html'), 'utf8')).toContain('<h1>Acme Corp');
  });

  it('refuses a team folder, and options that write no site', () => {
    const dir = workbook();
    const inTeam = rhythm(dir, ['report', '--site', 'rhythm/na/site']);
    expect(inTeam.code).toBe(2);
    expect(inTeam.stderr).toContain('--site rhythm/na/site is inside the folder of team na');
    expect(rhythm(dir, ['report', '--site', 'site', '--stdout']).code).toBe(2);
    expect(rhythm(dir, ['report', '--site', 'site', '--format', 'md']).stderr).toContain('--site writes HTML pages only');
    expect(rhythm(dir, ['report', '--site', 'site', '--merge', 'a.json']).code).toBe(2);
    expect(existsSync(join(dir, 'site'))).toBe(false);
  });
});
