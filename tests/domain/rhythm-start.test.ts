/**
 * Issue 11, a rhythm has a start: the config keys, when a team's ritual runs, what status says
 * about it, and that merged rollups still equal the rollup of all reviews at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, type RitualConfig, type Team } from '../../src/domain/config.js';
import { addDaysTo, formatPeriod, periodLookup, rangeOf, thursdayOf, weekOf, type Calendar, type Period } from '../../src/domain/period.js';
import type { Review } from '../../src/domain/review.js';
import type { HeldPeriods } from '../../src/domain/rollup/cadence.js';
import { ritualSpan } from '../../src/domain/span.js';
import { computeRollup, type RollupInput } from '../../src/domain/rollup/compute.js';
import { mergeRollups, parseRollup } from '../../src/domain/rollup/merge.js';
import { ritualStatus } from '../../src/domain/status.js';
import { config, registry, review } from './rollup-fixtures.js';

const calendar: Calendar = { fiscalYearStartMonth: 1 };
const periods = periodLookup(calendar);

describe('rhythm.yaml: start and until', () => {
  it('reads them for teams and for rituals', () => {
    const text = [
      'teams:',
      '  - { id: emea, start: 2026-02-02 }',
      '  - id: apac',
      '    start: 2026-08-03',
      '    until: 2027-01-31',
      '  - latam',
      'rituals:',
      '  monthly: { cadence: month, start: 2026-08-01, until: "2026-12-31" }',
      '  weekly: { until: 2026-12-20 }',
      '',
    ].join('\n');
    const { config: parsed, problems } = parseConfig(text);
    expect(problems).toEqual([]);
    expect(parsed.teams).toEqual([
      { id: 'emea', name: 'emea', members: [], start: '2026-02-02' },
      { id: 'apac', name: 'apac', members: [], start: '2026-08-03', until: '2027-01-31' },
      { id: 'latam', name: 'latam', members: [] },
    ]);
    expect(parsed.rituals.monthly).toEqual({ name: 'monthly', template: 'monthly', cadence: 'month', start: '2026-08-01', until: '2026-12-31' });
    expect(parsed.rituals.weekly).toEqual({ name: 'weekly', template: 'weekly', cadence: 'week', until: '2026-12-20' });
  });

  it.each([
    ['teams:\n  - id: emea\n    start: 2026-13-01\n', 3, 'teams.0.start', /must be a day written YYYY-MM-DD, e\.g\. 2026-08-03, not "2026-13-01"/],
    ['teams:\n  - id: emea\n    until: soon\n', 3, 'teams.0.until', /not "soon"/],
    ['teams:\n  - { id: emea, start: 2026-8-3 }\n', 2, 'teams.0.start', /not "2026-8-3"/],
    ['teams:\n  - id: emea\n    start: 2026-08-03\n    until: 2026-08-02\n', 4, 'teams.0.until', /2026-08-02 is before start 2026-08-03: give a last day on or after the first/],
    ['rituals:\n  monthly:\n    cadence: month\n    start: 20260801\n', 4, 'rituals.monthly.start', /not 20260801/],
    ['rituals:\n  weekly:\n    start: 2026-09-01\n    until: 2026-02-30\n', 4, 'rituals.weekly.until', /not "2026-02-30"/],
    ['rituals:\n  weekly:\n    start: 2026-09-01\n    until: 2026-03-01\n', 4, 'rituals.weekly.until', /before start 2026-09-01/],
  ])('%j → one error on line %i naming %s', (text, line, key, message) => {
    const { problems } = parseConfig(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'rhythm.yaml', line, severity: 'error' });
    expect(problems[0]!.message.startsWith(`${key}: `)).toBe(true);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.message).not.toMatch(/\n/);
  });

  it('names start and until among the known keys', () => {
    expect(parseConfig('teams:\n  - id: emea\n    begins: 2026-01-01\n').problems[0]!.message).toMatch(/known: id, name, members, start, until/);
    expect(parseConfig('rituals:\n  weekly:\n    from: 2026-01-01\n').problems[0]!.message).toMatch(/known: template, cadence, teams, start, until/);
  });
});

describe('ritualSpan: when a team’s ritual runs', () => {
  const held = new Set(['2026-W33', '2026-W40']);
  it.each<[string, Partial<Team> | undefined, Partial<RitualConfig> | undefined, ReadonlySet<string> | undefined, object | undefined]>([
    ['from the first day of its first review', undefined, undefined, held, { start: '2026-08-10' }],
    ['not started: nothing held, nothing configured', undefined, { until: '2026-12-31' }, new Set(), undefined],
    ['a configured start wins over a later first review', { start: '2026-08-05' }, undefined, held, { start: '2026-08-05' }],
    ['a configured start wins over an earlier first review', undefined, { start: '2026-09-01' }, held, { start: '2026-09-01' }],
    ['the later of the team’s and the ritual’s starts', { start: '2026-02-02' }, { start: '2026-08-01' }, held, { start: '2026-08-01' }],
    ['the earlier of their ends', { until: '2026-12-31' }, { until: '2026-10-15' }, held, { start: '2026-08-10', until: '2026-10-15' }],
    ['without the files, only what is configured', { until: '2026-12-31' }, undefined, undefined, { until: '2026-12-31' }],
  ])('%s', (_name, team, ritual, heldPeriods, span) => {
    expect(ritualSpan(team, ritual, heldPeriods, periods)).toEqual(span);
  });
});

describe('ritualStatus with a start and an end', () => {
  const weekly: RitualConfig = { name: 'weekly', template: 'weekly', cadence: 'week' };
  const quarterly: RitualConfig = { name: 'quarterly', template: 'quarterly', cadence: 'quarter' };
  // Tuesday 24 November 2026 is in W48.
  const today = '2026-11-24';

  it('before a configured start, the first period is next and nothing is overdue', () => {
    const status = ritualStatus({ ...weekly, start: '2027-01-06' }, new Set(), today, calendar);
    expect(status).toMatchObject({ start: '2027-01-06', current: '2026-W48', streak: 0, next: { period: '2027-W01', dueBy: '2027-01-10' } });
    expect(status.overdue).toBeUndefined();
  });

  it('after a configured start, a week never held is overdue', () => {
    expect(ritualStatus(weekly, new Set(), today, { ...calendar, teams: [{ id: 'apac', name: 'APAC', members: [], start: '2026-11-09' }] }, 'apac')).toMatchObject({
      start: '2026-11-09',
      overdue: '2026-W47',
    });
    // Its start day in W47 (Wednesday 18 November) makes W47 expected; from Monday 23 November on, W47 is not.
    expect(ritualStatus({ ...weekly, start: '2026-11-18' }, new Set(), today, calendar).overdue).toBe('2026-W47');
    expect(ritualStatus({ ...weekly, start: '2026-11-23' }, new Set(), today, calendar).overdue).toBeUndefined();
  });

  it('counts the streak from its start only', () => {
    // W44 was held before the configured start in W46; W46 and W47 since.
    const status = ritualStatus({ ...weekly, start: '2026-11-11' }, new Set(['2026-W44', '2026-W45', '2026-W46', '2026-W47']), today, calendar);
    expect(status.streak).toBe(2);
    expect(status.lastHeld).toBe('2026-W47');
  });

  it('after its end, nothing is due, and the streak is that of its last periods', () => {
    // Its last day, Wednesday 4 November, is in W45; a review held after the end (W47) does not count.
    const ended = ritualStatus({ ...weekly, until: '2026-11-04' }, new Set(['2026-W42', '2026-W44', '2026-W45', '2026-W47']), today, calendar);
    expect(ended).toMatchObject({ until: '2026-11-04', streak: 2, lastHeld: '2026-W47' });
    expect(ended.next).toBeUndefined();
    expect(ended.overdue).toBeUndefined();
    // A quarter that ended inside its period may still be held during its grace time.
    const quarter = ritualStatus({ ...quarterly, until: '2026-09-15' }, new Set(['2026-Q2']), '2026-10-05', calendar);
    expect(quarter).toMatchObject({ next: { period: '2026-Q3', dueBy: '2026-10-14' } });
    expect(quarter.overdue).toBeUndefined();
    expect(ritualStatus({ ...quarterly, until: '2026-09-15' }, new Set(['2026-Q2']), '2026-10-15', calendar)).toMatchObject({ overdue: '2026-Q3', streak: 0 });
    expect(ritualStatus({ ...quarterly, until: '2026-09-15' }, new Set(['2026-Q2']), '2026-10-15', calendar).next).toBeUndefined();
  });

  it('from its first review: a week before it is not overdue', () => {
    // First held in W48, today: W47 is before its start.
    expect(ritualStatus(weekly, new Set(['2026-W48']), today, calendar)).toMatchObject({ start: '2026-11-23', currentHeld: true, streak: 1 });
    expect(ritualStatus(weekly, new Set(['2026-W48']), '2026-12-08', calendar)).toMatchObject({ overdue: '2026-W49', streak: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Merging rollups of teams with starts and ends gives the rollup of all reviews at once

const TEAMS = ['apac', 'emea-cs', 'latam', 'na-growth'];
const dayOffset = fc.option(fc.integer({ min: -40, max: 130 }), { nil: undefined });
const teamArb = fc.record({
  weeks: fc.uniqueArray(fc.integer({ min: -12, max: 15 }), { maxLength: 10 }),
  quarters: fc.subarray([-1, 0]),
  start: dayOffset,
  until: dayOffset,
});
const workbookArb = fc.record({
  fiscalYearStartMonth: fc.constantFrom(1, 2),
  teams: fc.shuffledSubarray(TEAMS, { minLength: 2, maxLength: 4 }),
  content: fc.array(teamArb, { minLength: 4, maxLength: 4 }),
  weeklyStart: dayOffset,
  quarterlyUntil: dayOffset,
  todayOffset: fc.integer({ min: -10, max: 110 }),
});
type Workbook = typeof workbookArb extends fc.Arbitrary<infer T> ? T : never;

function workbookInput(workbook: Workbook): { input: RollupInput; teams: string[] } {
  const calendar: Calendar = { fiscalYearStartMonth: workbook.fiscalYearStartMonth };
  const period: Period = { kind: 'quarter', year: workbook.fiscalYearStartMonth === 1 ? 2026 : 2027, quarter: 4 };
  const start = rangeOf(period, calendar).start;
  const day = (offset: number | undefined) => (offset === undefined ? undefined : addDaysTo(start, offset));
  const reviews: Review[] = workbook.teams.flatMap((team, index) => {
    const content = workbook.content[index]!;
    const weeklies = content.weeks.map((offset) => {
      const week = weekOf(addDaysTo(start, offset * 7));
      return review({ team, period: formatPeriod(week, calendar), date: thursdayOf(week, calendar), participants: ['ana'] }, calendar);
    });
    const quarterlies = content.quarters.map((shift) => {
      const quarter: Period = { ...period, quarter: 4 + shift };
      return review({ team, ritual: 'quarterly', period: formatPeriod(quarter, calendar), date: rangeOf(quarter, calendar).end }, calendar);
    });
    return [...weeklies, ...quarterlies];
  });
  const teams: Team[] = workbook.teams.map((id, index) => {
    const content = workbook.content[index]!;
    const [from, to] = [day(content.start), day(content.until)];
    // A config never has an end before its start (parseConfig refuses it).
    return { id, name: id, members: [], ...(from ? { start: from } : {}), ...(to && (!from || to >= from) ? { until: to } : {}) };
  });
  const base = config();
  const weeklyStart = day(workbook.weeklyStart);
  const quarterlyUntil = day(workbook.quarterlyUntil);
  const held: HeldPeriods = (team, ritual) => new Set(reviews.filter((one) => one.team === team && one.ritual === ritual.name).map((one) => one.period));
  return {
    teams: workbook.teams,
    input: {
      reviews,
      config: config({
        ...calendar,
        teams,
        rituals: {
          ...base.rituals,
          weekly: { ...base.rituals.weekly!, ...(weeklyStart ? { start: weeklyStart } : {}) },
          quarterly: { ...base.rituals.quarterly!, ...(quarterlyUntil ? { until: quarterlyUntil } : {}) },
        },
      }),
      customers: registry,
      period,
      today: day(workbook.todayOffset)!,
      held,
    },
  };
}

describe('merged rollups with starts and ends', () => {
  it('give exactly the rollup of all reviews at once, and expect nothing outside a ritual’s span', () => {
    fc.assert(
      fc.property(workbookArb, (workbook) => {
        const { input, teams } = workbookInput(workbook);
        const whole = computeRollup(input);
        const parts = teams.map((team) => parseRollup(JSON.stringify(computeRollup({ ...input, team })), 'part.json'));
        expect(mergeRollups(parts)).toStrictEqual(whole);
        expect(mergeRollups([...parts].reverse())).toStrictEqual(whole);

        const lookup = periodLookup(input.config);
        for (const row of whole.teams.flatMap((team) => team.cadence)) {
          const team = input.config.teams.find((candidate) => candidate.id === row.team);
          expect(row).toMatchObject(ritualSpan(team, input.config.rituals[row.ritual], input.held!(row.team, { name: row.ritual, cadence: row.cadence }), lookup) ?? {});
          for (const label of row.expected) {
            const range = lookup(label)!.range;
            expect(row.start === undefined || range.end >= row.start, `${label} after ${row.start}`).toBe(true);
            expect(row.until === undefined || range.start <= row.until, `${label} before ${row.until}`).toBe(true);
          }
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 100) },
    );
  });
});
