import { fileURLToPath } from 'node:url';
import { cacheFolder } from './io/cache-folder.js';
import { runCompiled, type CompiledScript } from './io/code-cache.js';
import { quickAnswer } from './io/quick-answers.js';
import type * as Main from './main.js';

/**
 * bin/rhythm's entry in the built package: scripts/bundle.mjs writes it as dist/launch.cjs, which
 * bin/rhythm runs unless tsc has written dist/main.js since (then main.ts runs as tsc built it).
 * CommonJS, as bin/rhythm is: Node's loader of ES modules cost every run about 4 ms more.
 * `--version` and `--help` are answered here, loading nothing else; a command runs main.ts from
 * the one script the build makes of the commands, compiled with the code V8 kept from an earlier
 * run (io/code-cache.ts).
 */

/** That script's file, in dist/bundle/, named by its content (set by scripts/bundle.mjs). */
declare const RHYTHM_APP: string;
/** The program's commands and their aliases (set by scripts/bundle.mjs from cli.ts's program). */
declare const RHYTHM_COMMANDS: readonly string[];

export async function runProcess(argv: string[]): Promise<void> {
  let app: CompiledScript<typeof Main> | undefined;
  const load = () => (app ??= runCompiled<typeof Main>(fileURLToPath(new URL(`./${RHYTHM_APP}`, import.meta.url)), cacheFolder(process.env), commandOf(argv, RHYTHM_COMMANDS)));
  const answer = quickAnswer(argv);
  if (answer !== undefined) {
    // Rare enough (a closed pipe, a full disk) to load the commands for the one line that says so.
    process.stdout.on('error', (error) => load().exports.outputFailed(error));
    process.stdout.write(answer);
    return;
  }
  const { exports, keep } = load();
  // At the end of the run, however it ends (a closed terminal leaves through process.exit), so
  // that the code kept is what the command compiled: half of it compiles only when first called.
  process.once('exit', keep);
  await exports.runProcess(argv);
}

/**
 * The command `argv` runs, which the code kept for the run is named after: one of `commands`, or
 * `other` (no command, a mistyped one). The one option of the program before a command that takes
 * a value is `-C`/`--dir <dir>`.
 */
export function commandOf(argv: readonly string[], commands: readonly string[]): string {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '-C' || arg === '--dir') index++;
    else if (arg === '--') return commandIn(argv[index + 1], commands);
    else if (!arg.startsWith('-')) return commandIn(arg, commands);
  }
  return 'other';
}

function commandIn(arg: string | undefined, commands: readonly string[]): string {
  return arg !== undefined && commands.includes(arg) ? arg : 'other';
}
