import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/domain/markdown.js';
import { addDaysTo, formatPeriod, quarterOf, rangeOf, thursdayOf, weekOf, type Calendar, type Period } from '../../src/domain/period.js';
import type { Review } from '../../src/domain/review.js';
import { computeRollup, type RollupInput } from '../../src/domain/rollup/compute.js';
import type { Rollup, RollupHeader } from '../../src/domain/rollup/model.js';
import { asOfDifferent, mergeRollups, parseRollup, RollupMergeError } from '../../src/domain/rollup/merge.js';
import { config, emeaQ4, registry, review, TODAY } from './rollup-fixtures.js';

// ---------------------------------------------------------------------------------------------
// Random small workbooks: 2–4 teams, weeklies around one quarter (some before and after it),
// with contacts, flags carried and resolved, scores, quotes, claims and actions.

const TEAMS = ['apac', 'emea-cs', 'na-growth', 'latam'];
const CUSTOMERS = ['acme', 'globex', 'hooli', 'initech', 'umbrella'];

const flagArb = fc.record({ customer: fc.constantFrom(...CUSTOMERS), weeksBack: fc.integer({ min: 0, max: 4 }), reason: fc.constantFrom('slow', 'stuck', '') });
const resolvedArb = fc.record({ customer: fc.constantFrom(...CUSTOMERS), weeksBack: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }) });
const actionArb = fc.record({
  state: fc.constantFrom<Action['state']>('open', 'done', 'dropped'),
  title: fc.constantFrom('Call Acme', 'call acme', 'Train admins', 'Send QBR deck'),
  owner: fc.option(fc.constantFrom('ana', 'bo'), { nil: undefined }),
  dueOffset: fc.option(fc.integer({ min: -30, max: 120 }), { nil: undefined }),
  weeksBack: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  tags: fc.subarray(['sso', 'onboarding']),
});
const weekArb = fc.record({
  offset: fc.integer({ min: -3, max: 15 }),
  customers: fc.subarray(CUSTOMERS),
  participants: fc.subarray(['ana', 'bo', 'cy']),
  flags: fc.array(flagArb, { maxLength: 3 }),
  resolved: fc.array(resolvedArb, { maxLength: 2 }),
  score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  heard: fc.array(fc.constantFrom('Acme: "great" #speed', 'globex: "slow" #perf #speed', 'Nobody: "hm"', 'no attribution #x'), { maxLength: 2 }),
  value: fc.array(fc.constantFrom('Acme Corp: saved a day (evidence: usage data)', 'helped', 'Hooli: renewed'), { maxLength: 2 }),
  actions: fc.array(actionArb, { maxLength: 3 }),
});
const teamArb = fc.record({
  weeks: fc.uniqueArray(weekArb, { maxLength: 9, selector: (week) => week.offset }),
  quarterly: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
});
const workbookArb = fc.record({
  fiscalYearStartMonth: fc.constantFrom(1, 2),
  escalateAfterWeeks: fc.integer({ min: 1, max: 4 }),
  teams: fc.shuffledSubarray(TEAMS, { minLength: 2, maxLength: 4 }),
  todayOffset: fc.integer({ min: -10, max: 110 }),
  content: fc.array(teamArb, { minLength: 4, maxLength: 4 }),
  permutation: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
});
type Workbook = typeof workbookArb extends fc.Arbitrary<infer T> ? T : never;

function workbookInput(workbook: Workbook): { input: RollupInput; teams: string[] } {
  const calendar: Calendar = { fiscalYearStartMonth: workbook.fiscalYearStartMonth };
  // 2026-Q4, or FY2027-Q4 (November 2026 – January 2027) with fiscal years starting in February.
  const period: Period = quarterOf('2026-11-15', calendar);
  const start = rangeOf(period, calendar).start;
  const weekAt = (offset: number) => weekOf(addDaysTo(start, offset * 7));
  const label = (offset: number) => formatPeriod(weekAt(offset), calendar);
  const reviews: Review[] = workbook.teams.flatMap((team, index) => {
    const content = workbook.content[index]!;
    const weeklies = content.weeks.map((week): Review => {
      const period = label(week.offset);
      return {
        file: `rhythm/${team}/weekly/${period}.md`,
        ritual: 'weekly',
        period,
        team,
        date: thursdayOf(weekAt(week.offset), calendar),
        participants: week.participants,
        customers: week.customers,
        flags: week.flags.map((flag) => ({ customer: flag.customer, reason: flag.reason, since: label(week.offset - flag.weeksBack) })),
        resolved: week.resolved.map((resolved) => ({ customer: resolved.customer, since: label(week.offset - (resolved.weeksBack ?? 0)) })),
        scores: week.score === undefined ? {} : { value_confidence: week.score },
        answers: {},
        sections: { heard: week.heard.map((item) => `- ${item}`).join('\n'), value: week.value.map((item) => `- ${item}`).join('\n') },
        actions: week.actions.map((action, line) => {
          const result: Action = { state: action.state, title: action.title, tags: action.tags, lineIndex: line };
          if (action.owner) result.owner = action.owner;
          if (action.dueOffset !== undefined) result.due = addDaysTo(start, action.dueOffset);
          if (action.weeksBack !== undefined) result.since = label(week.offset - action.weeksBack);
          return result;
        }),
        bodyLine: 10,
        data: {},
      };
    });
    if (content.quarterly === undefined) return weeklies;
    const quarterly: Review = {
      file: `rhythm/${team}/quarterly/${formatPeriod(period, calendar)}.md`,
      ritual: 'quarterly',
      period: formatPeriod(period, calendar),
      team,
      date: rangeOf(period, calendar).end,
      participants: ['ana'],
      customers: [],
      flags: [],
      resolved: [],
      scores: { value_confidence: content.quarterly },
      answers: {},
      sections: { heard: '- Acme: "a good quarter" #speed' },
      actions: [{ state: 'open', title: 'Plan next quarter', tags: [], lineIndex: 0 }],
      bodyLine: 10,
      data: {},
    };
    return [...weeklies, quarterly];
  });
  return {
    teams: workbook.teams,
    input: {
      reviews,
      config: config({
        ...calendar,
        escalateAfterWeeks: workbook.escalateAfterWeeks,
        teams: workbook.teams.map((id) => ({ id, name: id.toUpperCase(), members: [] })),
      }),
      customers: registry,
      period,
      today: addDaysTo(start, workbook.todayOffset),
    },
  };
}

