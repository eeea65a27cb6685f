/**
 * Reading one file: only a regular file is opened for good, and never more of it than its kind
 * may hold. A FIFO, a device or a socket is refused at once (opening a FIFO without O_NONBLOCK
 * waits for a writer for ever; /dev/zero never ends), a link to a regular file reads as the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { readDraft } from '../../src/io/drafts.js';
import { NotUtf8Error, readInputText, readText, unreadableReason } from '../../src/io/files.js';
import { holdsNul, ReadBuffer, textOrError, UnreadableFileError, type ReadLimit } from '../../src/io/read-file.js';
import { tempDir } from '../helpers/workbook.js';

const TINY: ReadLimit = { bytes: 100, what: 'review' };

function fifo(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

async function refusal(read: () => Promise<unknown> | unknown): Promise<UnreadableFileError> {
  try {
    await read();
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error).toBeInstanceOf(UserError);
    return error as UnreadableFileError;
  }
  throw new Error('read, not refused');
}

describe('only regular files are read', () => {
  it('a FIFO with no writer is refused at once, by readText and by ReadBuffer, never waited on', async () => {
    const path = fifo(tempDir(), '2026-W48.md');
    const error = await refusal(() => readText(path));
    expect(error.message).toBe(`${path} is a FIFO (a named pipe), not a file: rhythm reads only regular files; put the file itself in its place`);
    expect(error.code).toBe('ENOTFILE');
    expect((await refusal(() => new ReadBuffer().readFile(path))).reason).toBe(error.reason);
    expect(unreadableReason(error)).toBe(error.reason);
  });

  it('character devices (/dev/zero, /dev/null, /dev/full) are refused, not read to the end of memory', async () => {
    for (const device of ['/dev/zero', '/dev/null', '/dev/full', '/dev/urandom']) {
      expect((await refusal(() => readText(device))).message).toBe(`${device} is a device, not a file: rhythm reads only regular files; put the file itself in its place`);
    }
  });

  it('a socket is refused', async () => {
    const path = join(tempDir(), 'socket.md');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const error = await readText(path).catch((caught: unknown) => caught);
      // open(2) of a socket fails with ENXIO before fstat can say what it is; both are one line.
      expect(unreadableReason(error)).toMatch(/socket/);
    } finally {
      server.close();
    }
  });

  it('a symbolic link to a regular file reads as the file; one to a FIFO is refused; one to nothing says so', async () => {
    const dir = tempDir({ 'real.md': 'hello' });
    symlinkSync(join(dir, 'real.md'), join(dir, 'link.md'));
    fifo(dir, 'pipe');
    symlinkSync(join(dir, 'pipe'), join(dir, 'to-pipe.md'));
    symlinkSync(join(dir, 'nothing'), join(dir, 'dangling.md'));
    expect(await readText(join(dir, 'link.md'))).toBe('hello');
    expect((await refusal(() => readText(join(dir, 'to-pipe.md')))).code).toBe('ENOTFILE');
    const dangling = await refusal(() => readText(join(dir, 'dangling.md')));
    expect(unreadableReason(dangling)).toBe('is a symbolic link to nothing: fix the link, or remove it');
  });

  it('a draft that is a FIFO or a device is ignored (the run starts over), not waited on', () => {
    expect(readDraft(fifo(tempDir(), '2026-W48.json'))).toBeUndefined();
    expect(readDraft('/dev/zero')).toBeUndefined();
  });

  it('a folder keeps its one line and its EISDIR code', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder.md'));
    const error = await refusal(() => readText(join(dir, 'folder.md')));
    expect(error.code).toBe('EISDIR');
    expect(error.message).toBe(`${join(dir, 'folder.md')} is a folder, not a file`);
  });
});

describe('every read is bounded', () => {
  it('reads a file of exactly the limit, and refuses one a byte larger, naming the limit', async () => {
    const dir = tempDir({ 'at.md': 'x'.repeat(100), 'over.md': 'x'.repeat(101) });
    expect(await readText(join(dir, 'at.md'), TINY)).toHaveLength(100);
    const error = await refusal(() => readText(join(dir, 'over.md'), TINY));
    expect(error.code).toBe('ETOOLARGE');
    expect(error.message).toBe(`${join(dir, 'over.md')} is larger than 1 KB, more than any review needs: check that it is the right file`);
  });

  it('a review over 16 MB is refused, and the files read after it with the same buffer are read whole', () => {
    const dir = tempDir({ 'before.md': 'before', 'after.md': 'after' });
    writeFileSync(join(dir, 'huge.md'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x78));
    const reader = new ReadBuffer();
    const read = ['before.md', 'huge.md', 'after.md'].map((name) => {
      try {
        return reader.bytes.toString('utf8', 0, reader.readFile(join(dir, name)));
      } catch (error) {
        return (error as UnreadableFileError).reason;
      }
    });
    expect(read).toEqual(['before', 'is larger than 16 MB, more than any review needs: check that it is the right file', 'after']);
  });

  it('gives the text of a file larger than the buffer read so far, read after a small one (textOrError)', () => {
    const large = `${'é'.repeat(40_000)}\n`;
    const dir = tempDir({ 'small.md': 'small', 'large.md': large });
    const reader = new ReadBuffer();
    expect(textOrError(reader, join(dir, 'small.md'))).toBe('small');
    expect(textOrError(reader, join(dir, 'large.md'))).toBe(large);
    expect((textOrError(reader, join(dir, 'gone.md')) as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('a stream that never ends is let go at the limit: no more than a chunk beyond it is read', async () => {
    let produced = 0;
    let destroyed = false;
    const endless = new Readable({
      read() {
        produced += 16;
        this.push(Buffer.alloc(16, 0x61));
      },
      destroy(error, callback) {
        destroyed = true;
        callback(error);
      },
    });
    const error = await refusal(() => readInputText(endless, TINY));
    expect(error.message).toBe('stdin is larger than 1 KB, more than any review needs: check that it is the right input');
    expect(destroyed).toBe(true);
    // Readable reads ahead up to its high-water mark (16 KB) before a listener sees a byte.
    expect(produced).toBeLessThan(100 + 64 * 1024);
  });

  it('a stream within the limit is its text, strictly UTF-8; a path reads as readText does', async () => {
    expect(await readInputText(Readable.from([Buffer.from('\ufeffa: 1\n')]), TINY)).toBe('a: 1\n');
    const notUtf8 = await readInputText(Readable.from([Buffer.from([0x61, 0xff])]), TINY).catch((caught: unknown) => caught);
    expect(notUtf8).toBeInstanceOf(NotUtf8Error);
    expect((notUtf8 as Error).message).toBe('stdin:1: is not valid UTF-8 (a binary file?): save it as UTF-8');
    const path = fifo(tempDir(), 'answers.yaml');
    expect((await refusal(() => readInputText(path, TINY))).code).toBe('ENOTFILE');
  });
});

describe('holdsNul looks for NUL in the bytes a text is decoded from', () => {
  it('finds a zero byte within the range only, as the decoded text holds U+0000', () => {
    const bytes = Buffer.from('a—b\u0000c', 'utf8');
    const nul = bytes.indexOf(0);
    expect(holdsNul(bytes, 0, bytes.length)).toBe(true);
    expect(holdsNul(bytes, 0, nul)).toBe(false);
    expect(holdsNul(bytes, nul + 1, bytes.length)).toBe(false);
    // Every other character, multi-byte ones included, is written without a zero byte.
    const text = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code + 1)).join('') + '😀';
    const all = Buffer.from(text, 'utf8');
    expect(holdsNul(all, 0, all.length)).toBe(false);
  });
});
