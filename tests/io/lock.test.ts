import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { lockPath, lockWorkbook } from '../../src/io/lock.js';
import { tempDir } from '../helpers/workbook.js';

const now = new Date();

function holder(dir: string): { pid: number; host: string; since: string; token: string } {
  return JSON.parse(readFileSync(lockPath(dir), 'utf8')) as { pid: number; host: string; since: string; token: string };
}

/** A lock as another run wrote it. */
function lockedBy(dir: string, fields: { pid: number; host?: string; since?: Date }): void {
  mkdirSync(join(dir, '.rhythm'), { recursive: true });
  writeFileSync(lockPath(dir), JSON.stringify({ pid: fields.pid, host: fields.host ?? hostname(), since: (fields.since ?? now).toISOString(), token: 'theirs' }));
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** Read, wait, write back plus one: two holders at once would lose an increment. */
async function increment(path: string): Promise<void> {
  const count = Number(await readFile(path, 'utf8'));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
  await writeFile(path, String(count + 1));
}

describe('the workbook lock', () => {
  it('is a file under .rhythm naming this run, gone once released; releasing twice is harmless', async () => {
    const dir = tempDir();
    const lock = await lockWorkbook(dir, { now });
    expect(holder(dir)).toMatchObject({ pid: process.pid, host: hostname(), since: now.toISOString() });
    await lock.release();
    await lock.release();
    expect(readdirSync(join(dir, '.rhythm'))).toEqual([]);
    await (await lockWorkbook(dir, { now })).release();
  });

  it('makes writers take turns: 12 read-modify-writes at once lose nothing', async () => {
    const dir = tempDir({ count: '0' });
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const lock = await lockWorkbook(dir, { now });
        try {
          await increment(join(dir, 'count'));
        } finally {
          await lock.release();
        }
      }),
    );
    expect(readFileSync(join(dir, 'count'), 'utf8')).toBe('12');
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it('a waiter gets the lock once the holder lets it go', async () => {
    const dir = tempDir();
    const first = await lockWorkbook(dir, { now });
    const second = lockWorkbook(dir, { now, waitMs: 60_000 });
    setTimeout(() => void first.release(), 50);
    const lock = await second;
    expect(holder(dir).token).not.toBe('theirs');
    await lock.release();
  });

  it('waits a bounded time for a live holder, then fails with one line naming it and the lock file', async () => {
    const dir = tempDir();
    lockedBy(dir, { pid: process.ppid, since: new Date(2026, 10, 24, 9, 5) });
    const error = await lockWorkbook(dir, { now: new Date(2026, 10, 24, 9, 6), waitMs: 30 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(1);
    expect((error as Error).message).toBe(`another rhythm is writing in this workbook (pid ${process.ppid} since 09:05); try again, or delete .rhythm/lock if no rhythm is running`);
    expect(holder(dir).token).toBe('theirs');
  });

  it('takes over the lock of a run that is gone (a dead pid on this machine) at once', async () => {
    const dir = tempDir();
    lockedBy(dir, { pid: deadPid() });
    const lock = await lockWorkbook(dir, { now, waitMs: 0 });
    expect(holder(dir).pid).toBe(process.pid);
    await lock.release();
    expect(readdirSync(join(dir, '.rhythm'))).toEqual([]);
  });

  it('of 10 runs finding the same dead lock at once, one at a time holds it', async () => {
    const dir = tempDir({ count: '0' });
    lockedBy(dir, { pid: deadPid() });
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const lock = await lockWorkbook(dir, { now });
        try {
          await increment(join(dir, 'count'));
        } finally {
          await lock.release();
        }
      }),
    );
    expect(readFileSync(join(dir, 'count'), 'utf8')).toBe('10');
    expect(readdirSync(join(dir, '.rhythm'))).toEqual([]);
  });

  it('a live run of this machine keeps its lock however old: a review answered for longer than the staleness limit is not overtaken', async () => {
    const dir = tempDir();
    lockedBy(dir, { pid: process.ppid, since: new Date(2026, 10, 24, 9, 0) });
    await expect(lockWorkbook(dir, { now: new Date(2026, 10, 24, 12, 0), waitMs: 0 })).rejects.toThrow(`(pid ${process.ppid} since 09:00)`);
  });

  it("another machine's lock is respected while recent and taken over when very old", async () => {
    const dir = tempDir();
    lockedBy(dir, { pid: 1, host: 'elsewhere', since: new Date(2026, 10, 24, 9, 0) });
    await expect(lockWorkbook(dir, { now: new Date(2026, 10, 24, 9, 1), waitMs: 0 })).rejects.toThrow('(pid 1 on elsewhere since 09:00)');
    await (await lockWorkbook(dir, { now: new Date(2026, 10, 24, 10, 0), waitMs: 0 })).release();
  });

  it('a lock file rhythm did not write is in the way while recent, and taken over when very old', async () => {
    const dir = tempDir({ '.rhythm/lock': 'not a lock' });
    await expect(lockWorkbook(dir, { now, waitMs: 0 })).rejects.toThrow('another rhythm is writing in this workbook (.rhythm/lock is held); try again, or delete .rhythm/lock if no rhythm is running');
    const hourAgo = new Date(now.getTime() - 3_600_000);
    utimesSync(lockPath(dir), hourAgo, hourAgo);
    await (await lockWorkbook(dir, { now, waitMs: 0 })).release();
  });

  it('releasing never removes a lock another run holds now', async () => {
    const dir = tempDir();
    const lock = await lockWorkbook(dir, { now });
    lockedBy(dir, { pid: process.ppid });
    await lock.release();
    expect(holder(dir).token).toBe('theirs');
  });

  it('a run that ends through process.exit while holding the lock lets it go', () => {
    const dir = tempDir();
    const built = fileURLToPath(new URL('../../dist/io/lock.js', import.meta.url));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const { lockWorkbook } = await import(${JSON.stringify(built)}); await lockWorkbook(${JSON.stringify(dir)}, { now: new Date() }); process.exit(3);`], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(3);
    expect(existsSync(lockPath(dir))).toBe(false);
  });
});
