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
