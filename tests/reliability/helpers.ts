/**
 * Helpers of the reliability tests: run the built CLI concurrently, pin its clock, and the
 * assertions every bad-input case shares (one line per problem, no stack trace, nothing written).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { BIN, type Run } from '../helpers/workbook.js';

export const FAKE_CLOCK = fileURLToPath(new URL('./fake-clock.mjs', import.meta.url));

/** Like `rhythm()` of tests/helpers/workbook.ts, but asynchronous, so independent runs overlap. */
export function rhythmAsync(cwd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', TZ: 'UTC', DEBUG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Run jobs with at most `limit` at once (the machine has two cores and vitest uses both). */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Environment for a run whose clock reads this local time in this zone. */
export function clockEnv(zone: string, localNow: string): NodeJS.ProcessEnv {
  return { TZ: zone, RHYTHM_TEST_LOCAL_NOW: localNow, NODE_OPTIONS: `--import ${FAKE_CLOCK}` };
}

/** No stack frame, no Node warning, no "bug in rhythm": what a person sees is rhythm's own words. */
export function expectNoCrash(run: Run): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output, output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('unexpected error');
  expect(output).not.toContain('This is a bug in rhythm');
  expect(output).not.toMatch(/\(node:\d+\)|Warning:/);
  expect([0, 1, 2], `exit code ${run.code}\n${run.stderr}`).toContain(run.code);
}

/**
 * A refused input: the exit code, and stderr made of `rhythm: …` followed by one line per further
 * problem (each a `file:line: …` when `located`), with no stack trace.
 */
export function expectRefused(run: Run, options: { code?: number; message: RegExp | string; located?: RegExp }): void {
  expectNoCrash(run);
  expect(run.code, run.stderr).toBe(options.code ?? 1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0], run.stderr).toMatch(/^rhythm: /);
  if (typeof options.message === 'string') expect(run.stderr).toContain(options.message);
  else expect(run.stderr).toMatch(options.message);
  if (options.located) expect(lines[0]!.replace(/^rhythm: /, '')).toMatch(options.located);
}

/** Every file under `dir` (but .git) with a hash of its bytes, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (name === '.git') continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

/** Answers that satisfy the built-in weekly template. */
export const GOOD_ANSWERS = 'customers: [acme]\nvalue_confidence: 3\nactions: ["Call Acme @ana due:2026-12-01 #acme"]\n';

export const CONFIG = 'workbook: rhythm\nteams:\n  - id: emea-cs\n    name: EMEA Customer Success\n    members: [ana, bo]\n';

export const REGISTRY = 'customers:\n  - id: acme\n    name: Acme Corp\n  - id: globex\n    name: Globex\n  - id: initech\n    name: Initech\n';

/** A valid weekly of emea-cs, as the file format defines it. */
export function weeklyText(period: string, options: { date?: string; customers?: string[]; flags?: string; score?: number; body?: string } = {}): string {
  return [
    '---',
    'rhythm: 1',
    'ritual: weekly',
    `period: ${period}`,
    'team: emea-cs',
    `date: ${options.date ?? '2026-11-24'}`,
    'participants: [ana, bo]',
    `customers: [${(options.customers ?? ['acme']).join(', ')}]`,
    options.flags ?? 'flags: []',
    'scores:',
    `  value_confidence: ${options.score ?? 3}`,
    '---',
    `# Weekly customer review — ${period}`,
    '',
    '## What did we hear, in their words?  <!-- q:heard -->',
    '',
    '- Acme Corp: "The export saves our analysts a day." #reporting',
    '',
    '## What will we do about it?  <!-- q:actions -->',
    '',
    '- [ ] Call Acme @ana due:2026-12-01 #acme',
    options.body ?? '',
  ].join('\n');
}

/**
 * The CLI in-process: `main()` from argv to exit code with the same error reporting as the built
 * binary, minus the process start (a few ms instead of half a second), for long tables of cases.
 */
export async function rhythmInProcess(cwd: string, args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const { main } = await import('../../src/main.js');
  const { testContext } = await import('../helpers/context.js');
  const started = performance.now();
  const context = testContext({ cwd, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}), env: { DEBUG: '', ...options.env } });
  const code = await main(args, context);
  return { code, stdout: context.out(), stderr: context.err(), ms: performance.now() - started };
}
