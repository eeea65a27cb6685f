/**
 * Issue 12, "nothing lost": `weekly` and `weekly --amend` killed at random moments (SIGTERM or
 * SIGKILL, after a random 0 to 1.3 × the time of a whole run, or near its end), hundreds of times in a long run.
 * After every kill the review is absent or exactly what a finished run writes (for an amend: the
 * old text or the new one), never empty or partial, and the next run works: no lock left in the
 * way, no "already exists" from an empty file.
 *
 * RHYTHM_TRIALS=300 runs 300 trials a case (150 with commits) instead of the 12 that keep CI under a minute.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPath } from '../../src/io/lock.js';
import { BIN, git, initRepo, tempDir, type Run } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, GOOD_ANSWERS, REGISTRY, rhythmAsync } from './helpers.js';

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 12);
const FILE = 'rhythm/emea-cs/weekly/2026-W48.md';
const FOLDER = 'rhythm/emea-cs/weekly';
const OTHER_ANSWERS = 'customers: [globex]\nvalue_confidence: 5\nhard_to_hear: "Globex finds the export slow."\n';
const WEEKLY = ['weekly', '--answers', 'a.yaml', '--date', '2026-11-24'];

function workbook(): string {
  return tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS, 'b.yaml': OTHER_ANSWERS });
}

function text(dir: string): string | undefined {
  return existsSync(join(dir, FILE)) ? readFileSync(join(dir, FILE), 'utf8') : undefined;
}

/** Start the CLI, kill it after `delay` ms with `signal` unless it has finished by then. */
function killAfter(cwd: string, args: string[], delay: number, signal: NodeJS.Signals): Promise<Run & { killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', TZ: 'UTC', DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killed = child.kill(signal);
    }, delay);
    child.on('error', reject);
    child.on('close', (code, closedBy) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: 0, killed: killed && closedBy !== null });
    });
    child.stdin.end('');
  });
}

/**
 * When to kill: half of the trials anywhere in the run (0 to 1.3 × its time), half near its end,
 * where the file is written (0.8 to 1.2 ×), which a uniform draw reaches only now and then.
 */
function moment(trial: number, duration: number): number {
  return (trial % 4 < 2 ? Math.random() * 1.3 : 0.8 + Math.random() * 0.4) * duration;
}

/** How long a whole run takes here (the fastest of three), so that kills fall anywhere in it, the write included. */
async function wholeRun(dir: string, args: string[], reset: () => void = () => undefined): Promise<number> {
  let fastest = Infinity;
  for (let run = 0; run < 3; run++) {
    reset();
    const result = await rhythmAsync(dir, args);
    expect(result.code, result.stderr).toBe(0);
    fastest = Math.min(fastest, result.ms);
  }
  return fastest;
}

const tally = () => ({ kills: 0, SIGTERM: 0, SIGKILL: 0, finished: 0, absent: 0, old: 0, whole: 0, lockLeft: 0, temporariesLeft: 0 });

/** After a kill the lock may be left, but only by the run that was killed: the next run takes it over. */
function expectNoLiveLock(dir: string, counts: ReturnType<typeof tally>): void {
  if (!existsSync(lockPath(dir))) return;
  counts.lockLeft++;
  const { pid } = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as { pid: number };
  expect(() => process.kill(pid, 0)).toThrow();
}

/** Nothing but the review is visible in its folder; hidden temporaries of killed runs are counted. */
function expectOnlyTheReview(dir: string, counts: ReturnType<typeof tally>): void {
  const names = existsSync(join(dir, FOLDER)) ? readdirSync(join(dir, FOLDER)) : [];
  expect(names.filter((name) => !name.startsWith('.'))).toEqual(existsSync(join(dir, FILE)) ? ['2026-W48.md'] : []);
  expect(names.filter((name) => name.startsWith('.')).every((name) => /^\.2026-W48\.md\.\d+\.[0-9a-f]{8}\.tmp$/.test(name))).toBe(true);
  counts.temporariesLeft = Math.max(counts.temporariesLeft, names.length - 1);
}

