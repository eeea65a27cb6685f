#!/usr/bin/env node
// How many prompts and keystrokes the demo's typical week takes: `rhythm weekly` driven through a
// real pseudo-terminal (tmux), answering a FIXED scenario by recognising each prompt on the screen.
//
//   node bench/weekly-keystrokes.mjs [--bin path/to/bin/rhythm] [--json] [--keep] [--screen]
//                                    [--workbook dir] [--timeout seconds]
//
// --bin        the rhythm to measure (default: this repo's bin/rhythm; its dist/ must be built:
//              `npm run build`). Any build works, e.g. an older commit in a worktree:
//              git worktree add /tmp/rhythm-before 694ff8a && (cd /tmp/rhythm-before && npm ci && npm run build)
//              node bench/weekly-keystrokes.mjs --bin /tmp/rhythm-before/bin/rhythm
// --json       print the result as JSON only (stdout)
// --keep       keep the temporary workbook (its path is printed)
// --screen     print the whole terminal (scrollback included) at the end
// --workbook   the workbook copied into the temporary git repo (default: this repo's rhythm/)
// --timeout    seconds to wait for the next prompt or the exit before calling it stuck (default 20)
//
// The typical week: EMEA Customer Success (`--team emea-cs`) holds its weekly for 2026-W48 on
// 2026-11-24 (`--date 2026-11-24`), in a fresh git copy of the example workbook, carrying forward
// what the example's 2026-W47 left open:
// - participants: the same as last time (W47: ana, bo, chidi), accepted as offered;
// - carried flags: the example's W47 has one open flag, Tyrell Biotech: still not receiving value,
//   same reason (any other carried flag would be resolved, with no note);
// - carried actions: W47 leaves five open; the first ("Ask Hooli whether they would recommend us")
//   is done, the other four stay open;
// - customers talked to: Acme Corp and Globex, each picked by typing 3 letters in the search + Enter;
// - in their words: one quote each; value delivered: one claim with evidence;
// - no new customer not receiving value; hard to hear and assumptions: one line each;
// - value confidence 3; one new action: "Send Globex the SSO plan @bo due:2026-12-01".
// Every prompt is answered by the first RULE below whose `match` fits the prompt's line, so the same
// scenario drives an interview that asks more, fewer or other questions. A prompt no rule knows is
// answered with Enter (its default) and listed as "defaulted". At the end the written review is
// checked against the scenario (participants, customers, flags, score, actions): if it does not
// match, the counts are printed anyway but the script exits 1.
//
// Counted: prompts = each new question line ("? …") the interview put on the screen; keystrokes =
// every character typed counts 1, every special key (Enter, Up, Down, Space, …) counts 1. Of the
// keystrokes, "the answers' own words" (the quotes, the claim, the two lines, the action: 358
// characters, the same in any version) are told apart from the rest (search letters, y/n, keys).
// Also shown: the "why we ask" hint lines and how many repeat one shown before.
//
// BEFORE: commit 694ff8a (node bench/weekly-keystrokes.mjs --bin <694ff8a worktree>/bin/rhythm),
// 120x40 pane, same result on every run (about 3 s):
//   prompts 24, keystrokes 389 (typed characters 364 + special keys 25; the answers' own words
//   358, the rest 31), defaulted 0, hint lines 11 (1 repeated); the review matches the scenario.
//    1. Who is taking part? → <Enter>
//    2. Anyone else? (names, comma-separated) → <Enter>
//    3. Tyrell Biotech has not been receiving value since 2026-W46 (…). Now? → <Enter>
//    4. Why, as of this week? (rollout blocked: …) → <Enter>
//    5. Open action: Ask Hooli whether they would recommend us, … → <Up><Enter>
//    6. Open action: Walk Tyrell's QA lead through our quality system … → <Enter>
//    7. Open action: Deliver the validation pack draft to Tyrell's QA lead … → <Enter>
//    8. Open action: Agree with product who owns GxP documentation from now on … → <Enter>
//    9. Open action: Update the knowledge-base articles Globex pointed out … → <Enter>
//   10. Which customers did we talk to this week? (type to search, pick one at a time) → acm<Enter>
//   11. Another customer? (type to search) → glo<Enter>
//   12. Another customer? (type to search) → <Enter>
//   13. Acme Corp: (empty to go on) → "The month-end export now takes minutes instead of a day." #reporting<Enter>
//   14. Acme Corp (another): (empty to go on) → <Enter>
//   15. Globex: (empty to go on) → "SSO is the last thing holding back the rollout to our other offices." #sso<Enter>
//   16. Globex (another): (empty to go on) → <Enter>
//   17. Which customer is not receiving value right now? Is there a customer not receiving value
//       (besides those carried forward)? (y/N) → <Enter>
//   18. What value did we deliver, and how do we know? (one at a time, empty to finish) → Acme: …<Enter>
//   19.   2. (empty to finish) → <Enter>
//   20. What did a customer tell us that was hard to hear? → Globex expected SSO …<Enter>
//   21. What are we assuming about a customer that we have not heard from them? → We assume …<Enter>
//   22. How confident are we that our customers get the value we promise? (1 = not at all,
//       5 = fully; last time 4) → <Enter> (the cursor starts on 3)
//   23. What will we do about it? Add an action (empty to finish) → Send Globex the SSO plan @bo due:2026-12-01<Enter>
//   24. Another action? (empty to finish) → <Enter>
//
// AFTER (this round's issue 16): prompts 12, keystrokes 383 (the answers' own words 358, the rest
// 25: participants, the carried flag and the carried actions in one prompt each, several customers
// in one search, and a list (quotes, value, actions) in one prompt, a line per item, Enter on an
// empty line to go on). A list prompt is recognised by its help line ("on an empty line: done"):
// its answer is typed, Enter, and Enter again once the item shows.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { bin: join(root, 'bin', 'rhythm'), json: false, keep: false, screen: false, workbook: join(root, 'rhythm'), timeout: 20 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--bin') options.bin = resolve(value());
    else if (arg === '--workbook') options.workbook = resolve(value());
    else if (arg === '--timeout') options.timeout = Number(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--screen') options.screen = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 16).map((line) => line.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!(options.timeout > 0)) throw new Error('--timeout takes a number of seconds');
  return options;
}

