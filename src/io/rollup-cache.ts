import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../errors.js';
import { decodeText, ReadBuffer } from './read-file.js';
import type { ReviewLocation } from './workbook.js';

/**
 * A second rollup of the same files reads none of them: each team's section (as the rollup keeps
 * it) is cached outside the repository, in the user's cache folder, with what it was computed
 * from: the names of the team's files and, for each file it read, its size, modification and
 * change times, inode and a hash of its bytes. A team is used from the cache only when its files
 * are listed alike and each file's stat is the same, or, when a stat changed (touched, checked
 * out again, copied back), its bytes hash the same. As in git's index, a file changed within
 * RACY_MS of the cache being written is always hashed again: a change within the file system's
 * time granularity cannot hide behind the same stat. Everything else that makes a section (the
 * config, the registry, the period, the day, the build of rhythm) is in the cache's key, so another
 * question, or another version, never meets this answer. Deleting the folder is always safe; a
 * cache that cannot be read or written is no cache, never an error.
 */

/** The cache folder: $XDG_CACHE_HOME/rhythm, else the platform's (~/.cache, ~/Library/Caches, %LOCALAPPDATA%). */
export function cacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.RHYTHM_CACHE === '0' || env.RHYTHM_CACHE === 'off') return undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'rhythm');
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'rhythm', 'cache') : undefined;
  if (!home) return undefined;
  return platform === 'darwin' ? join(home, 'Library', 'Caches', 'rhythm') : join(home, '.cache', 'rhythm');
}

/** A file a section was computed from, as it was when read. */
export interface FileRecord {
  display: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
  /** Changed too shortly before the cache was written for its stat to vouch for its bytes. */
  racy?: boolean;
}

