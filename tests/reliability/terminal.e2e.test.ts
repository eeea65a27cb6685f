/**
 * What reaches the terminal is what the data says, and what is recorded is what the person saw.
 * A workbook whose customer names, quotes, flag reasons, action titles and file names hold escape
 * sequences (conceal, black on black, a clipboard write): no command lets one through, colour on
 * or off, while rhythm's own colours still appear with FORCE_COLOR=1. Then the same workbook in a
 * real terminal (tmux) through a whole `rhythm weekly`; then the customer search, a term and Enter
 * sent in one chunk, many times (`RHYTHM_TRIALS=200` for more than CI runs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmuxTerminal } from '../helpers/tmux.js';
import { CONFIG, read, tempRepo } from '../helpers/workbook.js';
import { expectNoCrash, pool, rhythmAsync } from './helpers.js';

const ESC = '\u001b';
const CONCEAL = `${ESC}[8m`;
const BLACK = `${ESC}[30;40m`;
const RESET = `${ESC}[0m`;
const CLIPBOARD = `${ESC}]52;c;ZWNobyBwd25lZA==\u0007`;

/** Written the way a person pastes from a terminal: YAML's "\e" in the registry, raw bytes in the reviews. */
const HOSTILE = {
  'rhythm.yaml': CONFIG,
  'rhythm/customers.yaml': [
    'customers:',
    '  - id: acme',
    '    name: "Acme \\e[8mHIDDEN\\e[0m Corp"',
    '  - id: globex',
    '    name: "\\e[30;40mGlobex\\e[0m"',
    '  - id: initech',
    '    name: "Initech\\e]52;c;ZWNobyBwd25lZA==\\a"',
    '    segment: "mid-market \\e[8mconcealed\\e[0m"',
    '',
  ].join('\n'),
  'rhythm/emea-cs/weekly/2026-W47.md': [
    '---',
    'rhythm: 1',
    'ritual: weekly',
    'period: 2026-W47',
    'team: emea-cs',
    'date: 2026-11-17',
    'participants: [ana, bo]',
    'customers: [acme, globex, initech]',
    'flags:',
    '  - customer: globex',
    '    reason: "onboarding \\e[8mSECRET\\e[0m stalled"',
    '    since: 2026-W47',
    'scores:',
    '  value_confidence: 3',
    '---',
    '# Weekly customer review — 2026-W47',
    '',
    '## What did we hear, in their words?  <!-- q:heard -->',
    '',
    `- Acme Corp: "The export ${CONCEAL}saves${RESET} our analysts a day." #reporting`,
    `- Initech: "Renewal ${BLACK}at risk${RESET}" ${CLIPBOARD}`,
    '',
    '## What will we do about it?  <!-- q:actions -->',
    '',
    `- [ ] Call Acme ${BLACK}sponsor${RESET} @ana due:2026-11-20 #acme`,
    `- [ ] Call Acme ${CONCEAL}CFO${RESET} @bo due:2026-12-04 #acme`,
    '',
  ].join('\n'),
  [`rhythm/emea-cs/weekly/notes ${CONCEAL}x${RESET}.md`]: '# notes\n',
};

/** rhythm's own colours: what chalk writes for bold, dim, red, green, yellow and cyan, and their ends. */
const OWN = new RegExp(`${ESC}\\[(1|2|22|31|32|33|36|39)m`, 'g');
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const COMMANDS = [
  ['status', '--date', '2026-11-24'],
  ['actions', '--date', '2026-11-24'],
  ['customers', '--date', '2026-11-24'],
  ['customers', 'globex', '--date', '2026-11-24'],
  ['check'],
  ['report', '--stdout', '--quarter', '2026-Q4'],
  ['report', '--stdout', '--quarter', '2026-Q4', '--format', 'html'],
  ['weekly', '--date', '2026-11-24', '--answers', 'bad.yaml'],
  ['report', '--stdout', '--quarter', '2026-Q4', '--format', 'json'],
];
const ENVIRONMENTS: [string, NodeJS.ProcessEnv][] = [
  ['NO_COLOR=1', { NO_COLOR: '1' }],
  ['FORCE_COLOR=1', { NO_COLOR: undefined, FORCE_COLOR: '1' }],
  ['no colour variable, no terminal', { NO_COLOR: undefined, FORCE_COLOR: undefined }],
];

