// The benchmark's results (bench/run.mjs, bench/results.json) as a terminal table (under 110
// columns) or as markdown for the README's performance section. Both show the same figures.

export function fmt(ms) {
  if (ms === undefined) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

const count = (n) => (n === undefined ? '—' : n.toLocaleString('en'));
const perFile = (us) => (us === undefined ? '—' : us >= 100 ? us.toFixed(0) : us.toFixed(1));
const ratio = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`);
const mb = (value) => (value === undefined ? '—' : `${value.toFixed(0)} MB`);
const measuredText = (entry) => (entry.measured === undefined ? '—' : entry.unit === 'MB' ? `${entry.measured.toFixed(0)} MB` : `${entry.measured.toFixed(2)}×`);
const baseName = (block) => (block.kind === 'workbook' ? 'floor' : 'node');

function cells(row) {
  return [count(row.files), fmt(row.median), perFile(row.perFileUs), ratio(row.ratio), fmt(row.cpuMs), mb(row.rssMB)];
}

function header(results) {
  const { machine } = results;
  return [
    `rhythm benchmark · ${results.date.slice(0, 16).replace('T', ' ')} UTC · ${results.commit ?? ''} · whole run ${results.totalSeconds} s`,
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.start[0]} → ${machine.loadAverage.end[0]}`,
  ];
}

const LEGEND = [
  'Every rhythm command runs in its workbook, stdout to /dev/null, XDG_CACHE_HOME = a scratch folder of its own;',
  'cold: that folder is deleted before each run; warm: it is kept, filled by an uncounted run before the first round.',
  'median: of the runs, in interleaved rounds with the read floor run before each command; × floor: median ÷ the',
  "floor's median over the same rounds, on the same files; µs/file: median ÷ files read; CPU: user + system (median).",
  "files: the review files the command reads, counted from the file names by the floor's rule (bench/files.mjs).",
];

export function renderText(results) {
  const lines = [...header(results).flatMap((line) => wrap(line, 108)), ...wrap(LEGEND.join(' '), 108, '')];
  const widths = [54, 7, 9, 9, 8, 9, 9];
  const line = (label, values) => `${label.padEnd(widths[0])}${values.map((value, i) => String(value).padStart(widths[i + 1])).join('')}`;
  for (const block of results.blocks) {
    lines.push('');
    lines.push(`${block.title} · ${block.runs} run${block.runs === 1 ? '' : 's'}`);
    lines.push(line('', ['files', 'median', 'µs/file', `× ${baseName(block)}`, 'CPU', 'peak RSS']));
    for (const row of block.rows) lines.push(line(row.label.length > widths[0] - 1 ? `${row.label.slice(0, widths[0] - 2)}…` : row.label, cells(row)));
  }
  if (results.notes.length > 0 || results.checks.length > 0) lines.push('');
  for (const note of [...results.checks, ...results.notes]) lines.push(...wrap(`note: ${note}`, 108));
  lines.push('');
  const targetLine = (name, measured, limit, result) => `${name.padEnd(72)}${measured.padStart(11)}${limit.padStart(9)}  ${result}`;
  lines.push(targetLine('target', 'measured', 'limit', 'result'));
  for (const entry of results.targets) lines.push(targetLine(entry.name, measuredText(entry), entry.limit, entry.pass ? 'PASS' : 'MISS'));
  const missed = results.targets.filter((entry) => !entry.pass).length;
  lines.push(`${results.targets.length - missed} of ${results.targets.length} targets met${missed ? `, ${missed} missed` : ''}`);
  return lines.join('\n');
}

export function renderMarkdown(results) {
  const lines = [header(results).join('  \n'), '', LEGEND.join(' '), ''];
  for (const block of results.blocks) {
    lines.push(`**${block.title}** (${block.runs} run${block.runs === 1 ? '' : 's'})`, '');
    lines.push(`| command | files | median | µs/file | × ${baseName(block)} | CPU | peak RSS |`);
    lines.push('|---|--:|--:|--:|--:|--:|--:|');
    for (const row of block.rows) lines.push(`| ${markdownLabel(row.label)} | ${cells(row).join(' | ')} |`);
    lines.push('');
  }
  for (const note of [...results.checks, ...results.notes]) lines.push(`- ${note}`);
  lines.push('');
  lines.push('| target | measured | limit | result |');
  lines.push('|---|--:|--:|---|');
  for (const entry of results.targets) lines.push(`| ${entry.name} | ${measuredText(entry)} | ${entry.limit} | ${entry.pass ? 'PASS' : '**MISS**'} |`);
  return lines.join('\n');
}

/** Commands in code spans; an indented row (a variant of the one above) with an arrow. */
function markdownLabel(label) {
  if (label.startsWith(' ')) return `↳ ${label.trim()}`;
  return label.replace(/((?:rhythm|node) .*)$/, (command) => `\`${command}\``);
}

function wrap(text, width, indent = '      ') {
  const out = [];
  let current = '';
  // "× floor" stays on one line
  for (const word of text.split(' ').reduce((words, part) => (words.at(-1) === '×' ? [...words.slice(0, -1), `× ${part}`] : [...words, part]), [])) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = `${indent}${word}`;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}
