/**
 * Issue 12: nothing written outside the workbook. A symbolic link on the way to what rhythm writes
 * (a review, a ritual or team folder, .rhythm/, the reports folder) may lead out of the workbook, in a
 * repository cloned from someone else too: rhythm then refuses in one line and writes nothing there.
 * What such a link holds is still read; links inside the workbook are written through and committed.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tempDir, tempRepo } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, GOOD_ANSWERS, REGISTRY, rhythmAsync, weeklyText } from './helpers.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';
const WEEK = ['--week', '2026-W48', '--date', '2026-11-24'];
const PRECIOUS = 'my own notes, not a review\n';

function workbook(): string {
  return tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS });
}

/** Every file below `dir`, with its text. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((name) => [name, safeRead(join(dir, name))]));
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '(folder)';
  }
}

describe('a link that leads outside the workbook', () => {
  it('a review linked to a file elsewhere: --force and --amend refuse in one line and the file is untouched', async () => {
    const dir = workbook();
    const outside = tempDir({ 'notes.md': PRECIOUS });
    mkdirSync(join(dir, 'rhythm/emea-cs/weekly'), { recursive: true });
    symlinkSync(join(outside, 'notes.md'), join(dir, REVIEW));
    for (const flag of ['--force', '--amend']) {
      const run = await rhythmAsync(dir, ['weekly', ...WEEK, '--answers', 'a.yaml', flag]);
      expectRefused(run, { message: `${REVIEW} leads outside the workbook, to ${outside}/notes.md, through a symbolic link: rhythm writes only inside the workbook; put the file or folder itself in place of the link` });
    }
    expect(contents(outside)).toEqual({ 'notes.md': PRECIOUS });
  });

  it('a ritual folder linked elsewhere: the weekly refuses and writes nothing there, while what is there is still read', async () => {
    const dir = workbook();
    const outside = tempDir({ 'weekly/2026-W47.md': weeklyText('2026-W47', { date: '2026-11-17' }) });
    mkdirSync(join(dir, 'rhythm/emea-cs'), { recursive: true });
    symlinkSync(join(outside, 'weekly'), join(dir, 'rhythm/emea-cs/weekly'));
    const before = contents(outside);
    const run = await rhythmAsync(dir, ['weekly', ...WEEK, '--answers', 'a.yaml']);
    expectRefused(run, { message: `${REVIEW} leads outside the workbook` });
    expect(contents(outside)).toEqual(before);
    const status = await rhythmAsync(dir, ['status', '--date', '2026-11-24']);
    expectNoCrash(status);
    expect(status.stdout).toContain('2026-W47');
  });

  it('.rhythm linked elsewhere (drafts and the lock would land there): the weekly refuses', async () => {
    const dir = workbook();
    const outside = tempDir();
    symlinkSync(outside, join(dir, '.rhythm'));
    const run = await rhythmAsync(dir, ['weekly', ...WEEK, '--answers', 'a.yaml']);
    expectRefused(run, { message: '.rhythm/drafts leads outside the workbook' });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('the reports folder linked elsewhere: a report without --out refuses; with --out it goes where it is told', async () => {
    const dir = workbook();
    const outside = tempDir();
    symlinkSync(outside, join(dir, 'rhythm/reports'));
    const run = await rhythmAsync(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-11-30']);
    expectRefused(run, { message: 'rhythm/reports/2026-Q4.md leads outside the workbook' });
    expect(readdirSync(outside)).toEqual([]);
    const chosen = await rhythmAsync(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-11-30', '--format', 'md', '--out', outside]);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(readdirSync(outside)).toEqual(['2026-Q4.md']);
  });
});

describe('init, where a cloned repository holds a link out of it', () => {
  it.each([
    ['.gitignore', (outside: string) => join(outside, 'notes.md')],
    ['rhythm', (outside: string) => outside],
  ])('%s linked elsewhere: init refuses in one line and writes nothing there', async (name, target) => {
    const dir = tempDir();
    const outside = tempDir({ 'notes.md': PRECIOUS });
    symlinkSync(target(outside), join(dir, name));
    const run = await rhythmAsync(dir, ['init']);
    expectRefused(run, { message: 'leads outside the workbook' });
    expect(contents(outside)).toEqual({ 'notes.md': PRECIOUS });
    expect(readdirSync(dir)).toEqual([name]);
  });
});

describe('a link inside the workbook', () => {
  it('a team folder linked to another folder of the workbook: written through, committed as the real file, read back', async () => {
    const dir = workbook();
    mkdirSync(join(dir, 'archive/emea'), { recursive: true });
    writeFileSync(join(dir, 'archive/emea/.keep'), '');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'workbook');
    symlinkSync(join(dir, 'archive/emea'), join(dir, 'rhythm/emea-cs'));
    const run = await rhythmAsync(dir, ['weekly', ...WEEK, '--answers', 'a.yaml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/committed [0-9a-f]+/);
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('archive/emea/weekly/2026-W48.md');
    const actions = await rhythmAsync(dir, ['actions', '--date', '2026-11-30']);
    expect(actions.stdout).toContain('Call Acme');
  });
});
