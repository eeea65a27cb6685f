// Measuring commands: wall time (median of several runs), CPU time and peak memory (max RSS).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeToPrompt } from './pty.mjs';

const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
/** Fallback when /usr/bin/time is missing: a preload that writes the process's own max RSS at exit. */
const RSS_HOOK = new URL('./rss-hook.mjs', import.meta.url).pathname;

export const tools = { time: HAS_TIME ? TIME : undefined };

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const scratch = mkdtempSync(join(tmpdir(), 'rhythm-bench-measure-'));
let counter = 0;

/**
 * Run one command once, stdout to /dev/null; returns { ms, rssKB, cpuMs (user + system), status, stderr }.
 * `command` is { argv: [program, ...args], cwd, env? }.
 */
export function runOnce(command) {
  const rssFile = join(scratch, `rss-${++counter}`);
  const [program, ...args] = command.argv;
  let argv;
  let env = { ...process.env, NO_COLOR: '1', ...command.env };
  if (HAS_TIME) argv = [TIME, '-f', '%M %U %S', '-o', rssFile, program, ...args];
  else {
    argv = [program, ...args];
    env = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${RSS_HOOK}`.trim(), RHYTHM_BENCH_RSS: rssFile };
  }
  const devNull = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const result = spawnSync(argv[0], argv.slice(1), { cwd: command.cwd, env, stdio: ['ignore', devNull, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - start;
    if (result.error) throw result.error;
    let rssKB;
    let cpuMs;
    try {
      const [rss, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ');
      rssKB = Number.parseInt(rss, 10);
      if (user !== undefined) cpuMs = (Number(user) + Number(system)) * 1000;
    } catch {
      rssKB = undefined;
    }
    return { ms, rssKB, cpuMs, status: result.status, stderr: result.stderr.toString('utf8') };
  } finally {
    closeSync(devNull);
    rmSync(rssFile, { force: true });
  }
}

function summary({ times, rss, cpu }) {
  return {
    median: median(times),
    runs: times.map((ms) => Math.round(ms * 10) / 10),
    ...(cpu.length > 0 ? { cpuMedian: median(cpu) } : {}),
    ...(rss.length > 0 ? { maxRssMB: Math.max(...rss) / 1024 } : {}),
  };
}

/**
 * Measure several commands in interleaved rounds (A B C, A B C, …) so that background load on a
 * shared machine spreads over all of them alike and their ratios stay fair.
 *
 * - `between`: the name of one of the commands (the read floor) that is run before every other
 *   command of every round, so that it samples the machine's load all through the round; all its
 *   runs count.
 * - `warmup`: the names run once, uncounted, before the first round (default: all of them); the
 *   floor's warm-up puts the files into the page cache, a warm-cache command's warm-up fills its cache.
 * - A command's `prepare()` runs before each of its runs (a cold run deletes its cache there).
 *
 * Returns name → { median, runs, cpuMedian, maxRssMB (max over the counted runs) }.
 */
export function measureInterleaved(commands, { runs, warmup, between, onRound } = {}) {
  const names = Object.keys(commands);
  const results = Object.fromEntries(names.map((name) => [name, { times: [], rss: [], cpu: [] }]));
  const once = (name, counted) => {
    const command = commands[name];
    command.prepare?.();
    const run = runOnce(command);
    if (run.status !== (command.expectStatus ?? 0)) {
      throw new Error(`${name}: ${command.argv.join(' ')} exited with ${run.status}\n${run.stderr.slice(0, 2000)}`);
    }
    if (counted) {
      results[name].times.push(run.ms);
      if (run.rssKB !== undefined) results[name].rss.push(run.rssKB);
      if (run.cpuMs !== undefined) results[name].cpu.push(run.cpuMs);
    }
    return run;
  };
  for (const name of warmup ?? names) once(name, false);
  for (let round = 0; round < runs; round++) {
    const times = {};
    for (const name of names) {
      if (name === between) continue;
      if (between) once(between, true);
      times[name] = once(name, true).ms;
    }
    if (names.length === 1 && between) times[between] = once(between, true).ms;
    onRound?.(round, times);
  }
  return Object.fromEntries(names.map((name) => [name, summary(results[name])]));
}

/**
 * The time from spawn to the first prompt on a pty (bench/pty.mjs), for several commands in
 * interleaved rounds, after `warmup` uncounted rounds. Returns name → { median, runs }.
 */
export async function measurePrompts(commands, { runs, warmup = 2 }) {
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -warmup; round < runs; round++) {
    for (const name of names) {
      const { ms } = await timeToPrompt(commands[name]);
      if (round >= 0) times[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summary({ times: times[name], rss: [], cpu: [] })]));
}

export function cleanupScratch() {
  rmSync(scratch, { recursive: true, force: true });
}
