#!/usr/bin/env node
// Prints the results of a benchmark run (bench/results.json, or the file given) as markdown, for
// the README's performance section:  node bench/markdown.mjs [results.json]
// (`node bench/run.mjs --markdown` prints the same at the end of a run.)
import { readFileSync } from 'node:fs';
import { renderMarkdown } from './render.mjs';

const file = process.argv[2] ?? new URL('./results.json', import.meta.url);
process.stdout.write(`${renderMarkdown(JSON.parse(readFileSync(file, 'utf8')))}\n`);
