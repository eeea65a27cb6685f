import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Work on many files shared by worker threads, a job (a team's files, a batch of files) at a time
 * each: rollups (team-worker.ts) and check (check-worker.ts). On two cores a year of 1,000 teams
 * took about half the time one thread takes (docs/ARCHITECTURE.md). Without a second core, run
 * from the sources (tests: no built worker beside them), or for a few files, the caller does it
 * all on its own thread; should a worker fail, it does the jobs no worker did.
 */

/** From this many files on, workers save more than their start costs (measured: docs/ARCHITECTURE.md). */
export const WORKERS_FROM = 2000;
/** Jobs sent ahead to each worker, so that it never waits for the next one. */
const IN_FLIGHT = 2;

/** How many workers to start for `files` files in `jobs` jobs: none when one thread does as well. */
export function workerCount(script: URL, files: number, jobs: number): number {
  if (files < WORKERS_FROM || jobs < 2 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return 0;
  return Math.min(availableParallelism(), 4, jobs);
}

/**
 * Each job's reply, in job order, from `count` workers running `script` (which answers each
 * message `{ id, ...job }` with one `{ id, ... }`); it stops early after a worker failed (the caller
 * does the jobs after the last reply itself).
 */
export async function* runJobs<J extends object, R extends { id: number }>(script: URL, data: unknown, jobs: readonly J[], count: number): AsyncGenerator<R> {
  const replies = new Map<number, R>();
  let wake: (() => void) | undefined;
  let failed = false;
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: data }));
  const send = (worker: Worker) => {
    if (next < jobs.length) {
      const id = next++;
      worker.postMessage({ id, ...jobs[id]! });
    }
  };
  for (const worker of workers) {
    worker.on('message', (reply: R) => {
      replies.set(reply.id, reply);
      send(worker);
      wake?.();
    });
    const fail = () => {
      failed = true;
      wake?.();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    for (let sent = 0; sent < IN_FLIGHT; sent++) send(worker);
  }
  try {
    for (let id = 0; id < jobs.length; id++) {
      while (!replies.has(id) && !failed) await new Promise<void>((resolve) => (wake = resolve));
      const reply = replies.get(id);
      if (!reply) return;
      replies.delete(id);
      yield reply;
    }
  } finally {
    await Promise.all(
      workers.map((worker) => {
        worker.removeAllListeners('exit');
        return worker.terminate();
      }),
    );
  }
}