// ---------------------------------------------------------------------------------------------
// The scenario

const TEAM = 'emea-cs';
const DATE = '2026-11-24';
const PERIOD = '2026-W48';
const QUOTES = {
  'Acme Corp': '"The month-end export now takes minutes instead of a day." #reporting',
  Globex: '"SSO is the last thing holding back the rollout to our other offices." #sso',
};
const VALUE = 'Acme: month-end export adopted by 14 analysts (evidence: usage data)';
const HARD = 'Globex expected SSO at go-live and feels it was oversold';
const ASSUMPTION = 'We assume Acme renews without a business review';
const ACTION = 'Send Globex the SSO plan @bo due:2026-12-01';
/** The customers talked to, in order, each with the letters typed to find it. */
const TALKED = [
  { name: 'Acme Corp', search: 'acm' },
  { name: 'Globex', search: 'glo' },
];
/** Last time's participants (the example's W47), all taking part again. */
const PARTICIPANTS = ['ana', 'bo', 'chidi'];
/** The first carried action (in the example's W47) is done; the rest stay open. */
const DONE_ACTION = /Ask Hooli whether they would recommend us/;

/** What the written review must hold, so the counts are of the same review. */
const EXPECTED = [
  ['participants: the same as last time', /^participants: \[ana, bo, chidi\]$/m],
  ['customers: Acme Corp and Globex', /^customers: \[acme, globex\]$/m],
  ['the Tyrell flag carried, same reason, since W46', /- customer: tyrell\n\s+reason: "rollout blocked: validation pack promised for 11 Dec; QA cannot sign off before then"\n\s+since: 2026-W46/],
  ['no other flag', (text) => (text.match(/^\s+- customer: /gm) ?? []).length === 1],
  ['value confidence 3', /^\s+value_confidence: 3$/m],
  ['the quotes', (text) => Object.entries(QUOTES).every(([name, quote]) => text.includes(`- ${name}: ${quote}`))],
  ['the value claim', (text) => text.includes(`- ${VALUE}`)],
  ['hard to hear and assumptions', (text) => text.includes(HARD) && text.includes(ASSUMPTION)],
  ['the Hooli action done', /^- \[x\] Ask Hooli whether they would recommend us/m],
  ['the other four carried actions open', (text) => ['Walk Tyrell', 'Deliver the validation pack', 'Agree with product', 'Update the knowledge-base'].every((start) => text.includes(`- [ ] ${start}`))],
  ['the new action', /^- \[ \] Send Globex the SSO plan @bo due:2026-12-01/m],
];

