import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompiled } from '../../src/io/code-cache.js';
import { tempDir } from '../helpers/workbook.js';

/** A CommonJS script as the build writes one, with functions that compile only when called. */
const SCRIPT = `"use strict";
const { join } = require('node:path');
function area(width, height) { return width * height; }
function describeFile() { return join(__dirname, 'x') === join(__dirname, 'x') ? __filename : ''; }
module.exports = { area, describeFile, answer: 42 };
`;

interface Exports {
  area(width: number, height: number): number;
  describeFile(): string;
  answer: number;
}

const BUILT = new URL('../../dist/io/code-cache.js', import.meta.url).href;

/** area(3, 4) of the script as a run of rhythm gets it: in a process of its own (V8 remembers a script within one), keeping its code at the end. */
function inProcess(file: string, folder: string): number {
  const program = `const { runCompiled } = await import(${JSON.stringify(BUILT)}); const run = runCompiled(${JSON.stringify(file)}, ${JSON.stringify(folder)}); process.stdout.write(String(run.exports.area(3, 4))); run.keep();`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return Number(result.stdout);
}

function scriptFile(name = 'app-ABC123.cjs', text = SCRIPT): string {
  const dir = tempDir({ [name]: text });
  return join(dir, name);
}

/** The files of kept code in `folder`, with what says whether one was written again. */
function kept(folder: string): { name: string; ino: number; mtimeMs: number; bytes: Buffer }[] {
  const code = join(folder, 'code');
  let names: string[];
  try {
    names = readdirSync(code).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const { ino, mtimeMs } = statSync(join(code, name));
    return { name, ino, mtimeMs, bytes: readFileSync(join(code, name)) };
  });
}

