/**
 * The compiled code kept between runs (io/code-cache.ts), end to end: bin/rhythm as built, with a
 * cache home (XDG_CACHE_HOME) of the test's own. Whatever lies in the cache, a command prints what
 * it prints with no cache at all (RHYTHM_CACHE=0), and what V8 could not use is written again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONFIG, initRepo, REGISTRY, rhythm, tempDir } from '../helpers/workbook.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARGS = ['status', '--date', '2026-11-24'];

function setUp(): { dir: string; home: string; code: string } {
  const dir = initRepo(tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY }));
  const home = tempDir();
  return { dir, home, code: join(home, 'rhythm', 'code') };
}

/** The one file of kept code, and what says whether it was written again. */
function keptFile(code: string): { path: string; ino: number; mtimeMs: number; bytes: Buffer } {
  const names = readdirSync(code);
  expect(names).toHaveLength(1);
  const path = join(code, names[0]!);
  const { ino, mtimeMs } = statSync(path);
  return { path, ino, mtimeMs, bytes: readFileSync(path) };
}

/** Its code under a checksum that matches it (what the cache's own check lets through). */
function withChecksum(code: Buffer): Buffer {
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32(code));
  return Buffer.concat([checksum, code]);
}

describe('compiled code kept between runs', () => {
  it('is kept by the first command run and used by the next, which prints the same', () => {
    const { dir, home, code } = setUp();
    const plain = rhythm(dir, ARGS, { env: { RHYTHM_CACHE: '0' } });
    expect(plain.code, plain.stderr).toBe(0);

    const first = rhythm(dir, ARGS, { env: { XDG_CACHE_HOME: home } });
    expect([first.code, first.stdout, first.stderr]).toEqual([0, plain.stdout, plain.stderr]);
    const kept = keptFile(code);
    expect(kept.path).toMatch(/app-[A-Z0-9]+\.cjs-.+\.v8$/);
    expect(kept.bytes.readUInt32LE(0)).toBe(crc32(kept.bytes.subarray(4)));

    const second = rhythm(dir, ARGS, { env: { XDG_CACHE_HOME: home } });
    expect([second.code, second.stdout, second.stderr]).toEqual([0, plain.stdout, plain.stderr]);
    expect(keptFile(code)).toEqual(kept);
  });

  it('is written again, and the command runs as ever, when the kept code was changed on disk or is not V8’s', () => {
    const { dir, home, code } = setUp();
    const plain = rhythm(dir, ARGS, { env: { RHYTHM_CACHE: '0' } });
    rhythm(dir, ARGS, { env: { XDG_CACHE_HOME: home } });
    const { path, bytes } = keptFile(code);
    const flipped = Buffer.from(bytes);
    // Bytes changed inside the code: given to V8, such code ends Node with a fatal error.
    for (let at = 4 + 200; at < flipped.length; at += 997) flipped[at]! ^= 0x5a;
    const truncated = bytes.subarray(0, bytes.length >> 1);
    const notV8 = withChecksum(Buffer.from('compiled code of some other program, checksum and all\n'.repeat(50)));
    const otherV8 = Buffer.from(bytes);
    // V8's own header (its version's hash) changed, the checksum made to match: V8 refuses it.
    otherV8[4 + 4]! ^= 0xff;
    for (const bad of [flipped, truncated, notV8, withChecksum(otherV8.subarray(4)), Buffer.alloc(0)]) {
      writeFileSync(path, bad);
      const run = rhythm(dir, ARGS, { env: { XDG_CACHE_HOME: home } });
      expect([run.code, run.stdout, run.stderr]).toEqual([0, plain.stdout, plain.stderr]);
      const again = keptFile(code).bytes;
      expect(again.equals(bad)).toBe(false);
      expect(again.readUInt32LE(0)).toBe(crc32(again.subarray(4)));
    }
  });

  it('is kept however the command ends (a usage error here), and never with RHYTHM_CACHE=0', () => {
    const { dir, home, code } = setUp();
    const refused = rhythm(dir, ['status', '--date', 'someday'], { env: { XDG_CACHE_HOME: home } });
    expect(refused.code).toBe(2);
    expect(readdirSync(code)).toHaveLength(1);

    const other = tempDir();
    const plain = rhythm(dir, ARGS, { env: { XDG_CACHE_HOME: other, RHYTHM_CACHE: '0' } });
    expect(plain.code).toBe(0);
    expect(existsSync(join(other, 'rhythm'))).toBe(false);
  });

  it('is kept for each command apart: status after check runs with its own, and check keeps its own as it was', () => {
    const { dir, home, code } = setUp();
    expect(rhythm(dir, ['check'], { env: { XDG_CACHE_HOME: home } }).code).toBe(0);
    const [checkCode] = readdirSync(code);
    expect(checkCode).toMatch(/\.check\.v8$/);
    const checkKept = readFileSync(join(code, checkCode!));
    const plain = rhythm(dir, ARGS, { env: { RHYTHM_CACHE: '0' } });
    for (const args of [ARGS, ['-C', dir, ...ARGS]]) {
      const run = rhythm(dir, args, { env: { XDG_CACHE_HOME: home } });
      expect([run.code, run.stdout, run.stderr]).toEqual([0, plain.stdout, plain.stderr]);
    }
    const names = readdirSync(code).sort();
    expect(names.map((name) => name.replace(/^.*\.(\w+)\.v8$/, '$1'))).toEqual(['check', 'status']);
    expect(readFileSync(join(code, checkCode!)).equals(checkKept)).toBe(true);
    // A command the program does not have keeps its code as `other`, whatever it was called.
    expect(rhythm(dir, ['statsu'], { env: { XDG_CACHE_HOME: home } }).code).not.toBe(0);
    expect(readdirSync(code).sort().map((name) => name.replace(/^.*\.(\w+)\.v8$/, '$1'))).toEqual(['check', 'other', 'status']);
  });

  it('--version and --help load no command, so keep nothing', () => {
    const { dir, home } = setUp();
    for (const flag of ['--version', '--help']) expect(rhythm(dir, [flag], { env: { XDG_CACHE_HOME: home } }).code).toBe(0);
    expect(existsSync(join(home, 'rhythm'))).toBe(false);
  });

  it('belongs to one build: the script the build made is named by its content, and the entry runs that one', () => {
    const scripts = readdirSync(join(ROOT, 'dist', 'bundle')).filter((name) => name.endsWith('.cjs'));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/^app-[A-Z0-9]{8}\.cjs$/);
    expect(readFileSync(join(ROOT, 'dist', 'launch.cjs'), 'utf8')).toContain(`./${scripts[0]}`);
  });

  it('is ASCII, read one byte a character, and prints what the modules tsc built print, characters past ASCII and all', () => {
    const [name] = readdirSync(join(ROOT, 'dist', 'bundle')).filter((entry) => entry.endsWith('.cjs'));
    expect(readFileSync(join(ROOT, 'dist', 'bundle', name!)).every((byte) => byte < 0x80)).toBe(true);
    const { dir } = setUp();
    // The HTML report's templates hold a middle dot, an en dash and curly quotes; the help its own.
    for (const args of [['report', '--year', '2026', '--date', '2026-11-24', '--format', 'html', '--stdout'], ['report', '--help'], ARGS]) {
      const bundled = rhythm(dir, args, { env: { RHYTHM_CACHE: '0' } });
      const modules = spawnSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'main.js')).href)})).runProcess(process.argv.slice(1))`, '--', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', RHYTHM_CACHE: '0' },
      });
      expect(bundled.stdout.length).toBeGreaterThan(0);
      expect([bundled.code, bundled.stdout, bundled.stderr]).toEqual([modules.status, modules.stdout, modules.stderr]);
    }
    expect(rhythm(dir, ['report', '--year', '2026', '--date', '2026-11-24', '--format', 'html', '--stdout']).stdout).toMatch(/\u00b7/u);
  });

  it('is strict, as the modules it is made of are: its code runs with no `this` in a plain call', () => {
    const [name] = readdirSync(join(ROOT, 'dist', 'bundle')).filter((entry) => entry.endsWith('.cjs'));
    const file = join(ROOT, 'dist', 'bundle', name!);
    const probe = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n;return (function () { return this; })();\n})`);
    const module = { exports: {} };
    expect((probe.runInThisContext() as (...args: unknown[]) => unknown)(module.exports, createRequire(file), module, file, dirname(file))).toBeUndefined();
  });
});
