import { randomUUID } from 'node:crypto';
import { readdirSync, realpathSync, rmSync } from 'node:fs';
import { link, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writing files so that a crash, a kill or a second writer never leaves half of one. The text is
 * always written to a hidden temporary file beside the target first (its name starts with `.`,
 * so listing the workbook skips it), flushed, and only then put in place in one step.
 */

/**
 * Refuse to write `path` when a symbolic link on the way (the file itself, or a folder) leads out
 * of the workbook: rhythm writes only inside the folder holding rhythm.yaml (and where --out
 * points), so a link in a cloned repository cannot make `--force` replace a file elsewhere. Links
 * within the workbook are fine; what a link outside holds is still read.
 */
export function refuseOutside(root: string, path: string, display: string): void {
  const real = realPathOf(path);
  if (isWithin(real, realPathOf(root))) return;
  throw new UserError(`${display} leads outside the workbook, to ${real}, through a symbolic link: rhythm writes only inside the workbook; put the file or folder itself in place of the link`);
}

/** Whether the real path `real` is the folder `folder` (a real path too) or inside it. */
export function isWithin(real: string, folder: string): boolean {
  return real === folder || real.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/** The real path of `path`: of the path itself when it exists, else of its deepest folder that does, with the rest added. */
export function realPathOf(path: string): string {
  const rest: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    try {
      return join(realpathSync(current), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not there yet (or a link to nothing, which a write replaces rather than follows): look at its folder.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(current) === current) throw error;
      rest.unshift(basename(current));
    }
  }
}

/**
 * Create a file that must not exist yet. The complete temporary file is hard-linked to the final
 * name, which fails with EEXIST when the name is taken: two runs racing for the same review end
 * with one file and an EEXIST for the other, and a kill at any moment leaves no file or the whole
 * file, never an empty one (opening the final name and then writing into it did, 5 in 900 kills).
 */
export async function createExclusive(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = await writeTemporary(path, text, 0o644);
  let linked = true;
  try {
    await link(temporary, path);
  } catch (error) {
    if (!cannotLink(error)) throw aboutTarget(error, temporary, path);
    linked = false;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  if (linked) await syncFolder(folder);
  else await createInPlace(path, text);
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
  const temporary = await writeTemporary(target, text, mode);
  try {
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw aboutTarget(error, temporary, target);
  }
  await syncFolder(dirname(target));
}

/** Whether a process of this machine is still running (EPERM: it is, but belongs to someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `.<name>.<pid>.<random>.tmp`: hidden, and naming the process that writes it. */
const TEMPORARY = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The whole text in a new hidden file beside `target`, flushed to disk. Removed again if writing fails. */
async function writeTemporary(target: string, text: string | Iterable<Uint8Array>, mode: number): Promise<string> {
  removeLeftovers(target);
  const temporary = temporaryPath(target);
  const handle = await open(temporary, 'wx', mode).catch((error: unknown) => {
    throw aboutTarget(error, temporary, target);
  });
  try {
    if (typeof text === 'string') await handle.writeFile(text, 'utf8');
    else for (const piece of text) await handle.write(piece);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw aboutTarget(error, temporary, target);
  }
  return temporary;
}

/** A failure with the temporary file, told of the file being written: the one the person knows. */
function aboutTarget(error: unknown, temporary: string, target: string): unknown {
  const failure = error as NodeJS.ErrnoException & { dest?: string };
  if (failure.path === temporary) {
    failure.path = target;
    failure.syscall = 'write';
    delete failure.dest;
  }
  return failure;
}

/**
 * Temporary files of `target` left by runs that were killed while writing it. They are hidden and
 * harmless, but `git status` would list them, so the next write of the same file removes them.
 */
export function removeLeftovers(target: string): void {
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMPORARY.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && !isRunning(pid)) rmSync(join(dirname(target), entry), { force: true });
  }
}

/** A new temporary name beside `target` (see TEMPORARY). */
export function temporaryPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
}

/** A file system without hard links (some network and FAT drives): exclusive open of the name itself. */
function cannotLink(error: unknown): boolean {
  return ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes((error as NodeJS.ErrnoException).code ?? '');
}

async function createInPlace(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
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

/** Flush the folder's entry for the new name, so a power cut after success keeps the file. Not every system can. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder; some file systems refuse to flush one: the file itself is flushed.
  }
}
