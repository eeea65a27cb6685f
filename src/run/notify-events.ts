/**
 * The events of the workbook as it was at a commit, as of a day (domain/notify.ts), and the two
 * ways a run of `rhythm notify` finds what is new from git history alone, so that runners that
 * start fresh announce each event once (README, "Notify: exactly once"):
 *
 * - what commits brought (`--since <commit>`, on a push): the events at the branch's head, as of
 *   the day of its last commit, that the workbook at <commit> did not have as of that day;
 * - what days brought (`--since <day>`, on a schedule): for each day after <day> up to today, the
 *   events that became true that very day in the workbook as it was when the day began.
 *
 * Together they cover each event once: an event comes from a commit made after the day it became
 * true (a review written late) or from a day that came after the commit (an escalation, an
 * overdue ritual, a review dated ahead).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CONFIG_FILE } from '../domain/config.js';
import { notifyEvents, type NotifyEvent } from '../domain/notify.js';
import { addDaysTo, periodOf, type Day } from '../domain/period.js';
import { markedPeriods, statusTeams, teamRitualStatuses } from '../domain/status.js';
import { exists } from '../io/files.js';
import { copyTreeAt } from '../io/git-history.js';
import { heldPeriods } from '../io/held.js';
import { openWorkbook, type Workbook } from '../io/workbook.js';
import type { RunEnv } from './env.js';
import { rollupPeriod } from './rollup.js';

/** Where the workbook sits in its repository. */
export interface Repository {
  /** The repository's top folder. */
  top: string;
  workbook: Workbook;
}

/**
 * Reads the workbook at commits into temporary folders, each once, and gives its events as of a
 * day. `close` removes the folders.
 */
export interface History {
  eventsAt(commit: string | undefined, day: Day): Promise<NotifyEvent[]>;
  close(): Promise<void>;
}

export async function openHistory(env: RunEnv, repository: Repository): Promise<History> {
  const scratch = await mkdtemp(join(tmpdir(), 'rhythm-notify-'));
  const configAt = relative(repository.top, repository.workbook.root);
  const reviewsAt = relative(repository.top, repository.workbook.dir);
  const copies = new Map<string, Promise<Workbook | undefined>>();
  // The run's output, quiet: a file broken at an old commit is no warning for today.
  const quiet: RunEnv = { ...env, output: { ...env.output, warn: () => undefined, progress: () => undefined }, context: { ...env.context, env: { ...env.context.env, RHYTHM_CACHE: '0' } } };

  const workbookAt = (commit: string) => {
    let copy = copies.get(commit);
    if (!copy) {
      copy = (async () => {
        const into = join(scratch, commit);
        await copyTreeAt(repository.top, commit, join(configAt, CONFIG_FILE).replace(/^\.\//, ''), into);
        // Before `rhythm init` there is no workbook: nothing to announce.
        if (!(await exists(join(into, configAt, CONFIG_FILE)))) return undefined;
        await copyTreeAt(repository.top, commit, reviewsAt === '' ? configAt : reviewsAt, into);
        return openWorkbook(join(into, configAt));
      })();
      copies.set(commit, copy);
    }
    return copy;
  };

  return {
    async eventsAt(commit, day) {
      if (commit === undefined) return [];
      const workbook = await workbookAt(commit);
      if (!workbook) return [];
      const { config } = workbook;
      // Current state, as status sees it: the year of the day and every review before it.
      const { rollup, locations } = await rollupPeriod(quiet, workbook, { period: periodOf('year', day, config), today: day, history: true, strict: false });
      const held = heldPeriods(locations, config);
      const statuses = statusTeams(config).map((team) => ({ ...(team === undefined ? {} : { team }), rituals: teamRitualStatuses(config, day, team, held, markedPeriods(rollup)) }));
      return notifyEvents(rollup, statuses, config);
    },
    close: () => rm(scratch, { recursive: true, force: true }),
  };
}

/** The days after `since` up to `today`, at most `limit` of them (a catch-up longer than that is refused by the caller). */
export function daysAfter(since: Day, today: Day): Day[] {
  const days: Day[] = [];
  for (let day = addDaysTo(since, 1); day <= today; day = addDaysTo(day, 1)) days.push(day);
  return days;
}
