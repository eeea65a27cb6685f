/**
 * The listing of a workbook's reviews reads back whatever rhythm writes: through a team or ritual
 * folder that is a symbolic link (a shared drive), once however many links lead to a folder. What
 * is no review (a misnamed file, a link in a loop, a folder that cannot be listed) is set apart with
 * its problem, and only the workbook's own folder, unreadable, stops the listing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { UserError } from '../../src/errors.js';
import { rollupReviews } from '../../src/io/reviews.js';
import { listReviews, openWorkbook, type NotAReview } from '../../src/io/workbook.js';
import { tempDir } from '../helpers/workbook.js';
import { CONFIG, weeklyText } from '../reliability/helpers.js';

const TWO_TEAMS = `${CONFIG}  - id: na\n    name: North America\n    members: [dana]\n`;

async function listed(dir: string): Promise<{ files: string[]; problems: string[] }> {
  const workbook = await openWorkbook(dir);
  const notReviews: NotAReview[] = [];
  const files = (await listReviews(workbook, { onNotAReview: (found) => notReviews.push(found) })).map((location) => location.display);
  return { files, problems: notReviews.map(({ problem }) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`) };
}

describe('listReviews', () => {
  it('follows a team folder and a ritual folder that are symbolic links, so what is written through them is read back', async () => {
    const dir = tempDir({ 'rhythm.yaml': TWO_TEAMS });
    const shared = tempDir({ 'emea/weekly/2026-W47.md': weeklyText('2026-W47'), 'na-weekly/2026-W47.md': weeklyText('2026-W47').replace('team: emea-cs', 'team: na') });
    mkdirSync(join(dir, 'rhythm/na'), { recursive: true });
    symlinkSync(join(shared, 'emea'), join(dir, 'rhythm/emea-cs'));
    symlinkSync(join(shared, 'na-weekly'), join(dir, 'rhythm/na/weekly'));
    expect(await listed(dir)).toEqual({ files: ['rhythm/emea-cs/weekly/2026-W47.md', 'rhythm/na/weekly/2026-W47.md'], problems: [] });
  });

  it('a link in a loop, a link to nothing and a link to a file are each one problem; the other folders are listed', async () => {
    const dir = tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/na/weekly/2026-W47.md': weeklyText('2026-W47'), 'elsewhere.md': 'x' });
    symlinkSync(join(dir, 'rhythm/emea-cs'), join(dir, 'rhythm/emea-cs'));
    symlinkSync(join(dir, 'nothing'), join(dir, 'rhythm/weekly'));
    symlinkSync(join(dir, 'elsewhere.md'), join(dir, 'rhythm/na/quarterly'));
    expect(await listed(dir)).toEqual({
      files: ['rhythm/na/weekly/2026-W47.md'],
      problems: [
        'rhythm/emea-cs: is a symbolic link in a loop (it leads back to itself): fix the link, or remove it',
        'rhythm/na/quarterly: is a link to a file, where a folder of reviews belongs: link to the folder, or remove the link',
        'rhythm/weekly: is a symbolic link to nothing: fix the link, or remove it',
      ],
    });
  });

  it('two links to one folder list its reviews once, under the folder reached without a link', async () => {
    const dir = tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/emea-cs/weekly/2026-W47.md': weeklyText('2026-W47') });
    mkdirSync(join(dir, 'rhythm/na'));
    symlinkSync(join(dir, 'rhythm/emea-cs/weekly'), join(dir, 'rhythm/na/weekly'));
    expect(await listed(dir)).toEqual({
      files: ['rhythm/emea-cs/weekly/2026-W47.md'],
      problems: ['rhythm/na/weekly/: is the folder rhythm/emea-cs/weekly/ again, through a symbolic link: its reviews are read there once; remove the link'],
    });
  });

  it('sets apart every .md file not named for its period, and lists a FIFO for reading to refuse', async () => {
    const dir = tempDir({
      'rhythm.yaml': CONFIG,
      'rhythm/emea-cs/weekly/2026-W48.md': weeklyText('2026-W48'),
      'rhythm/emea-cs/weekly/2026-W48 (conflicted copy 2026-11-28).md': weeklyText('2026-W48'),
      'rhythm/emea-cs/weekly/2026-w48.md': weeklyText('2026-W48'),
      'rhythm/emea-cs/weekly/notes.txt': 'not markdown: not looked at',
    });
    writeFileSync(Buffer.from(join(dir, 'rhythm/emea-cs/weekly/2026-W47\xe9.md'), 'latin1'), weeklyText('2026-W47'));
    execFileSync('mkfifo', [join(dir, 'rhythm/emea-cs/weekly/2026-W46.md')]);
    const { files, problems } = await listed(dir);
    expect(files).toEqual(['rhythm/emea-cs/weekly/2026-W46.md', 'rhythm/emea-cs/weekly/2026-W48.md']);
    expect(problems).toEqual([
      "rhythm/emea-cs/weekly/2026-W47\uFFFD.md:1: is not read as a review: its name is not valid UTF-8; rename it for the period it holds, like 2026-W48.md",
      "rhythm/emea-cs/weekly/2026-W48 (conflicted copy 2026-11-28).md:1: is not read as a review: it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it",
      'rhythm/emea-cs/weekly/2026-w48.md:1: is not read as a review: its name writes the period of 2026-W48.md beside it another way (on macOS and Windows the two would be one file): merge what it adds into 2026-W48.md, then delete it',
    ]);
  });

  it('a workbook folder that is a file, or a link in a loop, is one line naming it', async () => {
    for (const make of [(path: string) => writeFileSync(path, 'not a folder'), (path: string) => symlinkSync(path, path)]) {
      const dir = tempDir({ 'rhythm.yaml': CONFIG });
      make(join(dir, 'rhythm'));
      const error = await listed(dir).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(/^rhythm\/ is (a file, not a folder|a symbolic link in a loop).*; it is the workbook's folder of reviews \(workbook: in rhythm\.yaml\)$/);
      rmSync(join(dir, 'rhythm'));
    }
  });
});

describe('listReviews within one folder', () => {
  /** The files listed within `within`, and those a whole listing finds there. */
  async function within(dir: string, scope: { team?: string; ritual?: string }): Promise<{ scoped: string[]; whole: string[] }> {
    const workbook = await openWorkbook(dir);
    const inScope = (location: { team?: string; ritual: string }) => location.team === scope.team && (scope.ritual === undefined || location.ritual === scope.ritual);
    const scoped = (await listReviews(workbook, { within: scope })).map((location) => location.display);
    const whole = (await listReviews(workbook)).filter(inScope).map((location) => location.display);
    return { scoped, whole };
  }

  it('lists the files a whole listing finds in that team, ritual or team-less ritual folder, and no other', async () => {
    const dir = tempDir({
      'rhythm.yaml': TWO_TEAMS,
      'rhythm/emea-cs/weekly/2026-W47.md': weeklyText('2026-W47'),
      'rhythm/emea-cs/weekly/2026-W48.md': weeklyText('2026-W48'),
      'rhythm/emea-cs/weekly/2026-W48 (1).md': weeklyText('2026-W48'),
      'rhythm/emea-cs/quarterly/2026-Q4.md': 'x',
      'rhythm/na/weekly/2026-W48.md': weeklyText('2026-W48'),
      'rhythm/weekly/2026-W46.md': weeklyText('2026-W46'),
      'rhythm/reports/2026-W48.md': 'a report',
    });
    const cases = [{ team: 'emea-cs' }, { team: 'emea-cs', ritual: 'weekly' }, { team: 'emea-cs', ritual: 'quarterly' }, { team: 'na', ritual: 'weekly' }, { ritual: 'weekly' }, { team: 'na', ritual: 'annual' }];
    const found = await Promise.all(cases.map((scope) => within(dir, scope)));
    for (const { scoped, whole } of found) expect(scoped).toEqual(whole);
    expect(found.map(({ scoped }) => scoped)).toEqual([
      ['rhythm/emea-cs/quarterly/2026-Q4.md', 'rhythm/emea-cs/weekly/2026-W47.md', 'rhythm/emea-cs/weekly/2026-W48.md'],
      ['rhythm/emea-cs/weekly/2026-W47.md', 'rhythm/emea-cs/weekly/2026-W48.md'],
      ['rhythm/emea-cs/quarterly/2026-Q4.md'],
      ['rhythm/na/weekly/2026-W48.md'],
      ['rhythm/weekly/2026-W46.md'],
      [],
    ]);
  });

  it('a folder reached through a link gives what the whole listing gives: nothing, where the folder is listed under another name', async () => {
    const dir = tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/emea-cs/weekly/2026-W47.md': weeklyText('2026-W47'), 'rhythm/emea-cs/weekly/notes.md': 'x' });
    mkdirSync(join(dir, 'rhythm/na'));
    symlinkSync(join(dir, 'rhythm/emea-cs/weekly'), join(dir, 'rhythm/na/weekly'));
    expect(await within(dir, { team: 'na', ritual: 'weekly' })).toEqual({ scoped: [], whole: [] });
    // Its problems are those the whole listing finds in its folder, and no other folder's.
    const problems: string[] = [];
    await listReviews(await openWorkbook(dir), { within: { team: 'na', ritual: 'weekly' }, onNotAReview: ({ problem }) => problems.push(problem.file) });
    expect(problems).toEqual(['rhythm/na/weekly/', 'rhythm/na/weekly/notes.md']);
    expect((await listed(dir)).problems.map((problem) => problem.slice(0, problem.indexOf(': ')).replace(/:1$/, ''))).toEqual(['rhythm/emea-cs/weekly/notes.md', ...problems]);
    expect(await within(dir, { team: 'emea-cs', ritual: 'weekly' })).toEqual({ scoped: ['rhythm/emea-cs/weekly/2026-W47.md'], whole: ['rhythm/emea-cs/weekly/2026-W47.md'] });
    const shared = tempDir({ 'weekly/2026-W48.md': weeklyText('2026-W48') });
    rmSync(join(dir, 'rhythm/na'), { recursive: true });
    symlinkSync(shared, join(dir, 'rhythm/na'));
    expect(await within(dir, { team: 'na' })).toEqual({ scoped: ['rhythm/na/weekly/2026-W48.md'], whole: ['rhythm/na/weekly/2026-W48.md'] });
  });
});

