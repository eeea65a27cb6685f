/**
 * What is being done about a customer: the open actions that name it. A flag says a customer is
 * not receiving value; a leader's next question is who is doing what about it, and by when.
 *
 * The rule (README, "What is being done about a flag"): an open action of any team is about a
 * customer when it carries the customer's id as a `#tag` (`#stark`), or its text names the
 * customer by id or by its registry name as whole words, in any case (`Call Stark's controller`,
 * `Plan with Stark Logistics`). Words are runs of letters and digits, so `stark` is not found in
 * `starkly`, and an id `acme-eu` is named by `Acme EU` as well.
 */
import { compareText } from '../collections.js';
import type { Day } from '../period.js';
import type { ActionRecord } from './model.js';

export interface Response {
  /** The open actions about the customer: the next due first, those without a due date last. */
  actions: ActionRecord[];
  /** Their owners, each once, in the order of the actions. */
  owners: string[];
  /** The earliest due date among them (past, when they are overdue). */
  nextDue?: Day;
  overdue: number;
}

export interface Named {
  id: string;
  name?: string;
}

/** The open actions about each customer, from one list of actions: their words are split once for many customers. */
export function responsesFor(actions: readonly ActionRecord[]): (customer: Named) => Response {
  const open = actions.filter((action) => action.state === 'open').map((action) => ({ action, words: wordsOf(action.title) }));
  return (customer) => {
    const about = ruleFor(customer);
    const found = open
      .filter(({ action, words }) => about(action.tags, words))
      .map(({ action }) => action)
      .sort(byNextDue);
    const owners = [...new Set(found.flatMap((action) => (action.owner === undefined ? [] : [action.owner])))];
    const nextDue = found.find((action) => action.due !== undefined)?.due;
    return { actions: found, owners, ...(nextDue === undefined ? {} : { nextDue }), overdue: found.filter((action) => action.overdue).length };
  };
}

/** Whether an action, in any state, is about the customer: the same rule as responsesFor. */
export function isAbout(customer: Named): (action: Pick<ActionRecord, 'title' | 'tags'>) => boolean {
  const about = ruleFor(customer);
  return (action) => about(action.tags, wordsOf(action.title));
}

/** Whether a text names the customer by id or registry name as whole words (prose, a note, a reason). */
export function mentions(customer: Named): (text: string) => boolean {
  const about = ruleFor(customer);
  return (text) => about([], wordsOf(text));
}

/** The rule itself, on an action's tags and the words of its text. */
function ruleFor(customer: Named): (tags: readonly string[], words: readonly string[]) => boolean {
  const tag = customer.id.toLowerCase();
  const names = namesOf(customer);
  return (tags, words) => tags.includes(tag) || names.some((name) => containsRun(words, name));
}

function namesOf(customer: Named): string[][] {
  return [wordsOf(customer.id), ...(customer.name ? [wordsOf(customer.name)] : [])].filter((name) => name.length > 0);
}

/** The next due first; without a due date, after those with one; then the oldest. */
function byNextDue(a: ActionRecord, b: ActionRecord): number {
  if (a.due !== b.due) {
    if (a.due === undefined) return 1;
    if (b.due === undefined) return -1;
    return compareText(a.due, b.due);
  }
  return compareText(a.openedOn, b.openedOn) || compareText(a.title, b.title);
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The text as lower-case words of letters and digits: `Stark's ERP-team` → stark, s, erp, team. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Whether `run` occurs in `words` as consecutive whole words. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let start = 0; start + run.length <= words.length; start++) {
    for (let i = 0; i < run.length; i++) if (words[start + i] !== run[i]) continue outer;
    return true;
  }
  return false;
}
