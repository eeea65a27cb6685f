/**
 * A review saved by a Windows editor (a byte order mark, CRLF line ends) and then amended or
 * started over: written back in its own style, so that git shows the lines that changed, not the
 * whole file rewritten.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inStyleOf } from '../../src/domain/frontmatter.js';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/workbook.js';
import { CONFIG, REGISTRY, weeklyText } from './helpers.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';
const BOM = '\uFEFF';

describe('inStyleOf', () => {
  it.each([
    ['LF, no mark', 'a\nb\n', 'x\ny\n', 'x\ny\n'],
    ['CRLF', 'a\r\nb\r\n', 'x\ny\n', 'x\r\ny\r\n'],
    ['a mark and CRLF', `${BOM}a\r\nb\r\n`, 'x\ny\n', `${BOM}x\r\ny\r\n`],
    ['a mark and LF', `${BOM}a\nb\n`, 'x\ny\n', `${BOM}x\ny\n`],
    ['mixed, first line LF', 'a\nb\r\n', 'x\ny\n', 'x\ny\n'],
    ['one line, no end', 'a', 'x\ny\n', 'x\ny\n'],
  ])('%s', (_, original, text, expected) => {
    expect(inStyleOf(original, text)).toBe(expected);
  });
});

describe('--amend and --force of a review saved with a byte order mark and CRLF', () => {
  const windows = (text: string) => `${BOM}${text.replace(/\n/g, '\r\n')}`;

  it.each([['--amend'], ['--force']])('%s writes it back with both: what it writes for the same file saved with LF, in the file\'s style', async (flag) => {
    const original = weeklyText('2026-W48', { score: 3 });
    const run = async (text: string) => {
      const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.yaml': 'customers: [acme]\nvalue_confidence: 5\n', [REVIEW]: text });
      const context = testContext({ cwd: dir });
      expect(await main(['weekly', flag, '--answers', 'a.yaml', '--no-commit', '--date', '2026-11-24'], context), context.err()).toBe(0);
      return readFileSync(join(dir, REVIEW), 'utf8');
    };
    const plain = await run(original);
    expect(plain).toContain('value_confidence: 5');
    expect(plain).not.toContain('\r');
    expect(await run(windows(original))).toBe(windows(plain));
  });
});
