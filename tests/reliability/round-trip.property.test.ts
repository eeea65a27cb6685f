/**
 * Issue 5, "Property-based tests": any answers written into a review and read back are equal to
 * what was written, normalised as the file format defines; an amend keeps what a person added.
 * Rollup merge being associative and order-independent is proved by the property in
 * tests/core/rollup-merge.test.ts ("gives exactly the rollup of all reviews at once, in any order
 * and grouping"), and reading reviews in any order by tests/core/rollup.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseAnswers } from '../../src/domain/answers.js';
import { describeRange, parsePeriod, rangeOf, type Calendar } from '../../src/domain/period.js';
import { answersOf, applyAnswers, editFrontMatter, parseReview, renderNewReview, renderSkippedReview, type Answers, type Flag, type NewAction, type ReviewMeta } from '../../src/domain/review.js';
import { parseTemplate, type Template } from '../../src/domain/template.js';

const calendar: Calendar = { fiscalYearStartMonth: 1 };
const RUNS = Number(process.env.RUNS ?? 300);

/** The built-in weekly plus one question of every type it lacks. */
const template: Template = parseTemplate(
  readFileSync(fileURLToPath(new URL('../../templates/weekly.md', import.meta.url)), 'utf8').replace(
    /\n---\n/,
    [
      '',
      '  - { id: calls, type: number, prompt: How many calls?, why: Counting keeps us honest. }',
      '  - { id: mood, type: select, prompt: How did it feel?, why: Feelings are data., choices: [good, mixed, bad] }',
      '  - { id: channels, type: multiselect, prompt: Which channels?, why: Where we listen matters., choices: [call, email, visit] }',
      '  - { id: renewal_risk, type: confirm, prompt: Any renewal at risk?, why: Risk said early is risk reduced. }',
      '  - { id: notes, type: text, prompt: Anything else?, why: Room for what the questions missed. }',
      '---',
      '',
    ].join('\n'),
  ),
  'weekly',
  'templates/weekly.md',
);

const meta = (participants: string[]): ReviewMeta => ({
  ritual: 'weekly',
  period: '2026-W48',
  range: describeRange(rangeOf(parsePeriod('2026-W48', calendar), calendar)),
  team: 'emea-cs',
  teamName: 'EMEA Customer Success',
  date: '2026-11-24',
  participants,
  resolved: [],
});

// ---------------------------------------------------------------------------------------------
// Arbitraries: unicode, markdown syntax, `---` and `<!--` inside answers, very long text, empty lists.

/** Text that is hard for a markdown file: structure-looking lines, markers, fences, unicode. */
const fragment = fc.constantFrom(
  '#', '## Heading', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '---', '...', '===', '```', '~~~', '<!--', '<!-- q:heard -->', '-->', '\\', '[ ]', '[x]', '- ', '* ', '1. ',
  '- [ ] not an action', '> quote', '| a | b |', '{{period}}', '@ana', '#tag', 'due:2026-12-01', ':', '"', "'", '`', '*bold*', 'é', 'ß', '中文', '🙂', '👩‍👩‍👧', '\u00a0', '\u200b', 'x', 'word',
);
/**
 * Control characters but tab and line ends are refused in answers (a NUL makes a file binary; see
 * the normaliseAnswers tests below). Left out for known bugs (tests at the end): U+FFFD (review.ts)
 * and U+2028/U+2029, which the markdown reader's `.` does not match (markdown.ts).
 */
