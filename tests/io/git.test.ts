import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type GitResult, gitAt, gitEnv } from '../../src/io/git.js';
import { git, initRepo, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 10);

/** A git command expected to stop (a conflict), whose exit code does not matter. */
const gitMayFail = (dir: string, ...args: string[]) => spawnSync('git', args, { cwd: dir, env: { ...process.env, GIT_EDITOR: 'true' } });

function repoWithHistory(): string {
  const dir = tempRepo({ 'notes.md': 'one\n' });
  git(dir, 'add', 'notes.md');
  git(dir, 'commit', '-qm', 'first');
  return dir;
}

/** A second commit on `side` and one on main that conflict in notes.md. */
function divergedOnNotes(dir: string): void {
  git(dir, 'checkout', '-qb', 'side');
  writeFiles(dir, { 'notes.md': 'side\n' });
  git(dir, 'commit', '-qam', 'side');
  git(dir, 'checkout', '-q', 'main');
  writeFiles(dir, { 'notes.md': 'main\n' });
  git(dir, 'commit', '-qam', 'main');
}

const review = (dir: string) => {
  writeFiles(dir, { 'w/2026-W48.md': 'review\n' });
  return join(dir, 'w/2026-W48.md');
};

const rhythmGit = gitAt(new Date());

describe('the environment of every git call', () => {
  it('forces the C locale over a German one, and drops LANGUAGE, which gettext would otherwise prefer', () => {
    const env = gitEnv({ LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LC_MESSAGES: 'de_DE.UTF-8', LANGUAGE: 'de', PATH: '/bin' });
    expect(env.LC_ALL).toBe('C');
    expect('LANGUAGE' in env).toBe(false);
    expect(env.PATH).toBe('/bin');
  });

  it('keeps pathspec magic on, never prompts, and opens no pager or editor', () => {
    const env = gitEnv({ GIT_LITERAL_PATHSPECS: '1', GIT_GLOB_PATHSPECS: '1', GIT_NOGLOB_PATHSPECS: '1', GIT_ICASE_PATHSPECS: '1', GIT_TERMINAL_PROMPT: '1', GIT_EDITOR: 'vim', GIT_PAGER: 'less' });
    expect(env).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_PAGER: 'cat', PAGER: 'cat' });
    for (const name of ['GIT_LITERAL_PATHSPECS', 'GIT_GLOB_PATHSPECS', 'GIT_NOGLOB_PATHSPECS', 'GIT_ICASE_PATHSPECS']) expect(name in env).toBe(false);
  });

  it('commits through a hook that prints megabytes, and a failing hook is told in one line of at most 200 characters', async () => {
    const dir = repoWithHistory();
    writeFiles(dir, { '.git/hooks/pre-commit': "#!/bin/sh\nhead -c 2000000 /dev/zero | tr '\\0' x\nexit 0\n" });
    chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    expect(await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).toMatchObject({ committed: true });
    writeFiles(dir, { '.git/hooks/pre-commit': "#!/bin/sh\nhead -c 5000 /dev/zero | tr '\\0' x >&2\nexit 1\n", 'w/2026-W48.md': 'changed\n' });
    const failed = await rhythmGit.commitFiles(dir, [join(dir, 'w/2026-W48.md')], 'rhythm: review');
    expect(failed).toMatchObject({ committed: false, failed: true });
    expect(failed.reason).toBe(`git commit failed (a hook?): ${'x'.repeat(200)}…`);
  });

  it('commits into the repository holding the workbook, whatever GIT_DIR, GIT_WORK_TREE or GIT_INDEX_FILE the environment holds', async () => {
    const dir = repoWithHistory();
    const other = repoWithHistory();
    const before = git(other, 'rev-parse', 'HEAD');
    vi.stubEnv('GIT_DIR', join(other, '.git'));
    vi.stubEnv('GIT_WORK_TREE', other);
    vi.stubEnv('GIT_INDEX_FILE', join(other, '.git/index'));
    try {
      expect(await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).toMatchObject({ committed: true });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('w/2026-W48.md');
    expect(git(other, 'rev-parse', 'HEAD')).toBe(before);
  });
});

