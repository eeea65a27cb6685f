import { teamName } from '../../domain/config.js';
import { describeRange, rangeOf } from '../../domain/period.js';
import { parseReview, renderSkippedReview } from '../../domain/review.js';
import { ExitCode, UserError } from '../../errors.js';
import { readTextIfPresent } from '../../io/files.js';
import { lockWorkbook } from '../../io/lock.js';
import { writeAtomic } from '../../io/write-file.js';
import { commitWritten } from '../../run/commit.js';
import type { RunEnv } from '../../run/env.js';
import type { ReviewPlace } from './place.js';

export interface SkipOptions {
  reason?: string;
  commit: boolean;
  dryRun: boolean;
  /** Replace a review already written for the period. */
  force: boolean;
}

/**
 * Record a period the team decided not to hold (`status: skipped`): it is then neither held nor
 * missed, and what the review before it left open carries on to the next one. A review already
 * written for the period (held, or captured between meetings) is never replaced without --force.
 */
export async function skipPeriod(env: RunEnv, place: ReviewPlace, options: SkipOptions): Promise<ExitCode> {
  const { output } = env;
  const { workbook, display } = place;
  const reason = options.reason?.trim() || undefined;
  const text = renderSkippedReview(
    place.template,
    {
      ritual: place.ritual.name,
      period: place.label,
      range: describeRange(rangeOf(place.period, workbook.config)),
      ...(place.team ? { team: place.team, teamName: teamName(workbook.config, place.team) } : {}),
    },
    reason,
  );
  if (options.dryRun) {
    output.data(text);
    output.info(output.color.dim(`(dry run: ${display} was not written)`));
    return ExitCode.ok;
  }
  const lock = await lockWorkbook(workbook.root, { now: env.context.now });
  try {
    const current = await readTextIfPresent(place.path);
    if (current !== undefined && current !== '' && !options.force) {
      const parsed = parseReview(current, display, workbook.config);
      if (parsed.review?.skipped) {
        output.info(`${display} is already marked skipped`);
        return ExitCode.ok;
      }
      const what = parsed.review?.inProgress ? 'holds what was captured between meetings' : 'is a review already written';
      throw new UserError(`${display} ${what}: it is not skipped; run with --skip --force to replace it with a skip`);
    }
    await writeAtomic(place.path, text);
    output.success(`marked ${place.label} skipped: ${display}`);
    if (options.commit && workbook.config.git.commit) {
      await commitWritten(env, workbook.root, [place.path], `rhythm: ${place.ritual.name} ${place.label} skipped${place.team ? ` (${place.team})` : ''}`, display);
    }
  } finally {
    await lock.release();
  }
  return ExitCode.ok;
}
