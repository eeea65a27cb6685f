import type { Config } from '../domain/config.js';
import type { KeeperName } from './section-keepers.js';
import type { ReviewsInput, TeamOutcome } from './team-section.js';
import type { ReviewLocation } from './workbook.js';
import { runJobs, workerCount, WorkerPool } from './workers.js';

/**
 * Rolling up many teams on worker threads (team-worker.ts, workers.ts), a team at a time each: a
 * worker reads, parses and computes a team's section and sends back what the rollup keeps of it.
 */
export interface TeamWorkerData {
  config: Config;
  input: ReviewsInput;
  keeper: KeeperName;
}

export interface TeamJob {
  team: string | undefined;
  /** The team's files the rollup reads. */
  read: ReviewLocation[];
  /** Every file of the team the listing found: when its rituals started, the days carried items were written. */
  listed: ReviewLocation[];
}

export interface TeamJobReply extends TeamOutcome {
  id: number;
}

const WORKER = new URL('./team-worker.js', import.meta.url);

/** The team workers of a rollup: started while its files are listed (WorkerPool.expect). */
export function teamWorkers(data: TeamWorkerData): WorkerPool {
  return new WorkerPool(WORKER, data);
}

/** Each team's outcome, in job order, computed by workers and by this thread (`here`). */
export function runTeamJobs(pool: WorkerPool, jobs: readonly TeamJob[], here: (job: TeamJob) => TeamOutcome): AsyncGenerator<TeamJobReply> {
  const files = jobs.reduce((sum, job) => sum + job.read.length, 0);
  return runJobs<TeamJob, TeamJobReply>(pool, jobs, workerCount(WORKER, files, jobs.length), (job, id) => ({ id, ...here(job) }));
}
