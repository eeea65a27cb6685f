import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeProse,
  findSections,
  formatAction,
  formatListItems,
  formatProse,
  parseActionText,
  parseListItems,
  parseProse,
  readBody,
  replaceSection,
  replaceTaskItems,
  splitAttribution,
  splitLines,
  tagsIn,
  unescapeProse,
  type Action,
} from '../../src/domain/markdown.js';

/** The actions of a body, as a review is read. */
const findActions = (lines: string[]) => readBody(lines).actions;

const lines = (text: string) => splitLines(text);

const BODY = `# Weekly customer review — 2026-W48 (EMEA)

_Ten minutes._

## What we heard, in their words  <!-- q:heard -->

- Acme: "The export saves our analysts a day each month." #reporting
- Globex: "We still have no admin."

## Value delivered, and how we know  <!-- q:value -->
- Acme: export adopted (evidence: usage data)


## Actions  <!-- q:actions -->

- [x] Call Globex's sponsor @ana due:2026-11-20
- [ ] Run admin training for Globex @bo due:2026-12-01 #globex
`;

describe('findSections', () => {
  it('finds each marked section with its heading text, level and content', () => {
    const sections = findSections(lines(BODY));
    expect(sections.map((s) => [s.id, s.heading, s.level])).toEqual([
      ['heard', 'What we heard, in their words', 2],
      ['value', 'Value delivered, and how we know', 2],
      ['actions', 'Actions', 2],
    ]);
    expect(sections[0]!.content).toBe('- Acme: "The export saves our analysts a day each month." #reporting\n- Globex: "We still have no admin."');
    expect(sections[1]!.content).toBe('- Acme: export adopted (evidence: usage data)');
    // trailing blank lines are not part of a section
    const body = lines(BODY);
    expect(body[sections[1]!.end - 1]).toBe('- Acme: export adopted (evidence: usage data)');
    expect(body[sections[0]!.headingIndex]).toContain('q:heard');
  });

  it('finds a section by its marker after the heading is re-worded or re-levelled', () => {
    const edited = BODY.replace('## What we heard, in their words  <!-- q:heard -->', '### Quotes of the week <!--q:heard-->');
    const heard = findSections(lines(edited)).find((s) => s.id === 'heard')!;
    expect(heard.heading).toBe('Quotes of the week');
    expect(heard.level).toBe(3);
    expect(heard.content).toContain('Acme');
  });

  it.each([
    ['# One <!-- q:one -->\ntext', 1],
    ['###### Six <!-- q:one -->\ntext', 6],
    ['## Closed ATX ## <!-- q:one -->\ntext', 2],
    ['## <!-- q:one --> Marker first\ntext', 2],
    ['##\tTabbed <!--   q:one   -->\ntext', 2],
  ])('reads the heading %j', (text, level) => {
    const [section] = findSections(lines(text));
    expect(section).toMatchObject({ id: 'one', level, content: 'text' });
  });

  it.each([
    '####### Seven <!-- q:one -->',
    '#NoSpace <!-- q:one -->',
    'Text <!-- q:one -->',
    '- ## item <!-- q:one -->',
    '## Upper case id <!-- q:One -->',
    '## Bad marker <!-- x:one -->',
  ])('does not take %j as a marked section', (heading) => {
    expect(findSections(lines(`${heading}\ntext`))).toEqual([]);
  });

  it('ignores headings and markers inside code fences', () => {
    const text = [
      '## Notes <!-- q:notes -->',
      '```md',
      '## Not a heading <!-- q:fake -->',
      '```',
      'after the fence',
      '~~~~',
      '# also not <!-- q:fake2 -->',
      '~~~ still inside (shorter fence does not close)',
      '~~~~',
      '## Next <!-- q:next -->',
      'next text',
    ];
    const sections = findSections(text);
    expect(sections.map((s) => s.id)).toEqual(['notes', 'next']);
    expect(sections[0]!.content).toContain('## Not a heading');
    expect(sections[0]!.content).toContain('after the fence');
    expect(sections[0]!.end).toBe(9);
  });

  it('an unclosed fence hides every heading after it', () => {
    expect(findSections(['## A <!-- q:a -->', '```', '## B <!-- q:b -->']).map((s) => s.id)).toEqual(['a']);
  });

  it('a section ends at the next heading of the same or a higher level, or at any marked heading', () => {
    const text = [
      '## A <!-- q:a -->', // 0
      'a1', // 1
      '### A sub-heading without marker', // 2
      'a2', // 3
      '### B <!-- q:b -->', // 4
      'b1', // 5
      '## Extra section without marker', // 6
      'extra', // 7
      '# C <!-- q:c -->', // 8
      'c1', // 9
      '## D, deeper but marked <!-- q:d -->', // 10
      'd1', // 11
    ];
    const sections = findSections(text);
    expect(sections.map((s) => [s.id, s.start, s.end])).toEqual([
      ['a', 1, 4],
      ['b', 5, 6],
      ['c', 9, 10],
      ['d', 11, 12],
    ]);
    expect(sections[0]!.content).toBe('a1\n### A sub-heading without marker\na2');
  });

  it('reports both sections when a marker appears twice (the review reader flags it)', () => {
    const sections = findSections(['## A <!-- q:a -->', 'one', '## A again <!-- q:a -->', 'two']);
    expect(sections.map((s) => [s.id, s.content])).toEqual([
      ['a', 'one'],
      ['a', 'two'],
    ]);
  });

  it('an empty section has empty content', () => {
    const [section] = findSections(['## A <!-- q:a -->', '', '', '## B']);
    expect(section).toMatchObject({ start: 1, end: 1, content: '' });
  });
});

