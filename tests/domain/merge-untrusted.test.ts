/**
 * `rhythm report --merge` reads JSON that other repositories' CI published: untrusted input. Any
 * text, and above all any small change to a real rollup, ends in a one-line-per-problem refusal
 * (RollupMergeError, a UserError for the command) or in a valid rollup that renders; never in a
 * crash, and never in a report file named outside its folder.
 *
 * RHYTHM_TRIALS=5000 runs more trials than the 300 that keep CI fast.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportBaseName } from '../../src/commands/report.js';
import { parsePeriod } from '../../src/domain/period.js';
import { mergeRollups, parseRollup, RollupMergeError } from '../../src/domain/rollup/merge.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { rollupProblems } from '../../src/domain/rollup/schema.js';
import { openWorkbook } from '../../src/io/workbook.js';
import { renderHtml } from '../../src/report/html.js';
import { renderRollupJson } from '../../src/report/json.js';
import { renderMarkdown, sparkline } from '../../src/report/markdown.js';
import { reportView } from '../../src/report/view-model.js';
import { createRunEnv } from '../../src/run/env.js';
import { rollupPeriod } from '../../src/run/rollup.js';
import { testContext } from '../helpers/context.js';
import { emeaRollup, twoTeamRollup } from '../report/fixtures.js';

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 300);
/** About 15 ms a trial where a rollup merges and renders: room for a long run on a slow machine. */
const TIMEOUT = Math.max(30_000, TRIALS * 100);
const OUT = '/srv/org/reports';

/** The JSON file `rhythm report --format json` writes for a rollup. */
const fileOf = (rollup: Rollup) => Buffer.concat([...renderRollupJson(rollup)]).toString('utf8');

/** Rollups as rhythm writes them: two teams of a calendar year, and the example workbook's fiscal quarter (three teams). */
const bases: { name: string; rollup: Rollup }[] = [];
beforeAll(async () => {
  const dir = fileURLToPath(new URL('../../rhythm/', import.meta.url));
  const workbook = await openWorkbook(dir);
  const env = createRunEnv(testContext({ cwd: dir }), { cwd: dir, color: false, quiet: true });
  const { rollup } = await rollupPeriod(env, workbook, { period: parsePeriod('FY2027-Q3', workbook.config), today: '2026-11-30', strict: true });
  bases.push({ name: 'two teams, 2026-Q4', rollup: twoTeamRollup() }, { name: 'example, FY2027-Q3', rollup });
});

/** What a merge of untrusted text gives: a refusal of its own kind, or a rollup. */
function mergeText(texts: readonly string[]): { refused: string } | { merged: Rollup } {
  try {
    const sources = texts.map((_, index) => `${'ab'[index]}.json`);
    return { merged: mergeRollups(texts.map((text, index) => parseRollup(text, sources[index]!)), sources) };
  } catch (error) {
    if (error instanceof RollupMergeError) return { refused: error.message };
    throw error;
  }
}

/** Everything the command does with a merged rollup: render it three ways and name its files. */
function useMerged(merged: Rollup): void {
  expect(rollupProblems(JSON.parse(fileOf(merged)))).toEqual([]);
  const view = reportView(merged);
  renderMarkdown(view);
  renderHtml(view);
  for (const format of ['md', 'json', 'html']) expect(dirname(join(OUT, `${reportBaseName(merged, 'emea-cs')}.${format}`))).toBe(OUT);
}

// ---------------------------------------------------------------------------------------------
// Mutations of a real rollup: the inputs closest to valid reach deepest

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that are each wrong somewhere, or right somewhere else: a label for a day, a day for a label, a path. */
const ODD_VALUES: Json[] = [
  null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53, '', 'oops', '../../victim/package', '/etc/passwd', 'a/b', '..', '.', 'C:\\x', '\u0000', '\u001b[2J',
  '2026-W48', '2026-W53', '2026-W54', '2026-w48', '2026-11', '2026-13', '2026-Q4', 'FY2027-Q3', 'FY2027', '2026', '0000-W01', '0001-W01', '9999-W52', '9999-12', 'FY0001', 'FY10000', '2026-02-30', '2026-11-24', '0000-01-01', '0001-01-01', '9999-12-31', '1970-01-05',
  'week', 'month', 'quarter', 'year', 'open', 'done', 'dropped', 'resolved', 'explicit', 'up', 'emea-cs', 'reports', 'CON', 'x'.repeat(300),
  [], {}, [null], ['oops'], { team: 'a' }, { __proto__: null, constructor: 'x' } as unknown as Json,
];

interface Node {
  parent: Json[] | { [key: string]: Json } | undefined;
  key: string | number;
  value: Json;
}

