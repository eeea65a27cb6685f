/**
 * Issue 5, "Bad config and answers": each is a clear error of one line per problem naming the
 * file and line, a non-zero exit, no stack trace, and nothing written. The long tables run the CLI
 * in-process (`main()`, argv to exit code, the same error reporting); the built binary runs a few
 * of each kind, and the cases whose symptom only a real process shows (Node warnings).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempRepo } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, GOOD_ANSWERS, pool, REGISTRY, rhythmAsync, rhythmInProcess, snapshot } from './helpers.js';

const WEEKLY = ['weekly', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit'];
const long = 'a'.repeat(300);

/** rhythm.yaml text, and what the one-line error must say (`rhythm.yaml:line: key: problem`). */
const BAD_CONFIGS: [name: string, config: string, message: string][] = [
  ['fiscalYearStartMonth: 13', 'fiscalYearStartMonth: 13\n', 'rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 13'],
  ['fiscalYearStartMonth: 0', 'fiscalYearStartMonth: 0\n', 'rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 0'],
  ['fiscalYearStartMonth as text', 'workbook: rhythm\nfiscalYearStartMonth: "2"\n', 'rhythm.yaml:2: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not "2"'],
  ['fiscalYearStartMonth: 1.5', 'fiscalYearStartMonth: 1.5\n', 'rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 1.5'],
  ['escalateAfterWeeks as a word', 'escalateAfterWeeks: soon\n', 'rhythm.yaml:1: escalateAfterWeeks: must be a whole number of weeks, 1 or more, not "soon"'],
  ['teams not a list', 'teams: emea-cs\n', 'rhythm.yaml:1: teams: must be a list like [{ id: emea-cs, name: EMEA Customer Success }]'],
  ['team id ../../etc', 'teams:\n  - id: ../../etc\n', 'rhythm.yaml:2: teams.0.id: team id "../../etc" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)'],
  ['team id CON', 'teams: [CON]\n', 'rhythm.yaml:1: teams.0.id: team id "CON" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)'],
  ['team id con (a Windows device)', 'teams: [con]\n', 'rhythm.yaml:1: teams.0.id: team id "con" is a reserved device name on Windows: choose another id'],
  ['an empty team id', 'teams:\n  - id: ""\n', 'rhythm.yaml:2: teams.0.id: team id "" must be a non-empty id'],
  ['a team id of 300 characters', `teams: [${long}]\n`, `rhythm.yaml:1: teams.0.id: team id "${long}" must be at most 64 characters`],
  ['workbook outside the repository', 'workbook: ../elsewhere\n', 'rhythm.yaml:1: workbook: must be a folder inside the repository (no absolute path, no ..)'],
  ['an absolute workbook', 'workbook: /etc\n', 'rhythm.yaml:1: workbook: must be a folder inside the repository (no absolute path, no ..)'],
  ['git not a map', 'git: yes\n', 'rhythm.yaml:1: git: must be a map like { commit: true }'],
  ['a ritual without cadence', 'rituals:\n  monthly:\n    template: monthly\n', 'rhythm.yaml:2: rituals.monthly.cadence: must be one of week, month, quarter, year (a new ritual needs one)'],
  ['not YAML', 'teams: [emea-cs\n', 'rhythm.yaml:2:1: not valid YAML'],
  ['a duplicate key', 'workbook: rhythm\nworkbook: reviews\n', 'rhythm.yaml:2:1: not valid YAML: Map keys must be unique'],
  ['a custom tag', 'workbook: !custom rhythm\n', 'rhythm.yaml:1:11: not valid YAML: Unresolved tag: !custom'],
  ['an alias bomb', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'rhythm.yaml:1: not valid YAML: too many aliases'],
];

