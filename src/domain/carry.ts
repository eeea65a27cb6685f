import type { Flag, NewAction, ResolvedFlag, Review } from './review.js';

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
