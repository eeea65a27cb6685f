/**
 * A week skipped on purpose (`status: skipped`): neither held nor missed. Written by hand as a
 * person would, and by `rhythm weekly --skip` or the missed-week prompt; what the week before
 * left open carries on across it, and no figure counts what a skipped file holds.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { scriptedPrompter, testContext } from '../helpers/context.js';
import { git, read, tempRepo } from '../helpers/workbook.js';

const CONFIG = 'workbook: rhythm\nteams:\n  - id: cs\n    name: Customer Success\n    members: [ana, bo]\n';
const REGISTRY = 'customers:\n  - id: acme\n    name: Acme Corp\n  - id: globex\n    name: Globex\n';

function weekly(period: string, date: string, front: string, actions = ''): string {
  return `---\nrhythm: 1\nritual: weekly\nperiod: ${period}\nteam: cs\ndate: ${date}\nparticipants: [ana, bo]\n${front}---\n# Weekly ${period}\n\n## What will we do about it?  <!-- q:actions -->\n\n${actions}\n`;
}

// 2026-W45 is 2–8 November, W46 9–15, W47 16–22, W48 23–29.
const FILES = {
  'rhythm.yaml': CONFIG,
  'rhythm/customers.yaml': REGISTRY,
  'rhythm/cs/weekly/2026-W45.md': weekly('2026-W45', '2026-11-05', 'customers: [acme]\nflags:\n  - customer: globex\n    reason: onboarding stalled\n', '- [ ] Call Globex sponsor @ana due:2026-11-20'),
  // Skipped by hand, the way a person writes it: no date, no participants, a reason. The flag and
  // the action written into it by mistake count for nothing (check warns about them).
  'rhythm/cs/weekly/2026-W46.md': '---\nrhythm: 1\nritual: weekly\nperiod: 2026-W46\nteam: cs\nstatus: skipped\nreason: team offsite in Lisbon\nflags:\n  - customer: acme\n    reason: written here by mistake\n---\n# Offsite, no weekly\n\n- [ ] An action nobody will see\n',
  'rhythm/cs/weekly/2026-W47.md': weekly('2026-W47', '2026-11-19', 'customers: [globex]\nflags:\n  - customer: globex\n    reason: onboarding stalled\n    since: 2026-W45\n', '- [ ] Call Globex sponsor @ana due:2026-11-20'),
};

/** A weekly held with Enter on what W45 carries (Globex's flag, the action), Acme talked to, and nothing else said. */
const A_WEEK = { participants: undefined, 'carry:flag:globex': undefined, 'carry:actions': undefined, customers: ['acm', 'done'], 'heard:acme': '', 'flags:customer': 'done', value: '', hard_to_hear: '', assumptions: '', value_confidence: 3, actions: '' };

interface Rollup {
  teams: { team: string; cadence: { ritual: string; expected: string[]; held: string[]; missing: string[]; skipped?: string[]; streak: number }[]; flags: { customer: string; status: string; since: string }[]; actions: { title: string }[] }[];
  organisation: { cadence: { ritual: string; expected: number; held: number; skipped?: number; missing: unknown[] }[] };
}

async function report(dir: string, args: string[]): Promise<Rollup> {
  const context = testContext({ cwd: dir, now: new Date('2026-11-30T12:00:00Z') });
  expect(await main(['report', '--format', 'json', '--stdout', ...args], context), context.err()).toBe(0);
  return JSON.parse(context.out()) as Rollup;
}