describe('findActions', () => {
  it('reads the task list of a review with state, owner, due, tags and section', () => {
    const actions = findActions(lines(BODY));
    expect(actions).toEqual<Action[]>([
      { state: 'done', title: "Call Globex's sponsor", owner: 'ana', due: '2026-11-20', tags: [], lineIndex: 15, section: 'actions' },
      { state: 'open', title: 'Run admin training for Globex', owner: 'bo', due: '2026-12-01', tags: ['globex'], lineIndex: 16, section: 'actions' },
    ]);
  });

  it.each<[string, Partial<Action>]>([
    ['- [ ] Open', { state: 'open', title: 'Open' }],
    ['- [x] Done', { state: 'done', title: 'Done' }],
    ['- [X] Done too', { state: 'done', title: 'Done too' }],
    ['- [-] Dropped', { state: 'dropped', title: 'Dropped' }],
    ['* [ ] Star bullet', { state: 'open', title: 'Star bullet' }],
    ['+ [ ] Plus bullet', { state: 'open', title: 'Plus bullet' }],
    ['  - [ ] Nested', { state: 'open', title: 'Nested' }],
    // Any list type, quoted or not: GitHub renders each as a task.
    ['1. [ ] Ordered', { state: 'open', title: 'Ordered' }],
    ['2) [x] Ordered too', { state: 'done', title: 'Ordered too' }],
    ['> - [ ] Quoted', { state: 'open', title: 'Quoted' }],
    ['- [ ] Carried @bo since:2026-W46', { title: 'Carried', owner: 'bo', since: '2026-W46' }],
    ['- [ ] @ana first, then words due:2026-12-01 #a #B', { title: 'first, then words', owner: 'ana', due: '2026-12-01', tags: ['a', 'b'] }],
    ['- [ ] Mail bob@example.com about #renewal/q1', { title: 'Mail bob@example.com about', tags: ['renewal/q1'] }],
    ['- [ ] Two owners @ana @bo', { title: 'Two owners', owner: 'ana' }],
    ['- [ ] Bad date due:tomorrow', { due: 'tomorrow', title: 'Bad date' }],
    ['- [ ] Tagged #Ünïcode', { tags: ['ünïcode'] }],
    ['- [ ] Not a since since:next-week', { title: 'Not a since since:next-week' }],
    ['- [ ] Not a tag C# and x#y', { title: 'Not a tag C# and x#y', tags: [] }],
  ])('%j', (line, expected) => {
    const [action] = findActions([line]);
    expect(action).toMatchObject({ tags: [], ...expected, lineIndex: 0 });
    expect(action!.section).toBeUndefined();
  });

  it.each(['- [ ]', '- [] empty', '- [y] other', '-[ ] no space', '- [ ]no space after', 'text - [ ] inline', '    ```', '    - [ ] indented code', '> [ ] quoted, no list'])(
    'is not an action: %j',
    (line) => {
      expect(findActions([line])).toEqual([]);
    },
  );

  it('gives actions outside any section no section, and ignores actions in fences', () => {
    const text = [
      '- [ ] Before any section', // 0
      '## Heard <!-- q:heard -->', // 1
      '- [ ] Inside heard', // 2
      '```', // 3
      '- [ ] In a fence', // 4
      '```', // 5
      '', // 6
      '## Free notes', // 7
      '- [ ] Under an unmarked heading', // 8
      '### Actions <!-- q:actions -->', // 9
      '', // 10
      '- [x] In actions', // 11
    ];
    expect(findActions(text).map((a) => [a.title, a.lineIndex, a.section])).toEqual([
      ['Before any section', 0, undefined],
      ['Inside heard', 2, 'heard'],
      ['Under an unmarked heading', 8, undefined],
      ['In actions', 11, 'actions'],
    ]);
  });

  it('formatAction writes what findActions reads back', () => {
    const action = { state: 'dropped' as const, title: 'Ask about <!-- the thing', owner: 'ana', due: '2026-12-01', tags: ['x', 'y'], since: '2026-W46' };
    const line = formatAction(action);
    expect(line).toBe('- [-] Ask about <\\!-- the thing @ana due:2026-12-01 #x #y since:2026-W46');
    const [read] = findActions([line]);
    expect(read).toEqual({ ...action, lineIndex: 0 });
    expect(formatAction({ state: 'open', title: 'two\n  lines', tags: [] })).toBe('- [ ] two lines');
  });

  it('parseActionText and tagsIn', () => {
    expect(parseActionText('Hello #World @x')).toEqual({ title: 'Hello', tags: ['world'], owner: 'x' });
    expect(tagsIn('"Saves a day" #reporting #Exports and #reporting')).toEqual(['reporting', 'exports', 'reporting']);
  });
});

