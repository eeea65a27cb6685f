/**
 * Writing a static site (`rhythm report --site <dir>`) into a folder, without ever deleting or
 * replacing what rhythm did not write. A folder that exists and holds files is rhythm's site when
 * its index.html carries the generated marker (report/generated.ts); any other needs --force.
 * Each page is checked as a report is (report-target.ts: absent, or written by rhythm, or
 * --force) before the first is written, and written atomically; a page of a customer, team or
 * period no longer in the site is removed only when it carries the marker.
 */
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { isGeneratedReport, MARKER_WITHIN_BYTES } from '../report/generated.js';
import { PAGE_FOLDERS, SITE_PATHS } from '../report/site/paths.js';
import { OPEN_FLAGS } from './read-file.js';
import { checkReportTarget, refuseOwnedFolder, type ownedFolders } from './report-target.js';
import { writeAtomic } from './write-file.js';

export interface SiteFile {
  /** From the site's root, POSIX-style. */
  path: string;
  html: string;
}

export interface SiteTarget {
  dir: string;
  /** How the person named the folder (`--site out`), for messages. */
  named: string;
  force: boolean;
  owned: ReturnType<typeof ownedFolders>;
  /** A path as messages show it. */
  shown: (path: string) => string;
}

/** GitHub Pages serves the folder as it is (no Jekyll) when this file is at its root. */
const NO_JEKYLL = '.nojekyll';

/**
 * Refuse (before anything is written) a folder of the workbook's reviews, templates or drafts, a
 * folder of someone else's files without --force, and a page whose file rhythm did not write.
 */
export async function checkSite(pages: readonly SiteFile[], target: SiteTarget): Promise<void> {
  const { dir, named } = target;
  await refuseOwnedFolder(dir, target.owned, named);
  let entries: string[];
  try {
    const stats = await lstat(dir);
    if (!stats.isDirectory() && !stats.isSymbolicLink()) throw new UserError(`${named} is a file, not a folder: choose a folder for the site`);
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UserError(`${named} is a file, not a folder: choose a folder for the site`);
    throw error;
  }
  const others = entries.filter((entry) => entry !== NO_JEKYLL);
  if (others.length > 0 && !target.force && !(await isGenerated(join(dir, SITE_PATHS.index)))) {
    throw new UserError(
      `${named} holds files rhythm did not write (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}): choose a new or empty folder, or pass --force to write the site into it (files of its pages' names are replaced, nothing else is touched)`,
    );
  }
  for (const page of pages) {
    const path = join(dir, page.path);
    await checkReportTarget(path, 'html', { force: target.force, shown: target.shown(path), owned: target.owned });
  }
}

/**
 * Write the pages (each atomically) and `.nojekyll` when it is missing, then remove the pages of
 * the site's folders (customers/, teams/, reports/) that this site no longer has and that rhythm
 * wrote. Returns the paths removed, from the site's root.
 */
export async function writeSite(pages: readonly SiteFile[], dir: string): Promise<{ removed: string[] }> {
  for (const page of pages) await writeAtomic(join(dir, page.path), page.html);
  const noJekyll = join(dir, NO_JEKYLL);
  if (!(await exists(noJekyll))) await writeAtomic(noJekyll, '');
  const kept = new Set(pages.map((page) => page.path));
  const removed: string[] = [];
  for (const folder of PAGE_FOLDERS) {
    let entries;
    try {
      entries = await readdir(join(dir, folder), { withFileTypes: true });
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw error;
    }
    for (const entry of entries) {
      const path = `${folder}/${entry.name}`;
      // Only regular files rhythm wrote; a link, a folder or someone's page stays.
      if (!entry.isFile() || !entry.name.endsWith('.html') || kept.has(path)) continue;
      if (!(await isGenerated(join(dir, path)))) continue;
      await unlink(join(dir, path));
      removed.push(path);
    }
  }
  return { removed };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Whether the regular file at `path` is an HTML page rhythm wrote; false for anything else, or nothing. */
async function isGenerated(path: string): Promise<boolean> {
  let handle;
  try {
    // Never waits on a FIFO (OPEN_FLAGS); what was opened is checked before it is read.
    handle = await open(path, OPEN_FLAGS);
  } catch {
    return false;
  }
  try {
    if (!(await handle.stat()).isFile()) return false;
    const buffer = Buffer.alloc(MARKER_WITHIN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return isGeneratedReport('html', buffer.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}
