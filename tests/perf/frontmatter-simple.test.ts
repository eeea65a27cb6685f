import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseFrontMatterFast, parseFrontMatterYaml, parseSimpleFrontMatter } from '../../src/domain/frontmatter.js';

function precise(yaml: string): unknown {
  try {
    return parseFrontMatterYaml(yaml, 2);
  } catch (error) {
    if (error instanceof FrontMatterError) return { error: error.message };
    throw error;
  }
}

/**
 * Deep equality that a key named `constructor` cannot confuse (toStrictEqual compares the
 * constructors of objects): the structure as JSON, with -0 and the kinds of values kept apart.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (Object.is(item, -0) ? '-0' : typeof item === 'string' ? `s:${item}` : item));
}

/** Scalars as people and the writer put them in front matter, including every kind YAML reads as no string. */
const scalar = fc.oneof(
  fc.constantFrom('acme', 'team-001', '2026-W48', 'FY2027-Q1', '2026-11-24', 'onboarding stalled, no trained admin', 'R&D', 'a - b', 'x]', 'a, b', 'C#', 'yes', 'No', 'off', 'nan', 'Zürich', 'café — ok', '“quoted”'),
  fc.constantFrom('0', '3', '017', '1_000', '0b101', '0x1F', '0o17', '1e3', '.5', '1.10', '-1', '+1', '-0', '123456789012345', '1234567890123456', '.inf', '.NaN'),
  fc.constantFrom('~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'tRUE', '', ' ', 'a ', ' a', 'a #b', 'a#b', 'a: b', 'a:b', "'q'", '"q"', '[a]', '{a: 1}', '&x', '*x', '!!str x', '|', '>', '%', '@a', '`a`', '- x', '? x'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const key = fc.oneof(fc.constantFrom('rhythm', 'ritual', 'period', 'team', 'date', 'customers', 'flags', 'scores', 'value-confidence', '__proto__', 'constructor', 'true', 'null', 'a b', '1', '_x'), fc.stringMatching(/^[a-z_]{1,6}$/));
const flow = fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`);
const flowOdd = fc.constantFrom('[]', '[ ]', '[a,b]', '[a, b,]', '[a, [b]]', '[ a ]', '[a, b ] ', '[a', 'a]');
const line = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`) },
  { weight: 2, arbitrary: fc.tuple(key, fc.oneof(flow, flowOdd)).map(([k, v]) => `${k}: ${v}`) },
  { weight: 2, arbitrary: fc.tuple(key, fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 3 })).map(([k, pairs]) => [`${k}:`, ...pairs.map(([a, b]) => `  ${a}: ${b}`)].join('\n')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, fc.array(fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }))
      .map(([k, items]) => [`${k}:`, ...items.flatMap((pairs) => pairs.map(([a, b], i) => `${i === 0 ? '  - ' : '    '}${a}: ${b}`))].join('\n')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '# a comment', 'key:', '  indented: 1', '   - x', '- x', 'k:  two spaces', 'k:\tx', 'k: a # c', '  - ', '---', '...', 'a: 1\r', 'a:\n  - x', 'a:\n- b: 1', 'a:\n  - b: 1\n     c: 2') },
);

describe('the simple front-matter reader', () => {
  it('reads what the precise parser reads, or leaves it to the parsers (property)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, newline) => {
        const yaml = lines.join('\n') + (newline ? '\n' : '');
        const simple = parseSimpleFrontMatter(yaml);
        if (simple === undefined) return;
        read++;
        expect(canonical(simple)).toBe(canonical(precise(yaml)));
      }),
      { numRuns: 20_000 },
    );
    // The property is about something: a good share of the inputs take the simple path.
    expect(read).toBeGreaterThan(1_000);
  });

  it('reads what the precise parser reads, on front matter shaped as rhythm writes it (property)', () => {
    const plain = fc.oneof(fc.constantFrom('acme', 'team-001', '2026-W48', '2026-11-24', 'onboarding stalled, no trained admin', 'R&D', 'Zürich', '3', '0', '12'), scalar);
    const shaped = fc.oneof(
      fc.tuple(key, plain).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key, fc.array(plain, { maxLength: 4 })).map(([k, v]) => `${k}: [${v.join(', ')}]`),
      fc.tuple(key, fc.array(fc.tuple(key, plain), { minLength: 1, maxLength: 3 })).map(([k, pairs]) => [`${k}:`, ...pairs.map(([a, b]) => `  ${a}: ${b}`)].join('\n')),
      fc
        .tuple(key, fc.array(fc.array(fc.tuple(key, plain), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }))
        .map(([k, items]) => [`${k}:`, ...items.flatMap((pairs) => pairs.map(([a, b], i) => `${i === 0 ? '  - ' : '    '}${a}: ${b}`))].join('\n')),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(shaped, { maxLength: 8 }), (lines) => {
        const yaml = `${lines.join('\n')}\n`;
        const simple = parseSimpleFrontMatter(yaml);
        if (simple === undefined) return;
        read++;
        expect(canonical(simple)).toBe(canonical(precise(yaml)));
      }),
      { numRuns: 20_000 },
    );
    expect(read).toBeGreaterThan(1_000);
  });

  it('reads the front matter rhythm writes, without a YAML parser', () => {
    const yaml = [
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
      'resolved:',
      '  - customer: acme',
      '    since: 2026-W40',
      '    note: SSO live; 31 of 40 seats active',
      '',
    ].join('\n');
    const simple = parseSimpleFrontMatter(yaml);
    expect(simple).toBeDefined();
    expect(simple).toStrictEqual(precise(yaml));
    expect(parseSimpleFrontMatter('flags: []\nparticipants: []\n')).toStrictEqual({ flags: [], participants: [] });
  });

  it('keeps a no-break space pasted at the end of a value, as YAML does (and takes trailing spaces off)', () => {
    // A reason copied from a web page or a chat ends in a no-break space; YAML trims spaces only.
    const yaml = 'flags:\n  - customer: globex\n    reason: sync fails\u00a0\n    since: 2026-W46   \nnote: 3\u3000\n';
    expect(parseFrontMatterFast(yaml, 2)).toStrictEqual(precise(yaml));
    expect((parseFrontMatterFast(yaml, 2).flags as { reason: string; since: string }[])[0]).toStrictEqual({ customer: 'globex', reason: 'sync fails\u00a0', since: '2026-W46' });
  });
});
