import { actionHash, findActions, shortIds } from '../../domain/action-ids.js';
import { addCustomer, addFlag, appendToSection, capturedAction, changeText, findCustomer, listsAction, quoteItem, tickLine, type TextChange } from '../../domain/capture.js';
import { formatAction, formatListItems } from '../../domain/markdown.js';
import { formatPeriod, periodOf } from '../../domain/period.js';
import { customerName } from '../../domain/registry.js';
import type { Flag, NewAction } from '../../domain/review.js';
import type { ActionRecord } from '../../domain/rollup/model.js';
import type { Question } from '../../domain/template.js';
import { ExitCode, UsageError, UserError } from '../../errors.js';
import type { RunEnv } from '../../run/env.js';
import { resolveDay } from '../../run/options.js';
import { currentRollup } from '../../run/rollup.js';
import { capture, newReview, openFlagSince, weekOf, type CaptureCommon, type Current, type Outcome, type Week } from './week.js';

/**
 * Capture between meetings, the way jrnl captures a line: `rhythm heard`, `flag`, `action` and
 * `done` each add one answer to the team's review of the week (created in progress when there is
 * none), and commit it. `rhythm weekly` later starts from what was captured.
 */

export interface HeardOptions extends CaptureCommon {
  customer: string;
  quote: string;
}

/** `rhythm heard <customer> "quote #tag"`: a quote in their words, and the customer talked to. */
export async function heard(env: RunEnv, options: HeardOptions): Promise<ExitCode> {
  const week = await weekOf(env, options);
  const id = customerOf(options.customer, week);
  const question = questionOf(week, 'list', 'heard');
  if (options.quote.trim() === '') throw new UsageError('rhythm heard <customer> "what they said #tag": the quote is empty');
  const item = quoteItem(customerName(week.customers, id), options.quote);
  await capture(env, week, options, `heard ${id}`, (current) => {
    if (!current) return { text: newReview(week, { customers: [id], [question.id]: [item] }), said: `added a quote of ${customerName(week.customers, id)}` };
    const changes: TextChange[] = [appendToSection({ id: question.id, heading: question.prompt }, [formatListItems([item])])];
    if (!current.review.customers.includes(id)) changes.push(addCustomer(id));
    return { text: changeText(current.text, changes), said: `added a quote of ${customerName(week.customers, id)}` };
  });
  return ExitCode.ok;
}

export interface FlagOptions extends CaptureCommon {
  customer: string;
  reason: string;
}

/** `rhythm flag <customer> "reason"`: a customer not receiving value, since its first week (carried from the previous weekly's open flag). */
export async function flag(env: RunEnv, options: FlagOptions): Promise<ExitCode> {
  const week = await weekOf(env, options);
  const id = customerOf(options.customer, week);
  questionOf(week, 'flags');
  const reason = options.reason.replace(/\s+/g, ' ').trim();
  if (reason === '') throw new UsageError('rhythm flag <customer> "why they are not receiving value": the reason is empty');
  if (reason.length > 2000) throw new UsageError(`the reason is ${reason.length} characters: keep it under 2000 and put the detail in the review's prose`);
  const carriedSince = await openFlagSince(env, week, id);
  const name = customerName(week.customers, id);
  await capture(env, week, options, `flag ${id}`, (current) => {
    const listed = current?.review.flags.find((open) => open.customer === id);
    if (listed?.reason === reason) return { unchanged: `${name} is already flagged in ${week.display}: ${reason}` };
    // The flag keeps its first week: this review's, else the previous weekly's open flag, else this week.
    const entry: Flag = { customer: id, reason, since: listed?.since ?? carriedSince ?? week.label };
    const said = listed ? `${name}: new reason, flagged since ${entry.since}` : `flagged ${name} as not receiving value since ${entry.since}`;
    if (!current) return { text: newReview(week, { flags: [entry] }), said };
    return { text: changeText(current.text, [addFlag(entry)]), said };
  });
  return ExitCode.ok;
}

export interface ActionOptions extends CaptureCommon {
  text: string;
}

/** `rhythm action "text @owner due:YYYY-MM-DD #tag"`: an open action in the week's review. */
export async function action(env: RunEnv, options: ActionOptions): Promise<ExitCode> {
  const parsed = capturedAction(options.text);
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  const week = await weekOf(env, options);
  const question = questionOf(week, 'actions');
  const item: NewAction = parsed.action;
  await capture(env, week, options, `action ${item.title}`, (current) => {
    if (!current) return { text: newReview(week, { [question.id]: [item] }), said: `added the action "${item.title}"` };
    const listed = listsAction(current.review, item.title);
    if (listed) return { unchanged: `${week.display} already lists "${listed.title}" (${listed.state})` };
    return { text: changeText(current.text, [appendToSection({ id: question.id, heading: question.prompt }, [formatAction(item)])]), said: `added the action "${item.title}"` };
  });
  return ExitCode.ok;
}

