/**
 * Issue 11, a rhythm has a start: a workbook written by hand, with teams that started at
 * different times, one that stopped, a ritual with a configured start and one with an end.
 * Every figure below is counted by hand from the files, in the comments next to it.
 *
 * The quarter is 2026-Q3 (1 July – 30 September). Its weeks, by their Thursday, are W27
 * (29 June – 5 July) to W39 (21 – 27 September); W32 is 3 – 9 August, W33 10 – 16 August, W37
 * 7 – 13 September. The clock says Wednesday 30 September: every week of the quarter is over,
 * the quarter and September are not.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { tempRepo } from '../helpers/workbook.js';

const CONFIG = `workbook: rhythm
teams:
  - id: emea
    name: EMEA
  - id: apac
    name: APAC
  - id: latam
    name: LATAM
    start: 2026-08-05          # formed on Wednesday 5 August; its first real review came later
  - id: nordics
    name: Nordics
    start: 2026-01-05
    until: 2026-07-15          # merged into EMEA in July; never wrote a review here
  - id: pacific
    name: Pacific              # configured, nothing held yet
rituals:
  monthly:
    template: weekly
    cadence: month
    teams: [emea]
    start: 2026-07-15          # the council began mid-July, its first review was in August
  checkin:
    template: weekly
    cadence: week
    teams: [apac]
    until: 2026-09-09          # a pilot, stopped on Wednesday 9 September
`;

function review(ritual: string, team: string, period: string, date: string): string {
  return `---
rhythm: 1
ritual: ${ritual}
period: ${period}
team: ${team}
date: ${date}
participants: [ana, bo]
customers: [acme]
---
# ${ritual} ${period}

## What did we hear, in their words?  <!-- q:heard -->

- Acme: "Fine this week."
`;
}

const FILES: Record<string, string> = {
  'rhythm.yaml': CONFIG,
  'rhythm/customers.yaml': 'customers:\n  - id: acme\n    name: Acme Corp\n',
  // EMEA has held weeklies since May (W20, before the quarter); in the quarter it missed W27, W30 and W36.
  'rhythm/emea/weekly/2026-W20.md': review('weekly', 'emea', '2026-W20', '2026-05-14'),
  'rhythm/emea/weekly/2026-W28.md': review('weekly', 'emea', '2026-W28', '2026-07-09'),
  'rhythm/emea/weekly/2026-W29.md': review('weekly', 'emea', '2026-W29', '2026-07-16'),
  'rhythm/emea/weekly/2026-W31.md': review('weekly', 'emea', '2026-W31', '2026-07-30'),
  'rhythm/emea/weekly/2026-W32.md': review('weekly', 'emea', '2026-W32', '2026-08-06'),
  'rhythm/emea/weekly/2026-W33.md': review('weekly', 'emea', '2026-W33', '2026-08-13'),
  'rhythm/emea/weekly/2026-W34.md': review('weekly', 'emea', '2026-W34', '2026-08-20'),
  'rhythm/emea/weekly/2026-W35.md': review('weekly', 'emea', '2026-W35', '2026-08-27'),
  'rhythm/emea/weekly/2026-W37.md': review('weekly', 'emea', '2026-W37', '2026-09-10'),
  'rhythm/emea/weekly/2026-W38.md': review('weekly', 'emea', '2026-W38', '2026-09-17'),
  'rhythm/emea/weekly/2026-W39.md': review('weekly', 'emea', '2026-W39', '2026-09-24'),
  'rhythm/emea/monthly/2026-08.md': review('monthly', 'emea', '2026-08', '2026-08-27'),
  'rhythm/emea/quarterly/2026-Q3.md': review('quarterly', 'emea', '2026-Q3', '2026-09-29'),
  // APAC started with W33 and missed W35; its check-in ran W33 – W35, missed W36 and W37, and was held once more after its end.
  'rhythm/apac/weekly/2026-W33.md': review('weekly', 'apac', '2026-W33', '2026-08-13'),
  'rhythm/apac/weekly/2026-W34.md': review('weekly', 'apac', '2026-W34', '2026-08-20'),
  'rhythm/apac/weekly/2026-W36.md': review('weekly', 'apac', '2026-W36', '2026-09-03'),
  'rhythm/apac/weekly/2026-W37.md': review('weekly', 'apac', '2026-W37', '2026-09-10'),
  'rhythm/apac/weekly/2026-W38.md': review('weekly', 'apac', '2026-W38', '2026-09-17'),
  'rhythm/apac/weekly/2026-W39.md': review('weekly', 'apac', '2026-W39', '2026-09-24'),
  'rhythm/apac/checkin/2026-W33.md': review('checkin', 'apac', '2026-W33', '2026-08-11'),
  'rhythm/apac/checkin/2026-W34.md': review('checkin', 'apac', '2026-W34', '2026-08-18'),
  'rhythm/apac/checkin/2026-W35.md': review('checkin', 'apac', '2026-W35', '2026-08-25'),
  'rhythm/apac/checkin/2026-W39.md': review('checkin', 'apac', '2026-W39', '2026-09-22'),
  // LATAM tried one weekly in W29, before its start; from its start (W32) it missed W32 and W33.
  'rhythm/latam/weekly/2026-W29.md': review('weekly', 'latam', '2026-W29', '2026-07-16'),
  'rhythm/latam/weekly/2026-W34.md': review('weekly', 'latam', '2026-W34', '2026-08-20'),
  'rhythm/latam/weekly/2026-W35.md': review('weekly', 'latam', '2026-W35', '2026-08-27'),
  'rhythm/latam/weekly/2026-W36.md': review('weekly', 'latam', '2026-W36', '2026-09-03'),
  'rhythm/latam/weekly/2026-W37.md': review('weekly', 'latam', '2026-W37', '2026-09-10'),
  'rhythm/latam/weekly/2026-W38.md': review('weekly', 'latam', '2026-W38', '2026-09-17'),
  'rhythm/latam/weekly/2026-W39.md': review('weekly', 'latam', '2026-W39', '2026-09-24'),
};

interface Row {
  team: string;
  ritual: string;
  start?: string;
  until?: string;
  expected: string[];
  held: string[];
  missing: string[];
  streak: number;
}
interface RollupJson {
  teams: { team: string; cadence: Row[] }[];
  organisation: { cadence: { ritual: string; teams: number; expected: number; held: number; missing: { team: string; period: string }[]; streak: number }[] };
}
interface StatusJson {
  teams: { team: string; rituals: { ritual: string; start?: string; until?: string; overdue?: string; next?: { period: string; dueBy: string }; streak: number; lastHeld?: string }[] }[];
}

const weeks = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `2026-W${from + index}`);

async function run(dir: string, args: string[]): Promise<string> {
  const context = testContext({ cwd: dir, now: new Date(2026, 8, 30, 12) });
  expect(await main(args, context), context.err()).toBe(0);
  return context.out();
}

describe('a rhythm has a start, counted by hand', () => {

  it('expects each team’s rituals from their start to their end, and nothing outside', async () => {
    const dir = tempRepo(FILES);
    const rollup = JSON.parse(await run(dir, ['report', '--quarter', '2026-Q3', '--format', 'json', '--stdout'])) as RollupJson;
    const rows = Object.fromEntries(rollup.teams.map((team) => [team.team, team.cadence.map(({ ritual, start, until, expected, held, missing, streak }) => ({ ritual, start, until, expected, held, missing, streak }))]));
    expect(rows.emea).toEqual([
      // Started in W20 (a file outside the quarter): all 13 weeks expected, W27 too, though the quarter's first file is W28.
      {
        ritual: 'weekly',
        start: '2026-05-11',
        until: undefined,
        expected: weeks(27, 39),
        held: ['2026-W28', '2026-W29', '2026-W31', '2026-W32', '2026-W33', '2026-W34', '2026-W35', '2026-W37', '2026-W38', '2026-W39'],
        missing: ['2026-W27', '2026-W30', '2026-W36'],
        streak: 3,
      },
      // Configured from 15 July, which July holds: July is expected though the first review is August's; September is not over.
      { ritual: 'monthly', start: '2026-07-15', until: undefined, expected: ['2026-07', '2026-08'], held: ['2026-08'], missing: ['2026-07'], streak: 1 },
      // Not over, but held: expected.
      { ritual: 'quarterly', start: '2026-07-01', until: undefined, expected: ['2026-Q3'], held: ['2026-Q3'], missing: [], streak: 1 },
    ]);
    expect(rows.apac).toEqual([
      // The check-in ran from W33 (its first review) to 9 September, which W37 holds; the W39 review is after its end.
      { ritual: 'checkin', start: '2026-08-10', until: '2026-09-09', expected: weeks(33, 37), held: ['2026-W33', '2026-W34', '2026-W35', '2026-W39'], missing: ['2026-W36', '2026-W37'], streak: 0 },
      // Started in W33: W27 – W32 are not missing.
      { ritual: 'weekly', start: '2026-08-10', until: undefined, expected: weeks(33, 39), held: ['2026-W33', '2026-W34', '2026-W36', '2026-W37', '2026-W38', '2026-W39'], missing: ['2026-W35'], streak: 4 },
      // No quarterly ever, none configured: not started, no row.
    ]);
    expect(rows.latam).toEqual([
      // The configured start (5 August, in W32) wins over the first review in either direction: W32 and W33 are
      // missing though the first review after the start is W34, and the W29 trial is held but not expected.
      { ritual: 'weekly', start: '2026-08-05', until: undefined, expected: weeks(32, 39), held: ['2026-W29', ...weeks(34, 39)], missing: ['2026-W32', '2026-W33'], streak: 6 },
      // The team's start counts for every ritual: the quarter runs, but is not over nor held.
      { ritual: 'quarterly', start: '2026-08-05', until: undefined, expected: [], held: [], missing: [], streak: 0 },
    ]);
    expect(rows.nordics).toEqual([
      // Until 15 July, which W29 holds: W27 – W29 are missing, nothing after.
      { ritual: 'weekly', start: '2026-01-05', until: '2026-07-15', expected: weeks(27, 29), held: [], missing: weeks(27, 29), streak: 0 },
      { ritual: 'quarterly', start: '2026-01-05', until: '2026-07-15', expected: [], held: [], missing: [], streak: 0 },
    ]);
    // Nothing held, nothing configured: nothing is missing.
    expect(rows.pacific).toEqual([]);

    expect(rollup.organisation.cadence).toEqual([
      { ritual: 'checkin', cadence: 'week', teams: 1, expected: 5, held: 3, missing: [{ team: 'apac', period: '2026-W36' }, { team: 'apac', period: '2026-W37' }], streak: 0 },
      {
        ritual: 'weekly',
        cadence: 'week',
        teams: 4,
        // 13 (EMEA) + 7 (APAC) + 8 (LATAM) + 3 (Nordics); held 10 + 6 + 6 + 0.
        expected: 31,
        held: 22,
        missing: [
          { team: 'emea', period: '2026-W27' },
          { team: 'nordics', period: '2026-W27' },
          { team: 'nordics', period: '2026-W28' },
          { team: 'nordics', period: '2026-W29' },
          { team: 'emea', period: '2026-W30' },
          { team: 'latam', period: '2026-W32' },
          { team: 'latam', period: '2026-W33' },
          { team: 'apac', period: '2026-W35' },
          { team: 'emea', period: '2026-W36' },
        ],
        // W37 – W39 were held by every team expected to hold them (Nordics had stopped); EMEA missed W36.
        streak: 3,
      },
      { ritual: 'monthly', cadence: 'month', teams: 1, expected: 2, held: 1, missing: [{ team: 'emea', period: '2026-07' }], streak: 1 },
      { ritual: 'quarterly', cadence: 'quarter', teams: 3, expected: 1, held: 1, missing: [], streak: 1 },
    ]);
  });

  it('says so in the markdown summary and draws it in the calendar', async () => {
    const dir = tempRepo(FILES);
    const markdown = await run(dir, ['report', '--quarter', '2026-Q3', '--format', 'md', '--stdout']);
    const cadence = markdown.split('\n').find((line) => line.startsWith('- **Cadence:**'));
    expect(cadence).toMatch(/checkin 3 of 5 held .*; weekly 22 of 31 held .*; monthly 1 of 2 held .*; quarterly 1 of 1 held/);

    const html = await run(dir, ['report', '--quarter', '2026-Q3', '--team', 'latam', '--format', 'html', '--stdout']);
    const cells = [...html.matchAll(/<rect class="cal-cell week ([a-z-]+)"[^>]*><title>(2026-W\d\d)/g)].map(([, state, week]) => `${week} ${state}`);
    expect(cells).toEqual([
      ...weeks(27, 31).map((week) => `${week} ${week === '2026-W29' ? 'held' : 'not-started'}`),
      '2026-W32 missed',
      '2026-W33 missed',
      ...weeks(34, 39).map((week) => `${week} held`),
    ]);
    expect(html).toContain('not started or ended');

    const nordics = await run(dir, ['report', '--quarter', '2026-Q3', '--team', 'nordics', '--format', 'html', '--stdout']);
    const states = [...nordics.matchAll(/<rect class="cal-cell week ([a-z-]+)"/g)].map(([, state]) => state);
    expect(states).toEqual([...Array<string>(3).fill('missed'), ...Array<string>(10).fill('ended')]);
  });

  it('gives the same organisation figures when the teams’ JSON rollups are merged', async () => {
    const dir = tempRepo(FILES);
    const whole = JSON.parse(await run(dir, ['report', '--quarter', '2026-Q3', '--format', 'json', '--stdout'])) as RollupJson;
    const teams = ['emea', 'apac', 'latam', 'nordics', 'pacific'];
    for (const team of teams) await run(dir, ['report', '--quarter', '2026-Q3', '--team', team, '--format', 'json', '--out', 'parts']);
    const parts = teams.map((team) => `parts/2026-Q3-${team}.json`);
    const merged = JSON.parse(await run(dir, ['report', '--merge', ...parts, '--format', 'json', '--stdout'])) as RollupJson;
    expect(merged).toEqual(whole);
  });

  it('tells status where each ritual stands from its start to its end', async () => {
    const dir = tempRepo(FILES);
    const status = JSON.parse(await run(dir, ['status', '--date', '2026-09-30', '--json'])) as StatusJson;
    const of = (team: string, ritual: string) => status.teams.find((entry) => entry.team === team)!.rituals.find((entry) => entry.ritual === ritual);
    // Wednesday 30 September is in W40.
    expect(of('emea', 'weekly')).toMatchObject({ start: '2026-05-11', streak: 3, next: { period: '2026-W40', dueBy: '2026-10-04' } });
    expect(of('emea', 'monthly')).toMatchObject({ start: '2026-07-15', streak: 1, next: { period: '2026-09', dueBy: '2026-10-07' } });
    expect(of('latam', 'weekly')).toMatchObject({ start: '2026-08-05', streak: 6 });
    // Ended on 9 September: nothing due or overdue; its last week (W37) was missed, so no streak.
    expect(of('apac', 'checkin')).toMatchObject({ start: '2026-08-10', until: '2026-09-09', lastHeld: '2026-W39', streak: 0 });
    expect(of('apac', 'checkin')!.next).toBeUndefined();
    expect(of('apac', 'checkin')!.overdue).toBeUndefined();
    expect(of('nordics', 'weekly')).toMatchObject({ until: '2026-07-15', streak: 0 });
    expect(of('nordics', 'weekly')!.next).toBeUndefined();
    // Its quarterly ran from 5 January: Q2 (over on 30 June, two weeks' grace) was never held.
    expect(of('nordics', 'quarterly')).toMatchObject({ overdue: '2026-Q2', next: { period: '2026-Q3', dueBy: '2026-10-14' } });
    // Not started: due, never overdue.
    expect(of('pacific', 'weekly')).toEqual({ team: 'pacific', ritual: 'weekly', cadence: 'week', current: '2026-W40', currentHeld: false, next: { period: '2026-W40', dueBy: '2026-10-04' }, streak: 0 });

    const text = await run(dir, ['status', '--date', '2026-09-30', '--team', 'apac']);
    expect(text).toMatch(/checkin +ended 2026-09-09 +last 2026-W39 +no streak/);
  });
});
