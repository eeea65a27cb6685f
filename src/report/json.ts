import type { Rollup, TeamRollup } from '../domain/rollup/model.js';
import { GENERATOR_FIELD } from '../domain/rollup/schema.js';
import { JSON_GENERATOR } from './generated.js';

/**
 * A rollup as JSON: the header's and the organisation's fields one a line, each record of their
 * lists (a customer, a missed week) on a line of its own, and each team section compact on one
 * line: `jq` or any JSON reader shows it indented. 40% smaller than `JSON.stringify(rollup, null,
 * 2)`, and twice as fast to write (measured: docs/ARCHITECTURE.md); a first field
 * `"generator": "rhythm"` lets the next report replace the file (generated.ts).
 */
export interface RenderedRollup extends Omit<Rollup, 'teams'> {
  /** Each team section rendered by renderTeamJson, in the rollup's order. */
  teams: readonly RenderedSection[];
}

/**
 * A team section rendered already, its bytes read when asked for: a year's sections, read back
 * from the rollup cache one at a time as they are written, are never all in memory (110 MB at
 * 50,000 files).
 */
export interface RenderedSection {
  readonly section: Uint8Array;
}

/**
 * The rollup's JSON as UTF-8, in pieces: a team section at a time. The JSON of an organisation's
 * year is a hundred megabytes; written piece by piece it is never one string in memory. Team
 * sections may come rendered already (renderTeamJson), as a rollup computed team by team keeps
 * them (io/reviews.ts), each read when its turn comes.
 */
export function* renderRollupJson(rollup: Rollup | RenderedRollup): Generator<Uint8Array> {
  const entries = Object.entries({ [GENERATOR_FIELD]: JSON_GENERATOR, ...rollup }).filter(([, value]) => value !== undefined);
  let text = '{';
  for (const [index, [key, value]] of entries.entries()) {
    text += `${index > 0 ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (key === 'teams' && Array.isArray(value) && value.length > 0) {
      yield utf8.encode(`${text}[\n    `);
      for (const [position, team] of (value as readonly (TeamRollup | RenderedSection)[]).entries()) {
        if (position > 0) yield SEPARATOR;
        yield 'section' in team ? team.section : renderTeamJson(team);
      }
      text = '\n  ]';
    } else text += field(value, '  ');
  }
  yield utf8.encode(`${text}\n}\n`);
}

/** A team section as it stands in the rollup's list of teams: one line. */
export function renderTeamJson(team: TeamRollup): Uint8Array {
  return utf8.encode(JSON.stringify(team));
}

const utf8 = new TextEncoder();
const SEPARATOR = utf8.encode(',\n    ');

/** A value whose key (or list position) is already written at `indent`. */
function field(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every(isRecord)) return JSON.stringify(value);
    const inner = `${indent}  `;
    return `[\n${inner}${value.map((item) => JSON.stringify(item)).join(`,\n${inner}`)}\n${indent}]`;
  }
  if (!isRecord(value)) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  const lines: string[] = [];
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined) lines.push(`${inner}${JSON.stringify(key)}: ${field(item, inner)}`);
  }
  return lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n${indent}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
