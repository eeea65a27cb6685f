/**
 * A problem of the machine (a read-only or full disk, a file where a folder belongs, a link in a
 * loop) is one line naming the path and what to do, exit 1: never "unexpected error … a bug in
 * rhythm". Conditions a test cannot make as root (a read-only mount, a full disk) are the errors
 * Node gives for them, passed through main's reportError; a genuine bug still says bug.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { environmentProblem, main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/workbook.js';

/** An error as Node's fs gives it. */
function fsError(code: string, syscall: string, path: string, dest?: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${syscall} '${path}'`) as NodeJS.ErrnoException & { dest?: string };
  Object.assign(error, { code, syscall, path, errno: -1, ...(dest ? { dest } : {}) });
  return error;
}

const CWD = '/work/book';

describe('environmentProblem', () => {
  it.each([
    ['EROFS', 'open', `${CWD}/rhythm/emea-cs/weekly/2026-W48.md`, 'cannot open rhythm/emea-cs/weekly/2026-W48.md: the file system is read-only: run rhythm where the workbook can be written (a clone on a writable disk)'],
    ['ENOSPC', 'write', `${CWD}/rhythm/reports/FY2027.json`, 'cannot write rhythm/reports/FY2027.json: the disk is full: free some space, then run again'],
    ['EDQUOT', 'write', `${CWD}/rhythm/x.md`, 'cannot write rhythm/x.md: the disk quota is used up: free some space or ask for a larger quota, then run again'],
    ['EACCES', 'open', '/etc/elsewhere.md', 'cannot open /etc/elsewhere.md: permission denied: check the permissions of the file and of its folder'],
    ['EPERM', 'rename', `${CWD}/a.md`, 'cannot rename a.md: the operation is not permitted: check the permissions and attributes (immutable, locked?) of the file and of its folder'],
    ['ENOTDIR', 'mkdir', `${CWD}/rhythm/emea-cs/weekly`, 'cannot create the folder rhythm/emea-cs/weekly: a part of the path is a file, not a folder: move that file away, or put a folder in its place'],
    ['ELOOP', 'open', `${CWD}/rhythm/loop.md`, 'cannot open rhythm/loop.md: a symbolic link on the way leads back to itself: fix the link, or remove it'],
    ['EISDIR', 'open', `${CWD}/out.json`, 'cannot open out.json: it is a folder, not a file: move the folder away, or give the path of a file'],
    ['ENAMETOOLONG', 'open', `${CWD}/${'x'.repeat(300)}`, `cannot open ${'x'.repeat(300)}: the path is too long for the file system: use a shorter path or name`],
    ['EMFILE', 'open', `${CWD}/a.md`, 'cannot open a.md: too many files are open: raise the limit (ulimit -n) or close other programs, then run again'],
    ['ENFILE', 'open', `${CWD}/a.md`, 'cannot open a.md: the system has too many files open: close other programs, then run again'],
    ['EIO', 'read', `${CWD}/a.md`, 'cannot read a.md: an input/output error (a failing disk or a lost network drive?): check the drive, then run again'],
    // What Node's recursive mkdir gives on a read-only mount (found under `mount -o remount,bind,ro`).
    ['ENOENT', 'mkdir', `${CWD}/rhythm/reports`, 'cannot create the folder rhythm/reports: the file system did not let it be made (read-only?): run rhythm where the workbook can be written (a clone on a writable disk)'],
  ])('%s (%s) is one line naming the path', (code, syscall, path, line) => {
    expect(environmentProblem(fsError(code, syscall, path), CWD)).toBe(line);
  });

  it('a rename names where to, and a code that needs no path is still one line', () => {
    expect(environmentProblem(fsError('EEXIST', 'rename', `${CWD}/a.tmp`, `${CWD}/a.md`), CWD)).toBe('cannot rename a.tmp (to a.md): something already exists there: move it away, then run again');
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(environmentProblem(full, CWD)).toBe('the disk is full: free some space, then run again');
  });

  it('a bug is not an environment problem: no code, an unknown code, or a code about no file', () => {
    expect(environmentProblem(new TypeError("Cannot read properties of undefined (reading 'slice')"), CWD)).toBeUndefined();
    expect(environmentProblem(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }), CWD)).toBeUndefined();
    expect(environmentProblem(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'spawn' }), CWD)).toBeUndefined();
    expect(environmentProblem(undefined, CWD)).toBeUndefined();
    expect(environmentProblem('text', CWD)).toBeUndefined();
  });
});

describe('main reports an environment error thrown by a command as one line, exit 1', () => {
  it.each(['EROFS', 'ENOSPC', 'EDQUOT', 'EIO'])('%s while a command runs', async (code) => {
    const dir = tempDir({ 'rhythm.yaml': 'workbook: rhythm\n' });
    // `check` writes its findings; here the writing fails as the machine would make it fail.
    const context = testContext({ cwd: dir });
    const thrown = fsError(code, 'write', `${dir}/rhythm/emea-cs/weekly/2026-W48.md`);
    const stream = context.stdout as { write: (text: string) => boolean };
    stream.write = () => {
      throw thrown;
    };
    const exit = await main(['check', '--json'], context);
    expect(exit).toBe(ExitCode.failed);
    const lines = context.err().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rhythm: cannot write rhythm\/emea-cs\/weekly\/2026-W48\.md: /);
    expect(context.err()).not.toMatch(/unexpected error|bug in rhythm/);
  });

  it('a genuine bug still says bug', async () => {
    const context = testContext({ cwd: tempDir({ 'rhythm.yaml': 'workbook: rhythm\n' }) });
    const stream = context.stdout as { write: (text: string) => boolean };
    stream.write = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'slice')");
    };
    expect(await main(['check', '--json'], context)).toBe(ExitCode.failed);
    expect(context.err()).toContain('This is a bug in rhythm');
  });
});
