/**
 * Issue 12: a report never writes where it must not. `rhythm report` writes files of names it
 * chooses, into a folder the person may choose: it must never replace a review, a template or a
 * file someone wrote, and `--merge` reads JSON other repositories published (untrusted). Each
 * case runs the built CLI and hashes the workbook before and after: nothing changes but the report
 * it was asked for.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateWorkbook } from '../../bench/generate.mjs';
import { BIN, read, tempDir, writeFiles } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, pool, REGISTRY, rhythmAsync, snapshot, weeklyText } from './helpers.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';
const QUARTER = ['report', '--quarter', '2026-Q4', '--date', '2026-11-30'];

/** A workbook of two weeklies of emea-cs, as a person would have it. */
function workbook(config = CONFIG): string {
  return tempDir({
    'rhythm.yaml': config,
    'rhythm/customers.yaml': REGISTRY,
    'rhythm/emea-cs/weekly/2026-W47.md': weeklyText('2026-W47', { date: '2026-11-17' }),
    [REVIEW]: weeklyText('2026-W48', { date: '2026-11-24' }),
    'templates/weekly.md': readFileSync(new URL('../../templates/weekly.md', import.meta.url), 'utf8'),
  });
}

/** The files that differ between two snapshots. */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((path) => before[path] !== after[path]).sort();
}

/** A refusal on one line of stderr, with nothing on stdout. */
function expectOneLine(run: { stdout: string; stderr: string }): void {
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stdout).toBe('');
}

