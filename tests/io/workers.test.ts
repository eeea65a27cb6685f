import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runJobs, WorkerPool, WORKERS_FROM } from '../../src/io/workers.js';

/** Worker threads, counted: started, and stopped by terminate(). */
const threads = vi.hoisted(() => ({ started: 0, terminated: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof WorkerThreads>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      threads.started++;
    }
    override terminate(): Promise<number> {
      threads.terminated++;
      return super.terminate();
    }
  }
  return { ...original, Worker: CountedWorker };
});

const dir = mkdtempSync(join(tmpdir(), 'rhythm-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker that answers each job `{ id, n }` with `{ id, square, here: false }`. */
const SQUARES = pathToFileURL(join(dir, 'squares.mjs'));
writeFileSync(
  SQUARES,
  "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', ({ id, n }) => parentPort.postMessage({ id, square: n * n, here: false }));\n",
);
/** A worker whose script fails as it starts. */
const BROKEN = pathToFileURL(join(dir, 'broken.mjs'));
writeFileSync(BROKEN, "throw new Error('broken worker');\n");

const cores = Math.min(availableParallelism(), 4);
const workers = cores > 1 ? cores : 0;
const jobs = Array.from({ length: 20 }, (_, n) => ({ n }));
const here = ({ n }: { n: number }, id: number) => ({ id, square: n * n, here: true });

async function all<R>(replies: AsyncGenerator<R>): Promise<R[]> {
  const list: R[] = [];
  for await (const reply of replies) list.push(reply);
  return list;
}

describe('WorkerPool: workers started while files are listed', () => {
  it('starts workers once enough files are coming, once, and stops those never given a job', async () => {
    const before = { ...threads };
    const pool = new WorkerPool(SQUARES, undefined);
    pool.expect(WORKERS_FROM - 1);
    expect(threads.started - before.started).toBe(0);
    pool.expect(WORKERS_FROM);
    pool.expect(WORKERS_FROM * 10);
    expect(threads.started - before.started).toBe(workers);
    // One worker is asked for: it is one of those started, and the others are stopped at close.
    const replies = await all(runJobs(pool, jobs, Math.min(1, workers), here));
    await pool.close();
    expect(replies.map((reply) => reply.square)).toEqual(jobs.map(({ n }) => n * n));
    expect(replies.every((reply) => reply.here === false)).toBe(workers > 0);
    expect(threads.started - before.started).toBe(workers);
    expect(threads.terminated - before.terminated).toBe(workers);
  });

  it('starts the workers asked for when none were expected', async () => {
    const before = { ...threads };
    const pool = new WorkerPool(SQUARES, undefined);
    const replies = await all(runJobs(pool, jobs, 2, here));
    await pool.close();
    expect(replies.map((reply) => [reply.id, reply.square, reply.here])).toEqual(jobs.map(({ n }, id) => [id, n * n, false]));
    expect(threads.started - before.started).toBe(2);
    expect(threads.terminated - before.terminated).toBe(2);
  });

  it('does the jobs on this thread when the workers fail, started early or not', async () => {
    const pool = new WorkerPool(BROKEN, undefined);
    pool.expect(WORKERS_FROM);
    // Give an early worker time to fail before it is taken.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const replies = await all(runJobs(pool, jobs, 2, here));
    await pool.close();
    expect(replies.map((reply) => [reply.id, reply.square])).toEqual(jobs.map(({ n }, id) => [id, n * n]));
    expect(replies.some((reply) => reply.here)).toBe(true);
  });
});
