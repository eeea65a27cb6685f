import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPeriod, isoWeeksInYear, parseDay, parsePeriod, periodOf, PeriodError, rangeOf, type Cadence, type Calendar, type Period } from '../../src/domain/period.js';

const calendar: Calendar = { fiscalYearStartMonth: 1 };
const fiscal: Calendar = { fiscalYearStartMonth: 2 };

describe('the years a period label may name', () => {
  it.each([
    ['0000-W01', calendar],
    ['0000-01', calendar],
    ['0000-Q1', calendar],
    ['0000', calendar],
    ['FY0000-Q1', fiscal],
    ['FY0000', fiscal],
  ])('%s is refused with one line: the year must be between 1 and 9999', (label, at) => {
    expect(() => parsePeriod(label, at)).toThrow(new PeriodError(`"${label}": the year must be between 1 and 9999`));
  });

  it.each([
    ['FY0001', 'FY0001 begins on 0000-02-01'],
    ['FY0001-Q4', 'its last quarter begins on 0000-11-01'],
  ])('%s (fiscal years from February) is refused: %s, in year 0', (label) => {
    expect(() => parsePeriod(label, fiscal)).toThrow(new PeriodError(`"${label}" begins in year 0: the first period rhythm counts begins on 0001-01-01`));
  });

  it.each(['0000-06-01', '0001-12-31', '9999-01-01'])('--date %s is refused: a period around it would leave years 1 to 9999', (day) => {
    expect(() => parseDay(day)).toThrow(new PeriodError(`"${day}": the year must be between 2 and 9998, so that every period around the day fits in years 1 to 9999`));
  });

  it('every period of any kind around a day of years 2 to 9998 is read back from its label, in any calendar (property)', () => {
    const day = fc.date({ min: new Date(Date.UTC(2, 0, 1)), max: new Date(Date.UTC(9998, 11, 31)), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 12 }), fc.constantFrom<Cadence>('week', 'month', 'quarter', 'year'), (text, start, cadence) => {
        const at: Calendar = { fiscalYearStartMonth: start };
        const period = periodOf(cadence, parseDay(text), at);
        expect(parsePeriod(formatPeriod(period, at), at)).toEqual(period);
      }),
      { numRuns: Number(process.env.RHYTHM_TRIALS ?? 2000) },
    );
  });

  it.each<[Period, Calendar, string]>([
    [{ kind: 'week', year: 1, week: 1 }, calendar, '0001-W01'],
    [{ kind: 'month', year: 1, month: 1 }, calendar, '0001-01'],
    [{ kind: 'quarter', year: 1, quarter: 1 }, calendar, '0001-Q1'],
    [{ kind: 'year', year: 1 }, calendar, '0001'],
    [{ kind: 'year', year: 2 }, fiscal, 'FY0002'],
    [{ kind: 'quarter', year: 1, quarter: 4 }, calendar, '0001-Q4'],
    [{ kind: 'year', year: 12 }, fiscal, 'FY0012'],
    [{ kind: 'quarter', year: 123, quarter: 4 }, fiscal, 'FY0123-Q4'],
    [{ kind: 'week', year: 9999, week: isoWeeksInYear(9999) }, calendar, `9999-W${isoWeeksInYear(9999)}`],
    [{ kind: 'week', year: 2026, week: 53 }, calendar, '2026-W53'],
    [{ kind: 'month', year: 9999, month: 12 }, calendar, '9999-12'],
    [{ kind: 'year', year: 9999 }, fiscal, 'FY9999'],
  ])('%j is written %s (the year always four digits) and read back as itself', (period, at, label) => {
    expect(formatPeriod(period, at)).toBe(label);
    expect(parsePeriod(formatPeriod(period, at), at)).toEqual(period);
  });

  it('parse(format(p)) is p for every period of years 1 to 9999 (property)', () => {
    const year = fc.integer({ min: 1, max: 9999 });
    const period = fc.oneof(
      year.chain((y) => fc.integer({ min: 1, max: isoWeeksInYear(y) }).map((week): Period => ({ kind: 'week', year: y, week }))),
      fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, month]): Period => ({ kind: 'month', year: y, month })),
      fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, quarter]): Period => ({ kind: 'quarter', year: y, quarter })),
      year.map((y): Period => ({ kind: 'year', year: y })),
    );
    fc.assert(
      fc.property(period, fc.constantFrom(calendar, fiscal), (p, at) => {
        expect(formatPeriod(p, at)).toMatch(/^(?:FY)?\d{4}(?:-|$)/);
        if (rangeOf(p, at).start < '0001-01-01') expect(() => parsePeriod(formatPeriod(p, at), at)).toThrow(/begins in year 0/);
        else expect(parsePeriod(formatPeriod(p, at), at)).toEqual(p);
      }),
      { numRuns: Number(process.env.RHYTHM_TRIALS ?? 2000) },
    );
  });
});
