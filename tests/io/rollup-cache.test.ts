/**
 * The rollup cache (src/io/rollup-cache.ts) never gives a stale answer: after any change to the
 * workbook, its config, its registry or the question, a rollup through the cache is the rollup
 * without it, byte for byte; a cache of another version, a broken cache file or a cache folder
 * that cannot be written is no cache, never an error. Each test has a workbook and a cache folder
 * of its own.
 *
 * node:fs is wrapped, as the sources see it, for three things a test cannot do with real files:
 * to count the review files opened (a team from the cache opens none, unless its stat changed and
 * its bytes are hashed again); to write the cache "later" than its files changed (the files of a
 * test are seconds old at most, so each is racy and hashed again on the next run, unless the
 * cache's clock is moved on); and to give the stat of a file as it was (a file system whose times
 * are too coarse to tell a change within the same tick).
 */
import type * as Fs from 'node:fs';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePeriod, rangeOf } from '../../src/domain/period.js';
import { namedWithin, rollupReviews, rollupReviewsKept } from '../../src/io/reviews.js';
import { cacheFolder } from '../../src/io/cache-folder.js';
import { rollupCacheKept } from '../../src/io/rollup-cache.js';
import { openWorkbook, readRegistry, type ReviewLocation } from '../../src/io/workbook.js';
import { renderRollupJson } from '../../src/report/json.js';
import { cacheFiles, FILES, filesOf, namesOf, poisoned, readCache, TODAY, withHeader } from '../helpers/cache-workbook.js';
import { git, initRepo, tempDir, writeFiles } from '../helpers/workbook.js';

const fsHooks = vi.hoisted(() => ({
  /** Review files (.md) opened since the test began. */
  opened: [] as string[],
  /** Added to the time the cache file is written, as the cache sees it. */
  cacheClockMs: 0,
  cacheFds: new Set<number>(),
  /** The stat of a file (by its name in the workbook) as the file system would report it, whatever the file is now. */
  frozen: new Map<string, Fs.Stats>(),
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const openSync = ((path: Fs.PathLike, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...args: unknown[]) => number)(path, ...rest);
    if (typeof path === 'string' && path.endsWith('.md')) fsHooks.opened.push(path);
    if (typeof path === 'string' && path.endsWith('.tmp') && path.includes('rollup-')) fsHooks.cacheFds.add(fd);
    return fd;
  }) as typeof fs.openSync;
  const closeSync = ((fd: number) => {
    fsHooks.cacheFds.delete(fd);
    fs.closeSync(fd);
  }) as typeof fs.closeSync;
  const fstatSync = ((fd: number, ...rest: unknown[]) => {
    const stats = (fs.fstatSync as (...args: unknown[]) => Fs.Stats)(fd, ...rest);
    if (!fsHooks.cacheFds.has(fd) || fsHooks.cacheClockMs === 0) return stats;
    return Object.assign(Object.create(Object.getPrototypeOf(stats) as object) as Fs.Stats, stats, { mtimeMs: stats.mtimeMs + fsHooks.cacheClockMs });
  }) as typeof fs.fstatSync;
  const statSync = ((path: Fs.PathLike, ...rest: unknown[]) => {
    const frozen = typeof path === 'string' ? [...fsHooks.frozen].find(([file]) => path.endsWith(`/${file}`))?.[1] : undefined;
    return frozen ?? (fs.statSync as (...args: unknown[]) => Fs.Stats)(path, ...rest);
  }) as typeof fs.statSync;
  const wrapped = { ...fs, openSync, closeSync, fstatSync, statSync };
  return { ...wrapped, default: wrapped };
});

afterEach(() => {
  fsHooks.opened.length = 0;
  fsHooks.cacheClockMs = 0;
  fsHooks.frozen.clear();
});

/** The cache is written as if ten seconds after the files last changed: no file is racy. */
function cacheWrittenLater(): void {
  fsHooks.cacheClockMs = 10_000;
}

interface Question {
  /**
   * How the rollup is asked for: its whole sections (a report in markdown or HTML), the JSON kept of
   * each (a report in JSON alone: the same cache), or what current state shows: status (the
   * 'status' keeper), the actions, the contacts (the list of customers).
   */
  way: 'report' | 'report-json' | 'current' | 'actions' | 'contacts';
  label: string;
  today: string;
  /** Every review before the period too, as status, actions and customers read them. */
  history: boolean;
  team?: string;
}

