/**
 * Issue 5, "Drafts": a terminal closed in the middle of the questions (the window shut, the SSH
 * connection dropped: SIGHUP) keeps the answers given so far as a draft, and the next run resumes.
 * Ctrl-C is proved by tests/commands/weekly.test.ts and tests/e2e/pty.e2e.test.ts; this closes the
 * real terminal (a tmux session) under the built CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { scriptedPrompter, testContext } from '../helpers/context.js';
import { until } from '../helpers/tmux.js';
import { BIN, tempRepo } from '../helpers/workbook.js';
import { CONFIG, REGISTRY } from './helpers.js';

const socket = `rhythm-reliability-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'rhythm');

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

const waitFor = (text: string) => until(text, () => (screen().includes(text) ? true : undefined));

describe('a terminal closed during the questions', () => {
  it('keeps the answers so far as a draft, writes no review, and the next run resumes after them', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const draft = join(dir, '.rhythm/drafts/emea-cs/weekly/2026-W48.json');
    tmux('new-session', '-d', '-s', 'rhythm', '-x', '140', '-y', '50', `cd '${dir}' && NO_COLOR=1 TZ=UTC '${process.execPath}' '${BIN}' weekly --date 2026-11-24 --no-commit`);
    await waitFor('Who is taking part?');
    // ana and bo are checked; "someone else…" is the third choice.
    tmux('send-keys', '-t', 'rhythm', 'Down', 'Down', 'Space', 'Enter');
    await waitFor('Who else?');
    tmux('send-keys', '-t', 'rhythm', '-l', 'cy');
    tmux('send-keys', '-t', 'rhythm', 'Enter');
    await waitFor('Which customers did we talk to this week?');
    // Close the terminal: the session's processes get SIGHUP.
    tmux('kill-session', '-t', 'rhythm');

    const saved = await until('the draft', () => (existsSync(draft) ? (JSON.parse(readFileSync(draft, 'utf8')) as { participants: string[]; answered: string[] }) : undefined));
    expect(saved.participants).toEqual(['ana', 'bo', 'cy']);
    expect(saved.answered).toEqual(['participants']);
    expect(existsSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'))).toBe(false);

    // The next run offers to resume and asks only what is left.
    const prompter = scriptedPrompter({
      'draft:resume': true,
      customers: ['acme', 'done'],
      'heard:acme': [''],
      'flags:customer': 'done',
      value: [''],
      hard_to_hear: '',
      assumptions: '',
      value_confidence: 4,
      actions: [''],
    });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], context), context.err()).toBe(0);
    expect(prompter.asked.slice(0, 2)).toEqual(['draft:resume', 'customers']);
    expect(readFileSync(join(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'utf8')).toContain('participants: [ana, bo, cy]');
    expect(existsSync(draft)).toBe(false);
  }, 120_000);

  it('a process killed outright (kill -9: no handler runs) still leaves the answers given so far', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const draft = join(dir, '.rhythm/drafts/emea-cs/weekly/2026-W48.json');
    tmux('new-session', '-d', '-s', 'rhythm', '-x', '140', '-y', '50', `cd '${dir}' && NO_COLOR=1 TZ=UTC '${process.execPath}' '${BIN}' weekly --date 2026-11-24 --no-commit; sleep 60`);
    await waitFor('Who is taking part?');
    tmux('send-keys', '-t', 'rhythm', 'Enter');
    await waitFor('Which customers did we talk to this week?');
    const shell = tmux('list-panes', '-t', 'rhythm', '-F', '#{pane_pid}').trim();
    const rhythm = ['-P', shell, '-f', BIN];
    execFileSync('pkill', ['-KILL', ...rhythm]);
    await until('rhythm to be gone', () => (spawnSync('pgrep', rhythm).status === 1 ? true : undefined));
    const saved = JSON.parse(readFileSync(draft, 'utf8')) as { participants: string[]; answered: string[] };
    expect(saved.participants).toEqual(['ana', 'bo']);
    expect(saved.answered).toEqual(['participants']);
  }, 120_000);
});
