#!/usr/bin/env node
// The rhythm benchmark: `npm run bench` builds, then runs this.
//
// Generates seeded synthetic workbooks (bench/generate.mjs) and measures on them, in one run:
//
// - one-year workbooks of 5,000, 20,000 and 50,000 weekly reviews (100, 400, 1,000 teams, all of
//   2025), where every command reads every file: `rhythm report --year 2025 --format json --stdout`
//   with a cold cache and again with a warm one (nothing changed since the previous run),
//   `rhythm status|actions|customers --date 2025-12-31` and `rhythm check` with a cold cache,
//   against the read floor (bench/floor.mjs: list and read every file), the naive gray-matter
//   baseline (bench/naive.mjs) and the plain pipeline (bench/plain.mjs: read, split, js-yaml, one
//   regular-expression pass over the body, nothing rolled up or written);
// - the five-year workbook of 50,000 reviews (2022 to 2026), where the year report reads the
//   2025 files only, against the read floor of those files (bench/floor.mjs <dir> 2025-);
// - a one-year workbook of 5,000 files with four times the prose in every file (peak memory);
// - start-up: `rhythm status` in an empty workbook (after `rhythm init`) against `node -e 0`,
//   `rhythm --version` and `--help`; and the time to the first prompt of `rhythm weekly` on a
//   pseudo-terminal against a Node one-liner printing a prompt line on the same kind of pty.
//
// Every rhythm command runs with XDG_CACHE_HOME set to a scratch folder of its own (rhythm keeps
// its cache in $XDG_CACHE_HOME/rhythm): a cold run deletes that folder before the run; a warm run
// keeps it, filled by an uncounted warm-up run of the same command. Commands are measured in
// interleaved rounds, with the read floor run before each of them (bench/measure.mjs), and each
// is compared with the floor of the same rounds on the same files. Prints a table with every
// target and PASS/MISS, writes the same as JSON (bench/results.json), exits 1 if a target misses.
//
//   npm run bench
//   node bench/run.mjs [--sizes 5000,20000,50000] [--five-year 50000] [--only report,status,…]
//                      [--runs N] [--workdir DIR] [--out bench/results.json | --no-save] [--markdown]
//
// --only takes any of: report warm naive plain status actions customers check fiveyear prose startup
// prompt (the read floor is always measured with them). --runs overrides every run count.
// --workdir keeps the generated workbooks in DIR and reuses them next time (they are
// deterministic); without it everything is generated in os.tmpdir() and removed at the end.
// --markdown prints the results as markdown instead of the terminal table (bench/markdown.mjs
// does the same from a saved results.json).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { reviewFiles } from './files.mjs';
import { generateWorkbook } from './generate.mjs';
import { cleanupScratch, measureInterleaved, measurePrompts, tools } from './measure.mjs';
import { SCRIPT } from './pty.mjs';
import { renderMarkdown, renderText } from './render.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'rhythm');
const FLOOR = join(ROOT, 'bench', 'floor.mjs');
const NAIVE = join(ROOT, 'bench', 'naive.mjs');
const PLAIN = join(ROOT, 'bench', 'plain.mjs');
const NODE = process.execPath;

/** The year of the one-year workbooks and of the report; the day status, actions and customers look from. */
const YEAR = 2025;
const DATE = `${YEAR}-12-31`;
/** The size the issue's targets are set at. */
const TARGET_SIZE = 50_000;
const ITEMS = ['report', 'warm', 'naive', 'plain', 'status', 'actions', 'customers', 'check', 'fiveyear', 'prose', 'startup', 'prompt'];

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000,20000,50000' },
    'five-year': { type: 'string', default: '50000' },
    only: { type: 'string' },
    runs: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
    'no-save': { type: 'boolean', default: false },
    workdir: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const sizes = flags.sizes
  .split(',')
  .filter(Boolean)
  .map((size) => Number.parseInt(size, 10));
