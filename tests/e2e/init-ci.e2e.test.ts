/**
 * `rhythm init --ci github`: the workflow and the tarball of rhythm it installs, written and
 * committed on a new folder or added to an existing workbook without touching anything else; and
 * every `rhythm` command of the workflow run as GitHub would run it, against a copy of the example
 * workbook in a repository of several commits.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, git, read, rhythm, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

const EXAMPLE = fileURLToPath(new URL('../../rhythm/', import.meta.url));
const { version } = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
const TARBALL = `.github/rhythm/operating-rhythm-${version}.tgz`;
const WORKFLOW = '.github/workflows/rhythm.yml';

/** The day the workflow's commands run on (a Tuesday: the weekly status runs then), and the day before. */
const NOW = '2026-11-24T07:00:00Z';
const YESTERDAY = '2026-11-23';
/** Every CLI run of the workflow's test reads NOW from its clock (the commands take no --date). */
const CLOCK = { NODE_OPTIONS: `--import=${new URL('../helpers/fixed-clock.mjs', import.meta.url).href}`, RHYTHM_TEST_NOW: NOW };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  steps: Step[];
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions?: Record<string, string>;
  environment?: unknown;
}
interface Workflow {
  on: { schedule: { cron: string }[]; push: { paths: string[] }; pull_request: { paths: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflowOf(dir: string): Workflow {
  return parseYaml(read(dir, WORKFLOW)) as Workflow;
}

/** git with a fixed time, so that the commits' days are the example's. */
function gitAt(dir: string, when: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
}

/**
 * The example workbook in a repository of two commits, as a team's would be: everything up to the
 * week before last, then last week's reviews (2026-W47, held on 17 November). Returns the first.
 */
function exampleRepo(): { dir: string; first: string } {
  const dir = tempRepo();
  cpSync(EXAMPLE, dir, { recursive: true });
  const lastWeek = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('2026-W47.md'));
  expect(lastWeek.length).toBeGreaterThan(0);
  gitAt(dir, '2026-11-16T17:00:00Z', 'add', '-A', '--', '.', ...lastWeek.map((file) => `:(exclude)${file}`));
  gitAt(dir, '2026-11-16T17:00:00Z', 'commit', '-qm', 'the reviews up to 2026-W46');
  const first = git(dir, 'rev-parse', 'HEAD').trim();
  gitAt(dir, '2026-11-17T17:00:00Z', 'add', '--', ...lastWeek);
  gitAt(dir, '2026-11-17T17:00:00Z', 'commit', '-qm', 'weekly reviews 2026-W47');
  return { dir, first };
}

/** The files a commit changed, with their status letter (A, M, D). */
function changedBy(dir: string, rev = 'HEAD'): string[] {
  return git(dir, 'show', '--no-renames', '--name-status', '--format=', rev).trim().split('\n').map((line) => line.replace('\t', ' '));
}

function commits(dir: string): number {
  return Number(git(dir, 'rev-list', '--all', '--count').trim());
}

/** The packages a gzipped npm tarball holds, by name. */
function tarballFiles(path: string): string[] {
  return execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n');
}

describe('rhythm init --ci github', () => {
  it('on a new folder: writes the workbook, the workflow and the tarball of this rhythm, and commits them in one commit', () => {
    const dir = tempRepo();
    const result = rhythm(dir, ['init', '--ci', 'github']);
    expect(result.code, result.stderr).toBe(0);
    expect(commits(dir)).toBe(1);
    expect(changedBy(dir).sort()).toEqual([`A ${TARBALL}`, `A ${WORKFLOW}`, 'A .gitignore', 'A rhythm.yaml', 'A rhythm/customers.yaml']);
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(`rhythm init: rhythm.yaml, rhythm/customers.yaml, .gitignore, a GitHub workflow and rhythm ${version} for it to install`);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(result.stderr).toContain(`wrote ${TARBALL} (rhythm ${version}, which the workflow installs)`);
    // The package itself: what the installed command needs, no sources or tests.
    const files = tarballFiles(join(dir, TARBALL));
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/bin/rhythm');
    expect(files).toContain('package/dist/main.js');
    expect(files).toContain('package/templates/weekly.md');
    expect(files.filter((file) => !/^package\/(package\.json|README\.md|LICENSE|bin\/|dist\/|templates\/)/.test(file))).toEqual([]);
    // Every job installs it, and runs the rhythm it installed.
    const workflow = workflowOf(dir);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.steps.map((step) => step.run).filter((run) => run?.startsWith('npm install')), name).toEqual([`npm install --global --no-audit --no-fund ./${TARBALL}`]);
      expect(job.steps.some((step) => step.run?.includes('npx')), name).toBe(false);
    }
  });

  it('the workflow: check on pull requests; notify on pushes and every morning, runs that may overlap, with the full history and the webhook secrets; status weekly; the report at quarter end; the site on Pages', () => {
    const dir = tempRepo();
    expect(rhythm(dir, ['init', '--ci', 'github', '--fiscal-year-start', '2']).code).toBe(0);
    const workflow = workflowOf(dir);
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'notify', 'status', 'quarterly-report', 'site']);
    expect(workflow.on.schedule.map((schedule) => schedule.cron)).toEqual(['0 7 * * *', '0 7 * * 2', '0 6 1 2,5,8,11 *']);
    expect(workflow.on.push.paths).toEqual(['rhythm.yaml', 'rhythm/**', 'templates/**']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const { check, notify, status, site } = workflow.jobs as Record<string, Job>;
    expect(check!.if).toBe("github.event_name == 'pull_request'");
    expect(status!.if).toContain("github.event.schedule == '0 7 * * 2'");
    expect(notify!.if).toBe("(github.event_name == 'push' && github.ref_name == github.event.repository.default_branch) || (github.event_name == 'schedule' && github.event.schedule == '0 7 * * *')");
    // Runs announce disjoint things; a concurrency group would drop a waiting run's push.
    expect(notify!.concurrency).toBeUndefined();
    expect(notify!.permissions).toBeUndefined();
    expect(notify!.steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const notifying = notify!.steps.filter((step) => step.run?.includes('rhythm notify'));
    expect(notifying.map((step) => step.if)).toEqual(["github.event_name == 'push'", "github.event_name == 'schedule'"]);
    for (const step of notifying) {
      expect(step.env).toEqual({
        RHYTHM_SLACK_WEBHOOK: '${{ secrets.RHYTHM_SLACK_WEBHOOK }}',
        RHYTHM_TEAMS_WEBHOOK: '${{ secrets.RHYTHM_TEAMS_WEBHOOK }}',
        RHYTHM_WEBHOOK_URL: '${{ secrets.RHYTHM_WEBHOOK_URL }}',
      });
    }
    expect(notifying[0]!.run).toContain('rhythm notify --since ${{ github.event.before }}');
    expect(notifying[1]!.run).toBe('rhythm notify --since "$(date -u -d yesterday +%F)"');
    // The secrets reach the notify steps alone: not npm's install (dependencies' scripts run there), nor any other job.
    expect(read(dir, WORKFLOW).match(/secrets\./g)).toHaveLength(6);
    expect(read(dir, WORKFLOW)).toMatch(/env: +# the variables `notify:` in rhythm.yaml names/);
    // Only the job publishing the site on GitHub Pages writes to it, with the official actions.
    expect(site!.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(site!.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(site!.steps.map((step) => step.uses?.replace(/@.*/, '')).filter(Boolean)).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'actions/configure-pages',
      'actions/upload-pages-artifact',
      'actions/deploy-pages',
    ]);
    expect(site!.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))!.with).toEqual({ path: 'rhythm-site/', 'include-hidden-files': true });
  });

