import { randomUUID } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import { readText, readTextSync, UnreadableFileError } from './files.js';
import { createExclusive, isRunning } from './write-file.js';

/**
 * Locks that make rhythm runs take turns: a file created exclusively, holding the pid, the machine
 * and the time of the run that holds it. The workbook's lock for writers (`.rhythm/lock`) is held
 * from the last look at the file a run writes to its git commit, so neither of two runs loses the
 * other's answers; nobody holds it while answering. git.ts takes one in the repository for the
 * commit itself, which two workbooks of one repository share.
 */

export interface Lock {
  /** Let the next writer in. Safe to call more than once. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** The time of this run (the context's clock): written in the lock, and the age of another's is measured from it. */
  now: Date;
  /** How long to wait for another writer before giving up. */
  waitMs?: number;
}

interface LockKind {
  /** The lock file as a person finds it, for messages. */
  display: string;
  /** What its holder is doing, for the message of a run that waited too long: "another rhythm is writing in this workbook". */
  busy: string;
}

/** Another run held the lock for the whole wait. */
export class LockBusyError extends UserError {
  override name = 'LockBusyError';
}

interface Holder {
  pid: number;
  host: string;
  since: string;
  token: string;
}

/** A writer holds the lock for seconds (a commit with slow hooks): another machine's this old was left behind. */
const STALE_AFTER_MS = 10 * 60_000;
const WAIT_MS = 30_000;

const WORKBOOK_LOCK: LockKind = { display: '.rhythm/lock', busy: 'another rhythm is writing in this workbook' };
/** A lock holds one line of JSON; read like every file (io/read-file.ts): a FIFO there is refused, never waited on. */
const LOCK_LIMIT = { bytes: 64 * 1024, what: 'lock' };

export function lockPath(root: string): string {
  return join(root, '.rhythm', 'lock');
}

/** Take the workbook's lock for writers (see takeLock). */
export function lockWorkbook(root: string, options: LockOptions): Promise<Lock> {
  return takeLock(lockPath(root), WORKBOOK_LOCK, options);
}

/**
 * Take the lock at `path`, waiting (with backoff) while another run holds it. A lock left by a run
 * that is gone (its pid is dead on this machine; another machine's when very old) is taken over. Fails with one
 * line naming the holder and the lock file when the wait is over (LockBusyError), or when the lock
 * cannot be made at all.
 */
export async function takeLock(path: string, kind: LockKind, options: LockOptions): Promise<Lock> {
  const mine: Holder = { pid: process.pid, host: hostname(), since: options.now.toISOString(), token: randomUUID() };
  const text = `${JSON.stringify(mine)}\n`;
  const waitMs = options.waitMs ?? WAIT_MS;
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await createExclusive(path, text);
      return held(path, mine.token);
    } catch (error) {
      // Anything but a lock already there is a problem of the file system, which main.ts puts in words.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = await readHolder(path, kind);
    if (found === undefined) continue;
    if (isStale(found, options.now)) {
      await takeOver(path, found.raw);
      continue;
    }
    if (performance.now() - started >= waitMs) throw busy(found.holder, kind);
    // Backoff with jitter, so that two waiters do not retry in step.
    await sleep(Math.min(250, 5 * 2 ** attempt) * (0.5 + Math.random() / 2));
  }
}

function held(path: string, token: string): Lock {
  let released = false;
  // A run that ends through process.exit (a closed terminal) lets the lock go too.
  const onExit = () => releaseSync(path, token);
  process.once('exit', onExit);
  return {
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      const raw = await readText(path, LOCK_LIMIT).catch(() => undefined);
      if (raw !== undefined && parseHolder(raw)?.token === token) await unlink(path).catch(() => undefined);
    },
  };
}

function releaseSync(path: string, token: string): void {
  try {
    if (parseHolder(readTextSync(path, LOCK_LIMIT))?.token === token) unlinkSync(path);
  } catch {
    // already gone
  }
}

async function readHolder(path: string, kind: LockKind): Promise<{ raw: string; holder?: Holder; modified: number } | undefined> {
  try {
    const [raw, stats] = await Promise.all([readText(path, LOCK_LIMIT), stat(path)]);
    const holder = parseHolder(raw);
    return { raw, modified: stats.mtimeMs, ...(holder ? { holder } : {}) };
  } catch (error) {
    // Not a file rhythm wrote (a FIFO, a folder): no run will ever let it go, so waiting is pointless.
    if (error instanceof UnreadableFileError) throw new UserError(`${kind.display} ${error.reason.split(':')[0]}: remove it, then run again`);
    return undefined;
  }
}

function parseHolder(raw: string): Holder | undefined {
  try {
    const data = JSON.parse(raw) as Partial<Holder>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.since === 'string' && typeof data.token === 'string') return data as Holder;
  } catch {
    // not a lock rhythm wrote
  }
  return undefined;
}

/**
 * Whether a lock was left behind. On this machine, exactly when its run is gone: a live run keeps
 * its lock however long it takes (a slow commit hook). A lock of another machine (a shared drive),
 * or one rhythm did not write, by its age.
 */
function isStale(found: { holder?: Holder; modified: number }, now: Date): boolean {
  const { holder } = found;
  if (holder && holder.host === hostname()) return !isRunning(holder.pid);
  const since = holder ? Date.parse(holder.since) : found.modified;
  return now.getTime() - since > STALE_AFTER_MS;
}

/**
 * Remove a stale lock, and only it: it is moved aside first, so of several runs taking over the
 * same lock one moves it and the others find nothing. Should a live lock have replaced the stale
 * one between reading and moving, it is put back.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readText(aside, LOCK_LIMIT).catch(() => undefined);
  if (moved !== stale) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function busy(holder: Holder | undefined, kind: LockKind): LockBusyError {
  const advice = `try again, or delete ${kind.display} if no rhythm is running`;
  if (!holder) return new LockBusyError(`${kind.busy} (${kind.display} is held); ${advice}`);
  const since = new Date(holder.since);
  const time = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return new LockBusyError(`${kind.busy} (pid ${holder.pid}${where} since ${time}); ${advice}`);
}
