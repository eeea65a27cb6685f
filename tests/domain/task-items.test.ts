/**
 * Task items and headings exactly as GitHub renders them: our block reader (readBlocks) held against
 * a reference GFM parser (micromark with its GFM extensions, through mdast), on hand-written edge
 * cases and on generated documents. The reference knows no `[-]`: documents give it `[ ]` there,
 * and our dropped actions are compared as open ones (the unit tests below cover `[-]` itself).
 */
import fc from 'fast-check';
import type { Heading as MdastHeading, ListItem, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/domain/frontmatter.js';
import { readBlocks, readBody, splitLines } from '../../src/domain/markdown.js';

interface Read {
  tasks: { line: number; done: boolean; last: number }[];
  headings: { line: number; level: number; words: string }[];
}

const MARKER = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/;

/**
 * What the reference reads: task items with the lines of their first paragraph, and the ATX
 * headings of the document itself. Undefined where it trips over its own assertion: after a bare
 * marker (`-` alone on its line), micromark takes a paragraph that has left the item for the item's
 * first content and checks a box there, outside any list item (`-\n[ ] a`; a paragraph, and no task,
 * to CommonMark and to us).
 */
function reference(doc: string): Read | undefined {
  let tree;
  try {
    tree = fromMarkdown(doc.replace(/\[-\]/g, '[ ]'), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch (error) {
    if (String((error as Error).stack).includes('exitCheck')) return undefined;
    throw error;
  }
  const read: Read = { tasks: [], headings: [] };
  const visit = (node: Nodes) => {
    if (node.type === 'listItem' && typeof (node as ListItem).checked === 'boolean') {
      const paragraph = (node as ListItem).children[0]!;
      read.tasks.push({ line: paragraph.position!.start.line - 1, done: (node as ListItem).checked!, last: paragraph.position!.end.line - 1 });
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  read.tasks.sort((a, b) => a.line - b.line);
  for (const node of tree.children) {
    // ATX headings are one line; setext headings (two lines at least) make no sections.
    if (node.type !== 'heading' || node.position!.start.line !== node.position!.end.line) continue;
    const children = (node as MdastHeading).children;
    const words = children.length === 0 ? '' : doc.slice(children[0]!.position!.start.offset, children[children.length - 1]!.position!.end.offset);
    read.headings.push({ line: node.position!.start.line - 1, level: node.depth, words });
  }
  return read;
}

/**
 * What we read, in the reference's terms. mdast moves a task's paragraph to start after the box:
 * on the box's line, but for a box broken after its `[` (`[` then `]` on the next line).
 */
function ours(doc: string): Read {
  const lines = splitLines(normaliseText(doc));
  const blocks = readBlocks(lines);
  return {
    tasks: blocks.tasks.map((task) => ({ line: task.index + (lines[task.index]!.endsWith('[') ? 1 : 0), done: task.state === 'done', last: task.last })),
    headings: blocks.headings.map((heading) => ({ line: heading.index, level: heading.level, words: wordsOf(lines[heading.index]!, heading.id) })),
  };
}

/** The heading's words as the reference gives them, when our text and marker are taken from them. */
function wordsOf(line: string, id: string | undefined): string {
  const words = line
    .replace(/^ {0,3}#{1,6}(?=[ \t]|$)/, '')
    .replace(/(?:^|[ \t]+)#+[ \t]*$/, '')
    .replace(/^[ \t]+|[ \t]+$/g, '');
  expect(MARKER.exec(words)?.[1]).toBe(id);
  return words;
}

/** Whether the reference could read the document; if so, that we read it as it does. */
function agrees(doc: string): boolean {
  const expected = reference(doc);
  if (expected === undefined) return false;
  expect(ours(doc), JSON.stringify(doc)).toEqual(expected);
  return true;
}

describe('task items and headings agree with GFM (micromark) on edge cases', () => {
  it.each([
    // list types, and the box
    '- [ ] a\n* [x] b\n+ [X] c\n1. [ ] d\n2) [x] e\n10. [ ] f',
    '- [ ]\n- [ ] \n- [x]text\n- [x]\ta\n- [x]\u00a0a\n- [\t] a\n- [y] a\n- [] a\n- [ x] a\n- [x ] a',
    '- [ ] [x] a\n- [Go](https://go.dev) docs\n- [docs] see\n- [x](url)',
    // the box needs text after it, maybe on the next line of its paragraph
    '- [ ]\n  continued\n- [x]   \n  more\n- [ ]\nlazy',
    '- [ ]\n\n  a',
    '- [\n  ] a',
    // the first paragraph of the item only, starting on the marker's line or right under a bare marker
    '-\n  [ ] next line\n- \n  [ ] trailing blank\n-\n   [x] deeper',
    '1.\n   [x] ordered, next line',
    '- a\n\n  [ ] second paragraph',
    '- - [ ] nested at once\n  - [x] nested\n    - [ ] deeper',
    '* foo\n\n  * [ ] bar',
    // block quotes and lazy lines
    '> - [ ] quoted\n> - [x] quoted too\nlazy line\n\n- > [ ] box in a quote in an item',
    '> foo\n2. [ ] list after a quote\n> bar\n- [x] baz',
    'a\n2. [ ] no interruption by 2.\n\na\n1. [ ] interruption by 1.',
    // code: fences (in items too, and ~~~), indented code
    '```\n- [ ] fenced\n```\n~~~\n- [ ] tilde\n~~~\n- ```\n  - [ ] fence in an item\n  ```\n- [x] after',
    '````\n```\n- [ ] still fenced\n````\n- [ ] out',
    '    - [ ] indented code\n\n        - [x] deeper code\n- a\n\n      - [ ] code in an item',
    'para\n    - [ ] continuation, not code',
    // HTML: comments across lines, blocks of each kind
    '<!--\n- [ ] commented\n# Heading <!-- q:a -->\n-->\n- [x] after',
    '<!-- one line -->\n- [ ] after\n<!-->\n- [ ] after an empty comment',
    '<div>\n- [ ] in an HTML block\n\n- [ ] after the blank',
    '<pre>\n- [ ] raw\n\n- [ ] still raw\n</pre>\n- [ ] out',
    '<?php\n- [ ] processing\n?>\n- [x] out\n<!DOCTYPE x\n- [ ] declaration\n>',
    'a\n<span>\n- [ ] a type 7 tag cannot interrupt a paragraph\n\n<span>\n- [ ] but starts a block',
    // headings
    '# One <!-- q:one -->\n  ## Indented <!-- q:two -->\n    ### Code\n#NoSpace\n####### Seven\n#\n## Closed ##\n# Hash# \n- # in an item\n> # in a quote',
    'Setext\n===\n- [ ] a\n  ---\n- [x] b\n  ===',
    // tables
    '| a | b |\n| - | - |\n- [ ] after a table',
    '- [ ] a | b\n  --- | ---\n- [ ] a\n  |-|\n- [ ] a\n  -|-',
    'a\n| b |\n| - |\n2. [ ] after a table',
    // tabs and CRLF
    '-\t[x] tab\n*\t\t[ ] two tabs: code\n-\t [ ] tab and blank\n\t- [ ] indented by a tab',
    '- [ ] a\r\n- [x] b\r\n\r\n# H <!-- q:h -->\r\n',
    '- [-] dropped\n- [-]\n  dropped, next line',
    // micromark's own readings, found by the generated documents below
    'text\n-   2. [ ] a line interrupting a paragraph does so for each item it opens',
    '    code\n\n2. [ ] indented code, even past a blank line, is interrupted like a paragraph',
    '>     code\n    lazy code\n2. [x] but code begun on a lazy line ends there',
    '> a\n<span>\n> b\n- [ ] a lone tag on a lazy line goes into the quote',
    'x\n<span>\n| - |\n# a table header that is a lone tag starts an HTML block instead',
    '-    [\t] a tab in the box two columns wide\n- [\t] one column wide',
  ])('%j', (doc) => {
    expect(agrees(doc)).toBe(true);
  });
});

/** Line starts: indentation, quote and list markers, alone and nested. */
const prefix = fc.constantFrom(
  '', '', '', ' ', '  ', '   ', '    ', '\t', ' \t', '> ', '>', '>> ', '> > ', '- ', '-', '* ', '+ ', '1. ', '1) ', '2. ', '10) ', '1.', '-   ',
  '-    ', '-     ', '-\t', '-\t\t', '  - ', '    - ', '> - ', '- > ', '- - ', '1.  ', '  1. ', '   * ',
);
/** Line contents: boxes good and bad, headings, fences, HTML, tables, breaks and prose. */
const content = fc.constantFrom(
  '[ ] task', '[x] done', '[X] Done', '[-] dropped', '[ ]', '[ ] ', '[x]', '[ ]text', '[  ] a', '[ x] a', '[', '] a', '[\t] a', '[x] @ana due:2026-12-01',
  'text', 'more text', '# Heading <!-- q:a -->', '## H <!-- q:b --> ##', '#', '### H #', '#x', '```', '~~~', '````', '``` js', '~~~ x', '<!--', '-->',
  '<!-- c -->', 'x -->', '<div>', '</div>', '<span>', '<pre>', '</pre>', '<?php', '?>', '<!X', '>', '<![CDATA[', ']]>', '---', '===', '***', '- - -', '__',
  '| a | b |', '|---|---|', '-|-', 'a|b', ':-', '| - |', '[Go](https://go.dev) docs', '[docs] see', '\\[ ] escaped', '',
);
const line = fc.tuple(fc.array(prefix, { maxLength: 2 }), content, fc.constantFrom('', '', '', ' ', '\t')).map(([starts, words, end]) => starts.join('') + words + end);
const doc = fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\n', '\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
/** Character soup from the characters markdown's blocks are made of. */
const soup = fc
  .array(fc.constantFrom('-', '*', '1', '.', ')', '[', ']', ' ', ' ', ' ', 'x', 'X', '\t', '>', '#', '`', '~', '<', '!', '-', '\n', '\n', '\n', '|', ':', '=', 'a', '\\'), { maxLength: 60 })
  .map((chars) => chars.join(''));

describe('task items and headings agree with GFM (micromark) on generated documents', () => {
  // RHYTHM_GFM_RUNS raises the counts for a long hunt (100,000 of each found nothing more than 3,000 did).
  const runs = Number(process.env.RHYTHM_GFM_RUNS ?? 3_000);
  const timeout = Math.max(60_000, runs * 2);
  it('documents of boxes, headings, code, HTML, tables and prose under quote and list markers (property)', () => {
    fc.assert(fc.property(doc, (text) => fc.pre(agrees(text))), { numRuns: runs });
  }, timeout);
  it('character soup (property)', () => {
    fc.assert(fc.property(soup, (text) => fc.pre(agrees(text))), { numRuns: runs });
  }, timeout);
});

describe('[-] is a dropped action wherever [ ] is an open one', () => {
  it.each(['- [-] a', '1. [-] a', '> * [-] a', '- [-]\n  a', '-\n  [-] a', '- [-]\ta'])('%j', (text) => {
    const open = readBody(splitLines(text.replace('[-]', '[ ]'))).actions;
    const dropped = readBody(splitLines(text)).actions;
    expect(open).toHaveLength(1);
    expect(dropped).toEqual(open.map((action) => ({ ...action, state: 'dropped' })));
  });
  it.each(['- [-]', '- [-]text', '```\n- [-] a\n```', '<!--\n- [-] a\n-->', '    - [-] a', '- [-] a\n  ---'])('%j is no action, as with [ ]', (text) => {
    expect(readBody(splitLines(text)).actions).toEqual([]);
  });
});

describe('an action is the whole first paragraph of its item', () => {
  it.each<[string, Record<string, unknown>]>([
    ['- [ ] Call Globex\n  about the renewal @ana due:2026-12-01', { title: 'Call Globex about the renewal', owner: 'ana', due: '2026-12-01', lineIndex: 0 }],
    ['- [ ]\n  Call Globex @bo', { title: 'Call Globex', owner: 'bo', lineIndex: 0 }],
    ['> - [x] Call Globex\nlazily continued #renewal', { state: 'done', title: 'Call Globex lazily continued', tags: ['renewal'] }],
    ['- [ ] Call Globex\n\n  A second paragraph is a note, not the action', { title: 'Call Globex' }],
    ['-\n  [ ] Call Globex, the box on the line after the marker', { title: 'Call Globex, the box on the line after the marker', lineIndex: 1 }],
  ])('%j', (text, expected) => {
    const { actions } = readBody(splitLines(text));
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject(expected);
  });
});

describe('pathological bodies: containers nest at most 32 deep, so the work per line is bounded', () => {
  // Uncapped, every blank line matched every open item: 11 s for 30,000 nested items and 30,000 blank lines.
  it('a box under 32 list items is a task; under 33, the 33rd marker is text and so is the box', () => {
    expect(readBody(splitLines(`${'- '.repeat(32)}[ ] deep`)).actions).toHaveLength(1);
    expect(readBody(splitLines(`${'- '.repeat(33)}[ ] deep`)).actions).toHaveLength(0);
  });

  it('30,000 nested list items, then 30,000 blank lines, are read (the cap makes it linear; no clock is asked)', () => {
    const lines = [`${'- '.repeat(30_000)}[ ] deep`, ...Array<string>(30_000).fill('')];
    expect(readBlocks(lines).tasks).toHaveLength(0);
  });
});
