/**
 * The palette writes its colours itself (chalk's imports cost about 5 ms of every run): it must
 * write exactly what chalk wrote at its level 1, for any text and any nesting of styles. chalk is a
 * dev dependency, the reference.
 */
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOutput, type Output } from '../../src/io/output.js';
import { forTerminal } from '../../src/io/terminal-text.js';

const STYLES = ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const;
type Style = (typeof STYLES)[number];
type Tree = string | { style: Style; parts: Tree[] };

const chalk = new Chalk({ level: 1 });
const palette = (createOutput({ stdout: { write: () => true }, stderr: { write: () => true }, color: true, quiet: false }) as Output).color;

/** Text with what chalk treats apart (line ends, CRLF) and what it does not, but no control character: those the palette replaces. */
const text = fc.oneof(fc.constantFrom('', 'a', 'two words', 'line\nend', 'crlf\r\nend', '\n', 'é — 😀', ' '), fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', 'x') }));
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.record({ style: fc.constantFrom(...STYLES), parts: fc.array(tie('node'), { maxLength: 3 }) })),
})).node;

function withChalk(node: Tree): string {
  return typeof node === 'string' ? node : chalk[node.style](node.parts.map(withChalk).join(''));
}

function withPalette(node: Tree): string {
  return typeof node === 'string' ? node : palette[node.style](node.parts.map(withPalette).join(''));
}

describe('the palette', () => {
  it('writes what chalk writes at level 1, for any text and nesting of styles (property)', () => {
    fc.assert(
      fc.property(tree, (node) => {
        expect(forTerminal(withPalette(node))).toBe(withChalk(node));
      }),
      { numRuns: Number(process.env.RHYTHM_TRIALS ?? 3000) },
    );
  });
});
