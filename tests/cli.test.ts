import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../src/cli.js';
import { ExitCode } from '../src/errors.js';
import { testContext } from './helpers/context.js';
import { tempDir } from './helpers/workbook.js';

/**
 * The wiring alone: argv in, the command's options out. Every command is replaced by a spy, so
 * nothing runs; what a command does with its options is tested elsewhere.
 */
const calls: { command: string; options: unknown }[] = [];
const spy = (command: string) => async (_env: unknown, ...args: unknown[]) => {
  calls.push({ command, options: args.length === 1 ? args[0] : args });
  return 0;
};

vi.mock('../src/commands/init/index.js', () => ({ init: spy('init') }));
vi.mock('../src/commands/ritual/index.js', () => ({ runRitual: spy('ritual') }));
vi.mock('../src/commands/report.js', async (importOriginal) => ({ ...(await importOriginal<object>()), report: spy('report') }));
vi.mock('../src/commands/status.js', () => ({ status: spy('status') }));
vi.mock('../src/commands/actions.js', () => ({ actions: spy('actions') }));
vi.mock('../src/commands/customers.js', () => ({ customers: spy('customers') }));
vi.mock('../src/commands/brief.js', async (importOriginal) => ({ ...(await importOriginal<object>()), brief: spy('brief') }));
vi.mock('../src/commands/notify.js', () => ({ notify: spy('notify') }));
vi.mock('../src/commands/check.js', () => ({ check: spy('check') }));
vi.mock('../src/commands/open.js', () => ({ open: spy('open') }));
vi.mock('../src/commands/capture/index.js', () => ({ heard: spy('heard'), flag: spy('flag'), action: spy('action'), done: spy('done') }));
vi.mock('../src/commands/complete.js', () => ({ complete: spy('complete') }));

