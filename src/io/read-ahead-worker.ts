import { parentPort } from 'node:worker_threads';
import { describeError, type ReadAheadReply, type ReadAheadRequest } from './read-ahead.js';
import { readBatch, ReadBuffer } from './read-file.js';

/**
 * The reader thread of read-ahead.ts: reads each batch of files into one buffer and hands it over
 * without a copy. It parses nothing; the main thread does, while this thread reads the next batch.
 */
const reader = new ReadBuffer();

parentPort!.on('message', ({ id, paths }: ReadAheadRequest) => {
  const { bytes, ends, errors } = readBatch(reader, paths);
  const buffer = bytes.buffer as ArrayBuffer;
  const reply: ReadAheadReply = { id, bytes: buffer, offset: bytes.byteOffset, ends, errors: errors.map((error) => (error ? describeError(error) : null)) };
  parentPort!.postMessage(reply, [buffer]);
});
