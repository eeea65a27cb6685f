/**
 * Rollups the report tests share: the EMEA quarter of the rollup fixtures alone, an empty quarter,
 * and EMEA with a second team (APAC) that flags a customer EMEA flags too, misses a week and
 * resolves a flag.
 */
import type { Period } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { config, emeaQ4, registry, review, TODAY } from '../domain/rollup-fixtures.js';

export const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
export const EMEA = { id: 'emea-cs', name: 'EMEA Customer Success', members: [] };
const APAC = { id: 'apac', name: 'APAC', members: [] };

export function emeaRollup(): Rollup {
  return computeRollup({ reviews: emeaQ4(), config: config({ teams: [EMEA] }), customers: registry, period: Q4_2026, today: TODAY });
}

/** Tuesday 20 October: W40–W42 are over; W43 and the quarter are still under way. */
export function emptyRollup(): Rollup {
  return computeRollup({ reviews: [], config: config(), customers: [], period: Q4_2026, today: '2026-10-20' });
}

export function twoTeamRollup(): Rollup {
  const team = 'apac';
  const apac = [
    review({
      team,
      period: '2026-W44',
      date: '2026-10-29',
      participants: ['kim'],
      customers: ['acme', 'hooli'],
      flags: [{ customer: 'hooli', reason: 'nightly sync broken', since: '2026-W44' }],
      scores: { value_confidence: 4 },
      heard: ['Hooli: "Sync fails every night." #integration'],
      value: ['Acme: saves two hours a week (evidence: their ops lead)'],
      actions: ['[ ] Fix nightly sync @kim due:2026-11-06 #integration'],
    }),
    review({
      team,
      period: '2026-W45',
      date: '2026-11-05',
      participants: ['kim', 'lee'],
      customers: ['hooli'],
      flags: [{ customer: 'hooli', reason: 'nightly sync broken', since: '2026-W44' }],
      scores: { value_confidence: 3 },
      heard: ['hooli: "Still broken." #integration #urgent'],
      actions: ['[ ] Fix nightly sync @kim due:2026-11-06 #integration since:2026-W44'],
    }),
    review({
      team,
      period: '2026-W47',
      date: '2026-11-19',
      participants: ['lee'],
      customers: ['hooli', 'globex'],
      flags: [{ customer: 'globex', reason: 'champion left', since: '2026-W46' }],
      resolved: [{ customer: 'hooli', since: '2026-W44', note: 'sync fixed' }],
      scores: { value_confidence: 2 },
      heard: ['Globex: "Who do we call now?"'],
      actions: ['[x] Fix nightly sync @kim due:2026-11-06 #integration since:2026-W44', '[ ] Meet the new Globex sponsor @lee'],
    }),
  ];
  return computeRollup({ reviews: [...emeaQ4(), ...apac], config: config({ teams: [EMEA, APAC] }), customers: registry, period: Q4_2026, today: TODAY });
}
