import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Context } from './context.js';
import type { RunEnv } from './run-env.js';

/**
 * Commander wiring only. Each action turns flags into a typed options object and imports its
 * command lazily, so `rhythm --help` does not pay for YAML, prompts or rollups.
 */
export interface RunState {
  exitCode: number;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

interface GlobalOptions {
  dir?: string;
  color: boolean;
  quiet?: boolean;
}

export function createProgram(context: Context, state: RunState): Command {
  const program = new Command('rhythm');
  // Output and error settings must be in place before subcommands are added: commander copies them.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run rhythm --help for usage)')
    .description('Put customers into your team\'s operating rhythm: weekly, quarterly and annual outside-in reviews, as markdown in git.')
    .version(VERSION, '-V, --version')
    .option('-C, --dir <dir>', 'run as if started in <dir>')
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('-q, --quiet', 'only print data and errors')
    .addHelpText(
      'after',
      examples([
        'rhythm init                      # set up a workbook in this git repo',
        'rhythm weekly                    # hold this week\'s customer review',
        'rhythm weekly --last             # catch up on last week',
        'rhythm report --quarter 2026-Q4  # roll the quarter up',
        'rhythm status                    # what is due, open and escalated',
      ]),
    );

  const run = async (command: Command, body: (env: RunEnv) => Promise<number | void>) => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const { createRunEnv } = await import('./run-env.js');
    const env = createRunEnv(context, {
      cwd: globals.dir ? resolve(context.cwd, globals.dir) : context.cwd,
      color: globals.color,
      quiet: globals.quiet === true,
    });
    state.exitCode = (await body(env)) ?? 0;
  };

  program
    .command('init')
    .description('create rhythm.yaml, the workbook folder and an example customer registry')
    .option('--workbook <folder>', 'folder for review files', 'rhythm')
    .option('--team <id...>', 'team ids to set up (slugs, e.g. emea-cs)')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year, 1-12', '1')
    .addOption(new Option('--ci <provider>', 'also write a CI workflow').choices(['github']))
    .option('--force', 'overwrite an existing rhythm.yaml')
    .addHelpText('after', examples(['rhythm init', 'rhythm init --team emea-cs --team apac-cs --fiscal-year-start 2']))
    .action(async (options, command: Command) =>
      run(command, async (env) => {
        const { init } = await import('./commands/init.js');
        return init(env, {
          workbook: options.workbook,
          teams: options.team ?? [],
          fiscalYearStartMonth: options.fiscalYearStart,
          ci: options.ci,
          force: options.force === true,
        });
      }),
    );

  addRitualCommand(program, run, 'weekly', 'hold this week\'s customer review (10-15 minutes)', 'week', [
    'rhythm weekly',
    'rhythm weekly --last --team emea-cs',
    'rhythm weekly --answers answers.yaml --no-input',
    'rhythm weekly --amend',
  ]);
  addRitualCommand(program, run, 'quarterly', 'hold the quarterly review, starting from the quarter\'s rollup', 'quarter', [
    'rhythm quarterly',
    'rhythm quarterly --quarter 2026-Q4 --dry-run',
  ]);
  addRitualCommand(program, run, 'annual', 'hold the annual review, starting from the year\'s rollup', 'year', ['rhythm annual', 'rhythm annual --year 2026']);

  const custom = program
    .command('new')
    .description('hold any ritual configured in rhythm.yaml (e.g. a monthly customer council)')
    .argument('<ritual>', 'ritual name from rhythm.yaml');
  addRitualOptions(custom, 'period');
  custom
    .addHelpText('after', examples(['rhythm new monthly', 'rhythm new monthly --period 2026-11']))
    .action(async (ritual: string, options: RitualFlags, command: Command) =>
      run(command, async (env) => {
        const { runRitual } = await import('./commands/ritual.js');
        return runRitual(env, ritualOptions(ritual, options));
      }),
    );

  program
    .command('check')
    .description('validate the config, the registry, the templates and every review file')
    .option('--json', 'machine-readable output')
    .option('--strict', 'fail on warnings too')
    .addHelpText('after', examples(['rhythm check', 'rhythm check --json | jq \'.problems[] | .file\'']))
    .action(async (options: { json?: boolean; strict?: boolean }, command: Command) =>
      run(command, async (env) => {
        const { check } = await import('./commands/check.js');
        return check(env, { json: options.json === true, strict: options.strict === true });
      }),
    );

  return program;
}

type Runner = (command: Command, body: (env: RunEnv) => Promise<number | void>) => Promise<void>;

interface RitualFlags {
  date?: string;
  period?: string;
  week?: string;
  quarter?: string;
  year?: string;
  last?: boolean;
  team?: string;
  answers?: string;
  input: boolean;
  edit?: boolean;
  dryRun?: boolean;
  commit: boolean;
  amend?: boolean;
  force?: boolean;
}

function addRitualOptions(command: Command, periodFlag: 'week' | 'quarter' | 'year' | 'period'): Command {
  const label = { week: '2026-W48', quarter: '2026-Q4', year: '2026', period: '2026-11' }[periodFlag];
  return command
    .option(`--${periodFlag} <label>`, `the period to review, e.g. ${label} (default: the current one)`)
    .option('--date <YYYY-MM-DD>', 'review the period containing this date')
    .option('--last', 'review the previous period')
    .option('--team <id>', 'the team holding the review (env RHYTHM_TEAM)')
    .option('--answers <file|->', 'take answers from a YAML or JSON file (- for stdin)')
    .option('--no-input', 'never prompt; fail if a required answer is missing')
    .option('--edit', 'open the written file in $EDITOR')
    .option('--dry-run', 'print the file instead of writing it')
    .option('--no-commit', 'write the file but do not commit it')
    .option('--amend', 're-open an existing review, with its answers as defaults')
    .option('--force', 'replace an existing review from scratch');
}

function addRitualCommand(program: Command, run: Runner, ritual: string, description: string, periodFlag: 'week' | 'quarter' | 'year', lines: string[]): void {
  const command = program.command(ritual).description(description);
  addRitualOptions(command, periodFlag);
  command.addHelpText('after', examples(lines)).action(async (options: RitualFlags, self: Command) =>
    run(self, async (env) => {
      const { runRitual } = await import('./commands/ritual.js');
      return runRitual(env, ritualOptions(ritual, options));
    }),
  );
}

function ritualOptions(ritual: string, flags: RitualFlags) {
  return {
    ritual,
    period: flags.period ?? flags.week ?? flags.quarter ?? flags.year,
    date: flags.date,
    last: flags.last === true,
    team: flags.team,
    answers: flags.answers,
    input: flags.input,
    edit: flags.edit === true,
    dryRun: flags.dryRun === true,
    commit: flags.commit,
    amend: flags.amend === true,
    force: flags.force === true,
  };
}

export type RitualOptions = ReturnType<typeof ritualOptions>;
