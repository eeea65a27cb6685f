/**
 * What `rhythm check` says about the body's task items and headings: near-misses of a task item are
 * warnings at their line with what to write instead; links are not near-misses; nothing in code,
 * comments or HTML blocks is looked at; a code fence or HTML block never closed is an error when it
 * hides answers or actions.
 */
import { describe, expect, it } from 'vitest';
import { checkReview } from '../../src/domain/check.js';
import { defaultConfig } from '../../src/domain/config.js';
import { parseReview } from '../../src/domain/review.js';
import type { Template } from '../../src/domain/template.js';

const HEAD = ['---', 'rhythm: 1', 'ritual: weekly', 'period: 2026-W48', 'date: 2026-11-24', '---'];
const TEMPLATE: Template = { name: 'weekly', title: 'Weekly', questions: [{ id: 'heard', prompt: 'Heard?', type: 'text', why: '', required: false }], body: '' };

/** The problems check finds in a review with this body, as [body line (1-based), severity, message]. */
function check(body: string[]): [number, string, string][] {
  const text = `${[...HEAD, ...body].join('\n')}\n`;
  const { review } = parseReview(text, 'r.md', { fiscalYearStartMonth: 1 });
  const context = { config: defaultConfig(), customers: new Set<string>(), templates: new Map([['weekly', TEMPLATE]]) };
  return checkReview(review!, { ritual: 'weekly', label: '2026-W48', text }, context).map((problem) => [problem.line! - HEAD.length, problem.severity, problem.message]);
}

const BOX = 'write the box as "[ ]" (open), "[x]" (done) or "[-]" (dropped)';

describe('check warns about task items that are not read as actions, and says what to write', () => {
  it.each([
    ['- x ] Call Acme', BOX],
    ['- [x ] Call Acme', BOX],
    ['- [ x] Call Acme', BOX],
    ['- [] Call Acme', BOX],
    ['1. [  ] Call Acme', BOX],
    ['-[ ] Call Acme', 'put a blank between "-" and the box'],
    ['1.[x] Call Acme', 'put a blank between "1." and the box'],
    ['- [x]Call Acme', 'put a blank after "[x]"'],
    ['* [-]Call Acme', 'put a blank after "[-]"'],
    ['> - [X]Call Acme', 'put a blank after "[X]"'],
    ['- [ ]', 'write what to do after the box: "- [ ] what to do @owner due:YYYY-MM-DD"'],
    ['- [x]   ', 'write what to do after the box: "- [ ] what to do @owner due:YYYY-MM-DD"'],
    ['[ ] Call Acme', 'a box makes an action only at the start of a list item: "- [ ] what to do"'],
  ])('%j', (line, fix) => {
    expect(check(['## Notes', '', 'Some prose.', '', line])).toEqual([[5, 'warning', `"${line.trim()}" is not read as an action: ${fix}`]]);
  });

  it.each([
    // actions, of any list type, and text after a box on the next line of its paragraph
    ['- [ ] Call Acme', '1. [x] Called', '> - [-] Dropped', '- [ ]', '  continued on the next line'],
    // links and references are not boxes
    ['- [Go](https://go.dev) docs', '- [docs] see', '- [x](https://example.com) a link named x', '- [y] a reference', '- [ ]: not a definition either', 'Prices [] vary'],
    // escaped prose, as rhythm writes it
    ['\\- [ ] not an action', '\\[x] not a box'],
    // code and comments
    ['```', '- [x]Call Acme', '-[ ] Call Acme', '```', '', '    - [x]Call Acme', '', '<!--', '- [] Call Acme', '-->', '', '<div>', '- [ x] Call Acme', '</div>'],
  ])('no warning for %j', (...lines) => {
    expect(check(lines)).toEqual([]);
  });
});

describe('check reads headings as the reader does', () => {
  it('an unknown marker is a warning on a heading, not in code or a comment', () => {
    const body = ['## Heard <!-- q:heard -->', '', '## Old <!-- q:renamed -->', '', '```', '## Code <!-- q:code -->', '```', '', '<!--', '## Commented <!-- q:comment -->'];
    expect(check(body)).toEqual([[3, 'warning', 'q:renamed: the weekly template has no question "renamed" (a renamed id?)']]);
  });
});

describe('check says what a block never closed hides', () => {
  it('an HTML comment never closed, hiding actions', () => {
    expect(check(['## Notes', '', '<!-- draft', '', '- [ ] Call Acme', '- [x] Call Globex'])).toEqual([
      [3, 'error', 'this HTML comment (<!--) is never closed, so it hides 2 actions after it: close it with a line -->'],
    ]);
  });

  it('a <pre> never closed, hiding an answer heading', () => {
    expect(check(['<pre>', '', '## Heard <!-- q:heard -->', 'text'])).toEqual([[1, 'error', 'this HTML block (<pre) is never closed, so it hides 1 answer heading after it: close it with a line </pre>']]);
  });

  it('a fence never closed inside a list item ends with the item, and hides nothing', () => {
    expect(check(['- ```', '  code', '', '- [ ] Call Acme'])).toEqual([]);
  });
});
