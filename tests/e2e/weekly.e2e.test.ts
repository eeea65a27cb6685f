import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CONFIG, copyOf, git, initRepo, read, REGISTRY, rhythm, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

const ANSWERS = `participants: [ana, bo]
customers: [acme, globex]
heard:
  acme: ['"The export saves our analysts a day each month." #reporting']
flags:
  - customer: globex
    reason: onboarding stalled, no trained admin
value: ['Acme: export adopted by 12 analysts (evidence: usage data)']
value_confidence: 3
actions:
  - "Call Globex's sponsor @ana due:2026-11-27 #globex"
  - title: Run admin training for Globex
    owner: bo
    due: 2026-12-01
`;

/** A repository where `rhythm init --team emea-cs` ran (and committed), with a registry and answers: set up once, copied for each test. */
let initialisedOnce: string;
beforeAll(() => {
  initialisedOnce = initRepo(mkdtempSync(join(tmpdir(), 'rhythm-test-initialised-')));
  const result = rhythm(initialisedOnce, ['init', '--team', 'emea-cs']);
  expect(result.code, result.stderr).toBe(0);
  writeFiles(initialisedOnce, { 'rhythm/customers.yaml': REGISTRY, 'answers.yaml': ANSWERS });
});
afterAll(() => rmSync(initialisedOnce, { recursive: true, force: true }));

function initialised(): string {
  return copyOf(initialisedOnce);
}

