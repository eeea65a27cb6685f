import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executiveSummary as summaryLines, renderMarkdown, renderSummaryMarkdown, sparkline } from '../../src/report/markdown.js';
import { reportView, type ViewOptions } from '../../src/report/view-model.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type { Rollup } from '../../src/domain/rollup/model.js';
import { mergeRollups } from '../../src/domain/rollup/merge.js';
import { config, emeaQ4, registry, review, TODAY } from '../domain/rollup-fixtures.js';
import { EMEA, emeaRollup, emptyRollup, Q4_2026 } from './fixtures.js';

const scales = { value_confidence: { min: 1, max: 5 } };

function executiveSummary(rollup: Rollup, options?: ViewOptions): string[] {
  return summaryLines(reportView(rollup, options));
}

describe('sparkline', () => {
  it.each<[number[], number | undefined, number | undefined, string]>([
    [[], undefined, undefined, ''],
    [[1, 2, 3, 4, 5, 6, 7, 8], undefined, undefined, '▁▂▃▄▅▆▇█'],
    [[3, 3, 3], undefined, undefined, '▄▄▄'],
    // On the 1–5 scale, 3 is the middle bar, not the bottom one.
    [[1, 3, 5], 1, 5, '▁▅█'],
    [[3, 3], 1, 5, '▅▅'],
    // Values outside the scale are clamped; values that are not numbers are left out.
    [[0, 9, Number.NaN], 1, 5, '▁█'],
  ])('%j on [%s, %s] → %s', (values, min, max, expected) => {
    expect(sparkline(values, min, max)).toBe(expected);
  });

  it('draws one bar per finite value, always one of the eight', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })), (values) => {
        const line = sparkline(values);
        expect([...line]).toHaveLength(values.length);
        expect(line).toMatch(/^[▁▂▃▄▅▆▇█]*$/u);
      }),
    );
  });
});

