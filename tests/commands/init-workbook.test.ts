/**
 * `init --workbook <folder>` writes the folder into rhythm.yaml so that it reads back as typed:
 * a name with `#`, `: ` or spaces at its ends was written plain, read back as another folder (the
 * registry went to one folder, the reviews to another), and check said all good.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/domain/config.js';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/workbook.js';

describe('init --workbook', () => {
  it.each([['rhythm'], ['a #b'], ['x #'], ['trail '], [' lead'], ['*x'], ['notes: 2026'], ['reviews/2026'], ['ünïcode folder']])('%j reads back as the folder the registry was made in', async (folder) => {
    const dir = tempDir();
    const context = testContext({ cwd: dir });
    expect(await main(['init', '--workbook', folder], context), context.err()).toBe(0);
    expect(parseConfig(readFileSync(join(dir, 'rhythm.yaml'), 'utf8')).config.workbook).toBe(folder);
    expect(existsSync(join(dir, folder, 'customers.yaml'))).toBe(true);
    const check = testContext({ cwd: dir });
    expect(await main(['check'], check), check.out()).toBe(0);
  });

  it('a folder name holding a control character is refused, and nothing is written', async () => {
    const dir = tempDir();
    const context = testContext({ cwd: dir });
    expect(await main(['init', '--workbook', 'a\u001b[8mb'], context)).toBe(2);
    expect(context.err()).toContain('holds the control character U+001B');
    expect(existsSync(join(dir, 'rhythm.yaml'))).toBe(false);
  });
});
