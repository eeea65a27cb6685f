/**
 * Merging JSON rollups of different teams (or repos) of the same period into one organisation
 * rollup (`rhythm report --merge a.json b.json`). Team sections carry their records, so the
 * merge unions them and summarises again: the result equals rolling up all files at once.
 */
import { compareText } from '../collections.js';
import type { Customer } from '../registry.js';
import type { Rollup, RollupHeader, TeamRollup } from './model.js';
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

/** `sources` name the rollups in messages (their files); by default `rollup 1`, `rollup 2`… */
export function mergeRollups(rollups: readonly Rollup[], sources: readonly string[] = rollups.map((_, index) => `rollup ${index + 1}`)): Rollup {
  const first = rollups[0];
  if (first === undefined) throw new RollupMergeError('nothing to merge: pass at least one JSON rollup');
  const named = rollups.map((rollup, index) => ({ rollup, source: sources[index] ?? `rollup ${index + 1}` }));
  named.forEach(({ rollup, source }) => checkRollup(rollup, source));
  named.forEach((other) => checkCompatible(named[0]!, other));
  return assembleRollup(
    {
      period: { ...first.period },
      fiscalYearStartMonth: first.fiscalYearStartMonth,
      // Figures were computed per team on their own day; the merged report is as of the latest.
      today: rollups.map((rollup) => rollup.today).reduce((a, b) => (b > a ? b : a)),
    },
    distinctTeams(named).map((team) => structuredClone(team)),
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

function checkCompatible(first: { rollup: Rollup; source: string }, other: { rollup: Rollup; source: string }): void {
  // Labels of different calendars name different days: the calendar is compared first.
  if (other.rollup.fiscalYearStartMonth !== first.rollup.fiscalYearStartMonth)
    throw new RollupMergeError(
      `cannot merge rollups of different fiscal calendars: ${first.source} starts its year in month ${first.rollup.fiscalYearStartMonth}, ${other.source} in month ${other.rollup.fiscalYearStartMonth}`,
    );
  if (other.rollup.period.label !== first.rollup.period.label)
    throw new RollupMergeError(
      `cannot merge rollups of different periods: ${first.source} is ${first.rollup.period.label}, ${other.source} is ${other.rollup.period.label}; roll up each team for the same period`,
    );
}

/** A team appears in exactly one rollup: its records cannot be combined with another copy. */
function distinctTeams(rollups: readonly { rollup: Rollup; source: string }[]): TeamRollup[] {
  const seen = new Map<string, string>();
  const teams: TeamRollup[] = [];
  for (const { rollup, source } of rollups) {
    const own = new Set<string>();
    for (const team of rollup.teams) {
      const key = team.team ?? '';
      const what = team.team === undefined ? 'a workbook without teams' : `team "${team.team}"`;
      if (own.has(key)) throw new RollupMergeError(`${source} has two sections of ${what}: a rollup holds each team once; write it again with rhythm report --format json`);
      own.add(key);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new RollupMergeError(
          team.team === undefined
            ? `${earlier} and ${source} are both of a workbook without teams: configure teams in each rhythm.yaml so their sections can be told apart`
            : `${what} is in ${earlier} and ${source}: merge rollups of different teams, each once`,
        );
      }
      seen.set(key, source);
      teams.push(team);
    }
  }
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

/**
 * Rollups made as of different days do not merge into what rolling every file up at once gives:
 * a review missed after an earlier rollup's day is not counted as missed in it. The merge takes
 * the latest day; this says which files were made earlier, for the person to remake them.
 */
export function asOfDifferent(rollups: readonly RollupHeader[], files: readonly string[]): string | undefined {
  const latest = rollups.map((rollup) => rollup.today).reduce((a, b) => (b > a ? b : a));
  const earlier = rollups.flatMap((rollup, index) => (rollup.today < latest ? [`${files[index] ?? `rollup ${index + 1}`} (${rollup.today})`] : []));
  if (earlier.length === 0) return undefined;
  return `${earlier.join(', ')} ${earlier.length === 1 ? 'is' : 'are'} as of an earlier day than ${latest}: reviews missed since then are not counted; make every rollup as of one day (rhythm report --date ${latest}) for figures that add up`;
}
