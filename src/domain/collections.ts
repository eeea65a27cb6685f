/** Small collection helpers the domain shares: stable ordering, grouping, JSON-faithful records. */

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The smallest and the largest of `values` (Infinity and -Infinity when there are none), in one
 * pass. Not `Math.min(...values)`: a list spread into arguments overflows the stack from about
 * 120,000 values, and a merged rollup (untrusted JSON) may hold any number.
 */
export function extentOf(values: Iterable<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}

/**
 * Drop keys whose value is undefined, so a rollup is the same object before and after a JSON
 * round trip (JSON has no undefined): merged rollups then compare equal to computed ones.
 */
export function defined<T extends object>(value: T): T {
  // Most records have no undefined value and are kept as they are. The others are copied rather
  // than `delete`d: an object that lost a property is a slow dictionary to V8, and rollups hold
  // hundreds of thousands of records that JSON.stringify walks.
  for (const key in value) if (value[key] === undefined) return withoutUndefined(value);
  return value;
}

function withoutUndefined<T extends object>(value: T): T {
  const kept = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) kept[key] = value[key];
  return kept;
}
