import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class NotUtf8Error extends Error {
  override name = 'NotUtf8Error';
}

/** Read a text file; invalid UTF-8 is an error rather than silently replaced characters. */
export async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new NotUtf8Error(`${path} is not valid UTF-8`);
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

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
 * link keeps pointing at the real file, and the file's mode is kept.
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  let target = path;
  let mode = 0o644;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o777;
  } catch {
    await mkdir(dirname(path), { recursive: true });
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export async function removeIfExists(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
