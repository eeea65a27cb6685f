import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { ActionsOptions } from './commands/actions.js';
import type { BriefOptions } from './commands/brief.js';
import type { CaptureCommon } from './commands/capture/week.js';
import type { CheckOptions } from './commands/check.js';
import type { CompleteOptions } from './commands/complete.js';
import type { CustomersOptions } from './commands/customers.js';
import type { InitOptions } from './commands/init/index.js';
import type { NotifyOptions } from './commands/notify.js';
import type { OpenOptions } from './commands/open.js';
import type { ReportOptions } from './commands/report.js';
import type { RitualOptions } from './commands/ritual/index.js';
import type { StatusOptions } from './commands/status.js';
import type { Context } from './context.js';
import { UsageError, type ExitCode } from './errors.js';
import { quickAnswer } from './io/quick-answers.js';
import { neutralise } from './io/terminal-text.js';
import type { RunEnv } from './run/env.js';

/**
 * Commander wiring only. Each action turns flags into the command's typed options and imports
 * the command lazily, so `rhythm --help` does not pay for YAML, prompts or rollups.
 */
export interface RunState {
  exitCode: number;
}

type Runner = (command: Command, body: (env: RunEnv) => Promise<ExitCode>) => Promise<void>;

/**
 * The program. Given the arguments it will parse, it holds only the command they run (commander
 * built all twelve, with their options and help, in about 5 ms of every run): all of them when
 * no known command is run (help lists them, an unknown one is matched against them),
 * for `completion` (which writes them all) and when no arguments are given (tests, build-help.mjs).
 */
export function createProgram(context: Context, state: RunState, argv?: readonly string[]): Command {
  const program = rootCommand(context);
  const run: Runner = async (command, body) => {
    const globals = command.optsWithGlobals<{ dir?: string; color: boolean; quiet?: boolean }>();
    const { createRunEnv } = await import('./run/env.js');
    const env = createRunEnv(context, {
      cwd: globals.dir !== undefined ? folderOption(context.cwd, globals.dir) : context.cwd,
      color: globals.color,
      quiet: globals.quiet === true,
    });
    state.exitCode = await body(env);
  };
  const only = argv === undefined ? undefined : commandRun(argv);
  for (const [name, add] of COMMANDS) if (only === undefined || only === name) add(program, run);
  return program;
}

/** Every command, in the order help lists them. */
const COMMANDS: [name: string, add: (program: Command, run: Runner) => void][] = [
  ['init', addInit],
  [
    'weekly',
    (program, run) =>
      addRitual(program, run, 'weekly', 'week', 'hold this week\'s customer review (10-15 minutes)', [
        'rhythm weekly',
        'rhythm weekly --last --team emea-cs',
        'rhythm weekly --answers answers.yaml --no-input',
        'rhythm weekly --amend',
        'rhythm weekly --last --skip "team offsite"',
      ]),
  ],
  ['quarterly', (program, run) => addRitual(program, run, 'quarterly', 'quarter', 'hold the quarterly review, starting from the quarter\'s rollup', ['rhythm quarterly', 'rhythm quarterly --quarter 2026-Q4 --dry-run'])],
  ['annual', (program, run) => addRitual(program, run, 'annual', 'year', 'hold the annual review, starting from the year\'s rollup', ['rhythm annual', 'rhythm annual --year 2026'])],
  ['new', addNew],
  ['report', addReport],
  ['status', addStatus],
  ['actions', addActions],
  ['heard', addHeard],
  ['flag', addFlag],
  ['action', addAction],
  ['done', addDone],
  ['customers', addCustomers],
  ['brief', addBrief],
  ['notify', addNotify],
  ['check', addCheck],
  ['open', addOpen],
  ['completion', addCompletion],
  ['__complete', addComplete],
];

/**
 * The command these arguments run, as commander finds it: the first operand once the global
 * options (anywhere in argv) are taken out, by commander's own parser on a program holding only
 * those options. Undefined, so that all commands are added, for anything else: no command, an
 * unknown one, `help`, `completion`, or `--version` or `--help` (unknown to that parser, they end
 * its operands, so no command is found).
 */
