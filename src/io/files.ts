import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file that is not UTF-8 text (a binary file, or Latin-1 from an old editor). A UserError, so a
 * caller that does not turn it into a `file:line` problem of its own still shows one clear line
 * (an answers file, a file passed to --merge, a review being amended), never "a bug in rhythm".
 */
export class NotUtf8Error extends UserError {
  override name = 'NotUtf8Error';
  constructor(readonly path: string) {
    super(`${path}:1: is not valid UTF-8 (a binary file?): save it as UTF-8`);
  }
}

/** A folder where a file was expected. Keeps the `EISDIR` code callers may test for. */
export class IsFolderError extends UserError {
  override name = 'IsFolderError';
  readonly code = 'EISDIR';
  constructor(readonly path: string) {
    super(`${path} is a folder, not a file`);
  }
}

/** Read a text file; invalid UTF-8 is an error rather than silently replaced characters. */
export async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new IsFolderError(path);
    throw error;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new NotUtf8Error(path);
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
