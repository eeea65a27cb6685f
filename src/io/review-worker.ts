import { parentPort } from 'node:worker_threads';
import type { Problem } from '../errors.js';
import { headOf, packReview } from './packed-review.js';
import { readReviewSync, StringPool } from './read-review.js';
import type { PoolReply, PoolRequest } from './review-pool.js';

/**
 * A reader thread of review-pool.ts: reads and parses the files of each request and replies with
 * each review packed (packed-review.ts), as bytes in one buffer, and the problems found, in order. A file
 * that cannot be read at all (permissions, a file gone since it was listed) ends the request with
 * that error, which the pool raises in the file's place.
 */
const strings = new StringPool();

parentPort!.on('message', (request: PoolRequest) => {
  const { reply, transfer } = answer(request);
  parentPort!.postMessage(reply, transfer);
});

function answer({ id, files, calendar }: PoolRequest): { reply: PoolReply; transfer: ArrayBuffer[] } {
  const packings: string[] = [];
  const heads: string[] = [];
  const problems: [number, Problem[]][] = [];
  let error: PoolReply['error'];
  for (const [index, file] of files.entries()) {
    let parsed;
    try {
      parsed = readReviewSync(file, calendar);
    } catch (caught) {
      error = describe(caught);
      break;
    }
    if (parsed.problems.length > 0) problems.push([index, parsed.problems]);
    const packed = parsed.review ? packReview(parsed.review) : '';
    packings.push(packed);
    heads.push(packed === '' ? '' : strings.copy(headOf(packed)));
  }
  // The packings as UTF-8 in one buffer, handed over without a copy: file i is bytes[ends[i-1], ends[i]).
  let total = 0;
  for (const packed of packings) total += Buffer.byteLength(packed, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(total);
  const ends: number[] = [];
  let at = 0;
  for (const packed of packings) {
    at += bytes.write(packed, at, 'utf8');
    ends.push(at);
  }
  return { reply: { id, bytes: bytes.buffer as ArrayBuffer, ends, heads, problems, ...(error ? { error } : {}) }, transfer: [bytes.buffer as ArrayBuffer] };
}

function describe(error: unknown): NonNullable<PoolReply['error']> {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, errno, syscall, path } = error as NodeJS.ErrnoException;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined ? { stack: error.stack } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(errno !== undefined ? { errno } : {}),
    ...(syscall !== undefined ? { syscall } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}