describe('parseListItems and formatListItems', () => {
  it('reads items with continuation lines', () => {
    const content = ['- Acme: "one"', '  still Acme', '    and more', '* Globex: two', '+ Initech', '', '- last'].join('\n');
    expect(parseListItems(content)).toEqual(['Acme: "one"\nstill Acme\nand more', 'Globex: two', 'Initech', 'last']);
  });

  it('keeps loose lines as their own items and skips task items', () => {
    expect(parseListItems('A sentence.\n- [ ] a task\n1. [x] another, in an ordered list\n- item\nAnother line')).toEqual(['A sentence.', 'item', 'Another line']);
  });

  it('unescapes what formatListItems escaped', () => {
    const items = ['# not a heading', '--- not a fence', '```js', '<!-- q:heard -->', '[ ] not a task', 'two\nlines', '\\ backslash', 'x <\\!-- y'];
    const text = formatListItems(items);
    expect(text).toBe(
      [
        '- \\# not a heading',
        '- \\--- not a fence',
        '- \\```js',
        '- <\\!-- q:heard -->',
        '- \\[ ] not a task',
        '- two',
        '  lines',
        '- \\\\ backslash',
        '- x <\\\\!-- y',
      ].join('\n'),
    );
    expect(parseListItems(text)).toEqual(items);
    expect(findSections(['## L <!-- q:l -->', ...text.split('\n')]).map((s) => s.id)).toEqual(['l']);
    expect(findActions(text.split('\n'))).toEqual([]);
  });

  it('round-trips list items that are trimmed, non-empty lines (property)', () => {
    const line = fc
      .array(fc.constantFrom('a', ' ', '#', '-', '`', '~', '=', '[', ']', 'x', '[ ] ', '[x] ', '- ', '<!--', '\\', '*', ':', '@'), { maxLength: 12 })
      .map((parts) => parts.join('').trim())
      .filter((text) => text !== '');
    const item = fc.array(line, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('\n'));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), (items) => {
        expect(parseListItems(formatListItems(items))).toEqual(items);
      }),
      { numRuns: 500 },
    );
  });
});