/**
 * The rules: the first whose `match` fits the prompt's line (the text after "? ", wrapped lines
 * joined) answers it. `answer(prompt, api)` returns the steps: { text } typed, { key } a tmux key
 * name, { wait } a RegExp to see on the screen before the next step (no keystroke).
 */
const state = { talked: 0, quoted: new Set() };
const RULES = [
  // Participants: the same as last time (checked in a checkbox, or a yes, or the line offered); nobody else.
  { match: /Who is taking part|participants|Same people/i, answer: (_, api) => (api.checkbox ? api.check((name) => PARTICIPANTS.includes(name)) : api.confirmOrEnter(true)) },
  { match: /^(Anyone|Who) else\?/, answer: () => [{ key: 'Enter' }] },

  // Carried flags: Tyrell still not receiving value, for the same reason; any other resolved.
  { match: /has not been receiving value since|still not receiving value|Still not receiving value/, answer: (prompt, api) => api.choose(/Tyrell/.test(prompt) ? /still not receiving/i : /resolved/i) },
  { match: /^Why, as of this week\?|Same reason/i, answer: (_, api) => api.confirmOrEnter(true) },
  { match: /^What resolved it\?/, answer: () => [{ key: 'Enter' }] },

  // Carried actions: the first done, the rest still open (one by one, or as one checkbox of the done ones).
  { match: /^Open action: /, answer: (prompt, api) => api.choose(DONE_ACTION.test(prompt) ? /^done/i : /still open|carry|keep/i) },
  { match: /(Which|what).*(actions?).*(done|finished|closed)/i, answer: (_, api) => api.check((option) => DONE_ACTION.test(option)) },

  // Customers talked to: Acme Corp, then Globex, typed to search; then done. A version that takes
  // several at once (its prompt says so) gets both search terms in one go.
  {
    match: /Which customers did we talk to|^Another customer\?/,
    answer: (prompt, api) => {
      if (state.talked === 0 && /several at once/.test(prompt)) {
        state.talked = TALKED.length;
        return [{ text: TALKED.map((customer) => customer.search).join(', ') }, { wait: new RegExp(`✔ ${TALKED.map((customer) => customer.name).join(', ')}`) }, { key: 'Enter' }];
      }
      const next = TALKED[state.talked];
      if (!next) return api.none();
      state.talked++;
      return [{ text: next.search }, { wait: new RegExp(`❯ ${next.name}`) }, { key: 'Enter' }];
    },
  },

  // In their words: one quote per customer, then on.
  {
    match: new RegExp(`^(${Object.keys(QUOTES).join('|')})( \\(another\\))?:|(${Object.keys(QUOTES).join('|')}).*(empty to go on|words|hear|quote)`, 'i'),
    answer: (prompt, api) => {
      const name = Object.keys(QUOTES).find((customer) => prompt.includes(customer));
      if (/another/i.test(prompt) || state.quoted.has(name)) return [{ key: 'Enter' }];
      state.quoted.add(name);
      return api.type(QUOTES[name]);
    },
  },

  // No new customer not receiving value (a yes/no, or a search whose "none" is picked).
  { match: /Is there a customer not receiving value|^Which customer is not receiving value|^Another customer not receiving value\?/, answer: (_, api) => api.none() },

  { match: /What value did we deliver/, answer: (_, api) => api.type(VALUE) },
  { match: /hard to hear/, answer: (_, api) => api.type(HARD) },
  { match: /have not heard from them/, answer: (_, api) => api.type(ASSUMPTION) },
  // A list's next item: each list of the scenario has one.
  { match: /^\s*\d+\. \(empty to finish\)|^(Another|Anything else|More)\b.*\(empty to finish\)/, answer: () => [{ key: 'Enter' }], unless: /action/i },

  { match: /How confident are we/, answer: (_, api) => api.choose(/^3\b/) },

  // What will we do about it: one new action, owner and date inline.
  { match: /Add an action|^What will we do about it\?/, answer: (_, api) => api.type(ACTION) },
  { match: /^Another action\?/, answer: () => [{ key: 'Enter' }] },
  { match: /^Owner\?|^Due date/, answer: () => [{ key: 'Enter' }] },
];

