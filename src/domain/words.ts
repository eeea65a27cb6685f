/** How rhythm says a count in English: `1 day`, `3 days`. One rule for every message and page. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
