#!/usr/bin/env node
// Build step (npm run build, after tsc): captures `rhythm --help` from the real commander program
// in dist/cli.js and writes it to dist/help.json, so that `rhythm --help` can print it without
// loading commander (src/main.ts). Generated from the program itself on every build, the text
// cannot drift from what commander prints; tests/perf/help.test.ts checks it does not.
//
// Commander wraps help to the terminal's width (80 columns when stdout is not a terminal). The
// file holds the 80-column help, and the help of every width at which commander wraps nothing
// (very wide terminals, and narrow ones where it gives up wrapping), with those widths.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtProgram } from './built-program.mjs';

const OUT = fileURLToPath(new URL('../dist/help.json', import.meta.url));
const WIDEST = 1000;

export async function helpAt(width) {
  let out = '';
  const program = builtProgram({ write: (text) => ((out += text), true) });
  program.configureOutput({ getOutHelpWidth: () => width, getOutHasColors: () => false });
  try {
    await program.parseAsync(['--help'], { from: 'user' });
  } catch (error) {
    if (error?.code !== 'commander.helpDisplayed') throw error;
  }
  return out;
}

const unwrapped = await helpAt(WIDEST);
const widths = [];
for (let width = 1; width <= WIDEST; width++) {
  if ((await helpAt(width)) !== unwrapped) continue;
  const last = widths[widths.length - 1];
  if (last && last[1] === width - 1) last[1] = width;
  else widths.push([width, width]);
}
// Past the widest description nothing wraps: the last range is open-ended.
const last = widths[widths.length - 1];
if (!last || last[1] !== WIDEST) throw new Error(`help at width ${WIDEST} still wraps: raise WIDEST in scripts/build-help.mjs`);
last[1] = null;
writeFileSync(OUT, `${JSON.stringify({ default: await helpAt(undefined), unwrapped: { text: unwrapped, widths } }, null, 2)}\n`);
