#!/usr/bin/env node
// Try rhythm without touching any repository of yours: copy the example workbook into a fresh
// temporary git repo and hold this week's review there. Extra arguments go to `rhythm weekly`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rhythm-demo-'));
cpSync(join(root, 'rhythm'), dir, { recursive: true });
const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
git('init', '-q');
git('-c', 'user.name=rhythm demo', '-c', 'user.email=demo@example.com', 'add', '-A');
git('-c', 'user.name=rhythm demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'Example workbook');
// The demo repo gets an identity of its own, so the review commits even on a machine without one.
git('config', 'user.name', 'rhythm demo');
git('config', 'user.email', 'demo@example.com');

const args = process.argv.slice(2);
const hasTeam = args.some((arg) => arg === '--team' || arg.startsWith('--team='));
process.stderr.write(`Demo workbook (a copy of rhythm/): ${dir}\n`);
const result = spawnSync(process.execPath, [join(root, 'bin', 'rhythm'), '-C', dir, 'weekly', ...(hasTeam ? [] : ['--team', 'emea-cs']), ...args], { stdio: 'inherit' });
process.stderr.write(`\nKeep exploring: cd ${dir} && ${join(root, 'bin', 'rhythm')} --help\n`);
process.exitCode = result.status ?? 1;
