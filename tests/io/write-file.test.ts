import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as fs from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createExclusive, refuseOutside, writeAtomic } from '../../src/io/write-file.js';
import { tempDir } from '../helpers/workbook.js';

/** The next `link()` fails with this code: a kill, a full disk or a file system without hard links at that moment. */
const fault = vi.hoisted(() => ({ link: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return {
    ...actual,
    link: async (from: string, to: string) => {
      const code = fault.link;
      fault.link = undefined;
      if (code) throw Object.assign(new Error(`${code}: link '${from}' -> '${to}'`), { code, syscall: 'link', path: from, dest: to });
      return actual.link(from, to);
    },
  };
});
afterEach(() => {
  fault.link = undefined;
});

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('createExclusive', () => {
  it('creates the whole file and leaves nothing else in the folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'rhythm/weekly/2026-W48.md');
    await createExclusive(path, 'the review\n');
    expect(readFileSync(path, 'utf8')).toBe('the review\n');
    expect(readdirSync(join(dir, 'rhythm/weekly'))).toEqual(['2026-W48.md']);
    expect(statSync(path).nlink).toBe(1);
  });

  it('a failure between writing the text and putting it in place leaves no file and no temporary file', async () => {
    const dir = tempDir();
    const path = join(dir, 'rhythm/weekly/2026-W48.md');
    fault.link = 'EIO';
    // Told of the review, not of the hidden temporary file the person never saw.
    const error = await createExclusive(path, 'the review\n').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EIO', syscall: 'write', path });
    expect(error).not.toHaveProperty('dest');
    expect(readdirSync(join(dir, 'rhythm/weekly'))).toEqual([]);
  });

  it('a name that is taken is EEXIST, and the file there is left as it is, even an empty one', async () => {
    const dir = tempDir({ 'rhythm/weekly/2026-W48.md': '' });
    const path = join(dir, 'rhythm/weekly/2026-W48.md');
    await expect(createExclusive(path, 'second\n')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(readdirSync(join(dir, 'rhythm/weekly'))).toEqual(['2026-W48.md']);
  });

  it('on a file system without hard links it still creates the file, exclusively', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.md');
    fault.link = 'EPERM';
    await createExclusive(path, 'text\n');
    expect(readFileSync(path, 'utf8')).toBe('text\n');
    expect(readdirSync(dir)).toEqual(['x.md']);
    fault.link = 'EPERM';
    await expect(createExclusive(path, 'other\n')).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('removes the hidden temporary files a killed run left for the same file, and only those of dead runs', async () => {
    const dir = tempDir();
    const dead = `.2026-W48.md.${deadPid()}.0123abcd.tmp`;
    const live = `.2026-W48.md.${process.ppid}.0123abcd.tmp`;
    const other = `.2026-W47.md.${deadPid()}.0123abcd.tmp`;
    for (const name of [dead, live, other]) writeFileSync(join(dir, name), 'half a rev');
    await createExclusive(join(dir, '2026-W48.md'), 'the review\n');
    expect(readdirSync(dir).sort()).toEqual([other, live, '2026-W48.md'].sort());
  });
});

describe('writeAtomic', () => {
  it('replaces through a symlink, keeps the mode, and leaves no temporary file', async () => {
    const dir = tempDir({ 'real.md': 'old\n' });
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'real.md'), 0o640);
    symlinkSync('real.md', join(dir, 'link.md'));
    await writeAtomic(join(dir, 'link.md'), 'new\n');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toBe('new\n');
    expect(statSync(join(dir, 'real.md')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.md', 'real.md']);
  });

  it('replaces an empty file, and removes temporaries of dead runs', async () => {
    const dead = `.x.md.${deadPid()}.89abcdef.tmp`;
    const dir = tempDir({ 'x.md': '', [dead]: 'half' });
    await writeAtomic(join(dir, 'x.md'), 'whole\n');
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toBe('whole\n');
    expect(readdirSync(dir)).toEqual(['x.md']);
  });
});

describe('refuseOutside', () => {
  const refused = (root: string, path: string) => {
    try {
      refuseOutside(root, path, 'the file');
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('lets a path inside the workbook through, whether it exists yet or not, and through links that stay inside', () => {
    const root = tempDir({ 'rhythm/weekly/2026-W47.md': 'x', 'archive/emea/.keep': '' });
    symlinkSync(join(root, 'archive/emea'), join(root, 'rhythm/emea-cs'));
    for (const path of ['rhythm/weekly/2026-W47.md', 'rhythm/weekly/2026-W48.md', 'rhythm/new-team/weekly/2026-W48.md', 'rhythm/emea-cs/weekly/2026-W48.md']) {
      expect(refused(root, join(root, path)), path).toBeUndefined();
    }
  });

  it('refuses a file, or a folder on the way, that a link takes outside, naming where it would land', () => {
    const root = tempDir({ 'rhythm/weekly/.keep': '' });
    const outside = tempDir({ 'notes.md': 'mine' });
    symlinkSync(join(outside, 'notes.md'), join(root, 'rhythm/weekly/2026-W48.md'));
    symlinkSync(outside, join(root, 'rhythm/na'));
    expect(refused(root, join(root, 'rhythm/weekly/2026-W48.md'))).toBe(`the file leads outside the workbook, to ${outside}/notes.md, through a symbolic link: rhythm writes only inside the workbook; put the file or folder itself in place of the link`);
    expect(refused(root, join(root, 'rhythm/na/weekly/2026-W48.md'))).toContain(`to ${outside}/weekly/2026-W48.md`);
    expect(readFileSync(join(outside, 'notes.md'), 'utf8')).toBe('mine');
  });

  it('lets a link to nothing through: writing replaces the link, it does not follow it', async () => {
    const root = tempDir({ 'rhythm/weekly/.keep': '' });
    const outside = tempDir();
    symlinkSync(join(outside, 'new.md'), join(root, 'rhythm/weekly/2026-W48.md'));
    expect(refused(root, join(root, 'rhythm/weekly/2026-W48.md'))).toBeUndefined();
    await writeAtomic(join(root, 'rhythm/weekly/2026-W48.md'), 'review');
    expect(readdirSync(outside)).toEqual([]);
    expect(lstatSync(join(root, 'rhythm/weekly/2026-W48.md')).isFile()).toBe(true);
  });
});