// ---------------------------------------------------------------------------------------------
// The terminal

const COLS = 120;
const ROWS = 40;

function terminal() {
  const socket = `rhythm-keystrokes-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const session = 'weekly';
  let socketPath;
  return {
    start(dir, argv, exitFile) {
      const quote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;
      const env = { TERM: 'xterm-256color', TZ: 'UTC', LANG: 'C.UTF-8', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
      const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`).join(' ');
      const command = `cd ${quote(dir)} && env -u NO_COLOR -u FORCE_COLOR ${assignments} ${argv.map(quote).join(' ')}; echo "$?" > ${quote(exitFile + '.tmp')}; mv ${quote(exitFile + '.tmp')} ${quote(exitFile)}; sleep 600`;
      tmux('new-session', '-d', '-s', session, '-x', String(COLS), '-y', String(ROWS), command);
      socketPath = tmux('display-message', '-p', '-t', session, '#{socket_path}').trim();
    },
    /** The whole terminal, scrollback included, wrapped lines joined, trailing blanks dropped. */
    screen: () =>
      tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session)
        .split('\n')
        .map((line) => line.trimEnd()),
    key: (name) => void tmux('send-keys', '-t', session, name),
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      // tmux may leave its socket file behind.
      if (socketPath) rmSync(socketPath, { force: true });
    },
  };
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * The prompt on the screen: the last line starting with "? ", with its index, and the lines under it.
 * Inquirer breaks a long question into lines itself (real line breaks, which tmux cannot join): a
 * next line is joined back when its first word would not have fitted on the line before.
 */
function activePrompt(lines) {
  for (let index = lines.length - 1; index >= 0; index--) {
    if (!lines[index].startsWith('? ')) continue;
    let line = lines[index];
    let end = index + 1;
    for (; end < lines.length; end++) {
      const following = lines[end];
      // Wrapping keeps the space it broke at: it starts the next line ("  " or " ◉" start options).
      const carried = /^ [^\s◉◯]/.test(following);
      if (following === '' || /^[❯✔?>↑]/.test(following) || (/^\s/.test(following) && !carried)) break;
      const word = following.trimStart().split(' ')[0];
      if (line.length + 1 + word.length <= COLS && line.length < COLS) break; // it would have fitted: not a wrap
      line += carried || line.length >= COLS ? following : ` ${following}`;
    }
    return { index, line: line.slice(2), below: lines.slice(end) };
  }
  return undefined;
}

/** The options a select, checkbox or search prompt shows under its line. */
function optionsOf(below) {
  const options = [];
  for (const line of below) {
    const box = /^(❯| )([◉◯])\s(.*)$/.exec(line);
    if (box) {
      options.push({ active: box[1] === '❯', checked: box[2] === '◉', label: box[3].trim(), checkbox: true });
      continue;
    }
    const item = /^(❯| ) (.*)$/.exec(line);
    if (item && item[2].trim() !== '' && !/^\s/.test(item[2])) {
      options.push({ active: item[1] === '❯', label: item[2].trim(), checkbox: false });
      continue;
    }
    if (options.length > 0) break;
  }
  return options;
}

