/**
 * `rhythm notify` as CI runs it: each run in a fresh clone of the team's repository, knowing
 * nothing of the runs before, posting to a Slack-shaped endpoint (a local HTTP server). A flag
 * raised in a weekly on a branch and merged reaches the endpoint once across the runs that
 * follow (the push's, the next days' schedules, a later push), and its resolution two weeks later
 * too. Commit dates are set, so every run sees the same history on any machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, git, tempDir, tempRepo, writeFiles } from '../helpers/workbook.js';

const CONFIG = `workbook: rhythm
teams:
  - id: na
    name: North America Accounts
    members: [dana, eli]
rituals:
  weekly: { template: weekly, cadence: week }
notify:
  - { type: slack, env: RHYTHM_SLACK_WEBHOOK }
`;

const REGISTRY = `customers:
  - id: stark
    name: Stark Logistics
  - id: wayne
    name: Wayne Foods
`;

function weekly(period: string, date: string, flags: string, body = ''): string {
  return `---
rhythm: 1
ritual: weekly
period: ${period}
team: na
date: ${date}
participants: [dana, eli]
customers: [stark, wayne]
${flags}
---
# Weekly customer review — ${period}

## What did we hear, in their words?  <!-- q:heard -->

- Stark Logistics: "The route costs are wrong since our ERP migration."
${body}`;
}

const FLAGGED = `flags:
  - customer: stark
    reason: route costs wrong since the ERP migration`;

/** git with both dates set to `when` (ISO, UTC), as a commit made that day would have them. */
function gitOn(dir: string, when: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
}

interface Posted {
  text: string;
  blocks: unknown[];
}

