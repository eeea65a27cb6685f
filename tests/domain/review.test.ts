import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../src/domain/frontmatter.js';
import { findSections, splitLines } from '../../src/domain/markdown.js';
import { describeRange, rangeOf, parsePeriod, type Calendar } from '../../src/domain/period.js';
import { answersOf, applyAnswers, parseReview, renderNewReview, type Answers, type ReviewMeta } from '../../src/domain/review.js';
import { parseTemplate, type Template } from '../../src/domain/template.js';
import { defaultConfig } from '../../src/domain/config.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const calendar: Calendar = { fiscalYearStartMonth: 1 };

function builtIn(name: string): Template {
  return parseTemplate(readFileSync(`${TEMPLATES}${name}.md`, 'utf8'), name, `templates/${name}.md`);
}

const weekly = builtIn('weekly');

/** The weekly template plus one question of each type it lacks, so every type is exercised. */
const everyType = parseTemplate(
  readFileSync(`${TEMPLATES}weekly.md`, 'utf8').replace(
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

const meta: ReviewMeta = {
  ritual: 'weekly',
  period: '2026-W48',
  range: describeRange(rangeOf(parsePeriod('2026-W48', calendar), calendar)),
  team: 'emea-cs',
  teamName: 'EMEA Customer Success',
  date: '2026-11-24',
  participants: ['ana', 'bo'],
  resolved: [],
};

const answers: Answers = {
  customers: ['acme', 'globex'],
  heard: ['Acme: "The export saves our analysts a day each month." #reporting', 'Globex: "We still have no trained admin."\nSaid twice, by the sponsor.', '# not a heading, a quote'],
  flags: [{ customer: 'globex', reason: 'onboarding stalled, no trained admin', since: '2026-W46' }],
  value: ['Acme: month-end export adopted by 12 analysts (evidence: usage data)'],
  hard_to_hear: 'They said our support is slow.\n\n## They also said\n<!-- q:value --> is not us\n---',
  assumptions: 'That Globex still wants the integration.',
  value_confidence: 3,
  actions: [
    { state: 'open', title: 'Run admin training for Globex', owner: 'bo', due: '2026-12-01', tags: ['globex'] },
    { state: 'done', title: "Call Globex's sponsor", owner: 'ana', due: '2026-11-20', tags: [] },
    { state: 'dropped', title: 'Send the survey', tags: [], since: '2026-W46' },
  ],
  calls: 7,
  mood: 'mixed',
  channels: ['call', 'visit'],
  renewal_risk: false,
  notes: 'Nothing else.',
};

function read(text: string, template: Template = everyType) {
  const parsed = parseReview(text, 'rhythm/emea-cs/weekly/2026-W48.md', calendar);
  expect(parsed.problems).toEqual([]);
  expect(parsed.review).toBeDefined();
  return { review: parsed.review!, answers: answersOf(parsed.review!, template) };
}

describe('renderNewReview and parseReview', () => {
  it('renders the weekly template as the documented file format', () => {
    const text = renderNewReview(weekly, meta, answers);
    const split = splitFrontMatter(text);
    expect(split.yaml).toBe(
      [
        'rhythm: 1',
        'ritual: weekly',
        'period: 2026-W48',
        'team: emea-cs',
        'date: 2026-11-24',
        'participants: [ana, bo]',
        'customers: [acme, globex]',
        'flags:',
        '  - customer: globex',
        '    reason: onboarding stalled, no trained admin',
        '    since: 2026-W46',
        'scores:',
        '  value_confidence: 3',
        '',
      ].join('\n'),
    );
    expect(split.body.split('\n')[0]).toBe('# Weekly customer review — 2026-W48, Mon 23 Nov – Sun 29 Nov 2026 (EMEA Customer Success)');
    const sections = findSections(splitLines(split.body));
    expect(sections.map((s) => s.id)).toEqual(['heard', 'value', 'hard_to_hear', 'assumptions', 'actions']);
    expect(sections.map((s) => s.heading)).toEqual(weekly.questions.filter((q) => ['text', 'list', 'actions'].includes(q.type)).map((q) => q.prompt));
    expect(text).toContain('- [ ] Run admin training for Globex @bo due:2026-12-01 #globex\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/\n\n\n/);
  });

  it('reads back every answer of the weekly template', () => {
    const text = renderNewReview(weekly, meta, answers);
    const { review, answers: back } = read(text, weekly);
    const expected = Object.fromEntries(weekly.questions.map((q) => [q.id, answers[q.id]]));
    expect(back).toEqual(expected);
    expect(review).toMatchObject({
      ritual: 'weekly',
      period: '2026-W48',
      team: 'emea-cs',
      date: '2026-11-24',
      participants: ['ana', 'bo'],
      customers: ['acme', 'globex'],
      scores: { value_confidence: 3 },
      bodyLine: 16,
    });
  });

  it('reads back an answer of every question type', () => {
    const text = renderNewReview(everyType, meta, answers);
    const { review, answers: back } = read(text);
    expect(back).toEqual(answers);
    expect(review.answers).toEqual({ calls: 7, mood: 'mixed', channels: ['call', 'visit'], renewal_risk: false });
    expect(review.scores).toEqual({ value_confidence: 3 });
  });

  it('leaves out what was not answered, and writes empty lists for customers and flags', () => {
    const text = renderNewReview(everyType, meta, {});
    const { review, answers: back } = read(text);
    expect(back).toEqual({ customers: [], flags: [], actions: [] });
    expect(review.data).not.toHaveProperty('scores');
    expect(review.data).not.toHaveProperty('answers');
  });

  it('gives the actions file lines through bodyLine', () => {
    const text = renderNewReview(weekly, meta, answers);
    const { review } = read(text, weekly);
    const fileLines = text.split('\n');
    for (const action of review.actions) expect(fileLines[review.bodyLine - 1 + action.lineIndex]).toContain(action.title);
  });

  it('is stable: applying the same answers again changes nothing', () => {
    const text = renderNewReview(everyType, meta, answers);
    expect(applyAnswers(text, everyType, meta, answers)).toBe(text);
    const { answers: back } = read(text);
    expect(applyAnswers(text, everyType, meta, back)).toBe(text);
  });
});

describe('a review edited by hand', () => {
  const rendered = renderNewReview(everyType, meta, answers);

  function edit(text: string, from: string | RegExp, to: string): string {
    const result = text.replace(from, to);
    expect(result, `edit of ${String(from)}`).not.toBe(text);
    return result;
  }

  // What a person might do in an editor, on GitHub or in Obsidian.
  let edited = rendered;
  edited = edit(edited, '## What did we hear, in their words?  <!-- q:heard -->', '### Quotes of the week <!--q:heard-->');
  edited = edit(edited, '- [ ] Run admin training for Globex', '- [x] Run admin training for Globex');
  edited = edit(
    edited,
    /(<!--q:heard-->\n\n)[\s\S]*?\n\n(## )/,
    '$1* Acme: "Exports are great."\n* Initech: "We are evaluating a competitor."\n  They sounded serious. #churn-risk\n\n$2',
  );
  edited = edit(edited, '- Acme: month-end export adopted by 12 analysts (evidence: usage data)\n', '- Acme: month-end export adopted by 12 analysts (evidence: usage data)\n- Globex: first admin trained (evidence: their words)\n');
  edited = edit(edited, '## What did a customer tell us that was hard to hear?', '## Our own notes\n\nThe call ran long; - [ ] is not a task here.\n\n### Details\n\nMore notes.\n\n## What did a customer tell us that was hard to hear?');
  edited = edit(edited, 'scores:\n', '# added after the meeting\nmood_of_team: tired  # three escalations this week\nscores:\n');

  it('reads back as the person meant', () => {
    const { review, answers: back } = read(edited);
    expect(back.heard).toEqual(['Acme: "Exports are great."', 'Initech: "We are evaluating a competitor."\nThey sounded serious. #churn-risk']);
    expect(back.value).toEqual(['Acme: month-end export adopted by 12 analysts (evidence: usage data)', 'Globex: first admin trained (evidence: their words)']);
    expect(back.actions).toEqual([
      { state: 'done', title: 'Run admin training for Globex', owner: 'bo', due: '2026-12-01', tags: ['globex'] },
      { state: 'done', title: "Call Globex's sponsor", owner: 'ana', due: '2026-11-20', tags: [] },
      { state: 'dropped', title: 'Send the survey', tags: [], since: '2026-W46' },
    ]);
    // the extra section is nobody's answer
    expect(back.value).not.toContain('The call ran long');
    expect(Object.keys(review.sections)).toEqual(['heard', 'value', 'hard_to_hear', 'assumptions', 'actions', 'notes']);
    expect(review.data.mood_of_team).toBe('tired');
    // everything not edited reads as before
    for (const id of ['customers', 'flags', 'hard_to_hear', 'assumptions', 'value_confidence', 'calls', 'mood', 'channels', 'renewal_risk', 'notes'])
      expect(back[id], id).toEqual(answers[id]);
  });

  it('applyAnswers keeps the re-worded heading, the extra section, the comment and the extra key', () => {
    const { answers: back } = read(edited);
    const amended = applyAnswers(edited, everyType, meta, { ...back, value_confidence: 4, notes: 'Amended.' });
    expect(amended).toContain('### Quotes of the week <!--q:heard-->');
    expect(amended).toContain('## Our own notes\n\nThe call ran long; - [ ] is not a task here.\n\n### Details\n\nMore notes.\n\n## What did a customer tell us that was hard to hear?');
    expect(amended).toContain('# added after the meeting\nmood_of_team: tired # three escalations this week\n');
    expect(amended).toContain('- [x] Run admin training for Globex');
    const { review, answers: again } = read(amended);
    expect(again).toEqual({ ...back, value_confidence: 4, notes: 'Amended.' });
    expect(review.data.mood_of_team).toBe('tired');
    // and amending with unchanged answers is stable
    expect(applyAnswers(amended, everyType, meta, again)).toBe(amended);
  });

  it('applyAnswers adds a section the person deleted, without touching the rest', () => {
    const withoutNotes = edited.replace(/## Anything else\? {2}<!-- q:notes -->\n\nNothing else\.\n/, '');
    expect(withoutNotes).not.toContain('q:notes');
    const amended = applyAnswers(withoutNotes, everyType, meta, { ...read(withoutNotes).answers, notes: 'Back again.' });
    expect(amended).toContain('## Anything else?  <!-- q:notes -->\n\nBack again.\n');
    expect(read(amended).answers.notes).toBe('Back again.');
    expect(amended).toContain('## Our own notes');
  });
});

describe('a custom template with a multi-line prompt', () => {
  it('still finds the answer under its heading', () => {
    const template = parseTemplate(
      '---\nquestions:\n  - id: what\n    type: text\n    prompt: |\n      What happened?\n      Tell us more.\n    why: W\n---\n# {{heading}}\n',
      'custom',
      'templates/custom.md',
    );
    const text = renderNewReview(template, { ...meta, ritual: 'custom' }, { what: 'A lot.' });
    expect(text).toContain('## What happened? Tell us more.  <!-- q:what -->\n\nA lot.\n');
    expect(answersOf(read(text, template).review, template)).toEqual({ what: 'A lot.' });
  });
});

describe('parseReview reports problems with their lines', () => {
  const base = renderNewReview(weekly, meta, answers);

  it.each<[string, (text: string) => string, number | undefined, RegExp]>([
    ['a missing format version', (t) => t.replace('rhythm: 1\n', ''), 1, /rhythm: missing format version/],
    ['a newer format version', (t) => t.replace('rhythm: 1\n', 'rhythm: 2\n'), 2, /format version 2 is not supported/],
    ['a period that does not exist', (t) => t.replace('period: 2026-W48', 'period: 2025-W53'), 4, /2025 has 52 ISO weeks/],
    ['a date that does not exist', (t) => t.replace('date: 2026-11-24', 'date: 2026-02-30'), 6, /"2026-02-30" is not a date/],
    ['a date far from its period (a typo)', (t) => t.replace('date: 2026-11-24', 'date: 2062-11-24'), 6, /date: 2062-11-24 is far from 2026-W48 .*counts as held on 2026-11-23/],
    ['a team that is not a slug', (t) => t.replace('team: emea-cs', 'team: ../x'), 5, /team: team id/],
    ['a customer id that is not a slug', (t) => t.replace('customers: [acme, globex]', 'customers: [acme, Globex Corp]'), 8, /customer id "Globex Corp"/],
    ['a due date that is not a date', (t) => t.replace('due:2026-12-01', 'due:soon'), undefined, /due:soon is not a date/],
    ['a score that is not a number', (t) => t.replace('value_confidence: 3', 'value_confidence: high'), 13, /scores: value_confidence: "high" is not a number/],
    ['a marker used twice', (t) => t.replace('## What are we assuming', '## Again <!-- q:heard -->\n\n## What are we assuming'), undefined, /the marker q:heard appears twice/],
  ])('%s', (_name, change, line, message) => {
    const text = change(base);
    expect(text).not.toBe(base);
    const { problems } = parseReview(text, 'r.md', calendar);
    expect(problems.length).toBeGreaterThan(0);
    const problem = problems.find((p) => message.test(p.message));
    expect(problem, JSON.stringify(problems)).toBeDefined();
    if (line !== undefined) expect(problem!.line).toBe(line);
    else {
      // body problems point at the offending line of the file
      const fileLine = text.split('\n')[problem!.line! - 1]!;
      expect(fileLine).toMatch(/due:soon|q:heard/);
    }
  });

  it.each([
    ['an empty file', '', /is empty/],
    ['a file without front matter', '# Notes\n', /has no front matter/],
    ['JavaScript front matter', '---js\n{ ritual: "weekly" }\n---\n', /must be YAML, not "js"/],
    ['unclosed front matter', '---\nritual: weekly\n', /never closed/],
    ['a binary file', 'abc\u0000def', /binary file/],
  ])('%s is refused without a review', (_name, text, message) => {
    const { review, problems } = parseReview(text, 'r.md', calendar);
    expect(review).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.line).toBe(1);
  });

  it('a fiscal workbook needs FY labels', () => {
    const text = base.replace('period: 2026-W48', 'period: 2026-Q4').replace('ritual: weekly', 'ritual: quarterly');
    expect(parseReview(text, 'r.md', { fiscalYearStartMonth: 4 }).problems.map((p) => p.message)).toEqual([expect.stringMatching(/period: .*ambiguous.*FY2026-Q4/)]);
    expect(parseReview(text.replace('2026-Q4', 'FY2027-Q3'), 'r.md', { fiscalYearStartMonth: 4 }).problems).toEqual([]);
  });
});

describe('parseReview of the front matter alone (body: false)', () => {
  // Written by hand: a flag and a resolution, a task in the middle of prose, a broken due date and a
  // marker used twice in the body, a date a week late.
  const text = [
    '---',
    'rhythm: 1',
    'ritual: weekly',
    'period: 2026-W47',
    'team: emea-cs',
    'date: 2026-11-24',
    'participants: [ana, bo]',
    'customers: [acme, globex]',
    'flags:',
    '  - customer: globex',
    '    reason: the export still times out',
    '    since: 2026-W45',
    'resolved:',
    '  - customer: initech',
    '    note: renewed',
    'scores:',
    '  value_confidence: 2',
    '---',
    '# Weekly customer review',
    '',
    '## What did we hear?  <!-- q:heard -->',
    '',
    '- Acme Corp: "The new exports save us a day." #exports',
    '',
    '## Again  <!-- q:heard -->',
    '',
    'Some notes, and then:',
    '',
    '- [ ] Call Globex about the export @bo due:soon #globex',
    '- [x] Send Acme the release notes @ana due:2026-11-20',
    '',
  ].join('\n');

  it('gives every field of the front matter as the whole reading does, and nothing of the body', () => {
    const whole = parseReview(text, 'r.md', calendar);
    const front = parseReview(text, 'r.md', calendar, { body: false });
    expect(whole.review!.actions).toHaveLength(2);
    expect(Object.keys(whole.review!.sections)).toEqual(['heard']);
    expect(front.review).toEqual({ ...whole.review, sections: {}, actions: [] });
    expect(front.review!.flags).toEqual([{ customer: 'globex', reason: 'the export still times out', since: '2026-W45' }]);
    expect(front.review!.resolved).toEqual([{ customer: 'initech', since: '2026-W47', note: 'renewed' }]);
  });

  it('reports the problems of the front matter, not those of the body it did not read', () => {
    const whole = parseReview(text.replace('date: 2026-11-24', 'date: 2026-13-01'), 'r.md', calendar);
    const front = parseReview(text.replace('date: 2026-11-24', 'date: 2026-13-01'), 'r.md', calendar, { body: false });
    expect(whole.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^date: "2026-13-01" is not a date/),
      expect.stringMatching(/marker q:heard appears twice/),
      expect.stringMatching(/due:soon is not a date/),
    ]);
    expect(front.problems).toEqual(whole.problems.slice(0, 1));
  });

  it('reads a body edited by hand as the whole reading does, whatever the body holds', () => {
    // As people leave them: CRLF line ends, a byte order mark, a numbered task list, a task line
    // copied twice, tabs and trailing blanks, a fence never closed (the rest of the body is code).
    const edits: [string, (text: string) => string][] = [
      ['CRLF and a byte order mark', (t) => `\uFEFF${t.replaceAll('\n', '\r\n')}`],
      ['a numbered task list', (t) => t.replace('- [ ] Call Globex', '1. [ ] Call Globex').replace('- [x] Send Acme', '2) [x] Send Acme')],
      ['a line copied', (t) => t.replace(/(- \[x\] Send Acme[^\n]*\n)/, '$1$1')],
      ['tabs and trailing blanks', (t) => t.replace('Some notes, and then:', 'Some notes,\tand then:   ').replace('participants: [ana, bo]', 'participants:   [ana,bo]   ')],
      ['a fence never closed', (t) => t.replace('Some notes, and then:', '```\nSome notes, and then:')],
    ];
    for (const [name, edit] of edits) {
      const edited = edit(text);
      const whole = parseReview(edited, 'r.md', calendar);
      const front = parseReview(edited, 'r.md', calendar, { body: false });
      expect(whole.review, name).toBeDefined();
      expect(front.review, name).toEqual({ ...whole.review, sections: {}, actions: [] });
      const bodyLine = whole.review!.bodyLine;
      expect(front.problems, name).toEqual(whole.problems.filter((problem) => (problem.line ?? 1) < bodyLine));
    }
  });

  it('gives a rollup of contacts the same customers and flags as the whole reading (hand-written weeks)', () => {
    const week = (period: string, date: string, front: string, body: string) =>
      `---\nrhythm: 1\nritual: weekly\nperiod: ${period}\nteam: emea-cs\ndate: ${date}\n${front}---\n# Weekly\n\n${body}`;
    const texts = [
      week('2026-W45', '2026-11-03', 'customers: [acme]\nflags:\n  - customer: globex\n    reason: exports time out\n', '- [ ] Call Globex @bo #globex\n'),
      week('2026-W46', '2026-11-10', 'customers: [acme, globex]\nflags:\n  - customer: globex\n    reason: exports time out\n    since: 2026-W45\n', '1. [ ] Call Globex @bo #globex\n1. [ ] Call Globex @bo #globex\n'),
      week('2026-W47', '2026-11-17', 'customers:\n  - initech\nresolved:\n  - customer: globex\n    note: fixed\n', '```\n- [x] Call Globex @bo #globex\n'),
    ];
    const read = (body: boolean) => texts.map((text, index) => parseReview(text, `w${index}.md`, calendar, { body }).review!);
    const input = { config: { ...defaultConfig(), teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }, customers: [], period: parsePeriod('2026-Q4', calendar), today: '2026-11-26', records: 'contacts' as const };
    const whole = computeRollup({ ...input, reviews: read(true) });
    const front = computeRollup({ ...input, reviews: read(false) });
    expect(whole.teams[0]!.flags.length).toBeGreaterThan(0);
    expect(front.teams).toEqual(whole.teams);
    expect(front.organisation).toEqual(whole.organisation);
  });

  it('still refuses what is no review at all', () => {
    for (const bad of ['', 'abc\u0000def', text.replace('---\nrhythm', '<<<<<<< HEAD\n---\nrhythm')]) {
      expect(parseReview(bad, 'r.md', calendar, { body: false })).toEqual(parseReview(bad, 'r.md', calendar));
    }
  });
});

describe('applyAnswers keeps what a person wrote in front matter', () => {
  const designExample = `---
rhythm: 1                       # file format version
ritual: weekly
period: 2026-W48
team: emea-cs
date: 2026-11-24
participants: [ana, bo]
customers: [acme, globex]       # customers we talked to
flags:                          # customers not receiving value
  - customer: globex
    reason: onboarding stalled, no trained admin
    since: 2026-W46             # carried forward from the first week flagged
scores:
  value_confidence: 3           # 1-5
---
# Weekly customer review
`;

  it('keeps every trailing comment when the answers are unchanged', () => {
    const { answers: same } = read(designExample, weekly);
    const text = applyAnswers(designExample, weekly, meta, same);
    for (const comment of ['# file format version', '# customers we talked to', '# customers not receiving value', '# carried forward from the first week flagged', '# 1-5']) {
      expect(text).toContain(comment);
    }
  });

  it('keeps the comment of a score whose value changes, and of the keys around it', () => {
    const { answers: before } = read(designExample, weekly);
    const text = applyAnswers(designExample, weekly, meta, { ...before, value_confidence: 4 });
    expect(text).toMatch(/value_confidence: 4 +# 1-5/);
    expect(text).toMatch(/customers: \[acme, globex\] +# customers we talked to/);
  });

  it('drops an emptied scores map instead of leaving `scores: {}`', () => {
    const { answers: before } = read(designExample, weekly);
    const text = applyAnswers(designExample, weekly, meta, { ...before, value_confidence: undefined });
    expect(text).not.toContain('scores');
  });
});
