// Which files the read floor reads (bench/floor.mjs), and so which files a command is compared
// against: every `.md` file under the folder, or with a prefix only those whose name starts with it.
// The benchmark counts "files read" with the same rule.
import { readdirSync } from 'node:fs';

/** Paths relative to `dir` of the review files the floor reads. */
export function reviewFiles(dir, prefix = '') {
  const names = [];
  for (const name of readdirSync(dir, { recursive: true })) {
    if (!name.endsWith('.md')) continue;
    if (prefix && !name.slice(name.lastIndexOf('/') + 1).startsWith(prefix)) continue;
    names.push(name);
  }
  return names;
}
