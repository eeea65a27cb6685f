import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writing files so that a crash or a second writer never leaves half of one. */

/**
 * Create a file that must not exist yet. `wx` makes creation exclusive, so two runs racing
 * for the same review end with one file and an EEXIST for the other, never a mix of both.
 */
export async function createExclusive(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
}

/**
 * Replace a file atomically: write a temporary file beside it, flush it, rename over the target.
 * A crash leaves either the old or the new content. A symlinked target is resolved first so the
 * link keeps pointing at the real file, and the file's mode is kept. The text may come in pieces
 * (a large report), written one after the other.
 */
export async function writeAtomic(path: string, text: string | Iterable<Uint8Array>): Promise<void> {
  let target = path;
  let mode = 0o644;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o777;
  } catch {
    await mkdir(dirname(path), { recursive: true });
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    if (typeof text === 'string') await handle.writeFile(text, 'utf8');
    else for (const piece of text) await handle.write(piece);
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
