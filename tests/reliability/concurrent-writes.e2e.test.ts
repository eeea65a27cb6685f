/**
 * Issue 12, "nothing lost" between writers: two `--amend` runs on one review at once, two new
 * reviews of one week at once, and two teams writing their weeklies at once in one repository
 * with commits. Every outcome is either both runs' answers written (they took turns under the
 * workbook's lock), or one run says in one line that it could not write and where its answers
 * are; never an "updated" whose answers are gone, never a commit failing on git's index.lock.
 *
 * RHYTHM_TRIALS=100 runs 100 trials of the amends (50 of the others) instead of 20 (10), which keep CI well under a minute.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPath } from '../../src/io/lock.js';
import { copyOf, git, initRepo, tempDir } from '../helpers/workbook.js';
import { expectNoCrash, GOOD_ANSWERS, REGISTRY, rhythmAsync } from './helpers.js';

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 20);
const FILE = 'rhythm/emea-cs/weekly/2026-W48.md';
const TWO_TEAMS = 'workbook: rhythm\nteams:\n  - id: emea-cs\n    name: EMEA Customer Success\n    members: [ana, bo]\n  - id: apac-cs\n    name: APAC Customer Success\n    members: [cy]\n';

/** Each run changes a different answer, so that both can be seen in the file. */
const ANA = 'value_confidence: 5\n';
const BO = 'hard_to_hear: "Bo heard that the export is slow."\n';

function amend(dir: string, answers: string) {
  return rhythmAsync(dir, ['weekly', '--team', 'emea-cs', '--amend', '--answers', answers, '--date', '2026-11-24', '--no-commit']);
}

describe('two writers at once', () => {
  it(`two --amend runs on one review: both answers written, or one says it could not write; never a lost "updated" (${TRIALS} trials)`, async () => {
    const source = tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS, 'ana.yaml': ANA, 'bo.yaml': BO });
    const first = await rhythmAsync(source, ['weekly', '--team', 'emea-cs', '--answers', 'a.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(first.code, first.stderr).toBe(0);
    const outcomes = { tookTurns: 0, oneRefused: 0, lost: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = copyOf(source);
      const [ana, bo] = await Promise.all([amend(dir, 'ana.yaml'), amend(dir, 'bo.yaml')]);
      const text = readFileSync(join(dir, FILE), 'utf8');
      const written = { ana: text.includes('value_confidence: 5'), bo: text.includes('Bo heard that the export is slow.') };
      for (const [run, who] of [
        [ana, 'ana'],
        [bo, 'bo'],
      ] as const) {
        expectNoCrash(run);
        if (run.code === 0) {
          expect(run.stderr).toContain(`updated ${FILE}`);
          if (!written[who]) outcomes.lost++;
          expect(written[who], `${who} was told "updated" but the answers are gone:\n${text}`).toBe(true);
        } else {
          expect(run.code).toBe(1);
          expect(run.stderr).toBe(`rhythm: ${FILE} changed while you answered: your answers were not written (they are still in ${who}.yaml); run --amend again\n`);
          expect(run.stdout).toBe('');
          expect(written[who]).toBe(false);
        }
      }
      expect(ana.code === 0 || bo.code === 0, `${ana.stderr}\n${bo.stderr}`).toBe(true);
      if (ana.code === 0 && bo.code === 0) outcomes.tookTurns++;
      else outcomes.oneRefused++;
      expect(existsSync(lockPath(dir))).toBe(false);
      expect(readdirSync(join(dir, 'rhythm/emea-cs/weekly'))).toEqual(['2026-W48.md']);
    }
    console.log(`two --amend at once: ${JSON.stringify(outcomes)}`);
    expect(outcomes.lost).toBe(0);
  });

  it(`two new reviews of one week at once: one is written, the other is told (${Math.ceil(TRIALS / 2)} trials)`, async () => {
    const source = tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS, 'b.yaml': `${GOOD_ANSWERS}${BO}` });
    for (let trial = 0; trial < Math.ceil(TRIALS / 2); trial++) {
      const dir = copyOf(source);
      const runs = await Promise.all(
        ['a.yaml', 'b.yaml'].map((answers) => rhythmAsync(dir, ['weekly', '--team', 'emea-cs', '--answers', answers, '--date', '2026-11-24', '--no-commit'])),
      );
      runs.forEach(expectNoCrash);
      expect(runs.map((run) => run.code).sort()).toEqual([0, 1]);
      const winner = runs.findIndex((run) => run.code === 0);
      const loser = runs[1 - winner]!;
      expect(loser.stderr).toMatch(
        new RegExp(`^rhythm: ${FILE} (already exists: run with --amend to revise it, or --force to start it over|was created by someone else while you answered: your answers were not written \\(they are still in [ab]\\.yaml\\); run with --amend to add them)\\n$`),
      );
      expect(readFileSync(join(dir, FILE), 'utf8').includes('Bo heard')).toBe(winner === 1);
    }
  });

  it(`two teams writing their weeklies at once in one repository: both committed, no index.lock failure (${Math.ceil(TRIALS / 2)} trials)`, async () => {
    const trials = Math.ceil(TRIALS / 2);
    const dir = initRepo(tempDir({ 'rhythm.yaml': TWO_TEAMS, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': GOOD_ANSWERS }));
    git(dir, 'add', 'rhythm.yaml', 'rhythm/customers.yaml');
    git(dir, 'commit', '-qm', 'setup');
    for (let trial = 0; trial < trials; trial++) {
      // A week of its own for each trial: Mondays from 5 January 2026 on.
      const day = new Date(Date.UTC(2026, 0, 5 + 7 * trial)).toISOString().slice(0, 10);
      const runs = await Promise.all(['emea-cs', 'apac-cs'].map((team) => rhythmAsync(dir, ['weekly', '--team', team, '--answers', 'a.yaml', '--date', day])));
      for (const run of runs) {
        expectNoCrash(run);
        expect(run.stderr).not.toContain('index.lock');
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(/committed [0-9a-f]+: rhythm: weekly review/);
      }
    }
    const subjects = git(dir, 'log', '--format=%s').trim().split('\n');
    expect(subjects.filter((subject) => subject.includes('(emea-cs)'))).toHaveLength(trials);
    expect(subjects.filter((subject) => subject.includes('(apac-cs)'))).toHaveLength(trials);
    expect(git(dir, 'status', '--porcelain', 'rhythm')).toBe('');
  });
});

