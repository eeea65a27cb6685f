import { completionCandidates, isCompletionKind } from '../domain/completion.js';
import { ExitCode } from '../errors.js';
import { inspectWorkbook, readRegistry } from '../io/workbook.js';
import type { RunEnv } from '../run/env.js';

export interface CompleteOptions {
  /** customers, teams, rituals, weeks, months, quarters, years or periods (domain/completion.ts). */
  kind?: string;
  /** `periods`: the ritual whose periods to offer. */
  ritual?: string;
}

/**
 * `rhythm __complete <kind> [ritual]`, hidden: what the completion scripts of `rhythm completion`
 * call back into on a Tab, for ids and period labels of the workbook found from here. It prints
 * one candidate a line and reads rhythm.yaml (and customers.yaml for customers), never a review.
 * A Tab must never put a message into the user's terminal: outside a workbook, for an unknown
 * kind or on any error, it prints nothing and exits 0.
 */
export async function complete(env: RunEnv, options: CompleteOptions): Promise<ExitCode> {
  let candidates: string[];
  try {
    const { kind } = options;
    if (kind === undefined || !isCompletionKind(kind)) return ExitCode.ok;
    const { workbook } = await inspectWorkbook(env.cwd);
    const customers = kind === 'customers' ? (await readRegistry(workbook)).customers : [];
    candidates = completionCandidates(kind, { config: workbook.config, customers, today: env.today }, options.ritual);
  } catch {
    return ExitCode.ok;
  }
  if (candidates.length > 0) env.output.data(`${candidates.join('\n')}\n`);
  return ExitCode.ok;
}
