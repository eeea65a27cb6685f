/**
 * Issue 12, the environment: what the file system holds instead of a review (a FIFO, a device, a
 * link in a loop, a file where a folder belongs, a name that is not UTF-8, a sync tool's copy), and
 * where output cannot go (a full disk). Every case, on the built CLI: exit 0, 1 or 2, one line that
 * names the file and what to do, never a hang (a run is killed after 20 s, and then fails), never
 * "a bug in rhythm". Conditions root cannot make (a read-only mount, permission denied) are proved
 * on their errors in tests/io/environment-errors.test.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir, type Run } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, GOOD_ANSWERS, pool, REGISTRY, rhythmAsync, rhythmInProcess, weeklyText } from './helpers.js';

const WEEKS = [44, 45, 46, 47, 48];
const W = (week: number) => `rhythm/emea-cs/weekly/2026-W${week}.md`;
const DATE = ['--date', '2026-11-30'];
const ROLLUPS: string[][] = [
  ['report', '--quarter', '2026-Q4', '--format', 'json', '--stdout', ...DATE],
  ['status', ...DATE],
  ['actions', ...DATE],
  ['customers', ...DATE],
];

/** A workbook of five good weeklies of emea-cs (2026-W44 to W48). */
function workbook(): string {
  const files: Record<string, string> = { 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS };
  for (const week of WEEKS) files[W(week)] = weeklyText(`2026-W${week}`, { date: `2026-11-${String(week - 42).padStart(2, '0')}` });
  return tempDir(files);
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** The built CLI with stdin and stdout on files of our choosing (/dev/zero, /dev/full). */
function rhythmWith(cwd: string, args: string[], io: { stdin?: string; stdout?: string }): Promise<Run> {
  const stdin = openSync(io.stdin ?? '/dev/null', 'r');
  const stdout = io.stdout === undefined ? 'pipe' : openSync(io.stdout, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: [stdin, stdout, 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', TZ: 'UTC', DEBUG: '' },
    });
    closeSync(stdin);
    if (typeof stdout === 'number') closeSync(stdout);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: err, ms: 0 });
    });
  });
}

/** The number of reviews a JSON report counted. */
function reviewsCounted(run: Run): number {
  return (JSON.parse(run.stdout) as { organisation: { reviews: number } }).organisation.reviews;
}

