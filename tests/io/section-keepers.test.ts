/**
 * What a rollup keeps of each team's section: the `actions` keeper keeps what `rhythm actions` and
 * `rhythm done` read (the open actions, and those done in the week of the rollup's day), not the
 * year's closed ones, which are most of a ledger.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { keepSection, sectionKeeper, sectionOf } from '../../src/io/section-keepers.js';
import { config, registry, review } from '../domain/rollup-fixtures.js';

const calendar = { fiscalYearStartMonth: 1 };
// Thursday 26 November 2026 is in 2026-W48.
const TODAY = '2026-11-26';

/** A team's weeks as a person ticks them: one action done in W46, one dropped and one done this week, two still open. */
function section() {
  const reviews = [
    review({ period: '2026-W45', team: 'cs', date: '2026-11-05', actions: ['[ ] Call Globex sponsor @ana', '[ ] Send Acme the guide @bo', '[ ] Book the QBR @ana', '[ ] Fix the sync @kim'] }),
    review({ period: '2026-W46', team: 'cs', date: '2026-11-12', actions: ['[x] Call Globex sponsor @ana', '[ ] Send Acme the guide @bo', '[ ] Book the QBR @ana', '[ ] Fix the sync @kim'] }),
    review({ period: '2026-W48', team: 'cs', date: '2026-11-26', actions: ['[-] Send Acme the guide @bo', '[x] Book the QBR @ana', '[ ] Fix the sync @kim', '[ ] Write the plan @ana'] }),
  ];
  const rollup = computeRollup({ reviews, config: config({ teams: [{ id: 'cs', name: 'CS', members: [] }] }), customers: registry, period: parsePeriod('2026', calendar), today: TODAY, history: true, records: 'actions' });
  return rollup.teams[0]!;
}

const titles = (kept: ReturnType<typeof keepSection>) => sectionOf(kept).actions.map((action) => `${action.state} ${action.title}`);

describe('the actions keeper', () => {
  it('keeps the open actions and those done in the week of the day, and drops the rest', () => {
    const whole = section();
    // The ledger's order: the day each was written, then the words.
    expect(whole.actions.map((action) => `${action.state} ${action.title}`)).toEqual([
      'done Book the QBR',
      'done Call Globex sponsor',
      'open Fix the sync',
      'dropped Send Acme the guide',
      'open Write the plan',
    ]);
    const kept = sectionKeeper('actions', TODAY, calendar)(whole);
    expect(titles(kept)).toEqual(['done Book the QBR', 'open Fix the sync', 'open Write the plan']);
    // The team's summary and the part the organisation's summary is made from are the whole section's.
    expect(sectionOf(kept).summary).toStrictEqual(whole.summary);
    expect(kept.part).toStrictEqual(keepSection(whole, 'whole').part);
  });

  it('keeps every action whole for the report', () => {
    expect(titles(keepSection(section(), 'whole'))).toHaveLength(5);
  });

  it('names the week by the day: the week after, nothing done in it is kept', () => {
    expect(titles(sectionKeeper('actions', '2026-11-30', calendar)(section()))).toEqual(['open Fix the sync', 'open Write the plan']);
  });
});
