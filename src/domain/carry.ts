import type { Flag, NewAction, ResolvedFlag, Review } from './review.js';
import { normalisedWords } from './rollup/actions.js';
import type { ActionRecord, FlagEpisode } from './rollup/model.js';

/**
 * Carry-forward: what the team left open last time is brought into this review and decided on,
 * so an action or a customer not receiving value can never silently fall off the list.
 */
export type ActionDecision = 'done' | 'open' | 'drop';
export type FlagDecision = { status: 'open'; reason: string } | { status: 'resolved'; note?: string };

export interface OpenItems {
  /** The review they come from, for messages. */
  from?: string;
  actions: NewAction[];
  flags: Flag[];
}

export function openItemsOf(previous: Review | undefined): OpenItems {
  if (!previous) return { actions: [], flags: [] };
  return {
    from: previous.period,
    actions: previous.actions
      .filter((action) => action.state === 'open')
      .map(({ lineIndex: _line, section: _section, ...action }) => ({ ...action, since: action.since ?? previous.period })),
    flags: previous.flags.map((flag) => ({ ...flag, since: flag.since || previous.period })),
  };
}

/**
 * Whether the review leaves open an item only the ledger can date: an action without `since:`,
 * or a flag dated the review's own week (which is what a flag without `since:` reads as: raised
 * that week, or copied by hand from the week before).
 */
export function needsLedgerSince(review: Review | undefined): boolean {
  return review !== undefined && (review.actions.some((action) => action.state === 'open' && action.since === undefined) || review.flags.some((flag) => undatedFlag(flag, review)));
}

function undatedFlag(flag: Flag, review: Review): boolean {
  return !flag.since || flag.since === review.period;
}

/**
 * The review with each item only the ledger can date (needsLedgerSince) dated by the reviews of its
 * ritual before it (`earlier`: the one just before a review, a skipped one passed over), as the
 * tool's carry would have dated it: a week copied by hand across a quarter's or a year's start
 * carries items without `since:`, and a rollup of the period reads no review before it. Walking
 * back while the review before lists the item (a flag of the customer not resolved there, an open
 * action of the same words), it takes the `since:` one of them wrote, else the period of the
 * earliest that lists it. A review is read only while some item is still being followed.
 */
export function datedBackwards(review: Review, earlier: (review: Review) => Review | undefined): Review {
  if (!needsLedgerSince(review)) return review;
  const flagSince = new Map<string, string>();
  const actionSince = new Map<string, string>();
  const followedFlags = new Set(review.flags.filter((flag) => undatedFlag(flag, review)).map((flag) => flag.customer));
  const followedActions = new Set(review.actions.filter((action) => action.state === 'open' && action.since === undefined).map((action) => normalisedWords(action.title)));
  for (let later = review; followedFlags.size + followedActions.size > 0; ) {
    const before = earlier(later);
    if (before === undefined) break;
    later = before;
    for (const customer of followedFlags) {
      const flag = before.resolved.some((resolved) => resolved.customer === customer) ? undefined : before.flags.find((candidate) => candidate.customer === customer);
      if (flag) flagSince.set(customer, flag.since || before.period);
      if (!flag || !undatedFlag(flag, before)) followedFlags.delete(customer);
    }
    for (const words of followedActions) {
      const action = before.actions.find((candidate) => candidate.state === 'open' && normalisedWords(candidate.title) === words);
      if (action) actionSince.set(words, action.since ?? before.period);
      if (!action || action.since !== undefined) followedActions.delete(words);
    }
  }
  if (flagSince.size + actionSince.size === 0) return review;
  return {
    ...review,
    flags: review.flags.map((flag) => (undatedFlag(flag, review) && flagSince.has(flag.customer) ? { ...flag, since: flagSince.get(flag.customer)! } : flag)),
    actions: review.actions.map((action) => {
      const since = action.state === 'open' && action.since === undefined ? actionSince.get(normalisedWords(action.title)) : undefined;
      return since === undefined ? action : { ...action, since };
    }),
  };
}

/**
 * The review with each open item only the ledger can date (needsLedgerSince) given the period the
 * team's ledger says it opened in (`actions`, `flags`: the team's open ones as of the review). A
 * week written by hand copies last week's items without `since:`; carried with the review's own
 * period, an action copied since an earlier week would open a second time there, and a flag would
 * read younger than it is. An item the ledger does not know keeps the review's period (openItemsOf).
 */
