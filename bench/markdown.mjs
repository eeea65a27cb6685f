#!/usr/bin/env node
// Prints the tables of a benchmark run (bench/results.json, or the file given) as markdown, for
// the README's performance section:  node bench/markdown.mjs [results.json]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('./results.json', import.meta.url);
const results = JSON.parse(readFileSync(file, 'utf8'));

const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
const sizes = Object.keys(results.sizes);
const lines = [];
const { machine, startup } = results;
lines.push(
  `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; ${results.date.slice(0, 10)}, load average ${machine.loadAverage.start[0]} at the start and ${machine.loadAverage.end[0]} at the end (a shared machine).`,
);
lines.push('');
lines.push(`| median wall time (× read floor) · peak RSS | ${sizes.map((size) => `${Number(size).toLocaleString('en')} files`).join(' | ')} |`);
lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
const rows = [
  ['read floor: list and read every byte (`bench/floor.mjs`)', 'floor'],
  ['naive: gray-matter on every file (`bench/naive.mjs`)', 'naive'],
  ['`rhythm report --year 2025 --format json --stdout`', 'report'],
  ['`rhythm status --date 2026-12-31`', 'status'],
  ['`rhythm check`', 'check'],
  ['read floor of the 2025 files only (what the report reads)', 'floorReport'],
  ['read floor of the 2026 files only (what status reads)', 'floorYear'],
];
for (const [label, key] of rows) {
  if (sizes.some((size) => !results.sizes[size][key])) continue;
  const cells = sizes.map((size) => {
    const figure = results.sizes[size][key];
    const floor = results.sizes[size].floor.median;
    return `${ms(figure.median)}${key === 'floor' ? '' : ` (${(figure.median / floor).toFixed(2)}×)`} · ${figure.maxRssMB.toFixed(0)} MB`;
  });
  lines.push(`| ${label} | ${cells.join(' | ')} |`);
}
lines.push('');
lines.push(
  `Start-up: \`node -e 0\` ${ms(startup.node.median)}, \`rhythm --version\` ${ms(startup.version.median)}, \`rhythm --help\` ${ms(startup.help.median)}. ` +
    `\`rhythm weekly --answers … --no-commit\` end to end: ${ms(results.weekly.median)}. ` +
    `Four times the prose in each of 10,000 files (${(results.prose4.bytes / results.prose4.baseBytes).toFixed(2)}× the bytes): the rollup's peak RSS ${results.prose4.report.maxRssMB.toFixed(0)} MB against ${results.prose4.base.maxRssMB.toFixed(0)} MB.`,
);
lines.push('');
lines.push('| target | measured | limit | |');
lines.push('|---|---|---|---|');
for (const target of results.targets) {
  lines.push(`| ${target.name} | ${target.measured.toFixed(2)}${target.unit === 'MB' ? ' MB' : '×'} | ${target.limit} | ${target.pass ? 'PASS' : 'MISS'} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
