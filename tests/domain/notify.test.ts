/**
 * What notify announces (src/domain/notify.ts): the events of a workbook as of a day, and the
 * rule that announces each once, whichever way commits and days interleave.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsDueOn, newEvents, notifyEvents, type NotifyEvent } from '../../src/domain/notify.js';
import { addDaysTo, parsePeriod, periodOf, type Day } from '../../src/domain/period.js';
import type { Review } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { statusTeams, teamRitualStatuses } from '../../src/domain/status.js';
import { config as configOf, review, type ReviewSpec } from './rollup-fixtures.js';

const calendar = { fiscalYearStartMonth: 1 };
const customers = [
  { id: 'stark', name: 'Stark Logistics' },
  { id: 'acme', name: 'Acme Corp' },
];
const config = configOf({ teams: [{ id: 'na', name: 'North America', members: [] }], rituals: { weekly: { name: 'weekly', template: 'weekly', cadence: 'week' } }, escalateAfterWeeks: 3 });

/** The events of these reviews as of `day`, as notify computes them (rollup with history, ritual statuses). */
function eventsOf(reviews: readonly Review[], day: Day): NotifyEvent[] {
  const rollup = computeRollup({ reviews, config, customers, period: periodOf('year', day, calendar), today: day, history: true });
  const held = (team: string | undefined, ritual: { name: string }) => new Set(reviews.filter((entry) => entry.team === team && entry.ritual === ritual.name && entry.date !== undefined && entry.date <= day).map((entry) => entry.period));
  const statuses = statusTeams(config).map((team) => ({ team, rituals: teamRitualStatuses(config, day, team, held) }));
  return notifyEvents(rollup, statuses, config);
}

function weekly(period: string, date: Day, rest: Partial<ReviewSpec> = {}): Review {
  return review({ team: 'na', period, date, ...rest });
}

describe('the events of a workbook as of a day', () => {
  const reviews = [
    weekly('2026-W40', '2026-09-29', { customers: ['stark'] }),
    weekly('2026-W41', '2026-10-06', { flags: [{ customer: 'stark', reason: 'route costs wrong' }] }),
    weekly('2026-W42', '2026-10-13', { flags: [{ customer: 'stark', reason: 'still wrong', since: '2026-W41' }] }),
    weekly('2026-W43', '2026-10-20', { flags: [{ customer: 'stark', reason: 'still wrong', since: '2026-W41' }] }),
    weekly('2026-W44', '2026-10-27', { flags: [{ customer: 'stark', reason: 'still wrong', since: '2026-W41' }] }),
    weekly('2026-W45', '2026-11-03', { resolved: [{ customer: 'stark', since: '2026-W41', note: 'connector fixed' }] }),
  ];

  it('says when each became true: flagged on the review day, escalated three weeks later, resolved on the review day', () => {
    const events = eventsOf(reviews, '2026-11-04');
    expect(events.map((event) => [event.kind, event.id, event.due])).toEqual([
      ['flagged', 'flagged:na:stark:2026-W41', '2026-10-06'],
      ['escalated', 'escalated:na:stark:2026-W41', '2026-10-27'],
      ['resolved', 'resolved:na:stark:2026-W41', '2026-11-03'],
    ]);
    expect(events[2]).toMatchObject({ customerName: 'Stark Logistics', teamName: 'North America', days: 28, resolvedIn: '2026-W45', note: 'connector fixed' });
  });

  it('has only what is true by the day: no escalation before three weeks', () => {
    expect(eventsOf(reviews, '2026-10-26').map((event) => event.kind)).toEqual(['flagged']);
    expect(eventsOf(reviews, '2026-10-27').map((event) => event.kind)).toEqual(['flagged', 'escalated']);
  });

  it('names a weekly not held once its week is over', () => {
    const events = eventsOf(reviews, '2026-11-17');
    // W46 (9–15 November) was not held: overdue from Monday 16th.
    expect(events.filter((event) => event.kind === 'overdue')).toEqual([
      { kind: 'overdue', id: 'overdue:na:weekly:2026-W46', due: '2026-11-16', team: 'na', teamName: 'North America', ritual: 'weekly', period: '2026-W46' },
    ]);
  });

  it('new events are those of now that before lacked; a day brings those due on it', () => {
    const before = eventsOf(reviews.slice(0, 2), '2026-10-08');
    const now = eventsOf(reviews, '2026-10-08');
    expect(newEvents(now, before)).toEqual([]);
    expect(newEvents(eventsOf(reviews, '2026-11-04'), before).map((event) => event.kind)).toEqual(['escalated', 'resolved']);
    expect(eventsDueOn(eventsOf(reviews, '2026-10-27'), new Set(['2026-10-27'])).map((event) => event.kind)).toEqual(['escalated']);
  });
});