export function withLedgerSince(review: Review, actions: readonly Pick<ActionRecord, 'title' | 'state' | 'since' | 'lastSeen'>[], flags: readonly Pick<FlagEpisode, 'customer' | 'status' | 'since'>[]): Review {
  const open = actions.filter((record) => record.state === 'open');
  const taken = new Set<(typeof open)[number]>();
  // Two open actions of the same words are two items: each copy takes one, the one this review carries first.
  const ledgerItem = (words: string) =>
    open.find((record) => !taken.has(record) && record.lastSeen === review.period && normalisedWords(record.title) === words) ??
    open.find((record) => !taken.has(record) && normalisedWords(record.title) === words);
  return {
    ...review,
    actions: review.actions.map((action) => {
      if (action.state !== 'open' || action.since !== undefined) return action;
      const item = ledgerItem(normalisedWords(action.title));
      if (!item) return action;
      taken.add(item);
      return { ...action, since: item.since };
    }),
    flags: review.flags.map((flag) => {
      if (!undatedFlag(flag, review)) return flag;
      const episode = flags.find((open) => open.status === 'open' && open.customer === flag.customer);
      return episode ? { ...flag, since: episode.since } : flag;
    }),
  };
}

/**
 * The open action a decision of an answers file names by its title: the one whose title it is
 * (case and surrounding spaces aside), else the one whose title starts with it. A decision must
 * never land on the wrong item, so an empty key, a start that several titles share and a title
 * several actions share name none, and the problem says what to write instead.
 */
export function actionNamed(open: OpenItems, key: string): { index: number } | { problem: string } {
  const wanted = key.trim().toLowerCase();
  if (wanted === '') return { problem: `an empty title names no action: write the start of the action's title, e.g. "${open.actions[0]?.title ?? 'Call Acme'}": done` };
  const titles = open.actions.map((action) => action.title.trim().toLowerCase());
  const exact = indexesOf(titles, (title) => title === wanted);
  const named = exact.length > 0 ? exact : indexesOf(titles, (title) => title.startsWith(wanted));
  const list = () => named.map((index) => describe(open.actions[index]!)).join(', ');
  if (named.length === 1) return { index: named[0]! };
  if (named.length === 0) return { problem: `no open action starting with "${key}" in ${open.from ?? 'the previous review'}` };
  if (exact.length > 1) return { problem: `"${key}" is the title of ${named.length} open actions: ${list()}; decide them in rhythm weekly, or make their titles differ in ${open.from ?? 'the previous review'}` };
  return { problem: `"${key}" starts ${named.length} open actions: ${list()}; write more of the title` };
}

function indexesOf(titles: readonly string[], matches: (title: string) => boolean): number[] {
  return titles.flatMap((title, index) => (matches(title) ? [index] : []));
}

function describe(action: NewAction): string {
  return `"${action.title}"${action.owner ? ` @${action.owner}` : ''}`;
}

export interface CarryResult {
  /** Every carried action with its new state: closed and dropped ones are recorded in this review. */
  actions: NewAction[];
  flags: Flag[];
  resolved: ResolvedFlag[];
}

export function applyDecisions(open: OpenItems, actionDecisions: readonly ActionDecision[], flagDecisions: readonly FlagDecision[]): CarryResult {
  const actions = open.actions.map((action, index) => {
    const decision = actionDecisions[index] ?? 'open';
    return { ...action, state: decision === 'drop' ? ('dropped' as const) : decision === 'done' ? ('done' as const) : ('open' as const) };
  });
  const flags: Flag[] = [];
  const resolved: ResolvedFlag[] = [];
  open.flags.forEach((flag, index) => {
    const decision = flagDecisions[index] ?? { status: 'open', reason: flag.reason };
    if (decision.status === 'open') flags.push({ ...flag, reason: decision.reason.trim() || flag.reason });
    else resolved.push({ customer: flag.customer, since: flag.since, reason: flag.reason, ...(decision.note ? { note: decision.note } : {}) });
  });
  return { actions, flags, resolved };
}

/**
 * New flags join the carried ones. Flagging a customer who is already flagged updates the reason
 * and keeps the first week, so the duration stays honest.
 */
export function mergeFlags(carried: readonly Flag[], added: readonly { customer: string; reason: string; since?: string }[], period: string): Flag[] {
  const merged = carried.map((flag) => ({ ...flag }));
  for (const flag of added) {
    const existing = merged.find((other) => other.customer === flag.customer);
    if (existing) existing.reason = flag.reason || existing.reason;
    else merged.push({ customer: flag.customer, reason: flag.reason, since: flag.since || period });
  }
  return merged;
}
