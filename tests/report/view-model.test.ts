import { describe, expect, it } from 'vitest';
import { formatPeriod, periodsWithin } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { DEFAULT_SCALES, reportView, type Scales, type SummaryItem } from '../../src/report/view-model.js';
import { config, registry, review, TODAY, type ReviewSpec } from '../domain/rollup-fixtures.js';
import { emeaRollup, Q4_2026, twoTeamRollup } from './fixtures.js';

function rollupOf(specs: ReviewSpec[], teams: string[] = []): Rollup {
  return computeRollup({
    reviews: specs.map((spec) => review(spec)),
    config: config({ teams: teams.map((id) => ({ id, name: id.toUpperCase(), members: [] })) }),
    customers: registry,
    period: Q4_2026,
    today: TODAY,
  });
}

/** One weekly review a value, from W40 on. */
function scored(id: string, values: number[], ritual = 'weekly'): ReviewSpec[] {
  return values.map((value, index) => ({ ritual, period: ritual === 'weekly' ? `2026-W${40 + index}` : '2026-Q4', scores: { [id]: value } }));
}

function item<Kind extends SummaryItem['kind']>(items: readonly SummaryItem[], kind: Kind): Extract<SummaryItem, { kind: Kind }> {
  const found = items.find((candidate) => candidate.kind === kind);
  expect(found, kind).toBeDefined();
  return found as Extract<SummaryItem, { kind: Kind }>;
}

describe('reportView: scales', () => {
  it.each<[string, Scales | undefined, Scales]>([
    ['the built-in scales without templates', undefined, DEFAULT_SCALES],
    ["a template's scale over a built-in one", { value_confidence: { min: 0, max: 10 } }, { value_confidence: { min: 0, max: 10 }, rhythm_kept: { min: 1, max: 5 } }],
    ['a scale of its own beside the built-in ones', { nps: { min: -100, max: 100 } }, { ...DEFAULT_SCALES, nps: { min: -100, max: 100 } }],
  ])('%s', (_, given, expected) => {
    const view = reportView(rollupOf(scored('value_confidence', [3])), given ? { scales: given } : {});
    expect(view.scores[0]!.scale).toEqual(expected.value_confidence);
    expect(view.charts.map((chart) => chart.axis)).toEqual([expected.value_confidence]);
  });

  it.each<[string, number[], Scales, { min: number; max: number }]>([
    ['a known scale', [2, 4], { x: { min: 0, max: 10 } }, { min: 0, max: 10 }],
    ['values on 1–5, the usual scale', [2, 4], {}, { min: 1, max: 5 }],
    ['whole numbers around the values', [2.5, 7.2], {}, { min: 2, max: 8 }],
    ['one value, widened', [40], {}, { min: 39, max: 41 }],
    ['a known scale that is empty, ignored', [2, 4], { x: { min: 3, max: 3 } }, { min: 1, max: 5 }],
  ])('draws a score on %s', (_, values, scales, axis) => {
    const view = reportView(rollupOf(scored('x', values)), { scales });
    expect(view.charts[0]!.axis).toEqual(axis);
    expect(view.scores[0]!.axis).toEqual(axis);
    // A sparkline spans the question's scale only when one is known.
    expect(view.scores[0]!.scale).toEqual(scales.x);
  });
});

