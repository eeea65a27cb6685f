import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { git, rhythm, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

/** Every command on a copy of the example workbook in rhythm/, as a new user would try them. */
const EXAMPLE = fileURLToPath(new URL('../../rhythm/', import.meta.url));

function example(): string {
  const dir = tempRepo();
  cpSync(EXAMPLE, dir, { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'example');
  return dir;
}

describe('the example workbook', () => {
  // The end-to-end test of --answers: a year of three teams' reviews (131 runs of bin/rhythm, about
  // 30 s on two cores) held from scripts/example/, the way `npm run example` writes rhythm/.
  it('is what the CLI writes from the answers in scripts/example/, byte for byte', () => {
    const dir = tempDir();
    execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/generate-example.mjs', import.meta.url)), dir], { stdio: 'pipe', timeout: 170_000 });
    const teams = readdirSync(dir);
    expect(teams).toEqual(['emea-cs', 'na-accounts', 'product']);
    const files = (root: string) => teams.flatMap((team) => readdirSync(join(root, team), { recursive: true, encoding: 'utf8' }).map((file) => join(team, file))).sort();
    expect(files(dir)).toEqual(files(EXAMPLE));
    for (const file of files(EXAMPLE).filter((file) => file.endsWith('.md'))) {
      expect(readFileSync(join(dir, file), 'utf8'), `${file} differs: run npm run example, then review the change`).toBe(readFileSync(join(EXAMPLE, file), 'utf8'));
    }
  }, 180_000);

  it('passes rhythm check', () => {
    const result = rhythm(example(), ['check']);
    expect(result.stderr).toContain('all good');
    expect(result.code).toBe(0);
  });

  it('reports FY2027-Q3 in markdown and JSON, into reports/, with the path on stdout', () => {
    const dir = example();
    const result = rhythm(dir, ['report', '--quarter', 'FY2027-Q3', '--format', 'md,json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['reports/FY2027-Q3.md', 'reports/FY2027-Q3.json']);
    const markdown = readFileSync(join(dir, 'reports/FY2027-Q3.md'), 'utf8');
    expect(markdown).toMatch(/^# Customer rollup — FY2027-Q3, Sat 1 Aug – Sat 31 Oct 2026/);
    const summary = markdown.split('\n## ')[0]!.split('\n').filter((line) => line.startsWith('- **'));
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.length).toBeLessThanOrEqual(5);
    expect(markdown).toContain('**Not receiving value:** Stark Logistics');
    const json = JSON.parse(readFileSync(join(dir, 'reports/FY2027-Q3.json'), 'utf8'));
    expect(json.schemaVersion).toBe(2);
    expect(json.period).toMatchObject({ label: 'FY2027-Q3', kind: 'quarter', start: '2026-08-01', end: '2026-10-31' });
    expect(json.teams.map((team: { team: string }) => team.team)).toEqual(['emea-cs', 'na-accounts', 'product']);
    const weekly = json.organisation.cadence.find((row: { ritual: string }) => row.ritual === 'weekly');
    expect(weekly).toMatchObject({ expected: 39, held: 34 });
  });

  it('merges per-team JSON rollups into the same organisation figures as rolling up all teams at once', () => {
    const dir = example();
    for (const team of ['emea-cs', 'na-accounts', 'product']) {
      expect(rhythm(dir, ['report', '--quarter', 'FY2027-Q3', '--team', team, '--format', 'json', '--out', 'parts']).code).toBe(0);
    }
    const merged = rhythm(dir, ['report', '--merge', 'parts/FY2027-Q3-emea-cs.json', 'parts/FY2027-Q3-na-accounts.json', 'parts/FY2027-Q3-product.json', '--format', 'json', '--stdout']);
    const whole = rhythm(dir, ['report', '--quarter', 'FY2027-Q3', '--format', 'json', '--stdout']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout).organisation).toEqual(JSON.parse(whole.stdout).organisation);
  });

  it('status shows each team\'s rituals and the escalated customer; --fail-on escalated exits 1', () => {
    const dir = example();
    const result = rhythm(dir, ['status', '--date', '2026-11-24']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('North America Accounts (na-accounts)');
    expect(result.stdout).toMatch(/ESCALATED Stark Logistics: 35 days since 2026-W43/);
    const json = JSON.parse(rhythm(dir, ['status', '--date', '2026-11-24', '--json']).stdout);
    expect(json.escalated).toBe(1);
    const weekly = json.teams[0].rituals.find((r: { ritual: string }) => r.ritual === 'weekly');
    expect(weekly).toMatchObject({ current: '2026-W48', currentHeld: false, lastHeld: '2026-W47', next: { period: '2026-W48', dueBy: '2026-11-29' } });
    expect(weekly.overdue).toBeUndefined();
    const failing = rhythm(dir, ['status', '--date', '2026-11-24', '--fail-on', 'escalated']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('1 escalated customer');
  });

  it('status says a missed week is overdue', () => {
    const dir = example();
    const result = rhythm(dir, ['status', '--team', 'emea-cs', '--date', '2026-12-08', '--fail-on', 'overdue']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('OVERDUE: 2026-W49 not held');
  });

  it('actions lists open actions with owner, due date and source file, filtered', () => {
    const dir = example();
    const all = JSON.parse(rhythm(dir, ['actions', '--date', '2026-11-24', '--json']).stdout);
    expect(all.actions.length).toBeGreaterThan(0);
    expect(all.actions.every((action: { state: string }) => action.state === 'open')).toBe(true);
    const overdue = JSON.parse(rhythm(dir, ['actions', '--date', '2026-11-24', '--overdue', '--owner', '@ana', '--json']).stdout);
    expect(overdue.actions.every((action: { owner: string; overdue: boolean }) => action.owner === 'ana' && action.overdue)).toBe(true);
    const text = rhythm(dir, ['actions', '--date', '2026-11-24', '--tag', 'tyrell']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/#tyrell.*emea-cs\/weekly\/2026-W47\.md/);
  });

  it('customers lists the year and one customer\'s timeline', () => {
    const dir = example();
    const table = rhythm(dir, ['customers', '--date', '2026-11-24']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(/^Stark Logistics .* ESCALATED since 2026-W43/);
    const timeline = rhythm(dir, ['customers', 'umbrella', '--date', '2026-11-24', '--json']);
    const events = JSON.parse(timeline.stdout).events as { kind: string; period: string }[];
    expect(events.filter((event) => event.kind === 'flagged').map((event) => event.period)).toEqual(['2026-W19', '2026-W36']);
    expect(events.filter((event) => event.kind === 'resolved').length).toBe(2);
    expect(rhythm(dir, ['customers', 'nobody']).code).toBe(2);
  });

  it('quarterly --answers embeds the rollup of the quarter so far', () => {
    const dir = example();
    writeFiles(dir, { 'q.yaml': 'challenges_now: [Stark depots]\nvalue_confidence: 3\n' });
    const result = rhythm(dir, ['quarterly', '--team', 'na-accounts', '--date', '2026-11-24', '--answers', 'q.yaml', '--no-commit']);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir, 'na-accounts/quarterly/FY2027-Q4.md'), 'utf8');
    expect(text).toContain('## The quarter so far, from the weekly reviews');
    expect(text).toContain('**Rollup of FY2027-Q4');
    expect(text).toContain('Stark Logistics');
  });

  it('a custom ritual runs as rhythm new and is kept to the teams that hold it', () => {
    const dir = example();
    writeFiles(dir, { 'm.yaml': 'customers: [cyberdyne]\ntheme: roadmap\n' });
    const result = rhythm(dir, ['new', 'monthly', '--answers', 'm.yaml', '--date', '2026-11-24', '--no-commit']);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dir, 'product/monthly/2026-11.md'))).toBe(true);
    const refused = rhythm(dir, ['new', 'monthly', '--team', 'emea-cs', '--answers', 'm.yaml']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('monthly is held by product');
  });

  it('check gives a precise file:line for a deliberately broken file, and exits 1', () => {
    const dir = example();
    const file = 'emea-cs/weekly/2026-W47.md';
    const text = readFileSync(join(dir, file), 'utf8');
    writeFiles(dir, { [file]: text.replace('rhythm: 1\n', 'rhythm: 1\ncustomers: [acme]\n') });
    const result = rhythm(dir, ['check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^emea-cs\/weekly\/2026-W47\.md:\d+:\d+: duplicate key in front matter/m);
  });
});

describe('rhythm init --ci github', () => {
  it('writes a workflow that parses and calls existing commands with valid flags', () => {
    const dir = tempRepo();
    expect(rhythm(dir, ['init', '--ci', 'github', '--fiscal-year-start', '2']).code).toBe(0);
    const workflow = parseYaml(readFileSync(join(dir, '.github/workflows/rhythm.yml'), 'utf8'));
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'status', 'quarterly-report']);
    expect(workflow.on.schedule.map((s: { cron: string }) => s.cron)).toContain('0 6 1 2,5,8,11 *');
    const runs: string[] = Object.values(workflow.jobs as Record<string, { steps: { run?: string }[] }>).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
    expect(runs.length).toBe(3);
    // Every command line must be accepted by the real CLI: run each against a workbook with --help-free checks.
    const workbook = tempRepo();
    expect(rhythm(workbook, ['init']).code).toBe(0);
    for (const line of runs) {
      const args = line
        .replace('npx --yes operating-rhythm ', '')
        .replace('"$(date -u -d yesterday +%F)"', '2026-09-30')
        .split(' ');
      const result = rhythm(workbook, args);
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stderr).not.toMatch(/unknown option|error:/);
    }
  });
});

describe('rhythm completion and open', () => {
  it('prints completion scripts for bash, zsh and fish, and refuses other shells', () => {
    const dir = tempDir();
    expect(rhythm(dir, ['completion', 'bash']).stdout).toContain('complete -F _rhythm_completion rhythm');
    expect(rhythm(dir, ['completion', 'zsh']).stdout).toContain('bashcompinit');
    expect(rhythm(dir, ['completion', 'fish']).stdout).toContain("complete -c rhythm -n '__fish_seen_subcommand_from weekly' -l amend");
    expect(rhythm(dir, ['completion', 'tcsh']).code).toBe(2);
  });

  it('opens the current review in $EDITOR, or says how to hold it first', () => {
    const dir = example();
    const missing = rhythm(dir, ['open', '--team', 'emea-cs', '--date', '2026-11-24'], { env: { EDITOR: 'true' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('emea-cs/weekly/2026-W48.md does not exist yet: hold the review first with rhythm weekly');
    const opened = rhythm(dir, ['open', '--team', 'emea-cs', '--last', '--date', '2026-11-24'], { env: { EDITOR: `sh -c 'echo edited >> "$1"' editor` } });
    expect(opened.code, opened.stderr).toBe(0);
    expect(readFileSync(join(dir, 'emea-cs/weekly/2026-W47.md'), 'utf8').trimEnd().endsWith('edited')).toBe(true);
  });
});