/** What a team's CI publishes and the organisation repo reads back. */
function viaJson(rollup: Rollup): Rollup {
  return parseRollup(JSON.stringify(rollup, null, 2), 'rollup.json');
}

describe('mergeRollups', () => {
  it('gives exactly the rollup of all reviews at once, in any order and grouping', () => {
    fc.assert(
      fc.property(workbookArb, (workbook) => {
        const { input, teams } = workbookInput(workbook);
        const whole = computeRollup(input);
        const parts = teams.map((team) => viaJson(computeRollup({ ...input, team })));
        expect(mergeRollups(parts)).toStrictEqual(whole);

        const shuffled = workbook.permutation.filter((index) => index < parts.length).map((index) => parts[index]!);
        expect(mergeRollups(shuffled)).toStrictEqual(whole);

        const [first, second, ...rest] = parts as [Rollup, Rollup, ...Rollup[]];
        const left = mergeRollups([mergeRollups([first, second]), ...rest]);
        const right = mergeRollups([first, mergeRollups([second, ...rest])]);
        expect(left).toStrictEqual(whole);
        expect(right).toStrictEqual(whole);
      }),
      { numRuns: Number(process.env.RUNS ?? 100) },
    );
  });

  it('keeps a single rollup as it is', () => {
    const rollup = computeRollup({ reviews: emeaQ4(), config: config(), customers: registry, period: { kind: 'quarter', year: 2026, quarter: 4 }, today: TODAY });
    expect(mergeRollups([viaJson(rollup)])).toStrictEqual(rollup);
  });

  it('recomputes organisation figures from records rather than averaging team figures', () => {
    const teams = [
      { id: 'apac', name: 'APAC', members: [] },
      { id: 'emea-cs', name: 'EMEA', members: [] },
    ];
    const period: Period = { kind: 'quarter', year: 2026, quarter: 4 };
    const reviews = [
      // APAC resolves one flag in a week; EMEA resolves three in 2, 5 and 6 weeks.
      review({ team: 'apac', period: '2026-W40', flags: [{ customer: 'acme', since: '2026-W40' }], scores: { value_confidence: 5 } }),
      review({ team: 'apac', period: '2026-W41', scores: { value_confidence: 5 } }),
      review({ team: 'emea-cs', period: '2026-W40', flags: [{ customer: 'acme', since: '2026-W39' }, { customer: 'globex', since: '2026-W36' }, { customer: 'hooli', since: '2026-W35' }], scores: { value_confidence: 1 } }),
      review({ team: 'emea-cs', period: '2026-W41', resolved: [{ customer: 'acme', since: '2026-W39' }, { customer: 'globex', since: '2026-W36' }, { customer: 'hooli', since: '2026-W35' }], scores: { value_confidence: 2 } }),
      review({ team: 'emea-cs', period: '2026-W42', scores: { value_confidence: 3 } }),
    ];
    const input = { reviews, config: config({ teams }), customers: registry, period, today: TODAY };
    const merged = mergeRollups([viaJson(computeRollup({ ...input, team: 'emea-cs' })), viaJson(computeRollup({ ...input, team: 'apac' }))]);
    // Undated reviews count from their Mondays: APAC 28 Sep → 5 Oct is 7 days; EMEA 14, 35 and 42 days.
    expect(merged.teams.map((team) => team.summary.flags.medianResolutionDays)).toEqual([7, 35]);
    // Median of 7, 14, 35, 42 — not the mean of the team medians (21).
    expect(merged.organisation.flags.medianResolutionDays).toBe(24.5);
    // Mean of 5, 5, 1, 2, 3 — not the mean of the team averages (5 and 2).
    expect(merged.organisation.scores[0]).toMatchObject({ count: 5, average: 3.2 });
    expect(merged.organisation.scores[0]!.series).toEqual([
      { period: '2026-W40', value: 3, count: 2 },
      { period: '2026-W41', value: 3.5, count: 2 },
      { period: '2026-W42', value: 3, count: 1 },
    ]);
    expect(merged).toStrictEqual(computeRollup(input));
  });

  it('unions registries of different repos and keeps the names for rendering', () => {
    const period: Period = { kind: 'quarter', year: 2026, quarter: 4 };
    const repoA = computeRollup({
      reviews: [review({ team: 'apac', period: '2026-W40', customers: ['acme'] })],
      config: config({ teams: [{ id: 'apac', name: 'APAC', members: [] }] }),
      customers: [{ id: 'acme', name: 'Acme Corp' }],
      period,
      today: TODAY,
    });
    const repoB = computeRollup({
      reviews: [review({ team: 'emea-cs', period: '2026-W40', customers: ['umbrella'] })],
      config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }], escalateAfterWeeks: 5 }),
      customers: [{ id: 'umbrella', name: 'Umbrella' }, { id: 'hooli', name: 'Hooli' }],
      period,
      today: '2026-11-27',
    });
    const merged = mergeRollups([viaJson(repoA), viaJson(repoB)]);
    expect(merged.registry.map((customer) => customer.name)).toEqual(['Acme Corp', 'Hooli', 'Umbrella']);
    expect(merged.organisation.silentCustomers).toEqual(['hooli']);
    expect(merged.teams.map((team) => [team.team, team.name, team.escalateAfterWeeks])).toEqual([
      ['apac', 'APAC', 3],
      ['emea-cs', 'EMEA', 5],
    ]);
    expect(merged.today).toBe('2026-11-27');
    expect(mergeRollups([repoB, repoA])).toStrictEqual(merged);
  });

  describe('refuses what cannot be merged, saying why', () => {
    const period: Period = { kind: 'quarter', year: 2026, quarter: 4 };
    const teamConfig = config({ teams: [{ id: 'apac', name: 'APAC', members: [] }] });
    const q4 = computeRollup({ reviews: [], config: teamConfig, customers: [], period, today: TODAY });

    it.each<[string, () => unknown[], RegExp]>([
      ['nothing', () => [], /nothing to merge/],
      [
        'different periods',
        () => [q4, computeRollup({ reviews: [], config: config({ teams: [{ id: 'b', name: 'B', members: [] }] }), customers: [], period: { ...period, quarter: 3 }, today: TODAY })],
        /different periods: rollup 1 is 2026-Q4, rollup 2 is 2026-Q3/,
      ],
      ['another schema version', () => [q4, { ...q4, schemaVersion: 1 }], /rollup 2: rollup schemaVersion 1 cannot be merged by this rhythm \(it reads schemaVersion 2\)/],
      ['no schema version', () => [{ hello: 'world' }], /rollup 1: not a rhythm rollup \(no schemaVersion\)/],
      ['the same team twice', () => [q4, q4], /team "apac" is in rollup 1 and rollup 2/],
      ['two workbooks without teams', () => [computeRollup({ reviews: [], config: config(), customers: [], period, today: TODAY })].flatMap((r) => [r, r]), /both of a workbook without teams/],
      ['different fiscal calendars', () => [q4, { ...q4, teams: [], fiscalYearStartMonth: 4, period: { label: 'FY2027-Q3', kind: 'quarter', start: '2026-10-01', end: '2026-12-31' } }], /different fiscal calendars/],
    ])('%s', (_name, rollups, message) => {
      expect(() => mergeRollups(rollups() as Rollup[])).toThrow(RollupMergeError);
      expect(() => mergeRollups(rollups() as Rollup[])).toThrow(message);
    });

    it('a file that is not JSON', () => {
      expect(() => parseRollup('{ nope', 'apac.json')).toThrow(/^apac\.json: not valid JSON/);
      expect(() => parseRollup('[1, 2]', 'apac.json')).toThrow('apac.json: not a rhythm rollup (not a JSON object)');
    });
  });
});

describe('asOfDifferent', () => {
  const header = (today: string): RollupHeader => ({ period: { kind: 'quarter', label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' }, fiscalYearStartMonth: 1, today });

  it('says nothing when every rollup is as of one day', () => {
    expect(asOfDifferent([header('2026-11-30'), header('2026-11-30')], ['a.json', 'b.json'])).toBeUndefined();
  });

  it('names the files made as of an earlier day, and the day to make them as of', () => {
    expect(asOfDifferent([header('2026-11-30'), header('2026-11-12'), header('2026-11-20')], ['a.json', 'b.json', 'c.json'])).toBe(
      'b.json (2026-11-12), c.json (2026-11-20) are as of an earlier day than 2026-11-30: reviews missed since then are not counted; make every rollup as of one day (rhythm report --date 2026-11-30) for figures that add up',
    );
  });
});
