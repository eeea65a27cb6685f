import { parentPort, workerData } from 'node:worker_threads';
import type { CheckContext, ReviewIdentity } from '../domain/check.js';
import type { Problem } from '../errors.js';
import { checkFile } from './check-files.js';
import { ReadBuffer, textOrError } from './read-file.js';
import type { CheckJob, CheckJobReply } from './reviews.js';

/** A check worker (workers.ts): checks each batch of files it is sent, replying with their problems and identities. */
const context = workerData as CheckContext;
const reader = new ReadBuffer();

parentPort!.on('message', ({ id, files }: CheckJob & { id: number }) => {
  const problems: Problem[] = [];
  const identities: ReviewIdentity[] = [];
  for (const file of files) checkFile(file, textOrError(reader, file.path), context, problems, identities);
  reader.shrink();
  parentPort!.postMessage({ id, problems, identities } satisfies CheckJobReply);
});
