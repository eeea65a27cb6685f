import { describe, expect, it } from 'vitest';
import { printableName, reviewNameProblem } from '../../src/domain/review-name.js';

const CALENDAR = { fiscalYearStartMonth: 1 };
const FISCAL = { fiscalYearStartMonth: 2 };

describe('reviewNameProblem: a review is <period>.md, the period as rhythm writes it', () => {
  it.each([
    ['2026-W48', 'week'],
    ['2026-W01', 'week'],
    ['2026-11', 'month'],
    ['2026-Q4', 'quarter'],
    ['2026', 'year'],
    // A canonical name of another cadence is a review; check says it is in the wrong folder.
    ['2026-Q4', 'week'],
  ] as const)('%s in a %s folder is a review', (stem, cadence) => {
    expect(reviewNameProblem(stem, cadence, CALENDAR, () => false)).toBeUndefined();
  });

  it.each([
    ['2026-W48 (conflicted copy 2026-11-28)', true, "it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it"],
    ['2026-W48 2', true, "it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it"],
    ['2026-W48 (1)', false, "it looks like a sync tool's conflicted copy of 2026-W48.md; rename it 2026-W48.md"],
    ['2026-W48.sync-conflict-20261128-101010-ABCDEFG', true, "it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it"],
    ["2026-W48 (Ana's conflicted copy)", true, "it looks like a sync tool's conflicted copy of 2026-W48.md; merge what it adds into 2026-W48.md, then delete it"],
    ['2026-w48', true, 'its name writes the period of 2026-W48.md beside it another way (on macOS and Windows the two would be one file): merge what it adds into 2026-W48.md, then delete it'],
    ['2026-w48', false, 'rhythm names this period 2026-W48.md; rename it so (on macOS or Windows, through another name first: only the case differs)'],
    ['2026-W8', false, 'rhythm names this period 2026-W08.md; rename it so'],
    ['notes', false, "its name is not a period; name a review like 2026-W48.md, or move the file out of the ritual's folder"],
    ['2026-W480', false, "its name is not a period; name a review like 2026-W48.md, or move the file out of the ritual's folder"],
    ['2026-W48\uFFFD', false, 'its name is not valid UTF-8; rename it for the period it holds, like 2026-W48.md'],
    ['2026-W48\nrhythm: a forged line', false, 'its name holds a control character (shown as \\u…); rename it for the period it holds, like 2026-W48.md'],
  ])('%j (its original beside it: %s) is not a review: %s', (stem, beside, message) => {
    expect(reviewNameProblem(stem, 'week', CALENDAR, (name) => beside && name === '2026-W48.md')).toBe(`is not read as a review: ${message}`);
  });

  it('a copy is of a period of the folder\'s cadence; examples follow the fiscal calendar', () => {
    // "2026 2" in a weekly folder is not a copy of a year's review.
    expect(reviewNameProblem('2026 2', 'week', CALENDAR, () => false)).toMatch(/its name is not a period/);
    expect(reviewNameProblem('2026 2', 'year', CALENDAR, () => false)).toMatch(/conflicted copy of 2026\.md/);
    expect(reviewNameProblem('FY2027-Q1 (1)', 'quarter', FISCAL, () => false)).toMatch(/conflicted copy of FY2027-Q1\.md/);
    expect(reviewNameProblem('fy2027-q1', 'quarter', FISCAL, () => false)).toMatch(/rhythm names this period FY2027-Q1\.md/);
    expect(reviewNameProblem('notes', 'quarter', FISCAL, () => false)).toMatch(/like FY2026-Q4\.md/);
  });
});

describe('printableName', () => {
  it('writes each control character as \\u…, so a name is one line; other names stay as they are', () => {
    expect(printableName('2026-W48\nrhythm: forged\u001b[2J\u0085.md')).toBe('2026-W48\\u000arhythm: forged\\u001b[2J\\u0085.md');
    expect(printableName('2026-W48 (conflicted copy, é 中).md')).toBe('2026-W48 (conflicted copy, é 中).md');
  });
});
