import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CONFIG, git, read, REGISTRY, rhythm, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

const ANSWERS = 'customers: [acme]\nvalue_confidence: 3\nactions: ["Call Acme @ana due:2026-12-01"]\n';

function repo(): string {
  const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': ANSWERS });
  git(dir, 'add', 'rhythm.yaml', 'rhythm/customers.yaml');
  git(dir, 'commit', '-qm', 'setup');
  return dir;
}

const weekly = (dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  rhythm(dir, ['weekly', '--team', 'emea-cs', '--answers', 'a.yaml', '--date', '2026-11-24', ...extra], { env });

const FILE = 'rhythm/emea-cs/weekly/2026-W48.md';

describe('git faults', () => {
  it('a failing commit hook keeps the file and says what happened', () => {
    const dir = repo();
    writeFileSync(join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho "lint failed: no trailing spaces" >&2\nexit 1\n');
    chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    const result = weekly(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE} was written but not committed: git commit failed (a hook?): lint failed: no trailing spaces`);
    expect(existsSync(join(dir, FILE))).toBe(true);
    expect(git(dir, 'log', '--format=%s').trim()).toBe('setup');
  });

  it('no git identity: the file stays and the message says how to set one', () => {
    const dir = repo();
    git(dir, 'config', '--unset', 'user.name');
    git(dir, 'config', '--unset', 'user.email');
    git(dir, 'config', 'user.useConfigOnly', 'true');
    const result = weekly(dir, [], { GIT_AUTHOR_NAME: '', GIT_AUTHOR_EMAIL: '', GIT_COMMITTER_NAME: '', GIT_COMMITTER_EMAIL: '', EMAIL: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('git does not know who you are: run `git config --global user.name');
    expect(existsSync(join(dir, FILE))).toBe(true);
  });

  it('git not installed: writes the file and says it did not commit', () => {
    const dir = repo();
    const emptyPath = tempDir();
    const result = weekly(dir, [], { PATH: emptyPath });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: git is not installed');
    expect(existsSync(join(dir, FILE))).toBe(true);
  });

  it('on a detached HEAD: writes the file and says it did not commit, and why', () => {
    const dir = repo();
    git(dir, 'checkout', '-q', '--detach');
    const result = weekly(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: HEAD is detached');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('setup');
  });

  it('--amend of a tracked file with uncommitted edits commits the edits with the amendment', () => {
    const dir = repo();
    expect(weekly(dir).code).toBe(0);
    writeFiles(dir, { [FILE]: `${read(dir, FILE)}\n## Hallway notes\n\nAcme wants SSO.\n`, 'fix.yaml': 'value_confidence: 4\n' });
    const result = rhythm(dir, ['weekly', '--team', 'emea-cs', '--amend', '--answers', 'fix.yaml', '--date', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    expect(git(dir, 'show', 'HEAD:' + FILE)).toContain('Acme wants SSO.');
    expect(git(dir, 'show', 'HEAD:' + FILE)).toContain('value_confidence: 4');
    expect(git(dir, 'status', '--porcelain', FILE).trim()).toBe('');
  });

  it('git.commit: false writes without committing', () => {
    const dir = repo();
    writeFiles(dir, { 'rhythm.yaml': `${CONFIG}git:\n  commit: false\n` });
    const result = weekly(dir);
    expect(result.code).toBe(0);
    expect(git(dir, 'status', '--porcelain', FILE).trim()).toBe(`?? ${FILE}`);
  });
});

describe('no data lost', () => {
  it('two runs for the same team and week at once end with exactly one file and a clear error for the other', async () => {
    const dir = repo();
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'weekly', '--team', 'emea-cs', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit'], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1' },
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((result) => result.code).sort()).toEqual([0, 1]);
    const loser = results.find((result) => result.code === 1)!;
    expect(loser.stderr).toMatch(/already exists: run with --amend|was created by someone else while you answered/);
    expect(readdirSync(join(dir, 'rhythm/emea-cs/weekly'))).toEqual(['2026-W48.md']);
  });

  it('--force replaces a review through a symlink without breaking the link', () => {
    const dir = repo();
    expect(weekly(dir, ['--no-commit']).code).toBe(0);
    const real = join(dir, 'elsewhere.md');
    writeFileSync(real, read(dir, FILE));
    rmSync(join(dir, FILE));
    symlinkSync(real, join(dir, FILE));
    writeFiles(dir, { 'a.yaml': ANSWERS.replace('value_confidence: 3', 'value_confidence: 5') });
    const result = weekly(dir, ['--force', '--no-commit']);
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(join(dir, FILE)).isSymbolicLink()).toBe(true);
    expect(read(dir, 'elsewhere.md')).toContain('value_confidence: 5');
  });
});