export function fileRecord(display: string, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>, bytes: Uint8Array): FileRecord {
  return { display, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, hash: hashOf(bytes) };
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** A team's section as cached: what it depends on, the problems its files had, and what the rollup keeps of it. */
export interface CachedTeam {
  team: string | undefined;
  /** Every file of the team the listing found, sorted: their names say when its rituals started. */
  names: string[];
  /** The files read to compute the section. */
  files: FileRecord[];
  problems: Problem[];
  unread: string[];
  /** An object: each field is kept apart, as bytes (a Uint8Array) or as JSON read when the field is first read. */
  kept: object;
}

interface StoredTeam extends Omit<CachedTeam, 'kept' | 'files'> {
  /** Each file read, by its index in `names` (a file read is a file listed): a record in few bytes, 50,000 of them read in milliseconds. */
  files: StoredFile[];
  /** Where each field of the kept object lies among the blobs, and whether it is bytes or JSON. */
  kept: Record<string, [offset: number, length: number, bytes: boolean]>;
}

type StoredFile = [name: number, size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string, racy?: 1];

interface Header {
  key: string;
  teams: StoredTeam[];
  /** The summary of the whole rollup, as of these very teams: [offset, length] of its JSON. */
  organisation?: [number, number];
}

const MAGIC = 'rhythm-rollup-cache 3\n';
/** Changed this shortly before the cache was written (or after): hashed again next time, whatever its stat says. */
const RACY_MS = 2000;
/**
 * The running build, which every cache key includes: a hash of rhythm's code (the built files, or
 * the sources when run from them), read when a cache is first opened (a few milliseconds). Another
 * build, rebuilt, upgraded or changed, has other caches: a section computed by one build of rhythm
 * is never read by another.
 */
let build: string | undefined;
function buildIdentity(): string {
  if (build === undefined) {
    const code = dirname(dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256').update(readFileSync(new URL('../../package.json', import.meta.url)));
    for (const name of readdirSync(code, { recursive: true }).map(String).sort()) {
      if (/\.(?:[cm]?js|ts|json)$/.test(name)) hash.update(name).update('\0').update(readFileSync(join(code, name)));
    }
    build = hash.digest('hex');
  }
  return build;
}

export interface RollupCache {
  /**
   * The cached section of a team, when nothing it was computed from has changed; `verified` when
   * some file's bytes had to be hashed again to know it (the cache is then worth writing again).
   */
  lookup(team: string | undefined, listed: readonly ReviewLocation[]): (CachedTeam & { verified: boolean }) | undefined;
  /** The summary saved with the cache, valid when every team of this rollup came from it and no other team is in it. */
  organisation(teams: number): unknown;
  /** Write the cache of this rollup: every team's entry (whether looked up or computed), and the summary of them all. */
  save(teams: readonly CachedTeam[], organisation: unknown): void;
}

/**
 * The cache of one rollup question (`question`: everything but the files that makes the answer)
 * in `folder`, or a cache that holds nothing when `folder` is undefined.
 */
export function openRollupCache(folder: string | undefined, question: unknown): RollupCache {
  if (folder === undefined) return { lookup: () => undefined, organisation: () => undefined, save: () => undefined };
  const key = createHash('sha256').update(buildIdentity()).update('\0').update(JSON.stringify(question)).digest('hex');
  const path = join(folder, `rollup-${key.slice(0, 40)}.cache`);
  const stored = readStore(path, key);
  const byTeam = new Map(stored?.header.teams.map((team) => [team.team ?? '', team]));
  const reader = new ReadBuffer();
  let hits = 0;
  return {
    lookup: (team, listed) => {
      const entry = byTeam.get(team ?? '');
      if (!stored || !entry) return undefined;
      const names = listed.map((location) => location.display).sort();
      if (names.length !== entry.names.length || names.some((name, index) => name !== entry.names[index])) return undefined;
      const paths = new Map(listed.map((location) => [location.display, location.path]));
      const files: FileRecord[] = [];
      let verified = false;
      for (const [name, size, mtimeMs, ctimeMs, ino, hash, racy] of entry.files) {
        const file: FileRecord = { display: names[name] ?? '', size, mtimeMs, ctimeMs, ino, hash, ...(racy ? { racy: true } : {}) };
        const path = paths.get(file.display);
        const current = path === undefined ? undefined : unchanged(file, path, reader);
        if (!current) return undefined;
        verified ||= current !== file;
        files.push(current);
      }
      hits++;
      return { team: entry.team, names, problems: entry.problems, unread: entry.unread, files, kept: keptFrom(entry.kept, stored.blob), verified };
    },
    organisation: (teams) => {
      const at = stored?.header.organisation;
      if (!stored || !at || hits !== teams || teams !== stored.header.teams.length) return undefined;
      return JSON.parse(stored.blob(at[0], at[1]).toString('utf8')) as unknown;
    },
    save: (teams, organisation) => {
      try {
        mkdirSync(folder, { recursive: true });
        writeStore(path, key, teams, organisation);
      } catch {
        // No cache this time: a read-only or full disk must not fail a report.
      }
    },
  };
}

/** The file's record as it is now, when its bytes are the ones recorded; undefined when they may not be. */
function unchanged(file: FileRecord, path: string, reader: ReadBuffer): FileRecord | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined;
  }
  if (!file.racy && stats.size === file.size && stats.mtimeMs === file.mtimeMs && stats.ctimeMs === file.ctimeMs && stats.ino === file.ino) return file;
  try {
    const end = reader.readFile(path);
    const now = fileRecord(file.display, reader.stats!, reader.bytes.subarray(0, end));
    return now.hash === file.hash ? now : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cache's header, and its blobs read when asked for: a report reads the JSON of every team,
 * but the records the summary is computed from only when some team changed.
 */
function readStore(path: string, key: string): { header: Header; blob: (offset: number, length: number) => Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, start, 0, start.length, 0) !== start.length || start.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a cache');
    const headerBytes = readExactly(fd, MAGIC.length + 4, start.readUInt32LE(MAGIC.length));
    const header = JSON.parse(decodeText(headerBytes, 0, headerBytes.length) ?? 'null') as Header | null;
    if (header?.key !== key || !Array.isArray(header.teams)) throw new Error('another question');
    const blobs = start.length + headerBytes.length;
    // Open for the blobs until the process ends, fields of kept sections being read when first used; a
    // cache written meanwhile takes the file's name, and this one goes on reading what it opened.
    return { header, blob: (offset, length) => readExactly(fd, blobs + offset, length) };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function readExactly(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let read = 0; read < length; ) {
    const got = readSync(fd, bytes, read, length - read, position + read);
    if (got === 0) throw new Error('the cache ends early');
    read += got;
  }
  return bytes;
}

/** The kept object: bytes fields as views into the cache file, JSON fields parsed when first read (a summary often needs none). */
function keptFrom(fields: StoredTeam['kept'], blob: (offset: number, length: number) => Buffer): object {
  const kept: Record<string, unknown> = {};
  for (const [name, [offset, length, bytes]] of Object.entries(fields)) {
    if (bytes) kept[name] = blob(offset, length);
    else {
      Object.defineProperty(kept, name, {
        enumerable: true,
        configurable: true,
        get: () => {
          const value: unknown = JSON.parse(blob(offset, length).toString('utf8'));
          Object.defineProperty(kept, name, { value, enumerable: true, configurable: true, writable: true });
          return value;
        },
      });
    }
  }
  return kept;
}

/** Written beside, then renamed into place: a reader sees the old cache or the new one, never half of one. */
function writeStore(path: string, key: string, teams: readonly CachedTeam[], organisation: unknown): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx');
  try {
    // The file system's clock, as it stamps the files: a file changed since (now - RACY_MS) is racy.
    const racyFrom = fstatSync(fd).mtimeMs - RACY_MS;
    const blobs: Uint8Array[] = [];
    let offset = 0;
    const blob = (bytes: Uint8Array): [number, number] => {
      blobs.push(bytes);
      offset += bytes.length;
      return [offset - bytes.length, bytes.length];
    };
    const stored: StoredTeam[] = teams.map((team) => {
      const index = new Map(team.names.map((name, at) => [name, at]));
      return {
      team: team.team,
      names: team.names,
      problems: team.problems,
      unread: team.unread,
      files: team.files.map((file): StoredFile => {
        const stored: StoredFile = [index.get(file.display) ?? -1, file.size, file.mtimeMs, file.ctimeMs, file.ino, file.hash];
        if (file.mtimeMs >= racyFrom || file.ctimeMs >= racyFrom) stored.push(1);
        return stored;
      }),
      kept: Object.fromEntries(
        Object.entries(team.kept).filter(([, value]) => value !== undefined).map(([name, value]) => (value instanceof Uint8Array ? [name, [...blob(value), true]] : [name, [...blob(Buffer.from(JSON.stringify(value) ?? 'null', 'utf8')), false]])),
      ),
    };
    });
    const header: Header = { key, teams: stored, ...(organisation !== undefined ? { organisation: blob(Buffer.from(JSON.stringify(organisation), 'utf8')) } : {}) };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerBytes.length);
    for (const part of [Buffer.from(MAGIC, 'latin1'), length, headerBytes, ...blobs]) writeAll(fd, part);
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}
