import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, rhythm, writeFiles } from '../helpers/workbook.js';

/**
 * The completion scripts of `rhythm completion`, run in the real shells: each sources its script
 * and completes command lines in a temporary workbook, the candidates coming from the built
 * rhythm (`rhythm __complete`), found on PATH as a user's would be. The clock is 24 November 2026.
 */
const CLOCK = { NODE_OPTIONS: `--import=${new URL('../helpers/fixed-clock.mjs', import.meta.url).href}`, RHYTHM_TEST_NOW: '2026-11-24T10:00:00Z', TZ: 'UTC' };

const CONFIG = `workbook: reviews
fiscalYearStartMonth: 2
teams:
  - { id: emea-cs, name: EMEA Customer Success }
  - { id: na-accounts, name: North America Accounts }
rituals:
  monthly: { template: monthly, cadence: month }
`;
const REGISTRY = 'customers:\n  - { id: acme, name: Acme Corp }\n  - { id: globex, name: Globex }\n';

const MONTHS = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'];
const WEEKS = ['2026-W48', '2026-W47', '2026-W46', '2026-W45', '2026-W44', '2026-W43', '2026-W42', '2026-W41'];
const COMMANDS = ['init', 'weekly', 'quarterly', 'annual', 'new', 'report', 'status', 'actions', 'customers', 'brief', 'notify', 'check', 'open', 'completion'];

let root: string;
let workbook: string;
let outside: string;
let path: string;
let home: string;
/** Folders set up once for all tests (tempDir's are removed after each test). */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rhythm-test-completion-'));
  [workbook, outside, home] = ['workbook', 'outside', 'home'].map((name) => join(root, name)) as [string, string, string];
  writeFiles(workbook, { 'rhythm.yaml': CONFIG, 'reviews/customers.yaml': REGISTRY });
  writeFiles(outside, { '.keep': '' });
  // `rhythm` on PATH: the built one, run by this Node.
  const bin = join(root, 'bin');
  writeFiles(bin, { rhythm: '' });
  writeFileSync(join(bin, 'rhythm'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'rhythm'), 0o755);
  path = `${bin}:${process.env.PATH ?? ''}`;
  for (const shell of ['bash', 'zsh', 'fish']) writeFiles(home, { [`rhythm.${shell}`]: rhythm(outside, ['completion', shell]).stdout });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Whether a shell is installed here. */
function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

/** The cases every shell completes (the word being completed is empty: zsh's compadd, not the script, filters by prefix). */
function cases(): [cwd: string, words: string[], expected: string[]][] {
  return [
    [workbook, ['rhythm', 'customers', ''], ['acme', 'globex']],
    [workbook, ['rhythm', 'brief', '--team', 'emea-cs', ''], ['acme', 'globex']],
    [workbook, ['rhythm', 'heard', ''], ['acme', 'globex']],
    [workbook, ['rhythm', 'heard', 'acme', ''], []],
    [workbook, ['rhythm', 'report', '--team', ''], ['emea-cs', 'na-accounts']],
    [workbook, ['rhythm', 'new', ''], ['weekly', 'quarterly', 'annual', 'monthly']],
    [workbook, ['rhythm', 'new', 'monthly', '--period', ''], MONTHS],
    [workbook, ['rhythm', 'new', '--team', 'emea-cs', 'monthly', '--period', ''], MONTHS],
    [workbook, ['rhythm', 'open', '--period', ''], WEEKS],
    [workbook, ['rhythm', 'weekly', '--week', ''], WEEKS],
    [join(workbook, 'reviews'), ['rhythm', 'report', '--quarter', ''], ['FY2027-Q4', 'FY2027-Q3', 'FY2027-Q2', 'FY2027-Q1']],
    [workbook, ['rhythm', 'annual', '--year', ''], ['FY2027', 'FY2026']],
    [outside, ['rhythm', '-C', workbook, 'customers', ''], ['acme', 'globex']],
    [outside, ['rhythm', 'customers', ''], []],
    [outside, ['rhythm', 'new', 'monthly', '--period', ''], []],
  ];
}

/** Runs `script` in `shell` in `cwd`, with rhythm on PATH and a home of its own. */
function inShell(shell: string, args: string[], script: string, cwd: string) {
  const env = { PATH: path, HOME: home, ZDOTDIR: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), ...CLOCK };
  const result = spawnSync(shell, [...args, script], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
const sorted = (lines: string[]) => [...lines].sort();

describe.each([
  {
    shell: 'bash',
    args: ['--norc', '--noprofile', '-c'],
    // As bash calls it on a Tab: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
    complete: (words: string[]) =>
      `source "$HOME/rhythm.bash"; COMP_WORDS=(${words.map(quoted).join(' ')}); COMP_CWORD=${words.length - 1}; _rhythm_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
  },
  {
    shell: 'zsh',
    args: ['-f', '-c'],
    // As zsh's bashcompinit calls it (its _bash_complete): COMP_WORDS and COMP_CWORD set, then its compgen -F.
    complete: (words: string[]) =>
      `source "$HOME/rhythm.zsh"; COMP_WORDS=(${words.map(quoted).join(' ')}); COMP_CWORD=${words.length - 1}; compgen -F _rhythm_completion -- ${quoted(words.at(-1)!)}`,
  },
  {
    shell: 'fish',
    args: ['--no-config', '-c'],
    // fish completes the command line itself (complete -C), as on a Tab; a candidate's description follows a tab.
    complete: (words: string[]) => `source "$HOME/rhythm.fish"; complete -C ${quoted(words.join(' '))} | cut -f1`,
  },
])('completion in $shell', ({ shell, args, complete }) => {
  const available = installed(shell);
  if (!available) console.warn(`${shell} is not installed here: its completion end-to-end test is skipped (install ${shell} to run it)`);

  it.skipIf(!available)('completes ids and recent periods from the workbook here (or -C), and nothing outside one, with never a word on stderr', () => {
    for (const [cwd, words, expected] of cases()) {
      const result = inShell(shell, args, complete(words), cwd);
      expect({ code: result.code, stderr: result.stderr }, words.join(' ')).toEqual({ code: 0, stderr: '' });
      expect(sorted(result.stdout.split('\n').filter(Boolean)), `${words.join(' ')} (in ${cwd === outside ? 'no workbook' : cwd})`).toEqual(sorted(expected));
    }
    // The word typed so far narrows them (in zsh, compadd does that, after the script).
    if (shell !== 'zsh') expect(inShell(shell, args, complete(['rhythm', 'brief', 'g']), workbook).stdout).toBe('globex\n');
  });

  it.skipIf(!available)('completes commands and flags as before', () => {
    const commands = inShell(shell, args, complete(['rhythm', '']), workbook).stdout.split('\n');
    expect(commands).toEqual(expect.arrayContaining(COMMANDS));
    expect(commands).not.toContain('__complete');
    const flags = inShell(shell, args, complete(['rhythm', 'report', '--quarter', '--st']), workbook).stdout.split('\n');
    expect(flags).toEqual(expect.arrayContaining(['--stdout', '--strict']));
    if (shell !== 'zsh') expect(flags.filter(Boolean).sort()).toEqual(['--stdout', '--strict']);
  });
});
