import { ExitCode } from '../errors.js';
import { ritualScales } from '../io/workbook.js';
import { renderStatus, statusView } from '../report/terminal.js';
import type { RunEnv } from '../run/env.js';
import { heldPeriods } from '../io/held.js';
import { currentRollup } from '../run/rollup.js';

export interface StatusOptions {
  team?: string;
  date?: string;
  json: boolean;
  strict: boolean;
  failOn: ('overdue' | 'escalated')[];
}

/** `rhythm status`: per team and ritual, what was held, what is due or overdue, and what is open. */
export async function status(env: RunEnv, options: StatusOptions): Promise<ExitCode> {
  const { output } = env;
  const { rollup, customers, locations, workbook, today } = await currentRollup(env, { ...options, organisation: false });
  const { config } = workbook;

  const teams = statusView(rollup, customers, config, today, options.team, heldPeriods(locations, workbook.config));

  const overdue = teams.flatMap((team) => team.rituals.filter((ritual) => ritual.overdue));
  const escalated = teams.flatMap((team) => team.flags.filter((flag) => flag.escalated));
  if (options.json) {
    output.data(JSON.stringify({ today, teams, overdue: overdue.length, escalated: escalated.length }, null, 2));
  } else {
    // The templates are read for their scales only when there is a score to draw on one.
    const scales = teams.some((team) => team.scores.length > 0) ? await ritualScales(workbook) : {};
    output.data(renderStatus(teams, today, scales, output.color));
  }
  const failed = (options.failOn.includes('overdue') && overdue.length > 0) || (options.failOn.includes('escalated') && escalated.length > 0);
  if (failed && !options.json) {
    output.error(
      [overdue.length > 0 ? `${overdue.length} ritual${overdue.length === 1 ? '' : 's'} overdue` : '', escalated.length > 0 ? `${escalated.length} escalated customer${escalated.length === 1 ? '' : 's'}` : '']
        .filter(Boolean)
        .join(', '),
    );
  }
  return failed ? ExitCode.failed : ExitCode.ok;
}
