#!/usr/bin/env node
// Writes the example workbook: a year of reviews of Northwind Analytics, a fictional B2B analytics
// company with three teams and ten customers (fiscal year from February).
//
//   npm run example                          (builds first; writes the team folders of rhythm/)
//   node scripts/generate-example.mjs DIR    (writes them into DIR instead, for a comparison)
//
// The story is data: scripts/example/answers/<team>/<ritual>/<period>.yaml holds what each team
// answered, in the format of `rhythm weekly --answers` (README, "Answers for scripts"), and
// scripts/example/schedule.yaml the day each review was held, in the order they were held. This
// script holds every one of them with the real CLI (bin/rhythm, built), in a temporary workbook
// holding rhythm/'s config, registry and templates, then copies the team folders it wrote to DIR:
// carry-forward, the rollups quarterlies and annuals embed, the file format, all are the tool's.
// Nothing is committed (--no-commit: git's index lock would make the teams wait for each other).
//
// Deterministic: each review is held with --date, and everything it writes (its date, the rollup
// a quarterly or annual embeds) is as of that day.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = join(ROOT, 'rhythm');
const DATA = join(ROOT, 'scripts', 'example');
const BIN = join(ROOT, 'bin', 'rhythm');
const out = resolve(process.argv[2] ?? EXAMPLE);

const teams = parse(readFileSync(join(EXAMPLE, 'rhythm.yaml'), 'utf8')).teams.map((team) => team.id);
/** `day: [team/ritual/period, …]`, in the order the reviews were held. */
const schedule = Object.entries(parse(readFileSync(join(DATA, 'schedule.yaml'), 'utf8'))).flatMap(([day, reviews]) =>
  reviews.map((review) => {
    const [team, ritual, period] = review.split('/');
    return { day, team, ritual, period, review };
  }),
);

const workbook = mkdtempSync(join(tmpdir(), 'rhythm-example-'));
try {
  for (const file of ['rhythm.yaml', 'customers.yaml', 'templates']) cpSync(join(EXAMPLE, file), join(workbook, file), { recursive: true });

  // Each team's reviews in the order they were held (carry-forward and rollups depend on it);
  // the teams are independent of each other, so they are held side by side.
  const started = Date.now();
  let failed = false;
  const chains = teams.map(async (team) => {
    for (const entry of schedule.filter((candidate) => candidate.team === team)) {
      if (failed) return;
      await hold(entry).catch((error) => {
        failed = true;
        throw error;
      });
    }
  });
  const failure = (await Promise.allSettled(chains)).find((chain) => chain.status === 'rejected');
  if (failure) throw failure.reason;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  for (const team of teams) {
    rmSync(join(out, team), { recursive: true, force: true });
    cpSync(join(workbook, team), join(out, team), { recursive: true });
  }
  process.stdout.write(`Example workbook of Northwind Analytics written to ${out} (${schedule.length} reviews held with bin/rhythm in ${seconds} s):\n`);
  for (const team of teams) {
    const held = schedule.filter((entry) => entry.team === team);
    const counts = [...new Set(held.map((entry) => entry.ritual))].map((ritual) => `${held.filter((entry) => entry.ritual === ritual).length} ${ritual}`);
    process.stdout.write(`  ${`${team}/`.padEnd(13)} ${counts.join(', ')}\n`);
  }
} finally {
  rmSync(workbook, { recursive: true, force: true });
}

/** `rhythm <ritual> --team … --date … --answers …`, as a script or CI would hold the review. */
function hold({ day, team, ritual, period, review }) {
  const command = { weekly: ['weekly', '--week'], quarterly: ['quarterly', '--quarter'], annual: ['annual', '--year'] }[ritual] ?? ['new', ritual, '--period'];
  const args = [BIN, ...command, period, '--team', team, '--date', day, '--answers', join(DATA, 'answers', `${review}.yaml`), '--no-input', '--no-commit', '--quiet'];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: workbook, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`rhythm ${args.slice(1).join(' ')}\nexited ${code}: ${stderr}`))));
  });
}