  it('on an existing workbook: adds the workflow and the tarball without --force, touches nothing else, and commits only those', () => {
    const { dir } = exampleRepo();
    // The user's own work in progress: an edit of rhythm.yaml, a staged file.
    const config = `${read(dir, 'rhythm.yaml')}# a comment of mine, not committed yet\n`;
    writeFiles(dir, { 'rhythm.yaml': config, 'notes.md': 'mine\n' });
    git(dir, 'add', 'notes.md');
    const before = commits(dir);
    const result = rhythm(dir, ['init', '--ci', 'github']);
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'rhythm.yaml')).toBe(config);
    expect(commits(dir)).toBe(before + 1);
    expect(changedBy(dir).sort()).toEqual([`A ${TARBALL}`, `A ${WORKFLOW}`]);
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(`rhythm init --ci github: a GitHub workflow and rhythm ${version} for it to install`);
    expect(git(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M rhythm.yaml', 'A  notes.md']);
    // The workflow follows the workbook's rhythm.yaml: reviews beside it, a fiscal year from February.
    const workflow = workflowOf(dir);
    expect(workflow.on.push.paths).toEqual(['rhythm.yaml', '**', 'templates/**']);
    expect(workflow.on.schedule.map((schedule) => schedule.cron)).toContain('0 6 1 2,5,8,11 *');
    expect(result.stderr).not.toContain('rhythm.yaml is left as it is');
  });