describe('a workbook holding escape sequences, through every command that shows it', () => {
  it.each(ENVIRONMENTS)('%s: no control character of the data reaches stdout or stderr', async (_, env) => {
    // "Call Acme" starts both carried actions: the refusal lists their titles, escapes and all.
    const dir = tempRepo({ ...HOSTILE, 'bad.yaml': 'customers: [acme]\nvalue_confidence: 3\ncarry:\n  actions:\n    Call Acme: done\n' });
    const runs = await pool(COMMANDS, 2, (args) => rhythmAsync(dir, args, { env }));
    runs.forEach((run, index) => {
      const what = `rhythm ${COMMANDS[index]!.join(' ')}`;
      expectNoCrash(run);
      for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        const rest = text.replace(OWN, '');
        expect(rest, `${what}: ${stream}\n${JSON.stringify(text)}`).not.toMatch(CONTROL);
        if (env.FORCE_COLOR !== '1') expect(text, `${what}: ${stream} has colour codes with colour off`).toBe(rest);
      }
    });
    const [status, actions, customers, timeline, check, report, html, weekly] = runs.map((run) => `${run.stdout}${run.stderr}`);
    // What was hidden is now on the screen, its escapes visibly replaced.
    expect(customers).toContain('Acme \uFFFD[8mHIDDEN\uFFFD[0m Corp');
    expect(status).toContain('onboarding \uFFFD[8mSECRET\uFFFD[0m stalled');
    expect(actions).toContain('Call Acme \uFFFD[30;40msponsor\uFFFD[0m');
    expect(timeline).toContain('\uFFFD[30;40mGlobex\uFFFD[0m');
    // A file name is shown with its control characters escaped (\u001b) or replaced: either way, seen.
    expect(check).toMatch(/notes (\\u001b|\uFFFD)\[8mx/);
    expect(report).toContain('saves\uFFFD[0m our analysts');
    expect(html).toContain('Initech');
    expect(weekly).toContain('bad.yaml: carry: actions: "Call Acme" starts 2 open actions: "Call Acme \uFFFD[30;40msponsor\uFFFD[0m" @ana, "Call Acme \uFFFD[8mCFO\uFFFD[0m" @bo');
    if (env.FORCE_COLOR === '1') {
      expect(runs[0]!.stdout).toContain(`${ESC}[1mEMEA Customer Success (emea-cs)${ESC}[22m`);
      expect(runs[1]!.stdout).toContain(`${ESC}[31mdue 2026-11-20`);
      expect(runs[2]!.stdout).toContain(`${ESC}[33msince 2026-W47`);
      expect(runs[2]!.stderr).toContain(`${ESC}[33mwarning:${ESC}[39m skipped: rhythm/emea-cs/weekly/notes `);
    }
  });
});

