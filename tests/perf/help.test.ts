import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.js';
import type { PrecomputedHelp } from '../../src/io/quick-answers.js';
import { testContext } from '../helpers/context.js';

/**
 * `rhythm --help` prints help captured from commander at build time (scripts/build-help.mjs,
 * dist/help.json) without loading commander. It must be exactly what commander prints.
 */
const HELP_FILE = fileURLToPath(new URL('../../dist/help.json', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/rhythm', import.meta.url));

async function commanderHelp(width: number | undefined): Promise<string> {
  const context = testContext({ cwd: process.cwd() });
  const program = createProgram(context, { exitCode: 0 });
  // Commander types the width as a number; undefined is what it gets when stdout is no terminal.
  program.configureOutput({ getOutHelpWidth: (() => width) as () => number, getOutHasColors: () => false });
  await program.parseAsync(['--help'], { from: 'user' }).catch((error: { code?: string }) => {
    if (error.code !== 'commander.helpDisplayed') throw error;
  });
  return context.out();
}

function precomputed(): PrecomputedHelp {
  if (!existsSync(HELP_FILE)) throw new Error(`${HELP_FILE} is missing: run npm run build first`);
  return JSON.parse(readFileSync(HELP_FILE, 'utf8')) as PrecomputedHelp;
}

describe('precomputed help', () => {
  it('is what commander prints when stdout is not a terminal', async () => {
    expect(precomputed().default).toBe(await commanderHelp(undefined));
    expect(precomputed().default).toBe(await commanderHelp(80));
  });

  it('is what commander prints at every width it is kept for, and at no other', async () => {
    const { unwrapped } = precomputed();
    const kept = (width: number) => unwrapped.widths.some(([from, to]) => width >= from && (to === null || width <= to));
    for (let width = 1; width <= 300; width++) {
      const help = await commanderHelp(width);
      if (kept(width)) expect(help, `width ${width}`).toBe(unwrapped.text);
      else expect(help, `width ${width}`).not.toBe(unwrapped.text);
    }
    expect(await commanderHelp(5000)).toBe(unwrapped.text);
  });

  it('is what the built rhythm prints for --help and -h, and --version is the package version', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    for (const flag of ['--help', '-h']) {
      const result = run(flag);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(precomputed().default);
      expect(result.stderr).toBe('');
    }
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = run(flag);
      expect([result.status, result.stdout, result.stderr]).toEqual([0, `${version}\n`, '']);
    }
  });
});
