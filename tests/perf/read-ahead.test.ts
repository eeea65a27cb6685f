import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ReadAhead from '../../src/io/read-ahead.js';
import type { ReadBatch } from '../../src/io/read-file.js';

/**
 * Reading ahead on a second thread gives exactly what reading here gives: the same bytes of every
 * file, the same error for every file that cannot be read, in the same order. The thread runs the
 * built worker (dist/io/read-ahead-worker.js): `npm test` builds first.
 */
async function built(): Promise<typeof ReadAhead> {
  const url = new URL('../../dist/io/read-ahead.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error('dist/ is missing: run npm run build first');
  return (await import(url.href)) as typeof ReadAhead;
}

let root: string;
let paths: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rhythm-read-ahead-'));
  paths = [];
  const file = (name: string, content: string | Buffer) => {
    const path = join(root, name);
    writeFileSync(path, content);
    return path;
  };
  for (let index = 0; index < 950; index++) paths.push(file(`review-${index}.md`, `---\nperiod: 2025-W${(index % 52) + 1}\n---\n${'x'.repeat(index * 7)}\n— é 中文\n`));
  mkdirSync(join(root, 'folder.md'));
  symlinkSync(join(root, 'loop.md'), join(root, 'loop.md'));
  const odd = [
    file('empty.md', ''),
    file('bom.md', '\ufeff---\nrhythm: 1\n---\n'),
    file('not-utf8.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a])),
    file('huge.md', 'y'.repeat(3 * 1024 * 1024)),
    join(root, 'folder.md'),
    join(root, 'gone.md'),
    join(root, 'loop.md'),
  ];
  // Spread over several batches, among the ordinary files.
  odd.forEach((path, index) => paths.splice(100 + index * 130, 0, path));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file as bytes or as its error's code and message, in order. */
async function collect(batches: AsyncGenerator<ReadBatch>): Promise<(string | { code?: string; message: string })[]> {
  const files: (string | { code?: string; message: string })[] = [];
  for await (const batch of batches) {
    let start = 0;
    for (const [index, end] of batch.ends.entries()) {
      const error = batch.errors[index] as NodeJS.ErrnoException | undefined;
      files.push(error ? { code: error.code, message: error.message } : batch.bytes.subarray(start, end).toString('base64'));
      start = end;
    }
  }
  return files;
}

describe('readAhead', () => {
  it('reads on a second thread exactly what it reads here, errors and all, in order', async () => {
    const { readAhead } = await built();
    const here = await collect(readAhead(paths, { threaded: false }));
    const threaded = await collect(readAhead(paths, { threaded: true }));
    expect(threaded).toHaveLength(paths.length);
    expect(threaded).toEqual(here);
    const codes = here.flatMap((file) => (typeof file === 'string' ? [] : [file.code]));
    expect(codes).toEqual(['EISDIR', 'ENOENT', 'ELOOP']);
  });

  it('reads the rest here when the thread fails half way, and gives the same', async () => {
    const { readAhead } = await built();
    // A reader that answers the first request as the real one would, then stops.
    const failing = join(root, 'failing-worker.mjs');
    writeFileSync(
      failing,
      `import { parentPort } from 'node:worker_threads';\nimport { readBatch, ReadBuffer } from ${JSON.stringify(new URL('../../dist/io/read-file.js', import.meta.url).href)};\nconst reader = new ReadBuffer();\nparentPort.once('message', ({ id, paths }) => {\n  const { bytes, ends, errors } = readBatch(reader, paths);\n  parentPort.postMessage({ id, bytes: bytes.buffer, offset: bytes.byteOffset, ends, errors: errors.map((e) => (e ? { name: e.name, message: e.message, code: e.code } : null)) }, [bytes.buffer]);\n  setTimeout(() => process.exit(3), 20);\n});\n`,
    );
    const here = await collect(readAhead(paths, { threaded: false }));
    const recovered = await collect(readAhead(paths, { threaded: true, worker: pathToFileURL(failing) }));
    expect(recovered).toEqual(here);
  });
});