describe('a bad rhythm.yaml', () => {
  it.each(BAD_CONFIGS.map(([name]) => name))('%s: one clear line, exit 1, nothing written', async (name) => {
    const [, config, message] = BAD_CONFIGS.find(([candidate]) => candidate === name)!;
    const dir = tempDir({ 'rhythm.yaml': config, 'a.yaml': GOOD_ANSWERS });
    const before = snapshot(dir);
    const run = await rhythmInProcess(dir, WEEKLY);
    expectRefused(run, { message: `rhythm: ${message}` });
    // The problem line(s), then what to do.
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('fix rhythm.yaml and run again (rhythm check lists every problem)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('the built CLI says the same for every command that opens the workbook', async () => {
    const dir = tempRepo({ 'rhythm.yaml': 'fiscalYearStartMonth: 13\nteams: [../../etc]\n', 'a.yaml': GOOD_ANSWERS });
    const before = snapshot(dir);
    const runs = await pool([WEEKLY, ['report'], ['status'], ['actions'], ['customers']], 2, (args) => rhythmAsync(dir, args));
    for (const run of runs) {
      expectRefused(run, { message: 'rhythm: rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 13' });
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        'rhythm: rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 13',
        'rhythm.yaml:2: teams.0.id: team id "../../etc" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)',
        'fix rhythm.yaml and run again (rhythm check lists every problem)',
      ]);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('an unknown key is a warning: the ritual still runs', async () => {
    const dir = tempRepo({ 'rhythm.yaml': `${CONFIG}colour: blue\n`, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS });
    const run = await rhythmAsync(dir, WEEKLY);
    expectNoCrash(run);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: rhythm\.yaml:6: (warning: )?colour: unknown key, ignored \(known keys: workbook, fiscalYearStartMonth, teams, rituals, git, escalateAfterWeeks, notify\)$/m);
    expect(run.stdout).toBe('rhythm/emea-cs/weekly/2026-W48.md\n');
  });

  it('check reports every problem of a config at once, each at its line', async () => {
    const dir = tempRepo({ 'rhythm.yaml': `fiscalYearStartMonth: 13\nescalateAfterWeeks: 0\nteams:\n  - id: ../../etc\n  - id: ok\n    extra: 1\nmystery: true\n` });
    const run = await rhythmAsync(dir, ['check']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      'rhythm.yaml:1: fiscalYearStartMonth: must be a month number 1-12 (1 = January, calendar quarters), not 13',
      'rhythm.yaml:2: escalateAfterWeeks: must be a whole number of weeks, 1 or more, not 0',
      'rhythm.yaml:4: teams.0.id: team id "../../etc" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)',
      'rhythm.yaml:6: warning: teams.1.extra: unknown key, ignored (known: id, name, members, start, until)',
      'rhythm.yaml:7: warning: mystery: unknown key, ignored (known keys: workbook, fiscalYearStartMonth, teams, rituals, git, escalateAfterWeeks, notify)',
    ]);
  });
});

describe('bad customer ids', () => {
  it.each([
    ['../../etc', 'must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)'],
    ['CON', 'must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)'],
    ['nul', 'is a reserved device name on Windows: choose another id'],
    ['', 'must be a non-empty id'],
    [long, 'must be at most 64 characters'],
  ])('%j in the registry is reported by check at its line; in answers it is refused before writing', async (id, problem) => {
    const dir = tempDir({
      'rhythm.yaml': CONFIG,
      'rhythm/customers.yaml': `${REGISTRY}  - id: ${JSON.stringify(id)}\n    name: Bad\n`,
      'a.yaml': `customers: [acme]\nvalue_confidence: 3\nflags: [{ customer: ${JSON.stringify(id)}, reason: stalled }]\n`,
    });
    const before = snapshot(dir);
    const check = await rhythmInProcess(dir, ['check']);
    const weekly = await rhythmInProcess(dir, WEEKLY);
    expectNoCrash(check);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`rhythm/customers.yaml:8: customers[3]: id ${JSON.stringify(id)} ${problem}`);
    expectRefused(weekly, { message: `rhythm: a.yaml: flags: customer id ${JSON.stringify(id)} ${problem}` });
    expect(snapshot(dir)).toEqual(before);
  });
});