describe('executiveSummary', () => {
  it('says who is not receiving value, who is silent, the gaps, the confidence trend and the actions', () => {
    expect(executiveSummary(emeaRollup(), { scales })).toEqual([
      // Nobody has an open action naming Globex: the summary says so.
      '- **Not receiving value:** Globex (7 days) — no action yet; 2 resolved, median 26 days to resolve',
      '- **Silent customers:** Hooli',
      // The quarter is still under way and its review not held: nothing is expected of it yet.
      '- **Cadence:** weekly 7 of 9 held (missing 2026-W43, 2026-W46)',
      '- **Value confidence:** 3 on average (2–4), trend flat ▅▃▆▅▆▃▅',
      '- **Actions:** 2 open (1 overdue), 2 done, 1 dropped; 4 opened this period',
    ]);
  });

  it('names escalated customers first, and names each customer once across teams', () => {
    const teams = [EMEA, { id: 'apac', name: 'APAC', members: [] }];
    const reviews = [
      ...emeaQ4(),
      review({ team: 'apac', period: '2026-W48', flags: [{ customer: 'globex', since: '2026-W44' }, { customer: 'hooli', since: '2026-W48' }] }),
    ];
    const rollup = computeRollup({ reviews, config: config({ teams }), customers: registry, period: Q4_2026, today: TODAY });
    expect(executiveSummary(rollup)[0]).toBe('- **Not receiving value:** Globex (escalated, 31 days) — no action yet; Hooli (3 days) — no action yet; 2 resolved, median 26 days to resolve');
    // APAC held only W48 (under way, so expected because held) and missed W40–W47; neither team held the quarter, still under way.
    expect(executiveSummary(rollup)[2]).toBe('- **Cadence:** weekly 8 of 18 held (missing APAC 8, EMEA Customer Success 2)');
  });

  it('stays short for an empty period', () => {
    // Tuesday 20 October: W40–W42 are over; W43 and the quarter are still under way.
    expect(executiveSummary(emptyRollup())).toEqual([
      '- **Not receiving value:** no open flags',
      '- **Cadence:** weekly 0 of 3 held (missing 2026-W40, 2026-W41, 2026-W42)',
    ]);
  });

  it('is at most five lines and truncates long lists of names, whatever the data', () => {
    const customers = Array.from({ length: 30 }, (_, index) => ({ id: `c${index}`, name: `Customer ${index}` }));
    fc.assert(
      fc.property(fc.array(fc.subarray(customers.map((customer) => customer.id)), { maxLength: 12 }), fc.integer({ min: 0, max: 120 }), (weeks, offset) => {
        const reviews = weeks.map((flagged, index) =>
          review({ period: `2026-W${40 + index}`, customers: flagged.slice(0, 3), flags: flagged.map((customer) => ({ customer, since: '2026-W40' })), scores: { value_confidence: 1 + (index % 5) } }),
        );
        const today = new Date(Date.UTC(2026, 8, 28 + offset)).toISOString().slice(0, 10);
        const rollup = computeRollup({ reviews, config: config(), customers, period: Q4_2026, today });
        const lines = executiveSummary(rollup);
        expect(lines.length).toBeLessThanOrEqual(5);
        for (const line of lines) expect(line.length).toBeLessThan(400);
        expect(renderSummaryMarkdown(rollup).trimEnd().split('\n').length).toBeLessThanOrEqual(15);
      }),
      { numRuns: 40 },
    );
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(reportView(emeaRollup(), { scales }));

  it('starts, after its generated-file marker, with the period, its dates and the executive summary', () => {
    expect(markdown.split('\n').slice(1, 10).join('\n')).toMatchInlineSnapshot(`
      "# Customer rollup — 2026-Q4, Thu 1 Oct – Thu 31 Dec 2026

      _As of 2026-11-26; team: EMEA Customer Success._

      - **Not receiving value:** Globex (7 days) — no action yet; 2 resolved, median 26 days to resolve
      - **Silent customers:** Hooli
      - **Cadence:** weekly 7 of 9 held (missing 2026-W43, 2026-W46)
      - **Value confidence:** 3 on average (2–4), trend flat ▅▃▆▅▆▃▅
      - **Actions:** 2 open (1 overdue), 2 done, 1 dropped; 4 opened this period"
    `);
  });

  it('has the sections in the order a leader reads them', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Not receiving value', '## Actions', '## Cadence', '## Customers', '## Scores', '## Voice of the customer', '## Value delivered']);
  });

  it('puts what is being done beside each customer not receiving value, and says so plainly when nothing is', () => {
    expect(markdown).toContain(['**1 open** · 2 resolved, median 26 days to resolve (worst 31 days).', '', '- **Globex**: 7 days since 2026-W47 — renewal at risk', '  - **No action yet.**'].join('\n'));
    const reviews = [
      ...emeaQ4(),
      review({ team: 'emea-cs', period: '2026-W48', date: '2026-11-26', customers: ['globex'], flags: [{ customer: 'globex', reason: 'renewal at risk', since: '2026-W47' }], actions: ['[ ] Call the Globex sponsor @bo due:2026-11-30', '[ ] Plan the renewal @ana due:2026-11-24 #globex', '[ ] Fix SSO #sso'] }),
    ].filter((entry, index, all) => !(entry.period === '2026-W48' && index < all.length - 1));
    const acted = renderMarkdown(reportView(computeRollup({ reviews, config: config({ teams: [EMEA] }), customers: registry, period: Q4_2026, today: TODAY })));
    expect(acted).toContain('- **Not receiving value:** Globex (7 days) — 2 open actions by @ana, @bo, 1 overdue since 2026-11-24;');
    expect(acted).toContain(['- **Globex**: 7 days since 2026-W47 — renewal at risk', '  - [ ] Plan the renewal @ana due:2026-11-24 **overdue**', '  - [ ] Call the Globex sponsor @bo due:2026-11-30'].join('\n'));
  });

  it('tables cadence and resolved flags, without a team column for one team and without rows that say nothing', () => {
    expect(markdown).toContain(
      [
        '## Cadence',
        '',
        '| Ritual | Held | Missing | Streak | Participants |',
        '| --- | --- | --- | --- | --- |',
        '| weekly | 7 of 9 | 2026-W43, 2026-W46 | 2 | ana (6), bo (5) |',
        // The quarter is still under way and its review not held: "quarterly 0 of 0" says nothing and is left out.
        '',
        '## Customers',
      ].join('\n'),
    );
    expect(markdown).toContain(
      [
        '### Resolved',
        '',
        '| Customer | Flagged | Resolved | Took | Escalated |',
        '| --- | --- | --- | --- | --- |',
        '| Initech | 2026-W42 | 2026-W45 | 21 days | **yes** |',
        '| Globex | 2026-W38 | 2026-W42 | 31 days | **yes** |',
      ].join('\n'),
    );
  });

  it('shows customers, silent customers and scores with a sparkline', () => {
    expect(markdown).toContain('| Initech | 2 | 2026-W45 (2026-11-05) | 2 |');
    expect(markdown).toContain('Silent customers (no contact this period): Hooli.');
    expect(markdown).toContain('| value_confidence | weekly | 1–5 | 3 | 2 | 4 | flat | ▅▃▆▅▆▃▅ |');
    // Month by month only with --full.
    expect(markdown).not.toContain('by month');
    expect(renderMarkdown(reportView(emeaRollup(), { scales, full: true }))).toContain('- value_confidence (weekly) by month: 2026-10 3 · 2026-11 3');
  });

  it('quotes customers by name, with themes, and lists claims with their evidence', () => {
    // The latest first.
    expect(markdown).toContain(['**Acme Corp**', '- "Reports are faster." #reporting #speed — 2026-W48', '- "The export saves our analysts a day." #reporting — 2026-W40', '', '**Initech**'].join('\n'));
    expect(markdown).toContain('**Someone (not in the registry)**');
    expect(markdown).toContain('Themes: #reporting (2), #adoption (1), #speed (1)');
    expect(markdown).toContain('- **Acme Corp**: export adopted by 12 analysts — evidence: usage data (2026-W40)');
    expect(markdown).toContain('- **Globex**: nothing yet — _no evidence given_ (2026-W47)');
  });

  it('counts actions by owner and lists open ones, overdue first', () => {
    expect(markdown).toContain('**2 open, 1 overdue** · 2 done · 1 dropped · 4 opened this period');
    expect(markdown).toContain('| @ana | 1 | **1** | 1 | 0 |\n| @bo | 0 | 0 | 0 | 1 |\n| @cy | 0 | 0 | 1 | 0 |\n| (no owner) | 1 | 0 | 0 | 0 |');
    // Concise: the overdue ones, and what is left out.
    expect(markdown).toContain(
      [
        '### Overdue, the oldest first',
        '',
        '- [ ] Send QBR deck @ana due:2026-11-20 **overdue** — open 21 days (rhythm/emea-cs/weekly/2026-W48.md)',
        '',
        'Not shown: 1 not yet due. `rhythm actions` lists every open action; `--full` lists them here.',
      ].join('\n'),
    );
    expect(renderMarkdown(reportView(emeaRollup(), { full: true }))).toContain(
      [
        '- [ ] Send QBR deck @ana due:2026-11-20 **overdue** — open 21 days (rhythm/emea-cs/weekly/2026-W48.md)',
        '- [ ] Fix SSO _no owner_ — open 0 days (rhythm/emea-cs/weekly/2026-W48.md)',
      ].join('\n'),
    );
  });

  it('adds a section per team when there are several, with names from a merged rollup', () => {
    const apac = computeRollup({
      reviews: [review({ team: 'apac', period: '2026-W47', customers: ['umbrella'] })],
      config: config({ teams: [{ id: 'apac', name: 'APAC', members: [] }] }),
      customers: [{ id: 'umbrella', name: 'Umbrella | Corp' }],
      period: Q4_2026,
      today: TODAY,
    });
    const merged = renderMarkdown(reportView(mergeRollups([emeaRollup(), JSON.parse(JSON.stringify(apac)) as Rollup])));
    expect(merged).toContain('_As of 2026-11-26; teams: APAC, EMEA Customer Success._');
    // The team that needs attention first: EMEA has an open flag, APAC none.
    expect(merged).toContain('## Teams, the most in need of attention first\n\n### EMEA Customer Success\n\n');
    expect(merged).toContain('### APAC');
    // A pipe in a name must not split the table cell.
    expect(merged).toContain('| Umbrella \\| Corp | 1 | 2026-W47 | 0 |');
    expect(merged).toContain('- "Reports are faster." #reporting #speed — 2026-W48, EMEA Customer Success');
  });

  it('titles a fiscal quarter across New Year with its dates', () => {
    const fiscal = computeRollup({ reviews: [], config: config({ fiscalYearStartMonth: 2 }), customers: [], period: { kind: 'quarter', year: 2027, quarter: 4 }, today: '2026-12-01' });
    expect(renderMarkdown(reportView(fiscal)).split('\n')[1]).toBe('# Customer rollup — FY2027-Q4, Sun 1 Nov 2026 – Sun 31 Jan 2027');
  });

  it('renders an empty period without inventing figures', () => {
    const text = renderMarkdown(reportView(emptyRollup()));
    expect(text).toContain('No customer was flagged as not receiving value.');
    expect(text).toContain('No customer contact recorded.');
    // A section with nothing to show is left out.
    expect(text).not.toContain('## Scores');
    expect(text).toContain('No quotes recorded.');
    expect(text).toContain('No value claims recorded.');
    expect(text).toContain('No actions recorded.');
    expect(text).not.toContain('## Teams');
  });
});

describe('renderSummaryMarkdown', () => {
  it('summarises the period in a few lines for a quarterly review', () => {
    expect(renderSummaryMarkdown(emeaRollup(), { scales })).toMatchInlineSnapshot(`
      "**Rollup of 2026-Q4, Thu 1 Oct – Thu 31 Dec 2026** (as of 2026-11-26; team: EMEA Customer Success)

      - **Not receiving value:** Globex (7 days) — no action yet; 2 resolved, median 26 days to resolve
      - **Silent customers:** Hooli
      - **Cadence:** weekly 7 of 9 held (missing 2026-W43, 2026-W46)
      - **Value confidence:** 3 on average (2–4), trend flat ▅▃▆▅▆▃▅
      - **Actions:** 2 open (1 overdue), 2 done, 1 dropped; 4 opened this period
      - **Customers:** 3 talked to, 2 flagged
      - **Voice:** 4 quotes; themes #reporting (2), #adoption (1), #speed (1)
      - **Value delivered:** 2 claims, 1 with evidence
      "
    `);
  });
});
