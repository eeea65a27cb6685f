import { unknownTeamProblem, type Config, type RitualConfig } from '../domain/config.js';
import { parseDay, parsePeriod, periodOf, PeriodError, shiftPeriod, type Cadence, type Day, type Period } from '../domain/period.js';
import { UsageError } from '../errors.js';

/**
 * The options every command shares (`--date`, `--week`/`--quarter`/`--year`/`--period`,
 * `--last`, `--team`, a ritual's name), resolved in one place so that each command accepts
 * the same things and says the same thing about what it refuses.
 */

/** `--date` as a day (the day a command acts as of), or today. */
export function resolveDay(value: string | undefined, today: Day): Day {
  if (value === undefined) return today;
  try {
    return parseDay(value);
  } catch (error) {
    throw asUsage('--date', error);
  }
}

export interface PeriodRequest {
  /** The flag the label came with, for messages: `week`, `quarter`, `year` or `period`. */
  flag: string;
  /** The label given with the flag; undefined means the period containing `day`. */
  label?: string;
  /** The kind of period the command works on: a label of another kind is refused. */
  cadence: Cadence;
  day: Day;
  /** `--last`: the period before. */
  last?: boolean;
}

/** The period a command addresses: an explicit label of the right cadence, or the one containing the day. */
export function resolvePeriod(request: PeriodRequest, config: Pick<Config, 'fiscalYearStartMonth'>): Period {
  let period: Period;
  if (request.label === undefined) period = periodOf(request.cadence, request.day, config);
  else {
    try {
      period = parsePeriod(request.label, config);
    } catch (error) {
      throw asUsage(`--${request.flag}`, error);
    }
    if (period.kind !== request.cadence) {
      throw new UsageError(`--${request.flag} ${request.label}: that is a ${period.kind}, not a ${request.cadence}`);
    }
  }
  return request.last ? shiftPeriod(period, -1, config) : period;
}

export function resolveRitual(config: Config, name: string): RitualConfig {
  const ritual = config.rituals[name];
  if (!ritual) throw new UsageError(`unknown ritual "${name}": rituals in rhythm.yaml are ${Object.keys(config.rituals).join(', ')}`);
  return ritual;
}

/** `--team` of the commands that read (report, status, actions, customers): one known team, or all. */
export function resolveTeamFilter(config: Config, team: string | undefined): string | undefined {
  if (team === undefined) return undefined;
  const problem = unknownTeamProblem(config, team);
  if (problem) throw new UsageError(problem);
  return team;
}

/**
 * The team holding a ritual (`--team`, else RHYTHM_TEAM, else the only team that holds it).
 * With several candidates and nothing given, the caller either asks or says `teamNeeded`.
 */
export function resolveHoldingTeam(config: Config, ritual: RitualConfig, flag: string | undefined, environment: NodeJS.ProcessEnv): { team: string | undefined } | { choices: string[] } {
  const requested = flag ?? (environment.RHYTHM_TEAM || undefined);
  const holders = ritual.teams ?? config.teams.map((team) => team.id);
  if (requested !== undefined) {
    const problem = unknownTeamProblem(config, requested);
    if (problem) throw new UsageError(problem);
    if (!holders.includes(requested)) throw new UsageError(`${ritual.name} is held by ${holders.join(', ')} (rituals.${ritual.name}.teams in rhythm.yaml), not by ${requested}`);
    return { team: requested };
  }
  return holders.length <= 1 ? { team: holders[0] } : { choices: holders };
}

export function teamNeeded(choices: readonly string[]): UsageError {
  return new UsageError(`this workbook has several teams: pass --team (one of ${choices.join(', ')}) or set RHYTHM_TEAM`);
}

function asUsage(flag: string, error: unknown): unknown {
  return error instanceof PeriodError ? new UsageError(`${flag}: ${error.message}`) : error;
}