describe('only regular files are read: a FIFO or a device is refused at once, never waited on', () => {
  it('a FIFO as a review: rollups skip it with one warning (--strict fails), check lists it, weekly carries past it', { timeout: 60_000 }, async () => {
    const dir = workbook();
    rmSync(join(dir, W(47)));
    mkfifo(join(dir, W(47)));
    const [report, status, actions, customers, strict, check] = await pool([...ROLLUPS, ['status', '--strict', ...DATE], ['check']], 3, (args) => rhythmAsync(dir, args));
    for (const run of [report!, status!, actions!, customers!]) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`warning: skipped: ${W(47)}:1: is a FIFO (a named pipe), not a file: rhythm reads only regular files; put the file itself in its place\n`);
      expect(run.stderr).toContain('warning: 1 review file skipped (run rhythm check for details)');
    }
    expect(reviewsCounted(report!)).toBe(4);
    expectRefused(strict!, { message: `${W(47)}:1: is a FIFO (a named pipe), not a file` });
    expectNoCrash(check!);
    expect(check!.code).toBe(1);
    expect(check!.stdout).toContain(`${W(47)}:1: is a FIFO (a named pipe), not a file`);
    const amend = await rhythmAsync(dir, ['weekly', '--amend', '--week', '2026-W47', '--answers', 'a.yaml', '--no-commit', ...DATE]);
    expectRefused(amend, { message: /2026-W47\.md(:1:)? is a FIFO \(a named pipe\), not a file/ });
    // A FIFO as the previous review: the next weekly says it carried nothing from it, and is written.
    rmSync(join(dir, W(48)));
    mkfifo(join(dir, W(48)));
    const next = await rhythmAsync(dir, ['weekly', '--week', '2026-W49', '--answers', 'a.yaml', '--no-commit', ...DATE]);
    expectNoCrash(next);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`${W(48)} cannot be read, so nothing was carried forward from it`);
    expect(readFileSync(join(dir, W(49)), 'utf8')).toContain('period: 2026-W49');
  });

  it('a FIFO as the registry, the config or a template: every command says so in one line, exit 1', { timeout: 60_000 }, async () => {
    const cases: [string, string[][]][] = [
      ['rhythm/customers.yaml', [['check'], ROLLUPS[0]!, ROLLUPS[1]!, ['weekly', '--answers', 'a.yaml', '--no-commit', ...DATE]]],
      ['rhythm.yaml', [['check'], ROLLUPS[0]!, ROLLUPS[1]!, ['weekly', '--answers', 'a.yaml', '--no-commit', ...DATE]]],
      ['templates/weekly.md', [['weekly', '--answers', 'a.yaml', '--no-commit', ...DATE]]],
    ];
    for (const [file, commands] of cases) {
      const dir = workbook();
      mkdirSync(join(dir, 'templates'), { recursive: true });
      rmSync(join(dir, file), { force: true });
      mkfifo(join(dir, file));
      const before = snapshot(dir);
      const runs = await pool(commands, 3, (args) => rhythmAsync(dir, args));
      for (const run of runs) expectRefused(run, { message: `rhythm: ${file}:1: is a FIFO (a named pipe), not a file: rhythm reads only regular files; put the file itself in its place` });
      expect(snapshot(dir)).toEqual(before);
    }
    // check reads every template it finds: one it cannot read is one problem among the others.
    const dir = workbook();
    mkdirSync(join(dir, 'templates'));
    mkfifo(join(dir, 'templates/weekly.md'));
    const check = await rhythmAsync(dir, ['check']);
    expectNoCrash(check);
    expect(check.stdout).toContain('templates/weekly.md:1: is a FIFO (a named pipe), not a file');
  });

  it('--answers /dev/zero, a FIFO, or stdin from /dev/zero: refused in one line without reading it all', { timeout: 60_000 }, async () => {
    const dir = workbook();
    mkfifo(join(dir, 'answers.fifo'));
    const before = snapshot(dir);
    const [zero, fifo] = await pool([['/dev/zero'], ['answers.fifo']], 2, ([answers]) => rhythmAsync(dir, ['weekly', '--answers', answers!, '--no-commit', ...DATE]));
    expectRefused(zero!, { message: 'rhythm: /dev/zero is a device, not a file: rhythm reads only regular files; put the file itself in its place' });
    expectRefused(fifo!, { message: /^rhythm: \/.*\/answers\.fifo is a FIFO \(a named pipe\), not a file/ });
    const stdin = await rhythmWith(dir, ['weekly', '--answers', '-', '--no-commit', ...DATE], { stdin: '/dev/zero' });
    expectRefused(stdin, { message: 'rhythm: stdin is larger than 1 MB, more than any answers file needs: check that it is the right input' });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("rhythm's own files", () => {
  it('a FIFO as the writers\' lock (.rhythm/lock) is one line, not a wait', { timeout: 60_000 }, async () => {
    const dir = workbook();
    mkdirSync(join(dir, '.rhythm'));
    mkfifo(join(dir, '.rhythm/lock'));
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, ['weekly', '--week', '2026-W49', '--answers', 'a.yaml', '--no-commit', ...DATE]);
    expectRefused(run, { message: 'rhythm: .rhythm/lock is a FIFO (a named pipe), not a file: remove it, then run again' });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a file of a review larger than any review', () => {
  it('is skipped with one warning naming the limit; check lists it', { timeout: 60_000 }, async () => {
    const dir = workbook();
    writeFileSync(join(dir, W(46)), `${weeklyText('2026-W46')}\n${'x'.repeat(16 * 1024 * 1024)}\n`);
    const [report, check] = await pool([ROLLUPS[0]!, ['check']], 2, (args) => rhythmAsync(dir, args));
    expectNoCrash(report!);
    expect(report!.stderr).toContain(`warning: skipped: ${W(46)}:1: is larger than 16 MB, more than any review needs: check that it is the right file`);
    expect(reviewsCounted(report!)).toBe(4);
    expect(check!.stdout).toContain(`${W(46)}:1: is larger than 16 MB`);
  });
});

describe('the workbook on disk', () => {
  it('a workbook folder that is a file is one line naming it, for reading and writing commands alike', { timeout: 60_000 }, async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, rhythm: 'a file where the folder of reviews belongs\n', 'a.yaml': GOOD_ANSWERS });
    const before = snapshot(dir);
    const runs = await pool([['check'], ...ROLLUPS, ['weekly', '--answers', 'a.yaml', '--no-commit', ...DATE]], 3, (args) => rhythmAsync(dir, args));
    for (const run of runs) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(/^rhythm: .*rhythm\b.*(not a folder|is a file)/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('a team folder in a symlink loop, and a review that links to itself: skipped with a warning each, the rest rolled up', { timeout: 60_000 }, async () => {
    const dir = workbook();
    writeFileSync(join(dir, 'rhythm.yaml'), `${CONFIG}  - id: na\n    name: North America\n    members: [dana]\n`);
    symlinkSync(join(dir, 'rhythm/na'), join(dir, 'rhythm/na'));
    rmSync(join(dir, W(45)));
    symlinkSync(join(dir, W(45)), join(dir, W(45)));
    const [report, check] = await pool([ROLLUPS[0]!, ['check']], 2, (args) => rhythmAsync(dir, args));
    expectNoCrash(report!);
    expect(report!.code).toBe(0);
    expect(report!.stderr).toContain('warning: skipped: rhythm/na: is a symbolic link in a loop (it leads back to itself): fix the link, or remove it');
    expect(report!.stderr).toContain(`warning: skipped: ${W(45)}:1: is a symbolic link that points to itself: remove the link`);
    expect(reviewsCounted(report!)).toBe(4);
    expectNoCrash(check!);
    expect(check!.stdout).toContain('rhythm/na: is a symbolic link in a loop');
  });

  it('a team folder that is a symbolic link (within the workbook) is written through and read back: the next weekly carries the open action and flag', { timeout: 60_000 }, async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    // A link leading out of the workbook is read but never written through (links-outside.e2e.test.ts).
    const shared = join(dir, 'shared');
    mkdirSync(join(shared, 'emea'), { recursive: true });
    symlinkSync(join(shared, 'emea'), join(dir, 'rhythm/emea-cs'));
    writeFileSync(join(dir, 'first.yaml'), `${GOOD_ANSWERS}flags: [{ customer: acme, reason: renewal at risk }]\n`);
    writeFileSync(join(dir, 'second.yaml'), 'customers: [acme]\nvalue_confidence: 4\n');
    const first = await rhythmAsync(dir, ['weekly', '--answers', 'first.yaml', '--no-commit', '--date', '2026-11-17']);
    expectNoCrash(first);
    expect(first.code, first.stderr).toBe(0);
    const second = await rhythmAsync(dir, ['weekly', '--answers', 'second.yaml', '--no-commit', '--date', '2026-11-24']);
    expectNoCrash(second);
    const written = readFileSync(join(shared, 'emea/weekly/2026-W48.md'), 'utf8');
    expect(written).toContain('- [ ] Call Acme @ana due:2026-12-01 #acme since:2026-W47');
    expect(written).toMatch(/flags:\n {2}- customer: acme\n/);
    const actions = await rhythmAsync(dir, ['actions', '--date', '2026-11-30']);
    expect(actions.stdout).toContain('Call Acme');
  });

  it('a file name that is not UTF-8 or holds a line break, a conflicted copy and a case variant are left out of rollups with a warning each, and counted once', { timeout: 60_000 }, async () => {
    const dir = workbook();
    writeFileSync(Buffer.from(join(dir, 'rhythm/emea-cs/weekly/2026-W48\xff.md'), 'latin1'), weeklyText('2026-W48'));
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48 (conflicted copy 2026-11-28).md'), weeklyText('2026-W48'));
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W47 2.md'), weeklyText('2026-W47'));
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-w46.md'), weeklyText('2026-W46'));
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W45\nrhythm: a forged line.md'), weeklyText('2026-W45'));
    const [report, status, check, weekly] = await pool([ROLLUPS[0]!, ROLLUPS[1]!, ['check'], ['weekly', '--week', '2026-W49', '--answers', 'a.yaml', '--no-commit', ...DATE]], 2, (args) => rhythmAsync(dir, args));
    for (const run of [report!, status!]) {
      expectNoCrash(run);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("warning: skipped: rhythm/emea-cs/weekly/2026-W48 (conflicted copy 2026-11-28).md:1: is not read as a review: it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it");
      expect(run.stderr).toContain("warning: skipped: rhythm/emea-cs/weekly/2026-W47 2.md:1: is not read as a review: it looks like a sync tool's conflicted copy of 2026-W47.md");
      expect(run.stderr).toContain('warning: skipped: rhythm/emea-cs/weekly/2026-w46.md:1: is not read as a review: its name writes the period of 2026-W46.md beside it another way (on macOS and Windows the two would be one file)');
      expect(run.stderr).toContain('warning: skipped: rhythm/emea-cs/weekly/2026-W48\uFFFD.md:1: is not read as a review: its name is not valid UTF-8');
      // A line break in a name is shown as \u000a: the warning stays one line, and forges none.
      expect(run.stderr).toContain('warning: skipped: rhythm/emea-cs/weekly/2026-W45\\u000arhythm: a forged line.md:1: is not read as a review: its name holds a control character');
      expect(run.stderr).not.toMatch(/^rhythm: a forged line/m);
      expect(run.stderr).toContain('warning: 5 review files skipped');
    }
    expect(reviewsCounted(report!)).toBe(5);
    expect(check!.code).toBe(1);
    expect(check!.stdout.split('\n').filter((line) => line.includes(':1: is not read as a review'))).toHaveLength(5);
    expectNoCrash(weekly!);
    expect(weekly!.code, weekly!.stderr).toBe(0);
  });

  it('output to a full disk (stdout on /dev/full) is one line, exit 1', { timeout: 60_000 }, async () => {
    const dir = workbook();
    for (const args of [ROLLUPS[0]!, ROLLUPS[1]!, ['check', '--json']]) {
      const run = await rhythmWith(dir, args, { stdout: '/dev/full' });
      expectRefused(run, { message: 'rhythm: cannot write the output: the disk is full: free some space, then run again' });
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('random workbooks of hazards, in-process', () => {
  const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 40);
  const HAZARDS = ['fifo', 'loop', 'dangling', 'copy', 'case', 'latin1-name', 'folder'] as const;

  it(`${TRIALS} workbooks: every good review counted, every hazard one warning, nothing written (0 lost)`, { timeout: 120_000 }, async () => {
    let seed = Number(process.env.RHYTHM_SEED ?? 12);
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let hazards = 0;
    let lost = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
      mkdirSync(join(dir, 'rhythm/emea-cs/weekly'), { recursive: true });
      let good = 0;
      let bad = 0;
      for (let week = 40; week <= 52; week++) {
        const path = join(dir, `rhythm/emea-cs/weekly/2026-W${week}.md`);
        const roll = next();
        if (roll < 0.5) {
          writeFileSync(path, weeklyText(`2026-W${week}`, { date: '2026-10-01' }));
          good++;
          continue;
        }
        const hazard = HAZARDS[Math.floor(next() * HAZARDS.length)]!;
        bad++;
        if (hazard === 'fifo') mkfifo(path);
        else if (hazard === 'loop') symlinkSync(path, path);
        else if (hazard === 'dangling') symlinkSync(join(dir, 'nothing'), path);
        else if (hazard === 'folder') mkdirSync(path);
        else if (hazard === 'copy') writeFileSync(path.replace(/\.md$/, ' (conflicted copy).md'), weeklyText(`2026-W${week}`));
        else if (hazard === 'case') writeFileSync(path.replace(/-W(\d+\.md)$/, '-w$1'), weeklyText(`2026-W${week}`));
        else writeFileSync(Buffer.from(path.replace(/\.md$/, '\xe9.md'), 'latin1'), weeklyText(`2026-W${week}`));
      }
      const before = snapshot(dir);
      const run = await rhythmInProcess(dir, ['report', '--quarter', '2026-Q4', '--format', 'json', '--stdout', '--date', '2026-12-31']);
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      const counted = reviewsCounted(run);
      const warned = Number(/(\d+) review files? skipped/.exec(run.stderr)?.[1] ?? 0);
      lost += good - counted;
      expect([counted, warned], `trial ${trial}\n${run.stderr}`).toEqual([good, bad]);
      expect(snapshot(dir)).toEqual(before);
      hazards += bad;
    }
    console.log(`environment hazards: ${TRIALS} workbooks, ${hazards} hazards, each one warning; ${lost} reviews lost`);
    expect(lost).toBe(0);
  });
});

/**
 * Every entry under `dir` with what it is: a regular file by the hash of its bytes, anything else
 * (a FIFO, a link in a loop) by its kind alone, never opened. helpers.ts snapshot would wait on a FIFO.
 */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: Buffer, key: string) => {
    for (const name of readdirSync(folder, { encoding: 'buffer' })) {
      const path = Buffer.concat([folder, Buffer.from('/'), name]);
      const at = `${key}${name.toString('latin1')}`;
      const stats = lstatSync(path);
      if (stats.isDirectory()) walk(path, `${at}/`);
      else entries[at] = stats.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : stats.isFIFO() ? 'fifo' : stats.isSymbolicLink() ? 'link' : 'other';
    }
  };
  walk(Buffer.from(dir), '');
  return entries;
}
