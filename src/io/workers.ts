import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Work on many files shared by worker threads, a job (a team's files, a batch of files) at a time
 * each: rollups (team-worker.ts) and check (check-worker.ts). On two cores a year of 1,000 teams
 * took about 0.6 of the time one thread takes (docs/ARCHITECTURE.md). Without a second core, run
 * from the sources (tests: no built worker beside them), or for a few files, this thread does it
 * all; should a worker fail, it does the jobs no worker did.
 */

/**
 * From this many files on, two workers measure faster than this thread alone on two cores
 * (docs/ARCHITECTURE.md): below, their start and their sharing of the cores cost more than they save.
 */
export const WORKERS_FROM = 12_000;
/** Jobs sent ahead to each worker, so that it never waits for the next one. */
const IN_FLIGHT = 2;

/** How many workers share `files` files in `jobs` jobs: none when this thread does as well alone. */
export function workerCount(script: URL, files: number, jobs: number): number {
  const cores = availableParallelism();
  if (cores < 2 || files < WORKERS_FROM || jobs < 2 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return 0;
  return Math.min(cores, 4, jobs);
}

/**
 * Workers running `script` with `data`, started before their jobs are known: while this thread
 * lists a large workbook's files, the workers start (a Node environment and rhythm's code, about
 * 100 ms on the benchmark machine, docs/ARCHITECTURE.md) on the other cores. Whoever makes a pool
 * closes it: workers started and never given a job are stopped then.
 */
export class WorkerPool {
  private started: Worker[] = [];
  private expecting = false;

  constructor(
    readonly script: URL,
    private readonly data: unknown,
  ) {}

  /** `files` files are coming: start the workers that many files call for (workerCount), once. */
  expect(files: number): void {
    if (this.expecting || files < WORKERS_FROM) return;
    this.expecting = true;
    const count = workerCount(this.script, files, Infinity);
    for (let index = 0; index < count; index++) {
      const worker = new Worker(this.script, { workerData: this.data });
      // One that fails before it is given a job is left out; its jobs go to the others, or are done here.
      const drop = () => {
        this.started = this.started.filter((other) => other !== worker);
      };
      worker.once('error', drop);
      worker.once('exit', drop);
      this.started.push(worker);
    }
  }

  /** `count` workers for jobs: those started already, and new ones for the rest. */
  take(count: number): Worker[] {
    const taken = this.started.splice(0, count);
    for (const worker of taken) worker.removeAllListeners();
    while (taken.length < count) taken.push(new Worker(this.script, { workerData: this.data }));
    return taken;
  }

  /** Stop the workers never given a job. */
  async close(): Promise<void> {
    const idle = this.started;
    this.started = [];
    await Promise.all(idle.map((worker) => worker.removeAllListeners().terminate()));
  }
}

/**
 * Each job's reply, in job order, from `count` workers of `pool` (running a script that answers
 * each message `{ id, ...job }` with one `{ id, ... }`), or from this thread (`here`) without
 * workers, and for every job left after a worker failed. While workers work, this thread waits:
 * doing jobs too measured no faster on two cores, and its heap grew by 30–60 MB.
 */
export async function* runJobs<J extends object, R extends { id: number }>(pool: WorkerPool, jobs: readonly J[], count: number, here: (job: J, id: number) => R): AsyncGenerator<R> {
  const replies = new Map<number, R>();
  let wake: (() => void) | undefined;
  let failed = false;
  let next = 0;
  const workers = count > 0 ? pool.take(count) : [];
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
  try {
    for (let id = 0; id < jobs.length; id++) {
      while (!replies.has(id)) {
        // Without workers, or with one gone (its jobs may never be answered), the job is done here.
        if (workers.length === 0 || failed) {
          replies.set(id, here(jobs[id]!, id));
          next = Math.max(next, id + 1);
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