function commandRun(argv: readonly string[]): string | undefined {
  const probe = globalOptions(new Command('rhythm'))
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  let operands: string[];
  try {
    ({ operands } = probe.parseOptions([...argv]));
  } catch {
    // `-C` without its folder: the program says so, with every command in place.
    return undefined;
  }
  const [name] = operands;
  return name !== 'completion' && COMMANDS.some(([command]) => command === name) ? name : undefined;
}

/** `-C <dir>` must name a folder: a typo would otherwise run in the folder above it, wherever a rhythm.yaml is found. */
function folderOption(cwd: string, dir: string): string {
  const path = resolve(cwd, dir);
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`-C ${dir}: no such folder`);
  }
  if (!folder) throw new UsageError(`-C ${dir}: is a file, not a folder: name the folder of the workbook`);
  return path;
}

function rootCommand(context: Context): Command {
  // Output and error settings must be in place before subcommands are added: commander copies them.
  const program = new Command('rhythm')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      // Commander echoes an unknown option or argument as typed: a pasted escape sequence must not drive the terminal.
      writeErr: (text) => context.stderr.write(neutralise(text)),
    })
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run rhythm --help for usage)')
    .description('Put customers into your team\'s operating rhythm: weekly, quarterly and annual outside-in reviews, as markdown in git.')
    .version(version(), '-V, --version');
  return globalOptions(program).addHelpText(
    'after',
    examples([
      'rhythm init                      # set up a workbook in this git repo',
      'rhythm weekly                    # hold this week\'s customer review',
      'rhythm weekly --last             # catch up on last week',
      'rhythm report --quarter 2026-Q4  # roll the quarter up',
      'rhythm status                    # what is due, open and escalated',
    ]),
  );
}

/**
 * The version `rhythm --version` prints, read where quick-answers.ts reads it: one place that
 * knows where package.json lies from the built code (dist/ or its bundle, scripts/bundle.mjs).
 */
function version(): string {
  return (quickAnswer(['--version']) ?? '').trimEnd();
}

/** The options of every command, given before or after it. */
function globalOptions(program: Command): Command {
  return program
    .option('-C, --dir <dir>', 'run as if started in <dir>')
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('-q, --quiet', 'only print data and errors');
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

function addInit(program: Command, run: Runner): void {
  program
    .command('init')
    .description('create rhythm.yaml, the workbook folder and an example customer registry')
    .option('--workbook <folder>', 'folder for review files', 'rhythm')
    .option('--team <id...>', 'team ids to set up (slugs, e.g. emea-cs)')
    .option('--fiscal-year-start <month>', 'first month of the fiscal year, 1-12', '1')
    .addOption(new Option('--ci <provider>', 'also write a CI workflow and the rhythm it installs (to an existing workbook: only those)').choices(['github']))
    .option('--force', 'replace an existing rhythm.yaml; with --ci, only a workflow rhythm did not write')
    .addHelpText('after', examples(['rhythm init', 'rhythm init --team emea-cs --team apac-cs --fiscal-year-start 2', 'rhythm init --ci github        # in an existing workbook too']))
    .action((flags: InitFlags, command: Command) => run(command, async (env) => (await import('./commands/init/index.js')).init(env, initOptions(flags))));
}

interface InitFlags {
  workbook: string;
  team?: string[];
  fiscalYearStart: string;
  ci?: 'github';
  force?: boolean;
}

function initOptions(flags: InitFlags): InitOptions {
  return { workbook: flags.workbook, teams: flags.team ?? [], fiscalYearStartMonth: flags.fiscalYearStart, ci: flags.ci, force: flags.force === true };
}

type PeriodFlag = RitualOptions['periodFlag'];

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
  skip?: string | true;
}

function addRitual(program: Command, run: Runner, ritual: string, periodFlag: Exclude<PeriodFlag, 'period'>, description: string, lines: string[]): void {
  addRitualOptions(program.command(ritual).description(description), periodFlag)
    .addHelpText('after', examples(lines))
    .action((flags: RitualFlags, command: Command) =>
      run(command, async (env) => (await import('./commands/ritual/index.js')).runRitual(env, ritualOptions(ritual, periodFlag, flags))),
    );
}

