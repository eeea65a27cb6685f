import { lstat, open } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { isGeneratedReport, MARKER_WITHIN_BYTES, type ReportFormat } from '../report/generated.js';
import { OPEN_FLAGS } from './read-file.js';
import { isWithin, realPathOf } from './write-file.js';
import { displayPath, draftsDir, findRoot, inspectWorkbook, type Workbook } from './workbook.js';

/**
 * Where a report may be written. Reports are regenerated at will, so a report must never land
 * where people keep what they wrote: not in a team or ritual folder (a review of the same name
 * would be replaced), not in templates or drafts, and never over a file `rhythm report` did not
 * write. Paths are compared by their real paths, so a symbolic link leads nowhere else.
 */

/** A folder of the workbook that holds what people write, and what to call it in a message. */
interface OwnedFolder {
  real: string;
  what: string;
}

/**
 * Where each format of a report or a brief goes: `--out` ending in the extension of one of the
 * `known` formats is a file (the other formats asked for beside it, under the same name), as `-o`
 * names a file for most tools; any other `--out` is a folder, the files in it named `base`; without
 * `--out`, `folder`.
 */
export function outputTargets<F extends string>(cwd: string, out: string | undefined, formats: readonly F[], known: readonly F[], base: string, folder: string): { format: F; path: string }[] {
  if (out === undefined) return formats.map((format) => ({ format, path: join(folder, `${base}.${format}`) }));
  const path = resolve(cwd, out);
  const extension = extname(path).slice(1).toLowerCase();
  if (!known.includes(extension as F)) return formats.map((format) => ({ format, path: join(path, `${base}.${format}`) }));
  const stem = join(dirname(path), basename(path, extname(path)));
  return formats.map((format) => ({ format, path: format === extension ? path : `${stem}.${format}` }));
}

/**
 * The folders of these workbooks a report never goes into, by real path: the workbook reported
 * on (or the one --merge runs in), and the one holding the output folder, which may be another.
 */
export function ownedFolders(workbooks: readonly (Workbook | undefined)[]): OwnedFolder[] {
  const byRoot = new Map<string, Workbook>();
  for (const workbook of workbooks) if (workbook && !byRoot.has(workbook.root)) byRoot.set(workbook.root, workbook);
  return [...byRoot.values()].flatMap(foldersOf);
}

/** The workbook whose rhythm.yaml is in the folder of `path` (by real path) or above it, if any. */
export async function workbookHolding(path: string): Promise<Workbook | undefined> {
  const real = realPathOf(path);
  return (await findRoot(real)) ? (await inspectWorkbook(real)).workbook : undefined;
}

function foldersOf(workbook: Workbook): OwnedFolder[] {
  const folders = [
    ...workbook.config.teams.map((team) => ({ path: join(workbook.dir, team.id), what: `the folder of team ${team.id}` })),
    ...Object.keys(workbook.config.rituals).map((ritual) => ({ path: join(workbook.dir, ritual), what: `the folder of ritual ${ritual}` })),
    { path: join(workbook.root, 'templates'), what: 'the templates folder' },
    { path: dirname(draftsDir(workbook)), what: "rhythm's drafts folder" },
  ];
  return folders.map((folder) => ({ real: realPathOf(folder.path), what: `${folder.what} (${displayPath(workbook, folder.path) || '.'})` }));
}

/** Refuse (exit 2) an output folder that is, or is inside, one of `owned`; `named` is how the person gave it. */
export async function refuseOwnedFolder(outDir: string, owned: readonly OwnedFolder[], named: string): Promise<void> {
  const folder = ownerOf(realPathOf(outDir), owned);
  if (folder) throw new UsageError(`${named} is inside ${folder.what}: reports never go where reviews are written; choose another --out`);
}

/**
 * Refuse to replace `path` unless `rhythm report` wrote it (its marker, generated.ts) or `force`
 * says so. Whatever `force` says, a folder, a FIFO or a device is not replaced, and a symbolic
 * link into an owned folder is not written through (exit 2).
 */
export async function checkReportTarget(path: string, format: ReportFormat, options: { force: boolean; shown: string; owned: readonly OwnedFolder[] }): Promise<void> {
  const { shown } = options;
  let link;
  try {
    link = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (link.isSymbolicLink()) {
    const folder = ownerOf(realPathOf(path), options.owned);
    if (folder) throw new UsageError(`${shown} is a symbolic link into ${folder.what}: a report never replaces a review; remove the link or choose another --out`);
  }
  const head = await readHead(path, shown);
  if (head === undefined || options.force || isGeneratedReport(format, head)) return;
  throw new UserError(`${shown} exists and was not written by rhythm: pass --force to replace it, or choose another --out`);
}

/** The first bytes of the file at `path`, or undefined when there is none (a dangling link). */
async function readHead(path: string, shown: string): Promise<string | undefined> {
  let handle;
  try {
    // Never waits on a FIFO (OPEN_FLAGS); what was opened is checked before it is read.
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new UserError(`${shown} is a folder: remove it or choose another --out`);
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new UserError(`${shown} is a folder: remove it or choose another --out`);
    if (!stats.isFile()) throw new UserError(`${shown} is not a regular file (a FIFO, a socket or a device): remove it or choose another --out`);
    const buffer = Buffer.alloc(MARKER_WITHIN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

function ownerOf(real: string, owned: readonly OwnedFolder[]): OwnedFolder | undefined {
  return owned.find((folder) => isWithin(real, folder.real));
}
