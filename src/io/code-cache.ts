import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * rhythm's code compiled once, not at every start. V8 compiles the JavaScript a command loads each
 * time Node starts (about 15 ms of `rhythm status`, docs/ARCHITECTURE.md), unless it is handed the
 * code it compiled last time. Node 22 keeps that code for modules (module.enableCompileCache);
 * Node 20 only for a script (vm.Script's cachedData), so the build makes the commands one CommonJS
 * script (scripts/bundle.mjs), and this runs it with the code kept in the cache folder.
 *
 * V8 checks that kept code comes from its own version and flags, but knows the script only by its
 * length (and ran, for a script, the code kept for another of the same length): the script's name
 * carries a hash of its content (app-<hash>.cjs), and the kept code is named after it, its time
 * and its size, so code compiled from other sources is never used. Nor does V8 check the code
 * itself: a byte changed on disk ends Node with a fatal error. So the file holds a CRC-32 of the
 * code before it (as Node 22's cache does), and code that does not match it, cannot be read or
 * that V8 refuses is no kept code, written again. The folder is safe to delete. A Node without
 * zlib.crc32 (before 20.15) keeps none.
 *
 * Kept code is what one run compiled: the top of the script and the functions that run called.
 * Each command (`use`) keeps its own, so that `rhythm status` does not run for ever with the code
 * `rhythm init`, its first run, happened to compile, compiling the rest at every start.
 */
export interface CompiledScript<T> {
  /** What the script exports (module.exports). */
  exports: T;
  /** Keep the code V8 has compiled by now for the next run, when none was kept or V8 refused it. Never fails. */
  keep(): void;
}

/** The builds and Nodes besides this one whose kept code stays (several versions of rhythm installed side by side). */
const KEEP_OTHERS = 3;

/**
 * A file being written (`….<pid>.tmp`) older than this was left by a run stopped while it wrote
 * (killed, the machine off): writing one takes milliseconds.
 */
const ABANDONED_MS = 10 * 60 * 1000;

/** What a run's kept code is named for: a command's name: letters, digits, dashes and underscores. */
const USE = /^[a-z0-9_-]+$/;

/**
 * Run the CommonJS script `file` (named by its content) with the code kept in `folder` (undefined:
 * keep none) for `use`, what the run does: the code kept for another use is neither used nor replaced.
 */
export function runCompiled<T>(file: string, folder: string | undefined, use = 'all'): CompiledScript<T> {
  if (!USE.test(use)) throw new Error(`kept code is named for a use of letters, digits, dashes and underscores, not ${JSON.stringify(use)}`);
  const fd = openSync(file, 'r');
  let source: string;
  let stamp: string;
  try {
    // Its time and size too: a script edited in place (a build patched by hand) keeps its name.
    const { mtimeMs, size } = fstatSync(fd);
    stamp = `${Math.round(mtimeMs)}-${size}`;
    // The build's script is ASCII (scripts/bundle.mjs): read as Latin-1, one byte a character, it
    // is the same text, read faster. Any other is read as the UTF-8 it is.
    const bytes = readFileSync(fd);
    source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } finally {
    closeSync(fd);
  }
  const kept = folder === undefined || checksumOf() === undefined ? undefined : join(folder, 'code', `${basename(file)}-${stamp}-${process.versions.v8}-${process.arch}.${use}.v8`);
  const cachedData = kept === undefined ? undefined : readChecked(kept);
  // The wrapper Node gives a CommonJS module, on the script's first line so that its line numbers hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  const wanted = kept !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    keep: () => {
      if (!wanted) return;
      write(kept, () => {
        const code = script.createCachedData();
        const checksum = Buffer.alloc(4);
        checksum.writeUInt32LE(checksumOf()!(code));
        return Buffer.concat([checksum, code]);
      });
    },
  };
}

type Checksum = (data: Uint8Array) => number;
let crc32: Checksum | undefined | null = null;

/** zlib.crc32, where this Node has it (20.15 on); node:zlib loads only for a command, not for `--version`. */
function checksumOf(): Checksum | undefined {
  if (crc32 === null) crc32 = (createRequire(import.meta.url)('node:zlib') as { crc32?: Checksum }).crc32;
  return crc32;
}

/** The code kept at `path` when it is there, whole and as written. */
function readChecked(path: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const code = bytes.subarray(4);
  return bytes.length > 4 && bytes.readUInt32LE(0) === checksumOf()!(code) ? code : undefined;
}

/**
 * Whole or not at all (another run may read it meanwhile), and never an error: the next run
 * compiles again. The bytes are made once the file is open: a folder that cannot be written (a
 * read-only home) costs no serialising of the code at every run.
 */
function write(path: string, bytes: () => Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, bytes());
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    removeOthers(dirname(path), path);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // A folder that cannot be written holds no half-written file either.
    }
  }
}

/**
 * The kept code of builds long replaced goes: every use's of this build (and Node) stays, and that
 * of the KEEP_OTHERS other builds written to most recently; the rest is removed, and so are the
 * files of writes abandoned long ago.
 */
function removeOthers(folder: string, path: string): void {
  const own = buildOf(basename(path));
  const latest = new Map<string, number>();
  const names = readdirSync(folder);
  const mtimeOf = (name: string) => statSync(join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  // Now, by the clock that stamps the files: that of the file just written.
  const abandoned = mtimeOf(basename(path)) - ABANDONED_MS;
  for (const name of names) if (name.endsWith('.tmp') && mtimeOf(name) < abandoned) rmSync(join(folder, name), { force: true });
  const files = names.filter((name) => name.endsWith('.v8')).map((name) => ({ path: join(folder, name), build: buildOf(name), mtimeMs: mtimeOf(name) }));
  for (const file of files) if (file.build !== own) latest.set(file.build, Math.max(latest.get(file.build) ?? 0, file.mtimeMs));
  const kept = new Set([...latest].sort((a, b) => b[1] - a[1]).slice(0, KEEP_OTHERS).map(([build]) => build));
  for (const file of files) if (file.build !== own && !kept.has(file.build)) rmSync(file.path, { force: true });
}

/** The build (script, its time and size, Node) a file of kept code is for: its name without `.<use>.v8`. */
function buildOf(name: string): string {
  return name.replace(/\.[a-z0-9_-]+\.v8$/, '');
}