function addNew(program: Command, run: Runner): void {
  const command = program
    .command('new')
    .description('hold any ritual configured in rhythm.yaml (e.g. a monthly customer council)')
    .argument('<ritual>', 'ritual name from rhythm.yaml');
  addRitualOptions(command, 'period')
    .addHelpText('after', examples(['rhythm new monthly', 'rhythm new monthly --period 2026-11']))
    .action((ritual: string, flags: RitualFlags, self: Command) =>
      run(self, async (env) => (await import('./commands/ritual/index.js')).runRitual(env, ritualOptions(ritual, 'period', flags))),
    );
}

function addRitualOptions(command: Command, periodFlag: PeriodFlag): Command {
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
    .option('--force', 'replace an existing review from scratch')
    .option('--skip [reason]', 'record the period as skipped on purpose (a holiday, an offsite): not held, not missed');
}

function ritualOptions(ritual: string, periodFlag: PeriodFlag, flags: RitualFlags): RitualOptions {
  return {
    ritual,
    periodFlag,
    period: flags[periodFlag],
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
    ...(flags.skip === undefined ? {} : { skip: typeof flags.skip === 'string' ? { reason: flags.skip } : {} }),
  };
}

interface ReportFlags {
  week?: string | true;
  quarter?: string | true;
  year?: string | true;
  date?: string;
  team?: string;
  format?: string;
  out?: string;
  stdout?: boolean;
  merge?: string[];
  strict?: boolean;
  force?: boolean;
  full?: boolean;
  site?: string;
}

function addReport(program: Command, run: Runner): void {
  program
    .command('report')
    .description('roll a period up: cadence, customers, flags, scores, voice, value, actions')
    .option('--week [label]', 'roll up a week (default: this week)')
    .option('--quarter [label]', 'roll up a quarter, e.g. 2026-Q4 or FY2027-Q1 (the default period)')
    .option('--year [label]', 'roll up a year, e.g. 2026 or FY2027')
    .option('--date <YYYY-MM-DD>', 'the period containing this date, as of that day (a past period: as of its end)')
    .option('--team <id>', 'one team (default: all teams, with a section each)')
    .option('--format <list>', 'md, json and/or html, comma-separated (default: all three; md with --stdout)')
    .option('--out <file|dir>', 'file or folder to write to (default: <workbook>/reports)')
    .option('--stdout', 'print the report instead of writing a file (one format)')
    .option('--full', 'list every quote, claim and open action (default: the few most telling of each customer)')
    .option('--merge <files...>', 'merge JSON rollups of other teams or repos instead of reading reviews')
    .option('--strict', 'fail on a review file that cannot be read, instead of skipping it')
    .option('--force', 'replace a file of the report\'s name that rhythm report did not write')
    .option('--site <dir>', 'write a static, linked site instead: overview, a page per team and per customer, the year and its quarters')
    .addHelpText(
      'after',
      examples([
        'rhythm report                          # this quarter, all teams, md + json + html',
        'rhythm report --year FY2027 --team emea-cs',
        'rhythm report --quarter --stdout | less',
        'rhythm report --merge emea.json apac.json --out org-report',
        'rhythm report --year FY2027 --site site   # open site/index.html, or publish it with GitHub Pages',
      ]),
    )
    .action((flags: ReportFlags, command: Command) =>
      run(command, async (env) => {
        const { report, parseFormats } = await import('./commands/report.js');
        // One format fits on stdout: markdown, the one a person reads there.
        const formats = parseFormats(flags.format ?? (flags.stdout ? 'md' : flags.site !== undefined ? 'html' : 'md,json,html'));
        return report(env, { ...reportOptions(flags), formats });
      }),
    );
}

function reportOptions(flags: ReportFlags): Omit<ReportOptions, 'formats'> {
  const { week, quarter, year, date, team, out, merge, site } = flags;
  return { week, quarter, year, date, team, out, merge, site, stdout: flags.stdout === true, strict: flags.strict === true, force: flags.force === true, full: flags.full === true };
}

