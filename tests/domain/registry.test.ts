import { describe, expect, it } from 'vitest';
import { customerName, MAX_REGISTRY_BYTES, parseRegistry } from '../../src/domain/registry.js';

const FILE = 'rhythm/customers.yaml';

describe('parseRegistry on valid registries', () => {
  it('reads ids, names, segments and owners', () => {
    const text = [
      '# Our customers',
      'customers:',
      '  - id: acme',
      '    name: Acme Corp.',
      '    segment: enterprise',
      '    owner: ana',
      '  - { id: globex, name: "  Globex  " }',
      '  - initech',
      '  - id: umbrella',
      '    name: ""',
      '',
    ].join('\n');
    expect(parseRegistry(text, FILE)).toEqual({
      customers: [
        { id: 'acme', name: 'Acme Corp.', segment: 'enterprise', owner: 'ana' },
        { id: 'globex', name: 'Globex' },
        { id: 'initech', name: 'initech' },
        { id: 'umbrella', name: 'umbrella' },
      ],
      problems: [],
    });
  });

  it.each(['', '# nothing yet\n', 'customers: []\n', 'customers:\n'])('an empty registry %j has no customers and no problems', (text) => {
    expect(parseRegistry(text, FILE)).toEqual({ customers: [], problems: [] });
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const { customers, problems } = parseRegistry('\uFEFFcustomers:\r\n  - id: acme\r\n    name: Acme\r\n', FILE);
    expect(problems).toEqual([]);
    expect(customers).toEqual([{ id: 'acme', name: 'Acme' }]);
  });

  it('ignores segment and owner that are not text', () => {
    expect(parseRegistry('customers: [{ id: acme, segment: 3, owner: [a] }]', FILE).customers).toEqual([{ id: 'acme', name: 'acme' }]);
  });

  it('reads a registry of thousands of customers (larger than the front-matter limit)', () => {
    const lines = ['customers:'];
    for (let i = 0; i < 3000; i++) lines.push(`  - id: customer-${i}`, `    name: Customer number ${i} of a long registry`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(64 * 1024);
    const { customers, problems } = parseRegistry(text, FILE);
    expect(problems).toEqual([]);
    expect(customers).toHaveLength(3000);
    expect(customers[2999]).toEqual({ id: 'customer-2999', name: 'Customer number 2999 of a long registry' });
  });

  it('customerName falls back to the id', () => {
    const { customers } = parseRegistry('customers: [{ id: acme, name: Acme }]', FILE);
    expect(customerName(customers, 'acme')).toBe('Acme');
    expect(customerName(customers, 'globex')).toBe('globex');
  });
});

describe('parseRegistry refuses bad entries with their line', () => {
  it.each([
    ['customers:\n  - id: Acme Corp\n', 2, /customers\[0\]: id "Acme Corp" must use only a-z/],
    ['customers:\n  - id: ok\n  - id: ../../etc\n', 3, /customers\[1\]: id "\.\.\/\.\.\/etc"/],
    ['customers:\n  - id: con\n', 2, /reserved device name/],
    ['customers:\n  - name: No id\n', 2, /customers\[0\]: id "" must be a non-empty id/],
    ['customers:\n  - id: 42\n', 2, /customers\[0\]: id 42 must be a non-empty id/],
    [`customers:\n  - id: ${'a'.repeat(300)}\n`, 2, /at most 64/],
    ['customers: [acme, "Bad Id"]\n', 1, /customers\[1\]: id "Bad Id"/],
    ['customers:\n  - acme\n  - 42\n', 3, /customers\[1\]: must be \{ id, name \}/],
    ['customers:\n  - [a, b]\n', 2, /customers\[0\]: must be \{ id, name \}/],
  ])('%j → line %i', (text, line, message) => {
    const { problems } = parseRegistry(text, FILE);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line, severity: 'error' });
    expect(problems[0]!.message).toMatch(message);
  });

  it('keeps the good entries next to a bad one', () => {
    const { customers, problems } = parseRegistry('customers:\n  - id: acme\n  - id: Bad\n  - id: globex\n', FILE);
    expect(customers.map((c) => c.id)).toEqual(['acme', 'globex']);
    expect(problems).toHaveLength(1);
  });

  it.each([
    ['customers:\n  - id: acme\n    name: Acme\n  - id: globex\n  - id: acme\n    name: Acme again\n', 5],
    ['customers:\n  - { id: acme, name: Acme }\n  - { id: acme, name: Again }\n', 3],
    ['customers:\n  - id: "acme" # first\n  - id: acme # again\n', 3],
    ['customers:\n  - acme\n  - globex\n  - acme\n', 4],
  ])('reports a duplicate id at the line of the repeat: %j', (text, line) => {
    const { customers, problems } = parseRegistry(text, FILE);
    expect(customers.filter((c) => c.id === 'acme')).toHaveLength(1);
    expect(problems).toEqual([{ file: FILE, line, message: 'customer "acme" is listed twice: keep one', severity: 'error' }]);
  });

  it('keeps the first of two duplicates', () => {
    expect(parseRegistry('customers: [{ id: acme, name: First }, { id: acme, name: Second }]', FILE).customers).toEqual([{ id: 'acme', name: 'First' }]);
  });

  it.each([
    ['customers: acme\n', 1, /customers: must be a list/],
    ['# x\ncustomers:\n  id: acme\n', 3, /customers: must be a list/],
  ])('refuses customers that are not a list: %j', (text, line, message) => {
    const { customers, problems } = parseRegistry(text, FILE);
    expect(customers).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, severity: 'error' });
    expect(problems[0]!.message).toMatch(message);
  });

  it.each([
    ['customers:\n  - id: acme\n  - id: acme\n   bad: indent\n', 4, /the registry is not valid YAML/],
    ['customers: [acme\n', 2, /the registry is not valid YAML/],
    ['customers: []\ncustomers: []\n', 2, /duplicate key/],
    ['customers:\n  - !foo acme\n', 2, /custom YAML tags/],
    ['- acme\n- globex\n', 1, /the registry must be a set of `key: value` lines/],
  ])('reports YAML problems in %j with their line', (text, line, message) => {
    const { customers, problems } = parseRegistry(text, FILE);
    expect(customers).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line, severity: 'error' });
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.message).not.toMatch(/front matter/);
  });

  it('refuses an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'customers: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(parseRegistry(bomb, FILE).problems[0]!.message).toMatch(/aliases/);
  });

  it('refuses a registry over its size limit', () => {
    const huge = `customers: []\nnote: "${'x'.repeat(MAX_REGISTRY_BYTES)}"\n`;
    const { problems } = parseRegistry(huge, FILE);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/the registry is larger than/);
  });
});
