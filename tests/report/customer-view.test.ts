/**
 * One customer's records gathered from every team of a rollup, from review files written by hand.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { customerIds, customerView } from '../../src/report/customer-view.js';
import { config, review } from '../domain/rollup-fixtures.js';

const calendar = { fiscalYearStartMonth: 1 };
const customers = [
  { id: 'stark', name: 'Stark Logistics', segment: 'enterprise', owner: 'dana' },
  { id: 'acme', name: 'Acme Corp' },
  { id: 'hooli', name: 'Hooli' },
];
const teams = [
  { id: 'na', name: 'North America', members: ['dana', 'eli'] },
  { id: 'product', name: 'Product', members: ['farah'] },
];

function rollup() {
  const reviews = [
    review({ team: 'na', period: '2026-W44', date: '2026-10-27', customers: ['stark'], flags: [{ customer: 'stark', reason: 'route costs wrong since the ERP migration' }], heard: ['Stark Logistics: "We cannot run a depot review on numbers nobody believes." #reporting'], scores: { value_confidence: 2 }, actions: ['[ ] Escalate Stark to our COO @dana due:2026-11-10'] }),
    review({ team: 'na', period: '2026-W45', date: '2026-11-03', customers: ['stark', 'acme'], flags: [{ customer: 'stark', reason: 'still wrong', since: '2026-W44' }], value: ['Acme Corp: 3 dashboards retired (evidence: usage data)'], scores: { value_confidence: 3 }, actions: ['[x] Escalate Stark to our COO @dana due:2026-11-10', '[ ] Send a written status every Friday @eli due:2026-11-13 #stark'] }),
    review({ team: 'product', period: '2026-W45', date: '2026-11-04', customers: ['stark'], heard: ['Stark Logistics: "Two depots are right now." #integrations'], value: ['Stark Logistics: two depots reconciled (evidence: their controller\'s sign-off)'], actions: ['[ ] Ship the cost-centre mapping for Stark Logistics @farah due:2026-11-20'] }),
  ];
  return computeRollup({ reviews, config: config({ teams }), customers, period: parsePeriod('2026-Q4', calendar), today: '2026-11-16' });
}

describe('customerView', () => {
  it('gathers one customer from every team: contacts, words, flags, value and what is being done', () => {
    const view = customerView(rollup(), 'stark')!;
    expect(view).toMatchObject({ id: 'stark', name: 'Stark Logistics', known: true, segment: 'enterprise', owner: 'dana', teams: ['na', 'product'] });
    expect(view.contactWeeks).toEqual(['2026-W44', '2026-W45']);
    expect(view.quotes.map((quote) => quote.period)).toEqual(['2026-W45', '2026-W44']);
    expect(view.claims.map((claim) => claim.text)).toEqual(['two depots reconciled']);
    expect(view.openFlags.map((flag) => [flag.since, flag.reason])).toEqual([['2026-W44', 'still wrong']]);
    expect(view.actions.map((action) => [action.title, action.state])).toEqual([
      ['Ship the cost-centre mapping for Stark Logistics', 'open'],
      ['Send a written status every Friday', 'open'],
      ['Escalate Stark to our COO', 'done'],
    ]);
    expect(view.response.owners.sort()).toEqual(['eli', 'farah']);
    expect(view.response.nextDue).toBe('2026-11-13');
    expect(view.confidence.map((entry) => [entry.team, entry.score.average])).toEqual([['na', 2.5]]);
    expect([view.first, view.last]).toEqual(['2026-W44', '2026-W45']);
  });

  it('a registry customer with no record has a view with nothing in it; an unknown id has none', () => {
    const view = customerView(rollup(), 'hooli')!;
    expect(view).toMatchObject({ name: 'Hooli', teams: [], quotes: [], flags: [], actions: [] });
    expect(view.first).toBeUndefined();
    expect(customerView(rollup(), 'nobody')).toBeUndefined();
  });

  it('lists every customer a page can be made for, by name', () => {
    expect(customerIds(rollup())).toEqual(['acme', 'hooli', 'stark']);
  });
});
