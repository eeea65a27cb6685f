#!/usr/bin/env node
// The read floor: list every review file under a folder and read all of its bytes, as fast as
// plain Node does it. A rollup cannot be faster than this; the benchmark measures against it.
//
//   node bench/floor.mjs <folder> [prefixes]   (only files whose name starts with one of them, comma-separated)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from './files.mjs';

const [dir, prefix = ''] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/floor.mjs <folder> [prefix]');
let files = 0;
let bytes = 0;
for (const name of reviewFiles(dir, prefix)) {
  bytes += readFileSync(join(dir, name)).length;
  files++;
}
process.stdout.write(`${files} files, ${bytes} bytes\n`);
