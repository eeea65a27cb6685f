/**
 * Merging JSON rollups of different teams (or repos) of the same period into one organisation
 * rollup (`rhythm report --merge a.json b.json`). Team sections carry their records, so the
 * merge unions them and summarises again: the result equals rolling up all files at once.
 */
import { compareText } from '../collections.js';
import type { Customer } from '../registry.js';
import type { Rollup, TeamRollup } from './model.js';
import { rollupProblems } from './schema.js';
import { assembleRollup } from './summary.js';

export class RollupMergeError extends Error {
  override name = 'RollupMergeError';
}

/**
 * Parse a rollup JSON file, refusing anything that is not a rollup this rhythm can merge. Rollups
 * come from other repositories' CI: every field is checked (schema.ts), one line per problem.
 */
export function parseRollup(text: string, source: string): Rollup {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RollupMergeError(`${source}: not valid JSON (${(error as Error).message}): pass a file written by \`rhythm report --format json\``);
  }
  checkRollup(value, source);
  return value;
}

export function mergeRollups(rollups: readonly Rollup[]): Rollup {
  const first = rollups[0];
  if (first === undefined) throw new RollupMergeError('nothing to merge: pass at least one JSON rollup');
  rollups.forEach((rollup, index) => checkRollup(rollup, `rollup ${index + 1}`));
  rollups.forEach((rollup, index) => checkCompatible(first, rollup, index + 1));
  return assembleRollup(
    {
      period: { ...first.period },
      fiscalYearStartMonth: first.fiscalYearStartMonth,
      // Figures were computed per team on their own day; the merged report is as of the latest.
      today: rollups.map((rollup) => rollup.today).reduce((a, b) => (b > a ? b : a)),
    },
    distinctTeams(rollups).map((team) => structuredClone(team)),
    mergedRegistry(rollups),
  );
}

function checkRollup(value: unknown, source: string): asserts value is Rollup {
  const problems = rollupProblems(value);
  if (problems.length === 0) return;
  throw new RollupMergeError(
    [...problems.map((problem) => `${source}: ${problem}`), `${source}: not a rollup this rhythm can merge: pass a file written by \`rhythm report --format json\``].join('\n'),
  );
}

function checkCompatible(first: Rollup, other: Rollup, position: number): void {
  // Labels of different calendars name different days: the calendar is compared first.
  if (other.fiscalYearStartMonth !== first.fiscalYearStartMonth)
    throw new RollupMergeError(
      `cannot merge rollups of different fiscal calendars: rollup 1 starts its year in month ${first.fiscalYearStartMonth}, rollup ${position} in month ${other.fiscalYearStartMonth}`,
    );
  if (other.period.label !== first.period.label)
    throw new RollupMergeError(
      `cannot merge rollups of different periods: rollup 1 is ${first.period.label}, rollup ${position} is ${other.period.label}; roll up each team for the same period`,
    );
}

/** A team appears in exactly one rollup: its records cannot be combined with another copy. */
function distinctTeams(rollups: readonly Rollup[]): TeamRollup[] {
  const seen = new Map<string, number>();
  const teams: TeamRollup[] = [];
  rollups.forEach((rollup, index) => {
    for (const team of rollup.teams) {
      const key = team.team ?? '';
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new RollupMergeError(
          team.team === undefined
            ? `rollups ${earlier} and ${index + 1} are both of a workbook without teams: configure teams in each rhythm.yaml so their sections can be told apart`
            : `team "${team.team}" is in rollups ${earlier} and ${index + 1}: merge rollups of different teams, each once`,
        );
      }
      seen.set(key, index + 1);
      teams.push(team);
    }
  });
  return teams;
}

/**
 * Union of the registries. When repos describe a customer differently, the choice must not
 * depend on the order of the files, so the smallest description (as JSON text) wins.
 */
function mergedRegistry(rollups: readonly Rollup[]): Customer[] {
  const byId = new Map<string, Customer>();
  for (const customer of rollups.flatMap((rollup) => rollup.registry)) {
    const current = byId.get(customer.id);
    if (!current || compareText(JSON.stringify(customer), JSON.stringify(current)) < 0) byId.set(customer.id, customer);
  }
  return [...byId.values()];
}
