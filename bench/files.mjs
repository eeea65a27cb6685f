// Which files the read floor reads (bench/floor.mjs), and so which files a command is compared
// against: every `.md` file under the folder, or with prefixes (comma-separated) only those whose
// name starts with one of them.
// The benchmark counts "files read" with the same rule.
import { readdirSync } from 'node:fs';

/** Paths relative to `dir` of the review files the floor reads. */
export function reviewFiles(dir, prefix = '') {
  const names = [];
  const prefixes = prefix === '' ? [] : prefix.split(',');
  for (const name of readdirSync(dir, { recursive: true })) {
    if (!name.endsWith('.md')) continue;
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (prefixes.length > 0 && !prefixes.some((start) => base.startsWith(start))) continue;
    names.push(name);
  }
  return names;
}
