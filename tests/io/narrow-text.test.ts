/**
 * A review read as a narrow text (io/narrow-text.ts) must be the review read as the file's own
 * text, field for field and problem for problem. The reference is parseReview of decodeText,
 * on hand-written reviews and on the example workbook's, with characters of every kind put in
 * anywhere: stand-ins read as the characters they stand for, or the file is read as it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReview, type ReviewReading } from '../../src/domain/review.js';
import { decodeNarrow, POOL, readsAsStandIn } from '../../src/io/narrow-text.js';
import { decodeText } from '../../src/io/read-file.js';
import { parseReviewBytes } from '../../src/io/read-review.js';

const calendar = { fiscalYearStartMonth: 1 };
const file = { display: 'rhythm/emea-cs/weekly/2026-W48.md' };

/** The reference: the file's own text, parsed. */
const reference = (bytes: Buffer, reading: ReviewReading) => {
  const text = decodeText(bytes, 0, bytes.length);
  return text === undefined ? undefined : parseReview(text, file.display, calendar, reading);
};

/** Whether V8 holds a string in one byte a character (v8.serialize writes such a string with tag `"`, a two-byte one with `c`). */
const oneByte = (text: string) => serialize(text)[2] === 0x22;

const WEEK = `---
rhythm: 1
ritual: weekly
period: 2026-W48
team: emea-cs
date: 2026-11-26
participants: [ana, bo]
customers: [acme, globex]
flags: []
scores:
  value_confidence: 3
---
# Weekly customer review — 2026-W48 (EMEA Customer Success)

_Ten to fifteen minutes, every week, from the customer’s side of the table._

## What did we hear, in their words?  <!-- q:heard -->

- Acme: “The export saves our analysts a day” — their CFO, café meeting #reporting
- Globex: "We don't use it." #adoption

## What value did we deliver, and how do we know?  <!-- q:value -->

- Acme: export adopted by 12 analysts → 40 hours a month (evidence: usage data)

## What will we do about it?  <!-- q:actions -->

- [ ] Call Globex’s sponsor — before the renewal @ana due:2026-12-03 #globex
- [x] Send the QBR deck • slides 1–12 @bo
- [ ] Fix SSO due:2026‐12‐10
`;

describe('decodeNarrow', () => {
  it('reads a hand-written week in one byte a character, with the same review, sections and actions as its own text', () => {
    const bytes = Buffer.from(WEEK);
    const narrow = decodeNarrow(bytes, 0, bytes.length)!;
    expect(oneByte(narrow.text)).toBe(true);
    expect(oneByte(WEEK)).toBe(false);
    expect(narrow.standIns).toBeDefined();
    const parsed = parseReviewBytes(bytes, bytes.length, file, calendar);
    expect(parsed).toEqual(reference(bytes, {}));
    expect(parsed.review!.sections.heard).toContain('“The export saves our analysts a day” — their CFO, café meeting');
    expect(parsed.review!.actions.map((action) => [action.title, action.due])).toEqual([
      ['Call Globex’s sponsor — before the renewal', '2026-12-03'],
      ['Send the QBR deck • slides 1–12', undefined],
      ['Fix SSO', '2026‐12‐10'],
    ]);
  });

  it('reads ASCII and Latin-1 as they are, and a stand-in the file holds is not used', () => {
    for (const text of ['plain ASCII\n', 'café, naïve, 10 ¤ and ¦ — a dash\n']) {
      const bytes = Buffer.from(text);
      const narrow = decodeNarrow(bytes, 0, bytes.length)!;
      expect(oneByte(narrow.text)).toBe(true);
      expect(narrow.text.length).toBe(text.length);
      // The dash's stand-in is neither of the symbols the text holds.
      expect(narrow.text.replace(/[^\u00a0-\u00ff]/g, '')).not.toMatch(/[¤¦].*[¤¦].*[¤¦]/);
    }
  });

  it('declines what it cannot stand in for: an emoji, another script, special spaces, a YAML escape, a byte order mark, bytes that are not UTF-8', () => {
    for (const text of ['🚀 launch — ok', 'Привет — ok', 'a\u2028b — ok', 'a\u3000b', 'zero\u200bwidth', 'ellipsis …', 'trade™', 'Ⓐ circled', 'reason: "\\u00a4" — ok', '\ufeff---\n']) {
      const bytes = Buffer.from(text);
      expect(decodeNarrow(bytes, 0, bytes.length), text).toBeUndefined();
    }
    const broken = Buffer.from([0x2d, 0x20, 0xe2, 0x80, 0x20, 0x0a]);
    expect(decodeNarrow(broken, 0, broken.length)).toBeUndefined();
  });

  it('stands in only for characters read as its stand-ins are, with stand-ins the parse never writes itself', () => {
    for (const character of POOL) expect(readsAsStandIn(character), character).toBe(true);
    // Outside comments, no source of the domain (the parse and its messages) holds a stand-in: a message written with one would be widened.
    for (const line of sourceLines()) expect(/^\s*(\*|\/\/|\/\*\*)/.test(line) || ![...POOL].some((standIn) => line.includes(standIn)), line).toBe(true);
    for (const character of '—–‐’‘“”•→€✓★') expect(readsAsStandIn(character), character).toBe(true);
    for (const character of '…™Ⓐ\u2028\u3000\u200bЖ日\u0301') expect(readsAsStandIn(character), character).toBe(false);
  });

  it('reads a file placed anywhere in a larger buffer, at any alignment', () => {
    for (let offset = 0; offset < 8; offset++) {
      const buffer = Buffer.alloc(WEEK.length * 3 + 16, 0x41);
      const length = buffer.write(WEEK, offset);
      expect(decodeNarrow(buffer, offset, offset + length)!.text.length).toBe(WEEK.length);
      expect(parseReviewBytes(Buffer.from(buffer.subarray(0, offset + length)).subarray(offset), length, file, calendar)).toEqual(reference(Buffer.from(WEEK), {}));
    }
  });

  it('reads a review larger than its kept buffer (64 KB) the same way, and the next one after it', () => {
    const long = WEEK.replace('- Globex: "We don\'t use it." #adoption', Array.from({ length: 1500 }, (_, index) => `- Globex: “call ${index}” — noted #adoption`).join('\n'));
    for (const text of [long, WEEK]) {
      const bytes = Buffer.from(text);
      expect(parseReviewBytes(bytes, bytes.length, file, calendar)).toEqual(reference(bytes, {}));
    }
    expect(Buffer.byteLength(long)).toBeGreaterThan(64 * 1024);
    expect(decodeNarrow(Buffer.from(long), 0, Buffer.byteLength(long))!.standIns).toBeDefined();
  });

  it('reads a front matter holding a stand-in as the file’s own text (a flag’s reason with a dash)', () => {
    const text = WEEK.replace('flags: []', 'flags:\n  - customer: globex\n    reason: sync fails — again');
    const bytes = Buffer.from(text);
    const parsed = parseReviewBytes(bytes, bytes.length, file, calendar);
    expect(parsed).toEqual(reference(bytes, {}));
    expect(parsed.review!.flags[0]!.reason).toBe('sync fails — again');
  });

  it('reads the message about a value an escape wrote as it is: the escape may write a stand-in', () => {
    const text = WEEK.replace('date: 2026-11-26', 'date: "\\u00a4 26 November"');
    const bytes = Buffer.from(text);
    const parsed = parseReviewBytes(bytes, bytes.length, file, calendar);
    expect(parsed).toEqual(reference(bytes, {}));
    expect(parsed.problems.map((problem) => problem.message).join('\n')).toContain('¤ 26 November');
  });
});

