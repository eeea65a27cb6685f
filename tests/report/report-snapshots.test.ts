/**
 * The whole markdown report, as a reader gets it, held in files beside this test: any change to
 * what a report says shows up in review as a diff of those files.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { openWorkbook, ritualScales } from '../../src/io/workbook.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportView } from '../../src/report/view-model.js';
import { createRunEnv } from '../../src/run/env.js';
import { rollupPeriod } from '../../src/run/rollup.js';
import { testContext } from '../helpers/context.js';
import { twoTeamRollup } from './fixtures.js';

/** As `rhythm report --date 2026-11-30` counts: the snapshots must not age with the clock. */
const EXAMPLE_TODAY = '2026-11-30';

/** `rhythm -C rhythm report --<kind> <label> --stdout --date 2026-11-30`, in process, through the loader the command uses. */
async function exampleReport(label: string, full = false): Promise<string> {
  const dir = fileURLToPath(new URL('../../rhythm/', import.meta.url));
  const context = testContext({ cwd: dir });
  const env = createRunEnv(context, { cwd: dir, color: false, quiet: true });
  const workbook = await openWorkbook(dir);
  const { rollup } = await rollupPeriod(env, workbook, { period: parsePeriod(label, workbook.config), today: EXAMPLE_TODAY, strict: true });
  expect(context.err()).toBe('');
  return renderMarkdown(reportView(rollup, { scales: await ritualScales(workbook), full }));
}

describe('the markdown report, whole', () => {
  it.each(['FY2027-Q3', 'FY2027'])('of the example workbook for %s', async (label) => {
    await expect(await exampleReport(label)).toMatchFileSnapshot(`__snapshots__/example-${label}.md`);
  });

  it('of the example year fits in about 200 lines by default; --full lists every quote', async () => {
    const lines = (await exampleReport('FY2027')).split('\n').length;
    expect(lines).toBeLessThanOrEqual(210);
    expect((await exampleReport('FY2027', true)).split('\n').length).toBeGreaterThan(lines + 250);
  });

  it('of two teams, with a section per team', async () => {
    await expect(renderMarkdown(reportView(twoTeamRollup()))).toMatchFileSnapshot('__snapshots__/two-teams-2026-Q4.md');
  });
});