async function parse(argv: string[]): Promise<{ command: string; options: unknown }> {
  const context = testContext({ cwd: '/work' });
  await createProgram(context, { exitCode: ExitCode.ok }).parseAsync(argv, { from: 'user' });
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

afterEach(() => {
  calls.length = 0;
});

const ritualDefaults = { date: undefined, last: false, team: undefined, answers: undefined, input: true, edit: false, dryRun: false, commit: true, amend: false, force: false };

const table: [argv: string, command: string, options: unknown][] = [
  ['init', 'init', { workbook: 'rhythm', teams: [], fiscalYearStartMonth: '1', ci: undefined, force: false }],
  [
    'init --workbook reviews --team emea-cs --team apac-cs --fiscal-year-start 2 --ci github --force',
    'init',
    { workbook: 'reviews', teams: ['emea-cs', 'apac-cs'], fiscalYearStartMonth: '2', ci: 'github', force: true },
  ],
  ['weekly', 'ritual', { ...ritualDefaults, ritual: 'weekly', periodFlag: 'week', period: undefined }],
  [
    'weekly --week 2026-W48 --team emea-cs --answers a.yaml --no-input --no-commit --dry-run --edit',
    'ritual',
    { ...ritualDefaults, ritual: 'weekly', periodFlag: 'week', period: '2026-W48', team: 'emea-cs', answers: 'a.yaml', input: false, commit: false, dryRun: true, edit: true },
  ],
  ['weekly --last --amend', 'ritual', { ...ritualDefaults, ritual: 'weekly', periodFlag: 'week', period: undefined, last: true, amend: true }],
  ['weekly --date 2026-11-10 --force', 'ritual', { ...ritualDefaults, ritual: 'weekly', periodFlag: 'week', period: undefined, date: '2026-11-10', force: true }],
  ['quarterly --quarter FY2027-Q3', 'ritual', { ...ritualDefaults, ritual: 'quarterly', periodFlag: 'quarter', period: 'FY2027-Q3' }],
  ['annual --year 2026', 'ritual', { ...ritualDefaults, ritual: 'annual', periodFlag: 'year', period: '2026' }],
  ['new monthly --period 2026-11 --team product', 'ritual', { ...ritualDefaults, ritual: 'monthly', periodFlag: 'period', period: '2026-11', team: 'product' }],
  [
    'report',
    'report',
    { week: undefined, quarter: undefined, year: undefined, date: undefined, team: undefined, out: undefined, merge: undefined, site: undefined, stdout: false, strict: false, force: false, full: false, formats: ['md', 'json', 'html'] },
  ],
  ['report --year --full', 'report', expect.objectContaining({ year: true, full: true })],
  ['report --quarter', 'report', expect.objectContaining({ quarter: true, week: undefined, year: undefined })],
  // One format fits on stdout: markdown unless --format says otherwise.
  ['report --stdout', 'report', expect.objectContaining({ stdout: true, formats: ['md'] })],
  ['report --stdout --format json', 'report', expect.objectContaining({ stdout: true, formats: ['json'] })],
  [
    'report --year FY2027 --team emea-cs --format md,HTML,md --stdout --strict --date 2026-11-30',
    'report',
    expect.objectContaining({ year: 'FY2027', team: 'emea-cs', formats: ['md', 'html'], stdout: true, strict: true, date: '2026-11-30' }),
  ],
  ['report --merge a.json b.json --out org', 'report', expect.objectContaining({ merge: ['a.json', 'b.json'], out: 'org' })],
  ['report --out org --force', 'report', expect.objectContaining({ out: 'org', force: true })],
  // A site is HTML pages: that is the format unless --format says otherwise (and report refuses any other).
  ['report --site site', 'report', expect.objectContaining({ site: 'site', formats: ['html'], out: undefined, stdout: false })],
  ['report --year FY2027 --date 2026-11-30 --site public --force', 'report', expect.objectContaining({ site: 'public', year: 'FY2027', date: '2026-11-30', force: true, formats: ['html'] })],
  ['report --site site --format md', 'report', expect.objectContaining({ site: 'site', formats: ['md'] })],
  ['status', 'status', { team: undefined, date: undefined, json: false, strict: false, failOn: [] }],
  ['status --team emea-cs --json --fail-on overdue escalated --strict', 'status', { team: 'emea-cs', date: undefined, json: true, strict: true, failOn: ['overdue', 'escalated'] }],
  ['actions', 'actions', { owner: undefined, tag: undefined, team: undefined, date: undefined, overdue: false, json: false, strict: false }],
  ['actions --owner @ana --tag globex --overdue --date 2026-12-01 --json', 'actions', { owner: '@ana', tag: 'globex', team: undefined, date: '2026-12-01', overdue: true, json: true, strict: false }],
  ['customers', 'customers', { id: undefined, team: undefined, date: undefined, json: false, strict: false }],
  ['customers globex --team emea-cs --json', 'customers', { id: 'globex', team: 'emea-cs', date: undefined, json: true, strict: false }],
  [
    'notify',
    'notify',
    { since: undefined, date: undefined, dryRun: false },
  ],
  ['notify --since 4f2a9c1 --dry-run', 'notify', { since: '4f2a9c1', date: undefined, dryRun: true }],
  ['notify --since 2026-11-20 --date 2026-11-30', 'notify', { since: '2026-11-20', date: '2026-11-30', dryRun: false }],
  [
    'brief stark',
    'brief',
    { customer: 'stark', week: undefined, quarter: undefined, year: undefined, date: undefined, team: undefined, out: undefined, formats: ['md'], stdout: false, internal: false, force: false, strict: false },
  ],
  [
    'brief stark --quarter FY2027-Q4 --team na-accounts --format md,HTML,md --out briefs --internal --force --strict --date 2026-11-30',
    'brief',
    { customer: 'stark', week: undefined, quarter: 'FY2027-Q4', year: undefined, date: '2026-11-30', team: 'na-accounts', out: 'briefs', formats: ['md', 'html'], stdout: false, internal: true, force: true, strict: true },
  ],
  ['brief acme --year --stdout --format html', 'brief', expect.objectContaining({ customer: 'acme', year: true, stdout: true, formats: ['html'] })],
  ['brief acme --week 2026-W48 --out prep.md', 'brief', expect.objectContaining({ week: '2026-W48', out: 'prep.md', formats: ['md'] })],
  ['check', 'check', { json: false, strict: false }],
  ['check --json --strict', 'check', { json: true, strict: true }],
  ['open', 'open', { ritual: 'weekly', period: undefined, date: undefined, team: undefined, last: false }],
  ['heard acme The export saves a day #reporting', 'heard', { customer: 'acme', quote: 'The export saves a day #reporting', team: undefined, date: undefined, commit: true }],
  ['flag globex onboarding stalled --team emea-cs --date 2026-11-10 --no-commit', 'flag', { customer: 'globex', reason: 'onboarding stalled', team: 'emea-cs', date: '2026-11-10', commit: false }],
  ['action Call Globex @ana due:2026-12-01 #globex', 'action', { text: 'Call Globex @ana due:2026-12-01 #globex', team: undefined, date: undefined, commit: true }],
  ['done 3f2a --team emea-cs', 'done', { action: '3f2a', team: 'emea-cs', date: undefined, commit: true }],
  ['done call globex --no-commit', 'done', { action: 'call globex', team: undefined, date: undefined, commit: false }],
  ['open quarterly --period 2026-Q4 --team emea-cs --last', 'open', { ritual: 'quarterly', period: '2026-Q4', date: undefined, team: 'emea-cs', last: true }],
  ['__complete customers', 'complete', { kind: 'customers', ritual: undefined }],
  ['__complete periods monthly --anything', 'complete', { kind: 'periods', ritual: 'monthly' }],
];

describe('argv to options', () => {
  it.each(table)('rhythm %s', async (argv, command, options) => {
    const call = await parse(argv.split(' '));
    expect(call.command).toBe(command);
    expect(call.options).toEqual(options);
  });

  it('global options apply before or after the command', async () => {
    const cwd = tempDir({ 'elsewhere/.keep': '' });
    for (const argv of [['-C', 'elsewhere', '--no-color', 'check'], ['check', '-C', 'elsewhere', '--no-color']]) {
      const context = testContext({ cwd });
      let seen: unknown;
      const program = createProgram(context, { exitCode: ExitCode.ok });
      program.hook('preAction', (_root, action) => {
        seen = action.optsWithGlobals();
      });
      await program.parseAsync(argv, { from: 'user' });
      expect(seen).toMatchObject({ dir: 'elsewhere', color: false });
      calls.length = 0;
    }
  });

  it('-C names a folder: a missing one or a file is a usage error, not a run in the folder above', async () => {
    const cwd = tempDir({ 'a.yaml': 'x' });
    for (const [dir, message] of [['nope', '-C nope: no such folder'], ['a.yaml', '-C a.yaml: is a file, not a folder: name the folder of the workbook']]) {
      const context = testContext({ cwd });
      await expect(createProgram(context, { exitCode: ExitCode.ok }).parseAsync(['-C', dir!, 'check'], { from: 'user' })).rejects.toThrow(message);
      expect(calls).toEqual([]);
    }
  });
});

describe('usage errors come from commander before any command runs', () => {
  it.each([
    ['weekly --bogus', 'commander.unknownOption'],
    ['status --fail-on sometimes', 'commander.invalidArgument'],
    ['init --ci gitlab', 'commander.invalidArgument'],
    ['wekly', 'commander.unknownCommand'],
    ['completion', 'commander.missingArgument'],
    ['report --date', 'commander.optionMissingArgument'],
    ['brief', 'commander.missingArgument'],
  ])('rhythm %s', async (argv, code) => {
    const context = testContext({ cwd: '/work' });
    await expect(createProgram(context, { exitCode: ExitCode.ok }).parseAsync(argv.split(' '), { from: 'user' })).rejects.toMatchObject({ code });
    expect(calls).toHaveLength(0);
  });

  it('a mistyped command gets a suggestion', async () => {
    const context = testContext({ cwd: '/work' });
    await expect(createProgram(context, { exitCode: ExitCode.ok }).parseAsync(['statsu'], { from: 'user' })).rejects.toThrow();
    expect(context.err()).toContain('Did you mean status?');
  });

  it('a brief is md or html', async () => {
    const context = testContext({ cwd: '/work' });
    await expect(createProgram(context, { exitCode: ExitCode.ok }).parseAsync(['brief', 'stark', '--format', 'json'], { from: 'user' })).rejects.toMatchObject({
      exitCode: ExitCode.usage,
      message: '--format json: use md or html (comma-separated for both)',
    });
  });

  it('an unknown format is a usage error', async () => {
    const context = testContext({ cwd: '/work' });
    await expect(createProgram(context, { exitCode: ExitCode.ok }).parseAsync(['report', '--format', 'pdf'], { from: 'user' })).rejects.toMatchObject({
      exitCode: ExitCode.usage,
      message: '--format pdf: use md, json or html (comma-separated for several)',
    });
  });
});
