/**
 * The rollup cache end to end: bin/rhythm run as a user runs it, twice or more over a workbook that
 * changes between runs, with a cache folder of its own (XDG_CACHE_HOME) for each test. Whatever
 * changed, a run through the cache prints what a run without it prints (RHYTHM_CACHE=0): the JSON
 * report byte for byte, status, actions and customers alike, with the same warnings and exit code.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cacheFiles, FILES, filesOf, namesOf, poisoned, readCache, TODAY, withHeader } from '../helpers/cache-workbook.js';
import { git, initRepo, rhythm, tempDir, writeFiles, type Run } from '../helpers/workbook.js';

const COMMANDS = [
  ['report', '--date', TODAY, '--format', 'json', '--stdout'],
  ['status', '--date', TODAY],
  ['actions', '--date', TODAY],
  ['customers', '--date', TODAY],
];

const W44 = 'rhythm/emea-cs/weekly/2026-W44.md';
const W46 = 'rhythm/emea-cs/weekly/2026-W46.md';
const W47 = 'rhythm/emea-cs/weekly/2026-W47.md';

/** A workbook and a cache home (XDG_CACHE_HOME) of the test's own; the cache is in `cache`. */
function setUp(): { dir: string; home: string; cache: string } {
  const dir = tempDir(FILES);
  const home = tempDir();
  return { dir, home, cache: join(home, 'rhythm') };
}

function cachedRun(dir: string, home: string, args: string[]): Run {
  return rhythm(dir, args, { env: { XDG_CACHE_HOME: home } });
}

function uncachedRun(dir: string, args: string[]): Run {
  return rhythm(dir, args, { env: { RHYTHM_CACHE: '0' } });
}

/** Each command through the cache in `home`, then without a cache: the same output, warnings and exit code. The outputs through the cache. */
function expectAsUncached(dir: string, home: string, commands: string[][] = COMMANDS): string[] {
  return commands.map((args) => {
    const cached = cachedRun(dir, home, args);
    const uncached = uncachedRun(dir, args);
    expect(cached.code, `${args.join(' ')}: ${cached.stderr}`).toBe(0);
    expect(cached.stdout, args.join(' ')).toBe(uncached.stdout);
    expect(cached.stderr, args.join(' ')).toBe(uncached.stderr);
    expect(cached.code).toBe(uncached.code);
    return cached.stdout;
  });
}

/** The cache files and what says whether one was written again. */
function cacheState(cache: string): { path: string; ino: number; mtimeMs: number; size: number }[] {
  return cacheFiles(cache).map((path) => {
    const { ino, mtimeMs, size } = statSync(path);
    return { path, ino, mtimeMs, size };
  });
}

/** Files changed this long before the cache is written are not racy: their stat vouches for them (rollup-cache.ts RACY_MS, 2 s). */
const NOT_RACY_AFTER_MS = 2_200;

/** The same text with an action ticked: the same size, another answer. */
function ticked(text: string, action: string): string {
  const open = `- [ ] ${action}`;
  if (!text.includes(open)) throw new Error(`no open action "${action}"`);
  return text.replace(open, `- [x] ${action}`);
}

/** Give `path` the modification time it had (`stats`), exactly. */
function setBack(path: string, stats: Stats): void {
  utimesSync(path, stats.atime, stats.mtime);
  expect(statSync(path).mtimeMs).toBe(stats.mtimeMs);
}

/** Whole-second modification times, a minute ago: utimes gives them back exactly. */
function roundTimes(dir: string, paths: string[] = Object.keys(FILES)): void {
  const aMinuteAgo = Math.floor(Date.now() / 1000) - 60;
  for (const path of paths) utimesSync(join(dir, path), aMinuteAgo, aMinuteAgo);
}

