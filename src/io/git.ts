import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exists } from './files.js';
import { LockBusyError, takeLock, type Lock } from './lock.js';

export interface GitResult {
  committed: boolean;
  /** Why nothing was committed, in words for the user. */
  reason?: string;
  /** The commit was attempted and failed (a hook, no identity), as opposed to skipped (no repository). */
  failed?: boolean;
  sha?: string;
}

/** Where the repository holding a folder starts; `refused` when git will not work in it, with what to do. */
export type TopLevel = { path: string; refused?: undefined } | { path?: undefined; refused?: string };

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Variables of the user's that would make git decide otherwise than rhythm asks: the language of
 * its messages, pathspec magic switched off, and the repository itself (a GIT_DIR left in the
 * environment, or set by git for a hook rhythm runs in, would commit the review into another
 * repository: the repository is the one holding the workbook).
 */
const NOT_PASSED = new Set([
  'LANGUAGE',
  'GIT_LITERAL_PATHSPECS',
  'GIT_GLOB_PATHSPECS',
  'GIT_NOGLOB_PATHSPECS',
  'GIT_ICASE_PATHSPECS',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
]);

/**
 * The environment of every git call. Decisions are taken from exit codes, but the few messages
 * read (a lock held) and passed on must not depend on the user's language; the pathspec magic
 * that keeps paths literal (commitFiles) is not switched off by a variable of the user's; and
 * nothing may wait for a person.
 */
export function gitEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([name]) => !NOT_PASSED.has(name)));
  return {
    ...env,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // Status-like calls skip the index refresh that would hold index.lock against a concurrent commit.
    GIT_OPTIONAL_LOCKS: '0',
  };
}

function gitMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).syscall === 'spawn git';
}

/**
 * The longest a git call may take. A commit runs the user's hooks and filters, which may be slow
 * (a linter) but must end: one waiting for ever (on a terminal, a network) would hold rhythm and
 * its lock, and every other rhythm run would wait for it.
 */
export const GIT_TIMEOUT_MS = 5 * 60_000;

/** One git command in `cwd`, with rhythm's environment (gitEnv) and a time limit; its exit code, never a throw but for git missing. */
export function runGit(cwd: string, args: string[], timeout = GIT_TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    // A hook may print much (a linter's report): Node's 1 MB default would kill git half way through a commit.
    const options = { cwd, encoding: 'utf8' as const, env: gitEnv(process.env), maxBuffer: 64 * 1024 * 1024, timeout, killSignal: 'SIGTERM' as const };
    const child = execFile('git', args, options, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      if (error?.killed) return resolvePromise({ code: 1, stdout, stderr: `git ${args[0]} did not finish within ${timeout / 60_000} minutes (a hook or a filter waiting for something?)` });
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
    // A hook that reads its input gets end of file instead of waiting for ever.
    child.stdin?.end();
  });
}

/** Waits between attempts while another git process holds a lock: about 4.5 s in all. */
const LOCK_WAITS_MS = [50, 100, 200, 400, 800, 1000, 1000, 1000];
const LOCK_HELD = /Unable to create '([^']+\.lock)': File exists/;
/** A concurrent commit moved the branch between our reading it and updating it. */
const BRANCH_MOVED = /cannot lock ref '[^']+': is at [0-9a-f]+ but expected/;

/** Runs a git command that takes the index or a ref lock, again while another git process holds it. */
async function runLocking(cwd: string, args: string[]): Promise<RunResult & { heldLock?: string }> {
  for (let attempt = 0; ; attempt++) {
    const result = await runGit(cwd, args);
    if (result.code === 0) return result;
    const held = LOCK_HELD.exec(result.stderr)?.[1];
    if (!held && !BRANCH_MOVED.test(result.stderr)) return result;
    const wait = LOCK_WAITS_MS[attempt];
    if (wait === undefined) return { ...result, ...(held ? { heldLock: held } : {}) };
    await sleep(wait);
  }
}

/** The states in which a commit would land on something other than the user's branch. */
const IN_PROGRESS = [
  { path: 'rebase-merge', operation: 'rebase' },
  // `git am` stops here too; the user's word for both is a rebase.
  { path: 'rebase-apply', operation: 'rebase' },
  { path: 'MERGE_HEAD', operation: 'merge' },
  { path: 'CHERRY_PICK_HEAD', operation: 'cherry-pick' },
  { path: 'REVERT_HEAD', operation: 'revert' },
  { path: 'BISECT_LOG', operation: 'bisect' },
];

const SAFE_DIRECTORY_FIX = /git config --global --add safe\.directory (.+)$/m;

async function findTopLevel(cwd: string): Promise<TopLevel> {
  const top = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (top.code === 0) return { path: top.stdout.trim() };
  // Git refuses a repository that belongs to another user unless told to trust it; asked to
  // trust every folder just for this question, it answers, and so tells the two cases apart.
  // Older gits (before protected configuration, 2.38) ignore that trust given on the command line;
  // their message, in the C locale, names the fix.
  const trusted = await runGit(cwd, ['-c', 'safe.directory=*', 'rev-parse', '--show-toplevel']);
  const path = trusted.code === 0 ? trusted.stdout.trim() : SAFE_DIRECTORY_FIX.exec(top.stderr)?.[1]?.trim();
  if (!path) return {};
  return { refused: `git refuses the repository at ${path} because it belongs to another user: if you trust it, run \`git config --global --add safe.directory ${shellWord(path)}\`` };
}

