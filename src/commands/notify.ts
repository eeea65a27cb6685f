import type { NotifyDestination } from '../domain/config.js';
import type { NotifyEvent } from '../domain/notify.js';
import { eventsDueOn, newEvents } from '../domain/notify.js';
import { addDaysTo, parseDay, type Day } from '../domain/period.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { commitDay, commitOf, headAtStartOf } from '../io/git-history.js';
import { openWorkbook } from '../io/workbook.js';
import type { RunEnv } from '../run/env.js';
import { daysAfter, openHistory, type History } from '../run/notify-events.js';
import { resolveDay } from '../run/options.js';

export interface NotifyOptions {
  /** A commit (what the commits since brought) or a day YYYY-MM-DD (what the days since brought); default: yesterday. */
  since?: string;
  /** The day it is (`--date`); default today. */
  date?: string;
  /** Print the payloads, post nothing. */
  dryRun: boolean;
}

/** A catch-up over more days than this is surely a mistake (a year instead of a day). */
const MAX_DAYS = 92;

/**
 * `rhythm notify`: posts what changed (a customer newly not receiving value, an escalation, a
 * resolution, a ritual overdue) to the destinations in rhythm.yaml, each event once across runs.
 */
export async function notify(env: RunEnv, options: NotifyOptions): Promise<ExitCode> {
  const workbook = await openWorkbook(env.cwd);
  const git = await env.context.git();
  const top = await git.topLevel(workbook.root);
  if (top.path === undefined) throw new UserError(top.refused ?? `notify finds what is new in the workbook's git history, and ${workbook.root} is in no git repository: run it in your workbook's clone`);
  const today = resolveDay(options.date, env.today);
  const history = await openHistory(env, { top: top.path, workbook });
  try {
    const { events, what } = await whatIsNew(history, top.path, options.since, today);
    if (events.length === 0) {
      env.output.info(`nothing new to announce (${what})`);
      return ExitCode.ok;
    }
    return await announce(env, workbook.config.notify, events, { workbook: workbookName(workbook.root), day: today, what }, options.dryRun);
  } finally {
    await history.close();
  }
}

async function whatIsNew(history: History, top: string, since: string | undefined, today: Day): Promise<{ events: NotifyEvent[]; what: string }> {
  const day = since === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(since) ? parseSinceDay(since) : undefined;
  if (since !== undefined && day === undefined) {
    // What commits brought: the head as of its last commit's day, against the commit given.
    const before = await commitOf(top, since);
    const head = await commitOf(top, 'HEAD');
    const asOf = await commitDay(top, head);
    const events = newEvents(await history.eventsAt(head, asOf), await history.eventsAt(before, asOf));
    return { events, what: `commits ${before.slice(0, 7)}..${head.slice(0, 7)}, as of ${asOf}` };
  }
  // What days brought: each day's own events, in the workbook as it was when the day began.
  const from = day ?? addDaysTo(today, -1);
  const days = daysAfter(from, today);
  if (days.length > MAX_DAYS) throw new UsageError(`--since ${from}: that is ${days.length} days; notify catches up ${MAX_DAYS} days at most`);
  const events: NotifyEvent[] = [];
  for (const each of days) events.push(...eventsDueOn(await history.eventsAt(await headAtStartOf(top, each), each), new Set([each])));
  return { events, what: days.length === 1 ? `the day ${today}` : `the days ${days[0]} to ${today}` };
}

function parseSinceDay(value: string): Day {
  try {
    return parseDay(value);
  } catch {
    throw new UsageError(`--since ${value}: not a day; give a day YYYY-MM-DD or a commit`);
  }
}

function workbookName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).at(-1) ?? 'workbook';
}

interface Context {
  workbook: string;
  day: Day;
  what: string;
}

/** Every destination gets every event; one that cannot be reached fails the run (exit 1) after the others are tried. */
async function announce(env: RunEnv, destinations: readonly NotifyDestination[], events: readonly NotifyEvent[], context: Context, dryRun: boolean): Promise<ExitCode> {
  const payloads = await import('../report/notify-payloads.js');
  const render = (destination: NotifyDestination) => {
    const message = { workbook: context.workbook, day: context.day };
    return destination.type === 'slack' ? payloads.slackPayload(events, message) : destination.type === 'teams' ? payloads.teamsPayload(events, message) : payloads.webhookPayload(events, message);
  };
  const count = `${events.length} event${events.length === 1 ? '' : 's'} (${context.what})`;
  if (dryRun) {
    // Without destinations, the JSON webhook's payload shows what would be said.
    const shown = destinations.length > 0 ? destinations.map((destination) => ({ destination, label: `${destination.type} (${destination.env})` })) : [{ destination: { type: 'webhook', env: '' } as const, label: 'webhook (no destination in rhythm.yaml yet)' }];
    for (const { destination, label } of shown) env.output.data(`# ${label}\n${JSON.stringify(render(destination), null, 2)}`);
    env.output.info(`${count}; --dry-run: nothing posted`);
    return ExitCode.ok;
  }
  if (destinations.length === 0) {
    throw new UserError(`${count}, and nowhere to post them: add destinations to rhythm.yaml, e.g. notify: [{ type: slack, env: RHYTHM_SLACK_WEBHOOK }] (or pass --dry-run)`);
  }
  const { postJson } = await import('../io/webhook.js');
  let failed = 0;
  for (const destination of destinations) {
    const label = `${destination.type} (${destination.env})`;
    const url = env.context.env[destination.env];
    if (url === undefined || url.trim() === '') {
      env.output.error(`${label}: ${destination.env} is not set: set it to the webhook's URL (in CI, a secret passed as env)`);
      failed++;
      continue;
    }
    try {
      await postJson(url.trim(), render(destination), { label, env: destination.env });
      env.output.success(`${label}: posted ${count}`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      env.output.error(error.message);
      failed++;
    }
  }
  return failed > 0 ? ExitCode.failed : ExitCode.ok;
}
