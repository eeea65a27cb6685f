import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/domain/registry.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { mergeRollups } from '../../src/domain/rollup/merge.js';
import { config, review } from './rollup-fixtures.js';

const owned: Customer[] = [
  { id: 'acme', name: 'Acme Corp', owner: 'ana' },
  { id: 'globex', name: 'Globex', owner: 'ana' },
  { id: 'initech', name: 'Initech', owner: 'dana' },
  { id: 'stark', name: 'Stark Logistics', owner: 'dana' },
  { id: 'orphan', name: 'Orphan Inc' },
];
const teams = config({
  teams: [
    { id: 'emea-cs', name: 'EMEA', members: ['ana'] },
    { id: 'na-accounts', name: 'NA', members: ['dana'] },
  ],
});
const reviews = [
  review({ period: '2026-W46', team: 'emea-cs', customers: ['acme'] }),
  review({ period: '2026-W46', team: 'na-accounts', customers: ['initech'] }),
];
const input = { reviews, config: teams, customers: owned, period: { kind: 'quarter' as const, year: 2026, quarter: 4 }, today: '2026-11-24' };

describe('silent customers are the ones a team answers for', () => {
  it('a team is told about its own silent customers and the unowned ones, not the other team\'s', () => {
    const emea = computeRollup({ ...input, team: 'emea-cs' });
    expect(emea.organisation.silentCustomers).toEqual(['globex', 'orphan']);
    const na = computeRollup({ ...input, team: 'na-accounts' });
    expect(na.organisation.silentCustomers).toEqual(['orphan', 'stark']);
  });

  it('the organisation hears about every silent customer, merged or rolled up at once', () => {
    const whole = computeRollup(input);
    expect(whole.organisation.silentCustomers).toEqual(['globex', 'orphan', 'stark']);
    const merged = mergeRollups([computeRollup({ ...input, team: 'na-accounts' }), computeRollup({ ...input, team: 'emea-cs' })]);
    expect(merged.organisation).toEqual(whole.organisation);
  });

  it('without owners in the registry every customer counts', () => {
    const anonymous = owned.map(({ owner: _owner, ...customer }) => customer);
    expect(computeRollup({ ...input, customers: anonymous, team: 'emea-cs' }).organisation.silentCustomers).toEqual(['globex', 'initech', 'orphan', 'stark']);
  });
});
