import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateWorkbook, registry as benchRegistry } from '../../bench/generate.mjs';
import { withFields } from '../../src/domain/collections.js';
import { parseConfig, type Config } from '../../src/domain/config.js';
import type { Period } from '../../src/domain/period.js';
import { parseReview, type Review } from '../../src/domain/review.js';
import { computeRollup, rollupByTeam, teamSections, type RollupInput } from '../../src/domain/rollup/compute.js';
import type { TeamRollup } from '../../src/domain/rollup/model.js';
import { summarise, summariseParts, summaryPart } from '../../src/domain/rollup/summary.js';
import { periodLookup } from '../../src/domain/period.js';
import { config, emeaQ4, registry, review, TODAY } from './rollup-fixtures.js';

/**
 * A report written as JSON keeps each team's section as its JSON and the records the summary
 * reads (summaryPart, counts where whole records are not needed), not whole: the organisation
 * summary must be exactly the same.
 */
const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
const YEAR_2025: Period = { kind: 'year', year: 2025 };

function keptEqualsWhole(input: RollupInput): void {
  const whole = computeRollup(input);
  const rollup = rollupByTeam(input);
  // Kept as a cache keeps it: the part through JSON.
  const keep = (section: TeamRollup) => ({ team: section.team, reviews: section.reviews, part: JSON.stringify(summaryPart(section)), section });
  const kept = rollup.finishKept(teamSections(rollup, input.reviews, input.team).map(keep), keep, (section) => JSON.parse(section.part));
  expect(kept.teams.map((team) => team.section)).toEqual(whole.teams);
  expect(kept.organisation).toEqual(whole.organisation);
  const { teams: _wholeTeams, ...wholeHeader } = whole;
  const { teams: _keptTeams, ...keptHeader } = kept;
  expect(keptHeader).toEqual(wholeHeader);
  for (const team of whole.teams) {
    const periods = periodLookup({ fiscalYearStartMonth: whole.fiscalYearStartMonth });
    // A copy of the section: its part computed afresh from its records, not the one remembered when it was made.
    const fresh = summaryPart({ ...team });
    expect(summaryPart(team)).toEqual(fresh);
    expect(summariseParts([JSON.parse(JSON.stringify(fresh))], whole.registry, periods, whole.period.start)).toEqual(team.summary);
    expect(summarise([{ ...team }], whole.registry, periods, whole.period.start)).toEqual(team.summary);
  }
}