for (const size of sizes) if (!(size > 0 && size % 50 === 0)) throw new Error(`--sizes: ${size} is not a positive multiple of 50 (one-year workbooks hold 50 weeklies a team)`);
const fiveYearFiles = Number.parseInt(flags['five-year'], 10);
if (!(fiveYearFiles > 0 && fiveYearFiles % 250 === 0)) throw new Error('--five-year: a positive multiple of 250 (250 weeklies a team)');
const only = new Set(flags.only ? flags.only.split(',').filter(Boolean) : ITEMS);
for (const item of only) if (!ITEMS.includes(item)) throw new Error(`--only: unknown '${item}'; one or more of ${ITEMS.join(', ')}`);
const runsOverride = flags.runs === undefined ? undefined : Number.parseInt(flags.runs, 10);
const largest = sizes.length > 0 ? Math.max(...sizes) : undefined;
const started = performance.now();
const loadAtStart = loadavg();

const log = (text) => process.stderr.write(`${text}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)}s`;
const onRound = (round, times) => log(`    round ${round + 1}: ${Object.entries(times).map(([name, ms]) => `${name} ${seconds(ms)}`).join(' · ')}`);

const workdir = flags.workdir ?? mkdtempSync(join(tmpdir(), 'rhythm-bench-'));
mkdirSync(workdir, { recursive: true });
const caches = mkdtempSync(join(tmpdir(), 'rhythm-bench-cache-'));

function workbook(name, options) {
  const dir = join(workdir, name);
  const marker = join(dir, '.generated.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const start = performance.now();
  const info = { ...generateWorkbook(dir, options), generatedMs: 0 };
  info.generatedMs = Math.round(performance.now() - start);
  writeFileSync(marker, JSON.stringify(info));
  log(`  generated ${name}: ${info.files} files, ${(info.bytes / 1e6).toFixed(1)} MB in ${(info.generatedMs / 1000).toFixed(1)}s`);
  return info;
}

/**
 * A rhythm command in `dir` with a cache folder of its own (`cache`): `cold` deletes the folder
 * before every run; otherwise it is kept from run to run (and filled by the warm-up run).
 */
function rhythm(dir, cache, args, { cold }) {
  const home = join(caches, cache);
  return {
    argv: [BIN, ...args],
    cwd: dir,
    env: { XDG_CACHE_HOME: home },
    cacheHome: home,
    ...(cold ? { prepare: () => rmSync(home, { recursive: true, force: true }) } : {}),
  };
}
const node = (dir, ...args) => ({ argv: [NODE, ...args], cwd: dir });

const REPORT = ['report', '--year', String(YEAR), '--format', 'json', '--stdout'];
const LABELS = {
  floor: 'read floor: node bench/floor.mjs rhythm',
  naive: 'naive gray-matter: node bench/naive.mjs rhythm',
  plain: 'plain pipeline: node bench/plain.mjs rhythm',
  report: `rhythm ${REPORT.join(' ')}`,
  warm: '  the same, warm cache (nothing changed)',
  status: `rhythm status --date ${DATE}`,
  actions: `rhythm actions --date ${DATE}`,
  customers: `rhythm customers --date ${DATE}`,
  check: 'rhythm check',
};

/** Rows of a block: each measured command with the files it reads, its time per file and its ratio to `base`. */
function rows(measured, files, base, labels = LABELS) {
  return Object.entries(measured).map(([key, figure]) => ({
    key,
    label: labels[key] ?? key,
    files,
    median: figure.median,
    perFileUs: files ? (figure.median * 1000) / files : undefined,
    ratio: key === base ? undefined : figure.median / measured[base].median,
    cpuMs: figure.cpuMedian,
    rssMB: figure.maxRssMB,
    runs: figure.runs,
  }));
}

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  only: flags.only ? [...only] : undefined,
  tools: { time: Boolean(tools.time), script: SCRIPT },
  workbooks: {},
  blocks: [],
  checks: [],
  notes: [],
  targets: [],
};

try {
  log(`rhythm benchmark in ${workdir}, caches in ${caches} (/usr/bin/time: ${tools.time ? 'yes' : 'no'}, script: ${SCRIPT ?? 'no'})`);

  // -------------------------------------------------------------------------------------------
  // Proof that the generated files are valid review files: rhythm check finds nothing in a small
  // five-year and a small one-year workbook.
  for (const [name, options] of [
    ['check-five-year-1000', { files: 1000 }],
    [`check-year-1000`, { files: 1000, year: YEAR }],
  ]) {
    const book = workbook(name, options);
    const check = spawnSync(BIN, ['check', '--json'], {
      cwd: book.dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(caches, name) },
    });
    let found;
    try {
      found = JSON.parse(check.stdout);
    } catch {
      throw new Error(`rhythm check --json on ${name} failed (exit ${check.status}):\n${check.stderr}`);
    }
    if (check.status !== 0 || found.errors !== 0 || found.warnings !== 0) {
      throw new Error(`the generated workbook ${name} does not pass rhythm check: ${found.errors} errors, ${found.warnings} warnings\n${found.problems.slice(0, 10).map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`);
    }
    const line = `rhythm check --json on a generated ${options.year ? `one-year (${YEAR})` : 'five-year'} workbook of ${options.files} reviews: ${found.files} files checked, no errors, no warnings`;
    results.checks.push(line);
    log(`  ${line}`);
  }

  // -------------------------------------------------------------------------------------------
  // One-year workbooks: every command reads every file
  const workbookItems = ['report', 'warm', 'naive', 'plain', 'status', 'actions', 'customers', 'check'].filter((item) => only.has(item));
  if (workbookItems.length > 0) {
    for (const size of sizes) {
      const name = `year-${size}`;
      const book = workbook(name, { files: size, year: YEAR });
      const reviews = join(book.dir, 'rhythm');
      const files = reviewFiles(reviews).length;
      results.workbooks[name] = { files: book.files, teams: book.teams, bytes: book.bytes, years: String(YEAR) };
      const runs = runsOverride ?? (size >= 50_000 ? 3 : 5);
      const commands = { floor: node(book.dir, FLOOR, reviews) };
      if (only.has('naive')) commands.naive = node(book.dir, NAIVE, reviews);
      if (only.has('plain')) commands.plain = node(book.dir, PLAIN, reviews);
      if (only.has('report')) commands.report = rhythm(book.dir, `${name}-report`, REPORT, { cold: true });
      if (only.has('warm')) commands.warm = rhythm(book.dir, `${name}-report-warm`, REPORT, { cold: false });
      for (const command of ['status', 'actions', 'customers']) {
        if (only.has(command)) commands[command] = rhythm(book.dir, `${name}-${command}`, [command, '--date', DATE], { cold: true });
      }
      if (only.has('check')) commands.check = rhythm(book.dir, `${name}-check`, ['check'], { cold: true });
      log(`[${elapsed()}] one-year workbook, ${size} files: ${runs} runs of ${Object.keys(commands).join(', ')} (the floor before each)`);
      const measured = measureInterleaved(commands, { runs, between: 'floor', warmup: ['floor', ...(commands.warm ? ['warm'] : [])], onRound });
      if (commands.warm) noteCache(`one-year ${size.toLocaleString('en')}`, commands.warm.cacheHome);
      results.blocks.push({
        id: name,
        kind: 'workbook',
        size,
        title: `one-year workbook: ${size.toLocaleString('en')} files (${book.teams.toLocaleString('en')} teams × 50 weeklies of ${YEAR}, ${(book.bytes / 1e6).toFixed(0)} MB), all read`,
        base: 'floor',
        runs,
        rows: rows(measured, files, 'floor'),
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // The five-year workbook: the year report reads the files of that year only
  if (only.has('fiveyear')) {
    const name = `five-year-${fiveYearFiles}`;
    const book = workbook(name, { files: fiveYearFiles });
    const reviews = join(book.dir, 'rhythm');
    // The report of the year reads the files named for it, and the week starting in its last days (2026-W01 starts on 29 December 2025).
    const prefix = `${YEAR}-,${YEAR + 1}-W01`;
    const named = `${YEAR}-… or ${YEAR + 1}-W01`;
    const all = reviewFiles(reviews).length;
    const files = reviewFiles(reviews, prefix).length;
    results.workbooks[name] = { files: book.files, teams: book.teams, bytes: book.bytes, years: '2022-2026' };
    const runs = runsOverride ?? 5;
    const commands = {
      floor: node(book.dir, FLOOR, reviews, prefix),
      report: rhythm(book.dir, `${name}-report`, REPORT, { cold: true }),
      warm: rhythm(book.dir, `${name}-report-warm`, REPORT, { cold: false }),
    };
    log(`[${elapsed()}] five-year workbook, ${fiveYearFiles} files (${files} of them named ${named}): ${runs} runs`);
    const measured = measureInterleaved(commands, { runs, between: 'floor', warmup: ['floor', 'warm'], onRound });
    noteCache(`five-year ${fiveYearFiles.toLocaleString('en')}`, commands.warm.cacheHome);
    results.blocks.push({
      id: name,
      kind: 'workbook',
      size: fiveYearFiles,
      fiveYear: true,
      title: `five-year workbook: ${fiveYearFiles.toLocaleString('en')} files (${book.teams} teams, 2022-2026, ${(book.bytes / 1e6).toFixed(0)} MB), report reads ${files.toLocaleString('en')} named ${named}`,
      base: 'floor',
      runs,
      rows: rows(measured, files, 'floor', { ...LABELS, floor: `read floor: node bench/floor.mjs rhythm ${prefix}` }),
    });
    results.notes.push(
      `five-year workbook: the report of ${YEAR} reads the files named ${named} (${files.toLocaleString('en')} of ${all.toLocaleString('en')}, counted by the rule of bench/floor.mjs <dir> ${prefix}); it still lists the whole workbook`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Memory: the report over 5,000 one-year files with four times the prose in every file
  if (only.has('prose')) {
    const proseSize = 5000;
    const base = workbook(`year-${proseSize}`, { files: proseSize, year: YEAR });
    const prose4 = workbook(`year-${proseSize}-prose4`, { files: proseSize, year: YEAR, prose: 4 });
    const runs = runsOverride ?? 3;
    log(`[${elapsed()}] ${proseSize} one-year files with 4× prose: ${runs} runs`);
    const measured = measureInterleaved(
      {
        floor: node(prose4.dir, FLOOR, join(prose4.dir, 'rhythm')),
        report: rhythm(prose4.dir, 'prose4-report', REPORT, { cold: true }),
        base: rhythm(base.dir, 'prose1-report', REPORT, { cold: true }),
      },
      { runs, between: 'floor', warmup: ['floor'], onRound },
    );
    results.prose = {
      files: proseSize,
      bytes: prose4.bytes,
      baseBytes: base.bytes,
      report: measured.report,
      base: measured.base,
      floor: measured.floor,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Start-up, in an empty workbook: a folder where `git init` and `rhythm init` were run
  let empty;
  if (only.has('startup') || only.has('prompt')) {
    empty = join(workdir, 'empty');
    rmSync(empty, { recursive: true, force: true });
    mkdirSync(empty, { recursive: true });
    spawnSync('git', ['init', '-q', empty], { stdio: 'ignore' });
    const init = spawnSync(BIN, ['init'], { cwd: empty, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: join(caches, 'empty-init') } });
    if (init.status !== 0) throw new Error(`rhythm init in ${empty} failed (exit ${init.status}):\n${init.stderr}`);
  }
  if (only.has('startup')) {
    const runs = runsOverride ?? 20;
    log(`[${elapsed()}] start-up: ${runs} runs`);
    const measured = measureInterleaved(
      {
        node: node(empty, '-e', '0'),
        status: rhythm(empty, 'empty-status', ['status'], { cold: false }),
        version: rhythm(empty, 'empty-version', ['--version'], { cold: false }),
        help: rhythm(empty, 'empty-help', ['--help'], { cold: false }),
      },
      { runs, warmup: ['node', 'status', 'version', 'help', 'node', 'status', 'version', 'help'] },
    );
    results.blocks.push({
      id: 'startup',
      kind: 'startup',
      title: 'start-up in an empty workbook (after git init and rhythm init; cache kept between runs)',
      base: 'node',
      runs,
      rows: rows(measured, undefined, 'node', {
        node: 'node -e 0',
        status: 'rhythm status',
        version: 'rhythm --version',
        help: 'rhythm --help',
      }),
    });
  }
  if (only.has('prompt')) {
    if (!SCRIPT) throw new Error('util-linux `script` is not installed: cannot measure the first prompt of rhythm weekly (run with --only without prompt)');
    const runs = runsOverride ?? 15;
    log(`[${elapsed()}] first prompt on a pty: ${runs} runs`);
    const env = { XDG_CACHE_HOME: join(caches, 'empty-weekly') };
    const measured = await measurePrompts(
      {
        node: { argv: [NODE, '-e', "process.stdout.write('? Who took part?')"], cwd: empty, env },
        weekly: { argv: [BIN, 'weekly'], cwd: empty, env },
      },
      { runs },
    );
    results.blocks.push({
      id: 'prompt',
      kind: 'prompt',
      title: 'time from spawn to the first prompt line ("? …") on a pty (script -qfec), then killed',
      base: 'node',
      runs,
      rows: rows(measured, undefined, 'node', {
        node: `node -e "process.stdout.write('? Who took part?')"`,
        weekly: 'rhythm weekly (empty workbook)',
      }),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Targets (the issue's, at 50,000 files; with smaller --sizes at the largest size measured)
  const block = (id) => results.blocks.find((entry) => entry.id === id);
  const row = (id, key) => block(id)?.rows.find((entry) => entry.key === key);
  const target = (name, measured, limit, pass, unit = '×') => results.targets.push({ name, measured, limit, unit, pass });
  const at = largest === undefined ? '' : `${largest.toLocaleString('en')} files`;
  const big = `year-${largest}`;
  if (largest !== undefined && largest !== TARGET_SIZE && block(big)) {
    results.notes.push(`the issue sets its targets at ${TARGET_SIZE.toLocaleString('en')} files; this run evaluates them at ${at}, the largest size measured`);
  }
  if (row(big, 'report')) target(`report at ${at}, cold, vs read floor`, row(big, 'report').ratio, '≤ 4', row(big, 'report').ratio <= 4);
  for (const size of sizes) {
    const report = row(`year-${size}`, 'report');
    const naive = row(`year-${size}`, 'naive');
    if (report && naive) {
      const faster = naive.median / report.median;
      target(`report at ${size.toLocaleString('en')} files: naive gray-matter time ÷ report time`, faster, '≥ 1.5', faster >= 1.5);
      const plain = row(`year-${size}`, 'plain');
      if (plain) {
        results.notes.push(
          `at ${size.toLocaleString('en')} files the naive target asks the report to end within ${fmt(naive.median / 1.5)} (naive ÷ 1.5); the plain pipeline, which rolls nothing up and writes nothing, took ${fmt(plain.median)}, the report ${fmt(report.median)}`,
        );
      }
    }
  }
  const perFile = sizes.map((size) => row(`year-${size}`, 'report')).filter(Boolean);
  if (perFile.length >= 2) {
    const values = perFile.map((entry) => entry.perFileUs);
    const spread = Math.max(...values) / Math.min(...values);
    target(`report time per file, ${perFile.map((entry) => `${entry.files / 1000}k`).join('/')}: slowest ÷ fastest`, spread, '≤ 1.2', spread <= 1.2);
    const floors = sizes.map((size) => row(`year-${size}`, 'floor')).filter(Boolean);
    const floorSpread = Math.max(...floors.map((entry) => entry.perFileUs)) / Math.min(...floors.map((entry) => entry.perFileUs));
    const fastest = perFile.reduce((best, entry) => (entry.perFileUs < best.perFileUs ? entry : best));
    const smallest = perFile[0];
    results.notes.push(
      `time per file: the read floor's own is ${floorSpread.toFixed(2)}× from slowest to fastest (Node's start is paid once, whatever the files); within 1.2× of the report's fastest (${fastest.perFileUs.toFixed(0)} µs a file at ${fastest.files.toLocaleString('en')}) the report of ${smallest.files.toLocaleString('en')} files would end within ${fmt((1.2 * fastest.perFileUs * smallest.files) / 1000)}, against ${fmt(smallest.median)} measured`,
    );
  }
  if (row(big, 'warm')) target(`report at ${at}, warm cache, vs read floor`, row(big, 'warm').ratio, '≤ 1', row(big, 'warm').ratio <= 1);
  for (const command of ['status', 'actions', 'customers', 'check']) {
    const entry = row(big, command);
    if (entry) target(`${command} at ${at}, cold, vs read floor`, entry.ratio, '≤ 3', entry.ratio <= 3);
  }
  for (const id of [big, `five-year-${fiveYearFiles}`]) {
    const found = block(id);
    if (!found) continue;
    for (const entry of found.rows) {
      if (['floor', 'naive', 'plain'].includes(entry.key)) continue;
      const name = entry.key === 'warm' ? 'report, warm' : entry.key === 'report' ? 'report, cold' : entry.key;
      target(`peak RSS of ${name}${found.fiveYear ? ', five-year workbook' : ''} at ${found.size.toLocaleString('en')} files`, entry.rssMB, '≤ 300', entry.rssMB !== undefined && entry.rssMB <= 300, 'MB');
    }
  }
  if (row('startup', 'status')) target('rhythm status in an empty workbook vs node -e 0', row('startup', 'status').ratio, '≤ 1.5', row('startup', 'status').ratio <= 1.5);
  if (row('prompt', 'weekly')) target('rhythm weekly, first prompt on a pty, vs bare Node prompt', row('prompt', 'weekly').ratio, '≤ 1.5', row('prompt', 'weekly').ratio <= 1.5);

  if (results.prose) {
    const p = results.prose;
    results.notes.push(
      `4× prose, ${p.files.toLocaleString('en')} one-year files (${(p.bytes / 1e6).toFixed(0)} MB, ${(p.bytes / p.baseBytes).toFixed(2)}× the bytes): report (cold) ${fmt(p.report.median)}, peak RSS ${p.report.maxRssMB?.toFixed(0)} MB, against ${fmt(p.base.median)} and ${p.base.maxRssMB?.toFixed(0)} MB with 1× prose; read floor ${fmt(p.floor.median)}`,
    );
  }
  if (flags.only) results.notes.push(`subset (--only ${[...only].join(',')}): the targets of what was not measured are not listed`);

  results.machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: { start: loadAtStart.map((n) => Math.round(n * 100) / 100), end: loadavg().map((n) => Math.round(n * 100) / 100) },
  };
  results.totalSeconds = Math.round((performance.now() - started) / 1000);
  const table = renderText(results);
  process.stdout.write(`${flags.markdown ? renderMarkdown(results) : table}\n`);
  if (!flags['no-save']) {
    writeFileSync(flags.out, `${JSON.stringify({ ...results, table: table.split('\n') }, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), flags.out) || flags.out}`);
  }
  process.exitCode = results.targets.every((entry) => entry.pass) ? 0 : 1;
} finally {
  cleanupScratch();
  rmSync(caches, { recursive: true, force: true });
  if (!flags.workdir) rmSync(workdir, { recursive: true, force: true });
}

/** Says what the warm report's cache folder holds after its runs (nothing, until rhythm has a cache). */
function noteCache(workbookName, home) {
  const folder = join(home, 'rhythm');
  let files = 0;
  let bytes = 0;
  if (existsSync(folder)) {
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      files++;
      bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
    }
  }
  results.notes.push(
    existsSync(folder)
      ? `warm report, ${workbookName} files: its cache folder ($XDG_CACHE_HOME/rhythm) holds ${files} files, ${(bytes / 1e6).toFixed(1)} MB after the runs`
      : `warm report, ${workbookName} files: rhythm wrote no cache folder ($XDG_CACHE_HOME/rhythm), so warm runs are cold runs`,
  );
}

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bin', 'templates', 'package.json'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${commit}${dirty ? ' (with uncommitted changes to the tool)' : ''}`;
  } catch {
    return undefined;
  }
}
