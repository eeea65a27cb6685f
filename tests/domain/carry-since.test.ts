/**
 * What a review left open comes forward with the period the team's ledger says it opened in, not
 * the review's own, when the review does not say (weeks written by hand copy items without since:).
 */
import { describe, expect, it } from 'vitest';
import { datedBackwards, needsLedgerSince, openItemsOf, withLedgerSince } from '../../src/domain/carry.js';
import type { Review } from '../../src/domain/review.js';
import { parseReview } from '../../src/domain/review.js';

const CALENDAR = { fiscalYearStartMonth: 1 };

/** A week's review as a person writes it by hand. */
function week(label: string, front: string, actions: string): ReturnType<typeof parseReview>['review'] & object {
  const text = `---\nrhythm: 1\nritual: weekly\nperiod: ${label}\nteam: emea\n${front}---\n# Weekly ${label}\n\n## Actions <!-- q:actions -->\n${actions}`;
  const { review } = parseReview(text, `rhythm/emea/weekly/${label}.md`, CALENDAR);
  if (!review) throw new Error(`${label} does not parse`);
  return review;
}

const FLAGGED = 'flags:\n  - customer: acme\n    reason: onboarding stalled\n';

describe('needsLedgerSince', () => {
  it('asks the ledger for an open action without since:, or a flag dated the review’s own week', () => {
    expect(needsLedgerSince(week('2026-W47', '', '- [ ] Call Acme @ana\n'))).toBe(true);
    expect(needsLedgerSince(week('2026-W47', FLAGGED, ''))).toBe(true);
    expect(needsLedgerSince(week('2026-W47', `${FLAGGED}    since: 2026-W47\n`, ''))).toBe(true);
  });

  it('does not when every open item says when it opened, or nothing is open', () => {
    expect(needsLedgerSince(week('2026-W47', `${FLAGGED}    since: 2026-W45\n`, '- [ ] Call Acme @ana since:2026-W45\n- [x] Sent the deck\n- [-] Dropped it\n'))).toBe(false);
    expect(needsLedgerSince(week('2026-W47', '', ''))).toBe(false);
    expect(needsLedgerSince(undefined)).toBe(false);
  });
});

describe('withLedgerSince', () => {
  const previous = week('2026-W47', FLAGGED, "- [ ] Call Acme's sponsor @ana\n- [ ] call  acme's SPONSOR.\n- [ ] Book the training @bo since:2026-W40\n- [ ] Something new\n");
  const ledger = [
    { title: "Call Acme's sponsor", state: 'open' as const, since: '2026-W45', lastSeen: '2026-W47' },
    { title: "Call Acme's sponsor", state: 'open' as const, since: '2026-W46', lastSeen: '2026-W47' },
    { title: 'Book the training', state: 'open' as const, since: '2026-W40', lastSeen: '2026-W47' },
    { title: 'Closed long ago', state: 'done' as const, since: '2026-W30', lastSeen: '2026-W31' },
  ];
  const episodes = [
    { customer: 'globex', status: 'open' as const, since: '2026-W44' },
    { customer: 'acme', status: 'resolved' as const, since: '2026-W30' },
    { customer: 'acme', status: 'open' as const, since: '2026-W45' },
  ];

  it('dates each undated item as the ledger does: copies of the same words each take one of its items, in turn', () => {
    const carried = openItemsOf(withLedgerSince(previous, ledger, episodes));
    expect(carried.actions.map((action) => [action.title, action.since])).toEqual([
      ["Call Acme's sponsor", '2026-W45'],
      ["call acme's SPONSOR.", '2026-W46'],
      ['Book the training', '2026-W40'],
      // Unknown to the ledger: the review's own week, as before.
      ['Something new', '2026-W47'],
    ]);
    expect(carried.flags).toEqual([{ customer: 'acme', reason: 'onboarding stalled', since: '2026-W45' }]);
  });

  it('keeps a since: the review wrote, and the review’s own week for what the ledger has not open', () => {
    const dated = week('2026-W47', `${FLAGGED}    since: 2026-W46\n`, '- [ ] Book the training @bo since:2026-W41\n');
    expect(withLedgerSince(dated, ledger, episodes)).toEqual(dated);
    const unknown = week('2026-W47', 'flags:\n  - customer: initech\n    reason: no sponsor\n', '- [ ] Closed long ago\n');
    expect(openItemsOf(withLedgerSince(unknown, ledger, episodes))).toMatchObject({ actions: [{ since: '2026-W47' }], flags: [{ since: '2026-W47' }] });
  });
});

describe('datedBackwards', () => {
  /** The reviews before each, as `earlier` gives them, and the ones it was asked for. */
  function history(...reviews: Review[]): { earlier: (review: Review) => Review | undefined; asked: string[] } {
    const asked: string[] = [];
    const earlier = (review: Review) => {
      asked.push(review.period);
      const index = reviews.findIndex((candidate) => candidate.period === review.period);
      return index > 0 ? reviews[index - 1] : undefined;
    };
    return { earlier, asked };
  }

  it('dates a flag and an open action copied by hand across the start: from the earliest review that lists them, through several', () => {
    const w38 = week('2026-W38', FLAGGED, "- [ ] Call Acme's sponsor @ana\n");
    const w39 = week('2026-W39', FLAGGED, "- [ ] call  Acme's sponsor. @ana\n");
    const w40 = week('2026-W40', FLAGGED, "- [ ] Call Acme's sponsor @ana\n- [ ] Something new\n");
    const { earlier, asked } = history(week('2026-W37', '', '- [x] Done long ago\n'), w38, w39, w40);
    const dated = datedBackwards(w40, earlier);
    expect(dated.flags).toEqual([{ customer: 'acme', reason: 'onboarding stalled', since: '2026-W38' }]);
    expect(dated.actions.map((action) => [action.title, action.since])).toEqual([
      ["Call Acme's sponsor", '2026-W38'],
      ['Something new', undefined],
    ]);
    // W37 lists neither: the walk ends there.
    expect(asked).toEqual(['2026-W40', '2026-W39', '2026-W38']);
  });

  it('takes the since: an earlier copy wrote, and stops there', () => {
    const w39 = week('2026-W39', `${FLAGGED}    since: 2026-W30\n`, "- [ ] Call Acme's sponsor @ana since:2026-W31\n");
    const w40 = week('2026-W40', FLAGGED, "- [ ] Call Acme's sponsor @ana\n");
    const { earlier, asked } = history(week('2026-W38', FLAGGED, ''), w39, w40);
    const dated = datedBackwards(w40, earlier);
    expect(dated.flags[0]!.since).toBe('2026-W30');
    expect(dated.actions[0]!.since).toBe('2026-W31');
    expect(asked).toEqual(['2026-W40']);
  });

  it('does not follow a flag the review before resolved, or an action it had closed: those open anew', () => {
    const w39 = week('2026-W39', 'resolved:\n  - customer: acme\n    since: 2026-W35\n', "- [x] Call Acme's sponsor @ana\n");
    const w40 = week('2026-W40', FLAGGED, "- [ ] Call Acme's sponsor @ana\n");
    const dated = datedBackwards(w40, history(w39, w40).earlier);
    expect(dated).toBe(w40);
  });

  it('reads nothing for a review whose every item says when it opened', () => {
    const w40 = week('2026-W40', `${FLAGGED}    since: 2026-W38\n`, "- [ ] Call Acme's sponsor @ana since:2026-W38\n- [x] Sent it\n");
    const { earlier, asked } = history(week('2026-W39', FLAGGED, ''), w40);
    expect(datedBackwards(w40, earlier)).toBe(w40);
    expect(asked).toEqual([]);
  });
});
