import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReview } from '../../src/domain/review.js';

/** The key lines as parseReview found them before they were scanned for without splitting. */
function keyLinesByPattern(yaml: string, firstLine: number): Record<string, number> {
  const keyLines: Record<string, number> = {};
  yaml.split('\n').forEach((line, index) => {
    const key = /^([^\s#:][^:]*):/.exec(line)?.[1];
    if (key !== undefined && keyLines[key] === undefined) keyLines[key] = firstLine + index;
  });
  return keyLines;
}

describe('parseReview', () => {
  it('finds the line of every top-level key as the pattern does (property)', () => {
    const odd = fc.constantFrom(' ', '\t', '\u00a0', '\u2028', '\ufeff', '#', ':', 'a', 'é', 'constructor', '__proto__', 'to String', '  - x', '"q"', '');
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('rhythm', 'ritual', 'period', 'notes', 'a b', 'constructor', '__proto__', 'x\u00a0y'), fc.constantFrom(': 1', ': weekly', ': 2025-W10', ':', '::', ': [a, b]')).map(([k, v]) => k + v),
      fc.array(odd, { maxLength: 5 }).map((parts) => parts.join('')),
      fc.string({ maxLength: 10 }),
    );
    let checked = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const yaml = `ritual: weekly\nperiod: 2025-W10\n${lines.join('\n')}\n`;
        const parsed = parseReview(`---\n${yaml}---\nbody\n`, 'x.md', { fiscalYearStartMonth: 1 });
        if (!parsed.review) return;
        checked++;
        expect(parsed.review.keyLines).toStrictEqual(keyLinesByPattern(yaml, 2));
      }),
      { numRuns: 10_000 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