function nodesOf(value: Json, parent: Node['parent'] = undefined, key: string | number = '', into: Node[] = []): Node[] {
  into.push({ parent, key, value });
  if (Array.isArray(value)) value.forEach((item, index) => nodesOf(item, value, index, into));
  else if (value !== null && typeof value === 'object') for (const [name, item] of Object.entries(value)) nodesOf(item, value, name, into);
  return into;
}

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'odd', 'odd', 'odd', 'delete', 'add', 'duplicate', 'empty'),
  odd: fc.constantFrom(...ODD_VALUES),
  random: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  key: fc.constantFrom('extra', '__proto__', 'team', 'generator', 'label', 'constructor'),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(base: Rollup, mutations: readonly Mutation[]): Json {
  const value = JSON.parse(fileOf(base)) as Json;
  for (const step of mutations) {
    const nodes = nodesOf(value);
    const node = nodes[step.at % nodes.length]!;
    const { parent, key } = node;
    const set = (next: Json) => {
      if (parent === undefined) return;
      if (Array.isArray(parent)) parent[key as number] = next;
      else parent[key as string] = next;
    };
    switch (step.kind) {
      case 'replace':
        set(structuredClone(step.random));
        break;
      case 'odd':
        set(structuredClone(step.odd));
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (parent) delete parent[key as string];
        break;
      case 'add':
        if (node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value)) Object.defineProperty(node.value, step.key, { value: structuredClone(step.odd), enumerable: true, configurable: true, writable: true });
        else if (Array.isArray(node.value)) node.value.push(structuredClone(step.odd));
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(node.value));
        break;
      case 'empty':
        set(Array.isArray(node.value) ? [] : node.value !== null && typeof node.value === 'object' ? {} : node.value);
        break;
    }
  }
  return value;
}

