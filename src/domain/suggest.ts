/**
 * "Did you mean": the known names closest to one typed. One rule for every message that names a
 * mistyped id (a front-matter key in check, a customer id in brief).
 */
import { compareText } from './collections.js';

/** Edits (insert, delete, replace one character) from a to b: Levenshtein's distance. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * The candidates closest to `typed`, nearest first (at most `limit`): those a few edits away (a
 * third of the longer word, at least two), and those that hold it or that it holds whole
 * (`stark-logistics` for `stark`). Case is ignored; each candidate may carry other names
 * (a customer's registry name) that count as it.
 */
export function closest(typed: string, candidates: readonly { id: string; names?: readonly string[] }[], limit = 3): string[] {
  const wanted = typed.trim().toLowerCase();
  if (wanted === '') return [];
  const scored = candidates.flatMap((candidate) => {
    const best = Math.min(
      ...[candidate.id, ...(candidate.names ?? [])].map((name) => {
        const known = name.toLowerCase();
        if (known.includes(wanted) || wanted.includes(known)) return 0.5;
        const distance = editDistance(wanted, known);
        return distance <= Math.max(2, Math.floor(Math.max(wanted.length, known.length) / 3)) ? distance : Infinity;
      }),
    );
    return best === Infinity ? [] : [{ id: candidate.id, best }];
  });
  return scored
    .sort((a, b) => a.best - b.best || compareText(a.id, b.id))
    .slice(0, limit)
    .map((entry) => entry.id);
}
