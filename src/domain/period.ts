import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { compareText } from './collections.js';

/**
 * Periods are pure values computed from calendar days, never from instants:
 * a day is a `YYYY-MM-DD` string, so no time zone can shift a week or a quarter.
 * Internally a day becomes a local Date at noon, which exists in every zone on every day
 * (DST changes happen around midnight or in the small hours, never at noon).
 */
export type Day = string;

export type Cadence = 'week' | 'month' | 'quarter' | 'year';

export interface Week {
  kind: 'week';
  /** ISO week-numbering year, which differs from the calendar year around New Year. */
  year: number;
  week: number;
}
export interface Month {
  kind: 'month';
  year: number;
  month: number;
}
export interface Quarter {
  kind: 'quarter';
  /** The (fiscal) year the quarter belongs to, labelled by the year in which that fiscal year ends. */
  year: number;
  quarter: number;
}
export interface Year {
  kind: 'year';
  year: number;
}
export type Period = Week | Month | Quarter | Year;

export interface Calendar {
  /** 1–12; 1 means calendar quarters and years. */
  fiscalYearStartMonth: number;
}

export const calendarYear: Calendar = { fiscalYearStartMonth: 1 };

export class PeriodError extends Error {
  override name = 'PeriodError';
}

/**
 * `YYYY-MM-DD` naming a day of the (proleptic Gregorian) calendar, as Date counts them. Checked
 * by arithmetic, without a Date: reviews hold thousands of due dates.
 */