// eslint-disable-next-line no-control-regex -- leaving control characters out is the point
const unicode = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\u2028\u2029]/.test(text));
/** Cut at a code point, never inside a surrogate pair. */
const cut = (text: string, length: number) => Array.from(text).slice(0, length).join('');
const prose = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fragment, unicode), { maxLength: 25 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\n\n') },
  { weight: 1, arbitrary: fc.tuple(unicode, fc.integer({ min: 2_000, max: 30_000 })).map(([text, length]) => cut((text || 'long ').repeat(Math.ceil(length / Math.max(1, text.length || 5))), length)) },
);
/** A list item with something in it: an empty item is written as a bare `-` (KNOWN BUG below); the CLI never passes one. */
const listItem = prose.filter((text) => text.trim() !== '');
const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/).filter((id) => !/^(con|prn|aux|nul|com\d|lpt\d)$/.test(id));
const label = fc.constantFrom('2026-W40', '2026-W46', '2026-W48', '2025-W53'.replace('2025', '2026'));
/** Reasons live in front matter: normaliseAnswers keeps them under 2,000 characters (front matter is limited to 64 KB). */
const reason = prose.map((text) => cut(text, 1000));
const flag: fc.Arbitrary<Flag> = fc.record({ customer: slug, reason, since: label });
/** Action titles: anything but the tokens the task syntax gives a meaning (@owner, due:, #tag, since:). */
const title = prose.filter((text) => text.trim() !== '' && !/(^|\s)(@[A-Za-z0-9]|due:|since:|#[\p{L}\p{N}])/u.test(text.replace(/<\\*!--/g, '')));
const action: fc.Arbitrary<NewAction> = fc.record(
  {
    state: fc.constantFrom<NewAction['state']>('open', 'done', 'dropped'),
    title,
    owner: fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,10}$/),
    due: fc.constantFrom('2026-12-01', '2027-01-01', '2026-02-28'),
    tags: fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9_/-]{0,8}$/), { maxLength: 3 }),
    since: label,
  },
  { requiredKeys: ['state', 'title', 'tags'] },
);

const answersArb = fc.record(
  {
    customers: fc.uniqueArray(slug, { maxLength: 5 }),
    heard: fc.array(listItem, { maxLength: 5 }),
    flags: fc.uniqueArray(flag, { maxLength: 3, selector: (f) => f.customer }),
    value: fc.array(listItem, { maxLength: 5 }),
    hard_to_hear: prose,
    assumptions: prose,
    value_confidence: fc.integer({ min: 1, max: 5 }),
    actions: fc.array(action, { maxLength: 5 }),
    calls: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0))),
    mood: fc.constantFrom('good', 'mixed', 'bad'),
    channels: fc.subarray(['call', 'email', 'visit']),
    renewal_risk: fc.boolean(),
    notes: prose,
  },
  { requiredKeys: [] },
);
const participantsArb = fc.array(unicode.filter((name) => name.trim() !== ''), { maxLength: 4 });

// ---------------------------------------------------------------------------------------------
// What the format keeps: line ends become \n; text is trimmed (empty text is no answer); list
// items are trimmed lines without blank ones (empty items and empty lists are no answer); action
// titles are one line with single spaces; customers, flags and actions are always present.

