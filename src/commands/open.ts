import { ritualCommand } from '../domain/config.js';
import { formatPeriod } from '../domain/period.js';
import { ExitCode, UserError } from '../errors.js';
import { exists } from '../io/files.js';
import { displayPath, openWorkbook, reviewPath } from '../io/workbook.js';
import type { RunEnv } from '../run/env.js';
import { resolveDay, resolveHoldingTeam, resolvePeriod, resolveRitual, teamNeeded } from '../run/options.js';

export interface OpenOptions {
  ritual: string;
  period?: string;
  date?: string;
  last: boolean;
  team?: string;
}

/** `rhythm open [ritual]`: the current period's review in $EDITOR, to add notes or tick boxes. */
export async function open(env: RunEnv, options: OpenOptions): Promise<ExitCode> {
  const workbook = await openWorkbook(env.cwd);
  const { config } = workbook;
  const ritual = resolveRitual(config, options.ritual);
  const holding = resolveHoldingTeam(config, ritual, options.team, env.context.env);
  if ('choices' in holding) throw teamNeeded(holding.choices);
  const period = resolvePeriod(
    { flag: 'period', cadence: ritual.cadence, day: resolveDay(options.date, env.today), last: options.last, ...(options.period !== undefined ? { label: options.period } : {}) },
    config,
  );
  const path = reviewPath(workbook, ritual.name, formatPeriod(period, config), holding.team);
  if (!(await exists(path))) {
    throw new UserError(`${displayPath(workbook, path)} does not exist yet: hold the review first with ${ritualCommand(ritual.name)}`);
  }
  await env.context.editor(path);
  env.output.data(displayPath(workbook, path));
  return ExitCode.ok;
}
