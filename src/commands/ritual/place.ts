import type { Config, RitualConfig } from '../../domain/config.js';
import { formatPeriod, type Period } from '../../domain/period.js';
import type { Template } from '../../domain/template.js';
import { lockPath } from '../../io/lock.js';
import { refuseOutside } from '../../io/write-file.js';
import { displayPath, draftsDir, loadTemplate, openWorkbook, reviewPath, type Workbook } from '../../io/workbook.js';
import { warnAbout, type RunEnv } from '../../run/env.js';
import { resolveDay, resolveHoldingTeam, resolvePeriod, resolveRitual, teamNeeded } from '../../run/options.js';

/** A review's ritual, period, team and file. */
export interface ReviewPlace {
  workbook: Workbook;
  ritual: RitualConfig;
  period: Period;
  label: string;
  team?: string;
  template: Template;
  path: string;
  display: string;
  /** The day the review is held: today, or the day given with --date when catching up. */
  heldOn: string;
}

/** What a run says about which review it is about (the ritual command's options, or fewer). */
export interface PlaceOptions {
  ritual: string;
  /** The flag the period was given with (`--week`, `--quarter`, `--year`, `--period`), for messages. */
  periodFlag: 'week' | 'quarter' | 'year' | 'period';
  period?: string;
  date?: string;
  last: boolean;
  team?: string;
  input: boolean;
}

/** Which review a run is about, and where its file lies: the ritual, the period, the team. */
export async function locate(env: RunEnv, options: PlaceOptions): Promise<ReviewPlace> {
  const workbook = await openWorkbook(env.cwd);
  warnAbout(env, workbook.warnings);
  const { config } = workbook;
  const ritual = resolveRitual(config, options.ritual);
  const heldOn = resolveDay(options.date, env.today);
  const period = resolvePeriod({ flag: options.periodFlag, cadence: ritual.cadence, day: heldOn, last: options.last, ...(options.period !== undefined ? { label: options.period } : {}) }, config);
  const label = formatPeriod(period, config);
  const team = await holdingTeam(env, config, ritual, options);
  const template = await loadTemplate(workbook, ritual.template);
  const path = reviewPath(workbook, ritual.name, label, team);
  const display = displayPath(workbook, path);
  // What this run may write (the review, its draft, the writers' lock) stays inside the workbook, whatever links lie on the way.
  refuseOutside(workbook.root, path, display);
  refuseOutside(workbook.root, draftsDir(workbook), displayPath(workbook, draftsDir(workbook)));
  refuseOutside(workbook.root, lockPath(workbook.root), displayPath(workbook, lockPath(workbook.root)));
  return { workbook, ritual, heldOn, period, label, template, path, display, ...(team ? { team } : {}) };
}

/** The team holding the review: given, the only one, or asked for when a person is there to answer. */
async function holdingTeam(env: RunEnv, config: Config, ritual: RitualConfig, options: PlaceOptions): Promise<string | undefined> {
  const holding = resolveHoldingTeam(config, ritual, options.team, env.context.env);
  if (!('choices' in holding)) return holding.team;
  if (options.input === false || !env.interactive) throw teamNeeded(holding.choices);
  const prompter = await env.context.prompter(env.output);
  return prompter.select({
    key: 'team',
    message: 'Which team is holding the review?',
    choices: config.teams.filter((team) => holding.choices.includes(team.id)).map((team) => ({ name: team.name, value: team.id })),
  });
}