describe('a week skipped on purpose', () => {
  it('is neither held nor missed; the streak goes through it; nothing written in it counts', async () => {
    const dir = tempRepo(FILES);
    const rollup = await report(dir, ['--quarter', '2026-Q4']);
    const cadence = rollup.teams[0]!.cadence.find((row) => row.ritual === 'weekly')!;
    // The weeks from the first review (W45) that are over by 30 November: W45 to W48 (it ended on the 29th).
    expect(cadence.skipped).toEqual(['2026-W46']);
    expect(cadence.expected).toEqual(['2026-W45', '2026-W47', '2026-W48']);
    expect(cadence.held).toEqual(['2026-W45', '2026-W47']);
    expect(cadence.missing).toEqual(['2026-W48']);
    expect(rollup.organisation.cadence.find((row) => row.ritual === 'weekly')).toMatchObject({ expected: 3, held: 2, skipped: 1 });
    // The flag on Acme and the action written into the skipped file are not counted; Globex's flag runs on.
    expect(rollup.teams[0]!.flags.map((flag) => [flag.customer, flag.status, flag.since])).toEqual([['globex', 'open', '2026-W45']]);
    expect(rollup.teams[0]!.actions.map((action) => action.title)).toEqual(['Call Globex sponsor']);
  });

  it('shows in the markdown report and in the HTML calendar', async () => {
    const dir = tempRepo(FILES);
    const context = testContext({ cwd: dir, now: new Date('2026-11-30T12:00:00Z') });
    expect(await main(['report', '--quarter', '2026-Q4', '--stdout'], context), context.err()).toBe(0);
    expect(context.out()).toContain('weekly 2 of 3 held, 1 skipped');
    const page = testContext({ cwd: dir, now: new Date('2026-11-30T12:00:00Z') });
    expect(await main(['report', '--quarter', '2026-Q4', '--format', 'html', '--stdout'], page), page.err()).toBe(0);
    expect(page.out()).toMatch(/<rect class="cal-cell week skipped"[^>]*><title>2026-W46: skipped on purpose<\/title>/);
  });

  it('status says the week is skipped, not held: it is not the last held, not overdue, and the streak runs through it', async () => {
    const dir = tempRepo({ ...FILES, 'rhythm/cs/weekly/2026-W48.md': '---\nrhythm: 1\nritual: weekly\nperiod: 2026-W48\nteam: cs\nstatus: skipped\n---\n' });
    const context = testContext({ cwd: dir, now: new Date('2026-11-26T12:00:00Z') });
    expect(await main(['status', '--json'], context), context.err()).toBe(0);
    const weekly = (JSON.parse(context.out()) as { teams: { rituals: { ritual: string; currentHeld: boolean; skipped?: string; lastHeld?: string; streak: number; overdue?: string; next?: { period: string } }[] }[] }).teams[0]!.rituals.find((ritual) => ritual.ritual === 'weekly')!;
    // W45 and W47 held, W46 and W48 skipped: two held in a row, through W46.
    expect(weekly).toMatchObject({ currentHeld: false, skipped: '2026-W48', lastHeld: '2026-W47', streak: 2, next: { period: '2026-W49' } });
    expect(weekly.overdue).toBeUndefined();
    const text = testContext({ cwd: dir, now: new Date('2026-11-26T12:00:00Z') });
    expect(await main(['status'], text), text.err()).toBe(0);
    expect(text.out()).toMatch(/weekly +skipped 2026-W48 +last 2026-W47 +streak 2/);
  });

  it('check accepts it, and warns about what it holds that no figure counts, and about a misspelt mark', async () => {
    const dir = tempRepo({ ...FILES, 'rhythm/cs/weekly/2026-W44.md': '---\nrhythm: 1\nritual: weekly\nperiod: 2026-W44\nteam: cs\nstatus: skiped\n---\n' });
    const context = testContext({ cwd: dir, now: new Date('2026-11-30T12:00:00Z') });
    await main(['check'], context);
    const out = context.out() + context.err();
    expect(out).toMatch(/2026-W46\.md:6: .*status: skipped, yet the review holds customers, flags, scores or actions/);
    expect(out).toMatch(/2026-W44\.md:6: .*"skiped" is not the mark of a skipped period/);
  });

  it('rhythm weekly --skip records it and commits; the next weekly carries from the week before it', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/cs/weekly/2026-W45.md': FILES['rhythm/cs/weekly/2026-W45.md'] });
    const now = new Date('2026-11-17T12:00:00Z');
    const skip = testContext({ cwd: dir, now });
    expect(await main(['weekly', '--last', '--skip', 'team offsite'], skip), skip.err()).toBe(0);
    const text = read(dir, 'rhythm/cs/weekly/2026-W46.md');
    expect(text).toMatch(/^---\nrhythm: 1\nritual: weekly\nperiod: 2026-W46\nteam: cs\nstatus: skipped\nreason: team offsite\n---\n/);
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('rhythm: weekly 2026-W46 skipped (cs)');

    // Again: nothing to do. Over a held review: refused, the review untouched.
    const again = testContext({ cwd: dir, now });
    expect(await main(['weekly', '--last', '--skip'], again), again.err()).toBe(0);
    expect(again.err()).toContain('already marked skipped');
    const held = testContext({ cwd: dir, now });
    expect(await main(['weekly', '--week', '2026-W45', '--skip'], held)).toBe(1);
    expect(held.err()).toContain('rhythm/cs/weekly/2026-W45.md is a review already written: it is not skipped; run with --skip --force');
    expect(read(dir, 'rhythm/cs/weekly/2026-W45.md')).toBe(FILES['rhythm/cs/weekly/2026-W45.md']);

    // W47: the flag and the action of W45 come forward across the skipped week, and no missed week is named.
    const prompter = scriptedPrompter(A_WEEK);
    const week = testContext({ cwd: dir, now, prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], week), week.err()).toBe(0);
    expect(prompter.asked).not.toContain('missed');
    const w47 = read(dir, 'rhythm/cs/weekly/2026-W47.md');
    expect(w47).toContain('  - customer: globex\n    reason: onboarding stalled\n    since: 2026-W45');
    expect(w47).toContain('- [ ] Call Globex sponsor @ana due:2026-11-20 since:2026-W45');
  });

  it('the missed-week prompt records a skip when asked, then holds this week', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/cs/weekly/2026-W45.md': FILES['rhythm/cs/weekly/2026-W45.md'] });
    const prompter = scriptedPrompter({ missed: 'skip', 'missed:reason': 'public holiday', ...A_WEEK });
    const context = testContext({ cwd: dir, now: new Date('2026-11-17T12:00:00Z'), prompter, tty: true });
    expect(await main(['weekly'], context), context.err()).toBe(0);
    expect(prompter.shown.find((prompt) => prompt.key === 'missed')!.choices).toEqual([
      'leave 2026-W46 missed; go on with 2026-W47',
      'hold 2026-W46 now (as rhythm weekly --last), then 2026-W47 next time',
      'skipped on purpose (a holiday, an offsite): record it, so it is not counted as missed',
    ]);
    expect(read(dir, 'rhythm/cs/weekly/2026-W46.md')).toContain('status: skipped\nreason: public holiday\n');
    expect(git(dir, 'log', '--format=%s').trim().split('\n').slice(0, 2)).toEqual(['rhythm: weekly review 2026-W47 (cs)', 'rhythm: weekly 2026-W46 skipped (cs)']);
  });

  it('Enter at the missed-week prompt leaves the week missed and writes nothing for it', async () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, 'rhythm/cs/weekly/2026-W45.md': FILES['rhythm/cs/weekly/2026-W45.md'] });
    const prompter = scriptedPrompter({ missed: undefined, ...A_WEEK });
    const context = testContext({ cwd: dir, now: new Date('2026-11-17T12:00:00Z'), prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], context), context.err()).toBe(0);
    expect(() => read(dir, 'rhythm/cs/weekly/2026-W46.md')).toThrow();
  });
});
