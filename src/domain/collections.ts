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

/**
 * `object` with `key` computed when it is first read, then kept as a plain field: a figure some
 * callers never read (the organisation's summary, which `status` and `actions` do not show).
 * Spreading the object reads every field: copy it with withFields to keep the field unread.
 */
export function withLazyField<T extends object, K extends PropertyKey, V>(object: T, key: K, compute: () => V): T & Record<K, V> {
  return Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get(this: T) {
      const value = compute();
      Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  }) as T & Record<K, V>;
}

/** A copy of `object` with `fields` set, its lazy fields (withLazyField) still unread. */
export function withFields<T extends object, F extends object>(object: T, fields: F): Omit<T, keyof F> & F {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(object));
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy as Omit<T, keyof F> & F;
}