/** The quarter's report, both ways, and the current state: what the commands ask (run/rollup.ts). */
const QUESTIONS: Question[] = [
  { way: 'report', label: '2026-Q4', today: TODAY, history: false },
  { way: 'report-json', label: '2026-Q4', today: TODAY, history: false },
  { way: 'current', label: '2026', today: TODAY, history: true },
  { way: 'actions', label: '2026', today: TODAY, history: true },
  { way: 'contacts', label: '2026', today: TODAY, history: true },
];

/**
 * The rollup as run/rollup.ts asks for it, through the cache in `cache` (or none), as text: the
 * rollup (the JSON report itself, for a report in JSON), the problems, the files unread and listed.
 */
async function rolledUp(dir: string, question: Question, cache?: string): Promise<string> {
  const workbook = await openWorkbook(dir);
  const { customers } = await readRegistry(workbook);
  const period = parsePeriod(question.label, workbook.config);
  const range = rangeOf(period, workbook.config);
  const input = {
    customers,
    period,
    today: question.today,
    history: question.history,
    // As run/rollup.ts asks: the current state of what status shows, its actions, its contacts.
    ...(question.way === 'current' ? { voice: false, records: 'status' as const } : {}),
    ...(question.way === 'actions' || question.way === 'contacts' ? { voice: false, records: question.way } : {}),
    ...(question.team ? { team: question.team } : {}),
  };
  const files = {
    scope: (location: ReviewLocation) => question.team === undefined || location.team === question.team,
    read: namedWithin(question.history ? { start: '0000-01-01', end: range.end } : range, workbook.config),
    ...(cache !== undefined ? { cache } : {}),
  };
  let rollup: string;
  let loaded: Omit<Awaited<ReturnType<typeof rollupReviews>>, 'rollup'>;
  if (question.way === 'report-json') {
    const kept = await rollupReviewsKept(workbook, input, files, 'whole');
    rollup = Buffer.concat([...renderRollupJson(kept.rollup)]).toString('utf8');
    loaded = kept;
  } else {
    const keeper = question.way === 'current' ? 'status' : question.way === 'actions' || question.way === 'contacts' ? question.way : 'whole';
    const whole = await rollupReviews(workbook, input, files, keeper);
    rollup = JSON.stringify(whole.rollup, null, 1);
    loaded = whole;
  }
  return `${rollup}\nproblems: ${JSON.stringify(loaded.problems)}\nunread: ${JSON.stringify([...loaded.unread].sort())}\nlisted: ${JSON.stringify(loaded.listed.map((location) => location.display).sort())}`;
}

/** Each question, through the cache and then without it: the same. The answers through the cache. */
async function expectFresh(dir: string, cache: string, questions: Question[] = QUESTIONS): Promise<string[]> {
  const answers: string[] = [];
  for (const question of questions) {
    const cached = await rolledUp(dir, question, cache);
    const uncached = await rolledUp(dir, question);
    expect(cached, `${question.way} ${question.label} as of ${question.today}${question.team ? ` of ${question.team}` : ''}`).toBe(uncached);
    answers.push(cached);
  }
  return answers;
}

/**
 * A workbook of our own and an empty cache folder. Its files were last modified an hour ago, on a
 * whole second: a time a test can give a file again exactly (utimes takes no nanoseconds).
 */
function setUp(files: Record<string, string> = FILES): { dir: string; cache: string } {
  const dir = tempDir(files);
  const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
  for (const path of Object.keys(files)) utimesSync(join(dir, path), anHourAgo, anHourAgo);
  return { dir, cache: join(tempDir(), 'rhythm') };
}

/** Give `path` the modification time it had (`stats`), exactly. */
function setBack(path: string, stats: Fs.Stats): void {
  utimesSync(path, stats.atime, stats.mtime);
  expect(statSync(path).mtimeMs).toBe(stats.mtimeMs);
}

/** The review files opened while `then` runs, by their names in the workbook. */
async function opened(then: () => Promise<unknown>): Promise<string[]> {
  fsHooks.opened.length = 0;
  await then();
  return fsHooks.opened.map((path) => path.slice(path.indexOf('rhythm/'))).sort();
}

const W44 = 'rhythm/emea-cs/weekly/2026-W44.md';
const W46 = 'rhythm/emea-cs/weekly/2026-W46.md';
const W47 = 'rhythm/emea-cs/weekly/2026-W47.md';
const NA46 = 'rhythm/na-accounts/weekly/2026-W46.md';