describe('merging untrusted JSON', () => {
  it(`a mutated rollup is refused with one line per problem, or merges into a valid rollup that renders (${TRIALS} trials; RHYTHM_TRIALS for more)`, () => {
    const seen = { refused: 0, merged: 0 };
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, mutations, withOther) => {
        const base = bases[which % bases.length]!.rollup;
        const texts = [JSON.stringify(mutate(base, mutations))];
        // Beside an unchanged rollup of another team, the mutated one must still be refused or merged as a whole.
        if (withOther && base === bases[0]!.rollup) texts.push(fileOf({ ...emeaRollup(), teams: emeaRollup().teams.map((team) => ({ ...team, team: 'zz-other' })) }));
        const outcome = mergeText(texts);
        if ('refused' in outcome) {
          seen.refused++;
          const lines = outcome.refused.split('\n');
          for (const line of lines) expect(line).toMatch(/^[ab]\.json(: | has two sections of )\S|^cannot merge rollups of different (periods|fiscal calendars): a\.json |^team "[a-z0-9-]+" is in a\.json and b\.json: /);
          expect(lines.length).toBeLessThanOrEqual(12);
        } else {
          seen.merged++;
          useMerged(outcome.merged);
        }
      }),
      { numRuns: TRIALS, seed: 20261130 },
    );
    console.log(`merge of mutated rollups: ${TRIALS} trials, ${seen.refused} refused, ${seen.merged} merged and rendered, 0 crashes`);
    expect(seen.refused).toBeGreaterThan(0);
  }, TIMEOUT);

  it('any text at all is refused or merged, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify({ schemaVersion: 2, ...(typeof value === 'object' && value !== null ? value : { value }) }))), (text) => {
        const outcome = mergeText([text]);
        if ('merged' in outcome) useMerged(outcome.merged);
      }),
      { numRuns: TRIALS, seed: 20261130 },
    );
  }, TIMEOUT);

  it.each<[string, (rollup: Json & Record<string, Json>) => void, string[]]>([
    ['a team that is null', (r) => ((r.teams as Json[])[0] = null), ['a.json: teams[0] must be an object']],
    ['quotes that are text', (r) => (((r.teams as Json[])[0] as Record<string, Json>).quotes = 'oops'), ['a.json: teams[0].quotes must be a list']],
    ['a period label that is a path', (r) => ((r.period as Record<string, Json>).label = '../../victim/package'), ['a.json: period.label must be a period label: "../../victim/package" is not a period']],
    ['a label of the right kind, written otherwise', (r) => ((r.period as Record<string, Json>).label = '2026-q4'), ['a.json: period.label must be written 2026-Q4']],
    ['a period whose days are another period’s', (r) => ((r.period as Record<string, Json>).start = '2026-07-01'), ['a.json: period.start must be 2026-10-01, the first day of 2026-Q4']],
    ['a number JSON.parse reads as Infinity (1e400)', (r) => (((r.teams as Json[])[0] as Record<string, Json>).reviews = '__big__'), ['a.json: teams[0].reviews must be a whole number, 0 or more']],
    ['a score far beyond any scale, whose mean would be Infinity (1e308)', (r) => ((((r.teams as Json[])[0] as Record<string, Json[]>).scores![0] as Record<string, Json>).value = 1e308), ['a.json: teams[0].scores[0].value must be a number, at most 1e15 either side of 0']],
    ['a null where a field is optional', (r) => (((r.teams as Json[])[0] as Record<string, Json>).name = null), ['a.json: teams[0].name must be text']],
    ['a team id that is a path', (r) => (((r.teams as Json[])[0] as Record<string, Json>).team = '../x'), ['a.json: teams[0].team must be an id: "../x" must use only a-z']],
    ['a label of a million characters, not echoed', (r) => ((r.period as Record<string, Json>).label = '9'.repeat(1_000_000)), ['a.json: period.label must be a period label such as 2026-W48, not a text of 1000000 characters']],
    ['a team id that is an object', (r) => (((r.teams as Json[])[0] as Record<string, Json>).team = { a: 1 }), ['a.json: teams[0].team must be an id such as emea-cs, not an object']],
    ['a field no rollup has', (r) => (r.surprise = 1), ['a.json: surprise is not a field of a rollup (docs/rollup-json.md)']],
  ])('%s: one line naming the file and the JSON path, and what to do', (_name, change, expected) => {
    const json = JSON.parse(fileOf(twoTeamRollup())) as Json & Record<string, Json>;
    change(json);
    const outcome = mergeText([JSON.stringify(json).replace('"__big__"', '1e400')]);
    expect('refused' in outcome, JSON.stringify(outcome).slice(0, 200)).toBe(true);
    const lines = (outcome as { refused: string }).refused.split('\n');
    expected.forEach((line, index) => expect(lines[index]).toContain(line));
    expect(lines.at(-1)).toBe('a.json: not a rollup this rhythm can merge: pass a file written by `rhythm report --format json`');
  });

  it('lists ten problems of a file and counts the rest', () => {
    const json = JSON.parse(fileOf(twoTeamRollup())) as { teams: unknown[] };
    json.teams = Array.from({ length: 25 }, () => null);
    const lines = (mergeText([JSON.stringify(json)]) as { refused: string }).refused.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe('a.json: and 15 more problems');
  });

  it('a rollup of 130,000 score points and resolved flags merges and renders: no list is spread into arguments', () => {
    const base = twoTeamRollup();
    const team = base.teams[0]!;
    const point = team.scores[0]!;
    const resolved = team.flags.find((flag) => flag.resolutionDays !== undefined)!;
    const many = { ...base, teams: [{ ...team, scores: Array.from({ length: 130_000 }, (_, index) => ({ ...point, value: index % 5 })), flags: Array.from({ length: 130_000 }, () => resolved) }] };
    const outcome = mergeText([fileOf(many)]);
    expect('merged' in outcome, JSON.stringify(outcome).slice(0, 300)).toBe(true);
    const { organisation } = (outcome as { merged: Rollup }).merged;
    expect(organisation.scores.find((score) => score.id === point.id)).toMatchObject({ count: 130_000, min: 0, max: 4 });
    expect(organisation.flags.worstResolutionDays).toBe(resolved.resolutionDays);
    expect(sparkline(Array.from({ length: 200_000 }, (_, index) => index)).length).toBe(200_000);
  }, 30_000);

  it('an action due as written (due:friday, which check warns about) reads back: the rollup keeps what the review says', () => {
    const base = twoTeamRollup();
    const team = base.teams.find((section) => section.actions.length > 0)!;
    const written = { ...base, teams: base.teams.map((section) => (section === team ? { ...section, actions: [{ ...team.actions[0]!, due: 'friday' }] } : section)) };
    expect(rollupProblems(JSON.parse(fileOf(written)))).toEqual([]);
  });

  it('reads back the file rhythm writes, "generator" field and all', () => {
    for (const { rollup } of bases) {
      const text = fileOf(rollup);
      expect(text.startsWith('{\n  "generator": "rhythm",\n  "schemaVersion": 2,')).toBe(true);
      expect(mergeRollups([parseRollup(text, 'a.json')])).toStrictEqual(rollup);
    }
  });
});

describe('the name of a report file', () => {
  it('is the formatted label of a parsed period, or nothing: never a path out of the folder', () => {
    const label = fc.oneof(fc.string(), fc.constantFrom(...ODD_VALUES.filter((value): value is string => typeof value === 'string')));
    fc.assert(
      fc.property(label, fc.constantFrom(1, 2, 4, 12), fc.option(fc.constantFrom('emea-cs', 'a', 'na-accounts')), (text, month, team) => {
        let base: string;
        try {
          base = reportBaseName({ period: { label: text, kind: 'week', start: '', end: '' }, fiscalYearStartMonth: month }, team ?? undefined);
        } catch (error) {
          expect((error as Error).name).toBe('PeriodError');
          return;
        }
        expect(base).toMatch(/^(FY)?\d+(-W\d{2}|-\d{2}|-Q[1-4])?(-[a-z0-9-]+)?$/);
        expect(dirname(join(OUT, `${base}.md`))).toBe(OUT);
      }),
      { numRuns: TRIALS * 10, seed: 20261130 },
    );
  }, TIMEOUT);
});