/** A path as one word of a shell command, to be pasted as it is. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Why a commit now would not land on the user's branch, if it would not. */
async function notOnABranch(cwd: string): Promise<string | undefined> {
  const paths = await runGit(cwd, ['rev-parse', ...IN_PROGRESS.flatMap((state) => ['--git-path', state.path])]);
  const located = paths.stdout.split('\n');
  for (const [index, state] of IN_PROGRESS.entries()) {
    const path = located[index];
    if (path && (await exists(resolve(cwd, path)))) {
      return `a ${state.operation} is in progress: the review is written; commit it once the ${state.operation} is done`;
    }
  }
  if ((await runGit(cwd, ['symbolic-ref', '-q', 'HEAD'])).code !== 0) {
    return 'HEAD is detached (no branch is checked out): the review is written; switch to your branch (`git switch <branch>`) and commit it there';
  }
  return undefined;
}

export interface Git {
  /** The repository's top folder; no path outside a repository or without git; `refused` when git will not work in it. */
  topLevel(cwd: string): Promise<TopLevel>;
  /** Commit exactly these files; other staged changes of the user stay staged and uncommitted. */
  commitFiles(cwd: string, paths: string[], message: string): Promise<GitResult>;
}

/** Git for a run whose clock reads `now` (the context's: the commit turn records when it was taken). */
export function gitAt(now: Date): Git {
  return {
    async topLevel(cwd) {
      try {
        return await findTopLevel(cwd);
      } catch (error) {
        if (gitMissing(error)) return {};
        throw error;
      }
    },

    async commitFiles(cwd, paths, message) {
      try {
        // Each path is literal by its own magic (a workbook folder may be called `r*`), not by
        // GIT_LITERAL_PATHSPECS: the user's hooks inherit the environment and may use globs. Paths
        // are real ones: git refuses a path that goes through a symbolic link (a linked ritual folder).
        const base = await realpath(cwd);
        const files = await Promise.all(paths.map(async (path) => `:(literal)${relative(base, await realpath(path).catch(() => resolve(cwd, path)))}`));
        const top = await findTopLevel(cwd);
        if (top.path === undefined) return { committed: false, reason: top.refused ?? 'not inside a git repository' };
        const elsewhere = await notOnABranch(cwd);
        if (elsewhere) return { committed: false, reason: elsewhere };
        for (const ident of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
          if ((await runGit(cwd, ['var', ident])).code !== 0) {
            return { committed: false, failed: true, reason: 'git does not know who you are: run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`, then commit the file' };
          }
        }
        const status = await runGit(cwd, ['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all', '--', ...files]);
        if (status.stdout.split('\0').some((entry) => entry.startsWith('!! '))) {
          return { committed: false, reason: 'the review is ignored by git (a .gitignore matches it): remove that line, or set `git: { commit: false }` in rhythm.yaml' };
        }
        const turn = await takeTurn(now, resolve(cwd, (await runGit(cwd, ['rev-parse', '--git-path', 'rhythm-commit.lock'])).stdout.trim()));
        if (typeof turn === 'string') return { committed: false, failed: true, reason: turn };
        try {
          return await addAndCommit(cwd, files, message);
        } finally {
          await turn?.release();
        }
      } catch (error) {
        if (gitMissing(error)) return { committed: false, reason: 'git is not installed' };
        throw error;
      }
    },
  };
}

async function addAndCommit(cwd: string, files: string[], message: string): Promise<GitResult> {
  let result = await runLocking(cwd, ['add', '--', ...files]);
  if (result.code !== 0) return commitFailed(result, 'git add failed');
  const unchanged = await runGit(cwd, ['diff', '--cached', '--quiet', '--no-ext-diff', '--', ...files]);
  if (unchanged.code === 0) return { committed: false, reason: 'nothing changed since the last commit' };
  // `commit -- <path>` (the --only mode) records just these paths and leaves the rest of the index alone.
  result = await runLocking(cwd, ['commit', '--quiet', '-m', message, '--', ...files]);
  if (result.code !== 0) return commitFailed(result, 'git commit failed (a hook?)');
  const sha = await runGit(cwd, ['rev-parse', '--short', 'HEAD']);
  return { committed: true, sha: sha.stdout.trim() };
}

/**
 * Rhythm runs committing in one repository take turns. Git's `commit --only` reads the index
 * before it locks it, so a concurrent run's `git add` in between is lost when it writes the index
 * back: that run then finds its review "unchanged" and leaves it uncommitted. The turn is a lock
 * (lock.ts) in the git folder; the reason not to commit when another run keeps it too long; none
 * when rhythm may not write in the git folder (git says what is wrong when it commits).
 */
async function takeTurn(now: Date, path: string): Promise<Lock | string | undefined> {
  try {
    return await takeLock(path, { display: path, busy: 'another rhythm run is committing in this repository' }, { now });
  } catch (error) {
    if (error instanceof LockBusyError) return error.message;
    return undefined;
  }
}

function commitFailed(result: RunResult & { heldLock?: string }, what: string): GitResult {
  if (result.heldLock) {
    return {
      committed: false,
      failed: true,
      reason: `another git process holds ${result.heldLock}: commit the review once it is done; if no git is running, delete ${result.heldLock}`,
    };
  }
  return { committed: false, failed: true, reason: `${what}: ${firstLine(result.stderr || result.stdout)}` };
}

/** The first line of git's (or a hook's) output, at most a line's worth: the rest is in git's own output. */
function firstLine(text: string): string {
  const line = text.trim().split('\n').find((candidate) => candidate.trim() !== '')?.trim() ?? 'no message';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