/** The helpers a rule answers with: each returns steps (keys to send). */
function api(prompt) {
  const options = optionsOf(prompt.below);
  const cursor = Math.max(0, options.findIndex((option) => option.active));
  const move = (to) => {
    const steps = [];
    for (let at = cursor; at < to; at++) steps.push({ key: 'Down' });
    for (let at = cursor; at > to; at--) steps.push({ key: 'Up' });
    return steps;
  };
  const noOption = (what) => {
    throw new Error(`no option ${what} under "${prompt.line}"; options: ${JSON.stringify(options.map((option) => option.label))}`);
  };
  return {
    options,
    checkbox: options.length > 0 && options.every((option) => option.checkbox),
    /** A list prompt (one prompt, a line per item, an empty line ends it) rather than one prompt per item. */
    isList: prompt.below.some((line) => /on an empty line: done/.test(line)),
    /** The answer typed and Enter; in a list prompt, then Enter on the empty line that follows it. */
    type(text) {
      const typed = [{ text, content: true }, { key: 'Enter' }];
      return this.isList ? [...typed, { wait: new RegExp(`1\\. ${escapeRegExp(text.slice(0, 20))}`) }, { key: 'Enter' }] : typed;
    },
    /** Move to the option matching `pattern` and press Enter. */
    choose(pattern) {
      const to = options.findIndex((option) => pattern.test(option.label));
      if (to < 0) noOption(String(pattern));
      return [...move(to), { key: 'Enter' }];
    },
    /** Toggle (Space) exactly the options whose checked state differs from `want(label)`, then Enter. */
    check(want) {
      if (!this.checkbox) noOption('to check (not a checkbox)');
      const steps = [];
      let at = cursor;
      options.forEach((option, index) => {
        if (option.checked === Boolean(want(option.label))) return;
        for (; at < index; at++) steps.push({ key: 'Down' });
        for (; at > index; at--) steps.push({ key: 'Up' });
        steps.push({ key: 'Space' });
      });
      return [...steps, { key: 'Enter' }];
    },
    /** A yes/no question: Enter when its default is the answer wanted, else y or n and Enter. */
    confirm(yes) {
      const defaultYes = /\(Y\/n\)\s*$/.test(prompt.line) ? true : /\(y\/N\)\s*$/.test(prompt.line) ? false : undefined;
      if (defaultYes === yes) return [{ key: 'Enter' }];
      return [{ text: yes ? 'y' : 'n' }, { key: 'Enter' }];
    },
    /** No: a confirm's no, a list's "none"/"done" option, or an empty line. */
    none() {
      if (/\((Y\/n|y\/N)\)\s*$/.test(prompt.line)) return this.confirm(false);
      if (options.length > 0) return this.choose(/^(✔ )?(none|done|no more)\b/i);
      return [{ key: 'Enter' }];
    },
    /** A confirm answered `yes`; any other prompt (a line with its default) just Enter. */
    confirmOrEnter(yes) {
      return /\((Y\/n|y\/N)\)\s*$/.test(prompt.line) ? this.confirm(yes) : [{ key: 'Enter' }];
    },
  };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isSpecial = (step) => step.key !== undefined;
const describe = (steps) =>
  steps
    .filter((step) => step.wait === undefined)
    .map((step) => (isSpecial(step) ? `<${step.key}>` : step.text))
    .join('');
const countContent = (steps) => steps.reduce((sum, step) => sum + (step.content ? [...step.text].length : 0), 0);
const countKeys = (steps) => steps.reduce((sum, step) => sum + (step.text !== undefined ? [...step.text].length : step.key !== undefined ? 1 : 0), 0);

// ---------------------------------------------------------------------------------------------
// One run

async function run(options) {
  const bin = options.bin;
  if (!existsSync(bin)) throw new Error(`no rhythm at ${bin}`);
  if (!existsSync(join(dirname(bin), '..', 'dist', 'main.js'))) throw new Error(`${bin} is not built: run \`npm run build\` in ${resolve(dirname(bin), '..')}`);
  if (!existsSync(join(options.workbook, 'rhythm.yaml'))) throw new Error(`no rhythm.yaml in ${options.workbook}`);

  // The workbook in a fresh git repo of its own, as scripts/demo.mjs does.
  const dir = mkdtempSync(join(tmpdir(), 'rhythm-keystrokes-'));
  cpSync(options.workbook, dir, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  git('init', '-q');
  git('config', 'user.name', 'rhythm bench');
  git('config', 'user.email', 'bench@example.com');
  git('add', '-A');
  git('commit', '-qm', 'Example workbook');

  const term = terminal();
  const exitFile = join(dir, '.exit');
  const argv = [process.execPath, bin, '-C', dir, 'weekly', '--team', TEAM, '--date', DATE];
  const timeoutMs = options.timeout * 1000;
  const asked = [];
  let lastIndex = -1;
  let lastLine;
  let exitCode;
  let finalScreen = [];

  const stuck = (what) => {
    const error = new Error(`stuck: ${what} within ${options.timeout} s; the screen:\n${term.screen().join('\n').replace(/\n+$/, '')}`);
    error.stuck = true;
    return error;
  };
  const exited = () => (existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : undefined);

  /** Waits for a new prompt (its line stable over two looks) or the exit. */
  const next = async () => {
    const started = Date.now();
    let previous;
    for (;;) {
      const code = exited();
      if (code !== undefined) return { exit: code };
      const lines = term.screen();
      const prompt = activePrompt(lines);
      const fresh = prompt && (prompt.index > lastIndex || (prompt.index === lastIndex && !prompt.line.startsWith(lastLine.slice(0, 30))));
      if (fresh) {
        const snapshot = lines.slice(prompt.index).join('\n');
        if (previous === snapshot) return { prompt };
        previous = snapshot;
      } else previous = undefined;
      if (Date.now() - started > timeoutMs) throw stuck('no new prompt and no exit');
      await sleep(50);
    }
  };
  const waitFor = async (pattern) => {
    const started = Date.now();
    for (;;) {
      const lines = term.screen();
      const prompt = activePrompt(lines);
      if (prompt && pattern.test([prompt.line, ...prompt.below].join('\n'))) return;
      if (Date.now() - started > timeoutMs) throw stuck(`waiting for ${pattern}`);
      await sleep(50);
    }
  };

  const started = performance.now();
  let seconds;
  try {
    term.start(dir, argv, exitFile);
    for (;;) {
      const seen = await next();
      if (seen.exit !== undefined) {
        exitCode = seen.exit;
        break;
      }
      const { prompt } = seen;
      const rule = RULES.find((candidate) => candidate.match.test(prompt.line) && !(candidate.unless && candidate.unless.test(prompt.line)));
      const steps = rule ? rule.answer(prompt.line, api(prompt)) : [{ key: 'Enter' }];
      asked.push({ prompt: prompt.line, keys: describe(steps), keystrokes: countKeys(steps), answerText: countContent(steps), defaulted: !rule });
      for (const step of steps) {
        if (step.wait) await waitFor(step.wait);
        else if (step.text !== undefined) term.type(step.text);
        else term.key(step.key);
      }
      lastIndex = prompt.index;
      lastLine = prompt.line;
    }
    seconds = (performance.now() - started) / 1000;
    finalScreen = term.screen();
  } catch (error) {
    error.message += `\nprompts so far:\n${asked.map((entry, index) => `  ${index + 1}. ${entry.defaulted ? '[defaulted] ' : ''}${entry.prompt} → ${entry.keys}`).join('\n')}`;
    if (options.keep) error.message += `\n(the workbook is kept in ${dir})`;
    else rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    term.kill();
  }

  // What the run wrote: the review file, its front matter, and whether it holds the scenario.
  const relativeFile = join('rhythm', TEAM, 'weekly', `${PERIOD}.md`);
  const file = [join(dir, relativeFile), join(dir, TEAM, 'weekly', `${PERIOD}.md`)].find((candidate) => existsSync(candidate));
  const text = file ? readFileSync(file, 'utf8') : '';
  const frontMatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1].split('\n') ?? [];
  const checks = EXPECTED.map(([what, expected]) => ({ what, ok: Boolean(text) && (typeof expected === 'function' ? expected(text) : expected.test(text)) }));
  let commit = '';
  try {
    commit = git('log', '-1', '--format=%s').trim();
  } catch {
    // no commit
  }
  // The "why we ask" hints (dim, indented by two spaces) the interview said before its prompts.
  const hints = finalScreen.slice(0, lastIndex).filter((line) => /^ {2}\S/.test(line) && !/^ {2}\d+\. /.test(line));
  // What the program printed after the last answer (the written file, the commit).
  const tail = finalScreen.slice(lastIndex + 1).filter((line) => line.trim() !== '');

  if (!options.keep) rmSync(dir, { recursive: true, force: true });
  const keystrokes = asked.reduce((sum, entry) => sum + entry.keystrokes, 0);
  const special = asked.reduce((sum, entry) => sum + (entry.keys.match(/<[A-Za-z-]+>/g) ?? []).length, 0);
  const answerText = asked.reduce((sum, entry) => sum + entry.answerText, 0);
  return {
    bin,
    command: `rhythm -C <tmp> weekly --team ${TEAM} --date ${DATE}`,
    terminal: `${COLS}x${ROWS} xterm-256color`,
    prompts: asked.length,
    keystrokes,
    typed: keystrokes - special,
    specialKeys: special,
    answerText,
    overhead: keystrokes - answerText,
    defaulted: asked.filter((entry) => entry.defaulted).length,
    seconds: Number(seconds.toFixed(2)),
    exitCode,
    screenLines: finalScreen.filter((line) => line.trim() !== '').length,
    hintLines: hints.length,
    repeatedHintLines: hints.length - new Set(hints).size,
    review: { file: file ?? null, kept: options.keep ? dir : null, commit, frontMatter, checks, matchesScenario: checks.every((check) => check.ok) },
    output: tail,
    asked,
    ...(options.screen ? { screen: finalScreen.join('\n').replace(/\n+$/, '') } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function table(result) {
  const out = [];
  const clip = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  out.push(`rhythm weekly, the typical week (${result.command}) on ${result.terminal}`);
  out.push(`bin: ${result.bin}`);
  out.push('');
  out.push(`  prompts     ${result.prompts}`);
  out.push(`  keystrokes  ${result.keystrokes}  (typed characters ${result.typed}, special keys ${result.specialKeys})`);
  out.push(`    of which  ${result.answerText} the answers' own words (the same in any version), ${result.overhead} the rest (search letters, y/n, arrows, Space, Enter)`);
  out.push(`  defaulted   ${result.defaulted}`);
  out.push(`  seconds     ${result.seconds}`);
  out.push(`  hints       ${result.hintLines} "why we ask" lines shown (${result.repeatedHintLines} repeating one shown before)`);
  out.push(`  exit code   ${result.exitCode}; ${result.screenLines} non-empty lines on the terminal at the end`);
  out.push('');
  out.push('   #  keys  prompt → keys sent');
  result.asked.forEach((entry, index) => {
    out.push(`  ${String(index + 1).padStart(2)}  ${String(entry.keystrokes).padStart(4)}  ${entry.defaulted ? '[defaulted] ' : ''}${entry.prompt}`);
    out.push(`              → ${clip(entry.keys, 100)}`);
  });
  out.push('');
  out.push(`review: ${result.review.file ?? '(none written)'}${result.review.kept ? ' (kept)' : ' (removed with the temporary workbook; --keep keeps it)'}`);
  if (result.review.commit) out.push(`commit: ${result.review.commit}`);
  for (const line of result.review.frontMatter) out.push(`  | ${line}`);
  for (const check of result.review.checks) out.push(`  ${check.ok ? '✔' : '✘'} ${check.what}`);
  if (result.output.length > 0) {
    out.push('the program said at the end:');
    for (const line of result.output) out.push(`  ${line}`);
  }
  if (result.screen) out.push('', 'the terminal:', result.screen);
  return out.join('\n') + '\n';
}

try {
  const options = parseArgs(process.argv.slice(2));
  const result = await run(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : table(result));
  if (result.exitCode !== 0 || !result.review.matchesScenario) {
    process.stderr.write(`\nThe run did not hold the scenario's review (exit code ${result.exitCode}; ${result.review.checks.filter((check) => !check.ok).map((check) => check.what).join(', ') || 'all checks passed'}).\n`);
    process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`${error.stuck ? '' : 'weekly-keystrokes: '}${error.message}\n`);
  process.exitCode = 2;
}
