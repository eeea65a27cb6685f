import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnswersError, missingRequired, normaliseAnswers, type AnswerContext } from '../../src/domain/answers.js';
import { checkReview, type CheckContext } from '../../src/domain/check.js';
import { parseConfig } from '../../src/domain/config.js';
import { answersOf, applyAnswers, parseReview, renderNewReview, type ReviewMeta } from '../../src/domain/review.js';
import { parseTemplate } from '../../src/domain/template.js';

const weekly = parseTemplate(readFileSync(fileURLToPath(new URL('../../templates/weekly.md', import.meta.url)), 'utf8'), 'weekly', 'templates/weekly.md');
const context: AnswerContext = { customers: [{ id: 'acme', name: 'Acme Corp' }], open: { actions: [], flags: [] } };

/** A template whose question ids are names every JavaScript object inherits. */
const inherited = parseTemplate(
  [
    '---',
    'questions:',
    '  - { id: constructor, type: text, required: true, prompt: What did we build?, why: Building is the point. }',
    '  - { id: valueof, type: select, choices: [high, low], prompt: How valuable?, why: Value is the point. }',
    '---',
    '# {{heading}}',
    '',
  ].join('\n'),
  'pulse',
  'templates/pulse.md',
);
const meta: ReviewMeta = { ritual: 'pulse', period: '2026-W48', range: 'Mon 23 Nov – Sun 29 Nov 2026', date: '2026-11-24', participants: ['ana'], resolved: [] };

describe('quotes by customer, keyed by customer id', () => {
  it('an unknown customer under heard in an answers file is refused like one under customers', () => {
    expect(() => normaliseAnswers(weekly, { heard: { nosuch: 'We are leaving.' } }, context)).toThrow(AnswersError);
    expect(() => normaliseAnswers(weekly, { heard: { nosuch: 'We are leaving.' } }, context)).toThrow(/^heard: unknown customer "nosuch": add it to customers.yaml/);
    expect(normaliseAnswers(weekly, { heard: { acme: 'The export saves a day.' } }, context).answers.heard).toEqual(['Acme Corp: The export saves a day.']);
  });

  it('an unknown customer keyed under heard in front matter is an error of check at the key', () => {
    const text = ['---', 'rhythm: 1', 'ritual: weekly', 'period: 2026-W48', 'date: 2026-11-24', 'heard:', '  acme: fine', '  nosuch: "We are leaving."', '---', '# Weekly', ''].join('\n');
    const review = parseReview(text, 'weekly/2026-W48.md', { fiscalYearStartMonth: 1 }).review!;
    const check: CheckContext = { config: parseConfig('workbook: .\n').config, customers: new Set(['acme']), templates: new Map([['weekly', weekly]]) };
    expect(checkReview(review, { ritual: 'weekly', label: '2026-W48', text }, check).filter((problem) => problem.severity === 'error')).toEqual([
      { file: 'weekly/2026-W48.md', line: 8, message: 'unknown customer "nosuch": add it to customers.yaml or fix the id', severity: 'error' },
    ]);
  });
});

describe('a question id every JavaScript object inherits (constructor, valueOf)', () => {
  it('is no answer until given: required answers are missing, nothing is written for it', () => {
    const external = normaliseAnswers(inherited, {}, context);
    expect(Object.keys(external.answers)).toEqual([]);
    expect(missingRequired(inherited, external.answers).map((question) => question.id)).toEqual(['constructor']);
    expect(renderNewReview(inherited, meta, external.answers)).not.toContain('function');
  });

  it('round-trips: written, read back without problems, and amended', () => {
    const { answers } = normaliseAnswers(inherited, { constructor: 'We built the export', valueof: 'high' }, context);
    const text = renderNewReview(inherited, meta, answers);
    const parsed = parseReview(text, 'pulse/2026-W48.md', { fiscalYearStartMonth: 1 });
    expect(parsed.problems).toEqual([]);
    expect(answersOf(parsed.review!, inherited)).toEqual({ constructor: 'We built the export', valueof: 'high' });
    const amended = applyAnswers(text, inherited, meta, { ...answersOf(parsed.review!, inherited), constructor: 'We rebuilt it' });
    expect(parseReview(amended, 'pulse/2026-W48.md', { fiscalYearStartMonth: 1 }).review!.sections.constructor).toBe('We rebuilt it');
  });
});