describe('escapeProse and unescapeProse', () => {
  it.each([
    ['# Heading', '\\# Heading'],
    ['   ## indented heading', '   \\## indented heading'],
    ['---', '\\---'],
    ['===', '\\==='],
    ['```ts', '\\```ts'],
    ['~~~', '\\~~~'],
    ['<!-- q:heard -->', '<\\!-- q:heard -->'],
    ['text <!-- and <!-- again', 'text <\\!-- and <\\!-- again'],
    ['[x] box', '\\[x] box'],
    ['\\# typed with a backslash', '\\\\# typed with a backslash'],
    ['plain line', 'plain line'],
    ['a # mid-line hash', 'a # mid-line hash'],
    ['- list', '- list'],
    ['first\n# second\n\tthird', 'first\n\\# second\n\tthird'],
    // A task item typed into a prose answer is prose, not an action (found by the round-trip property test).
    ['- [ ] not an action due:2026-12-01#', '\\- [ ] not an action due:2026-12-01#'],
    ['  * [x] done?', '  \\* [x] done?'],
    ['- [link] text', '- [link] text'],
    // A task item of any list, quoted or nested, is one too.
    ['1. [ ] not an action', '\\1. [ ] not an action'],
    ['> - [x] quoted', '\\> - [x] quoted'],
    ['- - [ ] nested', '\\- - [ ] nested'],
    ['> quote', '> quote'],
    // HTML blocks that only their end closes would hide the rest of the file.
    ['<pre>', '\\<pre>'],
    ['<?php', '\\<?php'],
    ['<!DOCTYPE html>', '\\<!DOCTYPE html>'],
    ['<span>', '<span>'],
  ])('%j is written as %j and reads back', (text, escaped) => {
    expect(escapeProse(text)).toBe(escaped);
    expect(unescapeProse(escapeProse(text))).toBe(text);
  });

  it('escaped prose adds no headings, fences, markers or actions to a section', () => {
    const prose = '# one\n```\n## two <!-- q:other -->\n---\n~~~\n- [ ] not an action\n1. [x] nor this\n> * [ ] nor this\n<pre>';
    const body = ['## Notes <!-- q:notes -->', '', ...escapeProse(prose).split('\n'), '', '## After <!-- q:after -->', 'x'];
    const sections = findSections(body);
    expect(sections.map((s) => s.id)).toEqual(['notes', 'after']);
    expect(parseProse(sections[0]!.content)).toBe(prose);
    expect(findActions(body)).toEqual([]);
  });

  it('formatProse trims and escapes; parseProse undoes the escape', () => {
    expect(formatProse('\n  # x  \n')).toBe('\\# x');
    expect(parseProse('\\# x')).toBe('# x');
  });

  it('unescapeProse(escapeProse(s)) === s for arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(unescapeProse(escapeProse(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('unescapeProse(escapeProse(s)) === s for strings made of markdown syntax (property)', () => {
    const fragment = fc.constantFrom('#', '##', ' ', '  ', '\t', '\n', '---', '===', '```', '~~~', '<!--', '<', '!--', '\\', '\\\\', '[', ']', 'x', '-', ' q:a -->', '\r', '\u00a0');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(unescapeProse(escapeProse(text))).toBe(text);
        // and escaped prose never contains a marker comment or starts a line with a heading or fence
        const escaped = escapeProse(text);
        expect(escaped).not.toContain('<!--');
        for (const line of escaped.split('\n')) expect(line).not.toMatch(/^\s*(#|```|~~~|---)/);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitAttribution', () => {
  it.each([
    ['Acme: "it saves a day"', { who: 'Acme', text: '"it saves a day"' }],
    ['**Acme**: bold name', { who: 'Acme', text: 'bold name' }],
    ['no attribution here', { text: 'no attribution here' }],
    ['http://example.com', { text: 'http://example.com' }],
  ])('%j', (item, expected) => {
    expect(splitAttribution(item)).toEqual(expected);
  });
});

describe('replaceSection', () => {
  it('replaces only the answer of the section, keeping everything else', () => {
    const body = lines(BODY);
    const result = replaceSection(body, { id: 'value', heading: 'ignored when present' }, '- new value\n- second');
    const text = result.join('\n');
    expect(text).toBe(
      BODY.replace('## Value delivered, and how we know  <!-- q:value -->\n- Acme: export adopted (evidence: usage data)\n', '## Value delivered, and how we know  <!-- q:value -->\n\n- new value\n- second\n'),
    );
    const sections = findSections(result);
    expect(sections.map((s) => s.id)).toEqual(['heard', 'value', 'actions']);
    expect(sections[1]!.content).toBe('- new value\n- second');
    expect(sections[0]!.content).toBe(findSections(body)[0]!.content);
    expect(findActions(result)).toHaveLength(2);
  });

  it('emptying a section keeps its heading', () => {
    const result = replaceSection(lines(BODY), { id: 'heard', heading: 'x' }, '   ');
    const heard = findSections(result).find((s) => s.id === 'heard')!;
    expect(heard.content).toBe('');
    expect(result.join('\n')).toContain('## What we heard, in their words  <!-- q:heard -->\n\n## Value');
  });

  it('keeps a marker-less sub-heading out of the next section and keeps an extra section', () => {
    const body = ['# T', '', '## A <!-- q:a -->', '', 'old', '', '## My own notes', '', 'keep me', ''];
    const result = replaceSection(body, { id: 'a', heading: 'A' }, 'new');
    expect(result).toEqual(['# T', '', '## A <!-- q:a -->', '', 'new', '', '## My own notes', '', 'keep me', '']);
  });

  it('appends a missing section at the end with its marker', () => {
    const result = replaceSection(['# T', '', 'intro', '', ''], { id: 'new_one', heading: 'A new question?', level: 3 }, 'answer');
    expect(result).toEqual(['# T', '', 'intro', '', '### A new question?  <!-- q:new_one -->', '', 'answer', '']);
    expect(findSections(result)[0]).toMatchObject({ id: 'new_one', heading: 'A new question?', content: 'answer' });
    expect(replaceSection([], { id: 'a', heading: 'A' }, '')).toEqual(['', '## A  <!-- q:a -->', '']);
  });

  it('writes an appended heading on one line, so a multi-line prompt keeps its marker on the heading', () => {
    const result = replaceSection(['# T'], { id: 'a', heading: 'What happened?\n  Tell us <!-- q:b --> more.\n' }, 'answer');
    expect(result).toEqual(['# T', '', '## What happened? Tell us <\\!-- q:b --> more.  <!-- q:a -->', '', 'answer', '']);
    expect(findSections(result).map((s) => [s.id, s.content])).toEqual([['a', 'answer']]);
  });

  it('replacing twice gives the same text as replacing once', () => {
    const once = replaceSection(lines(BODY), { id: 'heard', heading: 'h' }, '- x');
    const twice = replaceSection(once, { id: 'heard', heading: 'h' }, '- x');
    expect(twice).toEqual(once);
  });
});

describe('since: accepts every period label, so carried quarterly actions keep their identity', () => {
  it.each([
    ['Run the check-in since:FY2027-Q2 #onboarding', 'FY2027-Q2'],
    ['Run the check-in since:2026-Q3', '2026-Q3'],
    ['Run the check-in since:2026-W46', '2026-W46'],
    ['Run the check-in since:2026-11', '2026-11'],
    ['Run the check-in since:FY2027', 'FY2027'],
  ])('%s', (text, since) => {
    const action = parseActionText(text);
    expect(action.since).toBe(since);
    expect(action.title).toBe('Run the check-in');
  });
});

describe('replaceTaskItems', () => {
  const section = { id: 'actions', heading: 'What will we do about it?' };
  const body = (...lines: string[]) => ['## What will we do about it?  <!-- q:actions -->', ...lines];

  it('puts the new items where the first old one was, and keeps every other line', () => {
    const lines = body('', 'Before the list.', '', '- [ ] Old one', '- [x] Old two', '  continued', '', 'Note after.', '', '```', '- [ ] in code', '```');
    expect(replaceTaskItems(lines, section, '- [ ] New\n- [x] Old two')).toEqual(body('', 'Before the list.', '', '- [ ] New', '- [x] Old two', '', 'Note after.', '', '```', '- [ ] in code', '```'));
  });

  it('a section without items gets them at its top; one with nothing but items is replaced whole', () => {
    expect(replaceTaskItems(body('', 'A note.'), section, '- [ ] New')).toEqual(body('', '- [ ] New', '', 'A note.'));
    expect(replaceTaskItems(body('', '- [ ] Old', ''), section, '- [ ] New')).toEqual(replaceSection(body('', '- [ ] Old', ''), section, '- [ ] New'));
  });
});
