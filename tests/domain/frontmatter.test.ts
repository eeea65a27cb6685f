import { describe, expect, it } from 'vitest';
import {
  FrontMatterError,
  MAX_FRONT_MATTER_BYTES,
  normaliseText,
  parseFrontMatterDocument,
  parseFrontMatterYaml,
  splitFrontMatter,
} from '../../src/domain/frontmatter.js';

/** Split and parse a whole file as a reader of reviews would. */
function read(text: string): { data: Record<string, unknown> | null; body: string; bodyLine: number } {
  const split = splitFrontMatter(text);
  return { data: split.yaml === null ? null : parseFrontMatterYaml(split.yaml, split.yamlLine), body: split.body, bodyLine: split.bodyLine };
}

function errorOf(run: () => unknown): FrontMatterError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FrontMatterError);
    return error as FrontMatterError;
  }
  throw new Error('expected a FrontMatterError');
}

describe('splitFrontMatter', () => {
  it('splits a plain file into YAML and body with their lines', () => {
    expect(splitFrontMatter('---\nrhythm: 1\nritual: weekly\n---\n# Title\n\ntext\n')).toEqual({
      yaml: 'rhythm: 1\nritual: weekly\n',
      yamlLine: 2,
      body: '# Title\n\ntext\n',
      bodyLine: 5,
    });
  });

  it('strips a byte-order mark', () => {
    const split = splitFrontMatter('\uFEFF---\na: 1\n---\nbody');
    expect(split.yaml).toBe('a: 1\n');
    expect(split.body).toBe('body');
    expect(read('\uFEFF---\na: 1\n---\nbody').data).toEqual({ a: 1 });
  });

  it('normalises CRLF and lone CR so no value keeps a stray \\r', () => {
    const text = '---\r\nritual: weekly\r\nperiod: 2026-W48\r\n---\r\n# T\r\n\r\nline\r\n';
    const { data, body, bodyLine } = read(text);
    expect(data).toEqual({ ritual: 'weekly', period: '2026-W48' });
    expect(body).toBe('# T\n\nline\n');
    expect(body).not.toContain('\r');
    expect(bodyLine).toBe(5);
    expect(normaliseText('a\rb\r\nc\n')).toBe('a\nb\nc\n');
  });

  it.each([
    ['---\na: 1\n', 'never closed'],
    ['---\na: 1\nb: 2\n\n# body without closing fence\n', 'never closed'],
    ['---', 'never closed'],
    ['---\n', 'never closed'],
    ['---  \n\n', 'never closed'],
  ])('refuses unclosed front matter %j on line 1', (text, message) => {
    const error = errorOf(() => splitFrontMatter(text));
    expect(error.line).toBe(1);
    expect(error.message).toContain(message);
  });

  it.each([
    ['---js\nmodule.exports = { a: 1 }\n---\nbody', 'js'],
    ['---javascript\n{ "a": (function () { throw new Error("ran") })() }\n---\n', 'javascript'],
    ['---coffee\na: 1\n---\n', 'coffee'],
    ['---JSON\n{"a": 1}\n---\n', 'json'],
  ])('reports the language of a non-YAML fence %j and never evaluates it', (text, language) => {
    const split = splitFrontMatter(text);
    expect(split.language).toBe(language);
    // The text is kept as it is: nothing ran.
    expect(text).toContain(split.yaml!);
  });

  it.each(['---yaml\na: 1\n---\n', '---yml\na: 1\n---\n', '--- \na: 1\n---\n'])('treats %j as YAML front matter', (text) => {
    const split = splitFrontMatter(text);
    expect(split.language).toBeUndefined();
    expect(parseFrontMatterYaml(split.yaml!, split.yamlLine)).toEqual({ a: 1 });
  });

  it.each([
    ['---\n---\nbody', '', 'body', 3],
    ['---\n---', '', '', 3],
    ['---\n# only a comment\n---\nbody', '# only a comment\n', 'body', 4],
    ['---\na: 1\n...\nbody', 'a: 1\n', 'body', 4],
    ['---\na: 1\n---   \nbody', 'a: 1\n', 'body', 4],
    ['---\na: 1\n---', 'a: 1\n', '', 4],
    ['---\na: 1\n---\n\n\nbody', 'a: 1\n', '\n\nbody', 4],
  ])('finds the closing fence in %j', (text, yaml, body, bodyLine) => {
    const split = splitFrontMatter(text);
    expect(split.yaml).toBe(yaml);
    expect(split.body).toBe(body);
    expect(split.bodyLine).toBe(bodyLine);
    expect(parseFrontMatterYaml(split.yaml!, split.yamlLine)).toEqual(yaml.startsWith('a') ? { a: 1 } : {});
  });

  it.each(['# Just markdown\n', '', 'text\n---\na: 1\n---\n', '----\na: 1\n---\n', ' ---\na: 1\n---\n'])(
    'a file not starting with a --- line has no front matter: %j',
    (text) => {
      const split = splitFrontMatter(text);
      expect(split.yaml).toBeNull();
      expect(split.body).toBe(text);
      expect(split.bodyLine).toBe(1);
    },
  );
});

