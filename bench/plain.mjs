#!/usr/bin/env node
// The plain pipeline of the performance issue: list every review file, read it, split off its
// front matter, parse that with js-yaml (gray-matter's own YAML engine, as the naive baseline
// uses) and make one regular-expression pass over the body (its task items). It rolls nothing up
// and writes nothing: a reference for what any rollup of the same files costs at least, measured
// in the same rounds as the commands.
//
//   node bench/plain.mjs <folder>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { reviewFiles } from './files.mjs';

const yaml = createRequire(import.meta.url)('gray-matter/lib/engines.js').yaml;
const TASK_ITEM = /^[ \t]*[-*+] \[([ xX])\] (.*)$/gm;

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/plain.mjs <folder>');
let files = 0;
let keys = 0;
let tasks = 0;
for (const name of reviewFiles(dir)) {
  const text = readFileSync(join(dir, name), 'utf8');
  const close = text.indexOf('\n---', 3);
  if (!text.startsWith('---') || close < 0) continue;
  keys += Object.keys(yaml.parse(text.slice(4, close)) ?? {}).length;
  for (const match of text.slice(close + 4).matchAll(TASK_ITEM)) if (match[1] !== ' ') tasks++;
  files++;
}
process.stdout.write(`${files} files, ${keys} front-matter keys, ${tasks} done task items\n`);
