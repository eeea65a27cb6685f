/**
 * Actions as a ledger: reviews are snapshots, and the same action appears in many of them
 * (carried forward by the tool, or copied forward by hand). Each action is counted once, with
 * the day it was written, the review that closed it and the latest review that carries it.
 *
 * Identity, within one team's reviews taken in the order they were held:
 * - an action is the same item as an earlier one with the same words (case, spacing and a final
 *   full stop aside) that is still open, or that the previous review of the same ritual listed
 *   (a stale copy of a closed action); no two actions of one review are the same item;
 * - a `since:` (which the tool writes when it carries an action forward) must agree with the
 *   item's opening period, open or closed: the same words opened in two periods are two actions;
 * - among several candidates the open one, then the one with the same owner, wins.
 * Done or dropped in any review closes the item from that review on: a box ticked in whichever
 * copy was open in the editor closes it, and a stale copy does not reopen it. The same words
 * written again later are a new action: "Send the renewal proposal" done in March and written
 * again in November.
 */
import { compareText } from '../collections.js';
import type { Action } from '../markdown.js';
import { daysBetween, isDay, type Day, type PeriodLookup } from '../period.js';
import type { ActionRecord } from './model.js';
import type { HeldEntry } from './entries.js';

interface Item {
  /** The opening period's label: `since:`, or the review the action was first written in. */
  since: string;
  openedOn: Day;
  /** Opened in a review of the rollup period (or with a `since:` inside it). */
  openedInPeriod: boolean;
  latest: { action: Action; entry: HeldEntry };
  closed?: { state: Exclude<Action['state'], 'open'>; entry: HeldEntry };
  /** Touched (listed) by a review of the rollup period. */
  inPeriod: boolean;
}

export interface ActionLedgerContext {
  today: Day;
  periods: PeriodLookup;
  /** Whether a period (by label) lies in the rollup period. */
  inPeriod: (label: string) => boolean;
  /** The days the team's reviews of a period outside the data were held. */
  heldDays: (label: string) => readonly Day[];
}

/**
 * The actions of a team's reviews (held on or before `today`, in the order held), one record per
 * item: those listed in the rollup period, and those still open as of `today`.
 */
export function actionLedger(team: string | undefined, entries: readonly HeldEntry[], context: ActionLedgerContext): ActionRecord[] {
  const items: Item[] = [];
  // Indexes, so that a team's years of reviews cost a lookup per action, not a scan of all before it.
  const openByWords = new Map<string, Item[]>();
  // By words, then by opening period: a key of the two joined was a new string to hash for every action.
  const bySince = new Map<string, Map<string, Item[]>>();
  /** What the latest review of each ritual listed: a closed action copied from it is a stale copy. */
  const listedBy = new Map<string, Map<string, Item[]>>();
  // The same titles come back in every copy: each is normalised once.
  const wordsOf = new Map<string, string>();
  for (const entry of entries) {
    const taken = new Set<Item>();
    const previous = listedBy.get(entry.review.ritual);
    const listed = new Map<string, Item[]>();
    listedBy.set(entry.review.ritual, listed);
    for (const action of entry.review.actions) {
      let words = wordsOf.get(action.title);
      if (words === undefined) wordsOf.set(action.title, (words = normalisedWords(action.title)));
      let item =
        action.since !== undefined
          ? best(bySince.get(words)?.get(action.since), undefined, action, taken)
          : best(openByWords.get(words), previous?.get(words), action, taken);
      if (!item) {
        item = opened(action, entry, context);
        items.push(item);
        append(openByWords, words, item);
        let since = bySince.get(words);
        if (since === undefined) bySince.set(words, (since = new Map()));
        append(since, item.since, item);
      }
      taken.add(item);
      append(listed, words, item);
      if (entry.inPeriod) item.inPeriod = true;
      // A closed action keeps the review that closed it as its latest: later copies are stale.
      if (item.closed) continue;
      item.latest = { action, entry };
      if (action.state !== 'open') {
        item.closed = { state: action.state, entry };
        const open = openByWords.get(words)!;
        open.splice(open.indexOf(item), 1);
      }
    }
  }
  return items
    .filter((item) => item.inPeriod || !item.closed)
    .map((item) => actionRecord(team, item, context))
    .sort((a, b) => compareText(a.openedOn, b.openedOn) || compareText(a.title.toLowerCase(), b.title.toLowerCase()) || compareText(a.title, b.title));
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Words as a person reads them: case, runs of white space and a final full stop do not make another action. */
export function normalisedWords(title: string): string {
  const lower = title.toLowerCase();
  // Most titles are already single-spaced, trimmed and without a final full stop: no copy for them.
  return UNTIDY.test(lower) ? lower.replace(/\s+/g, ' ').trim().replace(/\.$/, '') : lower;
}

const UNTIDY = /\s\s|[^\S ]|^\s|\s$|\.$/;

/**
 * The candidate not taken yet by this review: an open one first, then one with the same owner, then
 * the first written. Candidates are `items`, then the closed ones of `listedBefore` (what the
 * previous review of the ritual listed), without copying either list: a ledger asks for every action.
 */
function best(items: readonly Item[] | undefined, listedBefore: readonly Item[] | undefined, action: Action, taken: ReadonlySet<Item>): Item | undefined {
  let chosen: Item | undefined;
  let chosenRank = Infinity;
  const consider = (item: Item) => {
    if (taken.has(item)) return;
    const rank = (item.closed ? 2 : 0) + (item.latest.action.owner === action.owner ? 0 : 1);
    if (rank < chosenRank) [chosen, chosenRank] = [item, rank];
  };
  if (items) for (const item of items) consider(item);
  if (listedBefore) for (const item of listedBefore) if (item.closed) consider(item);
  return chosen;
}

function opened(action: Action, entry: HeldEntry, context: ActionLedgerContext): Item {
  // A `since:` naming an earlier period says when the action was written: the day that period's
  // review was held, or the period's first day when there is none.
  const since = action.since !== undefined ? context.periods(action.since) : undefined;
  const earlier = since !== undefined && since.range.start < entry.heldOn;
  const writtenOn = earlier ? (context.heldDays(since.label).find((day) => day <= entry.heldOn) ?? since.range.start) : entry.heldOn;
  return {
    since: earlier ? since.label : entry.label,
    openedOn: writtenOn,
    openedInPeriod: context.inPeriod(earlier ? since.label : entry.label),
    latest: { action, entry },
    inPeriod: false,
  };
}

function actionRecord(team: string | undefined, item: Item, context: ActionLedgerContext): ActionRecord {
  const { action, entry } = item.latest;
  const open = item.closed === undefined;
  // Built field by field, in the order of JSON output, without an undefined one: a ledger makes
  // one record per action, and defined() copied nearly every one (most have no owner, due day or
  // close).
  const record = (team === undefined ? {} : { team }) as ActionRecord;
  record.title = action.title;
  record.state = item.closed?.state ?? 'open';
  if (action.owner !== undefined) record.owner = action.owner;
  if (action.due !== undefined) record.due = action.due;
  record.tags = [...action.tags];
  record.since = item.since;
  record.openedOn = item.openedOn;
  record.lastSeen = entry.label;
  record.file = entry.review.file;
  if (item.closed !== undefined) {
    record.closedIn = item.closed.entry.label;
    record.closedOn = item.closed.entry.heldOn;
  }
  record.opened = item.openedInPeriod;
  record.overdue = open && action.due !== undefined && isDay(action.due) && action.due < context.today;
  if (open) record.ageDays = Math.max(0, daysBetween(item.openedOn, context.today));
  return record;
}
