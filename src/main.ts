import { processContext, type Context } from './context.js';
import { ExitCode, Interrupted, UserError } from './errors.js';
import { quickAnswer } from './io/quick-answers.js';

/**
 * The process boundary: parse argv, run the command, turn every outcome into an exit code.
 * The only place that decides how an error is shown: a user error is one line with what to do;
 * anything else is a bug, shown with a stack only under DEBUG=rhythm.
 */
export async function main(argv: string[], context: Context): Promise<ExitCode> {
  // `--version` and `--help` are answered before anything else loads, so that they start about as fast as Node itself.
  const answer = quickAnswer(argv);
  if (answer !== undefined) {
    context.stdout.write(answer);
    return ExitCode.ok;
  }
  // Commander and the command wiring load only when a command runs.
  const { createProgram } = await import('./cli.js');
  const state = { exitCode: ExitCode.ok as ExitCode };
  const program = createProgram(context, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, context);
  }
}

/**
 * `bin/rhythm`. The exit code is set, not forced, so that a long report piped to another
 * program is written out in full before the process ends.
 */
export async function runProcess(argv: string[]): Promise<void> {
  // `rhythm report --stdout | head` closes the pipe early: that is the reader's choice, not a crash.
  // A terminal that has closed (EIO) has nobody left to read either; a ritual's answers are already in its draft.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') leaveNow(ExitCode.ok);
    if (error.code === 'EIO') leaveNow(ExitCode.hangup);
    throw error;
  });
  process.exitCode = await main(argv, processContext(leaveNow));
}

/** The one process.exit: for a closed pipe or terminal, where nothing is left to wait for. */
function leaveNow(code: ExitCode): never {
  process.exit(code);
}

function reportError(error: unknown, context: Context): ExitCode {
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
