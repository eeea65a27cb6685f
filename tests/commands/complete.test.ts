import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.js';
import { specsOf } from '../../src/commands/completion.js';
import { ExitCode } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/workbook.js';

/** A workbook with teams, a custom ritual, a fiscal year from February, and a registry. */
function workbook(): string {
  return tempDir({
    'rhythm.yaml': `workbook: reviews
fiscalYearStartMonth: 2
teams:
  - { id: emea-cs, name: EMEA Customer Success }
  - { id: na-accounts, name: North America Accounts }
rituals:
  monthly: { template: monthly, cadence: month }
`,
    'reviews/customers.yaml': 'customers:\n  - { id: acme, name: Acme Corp }\n  - { id: globex, name: Globex }\n',
  });
}

/** `rhythm …args` in `cwd` on 24 November 2026: exit code, stdout and stderr. */
async function run(cwd: string, ...args: string[]) {
  const context = testContext({ cwd, now: new Date(2026, 10, 24, 10) });
  const code = await main(args, context);
  return { code, out: context.out(), err: context.err() };
}

describe('rhythm __complete <kind>: what the completion scripts ask the workbook', () => {
  it('prints one candidate a line: customers, teams, rituals and recent periods as the fiscal calendar labels them', async () => {
    const dir = workbook();
    const expected: [args: string[], lines: string[]][] = [
      [['customers'], ['acme', 'globex']],
      [['teams'], ['emea-cs', 'na-accounts']],
      [['rituals'], ['weekly', 'quarterly', 'annual', 'monthly']],
      [['weeks'], ['2026-W48', '2026-W47', '2026-W46', '2026-W45', '2026-W44', '2026-W43', '2026-W42', '2026-W41']],
      [['quarters'], ['FY2027-Q4', 'FY2027-Q3', 'FY2027-Q2', 'FY2027-Q1']],
      [['years'], ['FY2027', 'FY2026']],
      [['periods', 'monthly'], ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06']],
    ];
    for (const [args, lines] of expected) {
      const result = await run(dir, '__complete', ...args);
      expect(result, args.join(' ')).toEqual({ code: ExitCode.ok, out: `${lines.join('\n')}\n`, err: '' });
    }
  });

  it('finds the workbook by walking up, or in -C', async () => {
    const dir = workbook();
    mkdirSync(join(dir, 'reviews', 'emea-cs'), { recursive: true });
    expect((await run(join(dir, 'reviews', 'emea-cs'), '__complete', 'teams')).out).toBe('emea-cs\nna-accounts\n');
    expect((await run(tempDir(), '-C', dir, '__complete', 'customers')).out).toBe('acme\nglobex\n');
  });

  it('says nothing and exits 0 outside a workbook, on a broken file, or for anything it does not know', async () => {
    const broken = tempDir({ 'rhythm.yaml': 'teams: [', 'rhythm/customers.yaml': 'customers: {' });
    const noRegistry = tempDir({ 'rhythm.yaml': 'teams: [emea-cs]\n' });
    const cases: [cwd: string, args: string[]][] = [
      [tempDir(), ['__complete', 'customers']],
      [broken, ['__complete', 'customers']],
      [noRegistry, ['__complete', 'customers']],
      [workbook(), ['__complete']],
      [workbook(), ['__complete', 'nonsense']],
      [workbook(), ['__complete', 'periods']],
      [workbook(), ['__complete', 'periods', 'fortnightly']],
      [workbook(), ['-C', 'no-such-folder', '__complete', 'teams']],
    ];
    for (const [cwd, args] of cases) expect(await run(cwd, ...args), args.join(' ')).toEqual({ code: ExitCode.ok, out: '', err: '' });
    // Words and flags it does not take are no error either.
    expect(await run(workbook(), '__complete', 'teams', 'extra', '--unknown-flag', '--help')).toEqual({ code: ExitCode.ok, out: 'emea-cs\nna-accounts\n', err: '' });
  });

  it('is hidden: no help lists it, no mistyped command is told of it, and completion scripts leave it out', async () => {
    expect((await run(workbook(), 'help')).out).not.toContain('__complete');
    const program = createProgram(testContext({ cwd: '/work' }), { exitCode: ExitCode.ok });
    expect(program.helpInformation()).not.toContain('__complete');
    expect((await run(workbook(), '__complet')).err).not.toContain('Did you mean');
    for (const shell of ['bash', 'zsh', 'fish']) {
      const script = (await run(workbook(), 'completion', shell)).out;
      expect(script).toContain(' __complete ');
      expect(script).not.toMatch(/__complete\)|-a __complete|W "[^"]*__complete/);
    }
  });
});

describe('the completion scripts\' specs, read from the commands themselves', () => {
  const specs = Object.fromEntries(specsOf(createProgram(testContext({ cwd: '/work' }), { exitCode: ExitCode.ok })).map((spec) => [spec.name, spec]));
  const option = (command: string, flag: string) => specs[command]!.options.find((candidate) => candidate.flag === flag);

  it('values the workbook knows: ids, and periods of the kind each flag takes', () => {
    expect(option('report', '--team')).toMatchObject({ takes: 'required', values: { workbook: 'teams' } });
    expect(option('weekly', '--week')).toMatchObject({ takes: 'required', values: { workbook: 'weeks' } });
    expect(option('report', '--quarter')).toMatchObject({ takes: 'optional', values: { workbook: 'quarters' } });
    expect(option('brief', '--year')).toMatchObject({ takes: 'optional', values: { workbook: 'years' } });
    expect(option('new', '--period')).toMatchObject({ values: { workbook: 'periods' } });
    // init names new teams: there are none to offer.
    expect(option('init', '--team')).toMatchObject({ values: 'none' });
    expect(option('status', '--fail-on')).toMatchObject({ values: { words: ['overdue', 'escalated'] } });
    expect(option('weekly', '--answers')).toMatchObject({ values: 'files' });
    expect(option('report', '--site')).toMatchObject({ values: 'folders' });
    expect(option('weekly', '--amend')).not.toHaveProperty('takes');
  });

  it('first arguments: customers, rituals (open\'s default weekly), shells', () => {
    for (const command of ['customers', 'brief', 'heard', 'flag']) expect(specs[command]!.operand, command).toEqual({ values: { workbook: 'customers' } });
    expect(specs.new!.operand).toEqual({ values: { workbook: 'rituals' } });
    expect(specs.open!.operand).toEqual({ values: { workbook: 'rituals' }, default: 'weekly' });
    expect(specs.completion!.operand).toEqual({ values: { words: ['bash', 'zsh', 'fish'] } });
    expect(specs.report!.files).toBe(true);
    expect(specs.heard!.files).toBe(false);
  });
});