describe('what a person typed, echoed back by the command line parser', () => {
  it('an unknown option holding an escape sequence is shown with the escape replaced', async () => {
    const run = await rhythmAsync(tempRepo({ 'rhythm.yaml': CONFIG }), ['status', '--\u001b[8mhidden'], { env: { FORCE_COLOR: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--\uFFFD[8mhidden'");
    expect(run.stderr).not.toContain('\u001b[8m');
  });
});

const terminal = tmuxTerminal('rhythm-terminal');
afterEach(() => terminal.kill());

/** The SGR parameters tmux holds for the screen's cells, each code as a list (38/48 colours kept whole). */
function attributes(screen: string): string[][] {
  // eslint-disable-next-line no-control-regex -- reading escape codes is the point
  return [...screen.matchAll(/\u001b\[([0-9;:]*)m/g)].map((match) => match[1]!.split(';'));
}

/** Whether any cell was concealed, or painted black on black, by the codes tmux records. */
function hidden(screen: string): string[] {
  return attributes(screen)
    .filter((codes) => codes[0] !== '38' && codes[0] !== '48')
    .flat()
    .filter((code) => code === '8' || code === '30' || code === '40');
}

describe.each([
  ['NO_COLOR=1', { NO_COLOR: '1' }],
  ['colour on', {} as Record<string, string>],
])('rhythm weekly in a real terminal on that workbook, %s', (_, env) => {
  it('shows every carried name, reason and title, hides nothing, and records what was picked', async () => {
    const dir = tempRepo(HOSTILE);
    const session = 'weekly';
    const { keys, waitFor } = { keys: (...names: string[]) => terminal.keys(session, ...names), waitFor: (text: string | RegExp) => terminal.waitFor(session, text) };
    terminal.start(session, dir, 'weekly --date 2026-11-24 --no-commit', env);
    await waitFor('Who is taking part?');
    keys('Enter');
    await waitFor(/Globex.* has not been receiving value since 2026-W47\. Now\?/);
    await waitFor(/still not receiving value: onboarding \uFFFD\[8mSECRET\uFFFD\[0m stalled/);
    keys('Enter'); // still not receiving value, for the same reason
    // The carried actions, all in one prompt: Enter leaves them open.
    await waitFor(/Call Acme \uFFFD\[30;40msponsor\uFFFD\[0m/);
    await waitFor(/Call Acme \uFFFD\[8mCFO\uFFFD\[0m/);
    keys('Enter');
    await waitFor('Which customers did we talk to this week?');
    await waitFor('HIDDEN');
    // A term and Enter in one chunk: the pick is the term's first match.
    keys('glo', 'Enter');
    await waitFor('Another customer?');
    keys('Enter');
    await waitFor(/\? .*Globex.*:/);
    keys('Enter');
    await waitFor('Which customer is not receiving value right now');
    keys('Enter');
    await waitFor('What value did we deliver');
    keys('Enter');
    await waitFor('hard to hear?');
    keys('Enter');
    await waitFor('have not heard from them?');
    keys('Enter');
    await waitFor('How confident are we');
    keys('Enter');
    await waitFor('What will we do about it?');
    keys('Enter');
    expect(await terminal.exitCode(session, dir)).toBe('EXIT=0');

    const screen = terminal.screen(session, { escapes: true, history: true });
    expect(hidden(screen), screen).toEqual([]);
    expect(screen).not.toContain(CONCEAL);
    expect(screen).toContain('SECRET');
    const review = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(review).toContain('customers: [globex]');
    // The carried reason is kept as it was written, escape and all: only its display was neutralised.
    expect(review).toMatch(/reason: "onboarding \\e\[8mSECRET\\e\[0m stalled"/);
    expect(review).toContain(`- [ ] Call Acme ${BLACK}sponsor${RESET} @ana due:2026-11-20 #acme`);
  }, 120_000);
});

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 8);

describe('the customer search in a real terminal: a term and Enter in one chunk', () => {
  const REGISTRY = ['customers:', ...['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Wonka'].flatMap((name) => [`  - id: ${name.split(' ')[0]!.toLowerCase()}`, `    name: ${name}`]), ''].join('\n');
  const ANSWERS = 'participants: [ana]\nheard: []\nflags: []\nvalue: []\nhard_to_hear: ""\nassumptions: ""\nvalue_confidence: 3\nactions: []\n';
  const TERMS = [
    ['glo', 'globex'],
    ['ini', 'initech'],
    ['umb', 'umbrella'],
    ['hoo', 'hooli'],
    ['won', 'wonka'],
  ] as const;

  it(`records the term's first match, never the list before it (${TRIALS} trials)`, async () => {
    const trials = Array.from({ length: TRIALS }, (_, index) => TERMS[index % TERMS.length]!);
    const picks = await pool(trials, 2, async ([term, wanted]) => {
      const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'answers.yaml': ANSWERS });
      const session = `search-${term}-${Math.random().toString(36).slice(2)}`;
      terminal.start(session, dir, `weekly --date 2026-11-24 --answers answers.yaml --dry-run > review.md`, { NO_COLOR: '1' });
      await terminal.waitFor(session, '❯ Acme Corp');
      terminal.keys(session, term, 'Enter');
      await terminal.waitFor(session, 'Another customer?');
      terminal.keys(session, 'Enter');
      const code = await terminal.exitCode(session, dir);
      const picked = /^customers: \[(.*)\]$/m.exec(readFileSync(join(dir, 'review.md'), 'utf8'))?.[1];
      terminal.keys(session, 'C-c');
      return { wanted, picked, code };
    });
    const wrong = picks.filter((pick) => pick.picked !== pick.wanted || pick.code !== 'EXIT=0');
    expect(wrong, `${wrong.length} wrong picks in ${TRIALS} trials`).toEqual([]);
  }, 600_000);
});
