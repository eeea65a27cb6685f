import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../domain/config.js';
import type { KeeperName, Keepers } from './section-keepers.js';
import type { ReviewsInput, TeamOutcome } from './team-section.js';
import type { ReviewLocation } from './workbook.js';

/**
 * Rolling up many teams on worker threads (team-worker.ts), a team at a time each: a worker
 * reads, parses and computes a team's section and sends back what the rollup keeps of it. On two
 * cores a year of 1,000 teams took about half the time it takes one thread (docs/ARCHITECTURE.md).
 * Without a second core, run from the sources (tests), or for a few files, the caller does it all
 * on its own thread; should a worker fail, it does the rest there.
 */
export interface TeamWorkerData {
  config: Config;
  input: ReviewsInput;
  keeper: KeeperName;
}

export interface TeamJob {
  id: number;
  team: string | undefined;
  /** The team's files the rollup reads. */
  read: ReviewLocation[];
  /** Every file of the team the listing found: when its rituals started, the days carried items were written. */
  listed: ReviewLocation[];
}

export interface TeamJobReply extends TeamOutcome<Keepers[KeeperName]> {
  id: number;
}

/** From this many files on, workers save more than their start costs (measured: docs/ARCHITECTURE.md). */
export const TEAM_WORKERS_FROM = 2000;
const WORKER = new URL('./team-worker.js', import.meta.url);
/** Jobs sent ahead to each worker, so that it never waits for the next team. */
const IN_FLIGHT = 2;

/** How many workers to start for `files` files in `teams` teams: none when one thread does as well. */
export function teamWorkerCount(files: number, teams: number): number {
  if (files < TEAM_WORKERS_FROM || teams < 2 || WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return 0;
  return Math.min(availableParallelism(), 4, teams);
}

/**
 * Each job's reply, in job order, from `count` workers; undefined for the jobs after a worker
 * failed (the caller does those itself).
 */
export async function* runTeamJobs(data: TeamWorkerData, jobs: readonly Omit<TeamJob, 'id'>[], count: number): AsyncGenerator<TeamJobReply | undefined> {
  const replies = new Map<number, TeamJobReply>();
  let wake: (() => void) | undefined;
  let failed = false;
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(WORKER, { workerData: data }));
  const send = (worker: Worker) => {
    if (next < jobs.length) {
      const id = next++;
      worker.postMessage({ id, ...jobs[id]! } satisfies TeamJob);
    }
  };
  for (const worker of workers) {
    worker.on('message', (reply: TeamJobReply) => {
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
      replies.delete(id);
      if (!reply) return;
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
