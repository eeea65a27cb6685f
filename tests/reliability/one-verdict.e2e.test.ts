/**
 * Issue 12, one verdict on what a review is, through the built CLI: a file `check` passes is one
 * every command reads, and `--amend` can edit. Front matter the yaml package refuses (the reference,
 * and the parser `--amend` edits with) is refused everywhere; a file git left with conflict markers
 * is no review until resolved; quotes by customer name known customers; a question may be called
 * `constructor`; a period of year 0000 is refused before anything is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, GOOD_ANSWERS, pool, REGISTRY, rhythmAsync, snapshot, weeklyText } from './helpers.js';

const W = (week: number) => `rhythm/emea-cs/weekly/2026-W${String(week).padStart(2, '0')}.md`;
/** A valid weekly of 2026's week `week`, held on its Tuesday. */
const weekly = (week: number) => weeklyText(`2026-W${week}`, { date: new Date(Date.UTC(2025, 11, 30 + 7 * (week - 1))).toISOString().slice(0, 10) });

/** Files no command may read as a review: file, content, and the `file:line:` check must report. */
const NOT_REVIEWS: [name: string, file: string, content: string, expected: string][] = [
  // Front matter js-yaml accepted and the yaml package refuses (yaml-test-suite 9C9N, SU5Z, 9JBA and kin).
  ['a flow list continued less indented than its key', W(30), weekly(30).replace('customers: [acme]', 'customers: [acme,\nglobex]'), `${W(30)}:9:`],
  ['a comment glued to a double-quoted value', W(31), weekly(31).replace('ritual: weekly', 'ritual: "weekly"# note'), `${W(31)}:3:`],
  ['a comment glued to a single-quoted value', W(32), weekly(32).replace('ritual: weekly', "ritual: 'weekly'# note"), `${W(32)}:3:`],
  ['a comment glued to a flow list', W(33), weekly(33).replace('customers: [acme]', 'customers: [acme, globex, ]#invalid'), `${W(33)}:8:`],
  ['a comment glued to a flow map', W(34), weekly(34).replace('scores:\n  value_confidence: 3', 'scores: {value_confidence: 3}#note'), `${W(34)}:10:`],
  ['a flow map continued less indented than its key', W(35), weekly(35).replace('scores:\n  value_confidence: 3', 'scores: {value_confidence: 3,\nrhythm_kept: 2}'), `${W(35)}:11:`],
  ['a nested flow list continued at its parent key’s indentation', W(36), weekly(36).replace('flags: []', 'flags: []\nanswers:\n  warning_signs: [late,\n  loud]'), `${W(36)}:12:`],
  ['a quoted flow item continued less indented than its key', W(37), weekly(37).replace('customers: [acme]', 'customers: ["acme,\nglobex"]'), `${W(37)}:8:`],
  // Merge conflicts, in the body and (diff3) in the front matter.
  [
    'a merge conflict in the body',
    W(38),
    weekly(38).replace('- Acme Corp: "The export saves our analysts a day." #reporting', '<<<<<<< HEAD\n- Acme Corp: "The export saves a day."\n=======\n- Acme Corp: "The export saves two days."\n>>>>>>> notes'),
    `${W(38)}:17: merge conflict marker: resolve the conflict (git status shows it), then run rhythm check`,
  ],
  [
    'a diff3 merge conflict in the front matter',
    W(39),
    weekly(39).replace(/date: .*/, '<<<<<<< ours\ndate: 2026-09-22\n||||||| base\ndate: 2026-09-21\n=======\ndate: 2026-09-23\n>>>>>>> theirs'),
    `${W(39)}:6: merge conflict marker: resolve the conflict (git status shows it), then run rhythm check`,
  ],
];

const HEARD_UNKNOWN = weekly(40).replace('flags: []', 'flags: []\nheard: {nosuch: "We are leaving."}');

function workbook(): string {
  return tempRepo({
    'rhythm.yaml': CONFIG,
    'rhythm/customers.yaml': REGISTRY,
    ...Object.fromEntries(NOT_REVIEWS.map(([, file, content]) => [file, content])),
    [W(40)]: HEARD_UNKNOWN,
    [W(41)]: weekly(41),
    // A setext heading underlined with seven `=` is no conflict marker.
    [W(42)]: weekly(42).replace('## What did we hear', 'Notes\n=======\n\n## What did we hear'),
  });
}