describe('parseFrontMatterYaml', () => {
  it('an empty or comment-only front matter is an empty map', () => {
    expect(parseFrontMatterYaml('', 2)).toEqual({});
    expect(parseFrontMatterYaml('# nothing\n', 2)).toEqual({});
  });

  it('allows a tab after a colon but not tabs as indentation, with the file line', () => {
    expect(parseFrontMatterYaml('a:\tb\n', 2)).toEqual({ a: 'b' });
    const error = errorOf(() => parseFrontMatterYaml('a:\n\t- b\n', 2));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/tabs cannot indent/);
  });

  it('refuses duplicate keys with the line of the second one', () => {
    const { yaml, yamlLine } = splitFrontMatter('---\nritual: weekly\nperiod: 2026-W48\nritual: annual\n---\n');
    const error = errorOf(() => parseFrontMatterYaml(yaml!, yamlLine));
    expect(error.line).toBe(4);
    expect(error.col).toBe(1);
    expect(error.message).toMatch(/duplicate key/);
  });

  it.each([
    ['a: !foo 1\n', 2],
    ['a: 1\nb: !!js/function "function () {}"\n', 3],
    ['a: !!python/object:os.system [ls]\n', 2],
    ['a: !<tag:example.com,2026:thing> x\n', 2],
  ])('refuses custom tags %j at their line', (yaml, line) => {
    const error = errorOf(() => parseFrontMatterYaml(yaml, 2));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(/custom YAML tags are not allowed/);
  });

  it.each(['a: !!timestamp 2026-12-31\n', 'a: !!binary aGVsbG8=\n', 'a: !!set { x }\n', 'a: !!omap [ x: 1 ]\n', 'a: !!pairs [ x: 1 ]\n'])(
    'refuses YAML 1.1 tags that would make non-JSON values: %j',
    (yaml) => {
      expect(() => parseFrontMatterYaml(yaml, 2)).toThrow(/custom YAML tags are not allowed/);
    },
  );

  it('accepts the core tags', () => {
    expect(parseFrontMatterYaml('a: !!str 12\nb: !!int "7"\n', 2)).toEqual({ a: '12', b: 7 });
  });

  it('refuses an alias bomb (billion laughs)', () => {
    const bomb = [
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
      'g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
    ].join('\n');
    // No clock: the bound on aliases stops the expansion (9^7 strings) before it is built.
    const error = errorOf(() => parseFrontMatterYaml(bomb, 2));
    expect(error.message).toMatch(/too many YAML aliases/);
    expect(error.line).toBe(2);
  });

  it('allows a few aliases', () => {
    expect(parseFrontMatterYaml('a: &x [1, 2]\nb: *x\n', 2)).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('refuses front matter over the size limit, and accepts it just under', () => {
    const big = `a: "${'x'.repeat(MAX_FRONT_MATTER_BYTES)}"\n`;
    const error = errorOf(() => parseFrontMatterYaml(big, 2));
    expect(error.message).toMatch(/larger than 64 KB/);
    expect(error.line).toBe(2);
    const fits = `a: "${'x'.repeat(MAX_FRONT_MATTER_BYTES - 20)}"\n`;
    expect(parseFrontMatterYaml(fits, 2).a).toHaveLength(MAX_FRONT_MATTER_BYTES - 20);
  });

  it('measures the limit in bytes, not characters', () => {
    const multibyte = `a: "${'é'.repeat(MAX_FRONT_MATTER_BYTES / 2)}"\n`; // 2 bytes each
    expect(() => parseFrontMatterYaml(multibyte, 2)).toThrow(/larger than/);
  });

  it.each(['- a\n- b\n', 'just text\n', '42\n'])('refuses front matter that is not a map: %j', (yaml) => {
    const error = errorOf(() => parseFrontMatterYaml(yaml, 2));
    expect(error.message).toMatch(/key: value/);
    expect(error.line).toBe(2);
  });

  it('reports syntax errors at their file line and column', () => {
    const error = errorOf(() => parseFrontMatterYaml('a: 1\nb: [x, y\n', 2));
    expect(error.message).toMatch(/^front matter is not valid YAML: /);
    expect(error.message).not.toContain('\n');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.col).toBeGreaterThan(0);
  });

  it('refuses a second YAML document inside the fences', () => {
    const { yaml, yamlLine } = splitFrontMatter('---\na: 1\n--- b\n---\n');
    const error = errorOf(() => parseFrontMatterYaml(yaml!, yamlLine));
    expect(error.line).toBe(3);
  });

  it('keeps an own __proto__ key without polluting prototypes', () => {
    const data = parseFrontMatterYaml('__proto__: { polluted: 1 }\nb: 1\n', 2);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(data.b).toBe(1);
  });

  // The core schema: what each scalar becomes (dates stay strings, unlike js-yaml / gray-matter).
  it.each<[string, unknown]>([
    ['2026-12-31', '2026-12-31'],
    ['2026-12-31T10:00:00Z', '2026-12-31T10:00:00Z'],
    ['2026-W48', '2026-W48'],
    ['1.10', 1.1], // unquoted 1.10 is the number 1.1 …
    ['"1.10"', '1.10'], // … quote it to keep it as text
    ['007', 7],
    ['0o17', 15],
    ['0x1F', 31],
    ['1e3', 1000],
    ['yes', 'yes'], // YAML 1.2: not a boolean
    ['no', 'no'],
    ['on', 'on'],
    ['true', true],
    ['False', false],
    ['~', null],
    ['null', null],
    ['', null],
    ['.inf', Infinity],
    ['-.inf', -Infinity],
    ['.nan', Number.NaN],
    ['@ana', undefined], // `@` cannot start a plain scalar: an error
  ])('a value %j reads as %o', (source, expected) => {
    const yaml = `v: ${source}\n`;
    if (expected === undefined) {
      expect(() => parseFrontMatterYaml(yaml, 2)).toThrow(FrontMatterError);
      return;
    }
    const value = parseFrontMatterYaml(yaml, 2).v;
    if (typeof expected === 'number' && Number.isNaN(expected)) expect(Number.isNaN(value)).toBe(true);
    else expect(value).toStrictEqual(expected);
  });
});

describe('parseFrontMatterDocument', () => {
  it('keeps comments for editing in place', () => {
    const doc = parseFrontMatterDocument('a: 1 # keep me\n# and me\nb: 2\n', 2);
    doc.set('a', 3);
    expect(String(doc)).toBe('a: 3 # keep me\n# and me\nb: 2\n');
  });

  it('refuses what parseFrontMatterYaml refuses', () => {
    expect(() => parseFrontMatterDocument('a: 1\na: 2\n', 2)).toThrow(/duplicate key/);
    expect(() => parseFrontMatterDocument('- a\n', 2)).toThrow(/key: value/);
    expect(() => parseFrontMatterDocument('a: !foo x\n', 2)).toThrow(/custom YAML tags/);
  });
});
