import { createHash, hash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../domain/collections.js';
import type { Problem } from '../errors.js';
import { decodeText, ReadBuffer } from './read-file.js';
import type { ReviewLocation } from './workbook.js';
import { removeLeftovers, temporaryPath } from './write-file.js';

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

/** A file that could not be read: no stat or bytes will ever match it, so its team is computed again every time. */
export function unreadableRecord(display: string): FileRecord {
  return { display, size: -1, mtimeMs: -1, ctimeMs: -1, ino: -1, hash: '' };
}

function hashOf(bytes: Uint8Array): string {
  // The one-shot hash: a third faster than createHash's object for files of a few KB.
  return hash('sha1', bytes, 'base64');
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

interface StoredTeam extends Omit<CachedTeam, 'names' | 'kept' | 'files'> {
  /**
   * The names joined by NUL, which no file name holds: one string a team, compared with the files
   * listed without a string for each of 50,000 names.
   */
  names: string;
  /**
   * Each file read, by its index in `names` (a file read is a file listed), as
   * `name,size,mtimeMs,ctimeMs,ino,hash[,1 when racy]` records joined by `;`: one string a team,
   * which JSON reads in a fraction of the time of 50,000 arrays, and a team's parsed only when looked up.
   */
  files: string;
  /** Where each field of the kept object lies among the blobs, and whether it is bytes or JSON. */
  kept: Record<string, [offset: number, length: number, bytes: boolean]>;
}

type StoredFile = [name: number, size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string, racy?: 1];

/** A team as it is being written: its names and files as they are, joined into StoredTeam's strings when the cache is finished. */
interface WrittenTeam extends Omit<StoredTeam, 'names' | 'files'> {
  names: string[];
  files: StoredFile[];
}

/** A team's files as stored; undefined for a record that is not one (a cache written by hand, or broken). */
function storedFiles(text: string): StoredFile[] | undefined {
  if (text === '') return [];
  const files: StoredFile[] = [];
  // Field by field, with no array of a record's fields: a warm rollup reads 50,000 records.
  let at = 0;
  const number = () => {
    const end = text.indexOf(',', at);
    if (end === -1) return NaN;
    const value = end === at ? NaN : Number(text.slice(at, end));
    at = end + 1;
    return value;
  };
  while (true) {
    const name = number();
    const size = number();
    const mtimeMs = number();
    const ctimeMs = number();
    const ino = number();
    if (!(Number.isFinite(name) && Number.isFinite(size) && Number.isFinite(mtimeMs) && Number.isFinite(ctimeMs) && Number.isFinite(ino))) return undefined;
    let end = text.indexOf(';', at);
    if (end === -1) end = text.length;
    const comma = text.indexOf(',', at);
    const racy = comma !== -1 && comma < end;
    if (racy && text.slice(comma + 1, end) !== '1') return undefined;
    const file: StoredFile = [name, size, mtimeMs, ctimeMs, ino, text.slice(at, racy ? comma : end)];
    if (racy) file.push(1);
    files.push(file);
    if (end === text.length) return files;
    at = end + 1;
  }
}

interface Header {
  key: string;
  teams: StoredTeam[];
  /** The summary of the whole rollup, as of these very teams: [offset, length] of its JSON. */
  organisation?: [number, number];
}

const MAGIC = 'rhythm-rollup-cache 6\n';
/** Changed this shortly before the cache was written (or after): hashed again next time, whatever its stat says. */
const RACY_MS = 2000;
/**
 * The running build, which every cache key includes: the names, sizes and modification times of
 * rhythm's code (the built files, or the sources when run from them), read when a cache is first
 * opened (about a millisecond). Another build, rebuilt, upgraded or changed, writes other files and
 * has other caches: a section computed by one build of rhythm is never read by another.
 */
let build: string | undefined;
const keys = new WeakMap<object, string>();
/**
 * The key of a rollup question (this build of rhythm's too) and the file its cache is kept in; the
 * key hashed once a question (a rollup asks whether its cache was kept, then opens it).
 */
function cacheOf(folder: string, question: object): { key: string; path: string } {
  let key = keys.get(question);
  if (key === undefined) {
    key = createHash('sha256').update(buildIdentity()).update('\0').update(JSON.stringify(question)).digest('hex');
    keys.set(question, key);
  }
  return { key, path: join(folder, `rollup-${key.slice(0, 40)}.cache`) };
}

/**
 * Whether a cache of this rollup question was kept (whatever it holds, and however much of it
 * still holds): a rollup then starts no worker while it lists the files, as it will likely read few.
 */
export function rollupCacheKept(folder: string | undefined, question: object): boolean {
  if (folder === undefined) return false;
  try {
    return statSync(cacheOf(folder, question).path).isFile();
  } catch {
    return false;
  }
}

function buildIdentity(): string {
  if (build === undefined) {
    const code = dirname(dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256').update(readFileSync(new URL('../../package.json', import.meta.url)));
    for (const name of readdirSync(code, { recursive: true }).map(String).sort()) {
      if (!/\.(?:[cm]?js|ts|json)$/.test(name)) continue;
      const { size, mtimeMs } = statSync(join(code, name));
      hash.update(`${name}\0${size}\0${mtimeMs}\0`);
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
  lookup(team: string | undefined, listed: readonly ReviewLocation[]): (Omit<CachedTeam, 'names'> & { verified: boolean }) | undefined;
  /**
   * A section just computed, written into the cache being made rather than kept in memory: the
   * same object, its fields read back from the file when first used. (A year of 1,000 teams keeps
   * 140 MB of sections; a report reads each once, to write it.)
   */
  spill<T extends object>(kept: T): T;
  /** The summary saved with the cache, valid when every team of this rollup came from it and no other team is in it. */
  organisation(teams: number): unknown;
  /** Write the cache of this rollup: every team's entry (whether looked up or computed), and the summary of them all. */
  save(teams: readonly CachedTeam[], organisation: unknown): void;
}

/**
 * The cache of one rollup question (`question`: everything but the files that makes the answer)
 * in `folder`, or a cache that holds nothing when `folder` is undefined.
 */
export function openRollupCache(folder: string | undefined, question: object): RollupCache {
  if (folder === undefined) return { lookup: () => undefined, spill: (kept) => kept, organisation: () => undefined, save: () => undefined };
  const { key, path } = cacheOf(folder, question);
  const stored = readStore(path, key);
  const byTeam = new Map(stored?.header.teams.map((team) => [team.team ?? '', team]));
  const reader = new ReadBuffer();
  /** Where each kept object's fields lie: in the cache read, or in the one being written. */
  const places = new WeakMap<object, { fields: StoredTeam['kept']; file: BlobFile }>();
  let writing: Writer | undefined | null;
  const writer = (): Writer | undefined => {
    if (writing === undefined) {
      try {
        mkdirSync(folder, { recursive: true });
        writing = openWriter(path);
      } catch {
        // No cache this time: a read-only or full disk must not fail a report.
        writing = null;
      }
    }
    return writing ?? undefined;
  };
  let hits = 0;
  return {
    lookup: (team, listed) => {
      const entry = byTeam.get(team ?? '');
      if (!stored || !entry) return undefined;
      // In the order of the names recorded (sorted), to find each file by its index.
      const sorted = isSorted(listed) ? listed : [...listed].sort((a, b) => compareText(a.display, b.display));
      if (!namesAre(sorted, entry.names)) return undefined;
      // A file that could not be read (a link to nothing, a folder, a FIFO) has no record to vouch
      // for it: were it readable now under the same name, its review would be missed.
      const records = storedFiles(entry.files);
      if (!records) return undefined;
      if (entry.unread.length > 0) {
        // The names recorded are those listed, in order (namesAre): a record's name is its listed file's.
        const recorded = new Set(records.map(([name]) => sorted[name]?.display));
        if (entry.unread.some((name) => !recorded.has(name))) return undefined;
      }
      const files: FileRecord[] = [];
      let verified = false;
      for (const [name, size, mtimeMs, ctimeMs, ino, hash, racy] of records) {
        const location = sorted[name];
        if (!location) return undefined;
        const file: FileRecord = { display: location.display, size, mtimeMs, ctimeMs, ino, hash };
        if (racy) file.racy = true;
        const current = unchanged(file, location.path, reader);
        if (!current) return undefined;
        verified ||= current !== file;
        files.push(current);
      }
      hits++;
      const kept = keptFrom(entry.kept, stored.file);
      places.set(kept, { fields: entry.kept, file: stored.file });
      return { team: entry.team, problems: entry.problems, unread: entry.unread, files, kept, verified };
    },
    spill: (kept) => {
      const into = writer();
      if (!into) return kept;
      try {
        const fields = into.add(kept);
        const lazy = keptFrom(fields, into.file) as typeof kept;
        places.set(lazy, { fields, file: into.file });
        return lazy;
      } catch {
        into.discard();
        writing = null;
        return kept;
      }
    },
    organisation: (teams) => {
      const at = stored?.header.organisation;
      if (!stored || !at || hits !== teams || teams !== stored.header.teams.length) return undefined;
      return JSON.parse(stored.file.read(at[0], at[1]).toString('utf8')) as unknown;
    },
    save: (teams, organisation) => {
      const into = writer();
      if (!into) return;
      try {
        const stored = teams.map((team): WrittenTeam => {
          const place = places.get(team.kept);
          // Fields of this cache being written stay where they are; those of the cache read are copied over.
          const fields = place?.file === into.file ? place.fields : place ? into.copy(place.fields, place.file) : into.add(team.kept);
          const index = new Map(team.names.map((name, at) => [name, at]));
          return {
            team: team.team,
            names: team.names,
            problems: team.problems,
            unread: team.unread,
            files: team.files.map((file): StoredFile => [index.get(file.display) ?? -1, file.size, file.mtimeMs, file.ctimeMs, file.ino, file.hash]),
            kept: fields,
          };
        });
        into.finish(key, stored, organisation);
      } catch {
        into.discard();
      }
      writing = null;
    },
  };
}

/** Whether `joined` is the display names of `files`, in order, joined by NUL. */
function namesAre(files: readonly ReviewLocation[], joined: string): boolean {
  let at = 0;
  for (let index = 0; index < files.length; index++) {
    if (index > 0 && joined.charCodeAt(at++) !== 0) return false;
    const { display } = files[index]!;
    if (!joined.startsWith(display, at)) return false;
    at += display.length;
  }
  return at === joined.length;
}

function isSorted(listed: readonly ReviewLocation[]): boolean {
  for (let index = 1; index < listed.length; index++) if (compareText(listed[index - 1]!.display, listed[index]!.display) > 0) return false;
  return true;
}

/** The file's record as it is now, when its bytes are the ones recorded; undefined when they may not be. */
function unchanged(file: FileRecord, path: string, reader: ReadBuffer): FileRecord | undefined {
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stats) return undefined;
  if (!file.racy && stats.size === file.size && stats.mtimeMs === file.mtimeMs && stats.ctimeMs === file.ctimeMs && stats.ino === file.ino) return file;
  try {
    const end = reader.readFile(path);
    const now = fileRecord(file.display, reader.stats!, reader.bytes.subarray(0, end));
    return now.hash === file.hash ? now : undefined;
  } catch {
    return undefined;
  }
}

/** A cache file open to read blobs from, by [offset, length] from the start of its blobs. */
interface BlobFile {
  read(offset: number, length: number): Buffer;
}

/**
 * A cache file: MAGIC, the blobs, the header (JSON), and the header's length in the last 4 bytes,
 * so that blobs are written as sections are computed and the header once all are. The header is
 * read first, the blobs when asked for: a report reads the JSON of every team, but the records the
 * summary is computed from only when some team changed.
 */
function readStore(path: string, key: string): { header: Header; file: BlobFile } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < MAGIC.length + 4 || readExactly(fd, 0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error('not a cache');
    const headerLength = readExactly(fd, size - 4, 4).readUInt32LE(0);
    const headerAt = size - 4 - headerLength;
    if (headerAt < MAGIC.length) throw new Error('not a cache');
    const headerBytes = readExactly(fd, headerAt, headerLength);
    const header = JSON.parse(decodeText(headerBytes, 0, headerBytes.length) ?? 'null') as Header | null;
    if (header?.key !== key || !Array.isArray(header.teams)) throw new Error('another question');
    // A header of another shape, or whose blobs lie outside the file, is no cache: checked now, as
    // blobs are read when first used, when a miss can no longer be taken instead.
    if (!wellFormed(header, headerAt - MAGIC.length)) throw new Error('not a cache');
    // Open for the blobs until the process ends, fields of kept sections being read when first used; a
    // cache written meanwhile takes the file's name, and this one goes on reading what it opened.
    return { header, file: { read: (offset, length) => readExactly(fd, MAGIC.length + offset, length) } };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/** Every team entry of the shape lookup reads, and every blob within the file's `room` bytes of blobs. */
function wellFormed(header: Header, room: number): boolean {
  const within = (at: unknown) => Array.isArray(at) && Number.isSafeInteger(at[0]) && Number.isSafeInteger(at[1]) && at[0] >= 0 && at[1] >= 0 && at[0] + at[1] <= room;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  const team = (stored: unknown) => {
    const { names, unread, problems, files, kept } = (stored ?? {}) as Partial<StoredTeam>;
    return typeof names === 'string' && strings(unread) && Array.isArray(problems) && typeof files === 'string' && typeof kept === 'object' && kept !== null && Object.values(kept).every(within);
  };
  return header.teams.every(team) && (header.organisation === undefined || within(header.organisation));
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

/** The kept object, its fields read from the file when used: bytes as they are, each time; JSON parsed, once. */
function keptFrom(fields: StoredTeam['kept'], file: BlobFile): object {
  const kept: Record<string, unknown> = {};
  for (const [name, [offset, length, bytes]] of Object.entries(fields)) {
    Object.defineProperty(kept, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const raw = file.read(offset, length);
        // Bytes are read again if asked for again: kept, a year's sections (a report writes each
        // once) would stay in memory to the end, 110 MB at 50,000 files.
        if (bytes) return raw;
        const value: unknown = JSON.parse(raw.toString('utf8'));
        Object.defineProperty(kept, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
  return kept;
}

/** A cache being written: beside its final name until finished, then renamed into place, so a reader sees a whole cache or none. */
interface Writer {
  file: BlobFile;
  /** Write each field of `kept` as a blob (bytes as they are, anything else as JSON). */
  add(kept: object): StoredTeam['kept'];
  /** Copy fields of another cache file into this one. */
  copy(fields: StoredTeam['kept'], from: BlobFile): StoredTeam['kept'];
  finish(key: string, teams: WrittenTeam[], organisation: unknown): void;
  discard(): void;
}

function openWriter(path: string): Writer {
  // Caches half written by runs that died (Ctrl-C) go, and this one is named as write-file.ts names its own.
  removeLeftovers(path);
  const temporary = temporaryPath(path);
  const fd = openSync(temporary, 'wx+');
  // Should the process end before the cache is finished, the half-written file goes with it.
  const cleanUp = () => rmSync(temporary, { force: true });
  process.once('exit', cleanUp);
  let offset = 0;
  const blob = (bytes: Uint8Array): [number, number] => {
    writeAll(fd, bytes, MAGIC.length + offset);
    offset += bytes.length;
    return [offset - bytes.length, bytes.length];
  };
  writeAll(fd, Buffer.from(MAGIC, 'latin1'), 0);
  const add = (kept: object): StoredTeam['kept'] =>
    Object.fromEntries(
      Object.entries(kept)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => (value instanceof Uint8Array ? [name, [...blob(value), true]] : [name, [...blob(Buffer.from(JSON.stringify(value), 'utf8')), false]])),
    );
  return {
    file: { read: (at, length) => readExactly(fd, MAGIC.length + at, length) },
    add,
    copy: (fields, from) => Object.fromEntries(Object.entries(fields).map(([name, [at, length, bytes]]) => [name, [...blob(from.read(at, length)), bytes]])),
    finish: (key, teams, organisation) => {
      // The file system's clock, as it stamps the files: a file changed since (now - RACY_MS) is racy.
      const racyFrom = fstatSync(fd).mtimeMs - RACY_MS;
      const stored = teams.map((team): StoredTeam => ({
        ...team,
        names: team.names.join('\0'),
        files: team.files.map((file) => (file[2] >= racyFrom || file[3] >= racyFrom ? [...file.slice(0, 6), 1] : file.slice(0, 6)).join(',')).join(';'),
      }));
      const header: Header = { key, teams: stored, ...(organisation !== undefined ? { organisation: blob(Buffer.from(JSON.stringify(organisation), 'utf8')) } : {}) };
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(headerBytes.length);
      writeAll(fd, headerBytes, MAGIC.length + offset);
      writeAll(fd, length, MAGIC.length + offset + headerBytes.length);
      renameSync(temporary, path);
      process.removeListener('exit', cleanUp);
      try {
        evict(dirname(path), path);
      } catch {
        // Cleaning up is for next time.
      }
    },
    discard: () => {
      cleanUp();
      process.removeListener('exit', cleanUp);
    },
  };
}

/** The caches kept: the most recent, within a size; every question asked (a day's status, a quarter's report) has its own. */
const KEEP_CACHES = 8;
const KEEP_BYTES = 1024 ** 3;

/** Remove the caches beyond the most recent KEEP_CACHES or KEEP_BYTES (never `kept`). */
function evict(folder: string, kept: string): void {
  const caches: { path: string; size: number; mtimeMs: number }[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.startsWith('rollup-') || !name.endsWith('.cache')) continue;
    const path = join(folder, name);
    try {
      if (path === kept) continue;
      const { size, mtimeMs } = statSync(path);
      caches.push({ path, size, mtimeMs });
    } catch {
      // Gone meanwhile: another run cleaned up.
    }
  }
  let bytes = statSync(kept).size;
  caches.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const [index, cache] of caches.entries()) {
    bytes += cache.size;
    if (index + 1 >= KEEP_CACHES || bytes > KEEP_BYTES) rmSync(cache.path, { force: true });
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
}
