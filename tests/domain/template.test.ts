import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  answerHome,
  fillPlaceholders,
  parseTemplate,
  PLACEHOLDERS,
  QUESTION_TYPES,
  RESERVED_KEYS,
  TemplateError,
  type Template,
} from '../../src/domain/template.js';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const BUILT_INS = readdirSync(TEMPLATES).filter((name) => name.endsWith('.md'));

function builtIn(name: string): Template {
  return parseTemplate(readFileSync(`${TEMPLATES}${name}.md`, 'utf8'), name, `templates/${name}.md`);
}

/** The problems of a template that must not parse. */
function problemsOf(text: string) {
  try {
    parseTemplate(text, 'custom', 'templates/custom.md');
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as TemplateError).problems;
  }
  throw new Error('expected a TemplateError');
}

const question = (fields: string) => `---\nquestions:\n  - id: q\n${fields}---\n# {{heading}}\n`;

describe('the built-in templates', () => {
  it('are weekly, quarterly, annual and monthly (the ritual rhythm init suggests)', () => {
    expect(BUILT_INS.sort()).toEqual(['annual.md', 'monthly.md', 'quarterly.md', 'weekly.md']);
  });

  it.each(BUILT_INS.map((file) => file.replace(/\.md$/, '')))('%s parses, and every question has a prompt and a one-line why', (name) => {
    const template = builtIn(name);
    expect(template.name).toBe(name);
    expect(template.title).toMatch(/customer (review|council)$/);
    expect(template.intro).toBeTruthy();
    expect(template.questions.length).toBeGreaterThan(3);
    for (const q of template.questions) {
      expect(q.why.trim().length, q.id).toBeGreaterThan(10);
      expect(q.why, q.id).not.toContain('\n');
      expect(q.prompt.trim().length, q.id).toBeGreaterThan(5);
      expect(q.prompt, q.id).not.toContain('\n');
      expect(QUESTION_TYPES).toContain(q.type);
      expect(RESERVED_KEYS).not.toContain(q.id);
    }
    // every placeholder in the body is known
    for (const match of template.body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) expect(PLACEHOLDERS).toContain(match[1]);
    // ids are unique
    expect(new Set(template.questions.map((q) => q.id)).size).toBe(template.questions.length);
  });

  it('declare the cadence of their ritual', () => {
    expect([builtIn('weekly').cadence, builtIn('monthly').cadence, builtIn('quarterly').cadence, builtIn('annual').cadence]).toEqual(['week', 'month', 'quarter', 'year']);
  });

  it('the monthly is a customer council: who came, what we showed, what they asked for in their words, what we committed to', () => {
    const monthly = builtIn('monthly');
    const byId = Object.fromEntries(monthly.questions.map((q) => [q.id, q]));
    expect(monthly.title).toBe('Monthly customer council');
    expect(Object.keys(byId)).toEqual(['customers', 'shown', 'heard', 'value_confidence', 'actions']);
    expect(byId.customers).toMatchObject({ type: 'customers', required: true });
    expect(byId.shown!.type).toBe('list');
    // Their words are quotes: the rollup's voice of the customer reads the heard answers.
    expect(byId.heard).toMatchObject({ type: 'list', byCustomer: true });
    expect(byId.value_confidence).toMatchObject({ type: 'scale', min: 1, max: 5 });
    expect(byId.actions!.type).toBe('actions');
  });

  it('the weekly asks the outside-in questions of the method', () => {
    const weekly = builtIn('weekly');
    const byId = Object.fromEntries(weekly.questions.map((q) => [q.id, q]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(['customers', 'heard', 'flags', 'value', 'hard_to_hear', 'assumptions', 'value_confidence', 'actions']));
    expect(byId.customers).toMatchObject({ type: 'customers', required: true });
    expect(byId.heard).toMatchObject({ type: 'list', byCustomer: true });
    expect(byId.flags!.type).toBe('flags');
    expect(byId.value_confidence).toMatchObject({ type: 'scale', min: 1, max: 5, required: true });
    expect(byId.actions!.type).toBe('actions');
  });

  it('the annual has a multiselect of warning signs', () => {
    const signs = builtIn('annual').questions.find((q) => q.id === 'warning_signs')!;
    expect(signs.type).toBe('multiselect');
    expect(signs.choices!.length).toBeGreaterThan(3);
  });
});

describe('parseTemplate', () => {
  it('reads every question type with its options', () => {
    const text = [
      '---',
      'title: Monthly check-in',
      'cadence: month',
      'intro: "  Short.  "',
      'questions:',
      '  - { id: t, type: text, prompt: " Text? ", why: " Because. ", required: true, hint: e.g. }',
      '  - { id: l, type: list, prompt: L, why: W, byCustomer: true }',
      '  - { id: s, type: scale, prompt: S, why: W }',
      '  - { id: s2, type: scale, prompt: S, why: W, min: 0, max: 10 }',
      '  - { id: n, type: number, prompt: N, why: W, min: 0, max: 100 }',
      '  - { id: se, type: select, prompt: S, why: W, choices: [a, b] }',
      '  - { id: ms, type: multiselect, prompt: M, why: W, choices: [x, y, z] }',
      '  - { id: c, type: confirm, prompt: C, why: W }',
      '  - { id: customers, type: customers, prompt: C, why: W }',
      '  - { id: flags, type: flags, prompt: F, why: W }',
      '  - { id: actions, type: actions, prompt: A, why: W }',
      '---',
      '# {{ heading }}',
      '',
      '{{intro}} for {{teamName}} ({{team}}) in {{period}}, {{range}}, {{date}}, {{ritual}}, {{title}}',
      '{{rollup}}',
    ].join('\n');
    const template = parseTemplate(text, 'monthly', 'templates/monthly.md');
    expect(template).toMatchObject({ name: 'monthly', title: 'Monthly check-in', cadence: 'month', intro: 'Short.' });
    expect(template.questions).toEqual([
      { id: 't', type: 'text', prompt: 'Text?', why: 'Because.', required: true, hint: 'e.g.' },
      { id: 'l', type: 'list', prompt: 'L', why: 'W', required: false, byCustomer: true },
      { id: 's', type: 'scale', prompt: 'S', why: 'W', required: false, min: 1, max: 5 },
      { id: 's2', type: 'scale', prompt: 'S', why: 'W', required: false, min: 0, max: 10 },
      { id: 'n', type: 'number', prompt: 'N', why: 'W', required: false, min: 0, max: 100 },
      { id: 'se', type: 'select', prompt: 'S', why: 'W', required: false, choices: ['a', 'b'] },
      { id: 'ms', type: 'multiselect', prompt: 'M', why: 'W', required: false, choices: ['x', 'y', 'z'] },
      { id: 'c', type: 'confirm', prompt: 'C', why: 'W', required: false },
      { id: 'customers', type: 'customers', prompt: 'C', why: 'W', required: false },
      { id: 'flags', type: 'flags', prompt: 'F', why: 'W', required: false },
      { id: 'actions', type: 'actions', prompt: 'A', why: 'W', required: false },
    ]);
    expect(template.body.startsWith('# {{ heading }}')).toBe(true);
  });

  it('a template without a title gets one from its name', () => {
    expect(parseTemplate(question('    type: text\n    prompt: P\n    why: W\n'), 'monthly', 'm.md').title).toBe('Monthly customer review');
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const text = `\uFEFF${question('    type: text\n    prompt: P\n    why: W\n')}`.replace(/\n/g, '\r\n');
    expect(parseTemplate(text, 'x', 'x.md').questions[0]).toMatchObject({ id: 'q', prompt: 'P', why: 'W' });
  });

  it.each([
    [question('    type: essay\n    prompt: P\n    why: W\n'), 3, /question "q": type must be one of text, list/],
    [question('    prompt: P\n    why: W\n'), 3, /question "q": type must be one of/],
    [question('    type: text\n    prompt: P\n'), 3, /question "q": needs a one-line "why"/],
    [question('    type: text\n    prompt: P\n    why: "   "\n'), 3, /needs a one-line "why"/],
    [question('    type: text\n    why: W\n'), 3, /question "q": needs a prompt/],
    [question('    type: scale\n    min: 5\n    max: 1\n    prompt: P\n    why: W\n'), 3, /min < max/],
    [question('    type: scale\n    min: 1.5\n    prompt: P\n    why: W\n'), 3, /min < max/],
    [question('    type: select\n    prompt: P\n    why: W\n'), 3, /a select needs choices/],
    [question('    type: multiselect\n    choices: [1, 2]\n    prompt: P\n    why: W\n'), 3, /a multiselect needs choices/],
    [question('    type: text\n    byCustomer: true\n    prompt: P\n    why: W\n'), 3, /byCustomer only applies to list/],
    [question('    type: text\n    prompt: P\n    why: W\n    colour: red\n'), 3, /unknown key "colour"/],
    ['---\nquestions:\n  - id: Bad\n    type: text\n    prompt: P\n    why: W\n---\n', 3, /question "Bad": id must be lowercase/],
  ])('refuses %j at line %i', (text, line, message) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'templates/custom.md', line, severity: 'error' });
    expect(problems[0]!.message).toMatch(message);
  });

  it.each(RESERVED_KEYS)('refuses the reserved id %s', (id) => {
    const problems = problemsOf(`---\nquestions:\n  - id: ${id}\n    type: text\n    prompt: P\n    why: W\n---\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3 });
    expect(problems[0]!.message).toMatch(new RegExp(`"${id}" is reserved by the file format`));
  });

  it.each([
    ['{{ secret }}', 'secret'],
    ['{{constructor}}', 'constructor'],
    ['{{__proto__}}', '__proto__'],
    ['{{period.constructor}}', 'period.constructor'],
    ['{{#each x}}', '#each x'],
  ])('refuses the unknown placeholder %s with its line', (placeholder, name) => {
    const problems = problemsOf(`---\nquestions:\n  - { id: q, type: text, prompt: P, why: W }\n---\n# {{heading}}\n\ntext\n${placeholder}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(8);
    expect(problems[0]!.message).toContain(`unknown placeholder {{${name}}}`);
  });

  it('collects every problem, each naming its question', () => {
    const problems = problemsOf(
      [
        '---',
        'questions:',
        '  - id: a',
        '    type: essay',
        '    prompt: P',
        '    why: W',
        '  - id: b',
        '    type: text',
        '    prompt: P',
        '  - id: date',
        '    type: text',
        '    prompt: P',
        '    why: W',
        '---',
        '{{nope}}',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.message.slice(0, 20)])).toEqual([
      [3, 'question "a": type m'],
      [7, 'question "b": needs '],
      [10, 'question "date": "da'],
      [15, 'unknown placeholder '],
    ]);
  });

  it.each([
    ['no front matter\n', /needs front matter/, 1],
    ['---js\nquestions: []\n---\n', /must be YAML, not "js"/, 1],
    ['---\nquestions: []\n---\n', /questions: must be a non-empty list/, undefined],
    ['---\ntitle: x\n---\n', /questions: must be a non-empty list/, undefined],
    ['---\nquestions:\n  - id: a\n---\n', undefined, 3],
    ['---\nquestions: [\n---\n', /not valid YAML/, 3],
    ['---\nquestions: []\n', /never closed/, 1],
  ])('refuses the template %j', (text, message, line) => {
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    if (message) expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.line).toBe(line);
  });

  it('refuses a flags question with another id and a second actions question', () => {
    const problems = problemsOf(
      '---\nquestions:\n  - { id: risky, type: flags, prompt: P, why: W }\n  - { id: a1, type: actions, prompt: P, why: W }\n  - { id: a2, type: actions, prompt: P, why: W }\n---\n',
    );
    expect(problems.map((p) => p.message)).toEqual(['the flags question must have the id "flags"', 'a template may have at most one actions question']);
  });

  it.each([
    ['flags', 'customers', 'question "flags": "flags" is where a review keeps its flags: give it type flags, or choose another id'],
    ['customers', 'text', 'question "customers": "customers" is where a review keeps its customers: give it type customers, or choose another id'],
  ])('refuses the id %s with type %s: the file format reads that key as its own', (id, type, message) => {
    expect(problemsOf(`---\nquestions:\n  - { id: ${id}, type: ${type}, prompt: P, why: W }\n---\n`).map((p) => p.message)).toEqual([message]);
  });

  it.each([
    ['min: abc', 'question "q": min must be a number'],
    ['max: .inf', 'question "q": max must be a number'],
    ['min: 5\n    max: 2', 'question "q": min must not be above max'],
  ])('refuses a number question with %j', (fields, message) => {
    expect(problemsOf(question(`    type: number\n    prompt: P\n    why: W\n    ${fields}\n`)).map((p) => p.message)).toEqual([message]);
  });

  it('refuses a question id used twice', () => {
    const problems = problemsOf('---\nquestions:\n  - { id: a, type: text, prompt: P, why: W }\n  - { id: a, type: list, prompt: P, why: W }\n---\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/question "a": id used twice/);
  });

  it('never runs code: a ---javascript template is refused without being evaluated', () => {
    const text = '---javascript\n{ questions: (() => { throw new Error("evaluated") })() }\n---\n';
    expect(problemsOf(text)[0]!.message).toMatch(/must be YAML/);
  });
});

