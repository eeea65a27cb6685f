import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IsFolderError, readBatch, ReadBuffer, UnreadableFileError, type ReadBatch } from './read-file.js';

/**
 * Read many files on a second thread, ahead of the caller: while the main thread parses one batch,
 * the reader thread (read-ahead-worker.ts) opens and reads the next: reading overlaps parsing
 * (docs/ARCHITECTURE.md gives the measurements). Parsing stays on the main thread, where it was
 * fastest on two cores. The batches come in file order, exactly as reading here
 * gives them (read-file.ts readBatch); without a second core, or run from the sources (tests),
 * or should the thread fail, the files are read here.
 */
export interface ReadAheadRequest {
  id: number;
  paths: string[];
}

export interface ReadAheadReply {
  id: number;
  bytes: ArrayBuffer;
  offset: number;
  ends: number[];
  errors: (DescribedError | null)[];
}

export interface DescribedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  /** An UnreadableFileError's reason, to build it again on this side. */
  reason?: string;
}

/** From this many files on, the thread saves more than its start costs (measured: docs/ARCHITECTURE.md). */
export const READ_AHEAD_FROM = 5000;
const BATCH = 200;
const IN_FLIGHT = 4;
const WORKER = new URL('./read-ahead-worker.js', import.meta.url);

function readAheadAvailable(): boolean {
  return availableParallelism() > 1 && WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
}

let early: Worker | undefined;

/**
 * Start the reader thread before the files are known (it takes tens of milliseconds to start),
 * as soon as the listing shows there will be many: the rest of the listing hides its start. It
 * keeps nothing running: readAhead takes it over, or lets it go.
 */
export function startReadAheadEarly(): void {
  if (early || !readAheadAvailable()) return;
  early = new Worker(WORKER);
  early.unref();
}

/**
 * The files' bytes, batch by batch, in order. `threaded` overrides the choice of a reader thread;
 * `worker` runs another reader script (tests run one that fails half way).
 */
export async function* readAhead(paths: readonly string[], options: { threaded?: boolean; worker?: URL } = {}): AsyncGenerator<ReadBatch> {
  const batches: string[][] = [];
  for (let start = 0; start < paths.length; start += BATCH) batches.push(paths.slice(start, start + BATCH));
  const threaded = options.threaded ?? (paths.length >= READ_AHEAD_FROM && readAheadAvailable());
  if (!threaded && early) {
    void early.terminate();
    early = undefined;
  }
  // Batches before `done` have been given to the caller; after a thread fails, this one reads the rest.
  let done = 0;
  if (threaded) {
    const thread = startThread(options.worker ?? WORKER);
    let sent = 0;
    const sendNext = () => {
      if (sent < batches.length) thread.send({ id: sent, paths: batches[sent++]! });
    };
    try {
      for (let wanted = 0; wanted < IN_FLIGHT; wanted++) sendNext();
      for (; done < batches.length; done++) {
        const batch = await thread.reply(done);
        if (!batch) break;
        sendNext();
        yield batch;
      }
    } finally {
      await thread.stop();
    }
  }
  const reader = new ReadBuffer();
  for (; done < batches.length; done++) yield readBatch(reader, batches[done]!);
}

interface Thread {
  send(request: ReadAheadRequest): void;
  /** The batch of that id, or undefined once the thread has failed. */
  reply(id: number): Promise<ReadBatch | undefined>;
  stop(): Promise<void>;
}

function startThread(script: URL): Thread {
  const worker = script === WORKER && early ? early : new Worker(script);
  if (worker === early) early = undefined;
  worker.ref();
  const replies = new Map<number, ReadBatch>();
  const waiting = new Map<number, (batch: ReadBatch | undefined) => void>();
  let failed = false;
  const fail = () => {
    failed = true;
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
  };
  worker.on('message', (reply: ReadAheadReply) => {
    const batch: ReadBatch = {
      bytes: Buffer.from(reply.bytes, reply.offset, reply.ends.at(-1) ?? 0),
      ends: reply.ends,
      errors: reply.errors.map((error) => (error ? rebuildError(error) : undefined)),
    };
    const resolve = waiting.get(reply.id);
    if (resolve) {
      waiting.delete(reply.id);
      resolve(batch);
    } else replies.set(reply.id, batch);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  return {
    send: (request) => worker.postMessage(request),
    reply: (id) => {
      const batch = replies.get(id);
      if (batch) {
        replies.delete(id);
        return Promise.resolve(batch);
      }
      if (failed) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    stop: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

export function describeError(error: Error): DescribedError {
  const { code, errno, syscall, path } = error as NodeJS.ErrnoException;
  return {
    ...(error instanceof UnreadableFileError ? { reason: error.reason } : {}),
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined ? { stack: error.stack } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(errno !== undefined ? { errno } : {}),
    ...(syscall !== undefined ? { syscall } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** The error the reader thread met, as reading here would have thrown it: the same class for rhythm's own. */
function rebuildError(described: DescribedError): Error {
  if (described.reason !== undefined && described.path !== undefined) {
    if (described.name === 'IsFolderError') return new IsFolderError(described.path);
    return new UnreadableFileError(described.path, described.reason, described.code as UnreadableFileError['code']);
  }
  const error = new Error(described.message) as NodeJS.ErrnoException;
  error.name = described.name;
  if (described.stack !== undefined) error.stack = described.stack;
  if (described.code !== undefined) error.code = described.code;
  if (described.errno !== undefined) error.errno = described.errno;
  if (described.syscall !== undefined) error.syscall = described.syscall;
  if (described.path !== undefined) error.path = described.path;
  return error;
}