let scratch: string | undefined;
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a rollup kept team by team', () => {
  it('has the teams and the organisation summary of the whole rollup (hand-written fixtures)', () => {
    const teams = [
      { id: 'emea-cs', name: 'EMEA Customer Success', members: ['ana'] },
      { id: 'apac', name: 'APAC', members: [] },
      { id: 'quiet', name: 'Quiet team', members: [] },
    ];
    const apac: Review[] = [
      review({ team: 'apac', period: '2026-W41', date: '2026-10-06', customers: ['acme'], heard: ['Acme Corp: "Slow exports." #exports'], flags: [{ customer: 'acme', reason: 'exports time out' }], actions: ['[ ] Fix the export for Acme @bo due:2026-10-20 #acme'] }),
      review({ team: 'apac', period: '2026-W42', date: '2026-10-13', customers: ['globex'], value: ['Globex: saved a day (evidence: usage data)', 'Globex: liked the demo'], resolved: [{ customer: 'acme', note: 'fixed' }], actions: ['[x] Fix the export for Acme @bo due:2026-10-20 #acme'] }),
    ];
    const reviews = [...emeaQ4().map((one) => ({ ...one, team: 'emea-cs' })), ...apac];
    keptEqualsWhole({ reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY });
    keptEqualsWhole({ reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY, team: 'apac' });
    keptEqualsWhole({ reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY });
  });

  it('without the voice (status, actions, customers): no quote or claim, and every other record and figure the same', () => {
    const input: RollupInput = { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY, history: true };
    const whole = computeRollup(input);
    const quiet = computeRollup({ ...input, voice: false });
    const emea = whole.teams.find((team) => team.team === 'emea-cs')!;
    expect([emea.quotes.length, emea.claims.length]).toEqual([4, 2]);
    const withoutVoice = ({ quotes: _quotes, claims: _claims, summary: { voice: _voice, themes: _themes, value: _value, ...summary }, ...team }: TeamRollup) => ({ ...team, summary });
    expect(quiet.teams.map((team) => [team.quotes, team.claims])).toEqual(whole.teams.map(() => [[], []]));
    expect(quiet.teams.map(withoutVoice)).toEqual(whole.teams.map(withoutVoice));
    expect(quiet.organisation).toEqual({ ...whole.organisation, voice: [], themes: [], value: { claims: 0, withEvidence: 0 } });
  });

  it('of actions alone (rhythm actions, rhythm done): the actions of the whole rollup, and no other record', () => {
    for (const input of [
      { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY, history: true },
      { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: '2026-11-10' },
    ] satisfies RollupInput[]) {
      const whole = computeRollup(input);
      const actions = computeRollup({ ...input, voice: false, records: 'actions' });
      expect(whole.teams.flatMap((team) => team.actions).length).toBeGreaterThan(3);
      expect(actions.teams.map((team) => [team.team, team.actions])).toEqual(whole.teams.map((team) => [team.team, team.actions]));
      for (const team of actions.teams) {
        expect([team.cadence, team.customers, team.flags, team.scores, team.quotes, team.claims]).toEqual([[], [], [], [], [], []]);
        expect(team.summary.actions).toEqual(whole.teams.find((other) => other.team === team.team)!.summary.actions);
        expect([team.summary.customers, team.summary.silentCustomers, team.summary.cadence]).toEqual([[], [], []]);
      }
    }
  });

  it('of contacts alone (the list of customers): the contacts, flags and customer figures of the whole rollup, and no other record', () => {
    const teams = [
      { id: 'emea-cs', name: 'EMEA Customer Success', members: ['ana'] },
      { id: 'apac', name: 'APAC', members: [] },
    ];
    const apac: Review[] = [
      review({ team: 'apac', period: '2026-W41', date: '2026-10-06', customers: ['acme'], flags: [{ customer: 'acme', reason: 'exports time out' }], actions: ['[ ] Fix the export for Acme @bo #acme'] }),
      review({ team: 'apac', period: '2026-W42', date: '2026-10-13', customers: ['globex'], resolved: [{ customer: 'acme', note: 'fixed' }] }),
    ];
    const reviews = [...emeaQ4().map((one) => ({ ...one, team: 'emea-cs' })), ...apac];
    for (const input of [
      { reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY, history: true },
      { reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: '2026-10-20' },
    ] satisfies RollupInput[]) {
      const whole = computeRollup(input);
      const contacts = computeRollup({ ...input, voice: false, records: 'contacts' });
      expect(whole.organisation.customers.length).toBeGreaterThan(1);
      expect(contacts.teams.map((team) => [team.team, team.customers, team.flags])).toEqual(whole.teams.map((team) => [team.team, team.customers, team.flags]));
      for (const team of contacts.teams) expect([team.cadence, team.scores, team.quotes, team.claims, team.actions]).toEqual([[], [], [], [], []]);
      const { customers, silentCustomers, flags, teams: count } = whole.organisation;
      expect(contacts.organisation).toMatchObject({ customers, silentCustomers, flags, teams: count });
    }
  });

  it('of what status shows: the cadence, flags, score points, actions and summarised scores of the whole rollup, and no customer activity', () => {
    for (const input of [
      { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY, history: true },
      { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: '2026-11-10', history: true },
    ] satisfies RollupInput[]) {
      const whole = computeRollup({ ...input, voice: false });
      const status = computeRollup({ ...input, voice: false, records: 'status' });
      const shown = (team: TeamRollup) => [team.team, team.cadence, team.flags, team.scores, team.actions, team.summary.scores, team.summary.flags, team.summary.actions];
      expect(whole.teams.flatMap((team) => team.summary.scores).length).toBeGreaterThan(0);
      expect(whole.teams.flatMap((team) => team.customers).length).toBeGreaterThan(0);
      expect(status.teams.map(shown)).toEqual(whole.teams.map(shown));
      for (const team of status.teams) expect([team.customers, team.summary.customers, team.summary.cadence, team.summary.silentCustomers]).toEqual([[], [], [], []]);
    }
  });

  it('computes the organisation summary when it is first read, once (status and actions never read it), and writes it last in JSON', () => {
    const input: RollupInput = { reviews: emeaQ4(), config: config(), customers: registry, period: Q4_2026, today: TODAY };
    const whole = computeRollup(input);
    const rollup = rollupByTeam(input);
    let parts = 0;
    const kept = rollup.finishKept(teamSections(rollup, input.reviews), (section) => section, (section) => {
      parts++;
      return summaryPart(section);
    });
    expect(parts).toBe(0);
    // Copied as the rollup of a command is (io/reviews.ts): still not computed.
    const copy = withFields(kept, { teams: kept.teams.map((team) => ({ ...team })) });
    expect(parts).toBe(0);
    expect(copy.organisation).toEqual(whole.organisation);
    expect(parts).toBe(kept.teams.length);
    expect(copy.organisation).toBe(copy.organisation);
    expect(parts).toBe(kept.teams.length);
    expect(JSON.stringify(kept)).toBe(JSON.stringify(whole));
    expect(Object.keys(copy).at(-1)).toBe('organisation');
    // A summary known already (a cache's) is the one given.
    const known = rollup.finishKept(kept.teams, (section) => section, () => summaryPart(kept.teams[0]!), whole.organisation);
    expect(known.organisation).toBe(whole.organisation);
  });

  it('has the teams and the organisation summary of the whole rollup (a generated year of 40 teams)', () => {
    scratch = mkdtempSync(join(tmpdir(), 'rhythm-kept-'));
    generateWorkbook(scratch, { files: 2000, year: 2025 });
    const parsed = parseConfig(readFileSync(join(scratch, 'rhythm.yaml'), 'utf8'));
    expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const workbookConfig: Config = parsed.config;
    const folder = join(scratch, 'rhythm');
    const reviews = (readdirSync(folder, { recursive: true }) as string[])
      .filter((name) => name.endsWith('.md'))
      .map((name) => parseReview(readFileSync(join(folder, name), 'utf8'), `rhythm/${name}`, workbookConfig).review!);
    expect(reviews).toHaveLength(2000);
    keptEqualsWhole({ reviews, config: workbookConfig, customers: benchRegistry(), period: YEAR_2025, today: '2025-12-31' });
    keptEqualsWhole({ reviews, config: workbookConfig, customers: benchRegistry(), period: { kind: 'quarter', year: 2025, quarter: 3 }, today: '2025-08-15' });
    // Actions alone, as rhythm actions asks for them: the same ledger.
    const current: RollupInput = { reviews, config: workbookConfig, customers: benchRegistry(), period: YEAR_2025, today: '2025-11-05', history: true };
    const ledger = (rollup: { teams: TeamRollup[] }) => rollup.teams.map((team) => team.actions);
    expect(ledger(computeRollup({ ...current, voice: false, records: 'actions' }))).toEqual(ledger(computeRollup(current)));
  });
});
