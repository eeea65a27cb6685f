/**
 * The install the README documents, as a user does it today: the package packed (`npm pack`, of
 * the build `npm test` makes first), installed from the tarball with production dependencies only
 * into a prefix of its own, and the installed `rhythm` run outside the clone: --version, init (and
 * init --ci github, which packs the installed rhythm in turn), a weekly review from an answers file,
 * a report, notify --dry-run. No time is asserted: npm's install takes what the network gives it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, read, tempRepo, writeFiles } from '../helpers/workbook.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const ANSWERS = `participants: [ana, bo]
customers: [acme, globex]
heard: { acme: ['"The export saves our analysts a day." #reporting'] }
flags: [{ customer: globex, reason: onboarding stalled }]
value: ['Acme: export adopted by 12 analysts (evidence: usage data)']
value_confidence: 3
actions: ['Run admin training for Globex @bo due:2026-12-01 #globex']
`;

let scratch: string;
let tarball: string;
let installed: string;

/** npm, quiet and without the audit and funding requests, its cache preferred to the network. */
function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 });
}

/** The files of a gzipped tarball. */
function filesOf(path: string): string[] {
  return execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n').sort();
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'rhythm-install-'));
  expect(existsSync(join(ROOT, 'dist/main.js')), 'build first: npm run build (npm test does)').toBe(true);
  const [packed] = JSON.parse(npm(ROOT, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch])) as { filename: string }[];
  tarball = join(scratch, packed!.filename);
  const prefix = join(scratch, 'prefix');
  npm(scratch, ['install', '--global', '--prefix', prefix, tarball, '--omit=dev']);
  installed = join(prefix, 'bin', 'rhythm');
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The installed command, run as a user would, outside the clone. */
function installedRhythm(cwd: string, args: string[]) {
  const result = spawnSync(installed, args, {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('installed from the packed tarball', () => {
  it('the package holds what the command needs (bin/, dist/, templates/), and no sources, tests or example', () => {
    const files = filesOf(tarball);
    expect(tarball.endsWith(`operating-rhythm-${version}.tgz`)).toBe(true);
    for (const needed of ['package/package.json', 'package/bin/rhythm', 'package/bin/package.json', 'package/dist/launch.cjs', 'package/dist/main.js', 'package/dist/help.json', 'package/templates/weekly.md']) expect(files).toContain(needed);
    expect(files.filter((file) => !/^package\/(package\.json|README\.md|LICENSE|bin\/|dist\/|templates\/)/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('runs: --version, init, init --ci github, weekly --answers --no-input, report, notify --dry-run', () => {
    const version_ = installedRhythm(scratch, ['--version']);
    expect(version_.code, version_.stderr).toBe(0);
    expect(version_.stdout.trim()).toBe(version);

    const dir = tempRepo();
    const init = installedRhythm(dir, ['init', '--team', 'emea-cs']);
    expect(init.code, init.stderr).toBe(0);
    expect(git(dir, 'log', '--format=%s').trim()).toBe('rhythm init: rhythm.yaml, rhythm/customers.yaml, .gitignore');

    // The installed rhythm vendors itself: the tarball it packs holds what the one it came from held.
    const ci = installedRhythm(dir, ['init', '--ci', 'github']);
    expect(ci.code, ci.stderr).toBe(0);
    expect(filesOf(join(dir, `.github/rhythm/operating-rhythm-${version}.tgz`))).toEqual(filesOf(tarball));
    expect(read(dir, '.github/workflows/rhythm.yml')).toContain(`npm install --global --no-audit --no-fund ./.github/rhythm/operating-rhythm-${version}.tgz`);

    writeFiles(dir, { 'answers.yaml': ANSWERS });
    const weekly = installedRhythm(dir, ['weekly', '--answers', 'answers.yaml', '--no-input', '--date', '2026-11-24']);
    expect(weekly.code, weekly.stderr).toBe(0);
    expect(weekly.stdout).toBe('rhythm/emea-cs/weekly/2026-W48.md\n');
    expect(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md')).toContain('value_confidence: 3');

    const report = installedRhythm(dir, ['report', '--date', '2026-11-24']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('rhythm/reports/2026-Q4.md');

    // What the review's commit brought: Globex newly not receiving value, shown and not posted.
    const notify = installedRhythm(dir, ['notify', '--dry-run', '--since', 'HEAD~1']);
    expect(notify.code, notify.stderr).toBe(0);
    expect(notify.stdout).toContain('onboarding stalled');
    expect(notify.stderr).toContain('nothing posted');
  });
});
