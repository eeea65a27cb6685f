/**
 * A weekly that adds a new customer writes the registry first, then the review: whatever ends the
 * run in between, a review never names a customer the registry does not hold. The registry is read
 * again under the lock: one made invalid while the person answered is one line and nothing is
 * written (the answers stay in the draft); a customer someone else added meanwhile is not added twice.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { scriptedPrompter, testContext } from '../helpers/context.js';
import { CONFIG, REGISTRY, tempDir } from '../helpers/workbook.js';

const REVIEW = 'rhythm/emea-cs/weekly/2026-W48.md';
const DRAFT = '.rhythm/drafts/emea-cs/weekly/2026-W48.json';

/** The answers of a weekly that adds Umbrella Health; `meanwhile` runs while the person is still answering. */
const week = (meanwhile: () => void) => ({
  participants: [['ana', 'bo']],
  'participants:others': '',
  customers: ['acme', '+Umbrella Health', 'done'],
  'customers:new-id': 'umbrella',
  'heard:acme': [''],
  'heard:umbrella': [''],
  'flags:customer': 'done',
  value: [''],
  hard_to_hear: '',
  assumptions: () => {
    meanwhile();
    return '';
  },
  value_confidence: 3,
  actions: [''],
});

async function weekly(dir: string, meanwhile: () => void) {
  const context = testContext({ cwd: dir, prompter: scriptedPrompter(week(meanwhile)), tty: true });
  return { code: await main(['weekly', '--no-commit'], context), err: context.err() };
}

describe('a weekly that adds a new customer', () => {
  it('a registry made invalid while the person answered: one line, no review, the answers kept in the draft', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const run = await weekly(dir, () => writeFileSync(join(dir, 'rhythm/customers.yaml'), `${REGISTRY}  - id: acme\n    name: Acme again\n`));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^rhythm: rhythm\/customers\.yaml:\d+: .*\nfix rhythm\/customers\.yaml, then add umbrella to it \(the review names them\)\n/m);
    expect(run.err).not.toContain('unexpected error');
    expect(existsSync(join(dir, REVIEW))).toBe(false);
    expect(existsSync(join(dir, DRAFT))).toBe(true);
  });

  it('added by someone else meanwhile: the registry holds it once, and the review is written', async () => {
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    const run = await weekly(dir, () => writeFileSync(join(dir, 'rhythm/customers.yaml'), `${REGISTRY}  - id: umbrella\n    name: Umbrella\n`));
    expect(run.code, run.err).toBe(0);
    expect(run.err).not.toContain('added');
    expect(readFileSync(join(dir, 'rhythm/customers.yaml'), 'utf8').match(/id: umbrella/g)).toHaveLength(1);
    expect(readFileSync(join(dir, REVIEW), 'utf8')).toContain('customers: [acme, umbrella]');
  });

  it('a registry saved with a byte order mark and CRLF keeps both', async () => {
    const windows = `\uFEFF# our customers\r\n${REGISTRY.replace(/\n/g, '\r\n')}`;
    const dir = tempDir({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': windows });
    const run = await weekly(dir, () => undefined);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('added Umbrella Health to rhythm/customers.yaml');
    expect(readFileSync(join(dir, 'rhythm/customers.yaml'), 'utf8')).toBe(`${windows}  - id: umbrella\r\n    name: Umbrella Health\r\n`);
  });
});
