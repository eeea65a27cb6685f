/**
 * Issue 5, "No data lost" and "Drafts", at the level of the file helpers and in-process runs:
 * what rhythm does with files it cannot read, with a write that fails half way, with a draft that
 * is corrupt, with an answers file that tries YAML tricks, and with a code fence never closed.
 * (Atomic replacement through a symlink, exclusive creation under a race and drafts that resume
 * are proved in tests/e2e/git-faults.e2e.test.ts and tests/commands/weekly.test.ts.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswersText } from '../../src/domain/answers.js';
import { checkReview } from '../../src/domain/check.js';
import { defaultConfig } from '../../src/domain/config.js';
import { parseReview } from '../../src/domain/review.js';
import { UserError } from '../../src/errors.js';
import { readDraft } from '../../src/io/drafts.js';
import { IsFolderError, NotUtf8Error, readText } from '../../src/io/files.js';
import { createExclusive, writeAtomic } from '../../src/io/write-file.js';
import { main } from '../../src/main.js';
import { scriptedPrompter, testContext } from '../helpers/context.js';
import { read, tempDir } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, GOOD_ANSWERS, REGISTRY, rhythmInProcess, snapshot, weeklyText } from './helpers.js';

describe('reading files', () => {
  it('a file that is not UTF-8 is a one-line user error naming it, not a bug', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('caf\u00e9', 'latin1'));
    const error = await readText(join(dir, 'latin1.md')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${join(dir, 'latin1.md')}:1: is not valid UTF-8 (a binary file?): save it as UTF-8`);
  });

  it('a folder where a file should be is a user error that keeps the EISDIR code', async () => {
    const dir = tempDir();
    const error = await readText(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IsFolderError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as NodeJS.ErrnoException).code).toBe('EISDIR');
  });

  it('weekly --amend of a review that is not UTF-8 says so in one line and leaves it as it is', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS });
    mkdirSync(join(dir, 'rhythm/emea-cs/weekly'), { recursive: true });
    writeFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), Buffer.from(weeklyText('2026-W48').replace('saves', 'sp\u00e9cial'), 'latin1'));
    const before = snapshot(dir);
    const run = await rhythmInProcess(dir, ['weekly', '--amend', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^rhythm: .*rhythm\/emea-cs\/weekly\/2026-W48\.md:1: is not valid UTF-8 \(a binary file\?\): save it as UTF-8\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('report --merge of a file that is not UTF-8, or of a folder, is one line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), Buffer.from([0x7b, 0xff, 0x7d]));
    mkdirSync(join(dir, 'b.json'));
    for (const [file, message] of [
      ['a.json', 'a.json:1: is not valid UTF-8 (a binary file?): save it as UTF-8'],
      ['b.json', 'b.json is a folder, not a file'],
    ]) {
      const run = await rhythmInProcess(dir, ['report', '--merge', file!, '--stdout', '--format', 'json']);
      expectNoCrash(run);
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });

  it('check lists a template that is a folder as a problem and goes on with the reviews', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/emea-cs/weekly/2026-W48.md': weeklyText('2026-W47') });
    mkdirSync(join(dir, 'templates/weekly.md'), { recursive: true });
    const run = await rhythmInProcess(dir, ['check']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('templates/weekly.md:1: is a folder, not a file: rename it or move it out of the workbook');
    expect(run.stdout).toContain('rhythm/emea-cs/weekly/2026-W48.md:4: period 2026-W47 does not match the file name 2026-W48.md');
  });
});

describe('writing files', () => {
  it('a replacement that fails half way leaves the old file whole and no temporary file behind', async () => {
    const dir = tempDir({ 'keep/review.md': 'old text\n' });
    // Renaming a file over a non-empty folder fails after the temporary file is written and synced.
    mkdirSync(join(dir, 'keep/folder.md/inside'), { recursive: true });
    await expect(writeAtomic(join(dir, 'keep/folder.md'), 'new text\n')).rejects.toThrow();
    expect(readdirSync(join(dir, 'keep')).sort()).toEqual(['folder.md', 'review.md']);
    expect(read(dir, 'keep/review.md')).toBe('old text\n');
  });

  it('exclusive creation never overwrites: the second writer gets EEXIST and the first text stays', async () => {
    const dir = tempDir();
    const path = join(dir, 'rhythm/weekly/2026-W48.md');
    await createExclusive(path, 'first\n');
    await expect(createExclusive(path, 'second\n')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('first\n');
  });

  it('weekly --amend of a review saved by a Windows editor (BOM, CRLF) keeps every word a person added, written back with its BOM and CRLF', async () => {
    const written = `${weeklyText('2026-W48').replace('scores:', 'mood: sunny  # our own key\nscores:')}\n## Hallway notes\n\n\tAcme wants SSO.\n`;
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'fix.yaml': 'value_confidence: 5\n', 'rhythm/emea-cs/weekly/2026-W48.md': `\uFEFF${written.replace(/\n/g, '\r\n')}` });
    const run = await rhythmInProcess(dir, ['weekly', '--amend', '--answers', 'fix.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(run.code, run.stderr).toBe(0);
    const saved = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(saved.charCodeAt(0)).toBe(0xfeff);
    expect(saved.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const text = saved.slice(1).replace(/\r\n/g, '\n');
    for (const kept of ['mood: sunny # our own key', '## Hallway notes', '\tAcme wants SSO.', '- [ ] Call Acme @ana due:2026-12-01 #acme', '"The export saves our analysts a day." #reporting']) expect(text).toContain(kept);
    expect(text).toContain('value_confidence: 5');
  });

  it('writeAtomic keeps the mode of the file it replaces', async () => {
    const dir = tempDir({ 'x.md': 'old\n' });
    const { chmodSync, statSync } = await import('node:fs');
    chmodSync(join(dir, 'x.md'), 0o600);
    await writeAtomic(join(dir, 'x.md'), 'new\n');
    expect(statSync(join(dir, 'x.md')).mode & 0o777).toBe(0o600);
    expect(read(dir, 'x.md')).toBe('new\n');
  });
});

const DRAFT = 'rhythm/.rhythm/drafts/emea-cs/weekly/2026-W48.json'.replace('rhythm/.rhythm', '.rhythm');

describe('a review that is empty, or that changes while a run answers', () => {
  const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';

  it('an empty review (an older rhythm killed while creating it) does not block its week: weekly writes over it and says so', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS, [REVIEW]: '' });
    const amend = await rhythmInProcess(dir, ['weekly', '--amend', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(amend.code).toBe(1);
    expect(amend.stderr).toBe(`rhythm: ${REVIEW} is empty (an interrupted run left it): run without --amend to write the review\n`);
    const run = await rhythmInProcess(dir, ['weekly', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: ${REVIEW} is empty (an interrupted run left it): the review will be written over it`);
    expect(read(dir, REVIEW)).toContain('value_confidence: 3');
    const again = await rhythmInProcess(dir, ['weekly', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(again.stderr).toContain('already exists: run with --amend');
  });

  it('an empty rhythm.yaml (an older rhythm init killed while creating it) does not block rhythm init', async () => {
    const dir = tempDir({ 'rhythm.yaml': '' });
    const run = await rhythmInProcess(dir, ['init']);
    expect(run.code, run.stderr).toBe(0);
    expect(read(dir, 'rhythm.yaml')).toContain('workbook: rhythm');
    expect((await rhythmInProcess(dir, ['init'])).stderr).toContain('a workbook already exists here (rhythm.yaml)');
  });

  /** The answers of the interactive amend below; at value_confidence someone else saves the file. */
  const amendScript = (meanwhile: () => void) => ({ ...fullWeek, 'customers:item:0': undefined, hard_to_hear: undefined, value_confidence: () => (meanwhile(), 5) });
  const NOTE = '\n## Hallway notes\n\nGlobex: "We feel like a number."\n';
  /** Someone else saves the review: a new answer to a question you left as it was, and a section of their own. */
  const theirs = (dir: string) => () => writeFileSync(join(dir, REVIEW), `${read(dir, REVIEW).replace('Globex onboarding is slow.', 'Globex: "We feel like a number."')}${NOTE}`);

  it('--amend of a review saved by someone else while you answered writes nothing, keeps your answers in the draft, and --amend again resumes them over their change', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const first = scriptedPrompter({ ...fullWeek, hard_to_hear: 'Globex onboarding is slow.' });
    expect(await main(['weekly', '--no-commit', '--date', '2026-11-24'], testContext({ cwd: dir, prompter: first, tty: true }))).toBe(0);
    const context = testContext({ cwd: dir, prompter: scriptedPrompter(amendScript(theirs(dir))), tty: true });
    expect(await main(['weekly', '--amend', '--no-commit', '--date', '2026-11-24'], context)).toBe(1);
    expect(context.err()).toContain(`rhythm: ${REVIEW} changed while you answered: your answers were not written (they are kept in the draft ${DRAFT}); run --amend again\n`);
    expect(context.err()).not.toContain('updated');
    const saved = read(dir, REVIEW);
    expect(saved).toContain(NOTE);
    expect(saved).toContain('value_confidence: 4');
    expect(existsSync(join(dir, DRAFT))).toBe(true);

    const resumed = testContext({ cwd: dir, prompter: scriptedPrompter({ 'draft:resume': true }), tty: true });
    expect(await main(['weekly', '--amend', '--no-commit', '--date', '2026-11-24'], resumed), resumed.err()).toBe(0);
    const { review } = parseReview(read(dir, REVIEW), REVIEW, { fiscalYearStartMonth: 1 });
    expect(review?.scores.value_confidence).toBe(5);
    expect(review?.sections.hard_to_hear).toBe('Globex: "We feel like a number."');
    expect(read(dir, REVIEW)).toContain(NOTE);
    expect(existsSync(join(dir, DRAFT))).toBe(false);
  });

  it('--force of a review saved by someone else meanwhile writes nothing either', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: weeklyText('2026-W48') });
    const context = testContext({ cwd: dir, prompter: scriptedPrompter(amendScript(theirs(dir))), tty: true });
    expect(await main(['weekly', '--force', '--no-commit', '--date', '2026-11-24'], context)).toBe(1);
    expect(context.err()).toContain(`rhythm: ${REVIEW} changed while you answered: your answers were not written (they are kept in the draft ${DRAFT}); run --force again\n`);
    expect(read(dir, REVIEW)).toContain(NOTE);
    expect(read(dir, REVIEW)).toContain('value_confidence: 3');
  });
});



