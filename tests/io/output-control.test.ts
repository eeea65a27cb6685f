/**
 * What reaches a terminal is what the data says: no control character of a name, a quote, a title
 * or a file name is written as such, colour codes included, while rhythm's own colours still work
 * when colour is on. The end-to-end proof through the built CLI is tests/reliability/terminal.e2e.test.ts.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput, type Output } from '../../src/io/output.js';
import { createInquirerPrompter } from '../../src/io/prompter.js';
import { forTerminal, neutralise } from '../../src/io/terminal-text.js';

/** Sequences a review file can hold: each hides, moves or rewrites what the terminal shows. */
const HOSTILE = {
  conceal: '\u001b[8m',
  'black on black': '\u001b[30;40m',
  reset: '\u001b[0m',
  'clear screen': '\u001b[2J',
  'clipboard write (OSC 52)': '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  'single-byte CSI (C1)': '\u009b8m',
  'carriage return': 'over\rwrite',
  backspace: 'a\u0008b',
  delete: 'a\u007fb',
  'right-to-left override': 'a\u202eb',
  'right-to-left isolate': 'a\u2067b',
  'line separator': 'a\u2028b',
  'paragraph separator': 'a\u2029b',
};

function capture(color: boolean): { output: Output; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const output = createOutput({ stdout: { write: (chunk) => (out += String(chunk)) }, stderr: { write: (chunk) => (err += String(chunk)), isTTY: true }, color, quiet: false });
  return { output, out: () => out, err: () => err };
}

/** The codes chalk writes for the palette's styles, and the progress line's clearing. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OWN_CODES = /\u001b\[(1|22|2|31|32|33|36|39)m|\r\u001b\[2K/g;

describe('neutralise', () => {
  it.each(Object.entries(HOSTILE))('replaces every control character of %s, visibly', (_, sequence) => {
    const text = neutralise(`Acme ${sequence} Corp`);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\uFFFD');
  });

  it('keeps tabs and line ends, LF and CRLF', () => {
    expect(neutralise('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
  });
});

describe.each([false, true])('the writers, colour %s', (color) => {
  it.each(Object.entries(HOSTILE))('write no %s of the data to stdout or stderr', (_, sequence) => {
    const { output, out, err } = capture(color);
    const name = `Acme ${sequence}Hidden${HOSTILE.reset} Corp`;
    output.data(`customer ${name}`);
    output.info(`talked to ${name}`);
    output.success(`wrote ${name}.md`);
    output.warn(`skipped: ${name}.md:1: not a period`);
    output.error(`${name}: unreadable`);
    output.progress(`reading ${name}`);
    output.info(output.color.red(`flagged: ${name}`));
    output.data(output.color.bold(`${output.color.cyan(name)} ${name}`));
    output.json([new TextEncoder().encode(`${JSON.stringify({ name })}\n`)]);
    for (const written of [out(), err()]) {
      // Take away the palette's own codes and the progress line's clearing: no control character is left.
      const rest = written.replace(OWN_CODES, '');
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      expect(rest).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      // With colour off, not even the palette's codes.
      if (!color) expect(written.replaceAll('\r\u001b[2K', '')).toBe(rest);
    }
    expect(out()).toContain('Hidden');
  });
});

describe('rhythm’s own colours', () => {
  it('reach the terminal as escape codes when colour is on, nested as chalk nests them', () => {
    const { output, err } = capture(true);
    output.info(output.color.red(`a ${output.color.yellow('b')} c`));
    expect(err()).toBe('\u001b[31ma \u001b[33mb\u001b[39m\u001b[31m c\u001b[39m\n');
  });

  it('are plain text when colour is off', () => {
    const { output, err } = capture(false);
    output.warn(`${output.color.bold('x')}`);
    expect(err()).toBe('warning: x\n');
  });

  it('cannot be forged by data: a colour written into a review stays text', () => {
    const { output, err } = capture(true);
    const painted = output.color.red('x');
    // What the palette returns is a marker, not an escape code, and it is only ever turned into one by a writer.
    expect(painted).not.toContain('\u001b');
    expect(forTerminal(painted)).toBe('\u001b[31mx\u001b[39m');
    // Private-use characters and bracketed codes in data are left as they are.
    output.info('\uE000\uE0FF[31m text');
    expect(err()).toBe('\uE000\uE0FF[31m text\n');
  });
});

describe('the prompter', () => {
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
  const name = `Acme ${HOSTILE.conceal}Hidden${HOSTILE.reset} Corp`;
  const hostile = (screen: string) => [HOSTILE.conceal, HOSTILE.reset, HOSTILE['black on black']].filter((sequence) => screen.includes(sequence));

  it('shows choices, messages and descriptions neutralised, and answers with the value', async () => {
    const { prompter, input, screen } = await terminal();
    const answer = prompter.select({ key: 'x', message: `${name} is flagged. Now?`, choices: [{ name, value: 'acme', description: name }] });
    input.write('\r');
    expect(await answer).toBe('acme');
    expect(hostile(screen())).toEqual([]);
    expect(screen()).toContain('Acme \uFFFD[8mHidden\uFFFD[0m Corp');
  });

  it('shows a default neutralised; Enter keeps it as it was written', async () => {
    const { prompter, input, screen } = await terminal();
    const answer = prompter.input({ key: 'reason', message: 'Why, as of this week?', default: `onboarding ${HOSTILE['black on black']}stalled` });
    input.write('\r');
    expect(await answer).toBe(`onboarding ${HOSTILE['black on black']}stalled`);
    expect(hostile(screen())).toEqual([]);
  });

  it('neutralises the checkbox, the confirmation, the search and the lines it says', async () => {
    const { prompter, input, screen } = await terminal();
    prompter.say(`Still open: ${name}`);
    const checked = prompter.checkbox({ key: 'p', message: name, choices: [{ name, value: 'ana', checked: true }] });
    input.write('\r');
    expect(await checked).toEqual(['ana']);
    const confirmed = prompter.confirm({ key: 'c', message: `Keep the flag on ${name}?`, default: true });
    input.write('\r');
    expect(await confirmed).toBe(true);
    const found = prompter.search({ key: 's', message: name, why: name, source: (term) => [{ name: `${name} ${term}`, value: 'acme', description: name }] });
    input.write('ac\r');
    expect(await found).toBe('acme');
    expect(hostile(screen())).toEqual([]);
  });
});