const lines = (text: string) => text.replace(/\r\n?/g, '\n');
const item = (text: string) =>
  lines(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');

function normalised(answers: Answers): Answers {
  const result: Answers = {};
  for (const question of template.questions) {
    const value = answers[question.id];
    switch (question.type) {
      case 'text': {
        const text = lines((value as string | undefined) ?? '').trim();
        if (text !== '') result[question.id] = text;
        break;
      }
      case 'list': {
        const items = ((value as string[] | undefined) ?? []).map(item).filter((text) => text !== '');
        if (items.length > 0) result[question.id] = items;
        break;
      }
      case 'actions':
        result[question.id] = ((value as NewAction[] | undefined) ?? []).map((a) => ({ ...a, title: lines(a.title).replace(/\s+/g, ' ').trim() }));
        break;
      case 'customers':
      case 'flags':
        result[question.id] = value ?? [];
        break;
      default:
        if (value !== undefined) result[question.id] = value;
    }
  }
  return result;
}

function readBack(text: string) {
  const parsed = parseReview(text, 'rhythm/emea-cs/weekly/2026-W48.md', calendar);
  expect(parsed.problems.filter((problem) => problem.severity === 'error'), text.slice(0, 2000)).toEqual([]);
  expect(parsed.review).toBeDefined();
  return parsed.review!;
}

describe('any answers written and read back are equal (property)', () => {
  it('renderNewReview, then parseReview and answersOf', () => {
    fc.assert(
      fc.property(answersArb, participantsArb, (answers, participants) => {
        const text = renderNewReview(template, meta(participants), answers);
        const review = readBack(text);
        expect(answersOf(review, template)).toEqual(normalised(answers));
        expect(review.participants).toEqual(participants);
        expect(review.period).toBe('2026-W48');
      }),
      { numRuns: RUNS },
    );
  });

  it('an amend with other answers reads back as those answers and keeps what a person added', () => {
    const notes = fc.array(fc.oneof(fragment, unicode), { minLength: 1, maxLength: 10 }).map((parts) => `Hallway: ${parts.join('').replace(/\r/g, '')}`);
    fc.assert(
      fc.property(answersArb, answersArb, notes, (first, second, note) => {
        const written = renderNewReview(template, meta(['ana']), first);
        // A person adds a section of their own, a key of their own with a comment, and a note.
        const edited = written.replace(/\n---\n/, '\nour_key: kept # our comment\n---\n') + `\n## Our own notes\n\n${note.replace(/^(\s*)(#|```|~~~|---|===)/gm, '$1x$2')}\n`;
        const amended = applyAnswers(edited, template, meta(['ana', 'bo']), second);
        const review = readBack(amended);
        expect(answersOf(review, template)).toEqual(normalised(second));
        expect(review.data.our_key).toBe('kept');
        expect(amended).toContain('our_key: kept # our comment');
        expect(amended).toContain('## Our own notes');
        expect(amended).toContain(note.replace(/^(\s*)(#|```|~~~|---|===)/gm, '$1x$2').trim());
        // Amending again with the same answers changes nothing.
        expect(applyAnswers(amended, template, meta(['ana', 'bo']), second)).toBe(amended);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('answers given as data (an --answers file) come back as normaliseAnswers made them', () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        // What a script would write: actions as text, flags without since.
        const raw: Record<string, unknown> = { ...answers };
        if (answers.actions) raw.actions = (answers.actions as NewAction[]).map((a) => ({ title: a.title.replace(/\s+/g, ' ').trim(), ...(a.owner ? { owner: a.owner } : {}), ...(a.due ? { due: a.due } : {}), tags: a.tags, done: a.state === 'done' }));
        if (answers.flags) raw.flags = (answers.flags as Flag[]).filter((f) => f.reason.trim() !== '').map(({ customer, reason }) => ({ customer, reason }));
        const { answers: given } = normaliseAnswers(template, raw, { customers: [], open: { actions: [], flags: [] } });
        const flags = ((given.flags as Flag[] | undefined) ?? []).map((f) => ({ ...f, since: '2026-W48' }));
        const text = renderNewReview(template, meta([]), { ...given, ...(given.flags ? { flags } : {}) });
        expect(answersOf(readBack(text), template)).toEqual(normalised({ ...given, ...(given.flags ? { flags } : {}) }));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('answers that would make a file rhythm cannot read are refused (normaliseAnswers)', () => {
  it.each([
    ['a NUL in text', { hard_to_hear: 'before\u0000after' }, 'hard_to_hear: contains the control character U+0000: remove it'],
    ['an escape sequence in a list item', { value: ['ok', 'red \u001b[31m text'] }, 'value[1]: contains the control character U+001B: remove it'],
    ['a lone surrogate in a flag reason', { flags: [{ customer: 'acme', reason: 'broken \uD800 text' }] }, 'flags[0].reason: contains a broken character (a lone UTF-16 surrogate): remove it'],
    ['a flag reason too long for front matter', { flags: [{ customer: 'acme', reason: 'x'.repeat(70_000) }] }, 'flags: entry 1: the reason is 70000 characters; keep it under 2000 and put the detail in a prose answer'],
  ])('%s', (_name, raw, message) => {
    expect(() => normaliseAnswers(template, raw, { customers: [], open: { actions: [], flags: [] } })).toThrow(message);
  });

  it('tabs, line ends and every other character are welcome', () => {
    const { answers } = normaliseAnswers(template, { hard_to_hear: 'a\tb\r\nc 🙂 \u00a0 中文 <!-- x --> ---' }, { customers: [], open: { actions: [], flags: [] } });
    expect(answers.hard_to_hear).toBe('a\tb\r\nc 🙂 \u00a0 中文 <!-- x --> ---');
  });
});

describe('text of blanks and line ends in front matter', () => {
  /** Every text of up to `length` characters of `alphabet`. */
  const everyText = (alphabet: readonly string[], length: number): string[] => {
    const texts: string[] = [];
    const grow = (prefix: string) => {
      if (prefix.length === length) return;
      for (const character of alphabet) {
        texts.push(prefix + character);
        grow(prefix + character);
      }
    };
    grow('');
    return texts;
  };
  // The yaml package writes text of several lines as a block scalar: `"  \n\n"` came back as
  // `"\n\n"`, and `" \n\t\n"` was written as YAML that does not parse (found by the property above).
  const texts = everyText([' ', '\t', '\n', 'x'], 6);

  it('a flag reason, written with a new review, reads back as written, every one of 5,460, alone and after a long line', () => {
    // A long text double-quoted was folded over several lines, and read back otherwise (also found by the property above).
    const wrong = [...texts, ...texts.map((text) => `due:2026-12-01 [x] # a long enough line to be folded ${text}`)].filter((reason) => {
      const text = renderNewReview(template, meta([]), { flags: [{ customer: 'acme', reason, since: '2026-W40' }] });
      const parsed = parseReview(text, 'r.md', calendar);
      return parsed.review?.flags[0]?.reason !== reason;
    });
    expect(wrong.map((reason) => JSON.stringify(reason))).toEqual([]);
  });

  it('a flag added between meetings and a skip reason read back as written', () => {
    const held = renderNewReview(template, meta(['ana']), { customers: ['acme'] });
    const wrong = texts.filter((reason) => {
      const captured = editFrontMatter(held, (doc, create) => doc.set('flags', create([{ customer: 'acme', reason, since: '2026-W48' }])));
      const skipped = renderSkippedReview(template, meta([]), `${reason}y`);
      return parseReview(captured, 'r.md', calendar).review?.flags[0]?.reason !== reason || parseReview(skipped, 's.md', calendar).review?.data.reason !== `${reason}y`;
    });
    expect(wrong.map((reason) => JSON.stringify(reason))).toEqual([]);
  });
});

describe('empty list items', () => {
  it('an empty list item is not read back as the text "-"', () => {
    const text = renderNewReview(template, meta(['ana']), { customers: ['acme'], value_confidence: 3, value: ['Saved a day', ''] });
    expect(answersOf(readBack(text), template).value).toEqual(['Saved a day']);
  });
});

describe('line separators pasted into answers', () => {
  it('an action whose title holds a LINE SEPARATOR (U+2028, pasted from a web page) is read back', () => {
    const text = renderNewReview(template, meta(['ana']), { customers: ['acme'], value_confidence: 3, actions: [{ state: 'open', title: 'Call\u2028Acme', tags: [] }] });
    expect(readBack(text).actions.map((a) => a.title)).toEqual(['Call Acme']);
  });

  it('a list item holding U+2028 reads back without a leading "- "', () => {
    const text = renderNewReview(template, meta(['ana']), { customers: ['acme'], value_confidence: 3, value: ['Saved\u2028a day'] });
    expect(answersOf(readBack(text), template).value).toEqual(['Saved\u2028a day']);
  });
});

describe('a pasted replacement character', () => {
  it('a valid UTF-8 file holding U+FFFD (a pasted replacement character) is read without an error', () => {
    const text = renderNewReview(template, meta(['ana']), { customers: ['acme'], value_confidence: 3, hard_to_hear: 'They wrote \uFFFD in the survey.' });
    const parsed = parseReview(text, 'r.md', calendar);
    expect(parsed.problems).toEqual([]);
  });
});
