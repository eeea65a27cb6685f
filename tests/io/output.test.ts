import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/io/output.js';
import { neutralise } from '../../src/io/terminal-text.js';

function capture() {
  const written: (string | Uint8Array)[] = [];
  const output = createOutput({ stdout: { write: (chunk) => written.push(chunk) }, stderr: { write: () => undefined }, color: false, quiet: false });
  const text = () => written.map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))).join('');
  return { output, written, text };
}

describe('output.json', () => {
  it('writes UTF-8 pieces of JSON as they are when they hold no control character', () => {
    const { output, written, text } = capture();
    // Beside the separators and bidirectional controls, and sharing their first bytes: kept.
    const pieces = ['{"a": "Zürich — ½ ☃ \u2027\u202f\u2065\u206a"', ',\n  "b": 1}\n'].map((piece) => new TextEncoder().encode(piece));
    output.json(pieces);
    expect(written).toEqual(pieces);
    expect(text()).toBe('{"a": "Zürich — ½ ☃ \u2027\u202f\u2065\u206a",\n  "b": 1}\n');
  });

  it('passes the controls below U+0020 as JSON.stringify writes them: escaped, six characters of ASCII', () => {
    const { output, written } = capture();
    const piece = new TextEncoder().encode(JSON.stringify({ name: 'Acme \u001b]52;c;x\u0007 \u0000\r\tCorp' }));
    expect([...piece].every((byte) => byte >= 0x20)).toBe(true);
    output.json([piece]);
    expect(written).toEqual([piece]);
  });

  it.each(['\u007f', '\u009b2J', '\u0085', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069'])('neutralises a piece holding %j, which JSON.stringify leaves as it is, as data() does', (control) => {
    const { output, text } = capture();
    const piece = JSON.stringify({ quote: `before ${control} after ¢ \u00a0` });
    expect(piece).toContain(control);
    output.json([new TextEncoder().encode(piece)]);
    expect(text()).toBe(neutralise(piece));
    expect(text()).not.toContain(control);
  });

  it('hands a piece over only once the reader has taken those before it (drain), and resolves after the last', async () => {
    // A pipe to a slow reader: every write fills its buffer.
    const written: string[] = [];
    const pipe = Object.assign(new EventEmitter(), { write: (chunk: Uint8Array) => written.push(Buffer.from(chunk).toString('utf8')) === 0 });
    const output = createOutput({ stdout: pipe, stderr: { write: () => undefined }, color: false, quiet: false });
    let finished = false;
    const done = output.json(['{"a": 1', ', "b": 2', '}\n'].map((piece) => new TextEncoder().encode(piece))).then(() => (finished = true));
    await Promise.resolve();
    expect(written).toEqual(['{"a": 1']);
    pipe.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['{"a": 1', ', "b": 2']);
    expect(finished).toBe(false);
    pipe.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.join('')).toBe('{"a": 1, "b": 2}\n');
    expect(finished).toBe(false);
    pipe.emit('drain');
    await done;
    expect(finished).toBe(true);
  });
});
