/**
 * `--amend` changes what the answers change and nothing else. A review a person has worked on by
 * hand (a note in the actions section, a code block, a table, a paragraph before a list, a key of
 * their own beside a flag, a reason that YAML reads as a number) keeps all of it when the amend
 * only fixes a score; and the day it was held stays the day it was held.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/workbook.js';
import { CONFIG, REGISTRY } from './helpers.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W46.md';

/** A weekly as a person left it after editing it by hand. */
const HAND_EDITED = `---
rhythm: 1
ritual: weekly
period: 2026-W46
team: emea-cs
date: 2026-11-10
participants: [ana, bo]
customers: [acme, globex]
flags:
  - customer: globex
    reason: 12
    since: 2026-W46
    note: sponsor left # our own key (the yaml package writes one space before a comment)
scores:
  value_confidence: 3
---
# Weekly customer review — 2026-W46

## What did we hear, in their words?  <!-- q:heard -->

Context paragraph, written before the quotes.

- Acme Corp: "The export saves our analysts a day." #reporting

## What will we do about it?  <!-- q:actions -->

- [ ] Call Acme @ana due:2026-12-01 #acme

Note: Globex agreed on the call.

| who | what |
|---|---|
| bo | follow up |

\`\`\`
log line
\`\`\`
`;

describe('--amend of a hand-edited review that fixes one score', () => {
  it('changes the score line and nothing else: notes, table, code, paragraph, the flag as written, the day held', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'fix.yaml': 'value_confidence: 5\n', [REVIEW]: HAND_EDITED });
    const context = testContext({ cwd: dir, now: new Date(2026, 10, 30, 9) });
    expect(await main(['weekly', '--amend', '--week', '2026-W46', '--answers', 'fix.yaml', '--no-commit'], context), context.err()).toBe(0);
    expect(readFileSync(join(dir, REVIEW), 'utf8')).toBe(HAND_EDITED.replace('value_confidence: 3', 'value_confidence: 5'));
  });

  it('--date moves the day held, when that is what the person asks', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'fix.yaml': 'value_confidence: 5\n', [REVIEW]: HAND_EDITED });
    const context = testContext({ cwd: dir, now: new Date(2026, 10, 30, 9) });
    expect(await main(['weekly', '--amend', '--week', '2026-W46', '--date', '2026-11-12', '--answers', 'fix.yaml', '--no-commit'], context), context.err()).toBe(0);
    expect(readFileSync(join(dir, REVIEW), 'utf8')).toBe(HAND_EDITED.replace('value_confidence: 3', 'value_confidence: 5').replace('date: 2026-11-10', 'date: 2026-11-12'));
  });
});

describe('a flag written by hand', () => {
  it('reads a reason YAML takes for a number or a yes as the words written', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: HAND_EDITED });
    const context = testContext({ cwd: dir, now: new Date(2026, 10, 30, 9) });
    expect(await main(['status', '--json'], context), context.err()).toBe(0);
    expect(context.out()).toContain('"reason": "12"');
  });

  it.each([
    ['2026-Q4', 'flags[0]: since 2026-Q4 is a quarter, but this review is of a week: write the week the customer stopped receiving value, like 2026-W46'],
    ['2026', 'flags[0]: since 2026 is a year, but this review is of a week'],
    ['2027-W10', "flags[0]: since 2027-W10 is after this review's 2026-W46: write the week the customer stopped receiving value"],
  ])('check refuses since: %s, at the flags key', async (since, message) => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: HAND_EDITED.replace('since: 2026-W46', `since: ${since}`) });
    const context = testContext({ cwd: dir, now: new Date(2026, 10, 30, 9) });
    expect(await main(['check'], context)).toBe(1);
    expect(context.out()).toContain(`${REVIEW}:9: ${message}`);
  });
});

describe('--amend that changes the actions of a hand-edited review', () => {
  it('replaces the task items and keeps the note, the table and the code among them', async () => {
    const dir = tempDir({
      'rhythm.yaml': CONFIG,
      'rhythm/customers.yaml': REGISTRY,
      'fix.yaml': 'actions: ["Call Acme @ana due:2026-12-01 #acme", "Send Globex the plan @bo"]\n',
      [REVIEW]: HAND_EDITED,
    });
    const context = testContext({ cwd: dir, now: new Date(2026, 10, 30, 9) });
    expect(await main(['weekly', '--amend', '--week', '2026-W46', '--answers', 'fix.yaml', '--no-commit'], context), context.err()).toBe(0);
    expect(readFileSync(join(dir, REVIEW), 'utf8')).toBe(HAND_EDITED.replace('- [ ] Call Acme @ana due:2026-12-01 #acme\n', '- [ ] Call Acme @ana due:2026-12-01 #acme\n- [ ] Send Globex the plan @bo\n'));
  });
});
