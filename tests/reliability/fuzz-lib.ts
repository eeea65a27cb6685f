/**
 * Random review files for the fuzz tests: mutations of valid files (the example workbook's
 * reviews) by truncation, byte flips, inserted fences, random YAML, huge lines, NULs, invalid
 * UTF-8 and random markdown. Seeded, so a failure can be replayed with FUZZ_SEED.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE = fileURLToPath(new URL('../../rhythm/', import.meta.url));

/** mulberry32: small, fast and good enough to pick mutations. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
}

export function random(seed: number): Random {
  const next = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)]!, chance: (p) => next() < p };
}

/** The example workbook's review files (path relative to the workbook, text), the valid seeds. */
export function exampleReviews(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'reports' && name !== 'templates') walk(path);
      } else if (name.endsWith('.md') && relative(EXAMPLE, path).split('/').length === 3) {
        files.push({ path: relative(EXAMPLE, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(EXAMPLE);
  return files;
}

const YAML_LINES = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'x: !!js/function "function () { require(\'fs\').writeFileSync(\'pwned\', \'x\') }"',
  'x: !custom value',
  'x: !!timestamp 2026-11-24',
  'x: !!binary aGVsbG8=',
  'x: !!set { a, b }',
  '<<: *missing',
  'base: &base { ritual: weekly }\nmerged:\n  <<: *base',
  '? [complex, key]\n: value',
  '__proto__: { polluted: true }',
  'constructor: { prototype: { polluted: true } }',
  'toString: 1',
  'hasOwnProperty: nope',
  'ritual: weekly',
  'ritual: [weekly]',
  'ritual: { name: weekly }',
  'period: 2026-W53',
  'period: 2025-W53',
  'period: FY2027-Q5',
  'period: 99999-W01',
  'period: 2026',
  'period: ~',
  'team: ../../etc',
  'team: CON',
  'team: ""',
  `team: ${'a'.repeat(300)}`,
  'date: 2026-02-30',
  'date: 2026-11-24T10:00:00Z',
  'date: 20261124',
  'customers: [../../etc, CON, "", Acme Corp]',
  'customers: acme',
  'customers: { acme: 1 }',
  'customers: [[nested]]',
  'flags: [{ customer: acme }]',
  'flags: [{ customer: ../x, reason: y }]',
  'flags: [{ customer: acme, reason: [1, 2], since: 2026-W99 }]',
  'flags: acme',
  'flags: [1, 2, 3]',
  'resolved: [{ customer: globex, since: nope }]',
  'resolved: { customer: globex }',
  'scores: { value_confidence: 99 }',
  'scores: { value_confidence: .nan }',
  'scores: { value_confidence: -.inf }',
  'scores: { value_confidence: 1e999 }',
  'scores: { value_confidence: "3" }',
  'scores: [1, 2]',
  'scores: { __proto__: 3 }',
  'answers: { mood: good, __proto__: { x: 1 } }',
  'answers: []',
  'participants: { ana: 1 }',
  'participants: [[ana]]',
  'rhythm: 2',
  'rhythm: "1"',
  'rhythm: 0x1',
  'key: 0b101',
  'key: -0',
  'key: 1_000',
  'key: .inf',
  'key: 0o17',
  "key: 'unterminated",
  'key: "unterminated',
  'key: "line\n  continued"',
  'key: |\n  block\n  scalar',
  'key: >-\n  folded',
  'key:\n\t- tab indented',
  'key:\ttab after colon',
  ': no key',
  '- a list item',
  '[unclosed',
  '{unclosed',
  '%YAML 1.1',
  '--- # a second document',
  '...',
  'key: value # comment',
  '  indented: wrongly',
  `deep: ${'['.repeat(2000)}${']'.repeat(2000)}`,
  `deep: ${'{a: '.repeat(500)}1${'}'.repeat(500)}`,
  `many: [${Array.from({ length: 2000 }, (_, i) => i).join(', ')}]`,
  'ключ: значение',
  'emoji: 🎉🎉🎉',
  '"quoted key": 1',
  'key: "\\u0000 nul escape"',
  'key: "\\uD800 lone surrogate"',
];

const MARKDOWN_LINES = [
  '## What did we hear?  <!-- q:heard -->',
  '## What did we hear?  <!-- q:heard -->',
  '## Value  <!-- q:value -->',
  '## Actions <!-- q:actions -->',
  '### Unknown <!-- q:nope -->',
  '# <!-- q:Upper -->',
  '<!-- q:heard -->',
  '<!--',
  '-->',
  '- [ ] Call Acme @ana due:2026-12-01 #acme',
  '- [x] Done thing @bo due:2026-11-01 since:2026-W40',
  '- [-] Dropped thing since:FY2027-Q1',
  '- [ ] bad due due:soon',
  '- [ ] due:2026-02-30 impossible day',
  '- [] malformed',
  '-[ ] malformed too',
  '- [ ]',
  '* [X] capital x',
  '- Acme Corp: "The export saves a day." #reporting',
  '- Nobody: "hm"',
  '- Globex: saved a week (evidence: usage data)',
  '  continuation line',
  '```',
  '~~~~',
  '```js',
  '---',
  '***',
  '===',
  '| a | b |',
  '> quote',
  '\\# escaped',
  '<script>alert(1)</script>',
  '{{period}} {{constructor}} {{__proto__}}',
  '@ana @bo #tag #tag/sub #Ünïcödé',
  'since:2026-W01 due:2026-01-01',
  '',
  '   ',
  '\t',
];

/** Line contents the yaml package parses in time quadratic in the line's length. */
export const KNOWN_SLOW_YAML = ['- [ ] ', '[', '{a: '];

const INVALID_UTF8: number[][] = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]];

