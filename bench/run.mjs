#!/usr/bin/env node
// The rhythm benchmark (issue 6): `npm run bench` builds, then runs this.
//
// Generates seeded synthetic workbooks of 1,000, 10,000 and 50,000 weekly reviews (bench/generate.mjs)
// in a temporary folder, checks that the tool finds nothing wrong with them, and measures on the
// same files, in one run: startup against bare Node; `rhythm report --year` against the read floor
// (bench/floor.mjs) and the naive gray-matter baseline (bench/naive.mjs); `rhythm status` and
// `rhythm check`; `rhythm weekly --answers` end to end; peak memory. Prints a table with every
// target and PASS/MISS, and writes the same as JSON (bench/results.json).
//
//   npm run bench
//   node bench/run.mjs [--sizes 1000,10000,50000] [--out bench/results.json | --no-save] [--workdir DIR]
//
// --workdir keeps the generated workbooks in DIR and reuses them on the next run (they are
// deterministic); without it everything is generated in os.tmpdir() and removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateWorkbook } from './generate.mjs';
import { cleanupScratch, measureInterleaved, measureStartup, tools } from './measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'rhythm');
const FLOOR = join(ROOT, 'bench', 'floor.mjs');
const NAIVE = join(ROOT, 'bench', 'naive.mjs');
const NODE = process.execPath;

/** The full year in the data that the rollup reports on, and a day in the data's last year for status. */
const REPORT_YEAR = '2025';
const STATUS_DATE = '2026-12-31';
const STATUS_YEAR = '2026';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,50000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
    'no-save': { type: 'boolean', default: false },
    workdir: { type: 'string' },
  },
});
const sizes = flags.sizes.split(',').map((size) => Number.parseInt(size, 10));
const largest = Math.max(...sizes);
const started = performance.now();
const loadAtStart = loadavg();

