/**
 * readPlainBody reads the bodies most reviews have without splitting them into lines or reading
 * their blocks; whatever it reads must be exactly what readBody reads (which
 * tests/domain/task-items.test.ts holds against a GFM parser), its visitor told of the same lines
 * (check's rules read them), and it must decline the rest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlocks, readBody, readPlainBody, splitLines } from '../../src/domain/markdown.js';
import { parseReview } from '../../src/domain/review.js';

/** What readBody reads, and the lines its visitor is told of. */
function full(body: string) {
  const told: [number, string, boolean][] = [];
  const result = readBody(splitLines(body), (index, content, itemStart) => told.push([index, content, itemStart]));
  return { result, told };
}

/** What readPlainBody reads, if it reads the body, and the lines its visitor is told of. */
function plainly(body: string) {
  const told: [number, string, boolean][] = [];
  const result = readPlainBody(body, (index, content, itemStart) => told.push([index, content, itemStart]));
  return result && { result, told };
}

/** A week's body as a person types it: the template's headings, a line of italics, quotes, prose and boxes. */
const WEEK = `# Weekly customer review — 2026-W48 (Success)

_Ten minutes, from the customer's side of the table._

## What did we hear, in their words?  <!-- q:heard -->

- Acme: "The export saves a day" #reporting
* Globex: "nobody answers"
+ Initech: 3 of 4 admins trained

## Which customer is not receiving value, and why?  <!-- q:not_receiving_value -->

Globex: the nightly sync fails.
It failed 3 times this week, #sync
25 seats idle.

##    What will we do about it?   <!-- q:actions -->   ##

- [ ] Call Globex's sponsor @ana due:2026-12-04 #globex
- [x] Send the release plan to Acme @bo since:2026-W46
- [-] Book a workshop with Initech
- [X] Upper-case box, words @ana then more words #x and after
- [ ] A task whose paragraph goes on
lazily on the next line @bo
- [ ]
- [link](https://example.com) is no task
[ ] nor is a box outside an item
#not-a-heading, a paragraph
####### seven is no heading

### Notes
\`code\` inside a line, *emphasis*, __strong__ and a trailing space 
`;