describe('fillPlaceholders', () => {
  it('replaces known placeholders, tolerating spaces, and leaves unknown ones as written', () => {
    expect(fillPlaceholders('# {{heading}} / {{ period }} / {{team}} / {{other}}', { heading: 'H', period: '2026-W48' })).toBe('# H / 2026-W48 /  / {{other}}');
  });

  it('does not re-scan inserted values', () => {
    expect(fillPlaceholders('{{rollup}}', { rollup: 'see {{period}}', period: 'P' })).toBe('see {{period}}');
  });

  it('does not reach object prototype properties', () => {
    expect(fillPlaceholders('{{constructor}} {{toString}}', {})).toBe('{{constructor}} {{toString}}');
  });
});

describe('answerHome', () => {
  it.each([
    ['text', 'body'],
    ['list', 'body'],
    ['actions', 'body'],
    ['scale', 'scores'],
    ['customers', 'top'],
    ['flags', 'top'],
    ['number', 'answers'],
    ['select', 'answers'],
    ['multiselect', 'answers'],
    ['confirm', 'answers'],
  ] as const)('%s answers live in %s', (type, home) => {
    expect(answerHome(type)).toBe(home);
  });
});

describe('template problems point at the question that has them', () => {
  const lineOf = (text: string) => {
    try {
      parseTemplate(text, 'custom', 'templates/custom.md');
    } catch (error) {
      return (error as TemplateError).problems.map((problem) => [problem.line, problem.message]);
    }
    throw new Error('expected a TemplateError');
  };

  it('reports a duplicate id at its second occurrence, and flow-style questions at their own line', () => {
    const text = [
      '---',
      'questions:',
      '  - id: a',
      '    type: text',
      '    prompt: First?',
      '    why: Because.',
      '  - { id: Bad-Id, type: text, prompt: Second?, why: Because. }',
      '  - id: a',
      '    type: text',
      '    prompt: Third?',
      '    why: Because.',
      '---',
      '# body',
    ].join('\n');
    expect(lineOf(text)).toEqual([
      [7, 'question "Bad-Id": id must be lowercase letters, digits and _'],
      [8, 'question "a": id used twice'],
    ]);
  });
});