const log = (text) => process.stderr.write(`${text}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;

const workdir = flags.workdir ?? mkdtempSync(join(tmpdir(), 'rhythm-bench-'));
mkdirSync(workdir, { recursive: true });

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

const rhythm = (dir, ...args) => ({ argv: [BIN, '-C', dir, ...args], cwd: dir });
const node = (dir, script, ...args) => ({ argv: [NODE, script, ...args], cwd: dir });

try {
  log(`rhythm benchmark in ${workdir} (hyperfine: ${tools.hyperfine ?? 'no'}, /usr/bin/time: ${tools.time ? 'yes' : 'no'})`);

  // -------------------------------------------------------------------------------------------
  // Workbooks, and proof that they are valid review files
  const books = {};
  for (const size of sizes) books[size] = workbook(`wb-${size}`, { files: size });
  {
    const smallest = 1000;
    const checked = books[smallest] ?? workbook(`wb-${smallest}`, { files: smallest });
    const check = spawnSync(BIN, ['-C', checked.dir, 'check', '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    let result;
    try {
      result = JSON.parse(check.stdout);
    } catch {
      throw new Error(`rhythm check --json on the generated workbook failed (exit ${check.status}):\n${check.stderr}`);
    }
    if (check.status !== 0 || result.errors !== 0 || result.warnings !== 0) {
      throw new Error(`the generated ${smallest}-file workbook does not pass rhythm check: ${result.errors} errors, ${result.warnings} warnings\n${result.problems.slice(0, 10).map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`);
    }
    log(`  rhythm check on the ${smallest}-file workbook: ${result.files} files, no errors, no warnings`);
  }

  // -------------------------------------------------------------------------------------------
  // Startup
  log(`[${elapsed()}] startup`);
  const startup = measureStartup(
    { node: [NODE, '-e', '0'], version: [BIN, '--version'], help: [BIN, '--help'] },
    { runs: 10, rounds: 3, warmup: 3 },
  );

  // -------------------------------------------------------------------------------------------
  // Rollup, status, check over each workbook
  const bySize = {};
  for (const size of sizes) {
    const { dir } = books[size];
    const reviews = join(dir, 'rhythm');
    const runs = size >= 50_000 ? 3 : 5;
    log(`[${elapsed()}] ${size} files (${runs} runs each, interleaved)`);
    bySize[size] = measureInterleaved(
      {
        floor: node(dir, FLOOR, reviews),
        naive: node(dir, NAIVE, reviews),
        report: rhythm(dir, 'report', '--year', REPORT_YEAR, '--format', 'json', '--stdout'),
        status: rhythm(dir, 'status', '--date', STATUS_DATE),
        check: rhythm(dir, 'check'),
        floorYear: node(dir, FLOOR, reviews, `${STATUS_YEAR}-`),
        floorReport: node(dir, FLOOR, reviews, `${REPORT_YEAR}-`),
      },
      { runs },
    );
  }

  // -------------------------------------------------------------------------------------------
  // A weekly review end to end, in a small workbook
  log(`[${elapsed()}] weekly`);
  const small = workbook('wb-weekly', { files: 250 });
  const answers = join(small.dir, 'answers.yaml');
  writeFileSync(
    answers,
    [
      'participants: [ana, bo]',
      'customers: [c001, c002]',
      `heard: { c001: ['"The export saves our analysts a day." #reporting'] }`,
      'flags: [{ customer: c002, reason: onboarding stalled }]',
      "value: ['Acme Corp: export adopted by 12 analysts (evidence: usage data)']",
      'value_confidence: 3',
      "actions: ['Run admin training for Globex Corp @bo due:2027-01-15 #c002']",
      '',
    ].join('\n'),
  );
  const written = join(small.dir, 'rhythm', 'team-001', 'weekly', '2027-W01.md');
  const weekly = measureInterleaved(
    {
      weekly: {
        ...rhythm(small.dir, 'weekly', '--answers', answers, '--no-commit', '--team', 'team-001', '--week', '2027-W01'),
        prepare: () => rmSync(written, { force: true }),
      },
    },
    { runs: 5 },
  ).weekly;
  rmSync(written, { force: true });

  // -------------------------------------------------------------------------------------------
  // Memory: the same rollup over the mid-size workbook with four times the prose in every file
  // Always the 10,000-file workbook and its 4× variant, measured side by side.
  const proseSize = 10_000;
  log(`[${elapsed()}] ${proseSize} files with 4x prose`);
  const proseBase = books[proseSize] ?? workbook(`wb-${proseSize}`, { files: proseSize });
  const prose4 = workbook(`wb-${proseSize}-prose4`, { files: proseSize, prose: 4 });
  const proseRuns = measureInterleaved(
    {
      report: rhythm(prose4.dir, 'report', '--year', REPORT_YEAR, '--format', 'json', '--stdout'),
      base: rhythm(proseBase.dir, 'report', '--year', REPORT_YEAR, '--format', 'json', '--stdout'),
      floor: node(prose4.dir, FLOOR, join(prose4.dir, 'rhythm')),
    },
    { runs: 3 },
  );

  // -------------------------------------------------------------------------------------------
  // Targets
  const big = bySize[largest];
  const ratio = (a, b) => a / b;
  const targets = [];
  const target = (name, measured, limit, pass, unit = '×') => targets.push({ name, measured, limit, unit, pass });
  target('startup: rhythm --version vs bare node', ratio(startup.version.median, startup.node.median), '≤ 1.3', ratio(startup.version.median, startup.node.median) <= 1.3);
  target('startup: rhythm --help vs bare node', ratio(startup.help.median, startup.node.median), '≤ 1.3', ratio(startup.help.median, startup.node.median) <= 1.3);
  target(`rollup at ${largest} files vs read floor`, ratio(big.report.median, big.floor.median), '≤ 2', ratio(big.report.median, big.floor.median) <= 2);
  target(`rollup at ${largest} files vs naive gray-matter`, ratio(big.report.median, big.naive.median), '< 1', big.report.median < big.naive.median);
  target(`status at ${largest} files vs read floor`, ratio(big.status.median, big.floor.median), '≤ 2.5', ratio(big.status.median, big.floor.median) <= 2.5);
  target(`check at ${largest} files vs read floor`, ratio(big.check.median, big.floor.median), '≤ 2.5', ratio(big.check.median, big.floor.median) <= 2.5);
  const rss = big.report.maxRssMB;
  target(`peak RSS of the ${largest}-file rollup`, rss, '< 300', rss !== undefined && rss < 300, 'MB');
  const rssGrowth = ratio(proseRuns.report.maxRssMB, proseRuns.base.maxRssMB);
  const bytesGrowth = ratio(prose4.bytes, proseBase.bytes);
  target(`RSS growth with 4x prose (${proseSize} files) vs bytes growth ${bytesGrowth.toFixed(2)}×`, rssGrowth, `< ${bytesGrowth.toFixed(2)}`, rssGrowth < bytesGrowth);
  if (bySize[10_000] && bySize[50_000]) {
    const scaling = ratio(bySize[50_000].report.median, bySize[10_000].report.median);
    target('rollup time 10k → 50k files (linear = 5)', scaling, '4 – 6', scaling >= 4 && scaling <= 6);
  }
  const honest = {
    statusFiles: `status parses only the ${STATUS_YEAR} files (it rolls up the year of --date): about ${Math.round(books[largest].files / 5)} of ${books[largest].files}`,
    statusVsYearFloor: ratio(big.status.median, big.floorYear.median),
    reportFiles: `the report reads only the files named for ${REPORT_YEAR} (a year of the five): about ${Math.round(books[largest].files / 5)} of ${books[largest].files}`,
    reportVsYearFloor: ratio(big.report.median, big.floorReport.median),
  };
  if (bySize[10_000] && bySize[50_000]) {
    // What each further 1,000 files cost, without the costs every run pays once (start-up, config).
    const marginal = (key) => (bySize[50_000][key].median - bySize[10_000][key].median) / 40;
    honest.marginalPer1000 = { report: marginal('report'), floor: marginal('floor'), ratio: marginal('report') / marginal('floor'), floorScaling: ratio(bySize[50_000].floor.median, bySize[10_000].floor.median) };
    // The same from 1,000 to 10,000 files: a cost growing faster than the files would show here as a larger figure.
    if (bySize[1000]) honest.marginalPer1000.reportFrom1000 = (bySize[10_000].report.median - bySize[1000].report.median) / 9;
  }

  // -------------------------------------------------------------------------------------------
  // Report
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: { start: loadAtStart.map((n) => Math.round(n * 100) / 100), end: loadavg().map((n) => Math.round(n * 100) / 100) },
  };
  const results = {
    date: new Date().toISOString(),
    machine,
    tools: { hyperfine: Boolean(tools.hyperfine), time: Boolean(tools.time) },
    commit: gitCommit(),
    workbooks: Object.fromEntries(Object.entries(books).map(([size, info]) => [size, { files: info.files, teams: info.teams, bytes: info.bytes }])),
    prose4: { files: prose4.files, bytes: prose4.bytes, baseBytes: proseBase.bytes, report: proseRuns.report, base: proseRuns.base, floor: proseRuns.floor },
    commands: {
      report: `rhythm report --year ${REPORT_YEAR} --format json --stdout > /dev/null`,
      status: `rhythm status --date ${STATUS_DATE}`,
      check: 'rhythm check',
      floor: 'node bench/floor.mjs <workbook>/rhythm',
      floorYear: `node bench/floor.mjs <workbook>/rhythm ${STATUS_YEAR}- (the files status parses)`,
      floorReport: `node bench/floor.mjs <workbook>/rhythm ${REPORT_YEAR}- (the files the report parses)`,
      naive: 'node bench/naive.mjs <workbook>/rhythm (gray-matter defaults)',
      weekly: 'rhythm weekly --answers answers.yaml --no-commit --team team-001 --week 2027-W01 (250-file workbook)',
    },
    startup,
    sizes: bySize,
    weekly,
    targets,
    honest,
    totalSeconds: 0,
  };
  results.totalSeconds = Math.round((performance.now() - started) / 1000);
  const table = render(results);
  process.stdout.write(`${table}\n`);
  if (!flags['no-save']) {
    writeFileSync(flags.out, `${JSON.stringify({ ...results, table: table.split('\n') }, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), flags.out) || flags.out}`);
  }
  process.exitCode = targets.every((entry) => entry.pass) ? 0 : 1;
} finally {
  cleanupScratch();
  if (!flags.workdir) rmSync(workdir, { recursive: true, force: true });
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${commit}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return undefined;
  }
}

function ms(value) {
  if (value === undefined) return '—';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

function pad(text, width, right = false) {
  return right ? String(text).padStart(width) : String(text).padEnd(width);
}

function render(results) {
  const lines = [];
  const { machine } = results;
  lines.push(`rhythm benchmark · ${results.date.slice(0, 16).replace('T', ' ')} UTC · ${results.commit ?? ''}`);
  lines.push(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.start[0]} at start, ${machine.loadAverage.end[0]} at end`);
  lines.push(`workbooks: ${Object.values(results.workbooks).map((w) => `${w.files.toLocaleString('en')} files (${w.teams} teams, ${(w.bytes / 1e6).toFixed(0)} MB)`).join(' · ')}`);
  lines.push('');
  lines.push(`startup (median of ${results.startup.node.runs.length} runs${results.tools.hyperfine ? ', hyperfine in 3 rounds' : ''})`);
  const s = results.startup;
  lines.push(`  node -e 0          ${pad(ms(s.node.median), 8, true)}`);
  lines.push(`  rhythm --version   ${pad(ms(s.version.median), 8, true)}   ${(s.version.median / s.node.median).toFixed(2)}× bare node`);
  lines.push(`  rhythm --help      ${pad(ms(s.help.median), 8, true)}   ${(s.help.median / s.node.median).toFixed(2)}× bare node`);
  lines.push('');
  const sizes = Object.keys(results.sizes);
  const widths = [42, ...sizes.map(() => 34)];
  lines.push(
    `${pad('median wall time (× floor) · CPU · max RSS', widths[0])}${sizes.map((size, i) => pad(`${Number(size).toLocaleString('en')} files`, widths[i + 1], true)).join('')}`,
  );
  const rows = [
    ['read floor (bench/floor.mjs)', 'floor'],
    ['naive gray-matter (bench/naive.mjs)', 'naive'],
    [`rhythm report --year ${REPORT_YEAR} --format json`, 'report'],
    [`rhythm status --date ${STATUS_DATE}`, 'status'],
    ['rhythm check', 'check'],
    [`read floor of the ${STATUS_YEAR} files only`, 'floorYear'],
    [`read floor of the ${REPORT_YEAR} files only`, 'floorReport'],
  ];
  for (const [label, key] of rows) {
    const cells = sizes.map((size, i) => {
      const figure = results.sizes[size][key];
      const floor = results.sizes[size].floor.median;
      const ratio = key === 'floor' ? '       ' : `(${(figure.median / floor).toFixed(2)}×)`;
      const cpu = figure.cpuMedian !== undefined ? ` · ${ms(figure.cpuMedian)}` : '';
      const text = `${ms(figure.median)} ${ratio}${cpu} · ${figure.maxRssMB !== undefined ? `${figure.maxRssMB.toFixed(0)} MB` : '—'}`;
      return pad(text, widths[i + 1], true);
    });
    lines.push(`${pad(label, widths[0])}${cells.join('')}`);
  }
  lines.push('');
  const p = results.prose4;
  lines.push(
    `4× prose, ${p.files.toLocaleString('en')} files (${(p.bytes / 1e6).toFixed(0)} MB, ${(p.bytes / p.baseBytes).toFixed(2)}× the bytes): report ${ms(p.report.median)}, max RSS ${p.report.maxRssMB?.toFixed(0)} MB, against ${ms(p.base.median)} and ${p.base.maxRssMB?.toFixed(0)} MB with 1× prose; read floor ${ms(p.floor.median)}`,
  );
  lines.push(`weekly --answers --no-commit, end to end (250-file workbook): ${ms(results.weekly.median)} (median of 5), max RSS ${results.weekly.maxRssMB?.toFixed(0)} MB`);
  lines.push(`note: ${results.honest.statusFiles}; against the read floor of those files alone it takes ${results.honest.statusVsYearFloor.toFixed(2)}×`);
  lines.push(`note: ${results.honest.reportFiles}; against the read floor of those files alone it takes ${results.honest.reportVsYearFloor.toFixed(2)}×`);
  const m = results.honest.marginalPer1000;
  if (m) {
    lines.push(
      `note: from 10,000 to 50,000 files each further 1,000 files cost the rollup ${ms(m.report)} and the read floor ${ms(m.floor)} (${m.ratio.toFixed(2)}×)${m.reportFrom1000 !== undefined ? `; from 1,000 to 10,000 they cost the rollup ${ms(m.reportFrom1000)}` : ''}; the read floor itself scales ${m.floorScaling.toFixed(2)}× from 10k to 50k`,
    );
  }
  lines.push('');
  lines.push(`${pad('target', 64)}${pad('measured', 12, true)}${pad('limit', 10, true)}  result`);
  for (const entry of results.targets) {
    const measured = entry.measured === undefined ? '—' : `${entry.measured.toFixed(2)}${entry.unit === 'MB' ? ' MB' : '×'}`;
    lines.push(`${pad(entry.name, 64)}${pad(measured, 12, true)}${pad(entry.limit, 10, true)}  ${entry.pass ? 'PASS' : 'MISS'}`);
  }
  lines.push('');
  lines.push(`whole benchmark: ${results.totalSeconds} s`);
  return lines.join('\n');
}