export interface DoneOptions extends CaptureCommon {
  /** A short id (`rhythm actions` shows them), or words of the action. */
  action: string;
}

/**
 * `rhythm done <id|words>`: tick an open action in the week's review. Listed there, its box is
 * ticked; listed in an older review only, it is carried into this week's ticked, with the `since:`
 * that makes it the same action to the ledger (done in any review closes it from then on).
 */
export async function done(env: RunEnv, options: DoneOptions): Promise<ExitCode> {
  const day = resolveDay(options.date, env.today);
  const { rollup, workbook } = await currentRollup(env, { ...(options.date ? { date: options.date } : {}), ...(options.team ? { team: options.team } : {}), strict: false, organisation: false }, 'actions');
  const all = rollup.teams.flatMap((team) => team.actions);
  const open = all.filter((record) => record.state === 'open');
  const ids = shortIds(open);
  const found = findActions(options.action, open);
  if (found.kind === 'none') {
    const label = formatPeriod(periodOf('week', day, workbook.config), workbook.config);
    const closed = findActions(options.action, all.filter((record) => record.state === 'done' && record.closedIn === label));
    if (closed.kind === 'one') {
      env.output.success(`already done in ${label}: ${closed.action.title}`);
      return ExitCode.ok;
    }
    throw new UserError(`no open action matches "${options.action}": rhythm actions lists them with their ids`);
  }
  if (found.kind === 'many') {
    // Written alike (a line copied twice into one review), they are items no id tells apart: the file does.
    const files = new Set(found.actions.map((record) => record.file));
    if (new Set(found.actions.map(actionHash)).size === 1 && files.size === 1) {
      throw new UserError(`${found.actions.length} open actions match "${options.action}", written alike (the same words, owner and week) in ${[...files][0]}: tick the box there of each that is done, or delete the line written twice`);
    }
    env.output.data(found.actions.map((record) => `${ids[open.indexOf(record)]}  ${describe(record)}`).join('\n'));
    throw new UserError(`${found.actions.length} open actions match "${options.action}": run rhythm done <id> with the id of the one you mean`);
  }
  const record = found.action;
  const week = await weekOf(env, options, { id: record.team });
  const question = questionOf(week, 'actions');
  await capture(env, week, options, `done ${record.title}`, (current) => tick(week, question, record, current));
  return ExitCode.ok;
}

function tick(week: Week, question: Question, record: ActionRecord, current: Current | undefined): Outcome {
  const said = `done: ${record.title}`;
  // Carried into the week ticked, as the weekly writes a carried action: the ledger knows it by its words and `since:`.
  const carried: NewAction = { state: 'done', title: record.title, tags: [...record.tags], since: record.since, ...(record.owner ? { owner: record.owner } : {}), ...(record.due ? { due: record.due } : {}) };
  if (!current) return { text: newReview(week, { [question.id]: [carried] }), said };
  const listed = listsAction(current.review, record.title);
  if (listed && listed.state !== 'open') return { unchanged: `${week.display} already lists "${listed.title}" as ${listed.state}` };
  const append = appendToSection({ id: question.id, heading: question.prompt }, [formatAction(carried)]);
  // Its own box is ticked where it stands; a box this reader cannot tick in place gets a ticked copy.
  return { text: changeText(current.text, [listed ? (text) => tickLine(text, listed.lineIndex) ?? append(text) : append]), said };
}

function describe(record: ActionRecord): string {
  return [record.title, record.owner ? `@${record.owner}` : '', record.due ? `due:${record.due}` : '', record.team ? `(${record.team}, ${record.lastSeen})` : `(${record.lastSeen})`].filter(Boolean).join(' ');
}

function customerOf(typed: string, week: Week): string {
  const found = findCustomer(typed, week.customers);
  if ('problem' in found) throw new UserError(found.problem);
  return found.id;
}

/** The template's question of this type (the one of this id, when there are several). */
function questionOf(week: Week, type: Question['type'], id?: string): Question {
  const questions = week.template.questions.filter((question) => question.type === type);
  const question = id === undefined ? questions[0] : questions.find((candidate) => candidate.id === id);
  if (!question) throw new UserError(`the ${week.template.name} template has no ${id ?? type} question to capture into`);
  return question;
}