describe('rhythm init', () => {
  it('writes the config, the registry and the draft ignore rule, and refuses to clobber', () => {
    const dir = tempRepo();
    const first = rhythm(dir, ['init']);
    expect(first.code, first.stderr).toBe(0);
    expect(read(dir, 'rhythm.yaml')).toContain('fiscalYearStartMonth: 1');
    expect(read(dir, 'rhythm/customers.yaml')).toContain('id: acme');
    expect(read(dir, '.gitignore')).toContain('.rhythm/');
    const second = rhythm(dir, ['init']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^rhythm: a workbook already exists here \(rhythm.yaml\)/);
  });

  it('warns outside a git repository but still sets up', () => {
    const dir = tempDir();
    const result = rhythm(dir, ['init']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not a git repository');
  });
});

describe('rhythm weekly --answers', () => {
  it('writes the week\'s review from an answers file and commits it', () => {
    const dir = initialised();
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('rhythm/emea-cs/weekly/2026-W48.md\n');
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(text).toContain('period: 2026-W48');
    expect(text).toContain('- [ ] Call Globex\'s sponsor @ana due:2026-11-27 #globex');
    expect(text).toContain('- Acme Corp: "The export saves our analysts a day each month." #reporting');
    expect(git(dir, 'log', '--format=%s')).toContain('rhythm: weekly review 2026-W48 (emea-cs)');
  });

  it('reads answers from stdin with --answers -', () => {
    const dir = initialised();
    const before = git(dir, 'rev-list', '--all', '--count').trim();
    const result = rhythm(dir, ['weekly', '--answers', '-', '--no-commit', '--date', '2026-11-24'], { input: ANSWERS });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W48.md`)).toBe(true);
    expect(git(dir, 'rev-list', '--all', '--count').trim()).toBe(before);
  });

  it('carries open actions and flags into the next week, with decisions from the answers file', () => {
    const dir = initialised();
    expect(rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']).code).toBe(0);
    writeFiles(dir, {
      'next.yaml': `customers: [acme]\nvalue_confidence: 4\ncarry:\n  actions:\n    Call Globex: done\n  flags:\n    globex:\n      status: open\n      reason: admin trained, usage flat\n`,
    });
    const result = rhythm(dir, ['weekly', '--answers', 'next.yaml', '--date', '2026-12-02']);
    expect(result.code, result.stderr).toBe(0);
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W49.md');
    expect(text).toContain('- [x] Call Globex\'s sponsor @ana due:2026-11-27 #globex since:2026-W48');
    expect(text).toContain('- [ ] Run admin training for Globex @bo due:2026-12-01 since:2026-W48');
    expect(text).toMatch(/flags:\n {2}- customer: globex\n {4}reason: admin trained, usage flat\n {4}since: 2026-W48/);
    // init's commit, then one a review.
    expect(git(dir, 'log', '--format=%s').trim().split('\n').slice(0, 2)).toEqual(['rhythm: weekly review 2026-W49 (emea-cs)', 'rhythm: weekly review 2026-W48 (emea-cs)']);
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toHaveLength(3);
  });

  it('carries what weeks written by hand left open with the week the ledger says it opened, not the last week that copied it', () => {
    // Two weeks written by hand, the second a copy of the first's open action and flag, neither with since:.
    const week = (label: string, day: string) =>
      `---\nrhythm: 1\nritual: weekly\nperiod: ${label}\nteam: emea-cs\ndate: ${day}\nparticipants: [ana, bo]\ncustomers: [acme]\nflags:\n  - customer: acme\n    reason: onboarding stalled, no admin assigned\n---\n# Weekly ${label}\n\n## Actions <!-- q:actions -->\n- [ ] Call Acme's sponsor about the admin @ana\n`;
    const dir = tempRepo({
      'rhythm.yaml': CONFIG,
      'rhythm/customers.yaml': REGISTRY,
      'rhythm/emea-cs/weekly/2026-W46.md': week('2026-W46', '2026-11-10'),
      'rhythm/emea-cs/weekly/2026-W47.md': week('2026-W47', '2026-11-17'),
      'next.yaml': 'customers: [acme]\nvalue_confidence: 2\ncarry:\n  actions: { Call Acme: open }\n  flags: { acme: open }\n',
    });
    const before = JSON.parse(rhythm(dir, ['actions', '--json', '--date', '2026-11-24']).stdout) as { actions: { id: string; since: string }[] };
    expect(before.actions.map((action) => action.since)).toEqual(['2026-W46']);
    const result = rhythm(dir, ['weekly', '--answers', 'next.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(result.code, result.stderr).toBe(0);
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(text).toContain("- [ ] Call Acme's sponsor about the admin @ana since:2026-W46");
    expect(text).toMatch(/flags:\n {2}- customer: acme\n {4}reason: onboarding stalled, no admin assigned\n {4}since: 2026-W46\n/);
    // Still one action, opened in W46, which this week's review now carries: no copy of it opened in W47.
    const after = JSON.parse(rhythm(dir, ['actions', '--json', '--date', '2026-11-25']).stdout) as { actions: { id: string; since: string; lastSeen: string }[] };
    expect(after.actions.map(({ id, since, lastSeen }) => ({ id, since, lastSeen }))).toEqual([{ id: before.actions[0]!.id, since: '2026-W46', lastSeen: '2026-W48' }]);
    expect(rhythm(dir, ['check']).code).toBe(0);
  });

  it('--amend takes new answers and keeps the rest', () => {
    const dir = initialised();
    expect(rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']).code).toBe(0);
    writeFiles(dir, { 'fix.yaml': 'value_confidence: 2\nassumptions: Globex wants a dedicated admin\n' });
    const result = rhythm(dir, ['weekly', '--amend', '--answers', 'fix.yaml', '--date', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(text).toContain('value_confidence: 2');
    expect(text).toContain('Globex wants a dedicated admin');
    expect(text).toContain('- [ ] Run admin training for Globex @bo due:2026-12-01');
    expect(git(dir, 'log', '-1', '--format=%s')).toContain('amended');
  });

  it('never overwrites an existing review without --force or --amend', () => {
    const dir = initialised();
    expect(rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']).code).toBe(0);
    const before = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    const again = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('rhythm/emea-cs/weekly/2026-W48.md already exists: run with --amend');
    expect(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md')).toBe(before);
  });

  it('--dry-run prints the file and writes nothing', () => {
    const dir = initialised();
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--dry-run', '--week', '2026-W53']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('# Weekly customer review — 2026-W53, Mon 28 Dec 2026 – Sun 3 Jan 2027 (emea-cs)');
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W53.md`)).toBe(false);
  });

  it('refuses bad answers before writing anything', () => {
    const dir = initialised();
    writeFiles(dir, { 'bad.yaml': 'customers: [acme, hooli]\nvalue_confidence: 9\nmood: great\n' });
    const result = rhythm(dir, ['weekly', '--answers', 'bad.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown question id "mood"');
    expect(result.stderr).toContain('unknown customer "hooli"');
    expect(result.stderr).toContain('9 is outside the scale 1–5');
    expect(existsSync(`${dir}/rhythm/emea-cs`)).toBe(false);
  });

  it('names missing required answers', () => {
    const dir = initialised();
    writeFiles(dir, { 'partial.yaml': 'customers: [acme]\n' });
    const result = rhythm(dir, ['weekly', '--answers', 'partial.yaml', '--no-input']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing required answers: value_confidence');
  });

  it('writes the file outside a git repository and says it did not commit', () => {
    const dir = tempDir({ 'rhythm.yaml': 'workbook: rhythm\n', 'answers.yaml': ANSWERS.replace(/customers: \[acme, globex\]/, 'customers: [acme, globex]') });
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: not inside a git repository');
    expect(existsSync(`${dir}/rhythm/weekly/2026-W48.md`)).toBe(true);
  });

  it('--edit opens the written file in $EDITOR before committing it', () => {
    const dir = initialised();
    const editor = `sh -c 'printf "\\n## Notes\\n\\nWritten in the editor.\\n" >> "$1"' editor`;
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24', '--edit'], { env: { EDITOR: editor } });
    expect(result.code, result.stderr).toBe(0);
    expect(git(dir, 'show', 'HEAD:rhythm/emea-cs/weekly/2026-W48.md')).toContain('Written in the editor.');
  });

  it('--edit without $EDITOR keeps the written file and says how to set one', () => {
    const dir = initialised();
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--date', '2026-11-24', '--edit'], { env: { EDITOR: '', VISUAL: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rhythm/emea-cs/weekly/2026-W48.md was written but not committed: no editor set: set $EDITOR');
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W48.md`)).toBe(true);
  });

  it('--last reviews the previous week', () => {
    const dir = initialised();
    const result = rhythm(dir, ['weekly', '--answers', 'answers.yaml', '--last', '--date', '2027-01-04', '--no-commit']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('rhythm/emea-cs/weekly/2026-W53.md\n');
  });
});

// No clock decides these: a run that waited for a prompt or for stdin would never end by itself,
// and is killed after 20 s (it takes a fraction of a second), so it has no exit code 2.
describe('never hang', () => {
  it('fails at once without a terminal and without answers', () => {
    const dir = initialised();
    const result = rhythm(dir, ['weekly']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass answers with --answers');
  });

  it('fails at once when stdin is open but silent (like `sleep 6 | rhythm weekly`)', async () => {
    const dir = initialised();
    const child = spawn(process.execPath, [BIN, 'weekly'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    // stdin stays open, and says nothing, until rhythm has exited.
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (...ended) => resolve(ended)));
    clearTimeout(killer);
    child.stdin.destroy();
    expect(signal, 'killed: rhythm waited for stdin').toBeNull();
    expect(code).toBe(2);
    expect(stderr).toContain('--answers');
  });
});

describe('usage errors', () => {
  it('suggests the command meant and exits 2', () => {
    const result = rhythm(tempDir(), ['weeky']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean weekly?');
  });

  it('explains a missing workbook in one line', () => {
    const result = rhythm(tempDir(), ['weekly', '--answers', '-'], { input: 'customers: [a]' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('no rhythm.yaml found');
  });

  it('rejects a week that does not exist', () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG });
    const result = rhythm(dir, ['weekly', '--week', '2025-W53', '--answers', '-', '--team', 'emea-cs'], { input: ANSWERS });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2025 has 52 ISO weeks');
  });
});