/** Answers file text, the exit code, and the message. Each is refused before anything is written. */
const BAD_ANSWERS: [name: string, answers: string | Buffer, code: number, message: string][] = [
  ['a missing required answer', 'customers: [acme]\n', 1, 'rhythm: missing required answers: value_confidence (How confident are we that our customers get the value we promise?): add them to the answers file'],
  ['a score above the scale', 'customers: [acme]\nvalue_confidence: 6\n', 1, 'rhythm: a.yaml: value_confidence: 6 is outside the scale 1–5'],
  ['a score below the scale', 'customers: [acme]\nvalue_confidence: 0\n', 1, 'rhythm: a.yaml: value_confidence: 0 is outside the scale 1–5'],
  ['a fractional score', 'customers: [acme]\nvalue_confidence: 3.5\n', 1, 'rhythm: a.yaml: value_confidence: 3.5 must be a whole number'],
  ['a score that is not a number', 'customers: [acme]\nvalue_confidence: high\n', 1, 'rhythm: a.yaml: value_confidence: "high" is not a number'],
  ['an unknown question id', `${GOOD_ANSWERS}mood: great\n`, 1, 'rhythm: a.yaml: unknown question id "mood": the weekly template asks customers, heard, flags, value, hard_to_hear, assumptions, value_confidence, actions'],
  ['an unknown customer', 'customers: [hooli]\nvalue_confidence: 3\n', 1, 'rhythm: a.yaml: customers: unknown customer "hooli": add it to customers.yaml in the workbook, or use one of acme, globex, initech'],
  ['an unknown customer in a flag', `${GOOD_ANSWERS}flags: [{ customer: hooli, reason: stalled }]\n`, 1, 'rhythm: a.yaml: flags: unknown customer "hooli"'],
  ['a flag without a reason', `${GOOD_ANSWERS}flags: [{ customer: globex }]\n`, 1, 'rhythm: a.yaml: flags: entry 1 must be { customer: id, reason: why they are not receiving value }'],
  ['an action due on no date', 'customers: [acme]\nvalue_confidence: 3\nactions: ["Call Acme due:2026-02-30"]\n', 1, 'rhythm: a.yaml: actions: "Call Acme": due 2026-02-30 is not a date: use YYYY-MM-DD'],
  ['answers that are not a map', '- acme\n- globex\n', 1, 'rhythm: a.yaml:1: answers must be a set of `key: value` lines'],
  ['answers that are not YAML', 'customers: [acme\n', 1, 'rhythm: a.yaml:2:1: the answers file is not valid YAML'],
  ['a duplicate key', 'customers: [acme]\ncustomers: [globex]\nvalue_confidence: 3\n', 1, 'rhythm: a.yaml:2:1: duplicate key in the answers file: keep one'],
  ['an alias bomb', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 1, 'rhythm: a.yaml:1: the answers file uses too many YAML aliases'],
  ['a non-UTF-8 answers file', Buffer.from('customers: [acme]\nhard_to_hear: "caf\u00e9"\nvalue_confidence: 3\n', 'latin1'), 1, 'a.yaml:1: is not valid UTF-8 (a binary file?): save it as UTF-8'],
];

describe('a bad answers file is refused before anything is written', () => {
  it.each(BAD_ANSWERS.map(([name]) => name))('%s', async (name) => {
    const [, answers, code, message] = BAD_ANSWERS.find(([candidate]) => candidate === name)!;
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    writeFileSync(join(dir, 'a.yaml'), answers);
    const before = snapshot(dir);
    const run = await rhythmInProcess(dir, WEEKLY);
    expectRefused(run, { code, message });
    // One line per problem: the first names the answers file (or the missing answers).
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('several problems are listed together, one line each (built CLI)', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': 'customers: [acme, hooli, ../x]\nvalue_confidence: 9\nmood: great\n' });
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, WEEKLY);
    expectRefused(run, { message: 'rhythm: a.yaml: unknown question id "mood"' });
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'rhythm: a.yaml: unknown question id "mood": the weekly template asks customers, heard, flags, value, hard_to_hear, assumptions, value_confidence, actions',
      'a.yaml: customers: unknown customer "hooli": add it to customers.yaml in the workbook, or use one of acme, globex, initech',
      'a.yaml: customers: customer id "../x" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)',
      'a.yaml: value_confidence: 9 is outside the scale 1–5',
    ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('answers that name a folder, or no file, are one line too', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    mkdirSync(join(dir, 'answers'));
    const before = snapshot(dir);
    const folder = await rhythmInProcess(dir, ['weekly', '--answers', 'answers', '--no-commit']);
    const missing = await rhythmInProcess(dir, ['weekly', '--answers', 'nothing.yaml', '--no-commit']);
    expectRefused(folder, { message: /^rhythm: \/.*\/answers is a folder, not a file$/m });
    expectRefused(missing, { code: 2, message: 'rhythm: --answers nothing.yaml: no such file' });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('config warnings', () => {
  it('a config warning says "warning:" once', async () => {
    const dir = tempDir({ 'rhythm.yaml': `${CONFIG}colour: blue\n`, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS });
    const run = await rhythmInProcess(dir, WEEKLY);
    // Today: "warning: rhythm.yaml:6: warning: colour: unknown key, …".
    expect(run.stderr).not.toContain('warning: rhythm.yaml:6: warning:');
  });
});

describe('answers files are parsed as safely as front matter', () => {
  it('a custom YAML tag in an answers file is refused like in front matter (today: a Node warning, and the review is written)', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': 'customers: !custom [acme]\nvalue_confidence: 3\n' });
    const before = snapshot(dir);
    const run = await rhythmAsync(dir, WEEKLY);
    expect(run.stderr).not.toContain('YAMLWarning');
    expect(run.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });
});
