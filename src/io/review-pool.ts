import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Calendar } from '../core/period.js';
import type { ParsedReview } from '../core/review.js';
import type { Problem } from '../errors.js';
import { PackedReview } from './packed-review.js';
import { StringPool, type ReviewFile } from './read-review.js';

/**
 * Reading thousands of reviews on every core: reader threads (review-worker.ts) read and parse
 * batches of files and hand back each review packed, as bytes; the main thread keeps the packed
 * reviews and unpacks each on first use (packed-review.ts). (The main thread reading batches too
 * while the threads start was measured slower: three threads on two cores, and its reviews are
 * whole objects to collect.) The result reads exactly as
 * reading the files one by one on the main thread (readReviewForRollup) gives, in the same order;
 * the first file that cannot be read fails the whole read with its own error, as it would one by
 * one. tests/perf checks both.
 */
export interface PoolRequest {
  id: number;
  files: ReviewFile[];
  calendar: Calendar;
}

export interface PoolReply {
  id: number;
  /** The packed reviews as UTF-8, one after the other: file i ends at ends[i] (an empty packing: no review). */
  bytes: ArrayBuffer;
  ends: number[];
  /** Per file, the head of its packing (ritual, period, team), or '' when the file holds no review. */
  heads: string[];
  /** The problems of the files that have any, by index in the request. */
  problems: [number, Problem[]][];
  /** The file after the last one in `ends` could not be read. */
  error?: { name: string; message: string; stack?: string; code?: string; errno?: number; syscall?: string; path?: string };
}

const WORKER = new URL('./review-worker.js', import.meta.url);

/** A reader thread itself failed (it could not start, or stopped): not a file that could not be read. */
export class ThreadFailure extends Error {
  override name = 'ThreadFailure';
}
/** A reader keeps nothing between batches: a small young generation is collected as fast, in less memory. */
const YOUNG_MB = 8;

/**
 * Reader threads need the compiled worker beside this module (dist/io/) and a second core; run
 * from the sources (tests) or on one core, callers read on the main thread instead.
 */
export function poolAvailable(): boolean {
  return availableParallelism() > 1 && WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}

export interface ReviewPool {
  read(files: readonly ReviewFile[], calendar: Calendar, onProgress?: (done: number, total: number) => void): Promise<ParsedReview[]>;
  close(): Promise<void>;
}

/**
 * Start the reader threads now, so that they are up by the time the list of files is known: one
 * per core. The main thread has little to do meanwhile but take the replies in.
 */
export function startPool(options: { threads?: number; batch?: number } = {}): ReviewPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const batchSize = options.batch ?? 100;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } }));
  let closed = false;
  return {
    read: (files, calendar, onProgress) => readWith(workers, files, { fiscalYearStartMonth: calendar.fiscalYearStartMonth }, batchSize, onProgress),
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function readWith(
  workers: Worker[],
  files: readonly ReviewFile[],
  calendar: Calendar,
  batchSize: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ParsedReview[]> {
  const results: ParsedReview[] = new Array(files.length);
  const batches = Math.ceil(files.length / batchSize);
  if (batches === 0) return Promise.resolve(results);
  const strings = new StringPool();
  const complete: boolean[] = new Array(batches).fill(false);
  return new Promise<ParsedReview[]>((resolve, reject) => {
    let next = 0;
    let settled = false;
    let done = 0;
    let failure: { batch: number; error: Error } | undefined;
    const listeners: [Worker, (reply: PoolReply) => void, (error: Error) => void, (code: number) => void][] = [];
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const [worker, onMessage, onError, onExit] of listeners) {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      }
      if (error === undefined) resolve(results);
      else reject(error);
    };
    /** The first unreadable file, in file order, is the one that fails the read. */
    const failAt = (batch: number, error: Error) => {
      if (!failure || batch < failure.batch) failure = { batch, error };
    };
    /** Done once every batch is in, or failed once every file before the first unreadable one is. */
    const settleIfDone = () => {
      let first = 0;
      while (first < batches && complete[first]) first++;
      if (failure && first >= failure.batch) finish(failure.error);
      else if (first === batches) finish();
    };
    const send = (worker: Worker) => {
      // After an unreadable file, the files before it are still read: they come first.
      if (next >= batches || settled || (failure && next >= failure.batch)) return;
      const id = next++;
      const batch = files.slice(id * batchSize, (id + 1) * batchSize).map(({ path, display }) => ({ path, display }));
      worker.postMessage({ id, files: batch, calendar } satisfies PoolRequest);
    };
    for (const worker of workers) {
      const onMessage = (reply: PoolReply) => {
        if (settled) return;
        send(worker);
        const offset = reply.id * batchSize;
        const problems = new Map(reply.problems);
        const bytes = Buffer.from(reply.bytes);
        let start = 0;
        for (const [index, end] of reply.ends.entries()) {
          const file = files[offset + index]!;
          const found = problems.get(index) ?? [];
          const head = reply.heads[index]!;
          results[offset + index] = head === '' ? { problems: found } : { review: new PackedReview(file.display, { bytes, start, end, head }, strings), problems: found };
          start = end;
          if (++done % 500 === 0) onProgress?.(done, files.length);
        }
        if (reply.error) failAt(reply.id, rebuildError(reply.error));
        if (!reply.error) complete[reply.id] = true;
        settleIfDone();
      };
      const onError = (error: Error) => finish(new ThreadFailure(`a review reader thread failed: ${error.message}`, { cause: error }));
      const onExit = (code: number) => finish(new ThreadFailure(`a review reader thread stopped (exit code ${code})`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      listeners.push([worker, onMessage, onError, onExit]);
      // Two batches in flight per thread, so that a thread never waits for the main thread.
      send(worker);
      send(worker);
    }
  });
}

function rebuildError(described: NonNullable<PoolReply['error']>): Error {
  const error = new Error(described.message) as NodeJS.ErrnoException;
  error.name = described.name;
  if (described.stack !== undefined) error.stack = described.stack;
  if (described.code !== undefined) error.code = described.code;
  if (described.errno !== undefined) error.errno = described.errno;
  if (described.syscall !== undefined) error.syscall = described.syscall;
  if (described.path !== undefined) error.path = described.path;
  return error;
}