export function isDay(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** The number written by text[start, end) in ASCII digits, or -1. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The days a command may act as of: see parseDay. */
const FIRST_DAY = '0002-01-01';
const LAST_DAY = '9998-12-31';

export function parseDay(text: string): Day {
  if (!isDay(text)) throw new PeriodError(`"${text}" is not a date: use YYYY-MM-DD, e.g. 2026-11-24`);
  // A day's week, month, quarter and (fiscal) year, and the ones next to them, must have labels and days of years 1 to 9999.
  if (text < FIRST_DAY || text > LAST_DAY) throw new PeriodError(`"${text}": the year must be between 2 and 9998, so that every period around the day fits in years 1 to 9999`);
  return text;
}

/**
 * Local noon of a calendar day. `new Date(y, …)` maps years 0–99 to 1900–1999, so the year is
 * set with setFullYear: `0026-W48` must not silently become a week of 1926.
 */
function localNoon(year: number, month: number, date: number): Date {
  const result = new Date(2000, 0, 1, 12);
  result.setFullYear(year, month - 1, date);
  return result;
}

function toDate(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localNoon(y, m, d);
}

/** The local calendar day of an instant (used once, where the clock enters). */
export function dayOf(date: Date): Day {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDaysTo(day: Day, amount: number): Day {
  return dayOf(addDays(toDate(day), amount));
}

function dayFromParts(year: number, month: number, date: number): Day {
  return dayOf(localNoon(year, month, date));
}

export function weekOf(day: Day): Week {
  const date = toDate(day);
  return { kind: 'week', year: getISOWeekYear(date), week: getISOWeek(date) };
}

/** Fiscal year label of a day: the calendar year in which the fiscal year ends. */
function fiscalYearOf(day: Day, calendar: Calendar): number {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const start = calendar.fiscalYearStartMonth;
  return start !== 1 && m >= start ? y + 1 : y;
}

export function monthOf(day: Day): Month {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return { kind: 'month', year: y, month: m };
}

export function quarterOf(day: Day, calendar: Calendar): Quarter {
  const m = Number(day.slice(5, 7));
  const offset = (m - calendar.fiscalYearStartMonth + 12) % 12;
  return { kind: 'quarter', year: fiscalYearOf(day, calendar), quarter: Math.floor(offset / 3) + 1 };
}

export function yearOf(day: Day, calendar: Calendar): Year {
  return { kind: 'year', year: fiscalYearOf(day, calendar) };
}

export function periodOf(cadence: Cadence, day: Day, calendar: Calendar): Period {
  switch (cadence) {
    case 'week':
      return weekOf(day);
    case 'month':
      return monthOf(day);
    case 'quarter':
      return quarterOf(day, calendar);
    case 'year':
      return yearOf(day, calendar);
  }
}

function isFiscal(calendar: Calendar): boolean {
  return calendar.fiscalYearStartMonth !== 1;
}

export function formatPeriod(period: Period, calendar: Calendar): string {
  const fy = isFiscal(calendar) ? 'FY' : '';
  // Labels always have four digits of year, as parsePeriod reads them: year 1 is 0001, not 1.
  const year = String(period.year).padStart(4, '0');
  switch (period.kind) {
    case 'week':
      return `${year}-W${String(period.week).padStart(2, '0')}`;
    case 'month':
      return `${year}-${String(period.month).padStart(2, '0')}`;
    case 'quarter':
      return `${fy}${year}-Q${period.quarter}`;
    case 'year':
      return `${fy}${year}`;
  }
}

/** A year has 53 ISO weeks when 28 December (always in the last week) is in week 53. */
export function isoWeeksInYear(year: number): number {
  let weeks = weeksInYear.get(year);
  if (weeks === undefined) {
    weeks = getISOWeek(localNoon(year, 12, 28));
    weeksInYear.set(year, weeks);
  }
  return weeks;
}

/** Every week label is checked against its year's weeks: years are few, labels many. */
const weeksInYear = new Map<number, number>();

export function parsePeriod(label: string, calendar: Calendar): Period {
  const period = parseLabel(label, calendar);
  // A fiscal year 0001 begins in year 0, which the calendar has not.
  if (period.year === 1 && rangeOf(period, calendar).start < '0001-01-01') throw new PeriodError(`"${label}" begins in year 0: the first period rhythm counts begins on 0001-01-01`);
  return period;
}

function parseLabel(label: string, calendar: Calendar): Period {
  const text = label.trim();
  let match = /^(\d{4})-W(\d{1,2})$/i.exec(text);
  if (match) {
    const year = labelYear(label, match[1]!);
    const week = Number(match[2]);
    const weeks = isoWeeksInYear(year);
    if (week < 1 || week > weeks) {
      throw new PeriodError(`"${label}": ${year} has ${weeks} ISO weeks (W01–W${weeks})`);
    }
    return { kind: 'week', year, week };
  }
  match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) throw new PeriodError(`"${label}": months are 01–12`);
    return { kind: 'month', year: labelYear(label, match[1]!), month };
  }
  match = /^(FY)?(\d{4})-Q(\d)$/i.exec(text);
  if (match) {
    checkFiscalPrefix(label, Boolean(match[1]), calendar, `${match[2]}-Q${match[3]}`);
    const quarter = Number(match[3]);
    if (quarter < 1 || quarter > 4) throw new PeriodError(`"${label}": quarters are Q1–Q4`);
    return { kind: 'quarter', year: labelYear(label, match[2]!), quarter };
  }
  match = /^(FY)?(\d{4})$/i.exec(text);
  if (match) {
    checkFiscalPrefix(label, Boolean(match[1]), calendar, match[2]!);
    return { kind: 'year', year: labelYear(label, match[2]!) };
  }
  throw new PeriodError(
    `"${label}" is not a period: use a week like 2026-W48, a month like 2026-11, a quarter like ${isFiscal(calendar) ? 'FY2027-Q1' : '2026-Q4'} or a year like ${isFiscal(calendar) ? 'FY2027' : '2026'}`,
  );
}

/** Four digits of year allow 0000, which the calendar has not (the year before 1 is 1 BC): years are 1 to 9999. */
function labelYear(label: string, digits: string): number {
  const year = Number(digits);
  if (year < 1) throw new PeriodError(`"${label}": the year must be between 1 and 9999`);
  return year;
}

function checkFiscalPrefix(label: string, hasPrefix: boolean, calendar: Calendar, bare: string): void {
  if (isFiscal(calendar) && !hasPrefix) {
    throw new PeriodError(
      `"${label}" is ambiguous: this workbook uses fiscal years starting in month ${calendar.fiscalYearStartMonth}; write FY${bare}`,
    );
  }
  if (!isFiscal(calendar) && hasPrefix) {
    throw new PeriodError(`"${label}": this workbook uses calendar years (fiscalYearStartMonth: 1); write ${bare}`);
  }
}

