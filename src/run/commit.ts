import { UserError } from '../errors.js';
import type { RunEnv } from './env.js';

/**
 * Commit the files a command just wrote into the workbook (a review held, captured or skipped),
 * and say how it went in one line. A commit git refused leaves the file written: its path goes to
 * stdout, as it would have after a commit, and the run fails saying so; git declining for a reason
 * of its own (nothing changed, an ignored file) is a warning.
 */
export async function commitWritten(env: RunEnv, root: string, paths: string[], message: string, display: string): Promise<void> {
  const result = await (await env.context.git()).commitFiles(root, paths, message);
  if (result.committed) env.output.success(`committed ${result.sha}: ${message}`);
  else if (result.failed) {
    env.output.data(display);
    throw new UserError(`${display} was written but not committed: ${result.reason}`);
  } else env.output.warn(`not committed: ${result.reason}`);
}
