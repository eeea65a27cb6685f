import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tmuxTerminal } from '../helpers/tmux.js';
import { CONFIG, git, read, REGISTRY, rhythm, tempRepo } from '../helpers/workbook.js';

/**
 * Drives `rhythm weekly` through a real pseudo-terminal (tmux), keystroke by keystroke, the way
 * a person does: arrow keys, typing to search, Enter to accept defaults.
 */
const terminal = tmuxTerminal('rhythm-test');
afterEach(() => terminal.kill());

const SESSION = 'rhythm';
const screen = () => terminal.screen(SESSION);
const waitFor = (text: string | RegExp) => terminal.waitFor(SESSION, text);
const keys = (...keys: string[]) => terminal.keys(SESSION, ...keys);
const type = (text: string) => terminal.type(SESSION, text);
const start = (dir: string, args: string) => terminal.start(SESSION, dir, args, { NO_COLOR: '1' });
const exitCode = (dir: string) => terminal.exitCode(SESSION, dir);

describe('rhythm weekly in a real terminal', () => {
  it('goes from the first question to a committed file', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    start(dir, 'weekly --date 2026-11-24');

    await waitFor('Who is taking part?');
    keys('Enter'); // both members are pre-selected; "someone else…" is not
    await waitFor('Which customers did we talk to this week?');
    type('acm');
    await waitFor('❯ Acme Corp');
    keys('Enter');
    await waitFor('Another customer?');
    keys('Enter'); // "done" comes first while nothing is typed
    // A list is one prompt, a line per item: Enter adds the line, Enter on an empty line goes on.
    await waitFor('? Acme Corp:');
    type('"The export saves our analysts a day." #reporting');
    keys('Enter');
    await waitFor('1. "The export saves our analysts a day." #reporting');
    keys('Enter');
    // One question a prompt: which customer (Enter would say none), then why.
    await waitFor('Which customer is not receiving value right now? (type to search; Enter: none)');
    type('glo');
    await waitFor('❯ Globex');
    keys('Enter');
    await waitFor('Why is Globex not receiving value?');
    type('onboarding stalled');
    keys('Enter');
    await waitFor('Another customer not receiving value?');
    keys('Enter');
    await waitFor('What value did we deliver');
    type('Acme: export adopted by 12 analysts (evidence: usage data)');
    keys('Enter');
    type('a second line typed by mistake');
    keys('Enter');
    await waitFor('2. a second line typed by mistake');
    // Backspace on the empty line takes the last item back to the line; Ctrl-U clears it.
    keys('BSpace');
    await waitFor(/2\. a second line typed by mistake\n.*⏎ adds/);
    keys('C-u', 'Enter');
    await waitFor('hard to hear?');
    expect(screen()).not.toContain('3. ');
    await waitFor('hard to hear?');
    keys('Enter');
    await waitFor('have not heard from them?');
    keys('Enter');
    await waitFor('How confident are we');
    keys('Down'); // the cursor starts at the middle of the scale, 3: one down is 2
    keys('Enter');
    await waitFor('What will we do about it?');
    type('Call Globex sponsor @ana due:2026-12-01 #globex');
    keys('Enter');
    await waitFor('1. Call Globex sponsor');
    keys('Enter');

    expect(await exitCode(dir)).toBe('EXIT=0');
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(text).toContain('participants: [ana, bo]');
    expect(text).toContain('customers: [acme]');
    expect(text).toContain('  - customer: globex\n    reason: onboarding stalled\n    since: 2026-W48');
    expect(text).toContain('value_confidence: 2');
    expect(text).toContain('- Acme Corp: "The export saves our analysts a day." #reporting');
    expect(text).toContain('- Acme: export adopted by 12 analysts (evidence: usage data)\n\n');
    expect(text).not.toContain('by mistake');
    expect(text).toContain('- [ ] Call Globex sponsor @ana due:2026-12-01 #globex');
    expect(git(dir, 'log', '--format=%s').trim()).toBe('rhythm: weekly review 2026-W48 (emea-cs)');
    expect(screen()).toContain('committed');
  }, 120_000);

  it('adds a customer the registry does not hold yet, keeping the registry as it was written', async () => {
    const registry = `${REGISTRY}  # the rest come from the weekly\n`;
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': registry });
    start(dir, 'weekly --date 2026-11-24');
    await waitFor('Who is taking part?');
    keys('Enter');
    await waitFor('Which customers did we talk to this week?');
    type('Initrode');
    await waitFor('❯ + add new customer "Initrode"');
    keys('Enter');
    await waitFor('Id for Initrode (lowercase, used in files)');
    keys('Enter');
    await waitFor('Another customer?');
    keys('Enter');
    await waitFor('? Initrode:');
    type('"We finally see who uses what." #adoption');
    keys('Enter', 'Enter');
    await waitFor('Which customer is not receiving value right now?');
    keys('Enter');
    for (const question of ['What value did we deliver', 'hard to hear?', 'have not heard from them?', 'How confident are we', 'What will we do about it?']) {
      await waitFor(question);
      keys('Enter');
    }
    expect(await exitCode(dir)).toBe('EXIT=0');
    // The new entry last in the list, the comment after the list kept where it was.
    expect(read(dir, 'rhythm/customers.yaml')).toBe(`${REGISTRY}  - id: initrode\n    name: Initrode\n  # the rest come from the weekly\n`);
    expect(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md')).toContain('customers: [initrode]');
    expect(screen()).toContain('added Initrode to rhythm/customers.yaml');
  }, 120_000);

  it('amends item by item: Enter through an amend keeps every item, and the file stays byte for byte', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const path = 'rhythm/emea-cs/weekly/2026-W48.md';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      `${dir}/rhythm.yaml.answers.yaml`,
      'participants: [ana, bo]\ncustomers: [acme, globex]\nheard: [\'Acme Corp: "Faster exports." #reporting\']\nflags: [{ customer: globex, reason: onboarding stalled }]\nvalue: [\'Acme: 12 analysts use the export (evidence: usage data)\']\nvalue_confidence: 3\nactions: [\'Call Globex sponsor @ana due:2026-12-01\']\n',
    );
    const held = rhythm(dir, ['weekly', '--date', '2026-11-24', '--answers', 'rhythm.yaml.answers.yaml', '--no-input']);
    expect(held.code, held.stderr).toBe(0);
    const before = read(dir, path);
    start(dir, 'weekly --date 2026-11-24 --amend --no-commit');
    await waitFor('Who is taking part?');
    keys('Enter');
    for (const item of ['Acme Corp', 'Globex']) {
      await waitFor(new RegExp(`❯ keep[\\s\\S]*${item}|${item}[\\s\\S]*❯ keep`));
      keys('Enter');
    }
    await waitFor('Another customer?');
    keys('Enter');
    await waitFor('Faster exports');
    keys('Enter'); // keep the quote
    await waitFor('? Acme Corp:');
    keys('Enter');
    await waitFor('? Globex:');
    keys('Enter');
    await waitFor('onboarding stalled');
    keys('Enter'); // keep the flag
    await waitFor('Which customer is not receiving value right now, besides those above?');
    keys('Enter');
    await waitFor('12 analysts');
    keys('Enter'); // keep the claim
    await waitFor('Anything to add?');
    keys('Enter');
    await waitFor('hard to hear?');
    keys('Enter');
    await waitFor('have not heard from them?');
    keys('Enter');
    await waitFor('How confident are we');
    keys('Enter');
    await waitFor('Call Globex sponsor');
    keys('Enter'); // keep the action
    await waitFor('Any new action?');
    keys('Enter');
    expect(await exitCode(dir)).toBe('EXIT=0');
    expect(read(dir, path)).toBe(before);
  }, 120_000);

  it('takes several customers in one prompt: acm, glo', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    start(dir, 'weekly --date 2026-11-24 --no-commit');
    await waitFor('Who is taking part?');
    keys('Enter');
    await waitFor('several at once: acm, glo');
    type('acm, glo');
    await waitFor('❯ ✔ Acme Corp, Globex');
    keys('Enter');
    // The list is complete: straight on to what each said.
    await waitFor('? Acme Corp:');
    expect(screen()).not.toContain('Another customer?');
    keys('C-c');
    expect(await exitCode(dir)).toBe('EXIT=130');
  }, 60_000);

  it('names a missed week first; Enter leaves it missed, or it is recorded as skipped on purpose', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'answers.yaml': 'participants: [ana]\ncustomers: [acme]\nvalue_confidence: 3\n' });
    const held = rhythm(dir, ['weekly', '--date', '2026-11-10', '--answers', 'answers.yaml', '--no-input']);
    expect(held.code, held.stderr).toBe(0);
    start(dir, 'weekly --date 2026-11-24 --no-commit');
    await waitFor('2026-W47 was not held (the last weekly is 2026-W46).');
    await waitFor('❯ leave 2026-W47 missed; go on with 2026-W48');
    keys('Enter');
    await waitFor('Who is taking part?');
    keys('C-c');
    expect(await exitCode(dir)).toBe('EXIT=130');
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W47.md`)).toBe(false);

    terminal.kill();
    start(dir, 'weekly --date 2026-11-24');
    await waitFor('❯ leave 2026-W47 missed; go on with 2026-W48');
    keys('Down', 'Down');
    await waitFor('❯ skipped on purpose');
    keys('Enter');
    await waitFor('Why was 2026-W47 skipped? (optional)');
    type('public holiday');
    keys('Enter');
    await waitFor('committed');
    await waitFor('Who is taking part?');
    keys('C-c');
    await waitFor('Interrupted. 2026-W47 stays recorded as skipped; the review of 2026-W48 was not written.');
    expect(await exitCode(dir)).toBe('EXIT=130');
    expect(read(dir, 'rhythm/emea-cs/weekly/2026-W47.md')).toContain('status: skipped\nreason: public holiday\n');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('rhythm: weekly 2026-W47 skipped (emea-cs)');
  }, 60_000);

  it('the weekly over a review captured between meetings keeps what was captured and asks only the rest', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    for (const args of [
      ['heard', 'acme', '"Exports are fast now." #reporting'],
      ['flag', 'globex', 'onboarding stalled'],
      ['action', 'Call Globex sponsor @ana due:2026-11-27'],
    ]) {
      const captured = rhythm(dir, [...args, '--date', '2026-11-24']);
      expect(captured.code, captured.stderr).toBe(0);
    }
    start(dir, 'weekly --date 2026-11-24');
    await waitFor('Who is taking part?');
    keys('Enter');
    // What was captured is shown, not offered item by item: the prompts ask for more.
    await waitFor(/So far:\n {2}Acme Corp\n[\s\S]*\? Another customer\?/);
    keys('Enter');
    await waitFor(/So far:\n {2}Acme Corp: "Exports are fast now\." #reporting\n[\s\S]*\? Acme Corp:/);
    keys('Enter');
    await waitFor(/So far:\n {2}Globex: onboarding stalled\n[\s\S]*\? Which customer is not receiving value right now, besides those above\?/);
    keys('Enter');
    await waitFor('What value did we deliver');
    type('Acme: exports in minutes (evidence: their words)');
    keys('Enter', 'Enter');
    await waitFor('hard to hear?');
    keys('Enter');
    await waitFor('have not heard from them?');
    keys('Enter');
    await waitFor('How confident are we');
    keys('Enter');
    await waitFor(/So far:\n {2}- \[ \] Call Globex sponsor @ana due:2026-11-27\n[\s\S]*\? Any new action\?/);
    keys('Enter');
    expect(await exitCode(dir)).toBe('EXIT=0');
    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    expect(text).not.toContain('status:');
    expect(text).toContain('customers: [acme]');
    expect(text).toContain('flags: [{customer: globex, reason: onboarding stalled, since: 2026-W48}]');
    expect(text).toContain('- Acme Corp: "Exports are fast now." #reporting');
    expect(text).toContain('- Acme: exports in minutes (evidence: their words)');
    expect(text).toContain('- [ ] Call Globex sponsor @ana due:2026-11-27');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('rhythm: weekly review 2026-W48 (emea-cs)');
  }, 120_000);

  it('a required list takes no empty answer: "At least one, please", then the line typed', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    start(dir, 'quarterly --date 2026-11-24 --no-commit');
    await waitFor('Who is taking part?');
    keys('Enter');
    await waitFor('? Which challenges are we solving for customers right now?');
    keys('Enter');
    await waitFor('At least one, please');
    type('Month-end exports take a day');
    keys('Enter');
    await waitFor('1. Month-end exports take a day');
    keys('Enter');
    await waitFor('? Which challenges will our customers face next');
    keys('C-c');
    expect(await exitCode(dir)).toBe('EXIT=130');
  }, 60_000);

  it('Ctrl-C half way exits 130, says so, and leaves no file', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    start(dir, 'weekly --date 2026-11-24');
    await waitFor('Who is taking part?');
    keys('Enter');
    await waitFor('Which customers did we talk to');
    keys('C-c');
    expect(await exitCode(dir)).toBe('EXIT=130');
    expect(screen()).toContain('Interrupted');
    expect(screen()).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W48.md`)).toBe(false);
  }, 60_000);
});