describe('a report never writes into a team or ritual folder', () => {
  it.each([
    ['a ritual folder', ['--out', 'rhythm/emea-cs/weekly'], '--out rhythm/emea-cs/weekly is inside the folder of team emea-cs (rhythm/emea-cs)'],
    ['a team folder, written with ./ and a trailing slash', ['--out', './rhythm/emea-cs/'], '--out ./rhythm/emea-cs/ is inside the folder of team emea-cs'],
    ['a folder not yet made inside a ritual folder', ['--out', 'rhythm/emea-cs/weekly/new/deeper'], 'is inside the folder of team emea-cs'],
    ['the templates folder', ['--out', 'templates'], '--out templates is inside the templates folder (templates)'],
    ['a team-less ritual folder', ['--out', 'rhythm/weekly'], '--out rhythm/weekly is inside the folder of ritual weekly (rhythm/weekly)'],
    ['a symbolic link to a ritual folder (its real path counts)', ['--out', 'out-link'], '--out out-link is inside the folder of team emea-cs'],
  ])('--out naming %s is refused, exit 2, one line, and nothing is written', async (_name, args, message) => {
    const dir = workbook();
    symlinkSync(join(dir, 'rhythm/emea-cs/weekly'), join(dir, 'out-link'));
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, ['report', '--week', '2026-W48', '--date', '2026-11-30', ...args]);
    expectRefused(run, { code: 2, message });
    expectOneLine(run);
    expect(changed(before, snapshot(dir))).toEqual([]);
    // The review whose name the week's report would take is the one it would have replaced.
    expect(read(dir, REVIEW)).toBe(weeklyText('2026-W48', { date: '2026-11-24' }));
  });

  it('--force does not lift it', async () => {
    const dir = workbook();
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, ['report', '--week', '2026-W48', '--date', '2026-11-30', '--out', 'rhythm/emea-cs/weekly', '--force']);
    expectRefused(run, { code: 2, message: 'reports never go where reviews are written; choose another --out' });
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('--merge run from inside a ritual folder does not write its report there either', async () => {
    const dir = workbook();
    expect((await rhythmAsync(dir, [...QUARTER, '--format', 'json', '--out', 'parts'])).code).toBe(0);
    const before = snapshot(dir);
    const run = await rhythmAsync(join(dir, 'rhythm/emea-cs/weekly'), ['report', '--merge', '../../../parts/2026-Q4.json']);
    expectRefused(run, { code: 2, message: 'the current folder is inside the folder of team emea-cs' });
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('a reports folder that is a symbolic link to a ritual folder is refused too', async () => {
    const dir = workbook();
    symlinkSync(join(dir, 'rhythm/emea-cs/weekly'), join(dir, 'rhythm/reports'));
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, ['report', '--week', '2026-W48', '--date', '2026-11-30']);
    expectRefused(run, { code: 2, message: 'rhythm: the reports folder rhythm/reports is inside the folder of team emea-cs (rhythm/emea-cs): reports never go where reviews are written; choose another --out' });
    expectOneLine(run);
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('--merge run outside any workbook, --out into another workbook\'s ritual folder: refused by that workbook\'s folders', async () => {
    const dir = workbook();
    expect((await rhythmAsync(dir, [...QUARTER, '--format', 'json', '--out', 'parts'])).code).toBe(0);
    const elsewhere = tempDir({ 'a.json': read(dir, 'parts/2026-Q4.json') });
    const before = snapshot(dir);
    const run = await rhythmAsync(elsewhere, ['report', '--merge', 'a.json', '--out', join(dir, 'rhythm/emea-cs/weekly')]);
    expectRefused(run, { code: 2, message: 'is inside the folder of team emea-cs (rhythm/emea-cs): reports never go where reviews are written' });
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('a report file that is a symbolic link into a review is never written through, even with --force', async () => {
    const dir = workbook();
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, REVIEW), join(dir, 'out/2026-W48.md'));
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      const run = await rhythmAsync(dir, ['report', '--week', '2026-W48', '--date', '2026-11-30', '--out', 'out', ...force]);
      expectRefused(run, { code: 2, message: 'out/2026-W48.md is a symbolic link into the folder of team emea-cs (rhythm/emea-cs): a report never replaces a review' });
      expectOneLine(run);
    }
    expect(changed(before, snapshot(dir))).toEqual([]);
  });
});

describe('a report never replaces a file it did not write', () => {
  it('a file of the same name is kept (exit 1, one line); --force replaces it; a report replaces its own files', async () => {
    const dir = workbook();
    writeFiles(dir, { 'out/2026-Q4.md': '# My own notes on Q4\n', 'out/2026-Q4.json': '{ "mine": true }\n', 'out/2026-Q4.html': '<!doctype html><p>mine</p>\n' });
    const before = snapshot(dir);
    const refused = await rhythmAsync(dir, [...QUARTER, '--out', 'out']);
    expectRefused(refused, { code: 1, message: 'rhythm: out/2026-Q4.md exists and was not written by rhythm: pass --force to replace it, or choose another --out' });
    expectOneLine(refused);
    // Checked before the first is written: not even the JSON and HTML are.
    expect(changed(before, snapshot(dir))).toEqual([]);

    const forced = await rhythmAsync(dir, [...QUARTER, '--out', 'out', '--force']);
    expectNoCrash(forced);
    expect(forced.code, forced.stderr).toBe(0);
    expect(changed(before, snapshot(dir))).toEqual(['out/2026-Q4.html', 'out/2026-Q4.json', 'out/2026-Q4.md']);
    expect(read(dir, 'out/2026-Q4.md')).toMatch(/^<!-- generated by rhythm report: .* -->\n# Customer rollup — 2026-Q4/);
    expect(read(dir, 'out/2026-Q4.json')).toMatch(/^\{\n {2}"generator": "rhythm",\n/);
    expect(read(dir, 'out/2026-Q4.html')).toContain('<meta name="generator" content="rhythm report">');

    const again = await rhythmAsync(dir, [...QUARTER, '--out', 'out']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual(['out/2026-Q4.md', 'out/2026-Q4.json', 'out/2026-Q4.html']);
  });

  it.each([
    ['the JSON', 'out/2026-Q4.json', '{\n  "schemaVersion": 2\n}\n'],
    ['the HTML', 'out/2026-Q4.html', '<!doctype html>\n<title>Our Q4 page</title>\n'],
    ['a markdown file that mentions the marker further down', 'out/2026-Q4.md', '# Notes\n\n<!-- generated by rhythm report: the next report replaces this file -->\n'],
  ])('%s of the same name, written by someone else, is kept', async (_name, path, text) => {
    const dir = workbook();
    writeFiles(dir, { [path]: text });
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, [...QUARTER, '--out', 'out']);
    expectRefused(run, { code: 1, message: `${path} exists and was not written by rhythm` });
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('a folder or a FIFO of the report\'s name is refused in one line, without waiting on the FIFO', async () => {
    const dir = workbook();
    mkdirSync(join(dir, 'out/2026-Q4.md'), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'out/2026-Q4.json')]);
    const folder = await rhythmAsync(dir, [...QUARTER, '--out', 'out', '--format', 'md']);
    expectRefused(folder, { code: 1, message: 'out/2026-Q4.md is a folder: remove it or choose another --out' });
    const fifo = await rhythmAsync(dir, [...QUARTER, '--out', 'out', '--format', 'json', '--force']);
    expectRefused(fifo, { code: 1, message: 'out/2026-Q4.json is not a regular file' });
  });

  it('the default folder: a report run twice replaces its own files, and nothing else changes', async () => {
    const dir = workbook();
    const first = await rhythmAsync(dir, QUARTER);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(dir);
    writeFileSync(join(dir, 'rhythm/reports/2026-Q4.md'), `${read(dir, 'rhythm/reports/2026-Q4.md')}\nA note someone added.\n`);
    const second = await rhythmAsync(dir, QUARTER);
    expect(second.code, second.stderr).toBe(0);
    expect(changed(before, snapshot(dir))).toEqual([]);
  });
});

describe('reserved team and ritual names', () => {
  it.each([
    ['a team named reports', `${CONFIG}  - id: reports\n`, 'rhythm.yaml:6: teams.1.id: team id "reports" is reserved: rhythm writes its reports into the folder reports/ of the workbook: rename it'],
    ['a custom ritual named reports', `${CONFIG}rituals:\n  reports:\n    cadence: quarter\n`, 'rhythm.yaml:7: rituals.reports: ritual name "reports" is reserved'],
  ])('%s: every command refuses the config at its line, and the next report overwrites nothing', async (_name, config, message) => {
    const dir = workbook(config);
    writeFiles(dir, { 'rhythm/reports/2026-Q4.md': '# A review of the reports team, or the ritual reports\n', 'rhythm/reports/weekly/2026-W48.md': weeklyText('2026-W48') });
    const before = snapshot(dir);
    const runs = await pool([QUARTER, ['check'], ['status', '--date', '2026-11-30']], 2, (args) => rhythmAsync(dir, args));
    for (const run of runs) {
      expectNoCrash(run);
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).toContain(message);
    }
    expect(changed(before, snapshot(dir))).toEqual([]);
  });
});

describe('--merge of untrusted JSON', () => {
  /** A JSON rollup of emea-cs, as its CI would publish it, changed by `change`. */
  async function published(dir: string, change: (rollup: Record<string, unknown> & { period: { label: string }; teams: Record<string, unknown>[] }) => void): Promise<void> {
    const run = await rhythmAsync(dir, [...QUARTER, '--format', 'json', '--out', 'inbox']);
    expect(run.code, run.stderr).toBe(0);
    const rollup = JSON.parse(read(dir, 'inbox/2026-Q4.json')) as Parameters<typeof change>[0];
    change(rollup);
    writeFileSync(join(dir, 'inbox/a.json'), JSON.stringify(rollup, null, 2));
  }

  it('a period label that is a path (../../victim/package) writes nothing anywhere: exit 1, the file and the JSON path named', async () => {
    const root = tempDir();
    const dir = join(root, 'org/repo');
    writeFiles(dir, { 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: weeklyText('2026-W48') });
    writeFiles(root, { 'org/victim/package.json': '{ "name": "victim" }\n' });
    await published(dir, (rollup) => (rollup.period.label = '../../victim/package'));
    const before = snapshot(root);
    for (const out of [[], ['--out', 'merged/deeper']]) {
      const run = await rhythmAsync(join(dir, 'inbox'), ['report', '--merge', 'a.json', ...out]);
      expectRefused(run, { code: 1, message: 'a.json: period.label must be a period label: "../../victim/package" is not a period' });
      expect(run.stderr).toContain('a.json: not a rollup this rhythm can merge: pass a file written by `rhythm report --format json`');
    }
    expect(changed(before, snapshot(root))).toEqual([]);
    expect(read(root, 'org/victim/package.json')).toBe('{ "name": "victim" }\n');
  });

  it.each<[string, (rollup: { teams: Record<string, unknown>[] } & Record<string, unknown>) => void, string[]]>([
    ['teams: [null]', (rollup) => (rollup.teams = [null as unknown as Record<string, unknown>]), ['a.json: teams[0] must be an object']],
    ['quotes: "oops"', (rollup) => (rollup.teams[0]!.quotes = 'oops'), ['a.json: teams[0].quotes must be a list']],
    ['two wrong fields', (rollup) => Object.assign(rollup.teams[0]!, { reviews: -1, actions: [{ ...(rollup.teams[0]!.actions as object[])[0], title: 3 }] }), ['a.json: teams[0].reviews must be a whole number, 0 or more', 'a.json: teams[0].actions[0].title must be text']],
  ])('%s: exit 1, one line per problem naming the file and the JSON path, never "unexpected error"', async (_name, change, lines) => {
    const dir = workbook();
    await published(dir, change);
    const before = snapshot(dir);
    const run = await rhythmAsync(join(dir, 'inbox'), ['report', '--merge', 'a.json', '--out', '../merged']);
    expectRefused(run, { code: 1, message: lines[0]! });
    const stderr = run.stderr.replace(/^rhythm: /, '').trimEnd().split('\n');
    expect(stderr.slice(0, lines.length)).toEqual(lines);
    expect(stderr.slice(lines.length)).toEqual(['a.json: not a rollup this rhythm can merge: pass a file written by `rhythm report --format json`']);
    expect(changed(before, snapshot(dir))).toEqual([]);
    expect(existsSync(join(dir, 'merged'))).toBe(false);
  });

  it('a --team that is not an id is refused before anything is named after it', async () => {
    const dir = workbook();
    await published(dir, () => undefined);
    const before = snapshot(dir);
    const run = await rhythmAsync(join(dir, 'inbox'), ['report', '--merge', '2026-Q4.json', '--team', '../../x']);
    expectRefused(run, { code: 2, message: '--team "../../x": a team id must use only a-z, 0-9 and inner hyphens' });
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('a rollup rhythm wrote merges: its "generator" field is accepted, and only the merged report is written', async () => {
    const dir = workbook();
    await published(dir, () => undefined);
    const before = snapshot(dir);
    const run = await rhythmAsync(join(dir, 'inbox'), ['report', '--merge', '2026-Q4.json', '--out', '../org']);
    expectNoCrash(run);
    expect(run.code, run.stderr).toBe(0);
    expect(changed(before, snapshot(dir))).toEqual(['org/2026-Q4.html', 'org/2026-Q4.json', 'org/2026-Q4.md']);
  });
});

describe('a JSON report on stdout to a slow reader', () => {
  /** The report's stdout read by a reader that stops for `pause` ms after each of its first chunks. */
  function readSlowly(cwd: string, args: string[], pause: number): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(cwd, '.cache') } });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunks.length > 8) return;
        child.stdout.pause();
        void sleep(pause).then(() => child.stdout.resume());
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: Buffer.concat(chunks), stderr });
      });
    });
  }

  it('is written whole and exits 0, the same bytes as to a file, while the reader keeps stopping', async () => {
    // 4 teams of 50 weeklies: a JSON report of about half a megabyte, many times a pipe's buffer.
    const dir = tempDir({});
    generateWorkbook(dir, { files: 200, year: 2025 });
    const args = ['report', '--year', '2025', '--format', 'json', '--stdout'];
    const slow = await readSlowly(dir, args, 100);
    expect(slow.code, slow.stderr).toBe(0);
    const fast = execFileSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(dir, '.cache-2') }, maxBuffer: 64 * 1024 * 1024 });
    expect(slow.stdout.length).toBeGreaterThan(300_000);
    expect(slow.stdout.equals(fast)).toBe(true);
    expect(JSON.parse(slow.stdout.toString('utf8')).teams).toHaveLength(4);
  });
});
