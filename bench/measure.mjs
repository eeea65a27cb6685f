// Measuring commands: wall time (median of several runs) and peak memory (max RSS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
const HYPERFINE = ['/usr/bin/hyperfine', '/usr/local/bin/hyperfine'].find((path) => existsSync(path)) ?? which('hyperfine');
/** Fallback when /usr/bin/time is missing: a preload that writes the process's own max RSS at exit. */
const RSS_HOOK = new URL('./rss-hook.mjs', import.meta.url).pathname;

function which(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

export const tools = { time: HAS_TIME ? TIME : undefined, hyperfine: HYPERFINE };

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

/**
 * Measure several commands in interleaved rounds (A B C, A B C, …) so that background load on a
 * shared machine spreads over all of them alike and their ratios stay fair. One warm-up round.
 * Returns name → { median, runs, rssKB (max over runs) }.
 */
export function measureInterleaved(commands, { runs, warmup = 1, onRun } = {}) {
  const results = Object.fromEntries(Object.keys(commands).map((name) => [name, { runs: [], rss: [], cpu: [] }]));
  for (let round = -warmup; round < runs; round++) {
    for (const [name, command] of Object.entries(commands)) {
      command.prepare?.();
      const run = runOnce(command);
      if (run.status !== (command.expectStatus ?? 0)) {
        throw new Error(`${name}: ${command.argv.join(' ')} exited with ${run.status}\n${run.stderr.slice(0, 2000)}`);
      }
      if (round >= 0) {
        results[name].runs.push(run.ms);
        if (run.rssKB !== undefined) results[name].rss.push(run.rssKB);
        if (run.cpuMs !== undefined) results[name].cpu.push(run.cpuMs);
      }
      onRun?.(name, round, run);
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, { runs: times, rss, cpu }]) => [
      name,
      {
        median: median(times),
        runs: times.map((ms) => Math.round(ms * 10) / 10),
        ...(cpu.length > 0 ? { cpuMedian: median(cpu) } : {}),
        ...(rss.length > 0 ? { maxRssMB: Math.max(...rss) / 1024 } : {}),
      },
    ]),
  );
}

/**
 * Startup figures with hyperfine (shell-less, exported as JSON), or with the interleaved loop when
 * hyperfine is not installed. Hyperfine runs one command's runs back to back; on a shared machine
 * a burst of load would land on one command only, so it is run in several rounds, each command
 * once per round, and the median is taken over the runs of all rounds. Returns name → { median, runs }.
 */
export function measureStartup(commands, { runs, rounds = 3, warmup = 3 }) {
  if (!HYPERFINE) return measureInterleaved(Object.fromEntries(Object.entries(commands).map(([name, argv]) => [name, { argv }])), { runs: runs * rounds, warmup });
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const exportFile = join(scratch, `hyperfine-${++counter}.json`);
    // Alternate the order from round to round too.
    const order = round % 2 === 0 ? names : [...names].reverse();
    const result = spawnSync(
      HYPERFINE,
      ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', exportFile, ...order.map((name) => commands[name].join(' '))],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    if (result.status !== 0) throw new Error(`hyperfine failed: ${result.stderr.toString('utf8')}`);
    const exported = JSON.parse(readFileSync(exportFile, 'utf8'));
    rmSync(exportFile, { force: true });
    exported.results.forEach((entry, index) => times[order[index]].push(...entry.times.map((seconds) => seconds * 1000)));
  }
  return Object.fromEntries(names.map((name) => [name, { median: median(times[name]), runs: times[name].map((ms) => Math.round(ms * 10) / 10) }]));
}

export function cleanupScratch() {
  rmSync(scratch, { recursive: true, force: true });
}