describe('a kill at any moment', () => {
  it(`of weekly leaves no review or the whole review, never an empty or partial one (${TRIALS} trials)`, async () => {
    const reference = workbook();
    const duration = await wholeRun(reference, [...WEEKLY, '--no-commit'], () => rmSync(join(reference, FILE), { force: true }));
    const whole = text(reference)!;
    const dir = workbook();
    const counts = tally();
    for (let trial = 0; trial < TRIALS; trial++) {
      const signal = trial % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
      const run = await killAfter(dir, [...WEEKLY, '--no-commit'], moment(trial, duration), signal);
      const after = text(dir);
      if (run.killed) {
        counts.kills++;
        counts[signal]++;
        expect(after === undefined || after === whole, `after a ${signal}: ${JSON.stringify(after?.slice(0, 200))}`).toBe(true);
        if (after === undefined) counts.absent++;
        else counts.whole++;
      } else {
        counts.finished++;
        expectNoCrash(run);
        expect(run.code, run.stderr).toBe(0);
        expect(after).toBe(whole);
      }
      expectNoLiveLock(dir, counts);
      expectOnlyTheReview(dir, counts);
      // The next run: it writes the review where none is, and refuses only a whole one.
      if (trial % 4 === 3 || trial === TRIALS - 1) {
        const next = await rhythmAsync(dir, [...WEEKLY, '--no-commit']);
        expectNoCrash(next);
        if (after === undefined) expect(next.code, next.stderr).toBe(0);
        else expect(next.stderr).toContain('already exists: run with --amend');
        expect(text(dir)).toBe(whole);
      }
      rmSync(join(dir, FILE), { force: true });
    }
    console.log(`weekly killed: ${JSON.stringify(counts)}`);
    expect(counts.kills).toBeGreaterThan(0);
  });

  it(`of weekly --amend leaves the old review or the new one, whole (${TRIALS} trials)`, async () => {
    const dir = workbook();
    expect((await rhythmAsync(dir, [...WEEKLY, '--no-commit'])).code).toBe(0);
    const duration = await wholeRun(dir, ['weekly', '--amend', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    const expected = await amendsOf(dir);
    const counts = tally();
    for (let trial = 0; trial < TRIALS; trial++) {
      const signal = trial % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
      const answers = trial % 2 === 0 ? 'b.yaml' : 'a.yaml';
      const before = text(dir)!;
      const amended = await expected(before, answers);
      const run = await killAfter(dir, ['weekly', '--amend', '--answers', answers, '--date', '2026-11-24', '--no-commit'], moment(trial, duration), signal);
      const after = text(dir);
      if (run.killed) {
        counts.kills++;
        counts[signal]++;
        expect(after === before || after === amended, `after a ${signal}: ${JSON.stringify(after?.slice(0, 200))}`).toBe(true);
        if (after === before && after !== amended) counts.old++;
        else counts.whole++;
      } else {
        counts.finished++;
        expectNoCrash(run);
        expect(run.code, run.stderr).toBe(0);
        expect(after).toBe(amended);
      }
      expectNoLiveLock(dir, counts);
      expectOnlyTheReview(dir, counts);
    }
    const last = text(dir)!;
    const next = await rhythmAsync(dir, ['weekly', '--amend', '--answers', 'b.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(next.code, next.stderr).toBe(0);
    expect(text(dir)).toBe(await expected(last, 'b.yaml'));
    console.log(`weekly --amend killed: ${JSON.stringify(counts)}`);
    expect(counts.kills).toBeGreaterThan(0);
  });

  it(`of weekly --amend committing in a git repository leaves the old review or the new one, and the next run commits (${Math.ceil(TRIALS / 2)} trials)`, async () => {
    const dir = initRepo(workbook());
    git(dir, 'add', 'rhythm.yaml', 'rhythm/customers.yaml');
    git(dir, 'commit', '-qm', 'setup');
    expect((await rhythmAsync(dir, WEEKLY)).code).toBe(0);
    const duration = await wholeRun(dir, ['weekly', '--amend', '--answers', 'a.yaml', '--date', '2026-11-24']);
    const expected = await amendsOf(dir);
    const counts = tally();
    for (let trial = 0; trial < Math.ceil(TRIALS / 2); trial++) {
      const signal = trial % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
      const answers = trial % 2 === 0 ? 'b.yaml' : 'a.yaml';
      const before = text(dir)!;
      const amended = await expected(before, answers);
      const run = await killAfter(dir, ['weekly', '--amend', '--answers', answers, '--date', '2026-11-24'], moment(trial, duration), signal);
      const after = text(dir);
      if (run.killed) {
        counts.kills++;
        counts[signal]++;
        expect(after === before || after === amended, `after a ${signal}: ${JSON.stringify(after?.slice(0, 200))}`).toBe(true);
        if (after === before && after !== amended) counts.old++;
        else counts.whole++;
      } else {
        counts.finished++;
        expectNoCrash(run);
        expect(run.code, run.stderr).toBe(0);
      }
      expectNoLiveLock(dir, counts);
      expectOnlyTheReview(dir, counts);
    }
    // The next run commits whatever the killed runs wrote and did not commit.
    const next = await rhythmAsync(dir, ['weekly', '--amend', '--answers', 'b.yaml', '--date', '2026-11-24']);
    expectNoCrash(next);
    expect(next.code, next.stderr).toBe(0);
    expect(git(dir, 'status', '--porcelain', FILE)).toBe('');
    console.log(`weekly --amend with commits killed: ${JSON.stringify(counts)}`);
  });
});

/** What `weekly --amend --answers <file>` makes of a review's text, from finished runs in a workbook of its own. */
async function amendsOf(source: string): Promise<(before: string, answers: string) => Promise<string>> {
  const scratch = workbook();
  writeFileSync(join(scratch, 'rhythm.yaml'), readFileSync(join(source, 'rhythm.yaml')));
  mkdirSync(join(scratch, FOLDER), { recursive: true });
  const known = new Map<string, string>();
  return async (before, answers) => {
    const key = `${answers}\n${before}`;
    if (!known.has(key)) {
      writeFileSync(join(scratch, FILE), before);
      const run = await rhythmAsync(scratch, ['weekly', '--amend', '--answers', answers, '--date', '2026-11-24', '--no-commit']);
      expect(run.code, run.stderr).toBe(0);
      known.set(key, text(scratch)!);
    }
    return known.get(key)!;
  };
}