/** The same text with an action ticked: the same size, another answer. */
function ticked(text: string, action: string): string {
  const open = `- [ ] ${action}`;
  if (!text.includes(open)) throw new Error(`no open action "${action}"`);
  return text.replace(open, `- [x] ${action}`);
}

describe('the rollup cache', () => {
  it('nothing changed: every team, and the summary, come from the cache without a file opened, and the cache is not written again', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    const first = await expectFresh(dir, cache);
    // One cache for the quarter's report (both ways keep whole sections), one for the current state, one for its actions, one for its contacts.
    expect(cacheFiles(cache)).toHaveLength(4);
    const before = cacheFiles(cache).map((path) => ({ path, ino: statSync(path).ino, mtimeMs: statSync(path).mtimeMs }));
    const files = await opened(async () => {
      for (const question of QUESTIONS) expect(await rolledUp(dir, question, cache)).toBe(first[QUESTIONS.indexOf(question)]);
    });
    expect(files).toEqual([]);
    expect(cacheFiles(cache).map((path) => ({ path, ino: statSync(path).ino, mtimeMs: statSync(path).mtimeMs }))).toEqual(before);
    // It was the cache's answer: a cache whose quotes say otherwise is believed (the test below
    // relies on this to tell a cached answer from a computed one).
    for (const path of cacheFiles(cache)) {
      let bytes: Buffer = readFileSync(path);
      for (const [text, other] of [["Call Globex's sponsor", "Call Globex's SPONSOR"], ['saves our analysts a day', 'saves our analysts a DAY'], ['onboarding stalled', 'onboarding STALLED']] as const) {
        if (bytes.includes(text)) bytes = poisoned(bytes, text, other);
      }
      writeFileSync(path, bytes);
    }
    for (const question of QUESTIONS.filter((one) => one.way !== 'contacts')) expect(await rolledUp(dir, question, cache)).toContain("Call Globex's SPONSOR");
    for (const question of QUESTIONS.slice(0, 2)) expect(await rolledUp(dir, question, cache)).toContain('saves our analysts a DAY');
    // Contacts alone hold no action: their flags tell.
    expect(await rolledUp(dir, QUESTIONS.find((one) => one.way === 'contacts')!, cache)).toContain('onboarding STALLED');
  });

  it('current state without the organisation\'s summary (status, actions): cached without it; a later question that wants it gets it right, and keeps it', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    const current = QUESTIONS.find((question) => question.way === 'current')!;
    const workbook = await openWorkbook(dir);
    const { customers } = await readRegistry(workbook);
    const period = parsePeriod(current.label, workbook.config);
    const input = { customers, period, today: current.today, history: true, voice: false, records: 'status' as const };
    const files = { read: namedWithin({ start: '0000-01-01', end: rangeOf(period, workbook.config).end }, workbook.config), cache, organisation: false };
    const { rollup } = await rollupReviews(workbook, input, files, 'status');
    expect(Object.getOwnPropertyDescriptor(rollup, 'organisation')?.get).toBeTypeOf('function');
    expect(JSON.stringify(rollup, null, 1)).toBe((await rolledUp(dir, current)).split('\nproblems:')[0]);
    expect(readCache(cacheFiles(cache)[0]!).header.organisation).toBeUndefined();
    // Nothing changed: the sections come from the cache, the summary is computed and then cached with them.
    let answer = '';
    expect(await opened(async () => (answer = await rolledUp(dir, current, cache)))).toEqual([]);
    expect(answer).toBe(await rolledUp(dir, current));
    expect(readCache(cacheFiles(cache)[0]!).header.organisation).toBeDefined();
    const written = statSync(cacheFiles(cache)[0]!).mtimeMs;
    await expectFresh(dir, cache, [current]);
    await rollupReviews(workbook, input, files, 'status');
    expect(statSync(cacheFiles(cache)[0]!).mtimeMs).toBe(written);
  });

  it('files written just before the cache are racy: hashed again next time, the answer the same, the cache then written with their stat vouching', async () => {
    const { dir, cache } = setUp();
    await expectFresh(dir, cache);
    const flags = () => cacheFiles(cache).flatMap((path) => readCache(path).header.teams.flatMap((team) => filesOf(team).map((file) => file[6] ?? 0)));
    expect(flags().length).toBeGreaterThan(10);
    expect(flags().every((flag) => flag === 1)).toBe(true);
    // Hashed again, found the same: the cached sections, and the cache written again, no longer racy.
    cacheWrittenLater();
    const answers: string[] = [];
    const hashed = await opened(async () => {
      for (const question of QUESTIONS) answers.push(await rolledUp(dir, question, cache));
    });
    expect(hashed).toContain(W44);
    expect(answers).toEqual(await Promise.all(QUESTIONS.map((question) => rolledUp(dir, question))));
    expect(flags()).not.toContain(1);
    expect(await opened(() => Promise.all(QUESTIONS.map((question) => rolledUp(dir, question, cache))))).toEqual([]);
  });

  it('files as people edit them (CRLF, a byte order mark, a numbered task list, tabs, copied lines): cached as they read uncached, edited by hand again', async () => {
    const W47 = 'rhythm/emea-cs/weekly/2026-W47.md';
    const handWritten = FILES[W47]!.replace('- [ ] Run the admin training', '1. [ ] Run the admin training')
      .replace('participants: [bo]', 'participants:   [bo,  ana]   # Ana joined late')
      .replace('#onboarding', '#onboarding\n- Globex:\t"Same again next week."  #onboarding')
      .replace(/\n/g, '\r\n');
    const { dir, cache } = setUp({ ...FILES, [W47]: `\ufeff${handWritten}` });
    cacheWrittenLater();
    const [before] = await expectFresh(dir, cache);
    expect(before).toContain('Same again next week.');
    // A person ticks the copied box in their editor, keeping the file's CRLF.
    writeFileSync(join(dir, W47), `\ufeff${handWritten.replace('1. [ ] Run the admin training', '1. [x] Run the admin training')}`);
    const [after] = await expectFresh(dir, cache);
    expect(after).not.toBe(before);
  });

  it('a file edited to another size is read again', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    writeFileSync(join(dir, W46), FILES[W46]!.replace('#support\n', '#support\n- Globex: "Two of our admins left." #onboarding\n'));
    const answers = await expectFresh(dir, cache);
    expect(answers[0]).toContain('Two of our admins left.');
  });

  it('a file edited to the same size, its modification time set back: the change time tells', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    const stats = statSync(join(dir, W47));
    writeFileSync(join(dir, W47), ticked(FILES[W47]!, 'Run the admin training for Globex'));
    setBack(join(dir, W47), stats);
    expect(statSync(join(dir, W47))).toMatchObject({ size: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs });
    expect(statSync(join(dir, W47)).ctimeMs).not.toBe(stats.ctimeMs);
    const [quarter] = await expectFresh(dir, cache);
    expect(quarter).not.toBe(await withFiles(FILES, (other) => rolledUp(other, QUESTIONS[0]!)));
  });

  it('touched, bytes the same: hashed once, the cached answer, and then the stat vouches again', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    const first = await expectFresh(dir, cache, QUESTIONS.slice(0, 1));
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(join(dir, W44), earlier, earlier);
    expect(await opened(async () => expect(await rolledUp(dir, QUESTIONS[0]!, cache)).toBe(first[0]))).toEqual([W44]);
    expect(await opened(async () => expect(await rolledUp(dir, QUESTIONS[0]!, cache)).toBe(first[0]))).toEqual([]);
    await expectFresh(dir, cache);
  });

  it('a file replaced by another of the same size and modification time, renamed over it: the inode tells', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    const target = join(dir, W46);
    const stats = statSync(target);
    const other = join(dir, 'incoming.txt');
    writeFileSync(other, ticked(FILES[W46]!, "Call Globex's sponsor"));
    setBack(other, stats);
    renameSync(other, target);
    expect(statSync(target)).toMatchObject({ size: stats.size, mtimeMs: stats.mtimeMs });
    expect(statSync(target).ino).not.toBe(stats.ino);
    // The same answer through the cache as without, whichever stat told it.
    const answers = await expectFresh(dir, cache);
    expect(answers[2]).not.toBe(await withFiles(FILES, (fresh) => rolledUp(fresh, QUESTIONS[2]!)));
  });

  it('a file deleted, a file added, a team whose files are all deleted', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    rmSync(join(dir, W46));
    await expectFresh(dir, cache);
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), FILES[W47]!.replaceAll('2026-W47', '2026-W48').replace('2026-11-19', '2026-11-24'));
    await expectFresh(dir, cache);
    // A file added before the quarter: not read by the quarter's rollup, but it says when the team's weekly began.
    writeFiles(dir, { 'rhythm/na-accounts/weekly/2026-W30.md': FILES['rhythm/na-accounts/weekly/2026-W45.md']!.replaceAll('2026-W45', '2026-W30').replace('2026-11-03', '2026-07-21') });
    await expectFresh(dir, cache);
    rmSync(join(dir, 'rhythm/na-accounts'), { recursive: true });
    await expectFresh(dir, cache);
  });

  it('a team none of whose files the rollup reads: its files deleted, or one added, the summary is not the cached one', async () => {
    // apac's reviews stopped in July: the quarter reads none of them, yet their names say its
    // weekly began in July, and so what its (empty) section expects, and the summary counts.
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    rmSync(join(dir, 'rhythm/apac'), { recursive: true });
    await expectFresh(dir, cache);
    writeFiles(dir, { 'rhythm/apac/weekly/2026-W20.md': FILES['rhythm/apac/weekly/2026-W30.md']!.replaceAll('2026-W30', '2026-W20').replace('2026-07-21', '2026-05-12') });
    await expectFresh(dir, cache);
    // And unchanged since: the teams and the summary come from the cache (which is then not written again).
    const before = cacheFiles(cache).map((path) => [path, statSync(path).ino, statSync(path).mtimeMs]);
    expect(await opened(() => Promise.all(QUESTIONS.slice(0, 2).map((question) => rolledUp(dir, question, cache))))).toEqual([]);
    expect(cacheFiles(cache).map((path) => [path, statSync(path).ino, statSync(path).mtimeMs])).toEqual(before);
  });

  it('a file read before the quarter for the day a carried action was written: its day edited', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    // W44 carries an action since W39: the quarter reads W39 for the day it was held, and its cache records it.
    const W39 = 'rhythm/emea-cs/weekly/2026-W39.md';
    const quarter = readCache(cacheFiles(cache).find((path) => readCache(path).header.teams.length === 2)!).header.teams.find((team) => team.team === 'emea-cs')!;
    expect(filesOf(quarter).map(([name]) => namesOf(quarter)[name])).toContain(W39);
    const [before] = await expectFresh(dir, cache);
    writeFileSync(join(dir, W39), FILES[W39]!.replace('date: 2026-09-24', 'date: 2026-09-21'));
    const [after] = await expectFresh(dir, cache);
    expect(after).not.toBe(before);
    expect(after).toContain('"openedOn": "2026-09-21"');
  });

  it('a file read before the quarter for the day a carried action was written could not be read, and now can', async () => {
    const { dir, cache } = setUp();
    // W44 carries an action since W39, read only for the day it was held: a link to nothing first.
    const W39 = 'rhythm/emea-cs/weekly/2026-W39.md';
    const away = join(tempDir(), 'W39.md');
    writeFileSync(away, FILES[W39]!.replace('date: 2026-09-24', 'date: 2026-09-22'));
    rmSync(join(dir, W39));
    symlinkSync(`${away}.later`, join(dir, W39));
    cacheWrittenLater();
    const [before] = await expectFresh(dir, cache);
    // Unread, it counts from its week's first day; read, from the day it was held.
    expect(before).toContain('"openedOn": "2026-09-21"');
    renameSync(away, `${away}.later`);
    const [after] = await expectFresh(dir, cache);
    expect(after).toContain('"openedOn": "2026-09-22"');
  });

  it('a file that could not be read (a link to nothing) and now can, under the same name', async () => {
    const { dir, cache } = setUp();
    const away = join(tempDir(), 'W46.md');
    renameSync(join(dir, NA46), away);
    symlinkSync(`${away}.later`, join(dir, NA46));
    cacheWrittenLater();
    const [before] = await expectFresh(dir, cache);
    expect(before).toContain('is a symbolic link to nothing');
    renameSync(away, `${away}.later`);
    const [after] = await expectFresh(dir, cache);
    expect(after).toContain('Finance froze every renewal until January.');
  });

  it('a file that could not be read (a folder by a review\'s name) replaced by a review', async () => {
    const { dir, cache } = setUp();
    const folder = join(tempDir(), 'folder');
    mkdirSync(folder);
    rmSync(join(dir, NA46));
    symlinkSync(folder, join(dir, NA46));
    cacheWrittenLater();
    await expectFresh(dir, cache);
    rmSync(join(dir, NA46));
    writeFileSync(join(dir, NA46), FILES[NA46]!);
    await expectFresh(dir, cache);
  });

  it('branches of a git repository checked out in turn: each branch\'s answer', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    initRepo(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'reviews');
    git(dir, 'checkout', '-qb', 'closed');
    writeFileSync(join(dir, W47), ticked(FILES[W47]!, "Call Globex's sponsor"));
    rmSync(join(dir, NA46));
    git(dir, 'commit', '-qam', 'closed');
    const closed = await expectFresh(dir, cache);
    git(dir, 'checkout', '-q', 'main');
    const main = await expectFresh(dir, cache);
    expect(main).not.toEqual(closed);
    for (let round = 0; round < 2; round++) {
      git(dir, 'checkout', '-q', 'closed');
      expect(await expectFresh(dir, cache)).toEqual(closed);
      git(dir, 'checkout', '-q', 'main');
      expect(await expectFresh(dir, cache)).toEqual(main);
    }
  });

  it('the config, the registry or the day changed: another question, another answer', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache);
    writeFileSync(join(dir, 'rhythm.yaml'), FILES['rhythm.yaml']!.replace('escalateAfterWeeks: 3', 'escalateAfterWeeks: 1'));
    await expectFresh(dir, cache);
    writeFileSync(join(dir, 'rhythm.yaml'), FILES['rhythm.yaml']!.replace('name: EMEA Customer Success', 'name: EMEA Success'));
    expect((await expectFresh(dir, cache))[0]).toContain('"name": "EMEA Success"');
    writeFileSync(join(dir, 'rhythm/customers.yaml'), FILES['rhythm/customers.yaml']!.replace('name: Globex', 'name: Globex Corporation'));
    expect((await expectFresh(dir, cache))[1]).toContain('Globex Corporation');
    writeFileSync(join(dir, 'rhythm/customers.yaml'), `${FILES['rhythm/customers.yaml']!}  - id: umbrella\n    name: Umbrella\n`);
    await expectFresh(dir, cache);
    const days = QUESTIONS.map((question) => ({ ...question, today: '2026-11-13' }));
    await expectFresh(dir, cache, days);
    await expectFresh(dir, cache, QUESTIONS.map((question) => ({ ...question, team: 'emea-cs' })));
  });

  it('racy: a file changed right after the cache was written, its stat the same (a coarse clock), is hashed and read again', async () => {
    const { dir, cache } = setUp();
    // Written right after the files: every file racy.
    await expectFresh(dir, cache);
    const path = join(dir, W47);
    const stats = statSync(path);
    writeFileSync(path, ticked(FILES[W47]!, 'Run the admin training for Globex'));
    setBack(path, stats);
    // As a file system whose times are too coarse shows it: the stat of before.
    fsHooks.frozen.set(W47, stats);
    const answers = await expectFresh(dir, cache);
    expect(answers[0]).not.toBe(await withFiles(FILES, (fresh) => rolledUp(fresh, QUESTIONS[0]!)));
  });

  it('(the control of the racy test: the same change after a cache written later than the files is not seen, as the stat vouches for them)', async () => {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    const [cached] = await expectFresh(dir, cache, QUESTIONS.slice(0, 1));
    const path = join(dir, W47);
    const stats = statSync(path);
    writeFileSync(path, ticked(FILES[W47]!, 'Run the admin training for Globex'));
    setBack(path, stats);
    fsHooks.frozen.set(W47, stats);
    expect(await rolledUp(dir, QUESTIONS[0]!, cache)).toBe(cached);
    expect(await rolledUp(dir, QUESTIONS[0]!)).not.toBe(cached);
  });
});

