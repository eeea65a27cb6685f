import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Work on many files shared by this thread and worker threads, a job (a team's files, a batch of
 * files) at a time each: rollups (team-worker.ts) and check (check-worker.ts). On two cores a
 * year of 1,000 teams took about half the time one thread takes (docs/ARCHITECTURE.md). Without a
 * second core, run from the sources (tests: no built worker beside them), or for a few files, this
 * thread does it all; should a worker fail, it does the jobs no worker did.
 */

/** From this many files on, workers save more than their start costs (measured: docs/ARCHITECTURE.md). */
export const WORKERS_FROM = 2000;
/** Jobs sent ahead to each worker, so that it never waits for the next one. */
const IN_FLIGHT = 2;

/** How many threads to share `files` files in `jobs` jobs: this one and workers; 1 when this one does as well alone. */
export function threadCount(script: URL, files: number, jobs: number): number {
  if (files < WORKERS_FROM || jobs < 2 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return 1;
  return Math.min(availableParallelism(), 4, jobs);
}

/**
 * Each job's reply, in job order, from `threads - 1` workers running `script` (which answer each
 * message `{ id, ...job }` with one `{ id, ... }`) and from this thread, which does a job itself
 * (`here`) whenever the next reply is not in yet: one worker fewer to start and to hold in memory.
 * After a worker failed, this thread does every job left.
 */
export async function* runJobs<J extends object, R extends { id: number }>(script: URL, data: unknown, jobs: readonly J[], threads: number, here: (job: J, id: number) => R): AsyncGenerator<R> {
  const replies = new Map<number, R>();
  let wake: (() => void) | undefined;
  let failed = false;
  let next = 0;
  const workers = Array.from({ length: threads - 1 }, () => new Worker(script, { workerData: data }));
  const send = (worker: Worker) => {
    if (!failed && next < jobs.length) {
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
  const reply = () => new Promise<void>((resolve) => (wake = resolve));
  const letRepliesIn = () => new Promise<void>((resolve) => setImmediate(resolve));
  try {
    for (let id = 0; id < jobs.length; id++) {
      while (!replies.has(id)) {
        // The next job is nobody's yet, or its worker may be gone: it is done here.
        if (id >= next || failed) {
          replies.set(id, here(jobs[id]!, id));
          next = Math.max(next, id + 1);
        } else if (next < jobs.length) {
          const mine = next++;
          replies.set(mine, here(jobs[mine]!, mine));
          // A job done here holds the workers' replies back while it runs: let them in.
          await letRepliesIn();
        } else await reply();
      }
      const done = replies.get(id)!;
      replies.delete(id);
      yield done;
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