function addStatus(program: Command, run: Runner): void {
  program
    .command('status')
    .description('per team and ritual: held, due, overdue, streak; open actions and customers not receiving value')
    .option('--team <id>', 'one team')
    .option('--date <YYYY-MM-DD>', 'as of this day (default: today)')
    .option('--json', 'machine-readable output')
    .addOption(new Option('--fail-on <what...>', 'exit 1 when a ritual is overdue or a customer escalated (for cron and CI)').choices(['overdue', 'escalated']))
    .option('--strict', 'fail on a review file that cannot be read, instead of skipping it')
    .addHelpText('after', examples(['rhythm status', 'rhythm status --team emea-cs --json', 'rhythm status --fail-on overdue escalated   # in CI']))
    .action((flags: Partial<StatusOptions>, command: Command) => run(command, async (env) => (await import('./commands/status.js')).status(env, statusOptions(flags))));
}

function statusOptions(flags: Partial<StatusOptions>): StatusOptions {
  return { team: flags.team, date: flags.date, json: flags.json === true, strict: flags.strict === true, failOn: flags.failOn ?? [] };
}

function addNotify(program: Command, run: Runner): void {
  program
    .command('notify')
    .description('post what changed to Slack, Teams or a webhook: customers newly not receiving value, escalations, resolutions, overdue rituals')
    .option('--since <commit|YYYY-MM-DD>', 'what commits brought since this commit (on a push), or what the days after this day brought (default: yesterday)')
    .option('--date <YYYY-MM-DD>', 'the day it is (default: today)')
    .option('--dry-run', 'print what would be posted, post nothing')
    .addHelpText(
      'after',
      examples([
        'rhythm notify --dry-run                       # what today brought, printed',
        'rhythm notify --since "$BEFORE_SHA"           # in CI on a push: what the push brought',
        'rhythm notify --since 2026-11-20              # catch up on the days since',
      ]),
    )
    .action((flags: Partial<NotifyOptions>, command: Command) =>
      run(command, async (env) => (await import('./commands/notify.js')).notify(env, { since: flags.since, date: flags.date, dryRun: flags.dryRun === true })),
    );
}

function addActions(program: Command, run: Runner): void {
  program
    .command('actions')
    .description('open actions across all reviews, with owner, due date, age and source file')
    .option('--owner <name>', 'only this owner (with or without @)')
    .option('--tag <tag>', 'only actions with this #tag (a customer id works)')
    .option('--overdue', 'only actions past their due date')
    .option('--team <id>', 'one team')
    .option('--date <YYYY-MM-DD>', 'as of this day (default: today)')
    .option('--json', 'machine-readable output')
    .option('--strict', 'fail on a review file that cannot be read, instead of skipping it')
    .addHelpText('after', examples(['rhythm actions', 'rhythm actions --owner ana --overdue', 'rhythm actions --tag globex --json']))
    .action((flags: Partial<ActionsOptions>, command: Command) => run(command, async (env) => (await import('./commands/actions.js')).actions(env, actionsOptions(flags))));
}

function actionsOptions(flags: Partial<ActionsOptions>): ActionsOptions {
  const { owner, tag, team, date } = flags;
  return { owner, tag, team, date, overdue: flags.overdue === true, json: flags.json === true, strict: flags.strict === true };
}

interface CaptureFlags {
  team?: string;
  date?: string;
  commit: boolean;
}

/** The options of the capture commands: the week's review of a team, written and committed. */
function captureCommand(program: Command, name: string, description: string, lines: string[]): Command {
  return program
    .command(name)
    .description(description)
    .option('--team <id>', 'the team whose weekly it goes into (env RHYTHM_TEAM)')
    .option('--date <YYYY-MM-DD>', 'the week containing this day (default: today)')
    .option('--no-commit', 'write the review but do not commit it')
    .addHelpText('after', examples(lines));
}

function captureOptions(flags: CaptureFlags): CaptureCommon {
  return { team: flags.team, date: flags.date, commit: flags.commit };
}

