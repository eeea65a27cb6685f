/**
 * Issue 5, "Time": period results are identical under TZ=UTC, America/Los_Angeles,
 * Pacific/Kiritimati (UTC+14) and Australia/Lord_Howe (a 30-minute DST shift), across DST changes
 * and around 31 December / 1 January.
 *
 * `today` is the local date by design, so zones agree on it at the same local moment, not at the
 * same instant: each run pins the clock to a local wall-clock time (fake-clock.mjs for the built
 * CLI, `context.now` in-process). The pure period functions are proved over every day 2000–2040 in
 * several zones by tests/core/period.test.ts; this file proves the commands built on them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workbook.js';
import { clockEnv, CONFIG, expectNoCrash, pool, REGISTRY, rhythmAsync, rhythmInProcess } from './helpers.js';

const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Australia/Lord_Howe'];

function weekly(period: string, date: string, extra: { flags?: string; resolved?: string; actions?: string[] } = {}): string {
  return [
    '---',
    'rhythm: 1',
    'ritual: weekly',
    `period: ${period}`,
    'team: emea-cs',
    `date: ${date}`,
    'participants: [ana]',
    'customers: [acme, globex]',
    extra.flags ?? 'flags: []',
    ...(extra.resolved ? [extra.resolved] : []),
    'scores: { value_confidence: 3 }',
    '---',
    `# Weekly — ${period}`,
    '',
    '## What did we hear, in their words?  <!-- q:heard -->',
    '',
    `- Acme Corp: "Heard in ${period}." #new-year`,
    '',
    '## What will we do about it?  <!-- q:actions -->',
    '',
    ...(extra.actions ?? []),
    '',
  ].join('\n');
}

/** Weeks around New Year 2027 (2026 has 53 ISO weeks) and a flag carried across it. */
function workbook(): string {
  const flag = (since: string) => `flags: [{ customer: globex, reason: stalled, since: ${since} }]`;
  return tempDir({
    'rhythm.yaml': CONFIG,
    'rhythm/customers.yaml': REGISTRY,
    'rhythm/emea-cs/weekly/2026-W51.md': weekly('2026-W51', '2026-12-17', { flags: flag('2026-W51'), actions: ['- [ ] Call Globex @ana due:2026-12-31 #globex'] }),
    'rhythm/emea-cs/weekly/2026-W52.md': weekly('2026-W52', '2026-12-24', { flags: flag('2026-W51'), actions: ['- [ ] Call Globex @ana due:2026-12-31 #globex since:2026-W51'] }),
    'rhythm/emea-cs/weekly/2026-W53.md': weekly('2026-W53', '2026-12-31', { flags: flag('2026-W51'), actions: ['- [ ] Call Globex @ana due:2026-12-31 #globex since:2026-W51', '- [ ] Plan 2027 @bo due:2027-01-01'] }),
    'rhythm/emea-cs/weekly/2027-W01.md': weekly('2027-W01', '2027-01-07', { resolved: 'resolved: [{ customer: globex, since: 2026-W51 }]', actions: ['- [x] Call Globex @ana due:2026-12-31 #globex since:2026-W51', '- [ ] Plan 2027 @bo due:2027-01-01 since:2026-W53'] }),
    'rhythm/emea-cs/quarterly/2026-Q4.md': '---\nrhythm: 1\nritual: quarterly\nperiod: 2026-Q4\nteam: emea-cs\ndate: 2026-12-30\nscores: { value_confidence: 4 }\n---\n# Q4\n',
  });
}

interface RollupJson {
  period: { label: string; start: string; end: string };
  today: string;
  teams: { cadence: { ritual: string; held: string[] }[]; flags: { customer: string; since: string; status: string }[] }[];
}