export interface DayRange {
  start: Day;
  end: Day;
}

export function rangeOf(period: Period, calendar: Calendar): DayRange {
  switch (period.kind) {
    case 'week': {
      // 4 January is always in ISO week 1.
      const week1 = startOfISOWeek(localNoon(period.year, 1, 4));
      week1.setHours(12);
      const start = dayOf(addDays(week1, (period.week - 1) * 7));
      return { start, end: addDaysTo(start, 6) };
    }
    case 'month':
      return {
        start: dayFromParts(period.year, period.month, 1),
        end: dayFromParts(period.year, period.month + 1, 0),
      };
    case 'quarter': {
      const startYear = isFiscal(calendar) ? period.year - 1 : period.year;
      const startMonth = calendar.fiscalYearStartMonth + (period.quarter - 1) * 3;
      return {
        start: dayFromParts(startYear, startMonth, 1),
        end: dayFromParts(startYear, startMonth + 3, 0),
      };
    }
    case 'year': {
      const startYear = isFiscal(calendar) ? period.year - 1 : period.year;
      return {
        start: dayFromParts(startYear, calendar.fiscalYearStartMonth, 1),
        end: dayFromParts(startYear, calendar.fiscalYearStartMonth + 12, 0),
      };
    }
  }
}

/** The ISO convention: a week belongs to the month, quarter and year that contain its Thursday. */
export function thursdayOf(week: Week, calendar: Calendar = calendarYear): Day {
  return addDaysTo(rangeOf(week, calendar).start, 3);
}

export function shiftPeriod(period: Period, steps: number, calendar: Calendar): Period {
  switch (period.kind) {
    case 'week':
      return weekOf(addDaysTo(rangeOf(period, calendar).start, steps * 7));
    case 'month': {
      const index = period.year * 12 + (period.month - 1) + steps;
      return { kind: 'month', year: Math.floor(index / 12), month: (index % 12) + 1 };
    }
    case 'quarter': {
      const index = period.year * 4 + (period.quarter - 1) + steps;
      return { kind: 'quarter', year: Math.floor(index / 4), quarter: (index % 4) + 1 };
    }
    case 'year':
      return { kind: 'year', year: period.year + steps };
  }
}

/** All periods of a cadence that belong to `outer` (weeks by their Thursday), in order. */
export function periodsWithin(outer: Period, cadence: Cadence, calendar: Calendar): Period[] {
  const range = rangeOf(outer, calendar);
  if (cadence === 'week') {
    // Step through the Thursdays directly: a rollup over years asks for thousands of weeks.
    const weeks: Period[] = [];
    let thursday = addDaysTo(rangeOf(weekOf(range.start), calendar).start, 3);
    if (thursday < range.start) thursday = addDaysTo(thursday, 7);
    for (; thursday <= range.end; thursday = addDaysTo(thursday, 7)) weeks.push(weekOf(thursday));
    return weeks;
  }
  const anchor = periodOf(cadence, range.start, calendar);
  const result: Period[] = [];
  for (let current = anchor; ; current = shiftPeriod(current, 1, calendar)) {
    const day = current.kind === 'week' ? thursdayOf(current, calendar) : rangeOf(current, calendar).start;
    if (day > range.end) break;
    if (day >= range.start) result.push(current);
  }
  return result;
}

export function comparePeriods(a: Period, b: Period, calendar: Calendar): number {
  return compareRanges(rangeOf(a, calendar), rangeOf(b, calendar));
}

/** Earlier start first; of two starting the same day, the shorter. */
export function compareRanges(a: DayRange, b: DayRange): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;
}

/** `Mon 23 Nov – Sun 29 Nov 2026`: day names make a week impossible to misread. */
export function describeRange(range: DayRange): string {
  const start = toDate(range.start);
  const end = toDate(range.end);
  const sameYear = start.getFullYear() === end.getFullYear();
  return `${format(start, sameYear ? 'EEE d MMM' : 'EEE d MMM yyyy')} – ${format(end, 'EEE d MMM yyyy')}`;
}