describe('rollupReviews', () => {
  it('skips a misnamed file and one it cannot read, each a problem of its team; counts the week once', async () => {
    const dir = tempDir({
      'rhythm.yaml': TWO_TEAMS,
      'rhythm/emea-cs/weekly/2026-W48.md': weeklyText('2026-W48'),
      'rhythm/emea-cs/weekly/2026-W48 2.md': weeklyText('2026-W48'),
      'rhythm/na/weekly/2026-W48 2.md': weeklyText('2026-W48').replace('team: emea-cs', 'team: na'),
    });
    execFileSync('mkfifo', [join(dir, 'rhythm/emea-cs/weekly/2026-W47.md')]);
    const workbook = await openWorkbook(dir);
    const input = { customers: [], period: parsePeriod('2026-Q4', workbook.config), today: '2026-11-30', team: 'emea-cs' };
    const { rollup, problems, unread } = await rollupReviews(workbook, input, { scope: (location) => location.team === 'emea-cs' });
    expect([...unread].sort()).toEqual(['rhythm/emea-cs/weekly/2026-W47.md', 'rhythm/emea-cs/weekly/2026-W48 2.md']);
    expect(problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).sort()).toEqual([
      'rhythm/emea-cs/weekly/2026-W47.md:1: is a FIFO (a named pipe), not a file: rhythm reads only regular files; put the file itself in its place',
      "rhythm/emea-cs/weekly/2026-W48 2.md:1: is not read as a review: it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it",
    ]);
    expect(rollup.organisation.reviews).toBe(1);
  });
});
