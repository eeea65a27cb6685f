/**
 * The customer search records what the person saw. A term typed and Enter pressed before the
 * screen caught up (a paste, a fast typist, a slow machine) must pick from the list for that term,
 * never from the list of the keystroke before. The keys go to the real prompter in one chunk, as
 * a terminal delivers them; `RHYTHM_TRIALS=1000` runs more trials than CI does.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createInquirerPrompter, type Choice } from '../../src/io/prompter.js';

const TRIALS = Number(process.env.RHYTHM_TRIALS ?? 200);

const CUSTOMERS = [
  { id: 'acme', name: 'Acme Corp', term: 'acm' },
  { id: 'globex', name: 'Globex', term: 'glo' },
  { id: 'initech', name: 'Initech', term: 'ini' },
  { id: 'umbrella', name: 'Umbrella', term: 'umb' },
  { id: 'hooli', name: 'Hooli', term: 'hoo' },
];

/** The source of the ritual's customer search: customers whose name holds the term, then "add new". */
function source(term: string): Choice<string>[] {
  const needle = term.trim().toLowerCase();
  const matches = CUSTOMERS.filter((customer) => customer.name.toLowerCase().includes(needle)).map((customer) => ({ name: customer.name, value: customer.id }));
  return needle && matches.length === 0 ? [{ name: `+ add new customer "${term}"`, value: `add:${term}` }] : matches;
}

/** Lets the event loop turn a few times: what a prompt shows after its input, it has shown by then. */
async function turns(count = 10): Promise<'pending'> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
  return 'pending';
}

async function terminal() {
  const input = new PassThrough();
  let screen = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      screen += chunk.toString();
      callback();
    },
  });
  const prompter = await createInquirerPrompter({ input, output, dim: (text) => text, bold: (text) => text });
  return { prompter, input, screen: () => screen };
}

describe('the customer search, keys faster than the screen', () => {
  it(`records the first match of the term typed, with Enter in the same chunk (${TRIALS} trials)`, async () => {
    const { prompter, input } = await terminal();
    const wrong: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const wanted = CUSTOMERS[trial % CUSTOMERS.length]!;
      const answer = prompter.search({ key: 'customers', message: 'Which customers?', source }).catch((error: Error) => error.name);
      // The person sees the list, then types the term and Enter faster than the screen redraws.
      await turns();
      input.write(`${wanted.term}\r`);
      const picked = await Promise.race([answer, turns()]);
      if (picked === 'pending') {
        // Enter was lost: the prompt still waits. Ctrl-C ends it so the next trial starts clean.
        input.write('\u0003');
        await answer;
      }
      if (picked !== wanted.id) wrong.push(`${wanted.term} → ${picked}`);
    }
    expect(wrong, `${wrong.length} wrong picks in ${TRIALS} trials`).toEqual([]);
  });

  it('records the choice the arrow keys moved to, typed in the same chunk', async () => {
    const { prompter, input } = await terminal();
    const answer = prompter.search({ key: 'customers', message: 'Which customers?', source });
    // "o" matches Acme Corp, Globex and Hooli; two down is Hooli.
    input.write('o\u001b[B\u001b[B\r');
    expect(await answer).toBe('hooli');
  });

  it('offers to add the typed name when nothing matches, and Enter takes it at once', async () => {
    const { prompter, input } = await terminal();
    const answer = prompter.search({ key: 'customers', message: 'Which customers?', source });
    input.write('Wayne\r');
    expect(await answer).toBe('add:Wayne');
  });

  it('Enter on an empty list does nothing; the term can still be changed', async () => {
    const { prompter, input, screen } = await terminal();
    const answer = prompter.search({ key: 'customers', message: 'Which customers?', source: (term) => source(term).filter((choice) => !choice.value.startsWith('add:')) });
    input.write('zzz\r');
    await new Promise((resolve) => setImmediate(resolve));
    expect(screen()).toContain('No results');
    input.write('\u007f\u007f\u007fini\r');
    expect(await answer).toBe('initech');
  });

  it('Tab completes the term with the highlighted name', async () => {
    const { prompter, input, screen } = await terminal();
    const answer = prompter.search({ key: 'customers', message: 'Which customers?', source });
    input.write('umb\t\r');
    expect(await answer).toBe('umbrella');
    expect(screen()).toContain('Umbrella');
  });
});