function addHeard(program: Command, run: Runner): void {
  captureCommand(program, 'heard', 'between meetings: a customer\'s words into this week\'s review (in progress until the weekly)', [
    'rhythm heard acme "The export saves our analysts a day." #reporting',
    'rhythm heard "Acme Corp" "We could not find the admin page #onboarding"',
  ])
    .argument('<customer>', 'a customer id or name from customers.yaml')
    .argument('<quote...>', 'what they said, in their words, with any #tags')
    .action((customer: string, quote: string[], flags: CaptureFlags, command: Command) =>
      run(command, async (env) => (await import('./commands/capture/index.js')).heard(env, { ...captureOptions(flags), customer, quote: quote.join(' ') })),
    );
}

function addFlag(program: Command, run: Runner): void {
  captureCommand(program, 'flag', 'between meetings: a customer not receiving value, and why, into this week\'s review', ['rhythm flag globex "onboarding stalled, no trained admin"'])
    .argument('<customer>', 'a customer id or name from customers.yaml')
    .argument('<reason...>', 'why they are not receiving value')
    .action((customer: string, reason: string[], flags: CaptureFlags, command: Command) =>
      run(command, async (env) => (await import('./commands/capture/index.js')).flag(env, { ...captureOptions(flags), customer, reason: reason.join(' ') })),
    );
}

function addAction(program: Command, run: Runner): void {
  captureCommand(program, 'action', 'between meetings: an action into this week\'s review', ['rhythm action "Call Globex sponsor @ana due:2026-12-01 #globex"'])
    .argument('<text...>', 'the action, with @owner, due:YYYY-MM-DD and #tags')
    .action((text: string[], flags: CaptureFlags, command: Command) =>
      run(command, async (env) => (await import('./commands/capture/index.js')).action(env, { ...captureOptions(flags), text: text.join(' ') })),
    );
}

function addDone(program: Command, run: Runner): void {
  captureCommand(program, 'done', 'between meetings: tick an open action, by its id from rhythm actions or by its words', ['rhythm done 3f2a', 'rhythm done call globex sponsor'])
    .argument('<action...>', 'the id rhythm actions shows, or words of the action (@owner and #tag too)')
    .action((words: string[], flags: CaptureFlags, command: Command) =>
      run(command, async (env) => (await import('./commands/capture/index.js')).done(env, { ...captureOptions(flags), action: words.join(' ') })),
    );
}

function addCustomers(program: Command, run: Runner): void {
  program
    .command('customers')
    .description('customers this year: last contact, weeks flagged; with an id, one customer\'s timeline')
    .argument('[id]', 'a customer id from customers.yaml')
    .option('--team <id>', 'one team')
    .option('--date <YYYY-MM-DD>', 'as of this day (default: today)')
    .option('--json', 'machine-readable output')
    .option('--strict', 'fail on a review file that cannot be read, instead of skipping it')
    .addHelpText('after', examples(['rhythm customers', 'rhythm customers globex', 'rhythm customers --json']))
    .action((id: string | undefined, flags: Partial<CustomersOptions>, command: Command) =>
      run(command, async (env) => (await import('./commands/customers.js')).customers(env, customersOptions(id, flags))),
    );
}

function customersOptions(id: string | undefined, flags: Partial<CustomersOptions>): CustomersOptions {
  return { id, team: flags.team, date: flags.date, json: flags.json === true, strict: flags.strict === true };
}

interface BriefFlags {
  week?: string | true;
  quarter?: string | true;
  year?: string | true;
  date?: string;
  team?: string;
  format?: string;
  out?: string;
  stdout?: boolean;
  internal?: boolean;
  force?: boolean;
  strict?: boolean;
}

