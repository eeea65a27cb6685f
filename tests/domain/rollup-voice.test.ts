/**
 * Quotes and value claims as a person types them: prefixes naming a registry customer by id or
 * name, or naming nobody in the registry; evidence in any case, empty, or mid-sentence; stray
 * spaces and tabs; a tag written twice. Their JSON is compared as text, so the order of fields
 * (what a report writes) is checked too.
 */
import { describe, expect, it } from 'vitest';
import type { Period } from '../../src/domain/period.js';
import { parseReview } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { config, registry } from './rollup-fixtures.js';

const WEEK = `---
rhythm: 1
ritual: weekly
period: 2026-W40
team: emea-cs
---
# Weekly customer review — 2026-W40

## What we heard  <!-- q:heard -->

- Acme Corp: "The export saves our analysts a day." #Reporting #reporting #speed
- **globex**: "We don't use it." #adoption
- Their new sponsor: "Where is the roadmap?"
- No prefix at all, #roadmap asked twice
- ratio 3:1 in favour

## Value delivered  <!-- q:value -->

- acme:  export adopted by   12 analysts (Evidence: usage data)
- Globex: nothing yet (evidence: )
- Hooli: onboarding (evidence:kick-off notes) finished in\ttwo weeks
- Initech: a tidy claim

## Actions  <!-- q:actions -->

- [ ] Call Acme @ana
`;

const Q4_2026: Period = { kind: 'quarter', year: 2026, quarter: 4 };

describe('quotes and value claims of a hand-written week', () => {
  const parsed = parseReview(WEEK, 'rhythm/emea-cs/weekly/2026-W40.md', { fiscalYearStartMonth: 1 });
  const rollup = computeRollup({
    reviews: [parsed.review!],
    config: config({ teams: [{ id: 'emea-cs', name: 'EMEA', members: [] }] }),
    customers: registry,
    period: Q4_2026,
    today: '2026-11-26',
  });
  const team = rollup.teams[0]!;

  it('attributes each quote, keeps its words and its tags once each, fields in report order', () => {
    expect(team.quotes.map((quote) => JSON.stringify(quote))).toEqual([
      '{"team":"emea-cs","period":"2026-W40","customer":"acme","text":"\\"The export saves our analysts a day.\\" #Reporting #reporting #speed","tags":["reporting","speed"]}',
      '{"team":"emea-cs","period":"2026-W40","customer":"globex","text":"\\"We don\'t use it.\\" #adoption","tags":["adoption"]}',
      '{"team":"emea-cs","period":"2026-W40","who":"Their new sponsor","text":"\\"Where is the roadmap?\\"","tags":[]}',
      '{"team":"emea-cs","period":"2026-W40","text":"No prefix at all, #roadmap asked twice","tags":["roadmap"]}',
      // A colon without a space after it starts no prefix.
      '{"team":"emea-cs","period":"2026-W40","text":"ratio 3:1 in favour","tags":[]}',
    ]);
  });

  it('takes the evidence out of a claim, tidies its spaces, and leaves out evidence that is empty', () => {
    expect(team.claims.map((claim) => JSON.stringify(claim))).toEqual([
      '{"team":"emea-cs","period":"2026-W40","customer":"acme","text":"export adopted by 12 analysts","evidence":"usage data"}',
      '{"team":"emea-cs","period":"2026-W40","customer":"globex","text":"nothing yet"}',
      '{"team":"emea-cs","period":"2026-W40","customer":"hooli","text":"onboarding finished in two weeks","evidence":"kick-off notes"}',
      '{"team":"emea-cs","period":"2026-W40","customer":"initech","text":"a tidy claim"}',
    ]);
    expect(rollup.organisation.value).toEqual({ claims: 4, withEvidence: 2 });
  });
});
