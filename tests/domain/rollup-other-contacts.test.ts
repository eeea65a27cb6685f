/**
 * Customers a review of another ritual names (a monthly customer council's guests) are contacts
 * in the week it was held: they are not silent. Flags stay the weeklies' alone.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { config, review } from './rollup-fixtures.js';

const customers = [
  { id: 'acme', name: 'Acme Corp' },
  { id: 'globex', name: 'Globex' },
];
const settings = config({ teams: [{ id: 'emea', name: 'EMEA', members: [] }], rituals: { weekly: { name: 'weekly', template: 'weekly', cadence: 'week' }, monthly: { name: 'monthly', template: 'monthly', cadence: 'month' } } });

describe('contacts from a monthly council', () => {
  const rollup = computeRollup({
    reviews: [
      review({ team: 'emea', period: '2026-W45', date: '2026-11-03', customers: ['acme'], flags: [{ customer: 'globex', reason: 'champion left' }] }),
      review({ team: 'emea', period: '2026-W46', date: '2026-11-10', customers: ['acme'], flags: [{ customer: 'globex', reason: 'champion left', since: '2026-W45' }] }),
      review({ ritual: 'monthly', team: 'emea', period: '2026-11', date: '2026-11-26', customers: ['globex', 'acme'] }),
    ],
    config: settings,
    customers,
    period: parsePeriod('2026-Q4', { fiscalYearStartMonth: 1 }),
    today: '2026-11-30',
  });
  const section = rollup.teams[0]!;

  it('counts its guests as contacts in the week it was held, and the last contact', () => {
    const globex = section.customers.find((entry) => entry.customer === 'globex')!;
    expect(globex.contactWeeks).toEqual(['2026-W48']);
    expect(globex.lastContact).toEqual({ period: '2026-11', date: '2026-11-26' });
    // Acme's weeks: its two weeklies and the council's week, each once.
    expect(section.customers.find((entry) => entry.customer === 'acme')!.contactWeeks).toEqual(['2026-W45', '2026-W46', '2026-W48']);
    expect(rollup.organisation.silentCustomers).toEqual([]);
  });

  it('resolves no flag: Globex, not listed by the council, is still not receiving value', () => {
    expect(section.flags.map((flag) => [flag.customer, flag.status])).toEqual([['globex', 'open']]);
  });
});
