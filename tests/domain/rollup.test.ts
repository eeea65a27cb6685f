import { describe, expect, it } from 'vitest';
import type { Period } from '../../src/domain/period.js';
import type { Review } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { FlagEpisode, Rollup } from '../../src/domain/rollup/model.js';
import { config, emeaQ4, registry, review, TODAY } from './rollup-fixtures.js';

const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
const emeaConfig = config({ teams: [{ id: 'emea-cs', name: 'EMEA Customer Success', members: ['ana', 'bo'] }] });

function emeaRollup(): Rollup {
  return computeRollup({ reviews: emeaQ4(), config: emeaConfig, customers: registry, period: Q4_2026, today: TODAY });
}

/** Every figure below was worked out by hand from the fixture in rollup-fixtures.ts. */
describe('computeRollup of one team, mid-quarter', () => {
  const rollup = emeaRollup();
  const team = rollup.teams[0]!;

  it('describes the period and keeps the registry', () => {
    expect(rollup.schemaVersion).toBe(2);
    expect(rollup.period).toEqual({ label: '2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(rollup.today).toBe(TODAY);
    expect(rollup.registry.map((customer) => customer.id)).toEqual(['acme', 'globex', 'hooli', 'initech']);
    expect(rollup.teams.map((section) => [section.team, section.name, section.reviews])).toEqual([['emea-cs', 'EMEA Customer Success', 7]]);
  });

  it('counts weeks held, missing and the current streak up to today', () => {
    // By Thursday 26 November W40–W47 are over; W48 is still under way but held, so it counts too.
    // W43 and W46 were skipped; W49–W53 are not due yet.
    expect(team.cadence).toEqual([
      {
        team: 'emea-cs',
        ritual: 'weekly',
        cadence: 'week',
        expected: ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48'],
        held: ['2026-W40', '2026-W41', '2026-W42', '2026-W44', '2026-W45', '2026-W47', '2026-W48'],
        missing: ['2026-W43', '2026-W46'],
        participants: [
          { name: 'ana', reviews: 6 },
          { name: 'bo', reviews: 5 },
        ],
        streak: 2,
        lastHeld: '2026-W48',
      },
      // The quarter is still under way and its review not held yet, so it is not expected (nor missing) yet;
      // the annual review is not expected at all (a year does not fit in a quarter).
      { team: 'emea-cs', ritual: 'quarterly', cadence: 'quarter', expected: [], held: [], missing: [], participants: [], streak: 0 },
    ]);
    expect(rollup.organisation.cadence).toEqual([
      { ritual: 'weekly', cadence: 'week', teams: 1, expected: 9, held: 7, missing: [{ team: 'emea-cs', period: '2026-W43' }, { team: 'emea-cs', period: '2026-W46' }], streak: 2 },
      { ritual: 'quarterly', cadence: 'quarter', teams: 1, expected: 0, held: 0, missing: [], streak: 0 },
    ]);
  });

  it('tracks customers: weeks in contact, last contact, weeks flagged, silent customers', () => {
    expect(team.customers).toEqual([
      { team: 'emea-cs', customer: 'acme', contactWeeks: ['2026-W40', '2026-W42', '2026-W45', '2026-W48'], flaggedWeeks: [], lastContact: { period: '2026-W48', date: '2026-11-26' } },
      {
        team: 'emea-cs',
        customer: 'globex',
        contactWeeks: ['2026-W40', '2026-W41', '2026-W47', '2026-W48'],
        // W42 records the flag as resolved, so it is not a flagged week.
        flaggedWeeks: ['2026-W40', '2026-W41', '2026-W47', '2026-W48'],
        lastContact: { period: '2026-W48', date: '2026-11-26' },
      },
      { team: 'emea-cs', customer: 'initech', contactWeeks: ['2026-W44', '2026-W45'], flaggedWeeks: ['2026-W42', '2026-W44'], lastContact: { period: '2026-W45', date: '2026-11-05' } },
    ]);
    expect(rollup.organisation.customers).toEqual([
      { id: 'acme', name: 'Acme Corp', known: true, weeksInContact: 4, weeksFlagged: 0, lastContact: { period: '2026-W48', date: '2026-11-26', team: 'emea-cs' }, teams: ['emea-cs'] },
      { id: 'globex', name: 'Globex', known: true, weeksInContact: 4, weeksFlagged: 4, lastContact: { period: '2026-W48', date: '2026-11-26', team: 'emea-cs' }, teams: ['emea-cs'] },
      { id: 'initech', name: 'Initech', known: true, weeksInContact: 2, weeksFlagged: 2, lastContact: { period: '2026-W45', date: '2026-11-05', team: 'emea-cs' }, teams: ['emea-cs'] },
    ]);
    // Hooli was talked to in W39 only: that is the previous quarter.
    expect(rollup.organisation.silentCustomers).toEqual(['hooli']);
  });

  it('follows flag episodes: carried in, resolved explicitly, resolved by no longer being listed, flagged again', () => {
    expect(team.flags).toEqual<FlagEpisode[]>([
      // Flagged since W38 (last quarter: its Monday, 14 September, as no review of it is at hand),
      // listed W40–W41, resolved in the W42 review of 15 October: 31 days, escalated (21 days or more).
      {
        customer: 'globex',
        team: 'emea-cs',
        since: '2026-W38',
        sinceDay: '2026-09-14',
        lastSeen: '2026-W41',
        durationDays: 31,
        durationWeeks: 4,
        status: 'resolved',
        resolvedIn: '2026-W42',
        resolvedOn: '2026-10-15',
        resolution: 'explicit',
        resolutionDays: 31,
        escalated: true,
        reason: 'onboarding stalled',
        note: 'admin trained',
      },
      // Flagged again in the W47 review of 19 November: open 7 days on 26 November, below the threshold.
      { customer: 'globex', team: 'emea-cs', since: '2026-W47', sinceDay: '2026-11-19', lastSeen: '2026-W48', durationDays: 7, durationWeeks: 1, status: 'open', escalated: false, reason: 'renewal at risk' },
      // Flagged 15 October (W42), listed W44 (W43 skipped), gone from the W45 review of 5 November: 21 days, escalated.
      {
        customer: 'initech',
        team: 'emea-cs',
        since: '2026-W42',
        sinceDay: '2026-10-15',
        lastSeen: '2026-W44',
        durationDays: 21,
        durationWeeks: 3,
        status: 'resolved',
        resolvedIn: '2026-W45',
        resolvedOn: '2026-11-05',
        resolution: 'implicit',
        resolutionDays: 21,
        escalated: true,
        reason: 'no usage',
      },
    ]);
    expect(rollup.organisation.flags).toEqual({
      episodes: 3,
      open: 1,
      resolved: 2,
      escalated: 2,
      openEscalated: 0,
      medianResolutionDays: 26,
      worstResolutionDays: 31,
    });
  });

  it('averages scores per month of the week’s Thursday and over the period', () => {
    // W40 (Thu 1 Oct) 3, W41 2, W42 4, W44 3 | W45 (Thu 5 Nov) 4, W47 2, W48 3.
    // Slope: x = weeks from 1 Oct = 0,1,2,4,5,7,8; Σxy = 80, n·x̄·ȳ = 81, Σx² − n·x̄² = 159 − 729/7 = 384/7,
    // so slope = −1 / (384/7) = −0.018; over 8 weeks that is −0.15: flat.
    expect(rollup.organisation.scores).toEqual([
      {
        ritual: 'weekly',
        id: 'value_confidence',
        count: 7,
        average: 3,
        min: 2,
        max: 4,
        months: [
          { month: '2026-10', count: 4, average: 3, min: 2, max: 4 },
          { month: '2026-11', count: 3, average: 3, min: 2, max: 4 },
        ],
        series: [
          { period: '2026-W40', value: 3, count: 1 },
          { period: '2026-W41', value: 2, count: 1 },
          { period: '2026-W42', value: 4, count: 1 },
          { period: '2026-W44', value: 3, count: 1 },
          { period: '2026-W45', value: 4, count: 1 },
          { period: '2026-W47', value: 2, count: 1 },
          { period: '2026-W48', value: 3, count: 1 },
        ],
        trend: 'flat',
        slopePerWeek: -0.018,
      },
    ]);
  });

  it('groups quotes by customer (matching registry ids and names case-insensitively) and counts themes', () => {
    expect(team.quotes).toEqual([
      { team: 'emea-cs', period: '2026-W40', customer: 'acme', text: '"The export saves our analysts a day." #reporting', tags: ['reporting'] },
      { team: 'emea-cs', period: '2026-W44', customer: 'initech', text: '"We don\'t use it." #adoption', tags: ['adoption'] },
      { team: 'emea-cs', period: '2026-W44', who: 'Someone', text: '"hello"', tags: [] },
      { team: 'emea-cs', period: '2026-W48', customer: 'acme', text: '"Reports are faster." #reporting #speed', tags: ['reporting', 'speed'] },
    ]);
    expect(rollup.organisation.voice).toEqual([
      { customer: 'acme', quotes: 2 },
      { customer: 'initech', quotes: 1 },
      { who: 'Someone', quotes: 1 },
    ]);
    expect(rollup.organisation.themes).toEqual([
      { tag: 'reporting', count: 2 },
      { tag: 'adoption', count: 1 },
      { tag: 'speed', count: 1 },
    ]);
  });

  it('lists value claims with their evidence', () => {
    expect(team.claims).toEqual([
      { team: 'emea-cs', period: '2026-W40', customer: 'acme', text: 'export adopted by 12 analysts', evidence: 'usage data' },
      { team: 'emea-cs', period: '2026-W47', customer: 'globex', text: 'nothing yet' },
    ]);
    expect(rollup.organisation.value).toEqual({ claims: 2, withEvidence: 1 });
  });

  it('follows actions across weeks by opening week and title; the latest review says the state', () => {
    expect(team.actions).toEqual([
      // Carried in from W37 (last quarter; its Monday, as no review of it is at hand): not opened this period, closed in W41.
      { team: 'emea-cs', title: 'Renew contract', state: 'done', owner: 'cy', tags: [], since: '2026-W37', openedOn: '2026-09-07', lastSeen: '2026-W41', file: 'rhythm/emea-cs/weekly/2026-W41.md', closedIn: '2026-W41', closedOn: '2026-10-08', opened: false, overdue: false },
      { team: 'emea-cs', title: "Call Globex's sponsor", state: 'done', owner: 'ana', due: '2026-10-09', tags: [], since: '2026-W40', openedOn: '2026-10-01', lastSeen: '2026-W41', file: 'rhythm/emea-cs/weekly/2026-W41.md', closedIn: '2026-W41', closedOn: '2026-10-08', opened: true, overdue: false },
      { team: 'emea-cs', title: 'Run admin training', state: 'dropped', owner: 'bo', due: '2026-10-30', tags: ['globex'], since: '2026-W41', openedOn: '2026-10-08', lastSeen: '2026-W44', file: 'rhythm/emea-cs/weekly/2026-W44.md', closedIn: '2026-W44', closedOn: '2026-10-29', opened: true, overdue: false },
      // Written in the W45 review of 5 November, due 20 November, still open on 26 November: 21 days old, overdue.
      { team: 'emea-cs', title: 'Send QBR deck', state: 'open', owner: 'ana', due: '2026-11-20', tags: [], since: '2026-W45', openedOn: '2026-11-05', lastSeen: '2026-W48', file: 'rhythm/emea-cs/weekly/2026-W48.md', opened: true, overdue: true, ageDays: 21 },
      // Written today.
      { team: 'emea-cs', title: 'Fix SSO', state: 'open', tags: ['sso'], since: '2026-W48', openedOn: '2026-11-26', lastSeen: '2026-W48', file: 'rhythm/emea-cs/weekly/2026-W48.md', opened: true, overdue: false, ageDays: 0 },
    ]);
    expect(rollup.organisation.actions).toEqual({
      total: 5,
      opened: 4,
      closed: 2,
      dropped: 1,
      open: 2,
      overdue: 1,
      byOwner: [
        { owner: 'ana', open: 1, overdue: 1, closed: 1, dropped: 0 },
        { owner: 'bo', open: 0, overdue: 0, closed: 0, dropped: 1 },
        { owner: 'cy', open: 0, overdue: 0, closed: 1, dropped: 0 },
        { open: 1, overdue: 0, closed: 0, dropped: 0 },
      ],
    });
  });

  it('gives the same figures for the team section and the organisation when there is one team', () => {
    expect(team.summary).toEqual(rollup.organisation);
  });

  it('is plain JSON: a round trip changes nothing', () => {
    expect(JSON.parse(JSON.stringify(rollup))).toStrictEqual(rollup);
  });

  it('does not depend on the order of the reviews', () => {
    const shuffled = emeaQ4().reverse();
    expect(computeRollup({ reviews: shuffled, config: emeaConfig, customers: registry, period: Q4_2026, today: TODAY })).toStrictEqual(rollup);
  });
});

describe('computeRollup: calendar edges', () => {
  it('counts week 53 of 2026 in the fourth quarter (its Thursday is 31 December)', () => {
    const rollup = computeRollup({ reviews: [], config: config(), customers: [], period: Q4_2026, today: '2027-01-10' });
    const weekly = rollup.teams[0]!.cadence[0]!;
    expect(weekly.expected).toHaveLength(14);
    expect(weekly.expected[0]).toBe('2026-W40');
    expect(weekly.expected.at(-1)).toBe('2026-W53');
  });

  it('rolls up a fiscal quarter that crosses New Year (FY2027-Q4 = November 2026 – January 2027)', () => {
    const fiscal = { fiscalYearStartMonth: 2 };
    const reviews = [
      // Thursday 29 October: fiscal Q3, outside.
      review({ period: '2026-W44', customers: ['acme'], scores: { value_confidence: 1 } }, fiscal),
      review({ period: '2026-W52', customers: ['acme'], flags: [{ customer: 'acme', reason: 'slow', since: '2026-W52' }], scores: { value_confidence: 2 } }, fiscal),
      review({ period: '2026-W53', customers: ['acme'], flags: [{ customer: 'acme', reason: 'slow', since: '2026-W52' }], scores: { value_confidence: 3 } }, fiscal),
      review({ period: '2027-W01', flags: [{ customer: 'acme', reason: 'slow', since: '2026-W52' }], scores: { value_confidence: 4 } }, fiscal),
      review({ period: '2027-W02', resolved: [{ customer: 'acme', since: '2026-W52' }], scores: { value_confidence: 5 } }, fiscal),
      review({ ritual: 'quarterly', period: 'FY2027-Q4' }, fiscal),
    ];
    const rollup = computeRollup({
      reviews,
      config: config(fiscal),
      customers: registry,
      period: { kind: 'quarter', year: 2027, quarter: 4 },
      today: '2027-02-15',
    });
    expect(rollup.period).toEqual({ label: 'FY2027-Q4', kind: 'quarter', start: '2026-11-01', end: '2027-01-31' });
    const [weekly, quarterly] = rollup.teams[0]!.cadence;
    // Thursdays 5 Nov 2026 … 28 Jan 2027: W45–W53 of 2026 and W01–W04 of 2027.
    expect(weekly!.expected).toEqual([
      ...['45', '46', '47', '48', '49', '50', '51', '52', '53'].map((week) => `2026-W${week}`),
      ...['01', '02', '03', '04'].map((week) => `2027-W${week}`),
    ]);
    expect(weekly!.held).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weekly!.streak).toBe(0);
    expect(quarterly).toMatchObject({ ritual: 'quarterly', expected: ['FY2027-Q4'], held: ['FY2027-Q4'], streak: 1 });
    // Undated reviews count from their Mondays: 21 December (W52) to 11 January (W02, after W53 and W01) is 21 days.
    expect(rollup.organisation.flags.medianResolutionDays).toBe(21);
    expect(rollup.teams[0]!.flags[0]).toMatchObject({ since: '2026-W52', lastSeen: '2027-W01', durationDays: 21, durationWeeks: 3, resolvedIn: '2027-W02', escalated: true });
    const score = rollup.organisation.scores[0]!;
    expect(score.months).toEqual([
      { month: '2026-12', count: 2, average: 2.5, min: 2, max: 3 },
      { month: '2027-01', count: 2, average: 4.5, min: 4, max: 5 },
    ]);
    // Thursdays 24 Dec, 31 Dec, 7 Jan, 14 Jan: one point a week, one up a week.
    expect(score).toMatchObject({ count: 4, average: 3.5, trend: 'up', slopePerWeek: 1 });
  });

  it('rolls up an empty period: everything missing, nothing counted, no figures invented', () => {
    const rollup = computeRollup({ reviews: [], config: config(), customers: registry, period: Q4_2026, today: '2026-10-20' });
    // Without teams configured the workbook is one team.
    expect(rollup.teams).toHaveLength(1);
    expect(rollup.teams[0]!.team).toBeUndefined();
    // Tuesday 20 October is in W43: W40–W42 are over and missing; W43 and the quarter are still under way.
    expect(rollup.teams[0]!.cadence.map((row) => [row.ritual, row.expected.length, row.missing.length, row.streak])).toEqual([
      ['weekly', 3, 3, 0],
      ['quarterly', 0, 0, 0],
    ]);
    expect(rollup.organisation).toMatchObject({
      reviews: 0,
      customers: [],
      silentCustomers: ['acme', 'globex', 'hooli', 'initech'],
      flags: { episodes: 0, open: 0, resolved: 0, escalated: 0, openEscalated: 0, medianResolutionDays: null, worstResolutionDays: null },
      scores: [],
      voice: [],
      themes: [],
      value: { claims: 0, withEvidence: 0 },
      actions: { total: 0, opened: 0, closed: 0, dropped: 0, open: 0, overdue: 0, byOwner: [] },
    });
  });

  it('expects a week only once it is over or held: a week under way without a review is not missing', () => {
    const cadenceOn = (today: string, reviews: Review[] = []) =>
      computeRollup({ reviews, config: config(), customers: [], period: Q4_2026, today }).organisation.cadence.map((row) => [row.ritual, row.expected, row.held, row.missing.length, row.streak]);
    // Before the period starts nothing is expected.
    expect(cadenceOn('2026-09-27')).toEqual([
      ['weekly', 0, 0, 0, 0],
      ['quarterly', 0, 0, 0, 0],
    ]);
    // W40 (Monday 28 September – Sunday 4 October) belongs to Q4 by its Thursday, 1 October.
    // Under way, without a review, it is not missing yet, up to and including its Sunday.
    expect(cadenceOn('2026-09-28')).toEqual([
      ['weekly', 0, 0, 0, 0],
      ['quarterly', 0, 0, 0, 0],
    ]);
    expect(cadenceOn('2026-10-04')).toEqual([
      ['weekly', 0, 0, 0, 0],
      ['quarterly', 0, 0, 0, 0],
    ]);
    // Under way with a review, it is held and expected.
    expect(cadenceOn('2026-09-28', [review({ period: '2026-W40' })])).toEqual([
      ['weekly', 1, 1, 0, 1],
      ['quarterly', 0, 0, 0, 0],
    ]);
    // Once it is over (Monday 5 October), it is expected, and missing without a review.
    expect(cadenceOn('2026-10-05')).toEqual([
      ['weekly', 1, 0, 1, 0],
      ['quarterly', 0, 0, 0, 0],
    ]);
  });

  it('rolls up a single week and a year with the rituals that fit in them', () => {
    const week = computeRollup({ reviews: emeaQ4(), config: emeaConfig, customers: registry, period: { kind: 'week', year: 2026, week: 47 }, today: TODAY });
    expect(week.teams[0]!.cadence.map((row) => [row.ritual, row.expected, row.held])).toEqual([['weekly', ['2026-W47'], ['2026-W47']]]);
    expect(week.organisation.flags.open).toBe(1);
    const year = computeRollup({ reviews: emeaQ4(), config: emeaConfig, customers: registry, period: { kind: 'year', year: 2026 }, today: TODAY });
    // On Thursday 26 November 2026: W01–W47 are over and W48 is held (48 weeks); Q1–Q3 are over,
    // Q4 and the year are still under way and not held, so not expected yet.
    expect(year.teams[0]!.cadence.map((row) => [row.ritual, row.expected.length, row.held.length, row.streak])).toEqual([
      ['weekly', 48, 8, 2],
      ['quarterly', 3, 0, 0],
      ['annual', 0, 0, 0],
    ]);
  });
});

describe('computeRollup: teams', () => {
  const teams = [
    { id: 'apac', name: 'APAC', members: [] },
    { id: 'emea-cs', name: 'EMEA Customer Success', members: [] },
  ];

  it('shows a configured team with no files, with every expected week missing', () => {
    const rollup = computeRollup({ reviews: emeaQ4(), config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams.map((team) => team.team)).toEqual(['apac', 'emea-cs']);
    const apac = rollup.teams[0]!;
    expect(apac).toMatchObject({ name: 'APAC', reviews: 0, customers: [], flags: [], actions: [] });
    // W40–W47 are over by Thursday 26 November; W48 is under way and APAC has no review of it.
    expect(apac.cadence[0]).toMatchObject({ ritual: 'weekly', held: [], streak: 0 });
    expect(apac.cadence[0]!.missing).toHaveLength(8);
    // EMEA expects W40–W48 (9, W48 held) and misses W43 and W46; APAC expects and misses W40–W47 (8).
    // W48, the latest week, is held by every team that is expected to have held it (EMEA only), and
    // W47 is missed by APAC: an organisation streak of 1.
    expect(rollup.organisation.cadence[0]).toMatchObject({ ritual: 'weekly', teams: 2, expected: 17, held: 7, streak: 1 });
    expect(rollup.organisation.cadence[0]!.missing).toHaveLength(10);
  });

  it('rolls up one team when asked', () => {
    const rollup = computeRollup({ reviews: emeaQ4(), config: config({ teams }), customers: registry, period: Q4_2026, team: 'apac', today: TODAY });
    expect(rollup.teams.map((team) => team.team)).toEqual(['apac']);
    expect(rollup.organisation.reviews).toBe(0);
  });

  it('merges contacts of the same customer across teams by distinct week', () => {
    const reviews = [
      review({ team: 'apac', period: '2026-W41', customers: ['acme'], date: '2026-10-09' }),
      review({ team: 'apac', period: '2026-W42', customers: ['acme'], date: '2026-10-16' }),
      review({ team: 'emea-cs', period: '2026-W42', customers: ['acme'], date: '2026-10-15' }),
      review({ team: 'emea-cs', period: '2026-W43', customers: ['acme'], date: '2026-10-22' }),
    ];
    const rollup = computeRollup({ reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.organisation.customers[0]).toEqual({
      id: 'acme',
      name: 'Acme Corp',
      known: true,
      weeksInContact: 3,
      weeksFlagged: 0,
      lastContact: { period: '2026-W43', date: '2026-10-22', team: 'emea-cs' },
      teams: ['apac', 'emea-cs'],
    });
    // Each team expects W40–W47 (W48 is under way and held by neither): 16. All teams held W42 only;
    // the last expected week (W47) was held by nobody.
    expect(rollup.organisation.cadence[0]).toMatchObject({ expected: 16, held: 4, streak: 0 });
  });
});

describe('computeRollup: flags', () => {
  /** Acme flagged in the weekly held Thursday 1 October and in every weekly after it, as of `today`. */
  function flagged(today: string, escalateAfterWeeks: number): Rollup {
    const weeks = ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44'].filter((_, index) => index * 7 <= daysAfterFirst(today));
    const reviews = weeks.map((period, index) =>
      review({ period, date: `2026-10-${String(1 + 7 * index).padStart(2, '0')}`, flags: [{ customer: 'acme', reason: 'stuck', since: '2026-W40' }] }),
    );
    return computeRollup({ reviews, config: config({ escalateAfterWeeks }), customers: registry, period: Q4_2026, today });
  }
  const daysAfterFirst = (day: string) => (Date.parse(day) - Date.parse('2026-10-01')) / 86_400_000;

  it.each([
    { today: '2026-10-21', threshold: 3, days: 20, escalated: false },
    { today: '2026-10-22', threshold: 3, days: 21, escalated: true },
    { today: '2026-10-28', threshold: 4, days: 27, escalated: false },
    { today: '2026-10-29', threshold: 4, days: 28, escalated: true },
    { today: '2026-10-07', threshold: 1, days: 6, escalated: false },
    { today: '2026-10-08', threshold: 1, days: 7, escalated: true },
  ])('escalates a flag open $days days when the threshold is $threshold weeks: $escalated', ({ today, threshold, days, escalated }) => {
    const rollup = flagged(today, threshold);
    expect(rollup.teams[0]!.flags).toHaveLength(1);
    expect(rollup.teams[0]!.flags[0]).toMatchObject({ status: 'open', sinceDay: '2026-10-01', durationDays: days, durationWeeks: Math.floor(days / 7), escalated });
    expect(rollup.organisation.flags.openEscalated).toBe(escalated ? 1 : 0);
  });

  it('counts the weeks without a weekly: a flag raised once and never reviewed again is open all that time', () => {
    const reviews = [review({ period: '2026-W40', date: '2026-10-01', flags: [{ customer: 'acme', reason: 'stuck', since: '2026-W40' }] })];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: '2026-11-26' });
    // 1 October to 26 November: 56 days, 8 weeks, though only one weekly listed it.
    expect(rollup.teams[0]!.flags[0]).toMatchObject({ status: 'open', lastSeen: '2026-W40', durationDays: 56, durationWeeks: 8, escalated: true });
  });

  it('counts a customer flagged, resolved and flagged again as two episodes, even when the old `since` is carried by mistake', () => {
    const reviews = [
      review({ period: '2026-W40', flags: [{ customer: 'acme', since: '2026-W40' }] }),
      review({ period: '2026-W41', resolved: [{ customer: 'acme', since: '2026-W40' }] }),
      review({ period: '2026-W42' }),
      review({ period: '2026-W43', flags: [{ customer: 'acme', since: '2026-W40' }] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    // Undated reviews count from their Mondays: 28 September to 5 October.
    expect(rollup.teams[0]!.flags.map((episode) => [episode.since, episode.status, episode.resolvedIn, episode.resolutionDays])).toEqual([
      ['2026-W40', 'resolved', '2026-W41', 7],
      ['2026-W43', 'open', undefined, undefined],
    ]);
  });

  it('counts the resolution of a flag raised before the period, even if no weekly of the period listed it', () => {
    const reviews = [review({ period: '2026-W40', resolved: [{ customer: 'globex', since: '2026-W36', note: 'fixed' }] })];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams[0]!.flags).toEqual([
      // Monday 31 August (W36) to Monday 28 September (W40): 28 days.
      {
        customer: 'globex',
        since: '2026-W36',
        sinceDay: '2026-08-31',
        durationDays: 28,
        durationWeeks: 4,
        status: 'resolved',
        resolvedIn: '2026-W40',
        resolvedOn: '2026-09-28',
        resolution: 'explicit',
        resolutionDays: 28,
        escalated: true,
        reason: '',
        note: 'fixed',
      },
    ]);
  });

  it('resolves a flag that disappears without a `resolved` entry in the first later weekly, skipped weeks included', () => {
    const reviews = [
      review({ period: '2026-W40', flags: [{ customer: 'acme', since: '2026-W40' }] }),
      review({ period: '2026-W43' }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    // Monday 28 September to Monday 19 October: the two weeks without a weekly count.
    expect(rollup.teams[0]!.flags[0]).toMatchObject({ lastSeen: '2026-W40', durationDays: 21, durationWeeks: 3, resolvedIn: '2026-W43', resolution: 'implicit', resolutionDays: 21 });
  });
});

describe('computeRollup: actions', () => {
  it('counts an action copied forward by hand, and ticked in the copy, once', () => {
    const reviews = [
      review({ period: '2026-W40', actions: ['[ ] Call Acme @ana'] }),
      // Copied by hand (no since:), with other capitals and spacing, and ticked.
      review({ period: '2026-W41', actions: ['[x] call  acme @ana'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.organisation.actions).toMatchObject({ total: 1, opened: 1, open: 0, closed: 1 });
    expect(rollup.teams[0]!.actions[0]).toMatchObject({ since: '2026-W40', closedIn: '2026-W41', file: 'rhythm/weekly/2026-W41.md' });
  });

  it('closes an action ticked in an older copy: the box ticked is whichever copy was open in the editor', () => {
    const reviews = [
      review({ period: '2026-W40', date: '2026-10-01', actions: ['[x] Call Acme @ana'] }),
      review({ period: '2026-W41', date: '2026-10-08', actions: ['[ ] Call Acme @ana'] }),
      review({ period: '2026-W42', date: '2026-10-15', actions: ['[ ] Call Acme @ana'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams[0]!.actions).toEqual([expect.objectContaining({ state: 'done', closedIn: '2026-W40', closedOn: '2026-10-01', file: 'rhythm/weekly/2026-W40.md' })]);
    expect(rollup.organisation.actions).toMatchObject({ total: 1, open: 0, closed: 1 });
  });

  it('tells a stale copy of a closed action from the same words written again months later', () => {
    const reviews = [
      review({ period: '2026-W40', date: '2026-10-01', actions: ['[ ] Send the renewal proposal @bo'] }),
      review({ period: '2026-W41', date: '2026-10-08', actions: ['[x] Send the renewal proposal @bo'] }),
      // Copied from W40 by mistake, in the next weekly after the one that ticked it: stale, still done.
      review({ period: '2026-W43', date: '2026-10-22', actions: ['[ ] Send the renewal proposal @bo'] }),
      review({ period: '2026-W44', date: '2026-10-29', actions: ['[ ] Call Acme'] }),
      // Written again for the next renewal: a new action.
      review({ period: '2026-W47', date: '2026-11-19', actions: ['[ ] Send the renewal proposal @bo'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams[0]!.actions.filter((action) => action.title === 'Send the renewal proposal').map((action) => [action.openedOn, action.state])).toEqual([
      ['2026-10-01', 'done'],
      ['2026-11-19', 'open'],
    ]);
  });

  it('counts a review whose date is far from its period (a typo) as held on its period’s first day, never hidden until then', () => {
    const reviews = [review({ period: '2026-W47', date: '2062-11-19', flags: [{ customer: 'acme', reason: 'stuck', since: '2026-W47' }], actions: ['[ ] Call Acme'] })];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams[0]!.actions).toEqual([expect.objectContaining({ openedOn: '2026-11-16', ageDays: 10 })]);
    expect(rollup.teams[0]!.flags).toEqual([expect.objectContaining({ sinceDay: '2026-11-16', status: 'open' })]);
    expect(rollup.teams[0]!.cadence[0]!.held).toEqual(['2026-W47']);
  });

  it('follows an action across rituals, in the order the reviews were held', () => {
    const reviews = [
      // Written in a weekly, dropped in the quarterly held 18 December; the weekly copy after that is stale.
      review({ period: '2026-W40', date: '2026-10-01', actions: ['[ ] Hire a second CSM @bo'] }),
      review({ ritual: 'quarterly', period: '2026-Q4', date: '2026-12-18', actions: ['[-] Hire a second CSM @bo'] }),
      review({ period: '2026-W52', date: '2026-12-22', actions: ['[ ] Hire a second CSM @bo'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: '2026-12-31' });
    expect(rollup.teams[0]!.actions).toEqual([expect.objectContaining({ state: 'dropped', openedOn: '2026-10-01', closedIn: '2026-Q4', closedOn: '2026-12-18' })]);
  });

  it('keeps the same words opened in different periods (by since:) apart', () => {
    const reviews = [
      review({ period: '2026-W40', actions: ['[x] Send the weekly digest'] }),
      review({ period: '2026-W44', actions: ['[ ] Send the weekly digest since:2026-W44'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.organisation.actions).toMatchObject({ total: 2, open: 1, closed: 1 });
  });

  it('gives each of two actions with the same words in one review its own item', () => {
    const reviews = [
      review({ period: '2026-W40', actions: ['[ ] Call the sponsor @ana', '[ ] Call the sponsor @bo'] }),
      review({ period: '2026-W41', actions: ['[ ] Call the sponsor @bo', '[x] Call the sponsor @ana'] }),
    ];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: TODAY });
    expect(rollup.teams[0]!.actions.map((action) => [action.owner, action.state])).toEqual([
      ['ana', 'done'],
      ['bo', 'open'],
    ]);
  });

  it('ages an action carried with since: from the first day of that period when its review is not at hand', () => {
    const reviews = [review({ period: '2026-W48', actions: ['[ ] Call Acme since:2026-W47'] })];
    const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: '2026-11-26' });
    // Monday 16 November → Thursday 26 November.
    expect(rollup.teams[0]!.actions[0]).toMatchObject({ ageDays: 10, since: '2026-W47', opened: true });
  });
});
