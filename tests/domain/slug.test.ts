import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugify, slugProblem } from '../../src/domain/slug.js';

describe('slugProblem', () => {
  it.each(['a', 'acme', 'emea-cs', 'a1', '2026', 'x-y-z', 'a'.repeat(64), 'con1', 'console', 'comx', 'lpt'])('accepts %j', (id) => {
    expect(slugProblem(id)).toBeUndefined();
  });

  it.each<[unknown, RegExp]>([
    ['', /non-empty/],
    [undefined, /non-empty/],
    [null, /non-empty/],
    [42, /non-empty/],
    [['acme'], /non-empty/],
    ['a'.repeat(65), /at most 64/],
    ['a'.repeat(300), /at most 64/],
    ['../../etc', /only a-z/],
    ['..', /only a-z/],
    ['a/b', /only a-z/],
    ['a\\b', /only a-z/],
    ['Acme', /only a-z/],
    ['CON', /only a-z/],
    ['-acme', /only a-z/],
    ['acme-', /only a-z/],
    ['-', /only a-z/],
    ['ac me', /only a-z/],
    ['acme_corp', /only a-z/],
    ['acmé', /only a-z/],
    ['acme\n', /only a-z/],
    ['.hidden', /only a-z/],
    ['con', /reserved device name/],
    ['prn', /reserved device name/],
    ['aux', /reserved device name/],
    ['nul', /reserved device name/],
    ['com1', /reserved device name/],
    ['lpt9', /reserved device name/],
  ])('refuses %j', (id, message) => {
    expect(slugProblem(id)).toMatch(message);
  });

  it('a slug never allows path traversal (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (text) => {
        if (slugProblem(text) === undefined) {
          expect(text).toMatch(/^[a-z0-9-]+$/);
          expect(text).not.toContain('..');
          expect(text.length).toBeLessThanOrEqual(64);
        }
      }),
    );
  });
});

describe('slugify', () => {
  it.each([
    ['Globex Corp.', 'globex-corp'],
    ['EMEA Customer Success', 'emea-customer-success'],
    ['  Ünïcödé  Ltd ', 'unicode-ltd'],
    ['ACME', 'acme'],
    ['a--b', 'a-b'],
    ['../../etc', 'etc'],
    ['日本', ''],
    ['', ''],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('cuts long names at 64 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug).toBe('a'.repeat(63));
    expect(slugify('x'.repeat(100))).toHaveLength(64);
  });

  it('gives a valid slug or an empty string for any name (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (name) => {
        const slug = slugify(name);
        // Windows device names are the one exception slugify leaves to slugProblem.
        if (slug !== '' && !/^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug)) expect(slugProblem(slug)).toBeUndefined();
      }),
    );
  });
});
