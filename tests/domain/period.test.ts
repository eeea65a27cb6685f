import { afterEach, describe, expect, it } from 'vitest';
import {
  addDaysTo,
  comparePeriods,
  daysBetween,
  describeRange,
  formatPeriod,
  isDay,
  isoWeeksInYear,
  monthOf,
  parseDay,
  parsePeriod,
  periodOf,
  PeriodError,
  periodsWithin,
  quarterOf,
  rangeOf,
  shiftPeriod,
  thursdayOf,
  weekOf,
  yearOf,
  type Calendar,
  type DayRange,
  type Period,
  type Quarter,
  type Week,
} from '../../src/domain/period.js';

// ---------------------------------------------------------------------------------------------
// An independent model of the calendar, in plain integer arithmetic on Date.UTC day numbers.

const MS_PER_DAY = 86_400_000;
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
const FISCAL_STARTS = [1, 2, 4, 7, 10];

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function dayNumber(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function ymdOf(n: number): Ymd {
  const date = new Date(n * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function label({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

function modelWeek(n: number): { year: number; week: number } {
  const thursday = n - weekdayOf(n) + 3;
  const year = ymdOf(thursday).y;
  return { year, week: Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1 };
}

/** The Thursday of an ISO week: week 1 is the week holding 4 January. */
function modelThursday(week: { year: number; week: number }): string {
  const january4 = dayNumber(week.year, 1, 4);
  return label(ymdOf(january4 - weekdayOf(january4) + 3 + (week.week - 1) * 7));
}

function modelQuarter(y: number, m: number, start: number): { year: number; quarter: number } {
  const year = start === 1 ? y : y + (m >= start ? 1 : 0);
  return { year, quarter: Math.floor(((m - start + 12) % 12) / 3) + 1 };
}

const FIRST = dayNumber(2000, 1, 1);
const LAST = dayNumber(2040, 12, 31);
const ALL_DAYS: { n: number; ymd: Ymd; day: string }[] = [];
for (let n = FIRST; n <= LAST; n++) {
  const ymd = ymdOf(n);
  ALL_DAYS.push({ n, ymd, day: label(ymd) });
}

const savedTz = process.env.TZ;
function setZone(zone: string): void {
  process.env.TZ = zone;
}
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function cal(fiscalYearStartMonth: number): Calendar {
  return { fiscalYearStartMonth };
}

// ---------------------------------------------------------------------------------------------

describe('time zones really change inside the test process', () => {
  it('assigning process.env.TZ changes the local offset', () => {
    const offsets = ZONES.map((zone) => {
      setZone(zone);
      return new Date(2026, 0, 15, 12).getTimezoneOffset();
    });
    // UTC 0, Los Angeles +480, Kiritimati −840, Lord Howe −660 (summer), São Paulo +180.
    expect(offsets).toEqual([0, 480, -840, -660, 180]);
  });
});

describe('every day from 2000-01-01 to 2040-12-31, in several time zones', () => {
  it('has the day count the model expects', () => {
    expect(ALL_DAYS.length).toBe(14976);
    expect(ALL_DAYS[0]!.day).toBe('2000-01-01');
    expect(ALL_DAYS.at(-1)!.day).toBe('2040-12-31');
  });

  it.each(ZONES)('weekOf, rangeOf(week), monthOf and addDaysTo agree with the model in %s', (zone) => {
    setZone(zone);
    const wrong: string[] = [];
    const weekRanges = new Map<number, DayRange>();
    for (const { n, ymd, day } of ALL_DAYS) {
      const expected = modelWeek(n);
      const week = weekOf(day);
      if (week.year !== expected.year || week.week !== expected.week) {
        wrong.push(`${day}: weekOf ${week.year}-W${week.week}, expected ${expected.year}-W${expected.week}`);
        continue;
      }
      const weekKey = week.year * 100 + week.week;
      let range = weekRanges.get(weekKey);
      if (!range) weekRanges.set(weekKey, (range = rangeOf(week, cal(1))));
      const monday = label(ymdOf(n - weekdayOf(n)));
      const sunday = label(ymdOf(n - weekdayOf(n) + 6));
      if (range.start !== monday || range.end !== sunday) wrong.push(`${day}: rangeOf ${range.start}..${range.end}, expected ${monday}..${sunday}`);
      if (!(range.start <= day && day <= range.end)) wrong.push(`${day}: not inside its week's range`);
      const month = monthOf(day);
      if (month.year !== ymd.y || month.month !== ymd.m) wrong.push(`${day}: monthOf`);
      if (addDaysTo(day, 1) !== label(ymdOf(n + 1))) wrong.push(`${day}: addDaysTo +1 gave ${addDaysTo(day, 1)}`);
      if (wrong.length > 10) break;
    }
    expect(wrong).toEqual([]);
  });

  it.each(ZONES)('quarterOf and yearOf agree with the model for fiscal start months 1, 2, 4, 7, 10 in %s', (zone) => {
    setZone(zone);
    const wrong: string[] = [];
    for (const { ymd, day } of ALL_DAYS) {
      for (const start of FISCAL_STARTS) {
        const expected = modelQuarter(ymd.y, ymd.m, start);
        const quarter = quarterOf(day, cal(start));
        const year = yearOf(day, cal(start));
        if (quarter.year !== expected.year || quarter.quarter !== expected.quarter || year.year !== expected.year)
          wrong.push(`${day} start ${start}: ${quarter.year}-Q${quarter.quarter} / ${year.year}, expected ${expected.year}-Q${expected.quarter}`);
      }
      if (wrong.length > 10) break;
    }
    expect(wrong).toEqual([]);
  });

  // A quarter has 89–92 days, so it holds 12, 13 or 14 Thursdays: a 90-day Q1 starting on a Friday
  // (2010, 2021, 2027, 2038) has only 12 weeks. The count must equal the Thursdays in the quarter.
  it.each(ZONES)('each week is in exactly one quarter (by its Thursday), 12–14 weeks a quarter, in %s', (zone) => {
    setZone(zone);
    for (const start of [1, 2, 4, 7, 10]) {
      const calendar = cal(start);
      const count = new Map<string, number>();
      const lengths = new Set<number>();
      const problems: string[] = [];
      // Fiscal years labelled 2001..2040 cover every week whose Thursday lies in them.
      const firstQuarter: Quarter = { kind: 'quarter', year: 2001, quarter: 1 };
      for (let i = 0; i < 40 * 4; i++) {
        const quarter = shiftPeriod(firstQuarter, i, calendar) as Quarter;
        const weeks = periodsWithin(quarter, 'week', calendar) as Week[];
        const range = rangeOf(quarter, calendar);
        const [sy, sm, sd] = range.start.split('-').map(Number) as [number, number, number];
        const [ey, em, ed] = range.end.split('-').map(Number) as [number, number, number];
        let thursdays = 0;
        for (let n = dayNumber(sy, sm, sd); n <= dayNumber(ey, em, ed); n++) if (weekdayOf(n) === 3) thursdays++;
        if (weeks.length !== thursdays || weeks.length < 12 || weeks.length > 14)
          problems.push(`${formatPeriod(quarter, calendar)} has ${weeks.length} weeks, ${thursdays} Thursdays`);
        lengths.add(weeks.length);
        for (const week of weeks) {
          const key = formatPeriod(week, calendar);
          count.set(key, (count.get(key) ?? 0) + 1);
          const thursday = modelThursday(week);
          if (thursday < range.start || thursday > range.end) problems.push(`${key} listed in ${formatPeriod(quarter, calendar)}`);
          const enclosing = periodOf('quarter', thursdayOf(week, calendar), calendar) as Quarter;
          if (enclosing.year !== quarter.year || enclosing.quarter !== quarter.quarter) problems.push(`${key}: the quarter of its Thursday disagrees`);
        }
      }
      // Every week whose Thursday is inside the covered span appears exactly once.
      const span = { start: rangeOf(firstQuarter, calendar).start, end: rangeOf(shiftPeriod(firstQuarter, 159, calendar), calendar).end };
      let expectedWeeks = 0;
      expect(weekdayOf(dayNumber(2000, 1, 6))).toBe(3);
      for (let n = dayNumber(2000, 1, 6); n <= LAST + 366; n += 7) {
        // day n is a Thursday
        const thursday = label(ymdOf(n));
        if (thursday < span.start || thursday > span.end) continue;
        expectedWeeks++;
        const { year, week } = modelWeek(n);
        const key = `${year}-W${String(week).padStart(2, '0')}`;
        if (count.get(key) !== 1) problems.push(`${key} appears ${count.get(key) ?? 0} times`);
      }
      expect(problems, `fiscalYearStartMonth ${start}`).toEqual([]);
      expect(count.size).toBe(expectedWeeks);
      expect([...lengths].sort()).toEqual(start === 1 ? [12, 13, 14] : expect.arrayContaining([13, 14]));
    }
  });
});

describe('thursdayOf', () => {
  it('is the Thursday of every week 2000–2040', () => {
    for (let year = 2000; year <= 2040; year++)
      for (let week = 1; week <= isoWeeksInYear(year); week++) expect(thursdayOf({ kind: 'week', year, week })).toBe(modelThursday({ year, week }));
  });
});

describe('weekOf around New Year', () => {
  it.each([
    ['2027-01-01', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2027-01-04', 2027, 1],
    ['2024-12-30', 2025, 1],
    ['2024-12-29', 2024, 52],
    ['2021-01-03', 2020, 53],
    ['2026-11-24', 2026, 48],
    ['2000-01-01', 1999, 52],
    ['2040-12-31', 2041, 1],
  ])('%s is %i-W%i', (day, year, week) => {
    for (const zone of ZONES) {
      setZone(zone);
      expect(weekOf(day)).toEqual({ kind: 'week', year, week });
    }
  });

  it.each([
    [2026, 53],
    [2025, 52],
    [2020, 53],
    [2015, 53],
    [2021, 52],
    [2032, 53],
    [2037, 53],
  ])('%i has %i ISO weeks', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });
});

describe('formatPeriod and parsePeriod', () => {
  it.each<[string, Calendar, Period]>([
    ['2026-W48', cal(1), { kind: 'week', year: 2026, week: 48 }],
    ['2026-W01', cal(1), { kind: 'week', year: 2026, week: 1 }],
    ['2026-W53', cal(1), { kind: 'week', year: 2026, week: 53 }],
    ['2026-W53', cal(4), { kind: 'week', year: 2026, week: 53 }],
    ['2026-11', cal(1), { kind: 'month', year: 2026, month: 11 }],
    ['2026-01', cal(7), { kind: 'month', year: 2026, month: 1 }],
    ['2026-Q4', cal(1), { kind: 'quarter', year: 2026, quarter: 4 }],
    ['FY2027-Q1', cal(4), { kind: 'quarter', year: 2027, quarter: 1 }],
    ['FY2027-Q4', cal(10), { kind: 'quarter', year: 2027, quarter: 4 }],
    ['2026', cal(1), { kind: 'year', year: 2026 }],
    ['FY2027', cal(2), { kind: 'year', year: 2027 }],
  ])('%s (fiscalYearStartMonth %o) parses and formats back', (text, calendar, period) => {
    expect(parsePeriod(text, calendar)).toEqual(period);
    expect(formatPeriod(period, calendar)).toBe(text);
  });

  it('accepts surrounding spaces, lower case and one-digit weeks, formatting them canonically', () => {
    expect(formatPeriod(parsePeriod(' 2026-w5 ', cal(1)), cal(1))).toBe('2026-W05');
    expect(formatPeriod(parsePeriod('fy2027-q2', cal(4)), cal(4))).toBe('FY2027-Q2');
  });

  it.each(FISCAL_STARTS)('round-trips every week, month, quarter and year label 2000–2040 (fiscalYearStartMonth %i)', (start) => {
    const calendar = cal(start);
    const periods: Period[] = [];
    for (let year = 2000; year <= 2040; year++) {
      periods.push({ kind: 'year', year });
      for (let quarter = 1; quarter <= 4; quarter++) periods.push({ kind: 'quarter', year, quarter });
      for (let month = 1; month <= 12; month++) periods.push({ kind: 'month', year, month });
      for (let week = 1; week <= isoWeeksInYear(year); week++) periods.push({ kind: 'week', year, week });
    }
    for (const period of periods) {
      const text = formatPeriod(period, calendar);
      if (period.kind === 'quarter' || period.kind === 'year') expect(text.startsWith('FY')).toBe(start !== 1);
      expect(parsePeriod(text, calendar)).toEqual(period);
    }
  });

  it.each([
    ['2025-W53', cal(1), /2025 has 52 ISO weeks/],
    ['2026-W54', cal(1), /53 ISO weeks/],
    ['2026-W00', cal(1), /ISO weeks/],
    ['2026-13', cal(1), /months/],
    ['2026-00', cal(1), /months/],
    ['2026-Q5', cal(1), /Q1–Q4/],
    ['2026-Q0', cal(1), /Q1–Q4/],
    ['FY2027-Q1', cal(1), /calendar years/],
    ['FY2027', cal(1), /calendar years/],
    ['2027-Q1', cal(4), /ambiguous.*FY2027-Q1/],
    ['2027', cal(4), /ambiguous.*FY2027/],
    ['2026-W4-8', cal(1), /not a period/],
    ['26-Q4', cal(1), /not a period/],
    ['', cal(1), /not a period/],
    ['next week', cal(4), /not a period.*FY2027-Q1/],
  ])('%s (fiscalYearStartMonth %o) is refused with a PeriodError', (text, calendar, message) => {
    expect(() => parsePeriod(text, calendar)).toThrow(PeriodError);
    expect(() => parsePeriod(text, calendar)).toThrow(message);
  });
});

describe('rangeOf', () => {
  it.each<[Period, Calendar, string, string]>([
    [{ kind: 'week', year: 2026, week: 48 }, cal(1), '2026-11-23', '2026-11-29'],
    [{ kind: 'week', year: 2026, week: 53 }, cal(1), '2026-12-28', '2027-01-03'],
    [{ kind: 'week', year: 2025, week: 1 }, cal(1), '2024-12-30', '2025-01-05'],
    [{ kind: 'month', year: 2024, month: 2 }, cal(1), '2024-02-01', '2024-02-29'],
    [{ kind: 'month', year: 2026, month: 12 }, cal(1), '2026-12-01', '2026-12-31'],
    [{ kind: 'quarter', year: 2026, quarter: 4 }, cal(1), '2026-10-01', '2026-12-31'],
    [{ kind: 'quarter', year: 2027, quarter: 1 }, cal(4), '2026-04-01', '2026-06-30'],
    [{ kind: 'quarter', year: 2027, quarter: 4 }, cal(4), '2027-01-01', '2027-03-31'],
    [{ kind: 'quarter', year: 2027, quarter: 2 }, cal(10), '2027-01-01', '2027-03-31'],
    [{ kind: 'quarter', year: 2027, quarter: 4 }, cal(2), '2026-11-01', '2027-01-31'],
    [{ kind: 'year', year: 2026 }, cal(1), '2026-01-01', '2026-12-31'],
    [{ kind: 'year', year: 2027 }, cal(7), '2026-07-01', '2027-06-30'],
    [{ kind: 'year', year: 2027 }, cal(2), '2026-02-01', '2027-01-31'],
  ])('%o with fiscalYearStartMonth %o is %s..%s', (period, calendar, start, end) => {
    for (const zone of ZONES) {
      setZone(zone);
      expect(rangeOf(period, calendar)).toEqual({ start, end });
    }
  });
});

describe('shiftPeriod', () => {
  it.each<[string, number, Calendar, string]>([
    ['2026-W48', 1, cal(1), '2026-W49'],
    ['2026-W52', 1, cal(1), '2026-W53'],
    ['2026-W53', 1, cal(1), '2027-W01'],
    ['2025-W52', 1, cal(1), '2026-W01'],
    ['2026-W01', -1, cal(1), '2025-W52'],
    ['2027-W01', -1, cal(1), '2026-W53'],
    ['2026-W48', -52, cal(1), '2025-W48'],
    ['2026-W10', 0, cal(1), '2026-W10'],
    ['2026-12', 1, cal(1), '2027-01'],
    ['2026-01', -1, cal(1), '2025-12'],
    ['2026-05', -17, cal(1), '2024-12'],
    ['2026-Q4', 1, cal(1), '2027-Q1'],
    ['2026-Q1', -1, cal(1), '2025-Q4'],
    ['FY2027-Q4', 1, cal(4), 'FY2028-Q1'],
    ['FY2027-Q1', -5, cal(4), 'FY2025-Q4'],
    ['2026', -3, cal(1), '2023'],
    ['FY2027', 2, cal(7), 'FY2029'],
  ])('%s shifted by %i is %s', (from, steps, calendar, to) => {
    expect(formatPeriod(shiftPeriod(parsePeriod(from, calendar), steps, calendar), calendar)).toBe(to);
  });

  it('shifting weeks one at a time visits every Monday 2000–2040 in order', () => {
    let week: Period = weekOf('2000-01-03');
    let monday = dayNumber(2000, 1, 3);
    while (monday <= LAST) {
      expect(rangeOf(week, cal(1)).start).toBe(label(ymdOf(monday)));
      week = shiftPeriod(week, 1, cal(1));
      monday += 7;
    }
  });

  it('comparePeriods orders by start day', () => {
    const a = parsePeriod('2026-W53', cal(1));
    const b = parsePeriod('2027-W01', cal(1));
    expect(comparePeriods(a, b, cal(1))).toBe(-1);
    expect(comparePeriods(b, a, cal(1))).toBe(1);
    expect(comparePeriods(a, a, cal(1))).toBe(0);
    // a year and its first quarter start together; the shorter one comes first
    expect(comparePeriods(parsePeriod('2026-Q1', cal(1)), parsePeriod('2026', cal(1)), cal(1))).toBe(-1);
  });
});

describe('periodsWithin', () => {
  it('lists the months of a fiscal quarter and of a fiscal year in order', () => {
    const calendar = cal(4);
    expect(periodsWithin(parsePeriod('FY2027-Q4', calendar), 'month', calendar).map((p) => formatPeriod(p, calendar))).toEqual([
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(periodsWithin(parsePeriod('FY2027', calendar), 'quarter', calendar).map((p) => formatPeriod(p, calendar))).toEqual([
      'FY2027-Q1',
      'FY2027-Q2',
      'FY2027-Q3',
      'FY2027-Q4',
    ]);
  });

  it('puts 2026-W53 (Thursday 31 Dec) in 2026-Q4 and 2025-W01 (Thursday 2 Jan) in 2025-Q1', () => {
    const q4 = periodsWithin(parsePeriod('2026-Q4', cal(1)), 'week', cal(1)).map((p) => formatPeriod(p, cal(1)));
    expect(q4[0]).toBe('2026-W40');
    expect(q4.at(-1)).toBe('2026-W53');
    expect(q4).toHaveLength(14);
    const q1 = periodsWithin(parsePeriod('2025-Q1', cal(1)), 'week', cal(1)).map((p) => formatPeriod(p, cal(1)));
    expect(q1[0]).toBe('2025-W01');
    expect(q1).toHaveLength(13);
  });

  it('a year has 52 or 53 weeks', () => {
    for (let year = 2000; year <= 2040; year++) {
      const weeks = periodsWithin({ kind: 'year', year }, 'week', cal(1));
      expect(weeks).toHaveLength(isoWeeksInYear(year));
      expect(formatPeriod(weeks[0]!, cal(1))).toBe(`${year}-W01`);
    }
  });
});

describe('parseDay and isDay', () => {
  it.each(['2026-11-24', '2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (text) => {
    expect(isDay(text)).toBe(true);
    expect(parseDay(text)).toBe(text);
  });

  it.each(['2026-02-30', '2026-1-1', '2025-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-24T00:00', ' 2026-11-24', '26-11-24', '', 'today'])(
    'refuses %o',
    (text) => {
      expect(isDay(text)).toBe(false);
      expect(() => parseDay(text)).toThrow(PeriodError);
    },
  );

  it('is independent of the time zone', () => {
    for (const zone of ZONES) {
      setZone(zone);
      expect(isDay('2026-02-30')).toBe(false);
      expect(isDay('2026-03-08')).toBe(true);
      expect(isDay('2018-11-04')).toBe(true); // São Paulo skipped midnight that day
    }
  });
});

describe('describeRange', () => {
  it('describes 2026-W48 as Mon 23 Nov – Sun 29 Nov 2026 in every zone', () => {
    for (const zone of ZONES) {
      setZone(zone);
      expect(describeRange(rangeOf(parsePeriod('2026-W48', cal(1)), cal(1)))).toBe('Mon 23 Nov – Sun 29 Nov 2026');
    }
  });

  it('names both years when a week crosses New Year', () => {
    expect(describeRange(rangeOf(parsePeriod('2026-W53', cal(1)), cal(1)))).toBe('Mon 28 Dec 2026 – Sun 3 Jan 2027');
  });

  it('describes a fiscal quarter by its days', () => {
    expect(describeRange(rangeOf(parsePeriod('FY2027-Q1', cal(4)), cal(4)))).toBe('Wed 1 Apr – Tue 30 Jun 2026');
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-11-23', '2026-11-29', 6],
    ['2026-11-29', '2026-11-23', -6],
    ['2024-02-28', '2024-03-01', 2],
    ['2026-03-28', '2026-03-30', 2],
    ['2000-01-01', '2040-12-31', 14975],
  ])('%s → %s is %i days', (a, b, days) => {
    for (const zone of ZONES) {
      setZone(zone);
      expect(daysBetween(a, b)).toBe(days);
    }
  });
});

describe('years before 100 are not mistaken for 19xx', () => {
  it('keeps four-digit years below 0100 as written', () => {
    expect(isDay('0099-01-01')).toBe(true);
    expect(isDay('0026-02-29')).toBe(false);
    expect(rangeOf(parsePeriod('0026-W48', cal(1)), cal(1))).toEqual({ start: '0026-11-23', end: '0026-11-29' });
    expect(rangeOf(parsePeriod('0050', cal(1)), cal(1))).toEqual({ start: '0050-01-01', end: '0050-12-31' });
    expect(weekOf('0026-11-24')).toEqual({ kind: 'week', year: 26, week: 48 });
    expect(addDaysTo('0099-12-31', 1)).toBe('0100-01-01');
  });
});
