/**
 * One rule for the characters a review may not hold (domain/characters.ts): what `check` refuses
 * in a review, an answers file may not bring in, so rhythm never writes a review its own `check`
 * refuses; and a value holding one only as a YAML escape is refused by `check` too, since an
 * amend writes it out as the character itself.
 */
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workbook.js';
import { CONFIG, REGISTRY, rhythmInProcess, weeklyText } from './helpers.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';
const CONTROLS = [...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)), ...Array.from({ length: 0x21 }, (_, index) => 0x7f + index)];

describe('a control character', () => {
  it.each(CONTROLS.map((code) => [`U+${code.toString(16).toUpperCase().padStart(4, '0')}`, String.fromCharCode(code)]))('%s: check refuses it in a review, and an answers file cannot write it into one', async (name, character) => {
    const written = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: weeklyText('2026-W48', { body: `\nNote: a${character}b\n` }) });
    const check = await rhythmInProcess(written, ['check']);
    expect(check.code).toBe(1);
    // A NUL makes the file binary, which check says instead.
    expect(check.stdout).toContain(character === '\u0000' ? 'is a binary file' : `contains the control character ${name}`);

    const answering = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'a.json': JSON.stringify({ customers: ['acme'], value_confidence: 3, value: [`Acme: a${character}b`] }) });
    const weekly = await rhythmInProcess(answering, ['weekly', '--answers', 'a.json', '--no-commit', '--date', '2026-11-24']);
    expect(weekly.code).toBe(1);
    expect(weekly.stderr).toContain(`a.json: value[0]: contains the control character ${name}: remove it`);
  });

  it('written as a YAML escape in front matter (reason: "on\\Nboard"), check refuses it at its key', async () => {
    const flags = 'flags:\n  - customer: acme\n    reason: "on\\Nboard"\n    since: 2026-W48';
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, [REVIEW]: weeklyText('2026-W48', { flags }) });
    const check = await rhythmInProcess(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${REVIEW}:9: flags[0].reason: holds the control character U+0085 (written as an escape): remove it`);
  });
});
