/**
 * Short ids for open actions, so that `rhythm done 3f2a` names one: a hash of the action's ledger
 * identity (team, words as the ledger compares them, owner, opening period), shown as its first
 * four hex digits, or more when another open action shares them. The same action keeps its id
 * from one run to the next, whatever else is open (a longer id only when a newcomer collides),
 * and any start of its hash that no other open action shares names it.
 */
import type { ActionRecord } from './rollup/model.js';
import { normalisedWords } from './rollup/actions.js';

type Identity = Pick<ActionRecord, 'team' | 'title' | 'owner' | 'since'>;

const SHORTEST = 4;

/** The full hash of an action's identity: 16 hex digits. */
export function actionHash(action: Identity): string {
  return hash64([action.team ?? '', normalisedWords(action.title), (action.owner ?? '').toLowerCase(), action.since].join('\u0000'));
}

/** The short id of each action, in order: the shortest start of its hash (four digits at least) no other one shares. */
export function shortIds(actions: readonly Identity[]): string[] {
  const hashes = actions.map(actionHash);
  // In sorted order, the hash sharing the longest start with one is next to it.
  const sorted = [...new Set(hashes)].sort();
  const lengths = new Map<string, number>();
  sorted.forEach((hash, index) => {
    const shared = Math.max(commonStart(hash, sorted[index - 1]), commonStart(hash, sorted[index + 1]));
    lengths.set(hash, Math.min(hash.length, Math.max(SHORTEST, shared + 1)));
  });
  return hashes.map((hash) => hash.slice(0, lengths.get(hash)));
}

function commonStart(a: string, b: string | undefined): number {
  if (b === undefined) return 0;
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
}

export type ActionMatch<T> = { kind: 'one'; action: T } | { kind: 'many'; actions: T[] } | { kind: 'none' };

/**
 * The actions a person named: by a start of an id (four hex digits or more), else by words: each
 * word must be in the action's title (`@ana` its owner, `#globex` one of its tags), in any case.
 */
export function findActions<T extends Identity & Pick<ActionRecord, 'tags'>>(query: string, actions: readonly T[]): ActionMatch<T> {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return { kind: 'none' };
  if (/^[0-9a-f]{4,16}$/.test(wanted)) {
    const byId = actions.filter((action) => actionHash(action).startsWith(wanted));
    if (byId.length > 0) return result(byId);
  }
  const words = wanted.split(/\s+/);
  return result(
    actions.filter((action) => {
      const title = normalisedWords(action.title);
      return words.every((word) => {
        if (word.startsWith('@') && word.length > 1) return (action.owner ?? '').toLowerCase() === word.slice(1);
        if (word.startsWith('#') && word.length > 1) return action.tags.includes(word.slice(1));
        return title.includes(word);
      });
    }),
  );
}

function result<T>(found: T[]): ActionMatch<T> {
  if (found.length === 1) return { kind: 'one', action: found[0]! };
  return found.length === 0 ? { kind: 'none' } : { kind: 'many', actions: found };
}

/** Two 32-bit multiplicative hashes of the text (cyrb53's mixing), as 16 hex digits: stable, fast, no dependency. */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
