/**
 * Issue 5, "Safe parsing" and "One bad file never sinks the rest", through the built CLI: every
 * kind of broken review file has a defined behaviour and a `file:line` message; `check` lists them
 * all; `report`, `status`, `actions` and `customers` skip each with one warning line and count
 * them, and fail with `--strict`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempRepo } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, pool, REGISTRY, rhythmAsync, rhythmInProcess, weeklyText } from './helpers.js';

const W = (week: number) => `rhythm/emea-cs/weekly/2026-W${String(week).padStart(2, '0')}.md`;

const aliasBomb = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefgh'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[index]}`).join(', ')}]`),
].join('\n');

/** Broken files: file, content, and the `file:line[:col]: message` start check must print. */
const BROKEN: [name: string, file: string, content: string | Buffer, expected: string][] = [
  ['an empty file', W(30), '', `${W(30)}:1: is empty: delete it or run the ritual again with --force`],
  ['a file with no front matter', W(31), '# Notes from the week\n\nWe met Acme.\n', `${W(31)}:1: has no front matter`],
  ['front matter never closed', W(32), '---\nrhythm: 1\nritual: weekly\nperiod: 2026-W32\n\n# Weekly\n', `${W(32)}:1: front matter is opened with --- but never closed`],
  ['a binary file (PNG bytes)', W(33), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8]), `${W(33)}:1: is not valid UTF-8 (a binary file?)`],
  ['text with NUL bytes', W(29), `${weeklyText('2026-W29')}\u0000\u0000`, `${W(29)}:1: is a binary file, not a markdown review`],
  ['a Latin-1 (non-UTF-8) file', W(34), Buffer.from(weeklyText('2026-W34').replace('saves', 'sp\u00e9cial'), 'latin1'), `${W(34)}:1: is not valid UTF-8`],
  ['a custom YAML tag', W(35), weeklyText('2026-W35').replace('ritual: weekly', 'ritual: !custom weekly'), `${W(35)}:3:9: custom YAML tags are not allowed in front matter`],
  ['a js-yaml function tag', W(36), weeklyText('2026-W36').replace('team: emea-cs', 'team: !!js/function "function () { return 1 }"'), `${W(36)}:5:7: custom YAML tags are not allowed in front matter`],
  ['an alias bomb', W(37), weeklyText('2026-W37').replace('participants: [ana, bo]', aliasBomb), `${W(37)}:2: front matter uses too many YAML aliases`],
  ['front matter over 64 KB', W(38), weeklyText('2026-W38').replace('participants: [ana, bo]', `notes: "${'x'.repeat(70_000)}"`), `${W(38)}:2: front matter is larger than 64 KB: move long text into the body`],
  ['a duplicate key', W(39), weeklyText('2026-W39').replace('team: emea-cs', 'team: emea-cs\nperiod: 2026-W40'), `${W(39)}:6:1: duplicate key in front matter: keep one`],
  ['tabs indenting front matter', W(40), weeklyText('2026-W40').replace('  value_confidence', '\tvalue_confidence'), `${W(40)}:11:1: tabs cannot indent YAML: indent front matter with spaces`],
  ['---js front matter', W(41), weeklyText('2026-W41').replace(/^---\n/, '---js\n'), `${W(41)}:1: front matter must be YAML, not "js": rhythm never runs code in files`],
  ['a YAML syntax error', W(42), weeklyText('2026-W42').replace('customers: [acme]', 'customers: [acme'), `${W(42)}:9:1: front matter is not valid YAML`],
  ['front matter that is a list', W(43), '---\n- rhythm\n- weekly\n---\n# x\n', `${W(43)}:2: front matter must be a set of \`key: value\` lines`],
];

/** Valid files in the forms Windows editors and hand edits produce: read as if written by rhythm. */
const GOOD: Record<string, string | Buffer> = {
  [W(44)]: `\uFEFF${weeklyText('2026-W44', { date: '2026-10-27' })}`.replace(/\n/g, '\r\n'),
  [W(45)]: weeklyText('2026-W45', { date: '2026-11-03', body: '\n## Notes\n\n\tIndented\twith tabs.\n' }).replace('ritual: weekly', 'ritual:\tweekly'),
  [W(46)]: weeklyText('2026-W46', { date: '2026-11-10' }).replace(/\n/g, '\r'),
};

