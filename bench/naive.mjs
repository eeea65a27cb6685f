#!/usr/bin/env node
// The naive baseline: list every review file and parse each with gray-matter's defaults, the
// first thing one would write. (gray-matter is a devDependency; never use it on untrusted files
// with its defaults: it evaluates `---js` front matter, see DESIGN §6.)
//
//   node bench/naive.mjs <folder>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/naive.mjs <folder>');
let files = 0;
let keys = 0;
for (const name of readdirSync(dir, { recursive: true })) {
  if (!name.endsWith('.md')) continue;
  const parsed = matter(readFileSync(join(dir, name), 'utf8'));
  keys += Object.keys(parsed.data).length;
  files++;
}
process.stdout.write(`${files} files, ${keys} front-matter keys\n`);
