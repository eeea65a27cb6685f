import { execFile } from 'node:child_process';

export interface GitResult {
  committed: boolean;
  /** Why nothing was committed, in words for the user. */
  reason?: string;
  /** The commit was attempted and failed (a hook, no identity), as opposed to skipped (no repository). */
  failed?: boolean;
  sha?: string;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Git {
  /** The repository's top folder, or undefined outside a repository or without git. */
  topLevel(cwd: string): Promise<string | undefined>;
  /** Commit exactly these files; other staged changes of the user stay staged and uncommitted. */
  commitFiles(cwd: string, paths: string[], message: string): Promise<GitResult>;
}

export const git: Git = {
  async topLevel(cwd) {
    try {
      const result = await run(cwd, ['rev-parse', '--show-toplevel']);
      return result.code === 0 ? result.stdout.trim() : undefined;
    } catch {
      return undefined;
    }
  },

  async commitFiles(cwd, paths, message) {
    let result: RunResult;
    try {
      if ((await run(cwd, ['rev-parse', '--is-inside-work-tree'])).code !== 0) {
        return { committed: false, reason: 'not inside a git repository' };
      }
      result = await run(cwd, ['add', '--', ...paths]);
      if (result.code !== 0) return { committed: false, failed: true, reason: `git add failed: ${firstLine(result.stderr)}` };
      // `commit -- <path>` (the --only mode) records just this path and leaves the rest of the index alone.
      result = await run(cwd, ['commit', '--quiet', '-m', message, '--', ...paths]);
    } catch {
      return { committed: false, reason: 'git is not installed' };
    }
    if (result.code !== 0) {
      const output = `${result.stderr}\n${result.stdout}`;
      if (/Please tell me who you are|empty ident|user\.email/i.test(output)) {
        return { committed: false, failed: true, reason: 'git does not know who you are: run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`, then commit the file' };
      }
      if (/nothing to commit|no changes added/i.test(output)) return { committed: false, reason: 'nothing changed since the last commit' };
      return { committed: false, failed: true, reason: `git commit failed (a hook?): ${firstLine(result.stderr || result.stdout)}` };
    }
    const sha = await run(cwd, ['rev-parse', '--short', 'HEAD']);
    return { committed: true, sha: sha.stdout.trim() };
  },
};

function firstLine(text: string): string {
  return text.trim().split('\n').find((line) => line.trim() !== '')?.trim() ?? 'no message';
}