function addBrief(program: Command, run: Runner): void {
  program
    .command('brief')
    .description('a customer value brief: the pre-read for a quarterly business review with one customer')
    .argument('<customer>', 'a customer id from customers.yaml')
    .option('--quarter [label]', 'the quarter, e.g. 2026-Q4 or FY2027-Q1 (default: this quarter)')
    .option('--year [label]', 'a year instead, e.g. 2026 or FY2027')
    .option('--week [label]', 'a week instead, e.g. 2026-W48')
    .option('--date <YYYY-MM-DD>', 'the period containing this date, as of that day')
    .option('--team <id>', 'only this team\'s reviews (default: every team that works with the customer)')
    .option('--format <list>', 'md and/or html, comma-separated (default: md)')
    .option('--out <file|dir>', 'file or folder to write to (default: <workbook>/reports/briefs)')
    .option('--stdout', 'print the brief instead of writing a file (one format)')
    .option('--internal', 'add the team\'s own notes (hard to hear, assumptions) and claims without evidence: not for the customer')
    .option('--force', 'replace a file of the brief\'s name that rhythm did not write')
    .option('--strict', 'fail on a review file that cannot be read, instead of skipping it')
    .addHelpText(
      'after',
      examples([
        'rhythm brief stark                      # this quarter, written to reports/briefs/',
        'rhythm brief stark --quarter FY2027-Q4 --format md,html',
        'rhythm brief stark --stdout | less',
        'rhythm brief stark --internal --out prep.md   # with our own notes: not for the customer',
      ]),
    )
    .action((customer: string, flags: BriefFlags, command: Command) =>
      run(command, async (env) => {
        const { brief, parseBriefFormats } = await import('./commands/brief.js');
        return brief(env, briefOptions(customer, flags, parseBriefFormats(flags.format ?? 'md')));
      }),
    );
}

function briefOptions(customer: string, flags: BriefFlags, formats: BriefOptions['formats']): BriefOptions {
  const { week, quarter, year, date, team, out } = flags;
  return { customer, week, quarter, year, date, team, out, formats, stdout: flags.stdout === true, internal: flags.internal === true, force: flags.force === true, strict: flags.strict === true };
}

function addCheck(program: Command, run: Runner): void {
  program
    .command('check')
    .description('validate the config, the registry, the templates and every review file')
    .option('--json', 'machine-readable output')
    .option('--strict', 'fail on warnings too')
    .addHelpText('after', examples(['rhythm check', 'rhythm check --json | jq \'.problems[] | .file\'']))
    .action((flags: Partial<CheckOptions>, command: Command) =>
      run(command, async (env) => (await import('./commands/check.js')).check(env, { json: flags.json === true, strict: flags.strict === true })),
    );
}

function addOpen(program: Command, run: Runner): void {
  program
    .command('open')
    .description('open a review in $EDITOR (default: this week\'s weekly)')
    .argument('[ritual]', 'weekly, quarterly, annual or a configured ritual', 'weekly')
    .option('--period <label>', 'the period, e.g. 2026-W47 or 2026-Q4')
    .option('--date <YYYY-MM-DD>', 'the period containing this date')
    .option('--last', 'the previous period')
    .option('--team <id>', 'the team (env RHYTHM_TEAM)')
    .addHelpText('after', examples(['rhythm open', 'rhythm open --last', 'rhythm open quarterly --team emea-cs']))
    .action((ritual: string, flags: Partial<OpenOptions>, command: Command) =>
      run(command, async (env) => (await import('./commands/open.js')).open(env, { ritual, period: flags.period, date: flags.date, team: flags.team, last: flags.last === true })),
    );
}

function addCompletion(program: Command, run: Runner): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', examples(['rhythm completion bash >> ~/.bashrc', 'rhythm completion fish > ~/.config/fish/completions/rhythm.fish']))
    .action((shell: string, _flags: unknown, command: Command) => run(command, async (env) => (await import('./commands/completion.js')).completion(env, program, shell)));
}

/**
 * Hidden (no help lists it): what the completion scripts call back into for the workbook's ids and
 * periods. A Tab never prints an error: nothing it is given is refused, and an error (a -C folder
 * that is not one) ends it silently, with exit 0.
 */
function addComplete(program: Command, run: Runner): void {
  program
    .command('__complete', { hidden: true })
    .argument('[kind]')
    .argument('[ritual]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((kind: string | undefined, ritual: string | undefined, _flags: unknown, command: Command) =>
      run(command, async (env) => (await import('./commands/complete.js')).complete(env, completeOptions(kind, ritual))).catch(() => undefined),
    );
}

function completeOptions(kind: string | undefined, ritual: string | undefined): CompleteOptions {
  return { kind, ritual };
}