describe('notify in CI-like runs, each in a fresh clone', () => {
  let server: Server;
  let url: string;
  const posted: Posted[] = [];
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        posted.push(JSON.parse(body) as Posted);
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/hook`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** A fresh clone, `rhythm notify` in it, as the workflow's step would run it. */
  function ciRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return ciRunWith(args, {});
  }

  function ciRunWith(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', origin, clone);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'notify', ...args], {
        cwd: clone,
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', RHYTHM_SLACK_WEBHOOK: url, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function head(dir: string): string {
    return git(dir, 'rev-parse', 'HEAD').trim();
  }

  const mentions = (text: string) => posted.filter((post) => JSON.stringify(post).includes(text)).length;

  /**
   * The team's repository and its origin (each test's own: temporary folders go after a test):
   * the weekly of W46 pushed on 10 November; W47, on a branch, flags Stark; merged on the 18th.
   * Returns the working clone and the head before the merge.
   */
  function teamRepository(): { work: string; before: string } {
    origin = join(tempDir(), 'origin.git');
    git(tempDir(), 'init', '-q', '--bare', '-b', 'main', origin);
    const work = tempRepo();
    writeFiles(work, { 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/na/weekly/2026-W46.md': weekly('2026-W46', '2026-11-10', '') });
    git(work, 'add', '.');
    gitOn(work, '2026-11-10T15:00:00Z', 'commit', '-q', '-m', 'W46');
    git(work, 'remote', 'add', 'origin', origin);
    git(work, 'push', '-q', 'origin', 'main');
    const before = head(work);
    git(work, 'switch', '-q', '-c', 'weekly-w47');
    writeFiles(work, { 'rhythm/na/weekly/2026-W47.md': weekly('2026-W47', '2026-11-17', FLAGGED) });
    git(work, 'add', '.');
    gitOn(work, '2026-11-17T16:00:00Z', 'commit', '-q', '-m', 'W47');
    git(work, 'switch', '-q', 'main');
    gitOn(work, '2026-11-18T09:00:00Z', 'merge', '-q', '--no-ff', '-m', 'Merge weekly-w47', 'weekly-w47');
    git(work, 'push', '-q', 'origin', 'main');
    return { work, before };
  }

  it('announces a flag merged from a branch once, and its resolution two weeks later once', async () => {
    const { work, before } = teamRepository();

    // Run 1: the push. Runs 2 and 3: the schedules of the next two mornings.
    expect((await ciRun(['--since', before, '--date', '2026-11-18'])).code).toBe(0);
    expect((await ciRun(['--since', '2026-11-18', '--date', '2026-11-19'])).code).toBe(0);
    expect((await ciRun(['--since', '2026-11-19', '--date', '2026-11-20'])).code).toBe(0);
    expect(mentions('Not receiving value')).toBe(1);
    expect(mentions('Stark Logistics')).toBe(1);

    // W48 still flags Stark; W49, two weeks after the flag, resolves it. Each pushed in its week.
    const beforeW48 = head(work);
    writeFiles(work, { 'rhythm/na/weekly/2026-W48.md': weekly('2026-W48', '2026-11-24', `${FLAGGED}\n    since: 2026-W47`) });
    git(work, 'add', '.');
    gitOn(work, '2026-11-24T15:00:00Z', 'commit', '-q', '-m', 'W48');
    git(work, 'push', '-q', 'origin', 'main');
    expect((await ciRun(['--since', beforeW48, '--date', '2026-11-24'])).code).toBe(0);

    const beforeW49 = head(work);
    writeFiles(work, {
      'rhythm/na/weekly/2026-W49.md': weekly('2026-W49', '2026-12-01', 'resolved:\n  - customer: stark\n    since: 2026-W47\n    note: connector fixed, all depots reconciled'),
    });
    git(work, 'add', '.');
    gitOn(work, '2026-12-01T15:00:00Z', 'commit', '-q', '-m', 'W49');
    git(work, 'push', '-q', 'origin', 'main');
    expect((await ciRun(['--since', beforeW49, '--date', '2026-12-01'])).code).toBe(0);
    // The schedule of the same day, after the push: the day began before W49 was committed, so
    // the resolution is the push's to announce, not the day's.
    expect((await ciRun(['--since', '2026-11-30', '--date', '2026-12-01'])).code).toBe(0);
    expect((await ciRun(['--since', '2026-12-01', '--date', '2026-12-02'])).code).toBe(0);
    expect((await ciRun(['--since', '2026-12-02', '--date', '2026-12-03'])).code).toBe(0);

    expect(mentions('Not receiving value')).toBe(1);
    expect(mentions('Resolved')).toBe(1);
    const resolution = posted.find((post) => JSON.stringify(post).includes('Resolved'))!;
    expect(resolution.text).toContain('Stark Logistics');
    expect(JSON.stringify(resolution)).toContain('14 days');
    expect(posted).toHaveLength(2);
  }, 60_000);

  it('prints with --dry-run and posts nothing; says in one line when a destination is not set or cannot be reached', async () => {
    const { before: since } = teamRepository();
    const before = posted.length;
    const dry = await ciRunWith(['--since', since, '--dry-run'], {});
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('# slack (RHYTHM_SLACK_WEBHOOK)');
    expect(JSON.parse(dry.stdout.slice(dry.stdout.indexOf('{'))).blocks.length).toBeGreaterThan(1);
    expect(posted.length).toBe(before);

    const unset = await ciRunWith(['--since', since], { RHYTHM_SLACK_WEBHOOK: '' });
    expect(unset.code).toBe(1);
    expect(unset.stderr.trim()).toBe('error: slack (RHYTHM_SLACK_WEBHOOK): RHYTHM_SLACK_WEBHOOK is not set: set it to the webhook\'s URL (in CI, a secret passed as env)');

    // A port nobody listens on: refused, retried, one line without the URL, exit 1.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await ciRunWith(['--since', since], { RHYTHM_SLACK_WEBHOOK: `http://127.0.0.1:${port}/services/SECRET` });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('slack (RHYTHM_SLACK_WEBHOOK)');
    expect(refused.stderr).not.toContain('SECRET');
    expect(posted.length).toBe(before);
  }, 60_000);
});
