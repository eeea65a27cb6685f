import { readFileSync } from 'node:fs';

/**
 * `rhythm --version` and `rhythm --help` answered without loading commander or anything else:
 * the version from package.json (where cli.ts reads it), the help as commander prints it,
 * captured from the real program at build time (scripts/build-help.mjs writes dist/help.json;
 * tests/perf/help.test.ts checks it against commander). bin/rhythm asks here before it loads the
 * CLI at all; main() asks too. Importing nothing but node:fs keeps a start-up as short as Node's.
 */
export interface PrecomputedHelp {
  /** Help for the width commander uses when stdout is not a terminal (80 columns). */
  default: string;
  /** The help of terminals so wide (or so narrow) that commander wraps nothing, with those widths. */
  unwrapped: { text: string; widths: [from: number, to: number | null][] };
}

/** The text to print for these arguments, or undefined when commander has to answer. */
export function quickAnswer(argv: readonly string[]): string | undefined {
  if (argv.length !== 1) return undefined;
  const [flag] = argv;
  if (flag === '--version' || flag === '-V') {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return `${version}\n`;
  }
  if (flag === '--help' || flag === '-h') return precomputedHelp();
  return undefined;
}

function precomputedHelp(): string | undefined {
  let help: PrecomputedHelp;
  try {
    help = JSON.parse(readFileSync(new URL('../help.json', import.meta.url), 'utf8')) as PrecomputedHelp;
  } catch {
    // Run from the sources, or built without the help step: commander answers.
    return undefined;
  }
  // The width commander would use: the terminal's columns on a terminal, 80 otherwise.
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  if (width === undefined || width === 80) return help.default;
  if (help.unwrapped.widths.some(([from, to]) => width >= from && (to === null || width <= to))) return help.unwrapped.text;
  return undefined;
}
