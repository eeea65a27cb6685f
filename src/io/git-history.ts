/**
 * The workbook as it was at a revision, for `rhythm notify`: which commit was the branch's head
 * at a moment, the day a commit was made, and the workbook's files at a commit copied into a
 * folder (so the rollup reads them as it reads any workbook). Read-only: nothing in the
 * repository changes.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dayOf, type Day } from '../domain/period.js';
import { UserError } from '../errors.js';
import { gitEnv, runGit } from './git.js';

/** The full id of a commit; a one-line error saying what to do when there is none. */
export async function commitOf(top: string, revision: string): Promise<string> {
  const found = await runGit(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  if (found.code !== 0) {
    throw new UserError(
      `--since ${revision}: no such commit in this repository: give a commit of this branch, or a day (YYYY-MM-DD); in CI, check out the whole history (actions/checkout with fetch-depth: 0)`,
    );
  }
  return found.stdout.trim();
}

/** The local day a commit was made (its committer date: when it reached the branch, for a merge). */
export async function commitDay(top: string, commit: string): Promise<Day> {
  const time = await runGit(top, ['show', '-s', '--format=%ct', commit]);
  return dayOf(new Date(Number(time.stdout.trim()) * 1000));
}

/** The commit that was the head of HEAD's branch when `day` began (local time), following first parents; none before the first. */
export async function headAtStartOf(top: string, day: Day): Promise<string | undefined> {
  const found = await runGit(top, ['rev-list', '--first-parent', '-1', `--before=${day} 00:00:00`, 'HEAD']);
  const commit = found.stdout.trim();
  return found.code === 0 && commit !== '' ? commit : undefined;
}

/**
 * Copies the files under `folder` (relative to the repository's top, '' for all) at `commit`
 * into `into`, keeping their paths. Regular files only: a link or a submodule is no review.
 */
export async function copyTreeAt(top: string, commit: string, folder: string, into: string): Promise<void> {
  const listed = await runGit(top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(folder === '' ? [] : [folder])]);
  if (listed.code !== 0) throw new UserError(`git could not list ${folder || 'the repository'} at ${commit.slice(0, 12)}: ${listed.stderr.trim().split('\n')[0] ?? ''}`);
  const blobs = listed.stdout
    .split('\0')
    .filter((entry) => entry !== '')
    .flatMap((entry) => {
      const match = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
      return match && (match[1] === '100644' || match[1] === '100755') ? [{ sha: match[2]!, path: match[3]! }] : [];
    });
  const contents = await readBlobs(top, blobs.map((blob) => blob.sha));
  for (const [index, blob] of blobs.entries()) {
    const target = join(into, blob.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents[index]!);
  }
}

/** The bytes of each blob, in order, through one `git cat-file --batch`. */
function readBlobs(top: string, shas: readonly string[]): Promise<Buffer[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: top, env: gitEnv(process.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new UserError(`git cat-file failed: ${stderr.trim().split('\n')[0] ?? code}`));
      // Each answer is `<sha> blob <size>\n<bytes>\n`.
      const all = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let at = 0;
      for (let index = 0; index < shas.length; index++) {
        const newline = all.indexOf(10, at);
        const size = Number(all.subarray(at, newline).toString('latin1').split(' ')[2]);
        blobs.push(all.subarray(newline + 1, newline + 1 + size));
        at = newline + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(`${shas.join('\n')}\n`);
  });
}
