/**
 * An answers file decides a carried action by naming it: `carry: { actions: { "Call Globex": done } }`.
 * A key that names no action, or more than one, is refused; it never lands on the wrong item.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnswersError, normaliseAnswers } from '../../src/domain/answers.js';
import { actionNamed, type OpenItems } from '../../src/domain/carry.js';
import type { NewAction } from '../../src/domain/review.js';
import { parseTemplate } from '../../src/domain/template.js';

const weekly = parseTemplate(readFileSync(fileURLToPath(new URL('../../templates/weekly.md', import.meta.url)), 'utf8'), 'weekly', 'templates/weekly.md');

const action = (title: string, owner = 'ana'): NewAction => ({ title, owner, tags: [], state: 'open', since: '2026-W47' });

const open: OpenItems = {
  from: '2026-W47',
  actions: [action('Call Acme'), action('Call Acme sponsor', 'bo'), action('Call Globex'), action('Run admin training')],
  flags: [],
};

function decide(actions: Record<string, string>) {
  return normaliseAnswers(weekly, { customers: ['acme'], value_confidence: 3, carry: { actions } }, { customers: [], open }).actionDecisions;
}

function refusal(actions: Record<string, string>): string[] {
  try {
    decide(actions);
  } catch (error) {
    if (error instanceof AnswersError) return error.problems;
    throw error;
  }
  throw new Error('expected the decisions to be refused');
}

describe('actionNamed', () => {
  it.each([
    ['the exact title', 'Call Globex', 2],
    ['the exact title, in any case and with spaces around', '  call globex ', 2],
    ['the start of one title only', 'Run admin', 3],
    ['an exact title over the longer titles it starts', 'Call Acme', 0],
    ['the start of one title when the other is exact elsewhere', 'Call Acme s', 1],
  ])('names an action by %s', (_, key, index) => {
    expect(actionNamed(open, key)).toEqual({ index });
  });

  it.each([
    ['an empty key', '', /^an empty title names no action: write the start of the action's title/],
    ['a key of spaces', '   ', /^an empty title names no action/],
    ['a start shared by two or more', 'Call', /^"Call" starts 3 open actions: "Call Acme" @ana, "Call Acme sponsor" @bo, "Call Globex" @ana; write more of the title$/],
    ['a start of none', 'Email', /^no open action starting with "Email" in 2026-W47$/],
  ])('names none for %s, and says what to do', (_, key, message) => {
    const found = actionNamed(open, key);
    expect('problem' in found ? found.problem : found).toMatch(message);
  });

  it('refuses a title two open actions share exactly', () => {
    const twins: OpenItems = { from: '2026-W47', actions: [action('Call Acme', 'ana'), action('Call Acme', 'bo')], flags: [] };
    const found = actionNamed(twins, 'Call Acme');
    expect('problem' in found ? found.problem : found).toMatch(/^"Call Acme" is the title of 2 open actions: "Call Acme" @ana, "Call Acme" @bo; decide them in rhythm weekly, or make their titles differ/);
  });
});

describe('carry decisions of an answers file', () => {
  it('each lands on the action it names', () => {
    expect(decide({ 'Call Acme': 'done', 'call acme SP': 'drop', 'Run admin training': 'open' })).toEqual(['done', 'drop', 'open', 'open']);
  });

  it('an empty, ambiguous or unknown key is refused with the rest, and nothing is decided', () => {
    expect(refusal({ '': 'done', Call: 'drop', Email: 'done' })).toEqual([
      'carry: actions: an empty title names no action: write the start of the action\'s title, e.g. "Call Acme": done',
      'carry: actions: "Call" starts 3 open actions: "Call Acme" @ana, "Call Acme sponsor" @bo, "Call Globex" @ana; write more of the title',
      'carry: actions: no open action starting with "Email" in 2026-W47',
    ]);
  });

  it('two keys naming one action are refused', () => {
    expect(refusal({ 'Run admin': 'done', 'run admin training': 'drop' })).toEqual(['carry: actions: "Run admin" and "run admin training" both name "Run admin training": keep one']);
  });
});