describe('rollupCacheKept: whether a rollup starts workers while it lists the files', () => {
  it('is true once a rollup of the same question kept a cache; false for another question, no folder, or a cache file that is no file', async () => {
    const { dir, cache } = setUp();
    const workbook = await openWorkbook(dir);
    const { customers } = await readRegistry(workbook);
    // The question as io/reviews.ts asks it of the current state (rolledUp's 'current').
    const question = (label: string) => ({ root: workbook.root, keeper: 'status', input: { customers, period: parsePeriod(label, workbook.config), today: TODAY, history: true, voice: false, records: 'status' }, config: workbook.config });
    expect(rollupCacheKept(cache, question('2026'))).toBe(false);
    await expectFresh(dir, cache, [QUESTIONS[2]!]);
    expect(rollupCacheKept(cache, question('2026'))).toBe(true);
    expect(rollupCacheKept(cache, question('2025'))).toBe(false);
    expect(rollupCacheKept(undefined, question('2026'))).toBe(false);
    const [kept] = cacheFiles(cache);
    rmSync(kept!);
    mkdirSync(kept!);
    expect(rollupCacheKept(cache, question('2026'))).toBe(false);
  });
});

describe('a rollup cache that cannot be used', () => {
  /** A workbook whose quarter was rolled up through the cache, and that cache (with a summary to reuse): the report's, either way. */
  async function cached(): Promise<{ dir: string; cache: string; file: string }> {
    const { dir, cache } = setUp();
    cacheWrittenLater();
    await expectFresh(dir, cache, QUESTIONS.slice(0, 2));
    return { dir, cache, file: cacheFiles(cache)[0]! };
  }

  it('another key in the header (another version or question): not used, and written anew', async () => {
    const { dir, cache, file } = await cached();
    const { header } = readCache(file);
    const poison = (bytes: Buffer) => poisoned(bytes, 'saves our analysts a day', 'saves our analysts a DAY');
    writeFileSync(file, poison(withHeader(file, { ...header, key: header.key.replace(/^./, (first) => (first === '0' ? '1' : '0')) })));
    await expectFresh(dir, cache, QUESTIONS.slice(0, 2));
    expect(readCache(file).header.key).toBe(header.key);
  });

  it('garbage, an empty file, a file of an older format, a header that is no JSON or of another shape: the right answer', async () => {
    const { dir, cache, file } = await cached();
    const good = readFileSync(file);
    const { magic, header, headerAt } = readCache(file);
    const length = (value: number) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(value);
      return bytes;
    };
    const broken: Record<string, Buffer> = {
      garbage: Buffer.from('\u0000\u00ff not a cache at all \n'.repeat(100), 'latin1'),
      empty: Buffer.alloc(0),
      'older format': Buffer.concat([Buffer.from('rhythm-rollup-cache 3\n', 'latin1'), good.subarray(magic.length)]),
      'magic alone': Buffer.from(magic, 'latin1'),
      'header length beyond the file': Buffer.concat([good.subarray(0, good.length - 4), length(0xffff_fff0)]),
      'header length of nothing': Buffer.concat([good.subarray(0, good.length - 4), length(0)]),
      'header not JSON': Buffer.concat([good.subarray(0, headerAt), Buffer.alloc(good.length - 4 - headerAt, '{'), good.subarray(good.length - 4)]),
      'header JSON of another shape': withHeader(file, { key: header.key, teams: [{ team: 'emea-cs' }, 'what', null] } as unknown as typeof header),
      'teams of another shape': withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, names: 'emea', files: [[0, 'x']], kept: { cadence: [0] } })) } as unknown as typeof header),
      'names as a list (the format before)': withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, names: namesOf(team) })) } as unknown as typeof header),
      'a name changed': withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, names: team.names.replace('W', 'w') })) }),
      'a name left out': withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, names: namesOf(team).slice(1).join('\0') })) }),
      ...Object.fromEntries(
        Object.entries({
          'a field missing': (record: string) => record.replace(/,[^,]*$/, ''),
          'a size that is no number': (record: string) => record.replace(/^(\d+),\d+/, '$1,12x'),
          'an empty inode': (record: string) => record.replace(/^((?:[^,]*,){4})[^,]*/, '$1'),
          'a racy mark other than 1': (record: string) => `${record},2`,
          'a record of its own separators': () => ';,;',
        }).map(([what, change]) => [
          `file records: ${what}`,
          withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, files: team.files.split(';').map((record, index) => (index === 0 ? change(record) : record)).join(';') })) }),
        ]),
      ),
      'blobs out of the file': withHeader(file, { ...header, teams: header.teams.map((team) => ({ ...team, kept: Object.fromEntries(Object.entries(team.kept).map(([name, [, size, bytes]]) => [name, [good.length * 2, size, bytes]])) })), organisation: [good.length * 2, 10] }),
    };
    for (const [what, bytes] of Object.entries(broken)) {
      for (const question of QUESTIONS.slice(0, 2)) {
        writeFileSync(file, bytes);
        expect(await rolledUp(dir, question, cache), `${what}, ${question.way}`).toBe(await rolledUp(dir, question));
      }
    }
  });

  it('a cache file cut short anywhere: the right answer', async () => {
    const { dir, cache, file } = await cached();
    const good = readFileSync(file);
    const { magic, headerAt } = readCache(file);
    const cuts = new Set([1, magic.length - 1, magic.length, magic.length + 3, Math.floor(headerAt / 2), headerAt - 1, headerAt, headerAt + 5, Math.floor((headerAt + good.length) / 2), good.length - 4, good.length - 1]);
    for (const cut of cuts) {
      for (const question of QUESTIONS.slice(0, 2)) {
        writeFileSync(file, good.subarray(0, cut));
        expect(await rolledUp(dir, question, cache), `cut at ${cut} of ${good.length}, ${question.way}`).toBe(await rolledUp(dir, question));
      }
    }
  });

  it('a cache folder that is a file, under a file, read-only, or whose cache file is a folder: the answer, and no error', async () => {
    const { dir } = setUp();
    const base = tempDir();
    writeFileSync(join(base, 'file'), 'not a folder');
    // (Read-only does not stop root, who runs these tests in some containers: then the cache just works.)
    const readOnly = join(base, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const folders = [join(base, 'file'), join(base, 'file', 'rhythm'), readOnly];
    for (const folder of folders) await expectFresh(dir, folder);
    // The cache file's name taken by a folder: it is neither read nor replaced.
    const taken = join(base, 'taken');
    await expectFresh(dir, taken, QUESTIONS.slice(0, 1));
    const [path] = cacheFiles(taken);
    rmSync(path!);
    mkdirSync(path!);
    await expectFresh(dir, taken);
    await expectFresh(dir, taken);
    chmodSync(readOnly, 0o755);
  });

  it('a cache truncated to nothing while the files are the same: the answer is computed and the cache written again', async () => {
    const { dir, cache } = await cached();
    for (const file of cacheFiles(cache)) truncateSync(file, 0);
    await expectFresh(dir, cache, QUESTIONS.slice(0, 2));
    // emea-cs and na-accounts: apac has no file in the quarter.
    for (const file of cacheFiles(cache)) expect(readCache(file).header.teams.map((team) => team.team).sort()).toEqual(['emea-cs', 'na-accounts']);
  });
});

