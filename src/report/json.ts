import type { Rollup } from '../domain/rollup/model.js';
import { GENERATOR_FIELD } from '../domain/rollup/schema.js';
import { JSON_GENERATOR } from './generated.js';

/**
 * A rollup as `JSON.stringify(rollup, null, 2)` writes it (and a final line end), after a first
 * field `"generator": "rhythm"` that lets the next report replace the file (generated.ts), as
 * UTF-8, in pieces: one team section at a time. The JSON of an organisation's year is tens of
 * megabytes; written piece by piece it is never one string in memory (issue 6: a 50,000-file
 * workbook's rollup in under 300 MB).
 */
export function* renderRollupJson(rollup: Rollup): Generator<Uint8Array> {
  const entries = Object.entries({ [GENERATOR_FIELD]: JSON_GENERATOR, ...rollup }).filter(([, value]) => value !== undefined);
  let text = '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    if (index > 0) text += ',\n';
    if (key === 'teams' && Array.isArray(value) && value.length > 0) {
      yield utf8.encode(`${text}  ${JSON.stringify(key)}: [\n    `);
      text = '';
      for (const [position, team] of value.entries()) {
        if (position > 0) yield utf8.encode(',\n    ');
        yield nested(team);
      }
      text = '\n  ]';
    } else text += JSON.stringify({ [key]: value }, null, 2).slice(2, -2);
  }
  yield utf8.encode(`${text}\n}\n`);
}

const utf8 = new TextEncoder();

/**
 * A team section as JSON.stringify writes it two levels deep, its first line not indented: written
 * inside two one-element arrays, whose brackets are cut off the bytes. (Indenting the section's
 * own JSON, or cutting the text, copies tens of megabytes; cutting bytes copies nothing.)
 */
function nested(team: unknown): Uint8Array {
  const bytes = utf8.encode(JSON.stringify([[team]], null, 2));
  return bytes.subarray(OPENING.length, bytes.length - CLOSING.length);
}

const OPENING = '[\n  [\n    ';
const CLOSING = '\n  ]\n]';