function workbook(): string {
  const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
  // Buffers keep their exact bytes (writeFiles of the shared helpers takes text).
  for (const [file, content] of [...BROKEN.map(([, file, content]) => [file, content] as const), ...Object.entries(GOOD)]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

describe('each kind of broken file has a defined behaviour and a file:line message', () => {
  it('check lists every broken file with its line (and only those), exit 1', async () => {
    const dir = workbook();
    const run = await rhythmAsync(dir, ['check']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const [name, , , expected] of BROKEN) expect(lines.some((line) => line.startsWith(expected)), `${name}: ${expected}\n${run.stdout}`).toBe(true);
    expect(lines).toHaveLength(BROKEN.length);
    for (const good of Object.keys(GOOD)) expect(run.stdout).not.toContain(good);
    expect(run.stderr).toContain(`checked ${BROKEN.length + Object.keys(GOOD).length} review files`);
    expect(run.stderr).toContain(`${BROKEN.length} errors`);
  });
});

describe('one bad file never sinks the rest', () => {
  it('report, status, actions and customers skip each broken file with one warning line, count them, and use the good ones', async () => {
    const dir = workbook();
    const [report, status, actions, customers] = await pool(
      [
        ['report', '--year', '--date', '2026-11-24', '--format', 'json', '--stdout'],
        ['status', '--date', '2026-11-24', '--json'],
        ['actions', '--date', '2026-11-24', '--json'],
        ['customers', '--date', '2026-11-24', '--json'],
      ],
      2,
      (args) => rhythmAsync(dir, args),
    );
    for (const run of [report!, status!, actions!, customers!]) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      const warnings = run.stderr.trimEnd().split('\n');
      for (const [, , , expected] of BROKEN) expect(warnings.filter((line) => line.startsWith(`warning: skipped: ${expected}`))).toHaveLength(1);
      expect(warnings).toContain(`warning: ${BROKEN.length} review files skipped (run rhythm check for details)`);
      expect(warnings).toHaveLength(BROKEN.length + 1);
    }
    const rollup = JSON.parse(report!.stdout) as { teams: { cadence: { ritual: string; held: string[] }[]; customers: { customer: string; contactWeeks: string[] }[] }[] };
    expect(rollup.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!.held).toEqual(['2026-W44', '2026-W45', '2026-W46']);
    expect(rollup.teams[0]!.customers.find((row) => row.customer === 'acme')!.contactWeeks).toEqual(['2026-W44', '2026-W45', '2026-W46']);
    // The three good weeks each list the open "Call Acme": one action, copied forward.
    expect((JSON.parse(actions!.stdout) as { actions: { title: string; file: string }[] }).actions.map((action) => [action.title, action.file])).toEqual([['Call Acme', 'rhythm/emea-cs/weekly/2026-W46.md']]);
    expect((JSON.parse(customers!.stdout) as { customers: { id: string; weeksInContact: number }[] }).customers.find((c) => c.id === 'acme')!.weeksInContact).toBe(3);
    expect((JSON.parse(status!.stdout) as { teams: { actions: { open: number } }[] }).teams[0]!.actions.open).toBe(1);
  });

  it('--strict makes them fail with every problem listed, exit 1, and report writes nothing', async () => {
    const dir = workbook();
    const runs = await pool(
      [
        ['report', '--year', '--date', '2026-11-24', '--strict'],
        ['status', '--date', '2026-11-24', '--strict'],
        ['actions', '--date', '2026-11-24', '--strict'],
        ['customers', '--date', '2026-11-24', '--strict'],
      ],
      2,
      (args) => rhythmAsync(dir, args),
    );
    for (const run of runs) {
      expectRefused(run, { message: `${BROKEN.length} review files have problems: fix them (rhythm check) or drop --strict` });
      for (const [, , , expected] of BROKEN) expect(run.stderr).toContain(expected);
      expect(run.stdout).toBe('');
    }
    expect(existsSync(join(dir, 'rhythm/reports'))).toBe(false);
  });
});

describe('check reports all problems, not just the first', () => {
  it('lists every problem of the config, the registry and each review, sorted by file and line', async () => {
    const many = weeklyText('2026-W47', { date: '2026-02-30', customers: ['acme', 'hooli'], score: 9, body: '\n- [ ] Send the deck due:soon\n- [] Malformed task\n\n## Again  <!-- q:heard -->\n' });
    const dir = tempRepo({
      'rhythm.yaml': `${CONFIG}colour: blue\n`,
      'rhythm/customers.yaml': `${REGISTRY}  - id: ../../etc\n    name: Escape\n`,
      [W(47)]: many,
      [W(48)]: weeklyText('2026-W49'),
    });
    const run = await rhythmAsync(dir, ['check']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const bodyLine = (text: string) => many.split('\n').findIndex((line) => line.includes(text)) + 1;
    expect(lines).toEqual([
      `rhythm.yaml:6: warning: colour: unknown key, ignored (known keys: workbook, fiscalYearStartMonth, teams, rituals, git, escalateAfterWeeks, notify)`,
      `rhythm/customers.yaml:8: customers[3]: id "../../etc" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)`,
      `${W(47)}:6: date: "2026-02-30" is not a date: use YYYY-MM-DD`,
      `${W(47)}:8: unknown customer "hooli": add it to customers.yaml or fix the id`,
      `${W(47)}:10: scores.value_confidence: 9 is outside the scale 1–5`,
      `${W(47)}:${bodyLine('due:soon')}: action "Send the deck": due:soon is not a date: use due:YYYY-MM-DD`,
      `${W(47)}:${bodyLine('- []')}: warning: "- [] Malformed task" is not read as an action: write the box as "[ ]" (open), "[x]" (done) or "[-]" (dropped)`,
      `${W(47)}:${bodyLine('## Again')}: the marker q:heard appears twice: keep one`,
      `${W(48)}:4: period 2026-W49 does not match the file name 2026-W48.md: rename the file or fix the period`,
    ]);
    expect(run.stderr).toContain('7 errors, 2 warnings');
  });
});

describe('status counts only reviews it can read', () => {
  it('status does not count a week whose file cannot be read as held (report does not)', async () => {
    const dir = tempDir({
      'rhythm.yaml': CONFIG,
      'rhythm/customers.yaml': REGISTRY,
      [W(46)]: weeklyText('2026-W46', { date: '2026-11-10' }),
      [W(47)]: '---js\n{ ritual: "weekly" }\n---\n',
      [W(48)]: weeklyText('2026-W48'),
    });
    const run = await rhythmInProcess(dir, ['status', '--date', '2026-11-24', '--json']);
    const weekly = (JSON.parse(run.stdout) as { teams: { rituals: { ritual: string; streak: number }[] }[] }).teams[0]!.rituals.find((r) => r.ritual === 'weekly')!;
    // Today: streak 3, counting the unreadable 2026-W47 as held.
    expect(weekly.streak).toBe(1);
  });
});

describe('skipped means skipped', () => {
  it('a file read with a non-fatal error is warned about as "skipped" although it is rolled up', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [W(47)]: weeklyText('2026-W47', { date: '2026-02-30' }) });
    const run = await rhythmAsync(dir, ['report', '--quarter', '--date', '2026-11-24', '--format', 'json', '--stdout']);
    const said = run.stderr.includes(`skipped: ${W(47)}:6:`);
    const rollup = JSON.parse(run.stdout) as { teams: { cadence: { ritual: string; held: string[] }[] }[] };
    const used = rollup.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!.held.includes('2026-W47');
    // Either skip the file or do not call it skipped; today both happen.
    expect(said && used).toBe(false);
  });
});