describe('commitFiles', () => {
  it('treats a path as a file name, not a glob: `[ab].md` commits that file and leaves a.md unstaged', async () => {
    const dir = tempRepo({ 'a.md': 'a\n' });
    git(dir, 'add', 'a.md');
    git(dir, 'commit', '-qm', 'first');
    writeFiles(dir, { 'a.md': 'edited by hand\n', '[ab].md': 'review\n' });
    const result = await rhythmGit.commitFiles(dir, [join(dir, '[ab].md')], 'rhythm: review');
    expect(result).toMatchObject({ committed: true });
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('[ab].md');
    expect(git(dir, 'status', '--porcelain', '--', 'a.md')).toBe(' M a.md\n');
  });

  it('makes the first commit of a repository with no commits yet', async () => {
    const dir = tempRepo();
    const result = await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review');
    expect(result).toMatchObject({ committed: true });
    expect(git(dir, 'log', '--format=%s')).toBe('rhythm: review\n');
  });

  it('says nothing changed when the file is as committed, with untracked files beside it', async () => {
    const dir = tempRepo();
    const path = review(dir);
    expect((await rhythmGit.commitFiles(dir, [path], 'rhythm: review')).committed).toBe(true);
    writeFiles(dir, { 'answers.yaml': 'x: 1\n' });
    expect(await rhythmGit.commitFiles(dir, [path], 'rhythm: review')).toEqual({ committed: false, reason: 'nothing changed since the last commit' });
  });

  it.each([
    ['cherry-pick', (dir: string) => gitMayFail(dir, 'cherry-pick', 'side')],
    ['revert', (dir: string) => gitMayFail(dir, 'revert', '--no-edit', 'side')],
    ['rebase', (dir: string) => gitMayFail(dir, 'rebase', 'side')],
    ['merge', (dir: string) => gitMayFail(dir, 'merge', 'side')],
  ])('does not commit while a %s is stopped on a conflict, and leaves HEAD and the index alone', async (operation, stop) => {
    const dir = repoWithHistory();
    divergedOnNotes(dir);
    stop(dir);
    const head = git(dir, 'rev-parse', 'HEAD');
    const result = await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review');
    expect(result).toEqual({ committed: false, reason: `a ${operation} is in progress: the review is written; commit it once the ${operation} is done` });
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'ls-files', '--', 'w')).toBe('');
  });

  it('does not commit during a bisect', async () => {
    const dir = repoWithHistory();
    git(dir, 'bisect', 'start');
    const result = await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review');
    expect(result.reason).toMatch(/^a bisect is in progress/);
  });

  it('finds a merge in progress in a linked worktree, whose state lives outside its .git file', async () => {
    const dir = repoWithHistory();
    divergedOnNotes(dir);
    const worktree = join(tempDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', worktree, 'side');
    gitMayFail(worktree, 'merge', 'main');
    const result = await rhythmGit.commitFiles(worktree, [review(worktree)], 'rhythm: review');
    expect(result.reason).toMatch(/^a merge is in progress/);
    expect((await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).committed).toBe(true);
  });

  it('does not commit on a detached HEAD', async () => {
    const dir = repoWithHistory();
    git(dir, 'checkout', '-q', '--detach');
    const result = await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review');
    expect(result).toMatchObject({ committed: false, reason: expect.stringMatching(/^HEAD is detached/) });
    expect(result.failed).toBeUndefined();
  });

  it('says a .gitignore keeps the review out, instead of failing', async () => {
    const dir = repoWithHistory();
    writeFiles(dir, { '.gitignore': 'w/\n' });
    const result = await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review');
    expect(result).toMatchObject({ committed: false, reason: expect.stringMatching(/ignored by git/) });
  });

  it('outside a repository: not committed, no path for the top level', async () => {
    const dir = tempDir();
    expect(await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).toEqual({ committed: false, reason: 'not inside a git repository' });
    expect(await rhythmGit.topLevel(dir)).toEqual({});
  });

  it('a repository of another user: says git refuses it, with the fix as a command to paste, quoted', async () => {
    const dir = initRepo(join(tempDir({ "Ana's reviews/.keep": '' }), "Ana's reviews"));
    vi.stubEnv('GIT_TEST_ASSUME_DIFFERENT_OWNER', '1');
    try {
      const refused = `git refuses the repository at ${dir} because it belongs to another user: if you trust it, run \`git config --global --add safe.directory '${dir.replace("'", "'\\''")}'\``;
      expect(await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).toEqual({ committed: false, reason: refused });
      expect(await rhythmGit.topLevel(dir)).toEqual({ refused });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it(`runs committing at once all commit, none lost to git's index race (${TRIALS} rounds of three; RHYTHM_TRIALS for more)`, async () => {
    const dir = repoWithHistory();
    const failures: GitResult[] = [];
    for (let round = 0; round < TRIALS; round++) {
      const files = ['a', 'b', 'c'].map((team) => {
        writeFiles(dir, { [`${team}/${round}.md`]: `${team} ${round}\n` });
        return join(dir, team, `${round}.md`);
      });
      const results = await Promise.all(files.map((file) => rhythmGit.commitFiles(dir, [file], `rhythm: ${file}`)));
      failures.push(...results.filter((result) => !result.committed));
    }
    expect(failures).toEqual([]);
    expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe(String(3 * TRIALS + 1));
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('takes over the turn left by a run that died, and gives it back', async () => {
    const dir = repoWithHistory();
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const holder = { pid: dead, host: hostname(), since: new Date().toISOString(), token: 'theirs' };
    writeFiles(dir, { '.git/rhythm-commit.lock': JSON.stringify(holder) });
    expect(await rhythmGit.commitFiles(dir, [review(dir)], 'rhythm: review')).toMatchObject({ committed: true });
    expect(existsSync(join(dir, '.git/rhythm-commit.lock'))).toBe(false);
  });
});
