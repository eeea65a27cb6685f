/**
 * Git, as people's repositories really are: in the middle of a rebase, owned by another user, in
 * another language, with a folder whose name is a glob, and with other git processes at work.
 * Whatever git does, the review is written and stays in the work tree; rhythm commits it only on
 * the user's branch, and only it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, rhythm, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, GOOD_ANSWERS, pool, REGISTRY, rhythmAsync } from './helpers.js';

const FILE = 'rhythm/emea-cs/weekly/2026-W48.md';
const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 10);

/** A workbook in a repository with one commit, the answers file beside it, untracked. */
function repo(config = CONFIG, registry = 'rhythm/customers.yaml'): string {
  const dir = tempRepo({ 'rhythm.yaml': config, [registry]: REGISTRY, 'notes.md': 'one\n', 'a.yaml': GOOD_ANSWERS });
  git(dir, 'add', 'rhythm.yaml', registry, 'notes.md');
  git(dir, 'commit', '-qm', 'setup');
  return dir;
}

const weekly = (dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  rhythm(dir, ['weekly', '--team', 'emea-cs', '--answers', 'a.yaml', '--date', '2026-11-24', ...extra], { env });

/** A git command expected to stop on a conflict. */
const gitMayFail = (dir: string, ...args: string[]) => spawnSync('git', args, { cwd: dir, env: { ...process.env, GIT_EDITOR: 'true', GIT_CONFIG_GLOBAL: '/dev/null' } });

/** `side` and main each change notes.md, so that replaying one onto the other stops on a conflict. */
function divergeOnNotes(dir: string): void {
  git(dir, 'checkout', '-qb', 'side');
  writeFiles(dir, { 'notes.md': 'side\n' });
  git(dir, 'commit', '-qam', 'side');
  git(dir, 'checkout', '-q', 'main');
  writeFiles(dir, { 'notes.md': 'main\n' });
  git(dir, 'commit', '-qam', 'main');
}

const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
const staged = (dir: string) => git(dir, 'diff', '--cached', '--name-only');

describe('no commit where it would not land on the user\'s branch', () => {
  it('a rebase stopped on a conflict: the review is written, not committed, and still there after `git rebase --abort`', () => {
    const dir = repo();
    divergeOnNotes(dir);
    git(dir, 'checkout', '-q', 'side');
    const sideHead = head(dir);
    expect(gitMayFail(dir, 'rebase', 'main').status).not.toBe(0);
    const stopped = head(dir);
    const result = weekly(dir);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: a rebase is in progress: the review is written; commit it once the rebase is done');
    expect(head(dir)).toBe(stopped);
    expect(staged(dir)).not.toContain(FILE);
    git(dir, 'rebase', '--abort');
    expect(head(dir)).toBe(sideHead);
    expect(git(dir, 'status', '--porcelain', '--', FILE)).toBe(`?? ${FILE}\n`);
    expect(readFileSync(join(dir, FILE), 'utf8')).toContain('value_confidence: 3');
  });

  it('a merge in progress: not committed, and the review stays out of the merge commit', () => {
    const dir = repo();
    git(dir, 'checkout', '-qb', 'side');
    writeFiles(dir, { 'other.md': 'side\n' });
    git(dir, 'add', 'other.md');
    git(dir, 'commit', '-qm', 'side');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '--no-commit', 'side');
    const before = head(dir);
    const result = weekly(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: a merge is in progress');
    expect(head(dir)).toBe(before);
    git(dir, 'commit', '-qm', 'merge side');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD')).not.toContain(FILE);
    expect(existsSync(join(dir, FILE))).toBe(true);
  });

  // A detached HEAD is in tests/e2e/git-faults.e2e.test.ts › "on a detached HEAD: …".

  it('a repository with no commits yet gets its first commit', () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS });
    const result = weekly(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(git(dir, 'log', '--format=%s')).toBe('rhythm: weekly review 2026-W48 (emea-cs)\n');
  });
});