  it('a workflow rhythm did not write is refused without --force, and replaced with it; rhythm.yaml is never reset', () => {
    const { dir } = exampleRepo();
    const config = read(dir, 'rhythm.yaml');
    writeFiles(dir, { [WORKFLOW]: 'name: ours\non: push\n' });
    git(dir, 'add', WORKFLOW);
    git(dir, 'commit', '-qm', 'our workflow');
    const before = commits(dir);
    const refused = rhythm(dir, ['init', '--ci', 'github']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`rhythm: ${WORKFLOW} exists and was not written by rhythm: pass --force to replace it, or move it away\n`);
    expect(read(dir, WORKFLOW)).toBe('name: ours\non: push\n');
    expect(existsSync(join(dir, '.github/rhythm'))).toBe(false);
    expect(commits(dir)).toBe(before);
    const forced = rhythm(dir, ['init', '--ci', 'github', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(read(dir, WORKFLOW)).toMatch(/^# Written by rhythm init --ci github\./);
    expect(read(dir, 'rhythm.yaml')).toBe(config);
    expect(changedBy(dir).sort()).toEqual([`A ${TARBALL}`, `M ${WORKFLOW}`]);
  });

  it('again, by another version of rhythm: its own workflow is replaced without --force, and the older tarball removed in the same commit', () => {
    const dir = tempRepo();
    expect(rhythm(dir, ['init', '--ci', 'github']).code).toBe(0);
    const older = '.github/rhythm/operating-rhythm-0.0.9.tgz';
    git(dir, 'mv', TARBALL, older);
    writeFiles(dir, { [WORKFLOW]: read(dir, WORKFLOW).replaceAll(TARBALL, older) });
    git(dir, 'commit', '-qam', 'rhythm 0.0.9');
    const result = rhythm(dir, ['init', '--ci', 'github']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`removed ${older} (an older rhythm)`);
    expect(changedBy(dir).sort()).toEqual([`A ${TARBALL}`, `D ${older}`, `M ${WORKFLOW}`]);
    expect(readdirSync(join(dir, '.github/rhythm'))).toEqual([`operating-rhythm-${version}.tgz`]);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // Once more: nothing changes, nothing to commit.
    const again = rhythm(dir, ['init', '--ci', 'github']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing to commit');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('with git.commit: false commits nothing and says which files to commit; outside a repository too', () => {
    const { dir } = exampleRepo();
    writeFiles(dir, { 'rhythm.yaml': read(dir, 'rhythm.yaml').replace('commit: true', 'commit: false') });
    git(dir, 'commit', '-qam', 'no commits by rhythm');
    const before = commits(dir);
    const result = rhythm(dir, ['init', '--ci', 'github']);
    expect(result.code, result.stderr).toBe(0);
    expect(commits(dir)).toBe(before);
    expect(result.stderr).toContain(`not committed (git.commit: false): commit ${TARBALL}, ${WORKFLOW}`);

    const outside = tempDir();
    const run = rhythm(outside, ['init', '--ci', 'github']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('not a git repository');
    expect(run.stderr).toContain(`commit these files once it is: rhythm.yaml, rhythm/customers.yaml, .gitignore, ${TARBALL}, ${WORKFLOW}`);
  });

  it('a .gitignore of the user\'s gets the drafts line but is not committed', () => {
    const dir = tempRepo({ '.gitignore': 'node_modules/\n' });
    const result = rhythm(dir, ['init']);
    expect(result.code, result.stderr).toBe(0);
    expect(changedBy(dir).sort()).toEqual(['A rhythm.yaml', 'A rhythm/customers.yaml']);
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('rhythm init: rhythm.yaml, rhythm/customers.yaml');
    expect(read(dir, '.gitignore')).toContain('.rhythm/');
    expect(git(dir, 'status', '--porcelain')).toBe('?? .gitignore\n');
    expect(result.stderr).toContain('not committed, as it holds lines of yours: .gitignore');
  });

  it('without npm: says so in one line, and still writes and commits the workflow, which says how to add the tarball', () => {
    const dir = tempRepo();
    // A PATH with node and git, and no npm.
    const bin = tempDir();
    for (const tool of ['node', 'git']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
    const result = rhythm(dir, ['init', '--ci', 'github'], { env: { PATH: bin } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.includes('npm'))).toEqual([
      `warning: rhythm's tarball was not written (npm is not installed (or not on PATH)): the workflow installs rhythm from ${TARBALL}; run \`rhythm init --ci github\` again where npm works`,
    ]);
    expect(existsSync(join(dir, '.github/rhythm'))).toBe(false);
    expect(read(dir, WORKFLOW)).toContain(`# ${TARBALL} was not written (npm was missing or failed)`);
    expect(workflowOf(dir).jobs.check!.steps.some((step) => step.run === `npm install --global --no-audit --no-fund ./${TARBALL}`)).toBe(true);
    expect(changedBy(dir)).toContain(`A ${WORKFLOW}`);
  });

  it('a workbook in a folder of the repository: the workflow at the top, its commands run there with -C', () => {
    const dir = tempRepo();
    mkdirSync(join(dir, 'customer reviews'));
    const result = rhythm(join(dir, 'customer reviews'), ['init', '--ci', 'github']);
    expect(result.code, result.stderr).toBe(0);
    expect(changedBy(dir).sort()).toEqual([
      `A ${TARBALL}`,
      `A ${WORKFLOW}`,
      'A customer reviews/.gitignore',
      'A customer reviews/rhythm.yaml',
      'A customer reviews/rhythm/customers.yaml',
    ]);
    const workflow = workflowOf(dir);
    expect(workflow.on.pull_request.paths).toEqual(['customer reviews/rhythm.yaml', 'customer reviews/rhythm/**', 'customer reviews/templates/**']);
    expect(workflow.jobs.check!.steps.at(-1)!.run).toBe("rhythm -C 'customer reviews' check");
    expect(workflow.jobs['quarterly-report']!.steps.at(-1)!.with).toEqual({ name: 'rhythm-quarterly-report', path: 'customer reviews/rhythm-report/' });
  });
});

describe('every rhythm command of the workflow', () => {
  /** Whether this build has `rhythm notify` (built at the same time as this workflow). */

  it('runs, as GitHub runs it, against the example workbook in a repository of several commits', () => {
    const { dir, first } = exampleRepo();
    const init = rhythm(dir, ['init', '--ci', 'github'], { env: CLOCK });
    expect(init.code, init.stderr).toBe(0);
    // `rhythm` on PATH, as npm's global install puts it, reading the fixed clock.
    const bin = tempDir();
    writeFileSync(join(bin, 'rhythm'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'rhythm'), 0o755);
    const steps = Object.entries(workflowOf(dir).jobs).flatMap(([job, { steps }]) => steps.filter((step) => /(^|\s)rhythm\s/m.test(step.run ?? '')).map((step) => ({ job, step })));
    expect(steps.map(({ job }) => job)).toEqual(['check', 'notify', 'notify', 'status', 'quarterly-report', 'site']);

    /** A step's script as the runner gets it (expressions filled in), run by bash as GitHub runs it: `bash --noprofile --norc -eo pipefail`. */
    const run = (step: Step, before: string) => {
      const script = step
        .run!.replaceAll('${{ github.event.before }}', before)
        // The runner's date is GNU date; the day is the fixed clock's.
        .replaceAll('$(date -u -d yesterday +%F)', YESTERDAY)
        // Nothing is posted from a test.
        .replaceAll('rhythm notify', 'rhythm notify --dry-run');
      expect(script, 'an expression the test does not fill in').not.toContain('${{');
      // Secrets not set are empty strings on GitHub.
      const secrets = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replace(/\$\{\{ secrets\.\w+ \}\}/, '')]));
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ...CLOCK, ...secrets, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', TZ: 'UTC', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
      });
      return { ...result, script, output: `${result.stdout}${result.stderr}` };
    };

    for (const { job, step } of steps) {
      const result = run(step, first);
      expect(result.status, `${job}: ${result.script}\n${result.output}`).toBe(0);
      expect(result.output).not.toMatch(/unknown option|error:/);
      if (step.if === "github.event_name == 'push'") expect(result.output, 'notify reads what the commits since the push\'s before brought').toContain(first.slice(0, 7));
    }
    expect(existsSync(join(dir, 'rhythm-report'))).toBe(true);
    expect(existsSync(join(dir, 'rhythm-site/index.html'))).toBe(true);

    // A new branch's first push: before is all zeros, and notify catches up on the days since yesterday instead.
    // A new branch: before is all zeros, so the step falls back to yesterday's date.
    const push = steps.find(({ step }) => step.if === "github.event_name == 'push'")!.step;
    const result = run(push, '0'.repeat(40));
    expect(result.status, result.output).toBe(0);
    expect(result.output).not.toContain(first.slice(0, 7));
  });

});
