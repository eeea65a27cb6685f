import { isAbsolute, relative } from 'node:path';
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
  const program = createProgram(context, state, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    // Loaded here, not at the top: `--version` and `--help` need none of it (its key costs node:crypto).
    const { neutralise } = await import('./io/terminal-text.js');
    return reportError(error, context, neutralise);
  }
}

/**
 * `bin/rhythm`. The exit code is set, not forced, so that a long report piped to another
 * program is written out in full before the process ends.
 */
export async function runProcess(argv: string[]): Promise<void> {
  process.stdout.on('error', outputFailed);
  process.exitCode = await main(argv, processContext(leaveNow));
}

/**
 * The output could not be written. `rhythm report --stdout | head` closes the pipe early: that is
 * the reader's choice, not a crash. A terminal that has closed (EIO) has nobody left to read
 * either; a ritual's answers are already in its draft.
 */
export function outputFailed(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') leaveNow(ExitCode.ok);
  if (error.code === 'EIO') leaveNow(ExitCode.hangup);
  // Output sent where it cannot go (`> /dev/full`: ENOSPC) is a problem of where it goes, said in one line.
  const problem = environmentProblem(error, process.cwd());
  if (problem === undefined) throw error;
  process.stderr.write(`rhythm: cannot write the output: ${problem}\n`);
  leaveNow(ExitCode.failed);
}

/** The one process.exit: for a closed pipe or terminal, where nothing is left to wait for. */
function leaveNow(code: ExitCode): never {
  process.exit(code);
}

function reportError(error: unknown, context: Context, neutralise: (text: string) => string): ExitCode {
  // A message can name a file or echo a value: none of their control characters reaches the terminal.
  const write = (text: string) => context.stderr.write(`${neutralise(text)}\n`);
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
  const problem = environmentProblem(error, context.cwd);
  if (problem !== undefined) {
    write(`rhythm: ${problem}`);
    if (debugging(context)) write(error instanceof Error ? (error.stack ?? '') : '');
    return ExitCode.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`rhythm: unexpected error: ${message}`);
  if (debugging(context)) write(error instanceof Error ? (error.stack ?? '') : '');
  else write('This is a bug in rhythm. Run again with DEBUG=rhythm for details and please report it.');
  return ExitCode.failed;
}

/**
 * What the machine said no to (a read-only or full disk, a file where a folder belongs, a link in
 * a loop), as one line naming the path and what to do; undefined for anything else, which is a bug.
 * An error of the operating system carries its code and, for a file, its path: those without a
 * path (a broken pipe to a child process, say) are not about a file the user can act on.
 */
export function environmentProblem(error: unknown, cwd: string): string | undefined {
  const { code, path, dest, syscall } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
  // Node's recursive mkdir says ENOENT, not EROFS, when a read-only file system refuses the folder.
  const what = code === 'ENOENT' && syscall === 'mkdir' ? FOLDER_REFUSED : code === undefined ? undefined : ENVIRONMENT[code];
  if (what === undefined) return undefined;
  if (typeof path !== 'string') return what.global ? `${what.text}: ${what.remedy}` : undefined;
  const shown = (file: string) => {
    const near = relative(cwd, file);
    return near !== '' && !near.startsWith('..') && !isAbsolute(near) ? near : file;
  };
  const target = typeof dest === 'string' && (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EXDEV') ? ` (to ${shown(dest)})` : '';
  const action = syscall === undefined ? '' : `${ACTIONS[syscall] ?? syscall} `;
  return `cannot ${action}${shown(path)}${target}: ${what.text}: ${what.remedy}`;
}

/** What a system call was doing, in words: "cannot write rhythm/…". */
const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove',
  scandir: 'list',
  stat: 'look at',
  lstat: 'look at',
  fsync: 'save',
  copyfile: 'copy',
  symlink: 'link',
  realpath: 'follow',
  chmod: 'change the mode of',
  utime: 'touch',
};

/** A problem of the environment in words: what it is and what to do; a `global` one needs no path to be understood. */
interface Explained {
  text: string;
  remedy: string;
  global?: boolean;
}

const FOLDER_REFUSED: Explained = { text: 'the file system did not let it be made (read-only?)', remedy: 'run rhythm where the workbook can be written (a clone on a writable disk)' };

/** Each code of a problem of the environment, and what to do; `global` ones need no path to be understood. */
const ENVIRONMENT: Record<string, Explained> = {
  EROFS: { text: 'the file system is read-only', remedy: 'run rhythm where the workbook can be written (a clone on a writable disk)' },
  ENOSPC: { text: 'the disk is full', remedy: 'free some space, then run again', global: true },
  EDQUOT: { text: 'the disk quota is used up', remedy: 'free some space or ask for a larger quota, then run again', global: true },
  EFBIG: { text: 'the file would be larger than the system allows', remedy: 'check the limit on file sizes (ulimit -f)' },
  EACCES: { text: 'permission denied', remedy: 'check the permissions of the file and of its folder' },
  EPERM: { text: 'the operation is not permitted', remedy: 'check the permissions and attributes (immutable, locked?) of the file and of its folder' },
  ENOTDIR: { text: 'a part of the path is a file, not a folder', remedy: 'move that file away, or put a folder in its place' },
  EISDIR: { text: 'it is a folder, not a file', remedy: 'move the folder away, or give the path of a file' },
  ELOOP: { text: 'a symbolic link on the way leads back to itself', remedy: 'fix the link, or remove it' },
  ENAMETOOLONG: { text: 'the path is too long for the file system', remedy: 'use a shorter path or name' },
  EMFILE: { text: 'too many files are open', remedy: 'raise the limit (ulimit -n) or close other programs, then run again', global: true },
  ENFILE: { text: 'the system has too many files open', remedy: 'close other programs, then run again', global: true },
  EIO: { text: 'an input/output error (a failing disk or a lost network drive?)', remedy: 'check the drive, then run again' },
  EEXIST: { text: 'something already exists there', remedy: 'move it away, then run again' },
  ENOTEMPTY: { text: 'the folder is not empty', remedy: 'move what is in it away, then run again' },
  EBUSY: { text: 'it is in use (open in another program?)', remedy: 'close the program using it, then run again' },
  ETXTBSY: { text: 'it is in use by a running program', remedy: 'stop the program using it, then run again' },
  EXDEV: { text: 'it cannot be moved across file systems', remedy: 'keep the workbook and its temporary files on one disk' },
  ENXIO: { text: 'it is a socket or a device with nothing behind it, not a file', remedy: 'put a regular file in its place' },
  ENODEV: { text: 'it is a device, not a file', remedy: 'put a regular file in its place' },
};

function debugging(context: Context): boolean {
  return (context.env.DEBUG ?? '').split(',').some((name) => name.trim() === 'rhythm' || name.trim() === '*');
}

/** Commander's errors by their code (`commander.unknownOption`, …): a bundler may rename the class, and commander names its errors after it. */
function isCommanderError(error: unknown): error is { code: string; exitCode: number } {
  return error instanceof Error && String((error as Error & { code?: unknown }).code).startsWith('commander.');
}
