import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The running rhythm as an npm package tarball, for a CI workflow to install without the npm
 * registry: `npm pack` of the folder holding rhythm's package.json, dist/, bin/ and templates/
 * (a clone, or where npm installed it). The sources lie two folders below it, as does the bundle
 * (scripts/bundle.mjs), like io/quick-answers.ts's package.json.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RhythmPackage {
  name: string;
  version: string;
}

/** rhythm's own package name and version. */
export function rhythmPackage(): RhythmPackage {
  const { name, version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as RhythmPackage;
  return { name, version };
}

/** The file name `npm pack` gives a package's tarball (a scope's `@` dropped, its `/` a `-`). */
export function tarballName(pack: RhythmPackage): string {
  return `${tarballStem(pack)}${pack.version}.tgz`;
}

function tarballStem(pack: RhythmPackage): string {
  return `${pack.name.replace(/^@/, '').replace('/', '-')}-`;
}

/** What `vendorRhythm` did: the tarball written and older ones of rhythm removed, or why nothing was written. */
export type Vendored = { path: string; removed: string[]; problem?: undefined } | { problem: string };

/** How long `npm pack` of a local folder may take: it reads the folder and compresses about 2 MB. */
const PACK_TIMEOUT_MS = 2 * 60_000;

/**
 * Writes the running rhythm's tarball into `folder` under npm's name for it, atomically (packed
 * into a hidden folder beside it, then renamed into place), and then removes the tarballs of
 * other versions of rhythm there. Never throws for npm missing or failing: says why instead.
 */
export async function vendorRhythm(folder: string, environment: NodeJS.ProcessEnv): Promise<Vendored> {
  const pack = rhythmPackage();
  const name = tarballName(pack);
  await mkdir(folder, { recursive: true });
  const scratch = await mkdtemp(join(folder, '.rhythm-pack-'));
  const failed = async (problem: string): Promise<Vendored> => {
    // A folder made for the tarball alone goes again (one holding anything stays).
    await rm(scratch, { recursive: true, force: true });
    await rmdir(folder).catch(() => undefined);
    return { problem };
  };
  try {
    const packed = await npmPack(scratch, environment);
    if (typeof packed !== 'string') return await failed(packed.problem);
    if (packed !== name) return await failed(`npm pack wrote ${packed}, not ${name}`);
    const path = join(folder, name);
    await rename(join(scratch, packed), path);
    const removed: string[] = [];
    for (const entry of await readdir(folder)) {
      if (entry !== name && isTarballOf(pack, entry)) {
        await rm(join(folder, entry), { force: true });
        removed.push(join(folder, entry));
      }
    }
    return { path, removed };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A tarball `npm pack` makes of some version of this package. */
function isTarballOf(pack: RhythmPackage, file: string): boolean {
  const prefix = tarballStem(pack);
  return file.startsWith(prefix) && file.endsWith('.tgz') && /^\d/.test(file.slice(prefix.length));
}

/** `npm pack` of rhythm's folder into `destination`: the file name it wrote, or why it did not. */
function npmPack(destination: string, environment: NodeJS.ProcessEnv): Promise<string | { problem: string }> {
  const args = ['pack', PACKAGE_ROOT, '--pack-destination', destination, '--ignore-scripts', '--json', '--silent'];
  return new Promise((resolvePromise) => {
    // On Windows npm is a batch file, which Node runs only through a shell.
    const windows = process.platform === 'win32';
    const options = { cwd: destination, env: environment, encoding: 'utf8' as const, timeout: PACK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, shell: windows };
    execFile(windows ? 'npm.cmd' : 'npm', windows ? args.map((arg) => JSON.stringify(arg)) : args, options, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolvePromise({ problem: 'npm is not installed (or not on PATH)' });
      if (error?.killed) return resolvePromise({ problem: `npm pack did not finish within ${PACK_TIMEOUT_MS / 60_000} minutes` });
      if (error) return resolvePromise({ problem: `npm pack failed: ${firstLine(stderr || stdout || error.message)}` });
      try {
        const [result] = JSON.parse(stdout) as { filename?: string }[];
        if (result?.filename) return resolvePromise(result.filename);
      } catch {
        // Not the JSON npm 7 and later print: said below.
      }
      resolvePromise({ problem: `npm pack said nothing rhythm understands (npm 7 or later is needed): ${firstLine(stdout)}` });
    });
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n').find((candidate) => candidate.trim() !== '' && !/^npm (warn|notice)/i.test(candidate))?.trim() ?? 'no message';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
