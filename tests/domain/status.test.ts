import { describe, expect, it } from 'vitest';
import type { RitualConfig } from '../../src/domain/config.js';
import { ritualStatus } from '../../src/domain/status.js';

const weekly: RitualConfig = { name: 'weekly', template: 'weekly', cadence: 'week' };
const quarterly: RitualConfig = { name: 'quarterly', template: 'quarterly', cadence: 'quarter' };
const calendar = { fiscalYearStartMonth: 1 };
const fiscal = { fiscalYearStartMonth: 2 };

describe('ritualStatus', () => {
  it.each([
    // today (Tue 24 Nov 2026 is in W48), held weeks → overdue, streak, next
    ['2026-11-24', ['2026-W46', '2026-W47'], undefined, 2, '2026-W48', '2026-11-29'],
    ['2026-11-24', ['2026-W46', '2026-W47', '2026-W48'], undefined, 3, '2026-W49', '2026-12-06'],
    ['2026-11-24', ['2026-W45', '2026-W46'], '2026-W47', 0, '2026-W48', '2026-11-29'],
    ['2026-11-24', [], undefined, 0, '2026-W48', '2026-11-29'],
    // week 53 and the ISO year boundary
    ['2027-01-05', ['2026-W52', '2026-W53'], undefined, 2, '2027-W01', '2027-01-10'],
    ['2027-01-05', ['2026-W52'], '2026-W53', 0, '2027-W01', '2027-01-10'],
  ])('weekly on %s with %j held: overdue %s, streak %i, next %s by %s', (today, held, overdue, streak, next, dueBy) => {
    const status = ritualStatus(weekly, new Set(held), today, calendar, 'emea-cs');
    expect(status.overdue).toBe(overdue);
    expect(status.streak).toBe(streak);
    expect(status.next).toEqual({ period: next, dueBy });
    expect(status.lastHeld).toBe(held.at(-1));
  });

  it('as of a day, the last held is of a period begun by then: a file named for a later one is not held yet (status --date of a past day)', () => {
    expect(ritualStatus(weekly, new Set(['2026-W46', '2026-W47', '2026-W50']), '2026-11-20', calendar, 'emea-cs')).toMatchObject({ lastHeld: '2026-W47', currentHeld: true, streak: 2 });
    expect(ritualStatus(weekly, new Set(['2026-W50']), '2026-11-20', calendar, 'emea-cs').lastHeld).toBeUndefined();
    expect(ritualStatus(quarterly, new Set(['FY2027-Q2', 'FY2027-Q4']), '2026-09-01', fiscal).lastHeld).toBe('FY2027-Q2');
  });

  it('gives a quarter two weeks after it ends before its review is overdue', () => {
    const held = new Set(['2026-Q2']);
    expect(ritualStatus(quarterly, held, '2026-10-10', calendar)).toMatchObject({ current: '2026-Q4', next: { period: '2026-Q3', dueBy: '2026-10-14' } });
    expect(ritualStatus(quarterly, held, '2026-10-10', calendar).overdue).toBeUndefined();
    expect(ritualStatus(quarterly, held, '2026-10-15', calendar)).toMatchObject({ overdue: '2026-Q3', next: { period: '2026-Q4', dueBy: '2027-01-14' } });
  });

  it('follows fiscal quarters, and counts a review held during the quarter', () => {
    const status = ritualStatus(quarterly, new Set(['FY2027-Q3', 'FY2027-Q4']), '2027-01-20', fiscal);
    expect(status).toMatchObject({ current: 'FY2027-Q4', currentHeld: true, streak: 2, next: { period: 'FY2028-Q1', dueBy: '2027-05-14' } });
  });
});