describe('the rollup cache, end to end', () => {
  it('nothing changed: the second run is the cache\'s answer, and the cache is not written again', { timeout: 120_000 }, async () => {
    const { dir, home, cache } = setUp();
    await sleep(NOT_RACY_AFTER_MS);
    const first = expectAsUncached(dir, home);
    // One cache for each command: the JSON report, status, actions (computed alone) and the list of
    // customers (contacts alone).
    expect(cacheFiles(cache)).toHaveLength(4);
    for (const path of cacheFiles(cache)) expect(readCache(path).header.teams.flatMap((team) => filesOf(team).filter((file) => file[6] === 1))).toEqual([]);
    const written = cacheState(cache);
    expect(expectAsUncached(dir, home)).toEqual(first);
    expect(cacheState(cache)).toEqual(written);
    // The answer was the cache's: a cache saying otherwise is believed (so a stale cache would show).
    for (const path of cacheFiles(cache)) {
      let bytes: Buffer = readFileSync(path);
      for (const [text, other] of [["Call Globex's sponsor", "Call Globex's SPONSOR"], ['saves our analysts a day', 'saves our analysts a DAY']] as const) {
        if (bytes.includes(text)) bytes = poisoned(bytes, text, other);
      }
      writeFileSync(path, bytes);
    }
    expect(cachedRun(dir, home, COMMANDS[0]!).stdout).toContain('saves our analysts a DAY');
    expect(cachedRun(dir, home, COMMANDS[2]!).stdout).toContain("Call Globex's SPONSOR");
    expect(uncachedRun(dir, COMMANDS[2]!).stdout).not.toContain('SPONSOR');
  });

  it('a file edited to the same size, its modification time set back, after the cache vouched for it by its stat', { timeout: 120_000 }, async () => {
    const { dir, home } = setUp();
    roundTimes(dir);
    await sleep(NOT_RACY_AFTER_MS);
    const before = expectAsUncached(dir, home);
    const path = join(dir, W47);
    const stats = statSync(path);
    writeFileSync(path, ticked(FILES[W47]!, 'Run the admin training for Globex'));
    setBack(path, stats);
    expect(statSync(path)).toMatchObject({ size: stats.size, ino: stats.ino });
    const after = expectAsUncached(dir, home);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]).not.toContain('Run the admin training for Globex');
  });

  it('a file edited to another size; touched with its bytes the same', { timeout: 120_000 }, () => {
    const { dir, home } = setUp();
    expectAsUncached(dir, home);
    writeFileSync(join(dir, W46), FILES[W46]!.replace('#support\n', '#support\n- Globex: "Two of our admins left." #onboarding\n'));
    expect(expectAsUncached(dir, home)[0]).toContain('Two of our admins left.');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, W44), later, later);
    expectAsUncached(dir, home);
    expectAsUncached(dir, home);
  });

  it('a file replaced by another of the same size and modification time, renamed over it', { timeout: 120_000 }, () => {
    const { dir, home } = setUp();
    roundTimes(dir);
    const before = expectAsUncached(dir, home);
    const target = join(dir, W46);
    const stats = statSync(target);
    const other = join(dir, 'incoming.txt');
    writeFileSync(other, ticked(FILES[W46]!, "Call Globex's sponsor"));
    setBack(other, stats);
    renameSync(other, target);
    expect(statSync(target)).toMatchObject({ size: stats.size, mtimeMs: stats.mtimeMs });
    expect(statSync(target).ino).not.toBe(stats.ino);
    expect(expectAsUncached(dir, home)).not.toEqual(before);
  });

  it('a file deleted, a file added, a team\'s files deleted, a team the quarter reads nothing of emptied', { timeout: 180_000 }, () => {
    const { dir, home } = setUp();
    expectAsUncached(dir, home);
    rmSync(join(dir, W46));
    expectAsUncached(dir, home);
    writeFiles(dir, { 'rhythm/emea-cs/weekly/2026-W48.md': FILES[W47]!.replaceAll('2026-W47', '2026-W48').replace('2026-11-19', '2026-11-24') });
    expectAsUncached(dir, home);
    rmSync(join(dir, 'rhythm/na-accounts'), { recursive: true });
    expectAsUncached(dir, home);
    // apac's reviews stopped in July: the quarter's report reads none, but their names say its weekly is expected.
    rmSync(join(dir, 'rhythm/apac'), { recursive: true });
    expectAsUncached(dir, home);
  });

  it('a review that could not be read (a link to nothing) and now can, under the same name', { timeout: 120_000 }, () => {
    const { dir, home } = setUp();
    const review = join(dir, 'rhythm/na-accounts/weekly/2026-W46.md');
    const away = join(tempDir(), '2026-W46.md');
    renameSync(review, away);
    symlinkSync(`${away}.synced`, review);
    expectAsUncached(dir, home);
    expect(cachedRun(dir, home, COMMANDS[1]!).stderr).toContain('2026-W46.md:1: is a symbolic link to nothing');
    // The sync tool brings the file the link leads to.
    renameSync(away, `${away}.synced`);
    const [report] = expectAsUncached(dir, home);
    expect(report).toContain('Finance froze every renewal until January.');
  });

  it('branches checked out in turn, back and forth: each branch\'s answer', { timeout: 180_000 }, () => {
    const { dir, home } = setUp();
    initRepo(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'reviews');
    git(dir, 'checkout', '-qb', 'quiet-week');
    // Another week on this branch: an action closed (same size), a quote added, a review removed, a review added.
    writeFileSync(join(dir, W47), ticked(FILES[W47]!, "Call Globex's sponsor").replace('#onboarding\n', '#onboarding\n- Globex: "Finally, dashboards." #dashboards\n'));
    writeFileSync(join(dir, W46), ticked(FILES[W46]!, 'Run the admin training for Globex'));
    git(dir, 'rm', '-q', 'rhythm/na-accounts/weekly/2026-W46.md');
    writeFiles(dir, { 'rhythm/apac/weekly/2026-W47.md': FILES['rhythm/apac/weekly/2026-W31.md']!.replaceAll('2026-W31', '2026-W47').replace('2026-07-28', '2026-11-17') });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'quiet week');
    const quiet = expectAsUncached(dir, home);
    git(dir, 'checkout', '-q', 'main');
    const main = expectAsUncached(dir, home);
    expect(main[0]).not.toBe(quiet[0]);
    expect(main[2]).not.toBe(quiet[2]);
    for (let round = 0; round < 2; round++) {
      git(dir, 'checkout', '-q', 'quiet-week');
      expect(expectAsUncached(dir, home)).toEqual(quiet);
      git(dir, 'checkout', '-q', 'main');
      expect(expectAsUncached(dir, home)).toEqual(main);
    }
  });

  it('a cache of another key, of garbage, cut short, of an older format: the right answer, no crash', { timeout: 180_000 }, () => {
    const { dir, home, cache } = setUp();
    expectAsUncached(dir, home);
    const good = new Map(cacheFiles(cache).map((path) => [path, readFileSync(path)]));
    const broken: Record<string, (path: string, bytes: Buffer) => Buffer> = {
      'another key': (path) => {
        const { header } = readCache(path);
        return withHeader(path, { ...header, key: header.key.replace(/^./, (first) => (first === '0' ? '1' : '0')) });
      },
      garbage: () => Buffer.from('\u0000\u00ff not a cache at all \n'.repeat(50), 'latin1'),
      'cut short': (_, bytes) => bytes.subarray(0, bytes.length - 7),
      'cut in the header': (path, bytes) => bytes.subarray(0, readCache(path).headerAt + 20),
      'cut in the blobs': (path, bytes) => bytes.subarray(0, Math.floor(readCache(path).headerAt / 2)),
      'an older format': (_, bytes) => Buffer.concat([Buffer.from('rhythm-rollup-cache 3\n', 'latin1'), bytes.subarray(bytes.indexOf(0x0a) + 1)]),
      empty: () => Buffer.alloc(0),
    };
    for (const [what, breakIt] of Object.entries(broken)) {
      for (const [path, bytes] of good) writeFileSync(path, breakIt(path, bytes));
      expect(() => expectAsUncached(dir, home), what).not.toThrow();
    }
  });

  it('a cache folder that cannot be written (a file, under a file, read-only) or whose cache file is a folder: the command succeeds', { timeout: 180_000 }, () => {
    const { dir, home, cache } = setUp();
    // XDG_CACHE_HOME/rhythm a file; XDG_CACHE_HOME itself a file.
    writeFileSync(cache, 'not a folder');
    expectAsUncached(dir, home);
    expectAsUncached(dir, join(cache, 'below'));
    // Read-only (as root, the mode alone does not stop writing: then the cache just works).
    const readOnly = tempDir();
    mkdirSync(join(readOnly, 'rhythm'));
    chmodSync(join(readOnly, 'rhythm'), 0o555);
    chmodSync(readOnly, 0o555);
    try {
      expectAsUncached(dir, readOnly);
      expectAsUncached(dir, readOnly);
    } finally {
      chmodSync(readOnly, 0o755);
      chmodSync(join(readOnly, 'rhythm'), 0o755);
    }
    // The cache files' names taken by folders: neither read nor replaced.
    const taken = tempDir();
    expectAsUncached(dir, taken);
    for (const path of cacheFiles(join(taken, 'rhythm'))) {
      rmSync(path);
      mkdirSync(path);
    }
    expectAsUncached(dir, taken);
  });

  it('the config (a team\'s name, escalateAfterWeeks), the registry or --date changed: the new answer', { timeout: 180_000 }, () => {
    const { dir, home } = setUp();
    expectAsUncached(dir, home);
    writeFileSync(join(dir, 'rhythm.yaml'), FILES['rhythm.yaml']!.replace('name: EMEA Customer Success', 'name: EMEA Success Team'));
    expect(expectAsUncached(dir, home)[1]).toContain('EMEA Success Team (emea-cs)');
    writeFileSync(join(dir, 'rhythm.yaml'), FILES['rhythm.yaml']!.replace('escalateAfterWeeks: 3', 'escalateAfterWeeks: 4'));
    expect(expectAsUncached(dir, home)[1]).not.toContain('ESCALATED');
    writeFileSync(join(dir, 'rhythm/customers.yaml'), FILES['rhythm/customers.yaml']!.replace('name: Globex', 'name: Globex Corporation'));
    expect(expectAsUncached(dir, home)[3]).toContain('Globex Corporation');
    const earlier = COMMANDS.map((args) => args.map((arg) => (arg === TODAY ? '2026-11-13' : arg)));
    expect(expectAsUncached(dir, home, earlier)).not.toEqual(expectAsUncached(dir, home));
    expectAsUncached(dir, home, earlier);
    expectAsUncached(dir, home, [
      ['status', '--date', TODAY, '--team', 'emea-cs'],
      ['report', '--date', TODAY, '--team', 'na-accounts', '--format', 'json', '--stdout'],
    ]);
  });

  it('racy: a file changed in the same second as the cached run, its size and modification time kept, is read again', { timeout: 120_000 }, () => {
    const { dir, home, cache } = setUp();
    roundTimes(dir);
    const report = COMMANDS[0]!;
    const path = join(dir, W47);
    // Changed, then rolled up at once: the cache records the file as racy.
    writeFileSync(path, FILES[W47]!);
    const thisSecond = Math.floor(Date.now() / 1000);
    utimesSync(path, thisSecond, thisSecond);
    const stats = statSync(path);
    const before = expectAsUncached(dir, home, [report]);
    const record = readCache(cacheFiles(cache)[0]!).header.teams.find((team) => team.team === 'emea-cs')!;
    const w47 = filesOf(record).find((file) => namesOf(record)[file[0]] === W47)!;
    expect(w47[6]).toBe(1);
    // Changed again right away, the same size, its modification time set back.
    writeFileSync(path, ticked(FILES[W47]!, "Call Globex's sponsor"));
    setBack(path, stats);
    expect(statSync(path).size).toBe(stats.size);
    const after = expectAsUncached(dir, home, [report]);
    expect(after).not.toEqual(before);
  });
});
