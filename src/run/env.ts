import type { Context } from '../context.js';
import { dayOf, type Day } from '../domain/period.js';
import { formatProblem, type Problem } from '../errors.js';
import { colorWanted, createOutput, type Output } from '../io/output.js';

/** What every command receives: where it runs, what day it is, and where to print. */
export interface RunEnv {
  context: Context;
  cwd: string;
  today: Day;
  output: Output;
  /** True when a person can answer questions (stdin is a terminal). */
  interactive: boolean;
}

export function createRunEnv(context: Context, options: { cwd: string; color: boolean; quiet: boolean }): RunEnv {
  const output = createOutput({
    stdout: context.stdout,
    stderr: context.stderr,
    color: colorWanted(context.env, context.stderr, options.color),
    quiet: options.quiet,
  });
  return {
    context,
    cwd: options.cwd,
    today: dayOf(context.now),
    output,
    // Asked only by what prompts: the input's stream is made then (context.ts).
    get interactive() {
      return context.stdin.isTTY === true;
    },
  };
}

/** Problems that do not stop the command (config warnings, skipped files), one line each on stderr. */
export function warnAbout(env: RunEnv, problems: readonly Problem[], prefix = ''): void {
  for (const problem of problems) env.output.warn(`${prefix}${formatProblem(problem, { severity: false })}`);
}