/** Whole days from a to b (b − a), by calendar days. */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((utcOf(b) - utcOf(a)) / 86_400_000);
}

/** Midnight UTC of a day, in ms; a rollup asks for every action, flag and score, so a `YYYY-MM-DD` is read without splitting it. */
function utcOf(day: Day): number {
  if (day.length === 10 && day.charCodeAt(4) === 45 /* - */ && day.charCodeAt(7) === 45) {
    const year = digits(day, 0, 4);
    const month = digits(day, 5, 7);
    const date = digits(day, 8, 10);
    if (year >= 0 && month >= 0 && date >= 0) return Date.UTC(year, month - 1, date);
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

// ---------------------------------------------------------------------------------------------
// Period labels, understood once

/** A period label understood once: rollups see the same few labels thousands of times. */
export interface PeriodInfo {
  period: Period;
  /** The canonical label (`2026-W05`, `FY2027-Q1`). */
  label: string;
  range: DayRange;
  /** Where the period sits in time: a week's Thursday (ISO), otherwise its last day. */
  anchor: Day;
  /** Weeks from Monday 5 January 1970 to the period's first day: a week's position on one axis. */
  weekIndex: number;
}

/** A label's period, or undefined when the label is no period; `problem` says why not. */
export interface PeriodLookup {
  (label: string): PeriodInfo | undefined;
  problem(label: string): string | undefined;
}

/** Bounded, so that odd input cannot grow a lookup for ever. */
const LOOKUP_LIMIT = 10_000;
const lookups = new Map<number, PeriodLookup>();

/**
 * The one lookup of period labels: what a label means depends on nothing but its text and the
 * calendar, and a workbook repeats the same few hundred labels in thousands of files, so each
 * is parsed once, for every reader (review files, listings, rollups, reports).
 */
export function periodLookup(calendar: Calendar): PeriodLookup {
  let lookup = lookups.get(calendar.fiscalYearStartMonth);
  if (!lookup) {
    lookup = createPeriodLookup({ fiscalYearStartMonth: calendar.fiscalYearStartMonth });
    lookups.set(calendar.fiscalYearStartMonth, lookup);
  }
  return lookup;
}

function createPeriodLookup(calendar: Calendar): PeriodLookup {
  const cache = new Map<string, PeriodInfo | PeriodError>();
  const understood = (label: string): PeriodInfo | PeriodError => {
    let known = cache.get(label);
    if (known === undefined) {
      known = understand(label, calendar);
      if (cache.size >= LOOKUP_LIMIT) cache.clear();
      cache.set(label, known);
    }
    return known;
  };
  const lookup = (label: string) => {
    const known = understood(label);
    return known instanceof PeriodError ? undefined : known;
  };
  lookup.problem = (label: string) => {
    const known = understood(label);
    return known instanceof PeriodError ? known.message : undefined;
  };
  return lookup;
}

function understand(label: string, calendar: Calendar): PeriodInfo | PeriodError {
  let period: Period;
  try {
    period = parsePeriod(label, calendar);
  } catch (error) {
    if (error instanceof PeriodError) return error;
    throw error;
  }
  const range = rangeOf(period, calendar);
  return {
    period,
    label: formatPeriod(period, calendar),
    range,
    anchor: period.kind === 'week' ? addDaysTo(range.start, 3) : range.end,
    weekIndex: Math.floor(daysBetween('1970-01-05', range.start) / 7),
  };
}

export type PeriodOrder = (a: string, b: string) => number;

/** Chronological order of period labels (weeks and quarters interleave by their days). */
export function periodOrder(periods: PeriodLookup): PeriodOrder {
  return (a, b) => {
    const ra = periods(a)?.range;
    const rb = periods(b)?.range;
    if (ra && rb) return compareText(ra.start, rb.start) || compareText(ra.end, rb.end) || compareText(a, b);
    if (ra || rb) return ra ? -1 : 1;
    return compareText(a, b);
  };
}