describe('one verdict on what a review is, in every command', () => {
  it('check reports each at its line (and an unknown customer keyed under heard), exit 1', async () => {
    const run = await rhythmAsync(workbook(), ['check']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const [name, file, , expected] of NOT_REVIEWS) {
      expect(lines.filter((line) => line.startsWith(expected)), `${name}\n${run.stdout}`).not.toHaveLength(0);
      expect(lines.filter((line) => line.startsWith(`${file}:`)).every((line) => /front matter is not valid YAML|merge conflict marker/.test(line)), run.stdout).toBe(true);
    }
    expect(lines.filter((line) => line.startsWith(W(38)))).toEqual([17, 19, 21].map((line) => `${W(38)}:${line}: merge conflict marker: resolve the conflict (git status shows it), then run rhythm check`));
    expect(lines.filter((line) => line.startsWith(W(39))).map((line) => line.split(':')[1])).toEqual(['6', '8', '10', '12']);
    expect(lines).toContain(`${W(40)}:10: unknown customer "nosuch": add it to customers.yaml or fix the id`);
    expect(run.stdout).not.toContain(W(41));
    expect(run.stdout).not.toContain(W(42));
  });

  it('status and report skip each with one warning line and read the rest', async () => {
    const dir = workbook();
    const [status, report] = await pool(
      [
        ['status', '--date', '2026-10-20', '--json'],
        ['report', '--year', '--date', '2026-10-20', '--format', 'json', '--stdout'],
      ],
      2,
      (args) => rhythmAsync(dir, args),
    );
    for (const run of [status!, report!]) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      const warnings = run.stderr.trimEnd().split('\n');
      for (const [, file] of NOT_REVIEWS) expect(warnings.filter((line) => line.startsWith(`warning: skipped: ${file}:`)), run.stderr).toHaveLength(1);
      expect(warnings).toContain(`warning: ${NOT_REVIEWS.length} review files skipped (run rhythm check for details)`);
      expect(warnings).toHaveLength(NOT_REVIEWS.length + 1);
    }
    const rollup = JSON.parse(report!.stdout) as { teams: { cadence: { ritual: string; held: string[] }[] }[] };
    expect(rollup.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!.held).toEqual(['2026-W40', '2026-W41', '2026-W42']);
  });

  it('--amend says to fix the file first, never "bug", and writes nothing', async () => {
    const dir = workbook();
    const before = snapshot(dir);
    const runs = await pool(NOT_REVIEWS, 2, ([, file]) =>
      rhythmAsync(dir, ['weekly', '--team', 'emea-cs', '--week', file.slice(-11, -3), '--amend', '--answers', '-', '--no-commit'], { input: GOOD_ANSWERS }),
    );
    runs.forEach((run, index) => {
      const [name, , , expected] = NOT_REVIEWS[index]!;
      expectRefused(run, { message: 'fix the file first (rhythm check lists every problem), then amend it', located: new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
      expect(run.stderr, name).not.toMatch(/bug/i);
    });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a question id that every JavaScript object has', () => {
  const templates = {
    'templates/pulse.md': '---\ntitle: Pulse\nquestions:\n  - id: constructor\n    type: text\n    prompt: What did we build for a customer?\n    why: Building for customers is the point.\n  - id: customers\n    type: customers\n    prompt: Who did we talk to?\n    why: Names, not impressions.\n---\n# {{heading}}\n',
    'templates/poll.md': '---\ntitle: Poll\nquestions:\n  - id: constructor\n    type: scale\n    min: 1\n    max: 5\n    prompt: How confident are we?\n    why: One number a week.\n  - id: hasownproperty\n    type: select\n    choices: [yes, no]\n    prompt: Did they renew?\n    why: Renewals are the verdict.\n---\n# {{heading}}\n',
  };
  const config = `${CONFIG}rituals:\n  pulse:\n    template: pulse\n    cadence: week\n  poll:\n    template: poll\n    cadence: week\n`;

  it('constructor works end to end: written from --answers, checked, amended, and in the report', async () => {
    const dir = tempRepo({ 'rhythm.yaml': config, 'rhythm/customers.yaml': REGISTRY, ...templates });
    const held = (ritual: string, answers: string, ...more: string[]) =>
      rhythmAsync(dir, ['new', ritual, '--team', 'emea-cs', '--date', '2026-11-24', '--answers', '-', '--no-commit', ...more], { input: answers });
    for (const run of [await held('pulse', 'constructor: We built the export\ncustomers: [acme]\n'), await held('poll', 'constructor: 4\nhasownproperty: "yes"\n')]) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
    }
    const check = await rhythmAsync(dir, ['check']);
    expect(check.code, check.stdout).toBe(0);
    for (const run of [await held('pulse', 'constructor: We rebuilt the export\n', '--amend'), await held('poll', 'constructor: 2\n', '--amend')]) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
    }
    const pulse = readFileSync(join(dir, 'rhythm/emea-cs/pulse/2026-W48.md'), 'utf8');
    expect(pulse).toContain('<!-- q:constructor -->\n\nWe rebuilt the export\n');
    expect(pulse).toContain('customers: [acme]');
    const poll = readFileSync(join(dir, 'rhythm/emea-cs/poll/2026-W48.md'), 'utf8');
    expect(poll).toContain('scores:\n  constructor: 2\n');
    expect(poll).toContain('answers:\n  hasownproperty: yes\n');
    expect((await rhythmAsync(dir, ['check'])).code).toBe(0);
    const report = await rhythmAsync(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-11-30', '--format', 'json', '--stdout']);
    expect(report.code, report.stderr).toBe(0);
    const rollup = JSON.parse(report.stdout) as { teams: { scores: { ritual: string; id: string; value: number }[] }[] };
    expect(rollup.teams[0]!.scores).toEqual([expect.objectContaining({ ritual: 'poll', id: 'constructor', value: 2 })]);
  });

  it('__proto__ cannot be a question id: the template is refused with one line', async () => {
    const dir = tempRepo({ 'rhythm.yaml': config, 'rhythm/customers.yaml': REGISTRY, ...templates, 'templates/pulse.md': templates['templates/pulse.md'].replace('id: constructor', 'id: __proto__') });
    const run = await rhythmAsync(dir, ['new', 'pulse', '--team', 'emea-cs', '--date', '2026-11-24', '--answers', '-', '--no-commit'], { input: '{}' });
    expectRefused(run, { message: 'id must be lowercase letters, digits and _' });
    expect(existsSync(join(dir, 'rhythm/emea-cs/pulse'))).toBe(false);
  });
});

describe('a period of year 0000, or a day whose periods reach it', () => {
  it('--week 0000-W01 is refused with one line, exit 2, and nothing is written', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, ['weekly', '--week', '0000-W01', '--team', 'emea-cs', '--answers', '-', '--no-commit'], { input: GOOD_ANSWERS });
    expectRefused(run, { code: 2, message: '"0000-W01": the year must be between 1 and 9999' });
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--date 0000-06-01, and a fiscal quarter that begins in year 0, are refused with one line (a quarterly of 0001-01-01 crashed)', async () => {
    const dir = tempRepo({ 'rhythm.yaml': `${CONFIG}fiscalYearStartMonth: 2\n`, 'rhythm/customers.yaml': REGISTRY });
    const before = snapshot(dir);
    const [date, early, quarter] = await pool(
      [
        ['weekly', '--date', '0000-06-01'],
        ['quarterly', '--date', '0001-01-01'],
        ['quarterly', '--quarter', 'FY0001-Q4'],
      ],
      2,
      (args) => rhythmAsync(dir, [...args, '--team', 'emea-cs', '--answers', '-', '--no-commit'], { input: 'value_confidence: 3\n' }),
    );
    expectRefused(date!, { code: 2, message: '--date: "0000-06-01": the year must be between 2 and 9998' });
    expectRefused(early!, { code: 2, message: '--date: "0001-01-01": the year must be between 2 and 9998' });
    expectRefused(quarter!, { code: 2, message: '--quarter: "FY0001-Q4" begins in year 0' });
    expect(snapshot(dir)).toEqual(before);
  });
});
