/**
 * Issue 11, the ledger: a workbook written by hand, the way a team that edits its reviews in
 * Obsidian or on GitHub writes them (actions copied forward by hand and ticked in a later copy,
 * weeks missed, a year boundary with no review yet in the new year). Every expected figure below
 * is counted by hand from the files, in the comments next to it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempDir, tempRepo } from '../helpers/workbook.js';

const CONFIG = 'workbook: rhythm\nteams:\n  - id: cs\n    name: Customer Success\n    members: [ana, bo]\n  - id: apac\n    name: APAC\n    members: [kim]\nescalateAfterWeeks: 3\n';
const REGISTRY = 'customers:\n  - id: acme\n    name: Acme Corp\n  - id: globex\n    name: Globex\n  - id: initech\n    name: Initech\n  - id: umbrella\n    name: Umbrella\n';

function weekly(period: string, date: string, front: string, actions: string, team = 'cs'): string {
  return `---\nrhythm: 1\nritual: weekly\nperiod: ${period}\nteam: ${team}\ndate: ${date}\nparticipants: [ana, bo]\n${front}---\n# Weekly ${period}\n\n## What will we do about it?  <!-- q:actions -->\n\n${actions}\n`;
}

// Thursday 1 October 2026 is in 2026-W40 (28 Sep – 4 Oct); the quarter 2026-Q4 holds W40 to W53.
const FILES = {
  'rhythm.yaml': CONFIG,
  'rhythm/customers.yaml': REGISTRY,
  // Before the quarter: Umbrella flagged on 24 September (W39), and the Q3 quarterly held on 6 October writes an action.
  'rhythm/cs/weekly/2026-W39.md': weekly('2026-W39', '2026-09-24', 'customers: [acme]\nflags:\n  - customer: umbrella\n    reason: sync broken\n', ''),
  'rhythm/cs/quarterly/2026-Q3.md': `---\nrhythm: 1\nritual: quarterly\nperiod: 2026-Q3\nteam: cs\ndate: 2026-10-06\nparticipants: [ana, bo]\n---\n# Quarterly 2026-Q3\n\n## Actions  <!-- q:actions -->\n\n- [ ] Write the Q4 success plan @ana\n`,
  // Globex is flagged by hand, without a `since:`; two actions are written.
  'rhythm/cs/weekly/2026-W40.md': weekly(
    '2026-W40',
    '2026-10-01',
    'customers: [acme, globex]\nflags:\n  - customer: globex\n    reason: onboarding stalled\n  - customer: umbrella\n    reason: sync broken\n    since: 2026-W39\n',
    '- [ ] Call Globex sponsor @ana due:2026-10-09\n- [ ] Send Acme the export guide @bo',
  ),
  // The list is copied from W40, and the first box ticked in the copy.
  'rhythm/cs/weekly/2026-W41.md': weekly(
    '2026-W41',
    '2026-10-08',
    'customers: [acme]\nflags:\n  - customer: globex\n    reason: onboarding stalled\n',
    '- [x] Call Globex sponsor @ana due:2026-10-09\n- [ ] Send Acme the export guide @bo',
  ),
  // W42 and W43 were missed. W44 was copied from W40 by mistake: its open "Call Globex sponsor" is a stale copy.
  'rhythm/cs/weekly/2026-W44.md': weekly(
    '2026-W44',
    '2026-10-29',
    'customers: [globex]\nflags:\n  - customer: globex\n    reason: still no trained admin\n',
    '- [ ] Call Globex sponsor @ana due:2026-10-09\n- [ ] send acme the  export guide @bo',
  ),
  // Globex is no longer flagged: resolved in W45, 35 days after 1 October. A numbered task list
  // counts (written and done the same day); tasks in an HTML comment or a code block do not.
  'rhythm/cs/weekly/2026-W45.md': weekly(
    '2026-W45',
    '2026-11-05',
    'customers: [acme]\n',
    '- [ ] Send Acme the export guide @bo\n\n1. [x] Book the Acme training room @bo\n\n<!--\n- [ ] Hidden in a comment\n-->\n\n```\n- [ ] Hidden in a code block\n```',
  ),
  'rhythm/cs/quarterly/2026-Q4.md': `---\nrhythm: 1\nritual: quarterly\nperiod: 2026-Q4\nteam: cs\ndate: 2026-12-18\nparticipants: [ana, bo]\n---\n# Quarterly 2026-Q4\n\n## Actions  <!-- q:actions -->\n\n- [ ] Write the Q4 success plan @ana since:2026-Q3\n- [ ] Hire a second CSM @bo due:2027-01-31\n`,
  // The last weekly of the year: Initech flagged, a new action, the export guide still open.
  'rhythm/cs/weekly/2026-W52.md': weekly(
    '2026-W52',
    '2026-12-22',
    'customers: [acme, initech]\nflags:\n  - customer: initech\n    reason: no sponsor since the merger\n',
    '- [ ] Send Acme the export guide @bo\n- [ ] Plan Initech QBR @ana due:2027-01-08',
  ),
  // APAC starts mid-quarter, in W47, and misses W49 and the weeks after W50.
  'rhythm/apac/weekly/2026-W47.md': weekly('2026-W47', '2026-11-19', 'customers: []\n', '', 'apac'),
  'rhythm/apac/weekly/2026-W48.md': weekly('2026-W48', '2026-11-26', 'customers: []\n', '', 'apac'),
  'rhythm/apac/weekly/2026-W50.md': weekly('2026-W50', '2026-12-10', 'customers: []\n', '', 'apac'),
};

interface ActionJson {
  title: string;
  state: string;
  since: string;
  openedOn: string;
  closedOn?: string;
  ageDays?: number;
  file: string;
  overdue: boolean;
}
interface FlagJson {
  customer: string;
  since: string;
  sinceDay: string;
  status: string;
  resolvedIn?: string;
  resolvedOn?: string;
  durationDays: number;
  durationWeeks: number;
  resolutionDays?: number;
  escalated: boolean;
}

async function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const context = testContext({ cwd: dir, now: new Date('2027-03-02T12:00:00Z'), env });
  expect(await main(args, context), context.err()).toBe(0);
  return JSON.parse(context.out()) as unknown;
}

describe('a hand-written workbook, counted as a person counts it', () => {

  it('the quarter: copies are one action, the tick in a later copy closes it, and ages are days since it was written', async () => {
    const dir = tempRepo(FILES);
    const rollup = (await run(dir, ['report', '--quarter', '2026-Q4', '--format', 'json', '--stdout'])) as {
      schemaVersion: number;
      today: string;
      teams: { team: string; actions: ActionJson[]; flags: FlagJson[] }[];
      organisation: { actions: { total: number; opened: number; closed: number; open: number; overdue: number }; flags: { episodes: number; open: number; resolved: number; medianResolutionDays: number | null } };
    };
    expect(rollup.schemaVersion).toBe(2);
    // A past quarter is as of its last day, whatever day the report is run.
    expect(rollup.today).toBe('2026-12-31');
    const cs = rollup.teams.find((team) => team.team === 'cs')!;
    const actions = cs.actions;
    expect(actions.map((action) => [action.title, action.state])).toEqual([
      ['Call Globex sponsor', 'done'],
      ['Send Acme the export guide', 'open'],
      ['Write the Q4 success plan', 'open'],
      ['Book the Acme training room', 'done'],
      ['Hire a second CSM', 'open'],
      ['Plan Initech QBR', 'open'],
    ]);
    const [call, guide, plan4, , hire, plan] = actions;
    // Carried in from the Q3 quarterly held 6 October: 86 days old on 31 December (not the 183 since Q3 began).
    expect(plan4).toMatchObject({ since: '2026-Q3', openedOn: '2026-10-06', ageDays: 86, opened: false });
    // Written 1 October, ticked in the W41 copy held 8 October; W44's open copy does not reopen it.
    expect(call).toMatchObject({ since: '2026-W40', openedOn: '2026-10-01', closedOn: '2026-10-08' });
    expect(call!.ageDays).toBeUndefined();
    // 1 October to 31 December: 91 days; the latest review carrying it is W52.
    expect(guide).toMatchObject({ since: '2026-W40', openedOn: '2026-10-01', ageDays: 91, file: 'rhythm/cs/weekly/2026-W52.md' });
    // Written in the quarterly held 18 December: 13 days old on 31 December, not the 91 days since the quarter began.
    expect(hire).toMatchObject({ since: '2026-Q4', openedOn: '2026-12-18', ageDays: 13 });
    // Written 22 December, due 8 January: 9 days old and not overdue on 31 December.
    expect(plan).toMatchObject({ openedOn: '2026-12-22', ageDays: 9, overdue: false });
    expect(rollup.organisation.actions).toMatchObject({ total: 6, opened: 5, closed: 2, open: 4, overdue: 0 });

    const flags = cs.flags;
    // Globex: flagged 1 October, through two missed weeks, gone from the weekly of 5 November: 35 days, 5 weeks, escalated (3 weeks).
    expect(flags.find((flag) => flag.customer === 'globex')).toMatchObject({
      since: '2026-W40',
      sinceDay: '2026-10-01',
      status: 'resolved',
      resolvedIn: '2026-W45',
      resolvedOn: '2026-11-05',
      durationDays: 35,
      durationWeeks: 5,
      resolutionDays: 35,
      escalated: true,
    });
    // Initech: flagged 22 December, open on 31 December: 9 days, 1 week.
    expect(flags.find((flag) => flag.customer === 'initech')).toMatchObject({ since: '2026-W52', sinceDay: '2026-12-22', status: 'open', durationDays: 9, durationWeeks: 1, escalated: false });
    // Umbrella, carried in: flagged in the weekly of 24 September, gone from the weekly of 8 October: 14 days.
    expect(flags.find((flag) => flag.customer === 'umbrella')).toMatchObject({ since: '2026-W39', sinceDay: '2026-09-24', resolvedIn: '2026-W41', resolutionDays: 14 });
    expect(rollup.organisation.flags).toMatchObject({ episodes: 3, open: 1, resolved: 2, medianResolutionDays: 24.5 });
  });

  it('the quarter: a team that starts mid-quarter misses no week before its first', async () => {
    const dir = tempRepo(FILES);
    const rollup = (await run(dir, ['report', '--quarter', '2026-Q4', '--format', 'json', '--stdout'])) as {
      teams: { team: string; cadence: { ritual: string; expected: string[]; held: string[]; missing: string[] }[] }[];
    };
    const weekly = (team: string) => rollup.teams.find((section) => section.team === team)!.cadence.find((row) => row.ritual === 'weekly')!;
    // APAC: W47 to W53 (the last week of the quarter has its Thursday on 31 December), 3 held.
    expect(weekly('apac')).toMatchObject({ held: ['2026-W47', '2026-W48', '2026-W50'], missing: ['2026-W49', '2026-W51', '2026-W52', '2026-W53'] });
    expect(weekly('apac').expected).toHaveLength(7);
    // Customer Success started in W40, the quarter's first week: 5 of 14 held.
    expect(weekly('cs').expected).toHaveLength(14);
    expect(weekly('cs').held).toEqual(['2026-W40', '2026-W41', '2026-W44', '2026-W45', '2026-W52']);
  });

  it('the report of a past quarter is the same whatever --date inside or after it says', async () => {
    const dir = tempRepo(FILES);
    const atEnd = await run(dir, ['report', '--quarter', '2026-Q4', '--format', 'json', '--stdout']);
    const later = await run(dir, ['report', '--quarter', '2026-Q4', '--date', '2027-02-10', '--format', 'json', '--stdout']);
    expect(later).toEqual(atEnd);
    // --date inside the quarter is "as of" that day: the Initech flag and action do not exist yet.
    const early = (await run(dir, ['report', '--date', '2026-11-10', '--format', 'json', '--stdout'])) as { today: string; period: { label: string }; teams: { team: string; actions: ActionJson[] }[] };
    expect(early.period.label).toBe('2026-Q4');
    expect(early.today).toBe('2026-11-10');
    const cs = early.teams.find((team) => team.team === 'cs')!;
    expect(cs.actions.map((action) => action.title)).toEqual(['Call Globex sponsor', 'Send Acme the export guide', 'Book the Acme training room']);
    expect(cs.actions[1]!.ageDays).toBe(40);
  });

  it('on 5 January, before the first weekly of the new year, every open action and flag is still there', async () => {
    const dir = tempRepo(FILES);
    const { actions } = (await run(dir, ['actions', '--date', '2027-01-05', '--json'])) as { actions: ActionJson[] };
    expect(actions.map((action) => [action.title, action.ageDays, action.file])).toEqual([
      ['Plan Initech QBR', 14, 'rhythm/cs/weekly/2026-W52.md'],
      ['Hire a second CSM', 18, 'rhythm/cs/quarterly/2026-Q4.md'],
      ['Send Acme the export guide', 96, 'rhythm/cs/weekly/2026-W52.md'],
      // Counted from the day it was written, as in the quarter's report.
      ['Write the Q4 success plan', 91, 'rhythm/cs/quarterly/2026-Q4.md'],
    ]);
    const status = (await run(dir, ['status', '--date', '2027-01-05', '--json'])) as { teams: { actions: { open: number }; flags: { customer: string; durationDays: number; escalated: boolean }[] }[] };
    expect(status.teams[0]!.actions.open).toBe(4);
    // Initech, 22 December to 5 January: 14 days, not yet the 21 that escalate.
    expect(status.teams[0]!.flags).toEqual([expect.objectContaining({ customer: 'initech', durationDays: 14, escalated: false })]);
  });

  it('customers lists every registry customer with its last contact ever, silent ones marked', async () => {
    const dir = tempRepo(FILES);
    const { customers } = (await run(dir, ['customers', '--date', '2027-01-05', '--json'])) as { customers: { id: string; lastContact?: string; silent: boolean; openFlag?: { since: string } }[] };
    const byId = Object.fromEntries(customers.map((customer) => [customer.id, customer]));
    expect(Object.keys(byId).sort()).toEqual(['acme', 'globex', 'initech', 'umbrella']);
    expect(byId.acme).toMatchObject({ lastContact: '2026-W52', silent: true });
    expect(byId.globex).toMatchObject({ lastContact: '2026-W44', silent: true });
    expect(byId.initech).toMatchObject({ lastContact: '2026-W52', silent: true, openFlag: { since: '2026-W52' } });
    expect(byId.umbrella!.lastContact).toBeUndefined();
    expect(byId.umbrella!.silent).toBe(true);
  });
});

/**
 * A week copied by hand across the start of a period: last week's file duplicated, its flag and
 * open action kept without `since:`. A report of the period reads no review before it; the items
 * are dated by the team's earlier reviews all the same, as `status` (which reads them all) dates them.
 */
