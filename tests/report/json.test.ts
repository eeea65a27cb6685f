import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Period } from '../../src/domain/period.js';
import { renderRollupJson } from '../../src/report/json.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { config, emeaQ4, registry, TODAY } from '../domain/rollup-fixtures.js';

const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
const whole = (rollup: object) => `${JSON.stringify({ generator: 'rhythm', ...rollup }, null, 2)}\n`;
const joined = (rollup: Rollup) => Buffer.concat([...renderRollupJson(rollup)]).toString('utf8');

describe('renderRollupJson', () => {
  it('writes, piece by piece, exactly what JSON.stringify writes', () => {
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
      expect(joined(rollup)).toBe(whole(rollup));
      // A piece per team section, the commas between them, and what comes before and after: no piece holds the whole.
      expect(pieces.length).toBe(rollup.teams.length === 0 ? 1 : 2 * rollup.teams.length + 1);
    }
  });

  it('keeps line ends, quotes and any character inside strings as JSON.stringify escapes them', () => {
    const base = computeRollup({ reviews: emeaQ4(), config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }), customers: registry, period: Q4_2026, today: TODAY });
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), fc.string({ unit: 'binary' }), (texts, name) => {
        const team = { ...base.teams[0]!, name, quotes: texts.map((text) => ({ period: '2026-W41', text, tags: [] })) };
        const rollup: Rollup = { ...base, teams: [team, { ...team, team: 'z' }] };
        expect(joined(rollup)).toBe(whole(rollup));
      }),
    );
  });
});
