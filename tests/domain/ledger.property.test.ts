/**
 * The ledger's promise as a property: however a team copies its actions forward by hand (some
 * weeks, none, all, skipping weeks, with other capitals and spacing, in any order within a
 * review) and in whichever copy it ticks a box, the rollup counts each action once, and an action
 * is closed exactly when some review ticked or dropped it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysTo, type Period } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { config, registry, review } from './rollup-fixtures.js';

const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };
// Weeklies held on the Thursdays of W40 to W49 (1 October to 3 December).
const WEEKS = Array.from({ length: 10 }, (_, index) => ({ period: `2026-W${40 + index}`, date: addDaysTo('2026-10-01', 7 * index) }));
const TITLES = ['Call the Acme sponsor', 'Send Globex the export guide', 'Plan the Hooli QBR', 'Fix the Initech sync', 'Write the renewal case'];

/** How one action lives: the week it is written, the weeks a copy of it appears in, and the copy ticked (if any). */
const actionLife = fc.record({
  written: fc.integer({ min: 0, max: WEEKS.length - 1 }),
  copies: fc.array(fc.boolean(), { minLength: WEEKS.length, maxLength: WEEKS.length }),
  ticked: fc.option(fc.nat(), { nil: undefined }),
  mark: fc.constantFrom('x', 'X', '-'),
  shout: fc.boolean(),
});

describe('actions copied forward by hand', () => {
  it('are counted once each, and closed exactly when some copy is ticked or dropped', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: TITLES.length - 1 }), { minLength: 1, maxLength: TITLES.length }), fc.array(actionLife, { minLength: TITLES.length, maxLength: TITLES.length }), fc.boolean(), (chosen, lives, reversed) => {
        const lines = WEEKS.map(() => [] as string[]);
        const closed = new Set<string>();
        for (const index of chosen) {
          const title = TITLES[index]!;
          const life = lives[index]!;
          const copied = [life.written, ...life.copies.flatMap((copy, week) => (copy && week > life.written ? [week] : []))];
          const tickedAt = life.ticked === undefined ? undefined : copied[life.ticked % copied.length];
          // Copying stops once the box is ticked: the same words written later are another action.
          const weeks = copied.filter((week) => tickedAt === undefined || week <= tickedAt);
          for (const week of weeks) {
            const words = life.shout && week !== life.written ? title.toUpperCase().replace(/ /g, '  ') : title;
            const box = week === tickedAt ? life.mark : ' ';
            lines[week]!.push(`[${box}] ${words} @ana`);
          }
          if (tickedAt !== undefined) closed.add(title);
        }
        const reviews = WEEKS.flatMap((week, index) => (lines[index]!.length > 0 ? [review({ ...week, actions: reversed ? [...lines[index]!].reverse() : lines[index] })] : []));
        const rollup = computeRollup({ reviews, config: config(), customers: registry, period: Q4_2026, today: '2026-12-31' });
        const actions = rollup.teams[0]!.actions;
        expect(actions).toHaveLength(chosen.length);
        expect(new Set(actions.map((action) => action.title.toLowerCase().replace(/\s+/g, ' ')))).toEqual(new Set(chosen.map((index) => TITLES[index]!.toLowerCase())));
        expect(rollup.organisation.actions.open).toBe(chosen.length - closed.size);
        for (const action of actions) {
          const title = TITLES.find((candidate) => candidate.toLowerCase() === action.title.toLowerCase().replace(/\s+/g, ' '))!;
          expect(action.state === 'open').toBe(!closed.has(title));
          // Written the day of the review it first appears in.
          expect(action.openedOn).toBe(WEEKS[lives[TITLES.indexOf(title)]!.written]!.date);
        }
      }),
      { numRuns: 200 },
    );
  });
});