describe('reportView: the executive summary', () => {
  it('has at most five items, each with its tone', () => {
    expect(reportView(emeaRollup()).summary.map(({ kind, tone }) => [kind, tone])).toEqual([
      ['flags', 'bad'],
      ['silent', 'warn'],
      ['cadence', 'bad'],
      ['confidence', 'neutral'],
      // One of two open actions overdue: a third or more is red, not amber.
      ['actions', 'bad'],
    ]);
  });

  it.each<[string[], string]>([
    [['[ ] Call Acme @ana due:2026-12-30', '[ ] Fix SSO @bo'], 'good'],
    [['[ ] Call Acme @ana due:2026-11-01', '[ ] Fix SSO @bo', '[ ] Plan QBR @bo', '[ ] Send deck @bo'], 'warn'],
    [['[ ] Call Acme @ana due:2026-11-01', '[ ] Fix SSO @bo due:2026-11-02', '[ ] Plan QBR @bo'], 'bad'],
  ])('colours actions %j by how many are overdue: %s', (actions, tone) => {
    expect(item(reportView(rollupOf([{ period: '2026-W47', date: '2026-11-19', actions }])).summary, 'actions').tone).toBe(tone);
  });

  it('names each open customer once across teams, with its longest flag', () => {
    const flags = item(reportView(twoTeamRollup()).summary, 'flags');
    expect({ ...flags, open: flags.open.map(({ response: _response, ...flag }) => flag) }).toEqual({ kind: 'flags', tone: 'bad', open: [{ id: 'globex', customer: 'Globex', days: 17, escalated: false }], resolved: 3, medianResolutionDays: 21 });
    // APAC's action names Globex: what is being done comes from any team.
    expect(flags.open[0]!.response).toMatchObject({ owners: ['lee'], overdue: 0 });
    expect(flags.open[0]!.response.actions.map((action) => [action.team, action.title])).toEqual([['apac', 'Meet the new Globex sponsor']]);
  });

  it.each<[string, () => Rollup, unknown]>([
    ['one team: the periods missed', emeaRollup, { by: 'period', periods: ['2026-W43', '2026-W46'] }],
    ['several teams: how many each team missed', twoTeamRollup, { by: 'team', teams: [{ team: 'APAC', count: 5 }, { team: 'EMEA Customer Success', count: 2 }] }],
  ])('says which rituals were missed, for %s', (_, rollup, missing) => {
    expect(item(reportView(rollup()).summary, 'cadence').rituals.map((ritual) => ritual.missing)).toEqual([missing]);
  });

  it.each<[string, ReviewSpec[], string | undefined]>([
    ['the weekly score, when there is one', [...scored('value_confidence', [4], 'quarterly'), ...scored('value_confidence', [2, 3])], 'weekly'],
    ['another ritual’s, without a weekly one', scored('value_confidence', [4], 'quarterly'), 'quarterly'],
    ['none without the score', scored('nps', [40]), undefined],
  ])('stands for confidence with %s', (_, specs, ritual) => {
    const view = reportView(rollupOf(specs));
    const confidence = view.summary.find((candidate) => candidate.kind === 'confidence');
    expect(confidence?.kind === 'confidence' ? confidence.score.summary.ritual : undefined).toBe(ritual);
    expect(view.teams[0]!.confidence?.ritual).toBe(ritual);
  });

  it('has the lines a short summary adds', () => {
    expect(reportView(emeaRollup()).overview).toEqual([
      { kind: 'customers', tone: 'neutral', contacted: 3, flagged: 2 },
      { kind: 'voice', tone: 'neutral', quotes: 4, themes: [{ tag: 'reporting', count: 2 }, { tag: 'adoption', count: 1 }, { tag: 'speed', count: 1 }] },
      { kind: 'value', tone: 'neutral', claims: 2, withEvidence: 1 },
    ]);
  });

  it("gives each team the lines of its own section, its cadence by period", () => {
    const [apac] = reportView(twoTeamRollup()).teams;
    expect(apac!.name).toBe('APAC');
    expect(apac!.summary.map((line) => line.kind)).toEqual(['flags', 'cadence', 'confidence', 'actions', 'customers']);
    expect(item(apac!.summary, 'cadence').rituals[0]!.missing).toEqual({ by: 'period', periods: ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W46'] });
  });
});

describe('reportView: what each section shows', () => {
  it.each<[string, () => Rollup, boolean | undefined, boolean]>([
    ['one team', emeaRollup, undefined, false],
    ['two teams', twoTeamRollup, undefined, true],
    ['one team, asked for', emeaRollup, true, true],
    ['two teams, declined', twoTeamRollup, false, false],
  ])('adds a section per team for %s', (_, rollup, byTeam, expected) => {
    expect(reportView(rollup(), byTeam === undefined ? {} : { byTeam }).byTeam).toBe(expected);
  });

  it.each<[string, (rollup: Rollup) => Rollup, string]>([
    ['a period with its days', (rollup) => rollup, '2026-Q4, Thu 1 Oct – Thu 31 Dec 2026'],
    ['a label that is no period, with the rollup’s days', (rollup) => ({ ...rollup, period: { ...rollup.period, label: 'Autumn push' } }), 'Autumn push, 2026-10-01 – 2026-12-31'],
  ])('titles %s', (_, change, title) => {
    expect(reportView(change(emeaRollup())).title).toBe(title);
  });

  it('has a column for every ISO week whose Thursday is in the period', () => {
    const view = reportView(emeaRollup());
    expect(view.timeline.weeks.map((week) => week.label)).toEqual(periodsWithin(Q4_2026, 'week', { fiscalYearStartMonth: 1 }).map((week) => formatPeriod(week, { fiscalYearStartMonth: 1 })));
    expect(view.timeline).toMatchObject({ start: '2026-09-28', end: '2027-01-04' });
  });

  it('marks each calendar cell held, missed or not due yet', () => {
    const [weekly, quarterly] = reportView(emeaRollup()).teams[0]!.cadence;
    const states = (cells: { state: string }[]) => cells.map((cell) => cell.state).join(' ');
    expect(weekly!.held).toBe(7);
    expect(states(weekly!.cells)).toBe('held held held missed held held missed held held not-due not-due not-due not-due not-due');
    expect(quarterly!.cells.map(({ label, state }) => [label, state])).toEqual([['2026-Q4', 'not-due']]);
  });

  it.each<[string, 'byCustomer' | 'byUrgency', string[]]>([
    ['open first, then by customer and start', 'byCustomer', ['Globex apac 2026-W46', 'Globex emea-cs 2026-W47', 'Globex emea-cs 2026-W38', 'Hooli apac 2026-W44', 'Initech emea-cs 2026-W42']],
    // Hooli and Initech were both flagged 21 days: by name.
    ['open first, then escalated and the longest', 'byUrgency', ['Globex apac 2026-W46', 'Globex emea-cs 2026-W47', 'Globex emea-cs 2026-W38', 'Hooli apac 2026-W44', 'Initech emea-cs 2026-W42']],
  ])('orders flags %s', (_, order, expected) => {
    const view = reportView(twoTeamRollup());
    expect(view.flags[order].map((flag) => `${view.customerName(flag.customer)} ${flag.team} ${flag.since}`)).toEqual(expected);
  });

  it('gives a timeline a row per team and customer, who needs attention first, each flag over its weeks', () => {
    const rows = reportView(twoTeamRollup()).flags.rows;
    expect(rows.map((row) => [row.team, row.customer, row.spans.map((span) => `${span.start}..${span.end}${span.carriedIn ? ' carried in' : ''}`)])).toEqual([
      ['apac', 'globex', ['2026-11-09..2026-11-30']],
      ['apac', 'hooli', ['2026-10-26..2026-11-09']],
      ['emea-cs', 'globex', ['2026-09-14..2026-10-12 carried in', '2026-11-16..2026-11-30']],
      ['emea-cs', 'initech', ['2026-10-12..2026-11-02']],
    ]);
  });

  it.each<[string, string, string]>([
    ['a quote without tags', 'Acme: "Fast."', '"Fast."'],
    ['tags taken out, spaces closed up', 'Acme: "Fast"  #speed   now #ux', '"Fast" now'],
    ['a quote of tags alone, kept', 'Acme: #speed #ux', '#speed #ux'],
  ])('shows the words of %s', (_, heard, words) => {
    const view = reportView(rollupOf([{ period: '2026-W40', heard: [heard] }]));
    expect(view.voice.groups.map((group) => [group.title, group.quotes.map((quote) => quote.words)])).toEqual([['Acme Corp', [words]]]);
  });

  it('groups quotes by who said them, and places them by period and team', () => {
    const view = reportView(twoTeamRollup());
    // Customers not receiving value first (Globex), then as the summary counts them.
    expect(view.voice.groups.map((group) => [group.title, group.quotes.map((quote) => quote.where)])).toEqual([
      ['Globex', ['2026-W47, APAC']],
      ['Acme Corp', ['2026-W40, EMEA Customer Success', '2026-W48, EMEA Customer Success']],
      ['Hooli', ['2026-W44, APAC', '2026-W45, APAC']],
      ['Initech', ['2026-W44, EMEA Customer Success']],
      ['Someone (not in the registry)', ['2026-W44, EMEA Customer Success']],
    ]);
  });

  it('puts claims with evidence first, the latest first', () => {
    const view = reportView(twoTeamRollup());
    expect(view.claims.map((claim) => claim.claim.text)).toEqual(['saves two hours a week', 'export adopted by 12 analysts', 'nothing yet']);
    expect(view.claimsByEvidence.map((claim) => [claim.who, claim.claim.text])).toEqual([
      ['Acme Corp', 'export adopted by 12 analysts'],
      ['Acme Corp', 'saves two hours a week'],
      ['Globex', 'nothing yet'],
    ]);
  });

  it('shows the latest quotes of each customer, more of one not receiving value, all with full', () => {
    const heard = (customer: string, count: number) => Array.from({ length: count }, (_, index) => `${customer}: "Point ${index + 1}."`);
    const specs: ReviewSpec[] = [
      { period: '2026-W44', customers: ['acme', 'globex'], heard: [...heard('Acme Corp', 4), ...heard('Globex', 5)] },
      { period: '2026-W45', customers: ['globex'], flags: [{ customer: 'globex', reason: 'renewal at risk' }], heard: ['Globex: "Late again."', 'Acme Corp: "Fine."'] },
    ];
    const groups = reportView(rollupOf(specs)).voice.groups.map((group) => [group.title, group.quotes.length, group.shown.map((shown) => shown.quote.text)]);
    expect(groups).toEqual([
      ['Globex', 6, ['"Late again."', '"Point 1."', '"Point 2."']],
      ['Acme Corp', 5, ['"Fine."', '"Point 1."']],
    ]);
    expect(reportView(rollupOf(specs), { full: true }).voice.groups.map((group) => group.shown.length)).toEqual([6, 5]);
  });

  it('shows a few claims per customer, with evidence and the latest first, all with full', () => {
    const specs: ReviewSpec[] = [
      { period: '2026-W44', value: ['Acme Corp: one (evidence: usage data)', 'Acme Corp: two', 'Acme Corp: three (evidence: survey)'] },
      { period: '2026-W46', value: ['Acme Corp: four (evidence: renewal)', 'Globex: five'] },
    ];
    const view = reportView(rollupOf(specs));
    expect(view.claimGroups.map((group) => [group.customer, group.claims.length, group.shown.map((claim) => claim.claim.text)])).toEqual([
      // With evidence first, the latest first; of one week, the one written last.
      ['acme', 4, ['four', 'three']],
      ['globex', 1, ['five']],
    ]);
    expect(reportView(rollupOf(specs), { full: true }).claimGroups[0]!.shown).toHaveLength(4);
  });

  it('ranks teams by what needs a leader: open escalated flags, open flags, overdue actions, missed rituals', () => {
    // One open flag each; EMEA has an overdue action, APAC none.
    expect(reportView(twoTeamRollup()).teamsByConcern.map((team) => team.name)).toEqual(['EMEA Customer Success', 'APAC']);
    const escalated = rollupOf(
      [
        { team: 'apac', period: '2026-W40', flags: [{ customer: 'hooli', reason: 'sync broken' }] },
        { team: 'apac', period: '2026-W47', flags: [{ customer: 'hooli', reason: 'sync broken', since: '2026-W40' }] },
        { team: 'emea', period: '2026-W47', flags: [{ customer: 'acme', reason: 'slow' }], actions: ['[ ] Call Acme @ana due:2026-11-01'] },
      ],
      ['apac', 'emea'],
    );
    expect(reportView(escalated).teamsByConcern.map((team) => team.name)).toEqual(['APAC', 'EMEA']);
  });

  it('lists open actions overdue first, then the oldest', () => {
    expect(reportView(twoTeamRollup()).openActions.map((action) => action.title)).toEqual(['Send QBR deck', 'Meet the new Globex sponsor', 'Fix SSO']);
  });

  it('orders customers by attention and names the silent ones with their details', () => {
    const view = reportView(emeaRollup());
    expect(view.customers.map((customer) => customer.id)).toEqual(['globex', 'initech', 'acme']);
    expect(view.silent).toEqual([{ name: 'Hooli', segment: 'enterprise', owner: undefined }]);
  });

  it('draws a score once per team when there are several, else once for the whole', () => {
    const panels = (rollup: Rollup) => reportView(rollup).charts[0]!.panels.map((panel) => [panel.team?.name, panel.series.map((summary) => summary.series.length), panel.main?.average]);
    expect(panels(twoTeamRollup())).toEqual([
      ['APAC', [3], 3],
      ['EMEA Customer Success', [7], 3],
    ]);
    expect(panels(emeaRollup())).toEqual([[undefined, [7], 3]]);
  });
});