describe('readPlainBody reads what readBody reads', () => {
  it('a week written by hand: sections, every kind of box, a lazy line, a box ending its line', () => {
    expect(plainly(WEEK)).toStrictEqual(full(WEEK));
    const plain = readPlainBody(WEEK);
    expect(plain!.sections.map((section) => section.id)).toEqual(['heard', 'not_receiving_value', 'actions']);
    expect(plain!.sections[1]!.content).toBe('Globex: the nightly sync fails.\nIt failed 3 times this week, #sync\n25 seats idle.');
    expect(plain!.actions.map((action) => [action.state, action.title, action.lineIndex])).toEqual([
      ['open', "Call Globex's sponsor", 18],
      ['done', 'Send the release plan to Acme', 19],
      ['dropped', 'Book a workshop with Initech', 20],
      ['done', 'Upper-case box, words then more words and after', 21],
      // The paragraph's lines are one title: the line break is white space between its words.
      ['open', 'A task whose paragraph goes on lazily on the next line', 22],
    ]);
    expect(plain!.actions[4]!.owner).toBe('bo');
    // check's rules are told of every line of text: an item's from after its marker, and whether it starts the item.
    const told = plainly(WEEK)!.told;
    expect(told.slice(0, 2)).toEqual([[2, "_Ten minutes, from the customer's side of the table._", false], [6, 'Acme: "The export saves a day" #reporting', true]]);
    expect(told.find(([index]) => index === 23)).toEqual([23, 'lazily on the next line @bo', false]);
  });

  it('an empty body, one line, headings only, and a section that ends in blank lines', () => {
    for (const body of ['', '\n', 'words', '# A <!-- q:a -->', '# A <!-- q:a -->\n\ntext\n\n   \n\n## B <!-- q:b -->\n- [ ] x\n\n']) {
      expect(plainly(body), JSON.stringify(body)).toStrictEqual(full(body));
    }
  });

  // Each of these holds a line whose reading needs the block reader: it must decline, not guess.
  it.each([
    ['an indented line', '- [ ] task\n  continued'],
    ['a line indented by a tab', 'text\n\tmore'],
    ['a bullet before a tab', '*\t[ ] task'],
    ['a plus before a tab', '+\tx'],
    ['a bullet and a space before a tab', '- \tx'],
    ['a fence', '```\n- [ ] code\n```'],
    ['a fence of tildes', 'a\n~~~\n- [ ] code'],
    ['a quote', '> - [ ] quoted'],
    ['an HTML comment', '<!--\n- [ ] hidden\n-->'],
    ['a setext underline', 'Title\n---'],
    ['a thematic break', 'a\n***\n- [ ] b'],
    ['a thematic break of underscores', '___'],
    ['a bare bullet', '*\n[ ] next'],
    ['a bare plus', 'text\n+'],
    ['an ordered item', '1. [ ] first'],
    ['an ordered item with )', '2) x'],
    ['an item starting with a block', '- # heading in an item'],
    ['an item of more spaces', '-  [ ] two spaces'],
    ['an empty item', '- \ntext'],
    ['a table', 'a | b\n--- | ---'],
    ['a box broken after its [', '- [\n] a'],
  ])('declines %s', (_, body) => {
    expect(readPlainBody(body)).toBeUndefined();
  });

  it('reads prose that only looks like a block: digits, #words, +words, *words', () => {
    const body = '25 seats\n1.5 days\n#tag line\n+1 from Acme\n*really*\n12345678901. ten digits';
    expect(plainly(body)).toStrictEqual(full(body));
  });

  // parseReview gives no carriage return (splitFrontMatter makes every line end a line feed); read alone, one is a character.
  it('reads tabs and carriage returns within lines as readBody does: a tab after a box or a #, lines of blanks', () => {
    const body = '#\tTabbed <!-- q:actions -->\r\n- [ ]\ttask @ana\r\n- [\t] a tab in the box\n \t \n\t\nwords\tand\ttabs\r';
    expect(plainly(body)).toBeDefined();
    expect(plainly(body)).toStrictEqual(full(body));
  });

  /** Lines a review is made of, plain and not: the generator mixes them so that most bodies are read and some declined. */
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('', ' ', 'text', 'Acme said so', '25 seats', '#tag', '+x', '*x*', '_x_', '1.5', '[ ] box', '] a', 'x -->', '@ana', 'a\tb', '\t', ' \t ', 'x\r', '\r') },
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom('- ', '* ', '+ '), fc.constantFrom('[ ] a', '[x] b @ana due:2026-12-01', '[X] c #t', '[-] d', '[ ]', '[x]', '[ ]a', '[y] e', 'plain', '[', '[link](u)', 'a [ ] b', '[ ]\tt', '[\t] t', '[ ] t\r', '\tx')).map(([marker, rest]) => marker + rest),
    },
    { weight: 3, arbitrary: fc.constantFrom('# H <!-- q:a -->', '## H <!-- q:b -->', '### H', '## C <!-- q:c --> ##', '#', '####### no', '# <!-- q:a -->', '#\tH <!-- q:t -->', '# H\r') },
    {
      weight: 2,
      arbitrary: fc.constantFrom('  - [ ] indented', '    code', '\t- [ ] tab', '> q', '```', '~~~', '<!--', '<div>', '---', '===', '***', '- - -', '___', '*', '+', '-', '1. [ ] a', '2) b', '| a |', ':-', '- # h', '-  [ ] a', 'a\r', '- \u00a0x', '*\tx', '+\t[ ] a', '-\t[ ] a', '1.\tx', '\t- [ ] a'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const body = fc.array(line, { maxLength: 16 }).map((lines) => lines.join('\n'));

  // A mistake put into the reading on purpose (a bare `*` read as prose, a lazy line not added to its
  // task, an ordered marker read as prose, a box ending its line counted) was each found within the
  // runs below, in three runs out of three.
  it('on generated bodies, whenever it reads one (property)', () => {
    let read = 0;
    fc.assert(
      fc.property(body, (text) => {
        const plain = plainly(text);
        if (plain === undefined) return;
        read++;
        expect(plain, JSON.stringify(text)).toStrictEqual(full(text));
      }),
      { numRuns: 3_000 },
    );
    // The generator is no use if nearly every body is declined.
    expect(read).toBeGreaterThan(600);
  });

  it('on character soup (property)', () => {
    const soup = fc.array(fc.constantFrom('-', '*', '+', '_', '1', '.', ')', '[', ']', ' ', ' ', '\t', '\r', 'x', '#', '<', '>', '`', '\n', '\n', '\n', 'a', '@', '='), { maxLength: 50 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(soup, (text) => {
        const plain = plainly(text);
        if (plain !== undefined) expect(plain, JSON.stringify(text)).toStrictEqual(full(text));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('parseReview reads a plain body for a rollup as for check', () => {
  it('the review of a file written by hand is the same whether or not its lines are visited', () => {
    const text = `---\nrhythm: 1\nritual: weekly\nperiod: 2026-W48\ndate: 2026-11-26\ncustomers: [acme]\n---\n${WEEK}`;
    const calendar = { fiscalYearStartMonth: 1 };
    const plain = parseReview(text, 'w.md', calendar);
    const visited = parseReview(text, 'w.md', calendar, { onText: () => {} });
    expect(plain.review!.actions).toHaveLength(5);
    expect(plain.review).toStrictEqual(visited.review);
    expect(plain.problems).toStrictEqual(visited.problems);
    // check's rules get the lines and blocks readBlocks gives.
    expect(visited.body!.blocks).toStrictEqual(readBlocks(visited.body!.lines));
  });
});