describe('each event announced once, however commits and days interleave', () => {
  /**
   * A team's reviews of ten weeks, each committed a few days after it was held (or on the day),
   * possibly several in one commit. Runs: one per commit (what it brought, as of its day) and one
   * per day (what the day brought, in the workbook as it was when the day began). The union of
   * what they announce has every event of the end state, and no event twice.
   */
  it('over random delays, batches and flags', () => {
    const start = parsePeriod('2026-W36', calendar);
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 9 }), held: fc.boolean(), flag: fc.constantFrom('none', 'stark', 'acme', 'both'), resolve: fc.boolean() }), { minLength: 4, maxLength: 10 }),
        (weeks) => {
          // The reviews, and the day each reached the branch.
          const open = new Map<string, string>();
          const written: { review: Review; committed: Day }[] = [];
          weeks.forEach((week, index) => {
            const monday = addDaysTo('2026-08-31', 7 * index);
            const label = `2026-W${String(36 + index).padStart(2, '0')}`;
            expect(periodOf('week', monday, calendar)).toEqual({ ...start, week: 36 + index });
            if (!week.held) return;
            const flags = week.flag === 'none' ? [] : week.flag === 'both' ? ['stark', 'acme'] : [week.flag];
            const resolved = week.resolve ? [...open.entries()].filter(([customer]) => !flags.includes(customer)) : [];
            for (const [customer] of resolved) open.delete(customer);
            for (const customer of flags) if (!open.has(customer)) open.set(customer, label);
            const spec: Partial<ReviewSpec> = {
              flags: flags.map((customer) => ({ customer, reason: 'not getting value', since: open.get(customer)! })),
              ...(resolved.length > 0 ? { resolved: resolved.map(([customer, since]) => ({ customer, since })) } : {}),
            };
            const held = addDaysTo(monday, 1);
            written.push({ review: weekly(label, held, spec), committed: addDaysTo(held, week.delay) });
          });
          const commitDays = [...new Set(written.map((entry) => entry.committed))].sort();
          const end = addDaysTo(commitDays.at(-1) ?? '2026-09-01', 30);
          const stateAfter = (day: Day) => written.filter((entry) => entry.committed <= day).map((entry) => entry.review);
          const stateBefore = (day: Day) => written.filter((entry) => entry.committed < day).map((entry) => entry.review);
          const announced: string[] = [];
          // A commit's run, as of its day; the day's run, with what was committed before it began.
          for (const day of commitDays) announced.push(...newEvents(eventsOf(stateAfter(day), day), eventsOf(stateBefore(day), day)).map((event) => event.id));
          for (let day = '2026-09-01'; day <= end; day = addDaysTo(day, 1)) announced.push(...eventsDueOn(eventsOf(stateBefore(day), day), new Set([day])).map((event) => event.id));
          // Once each, and everything the end state holds. (A review committed late can make an
          // event announced before untrue: an escalation of a flag it resolved earlier, a week it
          // held after all. What was announced was true of what the branch held; it stays said.)
          expect(announced.length).toBe(new Set(announced).size);
          const expected = eventsOf(stateAfter(end), end).map((event) => event.id);
          for (const id of expected) expect(announced).toContain(id);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