type Mutation = (bytes: Buffer, r: Random) => Buffer;

const text = (bytes: Buffer) => bytes.toString('utf8');
const lines = (bytes: Buffer) => text(bytes).split('\n');
const fromLines = (list: string[]) => Buffer.from(list.join('\n'), 'utf8');

/** End of the front matter (index of the closing fence line), or the first few lines. */
function frontMatterEnd(list: string[]): number {
  const end = list.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return end > 0 ? end : Math.min(list.length, 8);
}

function randomYaml(r: Random, depth = 0): string {
  const scalar = () => r.pick(['1', '-1', '3.14', 'true', 'null', '~', 'acme', '"quoted"', "'single'", '2026-W48', '2026-11-24', '.nan', 'a: b', '#x', '@ana', '', '0x1F', '1e3', '🙂']);
  if (depth > 3 || r.chance(0.5)) return scalar();
  if (r.chance(0.5)) return `[${Array.from({ length: r.int(0, 4) }, () => randomYaml(r, depth + 1)).join(', ')}]`;
  return `{ ${Array.from({ length: r.int(0, 3) }, () => `${r.pick(['a', 'customer', 'reason', 'since', 'id', 'x'])}: ${randomYaml(r, depth + 1)}`).join(', ')} }`;
}

const KEYS = ['rhythm', 'ritual', 'period', 'team', 'date', 'participants', 'customers', 'flags', 'resolved', 'scores', 'answers', 'extra', 'notes'];

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (bytes, r) => bytes.subarray(0, r.int(0, bytes.length)),
  byteFlips: (bytes, r) => {
    const copy = Buffer.from(bytes);
    for (let i = r.int(1, 8); i > 0 && copy.length > 0; i--) {
      const at = r.int(0, copy.length - 1);
      copy[at] = copy[at]! ^ r.int(1, 255);
    }
    return copy;
  },
  insertFence: (bytes, r) => {
    const list = lines(bytes);
    list.splice(r.int(0, list.length), 0, r.pick(['---', '---', '...', '---js', '--- ', '----', '---yaml']));
    return fromLines(list);
  },
  yamlLine: (bytes, r) => {
    const list = lines(bytes);
    list.splice(r.int(1, Math.max(1, frontMatterEnd(list))), 0, r.pick(YAML_LINES));
    return fromLines(list);
  },
  randomYaml: (bytes, r) => {
    const list = lines(bytes);
    list.splice(r.int(1, Math.max(1, frontMatterEnd(list))), 0, `${r.pick(KEYS)}: ${randomYaml(r)}`);
    return fromLines(list);
  },
  replaceValue: (bytes, r) => {
    const list = lines(bytes);
    const end = frontMatterEnd(list);
    const index = r.int(1, Math.max(1, end - 1));
    if (list[index] !== undefined) list[index] = list[index]!.replace(/:.*$/, `: ${randomYaml(r)}`);
    return fromLines(list);
  },
  replaceFrontMatter: (bytes, r) => {
    const list = lines(bytes);
    const end = frontMatterEnd(list);
    const yaml = Array.from({ length: r.int(0, 6) }, () => (r.chance(0.3) ? r.pick(YAML_LINES) : `${r.pick(KEYS)}: ${randomYaml(r)}`));
    return fromLines(['---', ...yaml, ...list.slice(end)]);
  },
  hugeLine: (bytes, r) => {
    const list = lines(bytes);
    const unit = r.pick(['x', 'ä', '🎉', '# ', '- [ ] ', '[', '{a: ', '<!-- ', '\\', ' ', '\t']);
    // The yaml package is quadratic on long flow-ish lines (see KNOWN_SLOW_YAML): those stay short
    // here so ten thousand files run in seconds; the slow sizes have a test of their own.
    const max = KNOWN_SLOW_YAML.includes(unit) ? 4_000 : 130_000;
    const huge = unit.repeat(Math.ceil(r.int(1_000, max) / unit.length));
    list.splice(r.int(0, list.length), 0, r.chance(0.5) ? `key: ${huge}` : huge);
    return fromLines(list);
  },
  nul: (bytes, r) => {
    const at = r.int(0, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([0]), bytes.subarray(at)]);
  },
  invalidUtf8: (bytes, r) => {
    const at = r.int(0, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(r.pick(INVALID_UTF8)), bytes.subarray(at)]);
  },
  markdown: (bytes, r) => {
    const list = lines(bytes);
    const end = frontMatterEnd(list);
    for (let i = r.int(1, 6); i > 0; i--) list.splice(r.int(end + 1, Math.max(end + 1, list.length)), 0, r.pick(MARKDOWN_LINES));
    return fromLines(list);
  },
  deleteLines: (bytes, r) => {
    const list = lines(bytes);
    for (let i = r.int(1, 4); i > 0 && list.length > 0; i--) list.splice(r.int(0, list.length - 1), 1);
    return fromLines(list);
  },
  duplicateLines: (bytes, r) => {
    const list = lines(bytes);
    const index = r.int(0, Math.max(0, list.length - 1));
    list.splice(index, 0, ...list.slice(index, index + r.int(1, 3)));
    return fromLines(list);
  },
  swapLines: (bytes, r) => {
    const list = lines(bytes);
    if (list.length < 2) return bytes;
    const a = r.int(0, list.length - 1);
    const b = r.int(0, list.length - 1);
    [list[a], list[b]] = [list[b]!, list[a]!];
    return fromLines(list);
  },
  lineEnds: (bytes, r) => {
    const value = text(bytes);
    const changed = r.pick([value.replace(/\n/g, '\r\n'), value.replace(/\n/g, '\r'), `\uFEFF${value}`, `\uFEFF${value.replace(/\n/g, '\r\n')}`, value.replace(/\n/g, '\n\r')]);
    return Buffer.from(changed, 'utf8');
  },
  tabs: (bytes, r) => Buffer.from(text(bytes).replace(/^ {2}/gm, () => (r.chance(0.5) ? '\t' : '  ')), 'utf8'),
  javascript: (bytes, r) => {
    const list = lines(bytes);
    list[0] = r.pick(['---js', '---javascript', '---coffee', '---json', '--- js']);
    list.splice(1, 0, "require('fs').writeFileSync('pwned', 'x')");
    return fromLines(list);
  },
  randomBytes: (_bytes, r) => Buffer.from(Array.from({ length: r.int(0, 400) }, () => r.int(0, 255))),
  randomMarkdown: (_bytes, r) => fromLines(Array.from({ length: r.int(0, 40) }, () => (r.chance(0.2) ? `${r.pick(KEYS)}: ${randomYaml(r)}` : r.pick(MARKDOWN_LINES)))),
};

/** Mutations are picked by weight: a huge line is costly to build and read, so it is rarer. */
const WEIGHTS: Record<string, number> = { hugeLine: 0.4, randomBytes: 0.5, javascript: 0.5 };
const NAMES = Object.keys(MUTATIONS).flatMap((name) => Array<string>(Math.round((WEIGHTS[name] ?? 1) * 10)).fill(name));

/** One fuzzed file: a valid seed with one to four mutations, the names of the mutations, and the seed. */
export function fuzzFile<Seed extends { text: string }>(seeds: readonly Seed[], r: Random): { bytes: Buffer; mutations: string[]; seed: Seed } {
  const seed = r.pick(seeds);
  let bytes: Buffer = Buffer.from(seed.text, 'utf8');
  const mutations: string[] = [];
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = r.pick(NAMES);
    mutations.push(name);
    bytes = MUTATIONS[name]!(bytes, r);
  }
  return { bytes, mutations, seed };
}
