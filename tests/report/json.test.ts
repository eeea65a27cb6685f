import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Period } from '../../src/domain/period.js';
import { renderRollupJson, renderTeamJson } from '../../src/report/json.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { config, emeaQ4, registry, TODAY } from '../domain/rollup-fixtures.js';

const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
/** What the JSON means: the rollup after the generator field, as a JSON round trip has it. */
const whole = (rollup: object): unknown => JSON.parse(JSON.stringify({ generator: 'rhythm', ...rollup }));
const joined = (rollup: Rollup) => Buffer.concat([...renderRollupJson(rollup)]).toString('utf8');

describe('renderRollupJson', () => {
  it('writes, piece by piece, the rollup JSON.stringify would write, a record a line', () => {
    const teams = [
      { id: 'emea-cs', name: 'EMEA Customer Success', members: [] },
      { id: 'apac', name: 'APAC', members: [] },
    ];
    const rollups: Rollup[] = [
      computeRollup({ reviews: emeaQ4(), config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY }),
      computeRollup({ reviews: [], config: config(), customers: [], period: Q4_2026, today: TODAY }),
      { ...computeRollup({ reviews: [], config: config(), customers: [], period: Q4_2026, today: TODAY }), teams: [] },
    ];
    for (const rollup of rollups) {
      const pieces = [...renderRollupJson(rollup)];
      const text = joined(rollup);
      expect(JSON.parse(text)).toEqual(whole(rollup));
      expect(text.endsWith('}\n')).toBe(true);
      // Team sections rendered ahead (as a rollup computed team by team keeps them) give the same bytes.
      expect(Buffer.concat([...renderRollupJson({ ...rollup, teams: rollup.teams.map((team) => ({ section: renderTeamJson(team) })) })]).toString('utf8')).toBe(text);
      // A piece per team section, the commas between them, and what comes before and after: no piece holds the whole.
      expect(pieces.length).toBe(rollup.teams.length === 0 ? 1 : 2 * rollup.teams.length + 1);
    }
  });

  it('asks for a rendered section only when it is written, so that none is held once written', () => {
    const rollup = computeRollup({ reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY });
    const asked: number[] = [];
    const sections = ['a', 'b', 'c'].map((team, index) => ({
      get section() {
        asked.push(index);
        return renderTeamJson({ ...rollup.teams[0]!, team });
      },
    }));
    const pieces = renderRollupJson({ ...rollup, teams: sections });
    pieces.next();
    expect(asked).toEqual([]);
    pieces.next();
    expect(asked).toEqual([0]);
    pieces.next();
    pieces.next();
    expect(asked).toEqual([0, 1]);
    for (const piece of pieces) expect(piece.length).toBeGreaterThan(0);
    expect(asked).toEqual([0, 1, 2]);
  });

  it('keeps line ends, quotes and any character inside strings as JSON.stringify escapes them', () => {
    const base = computeRollup({ reviews: emeaQ4(), config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }), customers: registry, period: Q4_2026, today: TODAY });
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), fc.string({ unit: 'binary' }), (texts, name) => {
        const team = { ...base.teams[0]!, name, quotes: texts.map((text) => ({ period: '2026-W41', text, tags: [] })) };
        const rollup: Rollup = { ...base, teams: [team, { ...team, team: 'z' }] };
        expect(JSON.parse(joined(rollup))).toEqual(whole(rollup));
      }),
    );
  });

  it('writes each team section on a line, and the fields and records around them one a line', () => {
    const teams = [
      { id: 'emea-cs', name: 'EMEA', members: [] },
      { id: 'apac', name: 'APAC', members: [] },
    ];
    const rollup = computeRollup({ reviews: emeaQ4(), config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY });
    const lines = joined(rollup).split('\n');
    expect(rollup.teams).toHaveLength(2);
    for (const team of rollup.teams) expect(lines).toContain(`    ${JSON.stringify(team)}${team === rollup.teams.at(-1) ? '' : ','}`);
    for (const customer of rollup.organisation.customers) expect(lines.filter((line) => line.trim().startsWith(JSON.stringify(customer)))).toHaveLength(1);
    expect(lines).toContain(`  "schemaVersion": ${rollup.schemaVersion},`);
    expect(lines[0]).toBe('{');
    expect(lines[1]).toBe('  "generator": "rhythm",');
    // Every line is a field, a record (a team section), or a bracket closing them.
    for (const line of lines.slice(1, -2)) expect(line).toMatch(/^ +("[^"]+": .*|\{.*\},?|[\]}],?)$/);
  });
});
