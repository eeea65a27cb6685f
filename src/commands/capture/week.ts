import { teamName } from '../../domain/config.js';
import { describeRange, formatPeriod, rangeOf, type Day, type Period } from '../../domain/period.js';
import type { Customer } from '../../domain/registry.js';
import { parseReview, renderNewReview, type Answers, type Review } from '../../domain/review.js';
import type { Template } from '../../domain/template.js';
import { formatProblem, UserError } from '../../errors.js';
import { readTextIfPresent } from '../../io/files.js';
import { lockPath, lockWorkbook } from '../../io/lock.js';
import { readReview } from '../../io/reviews.js';
import { createExclusive, refuseOutside, writeAtomic } from '../../io/write-file.js';
import { displayPath, earlierReviews, loadTemplate, openWorkbook, readRegistry, reviewPath, type Workbook } from '../../io/workbook.js';
import { commitWritten } from '../../run/commit.js';
import { warnAbout, type RunEnv } from '../../run/env.js';
import { resolveDay, resolveHoldingTeam, resolvePeriod, resolveRitual, teamNeeded } from '../../run/options.js';

/** The ritual captures go into: the weekly, whose review of the week they add to. */
export const CAPTURE_RITUAL = 'weekly';

/** What every capture command takes besides its own argument. */
export interface CaptureCommon {
  team?: string;
  date?: string;
  commit: boolean;
}

/** The team's review of the week a capture goes into, and what it needs to write one. */
export interface Week {
  workbook: Workbook;
  ritualName: string;
  period: Period;
  label: string;
  team?: string;
  day: Day;
  path: string;
  display: string;
  template: Template;
  customers: Customer[];
}

/** The review of the week of `--date` (today) of the team holding the weekly (`--team`, RHYTHM_TEAM, or the only one). */
export async function weekOf(env: RunEnv, options: Pick<CaptureCommon, 'team' | 'date'>, team?: { id: string | undefined }): Promise<Week> {
  const workbook = await openWorkbook(env.cwd);
  warnAbout(env, workbook.warnings);
  const { config } = workbook;
  const ritual = resolveRitual(config, CAPTURE_RITUAL);
  const day = resolveDay(options.date, env.today);
  const period = resolvePeriod({ flag: 'week', cadence: ritual.cadence, day }, config);
  const label = formatPeriod(period, config);
  let holding: string | undefined;
  if (team) {
    holding = team.id;
    if (options.team !== undefined && options.team !== holding) throw new UserError(`that action is ${holding ?? 'no team'}'s, not ${options.team}'s`);
  } else {
    const found = resolveHoldingTeam(config, ritual, options.team, env.context.env);
    if ('choices' in found) throw teamNeeded(found.choices);
    holding = found.team;
  }
  const path = reviewPath(workbook, ritual.name, label, holding);
  const display = displayPath(workbook, path);
  refuseOutside(workbook.root, path, display);
  refuseOutside(workbook.root, lockPath(workbook.root), displayPath(workbook, lockPath(workbook.root)));
  const [template, { customers }] = await Promise.all([loadTemplate(workbook, ritual.template), readRegistry(workbook)]);
  return { workbook, ritualName: ritual.name, period, label, day, path, display, template, customers, ...(holding ? { team: holding } : {}) };
}

/** The review as it is on disk when the capture writes: its text and what it says. */
export interface Current {
  text: string;
  review: Review;
}

/** What a capture does to the week's review: its text, or nothing (already so). */
export type Outcome = { text: string; said: string } | { unchanged: string };

/**
 * Write a capture through the path of `rhythm weekly`: under the workbook's lock from reading the
 * file to the commit, so a concurrent weekly or capture never writes over it; a new file created
 * exclusively, an existing one replaced atomically; committed unless `--no-commit` or
 * `git.commit: false`. `change` sees the file as it is under the lock.
 */
export async function capture(env: RunEnv, week: Week, options: CaptureCommon, what: string, change: (current: Current | undefined) => Outcome): Promise<void> {
  const { output } = env;
  const { workbook, display } = week;
  const lock = await lockWorkbook(workbook.root, { now: env.context.now });
  try {
    const text = await readTextIfPresent(week.path);
    // An empty file holds nothing anyone wrote (an interrupted run left it): it is no review.
    const current = text === undefined || text === '' ? undefined : { text, review: readable(text, week) };
    const outcome = change(current);
    if ('unchanged' in outcome) {
      output.success(outcome.unchanged);
      output.data(display);
      return;
    }
    if (text === undefined) await createExclusive(week.path, outcome.text);
    else await writeAtomic(week.path, outcome.text);
    output.success(`${outcome.said} (${current === undefined || current.review.inProgress ? 'in progress' : 'held'}: ${display})`);
    if (options.commit && workbook.config.git.commit) {
      await commitWritten(env, workbook.root, [week.path], `rhythm: ${what} (${week.ritualName} ${week.label}${week.team ? `, ${week.team}` : ''})`, display);
    } else output.info(output.color.dim('not committed (--no-commit or git.commit: false)'));
  } finally {
    await lock.release();
  }
  output.data(display);
  output.info(output.color.dim(`next: rhythm ${week.ritualName} (starts from what was captured) · rhythm actions · rhythm open`));
}

/** The text of a new review of the week, in progress, holding these answers only. */
export function newReview(week: Week, answers: Answers): string {
  const { config } = week.workbook;
  return renderNewReview(
    week.template,
    {
      ritual: week.ritualName,
      period: week.label,
      range: describeRange(rangeOf(week.period, config)),
      date: week.day,
      participants: [],
      resolved: [],
      inProgress: true,
      ...(week.team ? { team: week.team, teamName: teamName(config, week.team) } : {}),
    },
    answers,
  );
}

/**
 * The first week of a customer's open flag in the team's earlier weeklies: the latest that lists
 * it, looking past reviews in progress that do not (their absence resolves nothing), up to the
 * latest held one (whose absence does). Undefined when it is not flagged.
 */
export async function openFlagSince(env: RunEnv, week: Week, customer: string): Promise<string | undefined> {
  const { workbook } = week;
  for (const location of await earlierReviews(workbook, { team: week.team, ritual: week.ritualName }, week.period)) {
    const parsed = await readReview(workbook, location);
    if (!parsed.review) {
      env.output.warn(`${location.display} cannot be read (rhythm check says why)`);
      return undefined;
    }
    const flagged = parsed.review.flags.find((flag) => flag.customer === customer);
    if (flagged) return flagged.since;
    if (!parsed.review.inProgress) return undefined;
  }
  return undefined;
}

function readable(text: string, week: Week): Review {
  const parsed = parseReview(text, week.display, week.workbook.config);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  if (!parsed.review || errors.length > 0) {
    throw new UserError(`${errors[0] ? formatProblem(errors[0]) : `${week.display}: cannot be read`}\nfix the file first (rhythm check lists every problem), then capture again`);
  }
  return parsed.review;
}

