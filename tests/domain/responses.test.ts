/**
 * What is being done about a customer not receiving value: the open actions that name it, by
 * `#id` tag, by id or by registry name as whole words (src/domain/rollup/responses.ts).
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { isAbout, mentions, responsesFor } from '../../src/domain/rollup/responses.js';
import { config, review } from './rollup-fixtures.js';

const Q4 = parsePeriod('2026-Q4', { fiscalYearStartMonth: 1 });
const customers = [
  { id: 'stark', name: 'Stark Logistics' },
  { id: 'acme', name: 'Acme Corp' },
  { id: 'acme-eu', name: 'Acme Europe' },
  { id: 'globex', name: 'Globex' },
];

function actionsOf(lines: string[], today = '2026-11-30') {
  const reviews = [review({ team: 'na', period: '2026-W48', date: '2026-11-24', flags: [{ customer: 'stark', reason: 'wrong route costs' }], actions: lines })];
  const rollup = computeRollup({ reviews, config: config({ teams: [{ id: 'na', name: 'NA', members: [] }] }), customers, period: Q4, today });
  return rollup.teams.flatMap((team) => team.actions);
}

describe('the open actions about a customer', () => {
  it('finds an action by its #id tag, its id or its registry name as words, in any case', () => {
    const about = responsesFor(
      actionsOf([
        '[ ] Escalate to our COO @dana due:2026-12-10 #stark',
        "[ ] Reconcile route costs with Stark's controller @eli due:2026-12-04",
        '[ ] Send STARK LOGISTICS a written status @eli',
        '[ ] Plan the Acme rollout @ana due:2026-12-01',
      ]),
    )(customers[0]!);
    expect(about.actions.map((action) => action.title)).toEqual([
      "Reconcile route costs with Stark's controller",
      'Escalate to our COO',
      'Send STARK LOGISTICS a written status',
    ]);
    expect(about.owners).toEqual(['eli', 'dana']);
    expect(about.nextDue).toBe('2026-12-04');
    expect(about.overdue).toBe(0);
  });

  it('does not find a customer inside another word, nor a name cut short', () => {
    const about = responsesFor(['[ ] Answer starkly worded emails @bo', '[ ] Call Logistics about pallets @bo', '[ ] Tag #starks on the board @bo'].flatMap((line) => actionsOf([line])));
    expect(about(customers[0]!).actions).toEqual([]);
  });

  it('leaves out actions done or dropped: only what is still being done counts', () => {
    const about = responsesFor(actionsOf(['[x] Call Stark @dana', '[-] Visit Stark @eli', '[ ] Send Stark the plan @eli']))(customers[0]!);
    expect(about.actions.map((action) => action.title)).toEqual(['Send Stark the plan']);
  });

  it('counts overdue actions, and the next due is the earliest even when past', () => {
    const about = responsesFor(actionsOf(['[ ] Call Stark @dana due:2026-11-20', '[ ] Visit Stark @eli due:2026-12-20', '[ ] Write to Stark @eli'], '2026-11-30'))(customers[0]!);
    expect(about.nextDue).toBe('2026-11-20');
    expect(about.overdue).toBe(1);
    expect(about.actions.map((action) => action.title)).toEqual(['Call Stark', 'Visit Stark', 'Write to Stark']);
  });

  it('a hyphenated id is named by its words; a shorter id is also found in it', () => {
    const actions = actionsOf(['[ ] Call Acme EU about renewal @ana', '[ ] Fix the acme-eu export @bo #exports']);
    expect(responsesFor(actions)(customers[2]!).actions).toHaveLength(2);
    expect(responsesFor(actions)(customers[1]!).actions).toHaveLength(2);
    expect(responsesFor(actions)({ id: 'acme', name: 'Acme Corp' }).owners).toEqual(['ana', 'bo']);
  });

  it('a customer with no action about it gets an empty response, not a guess', () => {
    const about = responsesFor(actionsOf(['[ ] Call Acme @ana']))(customers[3]!);
    expect(about).toEqual({ actions: [], owners: [], overdue: 0 });
  });

  it('a customer outside the registry is found by its id alone', () => {
    const about = responsesFor(actionsOf(['[ ] Meet Wonka about the pilot @ana due:2026-12-02']))({ id: 'wonka' });
    expect(about.owners).toEqual(['ana']);
  });
});

describe('isAbout and mentions: the same rule for any action and any text', () => {
  it('finds a done action by tag or name, and a customer named in prose', () => {
    const about = isAbout(customers[0]!);
    expect(about({ title: 'Called the controller', tags: ['stark'] })).toBe(true);
    expect(about({ title: 'Visit Stark Logistics', tags: [] })).toBe(true);
    expect(about({ title: 'Visit the depot', tags: ['starks'] })).toBe(false);
    expect(mentions(customers[0]!)('Stark said we keep sending people who need the ERP explained.')).toBe(true);
    expect(mentions(customers[0]!)('The starkest feedback came from Globex.')).toBe(false);
  });
});