describe('cacheFolder', () => {
  it('is $XDG_CACHE_HOME/rhythm when XDG_CACHE_HOME is absolute, on every platform', () => {
    expect(cacheFolder({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }, 'linux')).toBe(join('/var/cache/me', 'rhythm'));
    expect(cacheFolder({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/Users/me' }, 'darwin')).toBe(join('/var/cache/me', 'rhythm'));
  });

  it('ignores a relative or empty XDG_CACHE_HOME, as the XDG specification says, for ~/.cache/rhythm', () => {
    expect(cacheFolder({ XDG_CACHE_HOME: 'cache', HOME: '/home/me' }, 'linux')).toBe(join('/home/me', '.cache', 'rhythm'));
    expect(cacheFolder({ XDG_CACHE_HOME: './cache', HOME: '/home/me' }, 'linux')).toBe(join('/home/me', '.cache', 'rhythm'));
    expect(cacheFolder({ XDG_CACHE_HOME: '', HOME: '/home/me' }, 'linux')).toBe(join('/home/me', '.cache', 'rhythm'));
    expect(cacheFolder({ HOME: '/home/me' }, 'linux')).toBe(join('/home/me', '.cache', 'rhythm'));
  });

  it('without HOME, the home folder the system knows; with an empty HOME, none', () => {
    expect(cacheFolder({}, 'linux')).toBe(join(homedir(), '.cache', 'rhythm'));
    expect(cacheFolder({ HOME: '' }, 'linux')).toBeUndefined();
  });

  it('is ~/Library/Caches/rhythm on macOS', () => {
    expect(cacheFolder({ HOME: '/Users/me' }, 'darwin')).toBe(join('/Users/me', 'Library', 'Caches', 'rhythm'));
  });

  it('is %LOCALAPPDATA%\\rhythm\\cache on Windows, and none without LOCALAPPDATA', () => {
    expect(cacheFolder({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', HOME: 'C:\\Users\\me' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Local', 'rhythm', 'cache'));
    expect(cacheFolder({ HOME: 'C:\\Users\\me' }, 'win32')).toBeUndefined();
  });

  it('is none with RHYTHM_CACHE=0 or off, whatever else is set', () => {
    for (const value of ['0', 'off']) {
      expect(cacheFolder({ RHYTHM_CACHE: value, XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }, 'linux')).toBeUndefined();
      expect(cacheFolder({ RHYTHM_CACHE: value, HOME: '/Users/me' }, 'darwin')).toBeUndefined();
      expect(cacheFolder({ RHYTHM_CACHE: value, LOCALAPPDATA: 'C:\\Local' }, 'win32')).toBeUndefined();
    }
    expect(cacheFolder({ RHYTHM_CACHE: '1', HOME: '/home/me' }, 'linux')).toBe(join('/home/me', '.cache', 'rhythm'));
  });
});

/** `run` over a workbook of `files` of its own (the answer of another state of the files). */
async function withFiles<T>(files: Record<string, string>, run: (dir: string) => Promise<T>): Promise<T> {
  return run(tempDir(files));
}
