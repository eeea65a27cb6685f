/**
 * Issue 5, "Safe parsing": JavaScript front matter (`---js`, `---javascript`) is never evaluated.
 * The payloads below are live: gray-matter, the usual front-matter parser, runs them (first test).
 * Every command that reads review files then runs over a workbook holding them, and the files the
 * payloads would create never appear.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, tempRepo, writeFiles } from '../helpers/workbook.js';
import { CONFIG, expectNoCrash, expectRefused, GOOD_ANSWERS, pool, REGISTRY, rhythmAsync, weeklyText } from './helpers.js';

/** A front-matter block that, evaluated as JavaScript, writes `marker` and returns valid data. */
function payload(language: string, marker: string, period: string): string {
  return [
    `---${language}`,
    `(require('fs').writeFileSync(${JSON.stringify(marker)}, 'evaluated'), { rhythm: 1, ritual: 'weekly', period: '${period}', team: 'emea-cs' })`,
    '---',
    `# Weekly customer review — ${period}`,
    '',
    '## What will we do about it?  <!-- q:actions -->',
    '',
    '- [ ] Call Acme @ana due:2026-12-01',
    '',
  ].join('\n');
}

const JS_FILE = 'rhythm/emea-cs/weekly/2026-W48.md';
const JAVASCRIPT_FILE = 'rhythm/emea-cs/weekly/2026-W46.md';

describe('JavaScript front matter is never evaluated', () => {
  /** A workbook with one good weekly and the two payload files; tempRepo removes it after the test. */
  function workbook() {
    const dir = tempRepo({
      'rhythm.yaml': CONFIG,
      'rhythm/customers.yaml': REGISTRY,
      'rhythm/emea-cs/weekly/2026-W47.md': weeklyText('2026-W47', { date: '2026-11-17' }),
      'fix.yaml': 'value_confidence: 4\n',
      'next.yaml': GOOD_ANSWERS,
      'quarter.yaml': 'challenges_now: [Onboarding takes too long]\nvalue_confidence: 3\n',
    });
    const markers = { js: join(dir, 'evaluated-js'), javascript: join(dir, 'evaluated-javascript') };
    writeFiles(dir, { [JS_FILE]: payload('js', markers.js, '2026-W48'), [JAVASCRIPT_FILE]: payload('javascript', markers.javascript, '2026-W46') });
    return { dir, markers };
  }

  it('the payloads are live: gray-matter evaluates them and creates the files', async () => {
    const { default: matter } = await import('gray-matter');
    const scratch = tempRepo();
    for (const language of ['js', 'javascript']) {
      const marker = join(scratch, `evaluated-${language}`);
      const parsed = matter(payload(language, marker, '2026-W48'), {});
      expect(parsed.data).toMatchObject({ ritual: 'weekly', period: '2026-W48' });
      expect(readFileSync(marker, 'utf8')).toBe('evaluated');
      rmSync(marker);
    }
  });

  it('check, report, status, actions and customers read the workbook without running them', async () => {
    const { dir, markers } = workbook();
    const before = { js: read(dir, JS_FILE), javascript: read(dir, JAVASCRIPT_FILE) };
    const [check, report, status, actions, customers] = await pool(
      [
        ['check'],
        ['report', '--quarter', '--date', '2026-11-24', '--format', 'md,json,html', '--out', 'out'],
        ['status', '--date', '2026-11-24'],
        ['actions', '--date', '2026-11-24'],
        ['customers', '--date', '2026-11-24'],
      ],
      2,
      (args) => rhythmAsync(dir, args),
    );
    for (const run of [check, report, status, actions, customers]) expectNoCrash(run!);

    expect(check!.code).toBe(1);
    expect(check!.stdout).toContain(`${JAVASCRIPT_FILE}:1: front matter must be YAML, not "javascript": rhythm never runs code in files`);
    expect(check!.stdout).toContain(`${JS_FILE}:1: front matter must be YAML, not "js": rhythm never runs code in files`);

    for (const run of [report, status, actions, customers]) {
      expect(run!.code, run!.stderr).toBe(0);
      expect(run!.stderr).toContain(`skipped: ${JS_FILE}:1: front matter must be YAML, not "js"`);
      expect(run!.stderr).toContain('2 review files skipped');
    }
    // The good week is still rolled up next to the skipped ones.
    const json = JSON.parse(read(dir, 'out/2026-Q4.json')) as { teams: { cadence: { ritual: string; held: string[] }[] }[] };
    expect(json.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!.held).toEqual(['2026-W47']);

    expect(existsSync(markers.js)).toBe(false);
    expect(existsSync(markers.javascript)).toBe(false);
    expect({ js: read(dir, JS_FILE), javascript: read(dir, JAVASCRIPT_FILE) }).toEqual(before);
  });

  it('weekly --amend refuses the file and leaves it as it is; the next weekly and the quarterly read past it', async () => {
    const { dir, markers } = workbook();
    const before = read(dir, JS_FILE);
    const amend = await rhythmAsync(dir, ['weekly', '--amend', '--answers', 'fix.yaml', '--date', '2026-11-24', '--no-commit']);
    expectRefused(amend, { message: `${JS_FILE}:1: front matter must be YAML, not "js": rhythm never runs code in files`, located: /^rhythm\/emea-cs\/weekly\/2026-W48\.md:1: / });
    expect(amend.stderr).toContain('fix the file first');
    expect(read(dir, JS_FILE)).toBe(before);

    // The week after carries forward from the latest earlier review: the JavaScript one.
    const next = await rhythmAsync(dir, ['weekly', '--answers', 'next.yaml', '--date', '2026-12-01', '--no-commit']);
    expectNoCrash(next);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`${JS_FILE} cannot be read, so nothing was carried forward from it`);

    // The quarterly starts from the rollup of the quarter's weeklies, JavaScript ones included.
    const quarterly = await rhythmAsync(dir, ['quarterly', '--answers', 'quarter.yaml', '--date', '2026-12-01', '--dry-run']);
    expectNoCrash(quarterly);
    expect(quarterly.code, quarterly.stderr).toBe(0);
    // Named, as report names them: which files the rollup left out, and why.
    expect(quarterly.stderr).toContain(`skipped: ${JS_FILE}:1: front matter must be YAML, not "js"`);
    expect(quarterly.stderr).toContain('2 review files skipped (run rhythm check for details)');

    expect(existsSync(markers.js)).toBe(false);
    expect(existsSync(markers.javascript)).toBe(false);
  });
});
