/**
 * The whole markdown report, as a reader gets it, held in files beside this test: any change to
 * what a report says shows up in review as a diff of those files.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePeriod, rangeOf } from '../../src/domain/period.js';
import { namedWithin, rollupReviews } from '../../src/io/reviews.js';
import { openWorkbook, readRegistry, ritualScales } from '../../src/io/workbook.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportView } from '../../src/report/view-model.js';
import { twoTeamRollup } from './fixtures.js';

/** As `rhythm report --date 2026-11-30` counts: the snapshots must not age with the clock. */
const EXAMPLE_TODAY = '2026-11-30';

/** `rhythm -C rhythm report --<kind> <label> --format md --stdout --date 2026-11-30`, in process. */
async function exampleReport(label: string): Promise<string> {
  const workbook = await openWorkbook(fileURLToPath(new URL('../../rhythm/', import.meta.url)));
  const period = parsePeriod(label, workbook.config);
  const { customers } = await readRegistry(workbook);
  const { rollup, problems } = await rollupReviews(workbook, { customers, period, today: EXAMPLE_TODAY }, namedWithin(rangeOf(period, workbook.config), workbook.config));
  expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return renderMarkdown(reportView(rollup, { scales: await ritualScales(workbook) }));
}

describe('the markdown report, whole', () => {
  it.each(['FY2027-Q3', 'FY2027'])('of the example workbook for %s', async (label) => {
    await expect(await exampleReport(label)).toMatchFileSnapshot(`__snapshots__/example-${label}.md`);
  });

  it('of two teams, with a section per team', async () => {
    await expect(renderMarkdown(reportView(twoTeamRollup()))).toMatchFileSnapshot('__snapshots__/two-teams-2026-Q4.md');
  });
});