describe('the built CLI in four time zones', () => {
  it('report --quarter --date 2026-12-31 is byte-identical at 00:00:30 on 1 January local time, and holds 2026-W53', async () => {
    const dir = workbook();
    const args = ['report', '--quarter', '--date', '2026-12-31', '--format', 'json', '--stdout'];
    const runs = await pool(ZONES, 2, (zone) => rhythmAsync(dir, args, { env: clockEnv(zone, '2027-01-01T00:00:30') }));
    for (const run of runs) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const rollup = JSON.parse(runs[0]!.stdout) as RollupJson;
    expect(rollup.period).toMatchObject({ label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    // As of --date, whatever the clock says.
    expect(rollup.today).toBe('2026-12-31');
    // 2026-W53 ends on 3 January 2027 but its Thursday is 31 December: it belongs to 2026-Q4.
    expect(rollup.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!.held).toEqual(['2026-W51', '2026-W52', '2026-W53']);
    expect(rollup.teams[0]!.cadence.find((row) => row.ritual === 'quarterly')!.held).toEqual(['2026-Q4']);
  });

  it('report --week --date 2027-01-01 picks 2026-W53 in every zone, one second before midnight on 31 December', async () => {
    const dir = workbook();
    const args = ['report', '--week', '--date', '2027-01-01', '--format', 'json', '--stdout'];
    const runs = await pool(ZONES, 2, (zone) => rhythmAsync(dir, args, { env: clockEnv(zone, '2026-12-31T23:59:59') }));
    for (const run of runs) {
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const rollup = JSON.parse(runs[0]!.stdout) as RollupJson;
    expect(rollup.period).toMatchObject({ label: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    // As of --date (the week is still under way), not of the clock's 31 December.
    expect(rollup.today).toBe('2027-01-01');
  });
});

describe('in-process, at the same local moment in six zones', () => {
  const zones = [...ZONES, 'Asia/Kathmandu', 'America/St_Johns'];
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  /** Run the commands at `local` (a wall-clock time) in each zone; every zone must print the same. */
  async function sameEverywhere(dir: string, local: string, commands: string[][]): Promise<string[]> {
    const outputs: string[][] = [];
    const instants = new Set<number>();
    for (const zone of zones) {
      process.env.TZ = zone;
      // A wall-clock time without an offset is local: the instant differs from zone to zone.
      const now = new Date(local);
      instants.add(now.getTime());
      const { main } = await import('../../src/main.js');
      const { testContext } = await import('../helpers/context.js');
      const results: string[] = [];
      for (const args of commands) {
        const context = testContext({ cwd: dir, now });
        const code = await main(args, context);
        expect(code, `${args.join(' ')} in ${zone}: ${context.err()}`).toBe(0);
        results.push(context.out());
      }
      outputs.push(results);
    }
    // The zones really differ: six different instants, one local moment.
    expect(instants.size).toBe(zones.length);
    for (const [index, zone] of zones.entries()) expect(outputs[index], zone).toEqual(outputs[0]);
    return outputs[0]!;
  }

  it.each([
    ['2026-12-31T23:59:59', '2026-12-31', '2026-W53', '2026-Q4'],
    ['2027-01-01T00:00:00', '2027-01-01', '2026-W53', '2027-Q1'],
    ['2027-01-03T23:59:59', '2027-01-03', '2026-W53', '2027-Q1'],
    ['2027-01-04T00:00:01', '2027-01-04', '2027-W01', '2027-Q1'],
  ])('at %s: today %s, week %s, quarter %s', async (local, today, week, quarter) => {
    const dir = workbook();
    const [weekReport, quarterReport, status] = await sameEverywhere(dir, local, [
      ['report', '--week', '--format', 'json', '--stdout'],
      ['report', '--quarter', '--format', 'json', '--stdout'],
      ['status', '--json'],
    ]);
    expect((JSON.parse(weekReport!) as RollupJson).period.label).toBe(week);
    expect((JSON.parse(quarterReport!) as RollupJson).period.label).toBe(quarter);
    expect((JSON.parse(status!) as { today: string }).today).toBe(today);
  });

  it.each([
    ['US daylight saving starts (02:30 does not exist in Los Angeles)', '2026-03-08T02:30:00', '2026-W10'],
    ['US daylight saving ends (01:30 happens twice in Los Angeles)', '2026-11-01T01:30:00', '2026-W44'],
    ['Lord Howe moves 30 minutes forward (02:15 does not exist there)', '2026-10-04T02:15:00', '2026-W40'],
    ['Lord Howe moves 30 minutes back (01:45 happens twice there)', '2026-04-05T01:45:00', '2026-W14'],
  ])('%s: the same day and week everywhere', async (_name, local, week) => {
    const dir = workbook();
    const [weekReport, actions, customers] = await sameEverywhere(dir, local, [
      ['report', '--week', '--format', 'json', '--stdout'],
      ['actions', '--json'],
      ['customers', '--json'],
    ]);
    const rollup = JSON.parse(weekReport!) as RollupJson;
    expect(rollup.period.label).toBe(week);
    expect(rollup.today).toBe(local.slice(0, 10));
    expect((JSON.parse(actions!) as { today: string }).today).toBe(local.slice(0, 10));
    expect(customers).toContain('"customers"');
  });
});

it('the in-process runner reports like the binary (sanity check of the helper)', async () => {
  const dir = workbook();
  const run = await rhythmInProcess(dir, ['report', '--week', '2026-W54']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('2026 has 53 ISO weeks');
});
