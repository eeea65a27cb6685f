import { ExitCode } from '../errors.js';
import { teamName } from '../domain/config.js';
import { customerName } from '../domain/registry.js';
import type { FlagEpisode } from '../domain/rollup/model.js';
import { ritualStatus, type RitualStatus } from '../domain/status.js';
import { sparkline } from '../report/markdown.js';
import { ritualScales } from '../io/workbook.js';
import type { RunEnv } from '../run/env.js';
import { currentRollup, heldPeriods } from '../run/rollup.js';

export interface StatusOptions {
  team?: string;
  date?: string;
  json: boolean;
  strict: boolean;
  failOn: ('overdue' | 'escalated')[];
}

interface TeamStatus {
  team?: string;
  name?: string;
  rituals: RitualStatus[];
  actions: { open: number; overdue: number };
  flags: (Pick<FlagEpisode, 'customer' | 'since' | 'durationWeeks' | 'escalated' | 'reason'> & { name: string })[];
  /** Weekly scores this year, for a sparkline: the trend says more than any one week. */
  scores: { id: string; values: number[]; average: number; trend: string | null }[];
}

/** `rhythm status`: per team and ritual, what was held, what is due or overdue, and what is open. */
export async function status(env: RunEnv, options: StatusOptions): Promise<ExitCode> {
  const { output } = env;
  const { rollup, customers, locations, workbook, today } = await currentRollup(env, options);
  const { config } = workbook;

  const held = heldPeriods(locations, workbook);
  const teamIds: (string | undefined)[] = options.team ? [options.team] : config.teams.length > 0 ? config.teams.map((team) => team.id) : [undefined];
  const teams: TeamStatus[] = teamIds.map((team) => {
    const rituals = Object.values(config.rituals)
      .map((ritual) => {
        return { ritual, held: held(team, ritual) };
      })
      // A ritual held by some teams only (`teams:` in rhythm.yaml) is not due for the others.
      .filter(({ ritual, held }) => ritual.teams === undefined || team === undefined || ritual.teams.includes(team) || held.size > 0)
      .map(({ ritual, held }) => ritualStatus(ritual, held, today, config, team));
    const section = rollup.teams.find((entry) => entry.team === team);
    const open = section?.actions.filter((action) => action.state === 'open') ?? [];
    return {
      ...(team ? { team, name: teamName(config, team) } : {}),
      rituals,
      actions: { open: open.length, overdue: open.filter((action) => action.overdue).length },
      flags: (section?.flags ?? [])
        .filter((flag) => flag.status === 'open')
        .map((flag) => ({ customer: flag.customer, name: customerName(customers, flag.customer), since: flag.since, durationWeeks: flag.durationWeeks, escalated: flag.escalated, reason: flag.reason }))
        .sort((a, b) => Number(b.escalated) - Number(a.escalated) || b.durationWeeks - a.durationWeeks),
      scores: (section?.summary.scores ?? [])
        .filter((score) => score.ritual === 'weekly')
        .map((score) => ({ id: score.id, values: score.series.map((point) => point.value), average: score.average, trend: score.trend })),
    };
  });
  const scales = await ritualScales(workbook);

  const overdue = teams.flatMap((team) => team.rituals.filter((ritual) => ritual.overdue));
  const escalated = teams.flatMap((team) => team.flags.filter((flag) => flag.escalated));
  if (options.json) {
    output.data(JSON.stringify({ today, teams, overdue: overdue.length, escalated: escalated.length }, null, 2));
  } else {
    output.data(renderStatus(env, teams, today, scales));
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

function renderStatus(env: RunEnv, teams: TeamStatus[], today: string, scales: Record<string, { min: number; max: number }>): string {
  const { color } = env.output;
  const lines: string[] = [];
  for (const team of teams) {
    if (team.team) lines.push(color.bold(`${team.name} (${team.team})`));
    for (const ritual of team.rituals) {
      const state = ritual.overdue
        ? color.red(`OVERDUE: ${ritual.overdue} not held`)
        : ritual.currentHeld
          ? color.green(`held ${ritual.current}`)
          : `due: ${ritual.next.period} by ${ritual.next.dueBy}`;
      const streak = ritual.streak > 0 ? `streak ${ritual.streak}` : color.dim('no streak');
      lines.push(`  ${ritual.ritual.padEnd(10)} ${state.padEnd(color.enabled ? 42 : 32)} last ${(ritual.lastHeld ?? '—').padEnd(10)} ${streak}`);
    }
    const actions = `${team.actions.open} open action${team.actions.open === 1 ? '' : 's'}${team.actions.overdue > 0 ? color.red(` (${team.actions.overdue} overdue)`) : ''}`;
    const flags = team.flags.length === 0 ? color.green('every customer receiving value') : `${team.flags.length} customer${team.flags.length === 1 ? '' : 's'} not receiving value`;
    lines.push(`  ${actions} · ${flags}`);
    for (const flag of team.flags) {
      const mark = flag.escalated ? color.red('ESCALATED ') : '';
      lines.push(`    ${mark}${flag.name}: ${flag.durationWeeks} week${flag.durationWeeks === 1 ? '' : 's'} since ${flag.since}${flag.reason ? ` (${flag.reason})` : ''}`);
    }
    for (const score of team.scores) {
      const scale = scales[score.id];
      lines.push(`  ${score.id.replace(/_/g, ' ')} ${color.cyan(sparkline(score.values, scale?.min, scale?.max))} ${score.average.toFixed(1)} on average${score.trend ? `, ${score.trend}` : ''}`);
    }
    lines.push('');
  }
  lines.push(color.dim(`as of ${today} · rhythm actions --overdue · rhythm customers · rhythm report`));
  return lines.join('\n');
}