describe('a week copied by hand across the start of a quarter or a year', () => {
  const copied = (period: string, date: string) =>
    weekly(period, date, 'customers: [globex]\nflags:\n  - customer: globex\n    reason: onboarding stalled\n', "- [ ] Call Globex's new admin @bo\n- [x] Sent the guide @ana");
  const ACROSS = {
    'rhythm.yaml': CONFIG,
    'rhythm/customers.yaml': REGISTRY,
    // Raised on Thursday 17 September (W38), copied into W39 and, across the quarter's start, into W40.
    'rhythm/cs/weekly/2026-W37.md': weekly('2026-W37', '2026-09-10', 'customers: [acme]\n', '- [x] Sent the guide @ana'),
    'rhythm/cs/weekly/2026-W38.md': copied('2026-W38', '2026-09-17'),
    'rhythm/cs/weekly/2026-W39.md': copied('2026-W39', '2026-09-24'),
    'rhythm/cs/weekly/2026-W40.md': copied('2026-W40', '2026-10-01'),
    // And across the year's: 2026-W53 (28 December to 3 January) into 2027-W01.
    'rhythm/cs/weekly/2026-W53.md': copied('2026-W53', '2026-12-29'),
    'rhythm/cs/weekly/2027-W01.md': copied('2027-W01', '2027-01-05'),
  };
  type Team = { team: string; actions: ActionJson[]; flags: FlagJson[] };
  type Report = { teams: Team[]; organisation: { actions: { opened: number } } };
  const cs = (report: unknown) => (report as Report).teams.find((team) => team.team === 'cs')!;

  it('the report of the quarter dates them from the week they were first written, as status does', async () => {
    const dir = tempRepo(ACROSS);
    const report = (await run(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-10-08', '--format', 'json', '--stdout'])) as Report;
    const team = cs(report);
    // 17 September to 8 October: 21 days, 3 weeks.
    expect(team.flags).toEqual([expect.objectContaining({ customer: 'globex', since: '2026-W38', sinceDay: '2026-09-17', status: 'open', durationDays: 21, durationWeeks: 3 })]);
    const call = team.actions.find((action) => action.title === "Call Globex's new admin")!;
    expect(call).toMatchObject({ since: '2026-W38', openedOn: '2026-09-17', ageDays: 21, state: 'open' });
    // Opened in Q3: not one of the quarter's opened actions. The guide, ticked in every copy, is W40's own line.
    expect(report.organisation.actions.opened).toBe(1);
    const status = (await run(dir, ['actions', '--date', '2026-10-08', '--json'])) as { actions: { title: string; since: string }[] };
    expect(status.actions.map((action) => [action.title, action.since])).toEqual([["Call Globex's new admin", '2026-W38']]);
  });

  it('the report of the year too, across 2026-W53 and the weeks not held before it', async () => {
    const dir = tempRepo(ACROSS);
    const team = cs(await run(dir, ['report', '--year', '2027', '--date', '2027-01-10', '--format', 'json', '--stdout']));
    // Back from 2027-W01: W53, then W40 (W41 to W52 were not held: W53 is the review after W40), W39, W38; W37 lists neither.
    expect(team.flags.map((flag) => [flag.customer, flag.since, flag.sinceDay])).toEqual([['globex', '2026-W38', '2026-09-17']]);
    expect(team.actions.find((action) => action.title === "Call Globex's new admin")).toMatchObject({ since: '2026-W38', openedOn: '2026-09-17' });
  });

  it('a report kept in the cache is computed again when a review before the period it dated from changes', async () => {
    const dir = tempRepo(ACROSS);
    const env = { XDG_CACHE_HOME: join(tempDir(), 'cache') };
    const args = ['report', '--quarter', '2026-Q4', '--date', '2026-10-08', '--format', 'json', '--stdout'];
    expect(cs(await run(dir, args, env)).flags[0]).toMatchObject({ since: '2026-W38' });
    // W39, read only to follow the flag back, written again without it: the flag was raised again in W40.
    writeFileSync(join(dir, 'rhythm/cs/weekly/2026-W39.md'), weekly('2026-W39', '2026-09-24', 'customers: [globex]\n', "- [ ] Call Globex's new admin @bo"));
    expect(cs(await run(dir, args, env)).flags[0]).toMatchObject({ since: '2026-W40', sinceDay: '2026-10-01', durationDays: 7 });
  });
});
