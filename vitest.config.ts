import { accessSync, constants, statfsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The tests write tens of thousands of small files (workbooks of thousands of reviews, a
 * repository per e2e test). On this machine's disk creating one costs about 0.7 ms, in memory a
 * twentieth of that (writing 5,250 reviews: 4 s against 0.2 s): temporary folders go to a memory
 * file system when there is one with room (not the 64 MB /dev/shm of a default container), unless
 * TMPDIR says where they go. The CLI runs the tests spawn inherit it.
 */
function memoryTmpdir(): string | undefined {
  if (process.env.TMPDIR) return undefined;
  try {
    accessSync('/dev/shm', constants.W_OK);
    const { bavail, bsize } = statfsSync('/dev/shm');
    return bavail * bsize >= 2 ** 30 ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}
const tmpdir = memoryTmpdir();
/**
 * The rollup cache (src/io/rollup-cache.ts) of every CLI run the tests spawn goes to a folder of
 * temporary files, never to the user's cache. (Runs share it safely: a cache is written whole,
 * then renamed into place, and keyed by the workbook and the question.)
 */
const cacheHome = join(tmpdir ?? os.tmpdir(), 'rhythm-test-cache');

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    env: { ...(tmpdir ? { TMPDIR: tmpdir } : {}), XDG_CACHE_HOME: cacheHome },
    // Generous, so that no result depends on how busy the machine is: a test takes a few seconds
    // at most on a loaded two-core machine, most well under one (the threaded rollup and the
    // 10,000-file fuzz set longer ones of their own). A test that hangs still fails.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests spawn the CLI and git; two cores are plenty busy with one worker per core.
    maxWorkers: 2,
  },
});