describe('paths are file names, not globs', () => {
  it('a workbook folder named `r*`: an unrelated unstaged edit that the glob would match stays unstaged and uncommitted', () => {
    const config = CONFIG.replace('workbook: rhythm', 'workbook: "r*"');
    const dir = repo(config, 'r*/customers.yaml');
    writeFiles(dir, { [FILE]: 'an old review, by hand\n' });
    git(dir, 'add', FILE);
    git(dir, 'commit', '-qm', 'old workbook');
    writeFiles(dir, { [FILE]: 'an old review, by hand, half edited\n' });
    const result = weekly(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('r*/emea-cs/weekly/2026-W48.md\n');
    expect(git(dir, 'status', '--porcelain', '--', FILE)).toBe(` M ${FILE}\n`);
  });
});

describe('decisions from exit codes, not from git\'s prose', () => {
  it('--force with unchanged answers and an untracked file beside it: "nothing changed", exit 0', () => {
    const dir = repo();
    expect(weekly(dir).code).toBe(0);
    const result = weekly(dir, ['--force']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not committed: nothing changed since the last commit');
  });

  it('with a German locale asked for (LANG, LC_ALL, LANGUAGE), committing and "nothing changed" still work', () => {
    const dir = repo();
    const german = { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LANGUAGE: 'de' };
    const first = weekly(dir, [], german);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('committed');
    const again = weekly(dir, ['--force'], german);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing changed since the last commit');
  });
});

describe('other git processes at work', () => {
  /** `git` on the PATH, wrapped: the holder of the lock lets go right after rhythm's first attempt fails on it. */
  function lockLettingGoAfterOneAttempt(dir: string): { path: string; log: string } {
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const bin = tempDir();
    const log = join(bin, 'attempts.log');
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\n"${realGit}" "$@"\ncode=$?\ncase "$1" in add|commit) echo "$1 $code" >> "${log}"; [ $code -ne 0 ] && rm -f "${dir}/.git/index.lock";; esac\nexit $code\n`,
    );
    chmodSync(join(bin, 'git'), 0o755);
    return { path: `${bin}:${process.env.PATH}`, log };
  }

  it('an index.lock released after a moment: rhythm waits and commits', () => {
    const dir = repo();
    writeFileSync(join(dir, '.git/index.lock'), '');
    const { path, log } = lockLettingGoAfterOneAttempt(dir);
    const result = weekly(dir, [], { PATH: path });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('add 128\nadd 0\ncommit 0\n');
    expect(git(dir, 'log', '-1', '--format=%s')).toContain('weekly review 2026-W48');
  });

  it('an index.lock never released: one line naming .git/index.lock and what to do, exit 1, the review kept', () => {
    const dir = repo();
    writeFileSync(join(dir, '.git/index.lock'), '');
    const result = weekly(dir);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.includes('index.lock'));
    expect(lines).toEqual([
      `rhythm: ${FILE} was written but not committed: another git process holds ${realpathSync(dir)}/.git/index.lock: commit the review once it is done; if no git is running, delete ${realpathSync(dir)}/.git/index.lock`,
    ]);
    expect(existsSync(join(dir, FILE))).toBe(true);
  });

  it(`two teams writing at once in one repository both commit (${TRIALS} trials; RHYTHM_TRIALS for more)`, async () => {
    const config = `${CONFIG}  - id: amer-cs\n    name: AMER Customer Success\n    members: [cy]\n`;
    const dir = repo(config);
    writeFiles(dir, { 'b.yaml': GOOD_ANSWERS.replace('@ana', '@cy') });
    const day = (trial: number) => new Date(Date.UTC(2026, 0, 6 + 7 * trial)).toISOString().slice(0, 10);
    const runs = Array.from({ length: TRIALS }, (_, trial) => [
      ['weekly', '--team', 'emea-cs', '--answers', 'a.yaml', '--date', day(trial)],
      ['weekly', '--team', 'amer-cs', '--answers', 'b.yaml', '--date', day(trial)],
    ]);
    let lost = 0;
    for (const pair of runs) {
      const results = await pool(pair, 2, (args) => rhythmAsync(dir, args));
      for (const result of results) {
        expectNoCrash(result);
        if (result.code !== 0 || !/committed [0-9a-f]+:/.test(result.stderr)) lost++;
      }
    }
    expect(lost).toBe(0);
    expect(Number(git(dir, 'rev-list', '--count', 'HEAD'))).toBe(2 * TRIALS + 1);
    expect(git(dir, 'status', '--porcelain', '--', 'rhythm')).toBe('');
  });
});

describe('a repository that belongs to another user', () => {
  /**
   * Root is refused too in recent git, so as root the repository is handed to another uid; any
   * other user cannot give a folder away, and git's own test switch stands in for it.
   */
  function ownedByAnother(dir: string): NodeJS.ProcessEnv {
    if (process.getuid?.() !== 0) return { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' };
    execFileSync('chown', ['-R', '12345:12345', dir]);
    return {};
  }

  it('weekly writes the review and says git refuses the repository, with the safe.directory fix', () => {
    const dir = repo();
    const env = ownedByAnother(dir);
    const result = weekly(dir, [], env);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    const top = realpathSync(dir);
    expect(result.stderr).toContain(`not committed: git refuses the repository at ${top} because it belongs to another user: if you trust it, run \`git config --global --add safe.directory ${top}\``);
    expect(existsSync(join(dir, FILE))).toBe(true);
  });

  it('init says so too, instead of "not a git repository"', () => {
    const dir = tempRepo();
    const env = ownedByAnother(dir);
    const result = rhythm(dir, ['init'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`git config --global --add safe.directory ${realpathSync(dir)}`);
    expect(result.stderr).not.toContain('not a git repository');
  });
});
