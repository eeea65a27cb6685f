import { unknownTeamProblem } from '../domain/config.js';
import { formatPeriod, parsePeriod, periodOf, PeriodError, shiftPeriod } from '../domain/period.js';
import { UsageError, UserError } from '../errors.js';
import { exists } from '../io/files.js';
import { displayPath, openWorkbook, reviewPath } from '../io/workbook.js';
import { dayOption, type RunEnv } from '../run/env.js';

export interface OpenOptions {
  ritual: string;
  period?: string;
  date?: string;
  last: boolean;
  team?: string;
}

/** `rhythm open [ritual]`: the current period's review in $EDITOR, to add notes or tick boxes. */
export async function open(env: RunEnv, options: OpenOptions): Promise<number> {
  const workbook = await openWorkbook(env.cwd);
  const { config } = workbook;
  const ritual = config.rituals[options.ritual];
  if (!ritual) throw new UsageError(`unknown ritual "${options.ritual}": rituals in rhythm.yaml are ${Object.keys(config.rituals).join(', ')}`);
  const ids = config.teams.map((team) => team.id);
  const team = options.team ?? (env.context.env.RHYTHM_TEAM || undefined) ?? (ids.length === 1 ? ids[0] : undefined);
  if (ids.length > 1 && team === undefined) throw new UsageError(`this workbook has several teams: pass --team (one of ${ids.join(', ')})`);
  const teamProblem = team === undefined ? undefined : unknownTeamProblem(config, team);
  if (teamProblem) throw new UsageError(teamProblem);
  let period;
  try {
    period = options.period ? parsePeriod(options.period, config) : periodOf(ritual.cadence, dayOption(options.date, env.today), config);
  } catch (error) {
    if (error instanceof PeriodError) throw new UsageError(error.message);
    throw error;
  }
  if (options.last) period = shiftPeriod(period, -1, config);
  const label = formatPeriod(period, config);
  const path = reviewPath(workbook, ritual.name, label, team);
  if (!(await exists(path))) {
    throw new UserError(`${displayPath(workbook, path)} does not exist yet: hold the review first with rhythm ${['weekly', 'quarterly', 'annual'].includes(ritual.name) ? ritual.name : `new ${ritual.name}`}`);
  }
  await env.context.editor(path);
  env.output.data(displayPath(workbook, path));
  return 0;
}