/** A weekly answered from start to end through the scripted prompter (no draft to resume). */
const fullWeek = {
  participants: [['ana', 'bo']],
  'participants:others': '',
  customers: ['acme', 'done'],
  'heard:acme': [''],
  'flags:customer': 'done',
  value: [''],
  hard_to_hear: '',
  assumptions: '',
  value_confidence: 4,
  actions: [''],
};

describe('a corrupt draft is ignored, never resumed into a crash', () => {
  const valid = { version: 1, savedAt: '2026-11-24T10:00:00.000Z', participants: ['ana'], answers: { value_confidence: 3 }, answered: ['value_confidence'], actionDecisions: [], flagDecisions: [], newCustomers: [] };

  it.each<[string, string]>([
    ['cut short by a crash', JSON.stringify(valid).slice(0, 40)],
    ['not JSON at all', '\u0000\u0001binary'],
    ['an older shape without savedAt', JSON.stringify({ ...valid, savedAt: undefined })],
    ['decisions that are not lists', JSON.stringify({ ...valid, actionDecisions: 'done' })],
    ['an unknown decision', JSON.stringify({ ...valid, actionDecisions: ['maybe'] })],
    ['an answer of the wrong shape', JSON.stringify({ ...valid, answers: { actions: [{ state: 'open' }] } })],
    ['participants that are not names', JSON.stringify({ ...valid, participants: [1, 2] })],
    ['a new customer without a name', JSON.stringify({ ...valid, newCustomers: [{ id: 'x' }] })],
  ])('%s: readDraft gives nothing', (_name, text) => {
    const dir = tempDir({ [DRAFT]: text });
    expect(readDraft(join(dir, DRAFT))).toBeUndefined();
  });

  it('a valid draft still reads', () => {
    const dir = tempDir({ [DRAFT]: JSON.stringify(valid) });
    expect(readDraft(join(dir, DRAFT))).toEqual(valid);
  });

  it('weekly with a corrupt draft asks every question, writes the review and removes the draft', async () => {
    const dir = tempDir({ 'rhythm.yaml': `${CONFIG}git:\n  commit: false\n`, 'rhythm/customers.yaml': REGISTRY, [DRAFT]: JSON.stringify({ ...valid, savedAt: 42, actionDecisions: null }) });
    const prompter = scriptedPrompter(fullWeek);
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly'], context), context.err()).toBe(0);
    expect(prompter.asked).not.toContain('draft:resume');
    expect(existsSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'))).toBe(true);
    expect(existsSync(join(dir, DRAFT))).toBe(false);
  });
});

describe('parseAnswersText: an answers file is parsed as safely as front matter', () => {
  it.each<[string, string, string]>([
    ['a custom tag', 'customers: !custom [acme]\n', 'a.yaml:1:12: custom YAML tags are not allowed in the answers file'],
    ['a js-yaml function tag', 'value: !!js/function "function () {}"\n', 'a.yaml:1:8: custom YAML tags are not allowed in the answers file'],
    ['a duplicate key', 'customers: [acme]\ncustomers: [globex]\n', 'a.yaml:2:1: duplicate key in the answers file: keep one'],
    ['an alias bomb', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n', 'a.yaml:1: the answers file uses too many YAML aliases'],
    ['tabs as indentation', 'value:\n\t- a\n', 'a.yaml:2:1: tabs cannot indent YAML: indent the answers file with spaces'],
    ['a list instead of a map', '- acme\n', 'a.yaml:1: answers must be a set of `key: value` lines'],
    ['broken YAML', 'customers: [acme\n', 'a.yaml:2:1: the answers file is not valid YAML'],
    ['more than a megabyte', `value: "${'x'.repeat(1_100_000)}"\n`, 'a.yaml:1: the answers file is larger than 1024 KB'],
  ])('refuses %s in one line', (_name, text, message) => {
    expect(() => parseAnswersText(text, 'a.yaml')).toThrow(UserError);
    expect(() => parseAnswersText(text, 'a.yaml')).toThrow(message);
  });

  it('reads YAML and JSON, with a byte-order mark and CRLF line ends, keeping dates as text', () => {
    expect(parseAnswersText('\uFEFFcustomers: [acme]\r\nvalue_confidence: 3\r\ndue: 2026-12-01\r\n', 'a.yaml')).toEqual({ customers: ['acme'], value_confidence: 3, due: '2026-12-01' });
    expect(parseAnswersText('{"customers": ["acme"], "value_confidence": 3}', 'a.json')).toEqual({ customers: ['acme'], value_confidence: 3 });
    expect(parseAnswersText('', 'a.yaml')).toEqual({});
  });
});

describe('a code fence never closed', () => {
  const text = weeklyText('2026-W48', { body: '\n## Notes\n\n```\nsome code\n\n## What value did we deliver?  <!-- q:value -->\n\n- [ ] Hidden action @bo\n' });
  const review = parseReview(text, 'rhythm/emea-cs/weekly/2026-W48.md', { fiscalYearStartMonth: 1 }).review!;
  const place = { ritual: 'weekly', label: '2026-W48', team: 'emea-cs', text };
  const context = { config: { ...defaultConfig(), teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }, customers: new Set<string>(), templates: new Map() };

  it('hides the answers and actions after it, and check says so at the fence', () => {
    expect(review.sections.value).toBeUndefined();
    expect(review.actions.map((action) => action.title)).toEqual(['Call Acme']);
    const fenceLine = text.split('\n').indexOf('```') + 1;
    expect(checkReview(review, place, context)).toEqual([
      { file: review.file, line: fenceLine, message: 'this code fence (```) is never closed, so it hides 1 answer heading and 1 action after it: close it with a line ```', severity: 'error' },
    ]);
  });

  it('closed, or hiding nothing of rhythm\'s, it is fine', () => {
    const closed = text.replace('some code\n', 'some code\n```\n');
    expect(checkReview(parseReview(closed, 'r.md', { fiscalYearStartMonth: 1 }).review!, { ...place, text: closed }, context)).toEqual([]);
    const harmless = weeklyText('2026-W48', { body: '\n## Notes\n\n~~~\nlast lines of code\n' });
    expect(checkReview(parseReview(harmless, 'r.md', { fiscalYearStartMonth: 1 }).review!, { ...place, text: harmless }, context)).toEqual([]);
  });
});

describe('terminal escape sequences in a review', () => {
  // OSC 52 writes the terminal's clipboard; CSI 2J clears the screen.
  const text = weeklyText('2026-W48', { body: '\n- [ ] Call \u001b]52;c;ZWNobyBwd25lZA==\u0007Acme \u001b[2J @ana\n' });

  it('check reports each line holding a control character, as an error', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/emea-cs/weekly/2026-W48.md': text });
    const run = await rhythmInProcess(dir, ['check']);
    expect(run.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('\u001b')) + 1;
    expect(run.stdout.trimEnd().split('\n')).toEqual([`rhythm/emea-cs/weekly/2026-W48.md:${line}: contains the control character U+001B (it starts a terminal escape sequence): remove it`]);
  });

  it('actions does not print them to the terminal raw', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/emea-cs/weekly/2026-W48.md': text });
    const run = await rhythmInProcess(dir, ['actions', '--date', '2026-11-24']);
    expect(run.stdout).toContain('Call');
    expect(run.stdout).not.toContain('\u001b');
  });
});

describe('reviews kept as symbolic links', () => {
  it('a review kept as a symbolic link (supported by --force, see git-faults) is checked and rolled up', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'elsewhere/2026-W48.md': weeklyText('2026-W48') });
    mkdirSync(join(dir, 'rhythm/emea-cs/weekly'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere/2026-W48.md'), join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'));
    const run = await rhythmInProcess(dir, ['check']);
    expect(run.stderr).toContain('checked 1 review file');
  });
});