/** Every line of the domain's sources. */
function sourceLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.ts')) lines.push(...readFileSync(join(dir, entry.name), 'utf8').split('\n'));
    }
  };
  walk(new URL('../../src/domain', import.meta.url).pathname);
  return lines;
}

/** The example workbook's reviews: files a person would keep, written by rhythm and edited by hand. */
function exampleReviews(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'templates') walk(join(dir, entry.name));
      else if (entry.name.endsWith('.md')) found.push(readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  walk(new URL('../../rhythm', import.meta.url).pathname);
  return found;
}

describe('a review read narrow is the review read as it is (property)', () => {
  const bases = [WEEK, ...exampleReviews().slice(0, 40)];
  // Characters of every kind: structure, Latin-1 (stand-ins among them), characters stood in for,
  // and characters the narrow reading must decline, with escapes that could write a stand-in.
  const piece = fc.constantFrom(
    '—', '–', '‐', '’', '“', '”', '•', '→', '€', '✓', '★', '—\n', '\n- [ ] x — y @ana due:2026-12-01—\n', '\n## Notes — more  <!-- q:notes -->\n',
    'é', '¤', '¦', '¢', '¥', '¬', '±', '÷', '¶', '§', '©', '®', '°', '¡', '¿', '\u00a0', 'ÿ',
    '…', '™', '🚀', 'Ж', '\u2028', '\u3000', '\u200b', '\ufeff', '\u0301', '\\u00a4', '\\xA4', '"\\u2014"',
    ' ', '\t', '\n', '#', ':', '- ', '[ ]', '[x]', '@', '`', '>', '---', '\r\n', '<!-- q:heard -->',
  );
  const insertion = fc.tuple(fc.nat(), fc.array(piece, { minLength: 1, maxLength: 4 }));

  it('gives the same review and problems, whatever characters a file holds and wherever', () => {
    let narrowed = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases.keys()), fc.array(insertion, { maxLength: 6 }), fc.constantFrom<ReviewReading>({}, { body: false, keyLines: false }, { keyLines: false, nul: false }), (base, insertions, reading) => {
        let text = bases[base]!;
        for (const [at, pieces] of insertions) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + pieces.join('') + text.slice(index);
        }
        const bytes = Buffer.from(text);
        runs++;
        if (decodeNarrow(bytes, 0, bytes.length)?.standIns) narrowed++;
        expect(parseReviewBytes(bytes, bytes.length, file, calendar, reading)).toEqual(reference(bytes, reading));
      }),
      { numRuns: 3_000 },
    );
    // The property holds because both readings agree, not because the narrow one declined.
    expect(narrowed).toBeGreaterThan(runs / 4);
  });
});
