import { readFileSync } from 'node:fs';
import { processContext, type Context } from './context.js';
import { ExitCode, Interrupted, UserError } from './errors.js';

/**
 * The process boundary: parse argv, run the command, turn every outcome into an exit code.
 * The only place that decides how an error is shown: a user error is one line with what to do;
 * anything else is a bug, shown with a stack only under DEBUG=rhythm.
 */
export async function main(argv: string[], context: Context = processContext()): Promise<number> {
  const answered = answerAtOnce(argv, context);
  if (answered !== undefined) return answered;
  // Commander and the command wiring load only when a command runs.
  const { createProgram } = await import('./cli.js');
  const state = { exitCode: ExitCode.ok as number };
  const program = createProgram(context, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, context);
  }
}

/**
 * `rhythm --version` and `rhythm --help` without loading commander: the version from
 * package.json (where cli.ts reads it), the help as commander prints it, captured from the real
 * program at build time (scripts/build-help.mjs writes dist/help.json; tests/perf checks it
 * against commander). Any other width of terminal, or no dist/help.json, goes to commander.
 */
function answerAtOnce(argv: string[], context: Context): number | undefined {
  if (argv.length !== 1) return undefined;
  const [flag] = argv;
  if (flag === '--version' || flag === '-V') {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    context.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  if (flag === '--help' || flag === '-h') {
    const text = precomputedHelp();
    if (text === undefined) return undefined;
    context.stdout.write(text);
    return ExitCode.ok;
  }
  return undefined;
}

/** What dist/help.json holds. */
export interface PrecomputedHelp {
  /** Help for the width commander uses when stdout is not a terminal (80 columns). */
  default: string;
  /** The help of terminals so wide (or so narrow) that commander wraps nothing, with those widths. */
  unwrapped: { text: string; widths: [from: number, to: number | null][] };
}

function precomputedHelp(): string | undefined {
  let help: PrecomputedHelp;
  try {
    help = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as PrecomputedHelp;
  } catch {
    return undefined;
  }
  // The width commander would use: the terminal's columns on a terminal, 80 otherwise.
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  if (width === undefined || width === 80) return help.default;
  if (help.unwrapped.widths.some(([from, to]) => width >= from && (to === null || width <= to))) return help.unwrapped.text;
  return undefined;
}

function reportError(error: unknown, context: Context): number {
  const write = (text: string) => context.stderr.write(`${text}\n`);
  if (isCommanderError(error)) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    // Commander has already printed the message (with "did you mean" suggestions).
    return ExitCode.usage;
  }
  if (error instanceof Interrupted) {
    write(error.note ? `\nInterrupted. ${error.note}` : '\nInterrupted: nothing was written.');
    return ExitCode.interrupted;
  }
  if (error instanceof UserError) {
    const lines = error.message.split('\n');
    write(`rhythm: ${lines[0]}`);
    for (const line of lines.slice(1)) write(line);
    if (debugging(context)) write(error.stack ?? '');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`rhythm: unexpected error: ${message}`);
  if (debugging(context)) write(error instanceof Error ? (error.stack ?? '') : '');
  else write('This is a bug in rhythm. Run again with DEBUG=rhythm for details and please report it.');
  return ExitCode.failed;
}

function debugging(context: Context): boolean {
  return (context.env.DEBUG ?? '').split(',').some((name) => name.trim() === 'rhythm' || name.trim() === '*');
}

function isCommanderError(error: unknown): error is { code: string; exitCode: number } {
  return error instanceof Error && error.name === 'CommanderError';
}