describe('runCompiled', () => {
  it('runs the script as CommonJS: its exports, require, __filename and __dirname', () => {
    const file = scriptFile();
    const { exports } = runCompiled<Exports>(file, undefined);
    expect(exports.answer).toBe(42);
    expect(exports.area(3, 4)).toBe(12);
    expect(exports.describeFile()).toBe(file);
  });

  it('keeps the code compiled by the end of the run, named after the script, and uses it the next time without writing it again', () => {
    const file = scriptFile('app-K33P.cjs');
    const folder = join(tempDir(), 'rhythm');
    const first = runCompiled<Exports>(file, folder);
    expect(first.exports.area(2, 5)).toBe(10);
    expect(kept(folder)).toEqual([]);
    first.keep();
    const written = kept(folder);
    expect(written).toHaveLength(1);
    expect(written[0]!.name.startsWith('app-K33P.cjs-')).toBe(true);
    expect(written[0]!.name.endsWith('.v8')).toBe(true);
    expect(written[0]!.bytes.length).toBeGreaterThan(0);

    const second = runCompiled<Exports>(file, folder);
    expect(second.exports.area(6, 7)).toBe(42);
    second.keep();
    // V8 took the kept code: nothing to write again.
    expect(kept(folder)).toEqual(written);
  });

  it('replaces kept code V8 refuses (garbage, a truncated file) and still runs the script', () => {
    const file = scriptFile();
    const folder = join(tempDir(), 'rhythm');
    runCompiled<Exports>(file, folder).keep();
    const [entry] = kept(folder);
    const path = join(folder, 'code', entry!.name);
    for (const bad of [Buffer.from('not compiled code at all'), entry!.bytes.subarray(0, 40), Buffer.alloc(0)]) {
      writeFileSync(path, bad);
      const run = runCompiled<Exports>(file, folder);
      expect(run.exports.area(2, 3)).toBe(6);
      expect(run.exports.describeFile()).toBe(file);
      run.keep();
      expect(readFileSync(path).equals(bad)).toBe(false);
      expect(readFileSync(path).length).toBeGreaterThan(40);
    }
  });

  it('never meets the code kept for another script: each is named after its own (the build names a script by its content)', () => {
    const folder = join(tempDir(), 'rhythm');
    // The same length, other code: V8 itself would know them apart only by their length.
    const one = scriptFile('app-AAAA.cjs', SCRIPT);
    const other = scriptFile('app-BBBB.cjs', SCRIPT.replace('width * height', 'width + height'));
    runCompiled<Exports>(one, folder).keep();
    const run = runCompiled<Exports>(other, folder);
    expect(run.exports.area(3, 4)).toBe(7);
    run.keep();
    expect(kept(folder).map((entry) => entry.name.slice(0, 12))).toEqual(['app-AAAA.cjs', 'app-BBBB.cjs']);
    expect(runCompiled<Exports>(one, folder).exports.area(3, 4)).toBe(12);
  });

  it('never runs the code kept for a script since edited in place, the same name and length (a build patched by hand)', () => {
    const folder = join(tempDir(), 'rhythm');
    const file = scriptFile('app-SAME.cjs', SCRIPT);
    expect(inProcess(file, folder)).toBe(12);
    const edited = SCRIPT.replace('width * height', 'width + height');
    expect(edited.length).toBe(SCRIPT.length);
    writeFileSync(file, edited);
    utimesSync(file, 2_000_000, 2_000_000);
    // Given the first script's code, V8 runs it for this one: it knows a script by its length alone.
    expect(inProcess(file, folder)).toBe(7);
  });

  it('keeps nothing without a cache folder (RHYTHM_CACHE=0), or where none can be made, and never fails for it', () => {
    const file = scriptFile();
    const none = runCompiled<Exports>(file, undefined);
    expect(() => none.keep()).not.toThrow();

    const home = tempDir({ 'a-file': 'a file where the cache folder would go\n' });
    const blocked = join(home, 'a-file', 'rhythm');
    const run = runCompiled<Exports>(file, blocked);
    expect(run.exports.answer).toBe(42);
    expect(() => run.keep()).not.toThrow();
    expect(readdirSync(home)).toEqual(['a-file']);
  });

  it('keeps the code of each use apart: a run neither uses nor replaces the code kept for another', () => {
    const file = scriptFile('app-USES.cjs');
    const folder = join(tempDir(), 'rhythm');
    const init = runCompiled<Exports>(file, folder, 'init');
    expect(init.exports.answer).toBe(42);
    init.keep();
    const [initCode] = kept(folder);
    expect(initCode!.name).toMatch(/^app-USES\.cjs-.+\.init\.v8$/);
    // The first status keeps its own code, beside init's, which stays as it was.
    const status = runCompiled<Exports>(file, folder, 'status');
    expect(status.exports.area(2, 2)).toBe(4);
    status.keep();
    const both = kept(folder);
    expect(both.map((entry) => entry.name.replace(/^.*\.(\w+)\.v8$/, '$1'))).toEqual(['init', 'status']);
    expect(both[0]).toEqual(initCode);
    // The next status takes its own: nothing written.
    const again = runCompiled<Exports>(file, folder, 'status');
    expect(again.exports.area(5, 5)).toBe(25);
    again.keep();
    expect(kept(folder)).toEqual(both);
  });

  it('names kept code for a use of letters, digits, dashes and underscores alone', () => {
    const file = scriptFile();
    for (const use of ['__complete', 'new', 'x-1']) expect(runCompiled<Exports>(file, undefined, use).exports.answer).toBe(42);
    for (const use of ['', '../status', 'Status', 'a.b', 'a/b']) expect(() => runCompiled<Exports>(file, undefined, use)).toThrow(/kept code is named/);
  });

  it('keeps every use of its own build, and of three other builds those written to most recently', () => {
    const folder = join(tempDir(), 'rhythm');
    const code = join(folder, 'code');
    const builds = ['app-OLD0.cjs', 'app-OLD1.cjs', 'app-OLD2.cjs', 'app-OLD3.cjs'].map((name) => scriptFile(name));
    for (const build of builds) for (const use of ['init', 'status']) runCompiled<Exports>(build, folder, use).keep();
    // OLD0 the oldest; OLD1's status written to last of all, its init long ago.
    const age: Record<string, number> = { 'app-OLD0': 10, 'app-OLD1': 1, 'app-OLD2': 20, 'app-OLD3': 30 };
    for (const entry of kept(folder)) {
      const build = entry.name.slice(0, 8);
      const seconds = entry.name.endsWith('.status.v8') && build === 'app-OLD1' ? 100 : age[build]!;
      utimesSync(join(code, entry.name), 1_000_000 + seconds, 1_000_000 + seconds);
    }
    const now = scriptFile('app-NEW.cjs');
    for (const use of ['init', 'status', 'report']) runCompiled<Exports>(now, folder, use).keep();
    const names = kept(folder).map((entry) => `${entry.name.slice(0, entry.name.indexOf('.cjs'))} ${entry.name.replace(/^.*\.(\w+)\.v8$/, '$1')}`);
    expect(names).toEqual(['app-NEW init', 'app-NEW report', 'app-NEW status', 'app-OLD1 init', 'app-OLD1 status', 'app-OLD2 init', 'app-OLD2 status', 'app-OLD3 init', 'app-OLD3 status']);
  });

  it('keeps the code of three other builds besides its own, the most recent', () => {
    const folder = join(tempDir(), 'rhythm');
    const code = join(folder, 'code');
    runCompiled<Exports>(scriptFile('app-OLD0.cjs'), folder).keep();
    const olds = ['app-OLD1.cjs', 'app-OLD2.cjs', 'app-OLD3.cjs', 'app-OLD4.cjs'].map((name) => scriptFile(name));
    for (const old of olds) runCompiled<Exports>(old, folder).keep();
    // Stamp them in order of age: OLD0 the oldest.
    kept(folder).forEach((entry, index) => utimesSync(join(code, entry.name), 1_000_000 + index, 1_000_000 + index));
    runCompiled<Exports>(scriptFile('app-NEW.cjs'), folder).keep();
    expect(kept(folder).map((entry) => entry.name.slice(0, 12))).toEqual(['app-NEW.cjs-', 'app-OLD2.cjs', 'app-OLD3.cjs', 'app-OLD4.cjs']);
  });

  it('removes the file of a write abandoned long ago (a run killed while writing), never one being written now', () => {
    const folder = join(tempDir(), 'rhythm');
    const code = join(folder, 'code');
    const file = scriptFile();
    runCompiled<Exports>(file, folder, 'init').keep();
    const [own] = readdirSync(code);
    const abandoned = `${own}.4242.tmp`;
    const writing = `${own!.replace('.init.', '.status.')}.4343.tmp`;
    writeFileSync(join(code, abandoned), 'half of it');
    writeFileSync(join(code, writing), 'half of it');
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(join(code, abandoned), hourAgo, hourAgo);
    runCompiled<Exports>(file, folder, 'report').keep();
    expect(readdirSync(code).sort()).toEqual([own, own!.replace('.init.', '.report.'), writing].sort());
  });
});
