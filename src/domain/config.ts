import type { Document, LineCounter, Node } from 'yaml';
import type { Problem } from '../errors.js';
import { badCharacter } from './characters.js';
import { parseFrontMatterFast, yamlPackage } from './frontmatter.js';
import { isDay, type Cadence, type Calendar, type Day } from './period.js';
import { slugProblem } from './slug.js';

/**
 * When a team, or a ritual, runs: no period before `start` or after `until` is expected of it
 * (a period holding either day is). Without a start, a team's ritual starts at its first review.
 */
export interface Span {
  start?: Day;
  until?: Day;
}

export interface Team extends Span {
  id: string;
  name: string;
  members: string[];
}

export interface RitualConfig extends Span {
  name: string;
  template: string;
  cadence: Cadence;
  /** The teams that hold it; absent means every team. */
  teams?: string[];
}

export interface Config extends Calendar {
  workbook: string;
  teams: Team[];
  rituals: Record<string, RitualConfig>;
  git: { commit: boolean };
  escalateAfterWeeks: number;
  /** Where `rhythm notify` posts: none by default. */
  notify: NotifyDestination[];
}

export type DestinationType = 'slack' | 'teams' | 'webhook';
export const DESTINATION_TYPES: readonly DestinationType[] = ['slack', 'teams', 'webhook'];

/**
 * A place `rhythm notify` posts to: a Slack or Microsoft Teams incoming webhook, or any URL that
 * takes JSON. The URL is a secret (whoever has it can post), so the config names the environment
 * variable that holds it, never the URL itself.
 */
export interface NotifyDestination {
  type: DestinationType;
  /** The environment variable holding the URL, e.g. RHYTHM_SLACK_WEBHOOK. */
  env: string;
}

export const BUILT_IN_RITUALS: Record<string, RitualConfig> = {
  weekly: { name: 'weekly', template: 'weekly', cadence: 'week' },
  quarterly: { name: 'quarterly', template: 'quarterly', cadence: 'quarter' },
  annual: { name: 'annual', template: 'annual', cadence: 'year' },
};

/** The command that holds a ritual: each built-in has its own, any other is held with `rhythm new <name>`. */
export function ritualCommand(name: string): string {
  return Object.hasOwn(BUILT_IN_RITUALS, name) ? `rhythm ${name}` : `rhythm new ${name}`;
}

export function defaultConfig(): Config {
  return {
    workbook: 'rhythm',
    fiscalYearStartMonth: 1,
    teams: [],
    rituals: structuredClone(BUILT_IN_RITUALS),
    git: { commit: true },
    escalateAfterWeeks: 3,
    notify: [],
  };
}

export const CONFIG_FILE = 'rhythm.yaml';
const CADENCES: readonly Cadence[] = ['week', 'month', 'quarter', 'year'];
const KNOWN_KEYS = ['workbook', 'fiscalYearStartMonth', 'teams', 'rituals', 'git', 'escalateAfterWeeks', 'notify'];

export interface ConfigResult {
  config: Config;
  problems: Problem[];
}

/**
 * Validate `rhythm.yaml`. Every problem names the key and its line; unknown keys are warnings
 * (a newer rhythm may know them), wrong values are errors.
 */
export function parseConfig(text: string, file: string = CONFIG_FILE): ConfigResult {
  const source = text.replace(/\r\n?/g, '\n');
  // The yaml package's document knows every node's line, for problems; reading the values alone
  // is ten times faster (frontmatter.ts), and a valid config needs no lines. So the document is
  // read only when a line is asked for, or when the fast reader sees anything unusual.
  let precise: { doc: Document; lineCounter: LineCounter } | undefined;
  const document = () => {
    if (!precise) {
      const { LineCounter, parseDocument } = yamlPackage();
      const lineCounter = new LineCounter();
      precise = { doc: parseDocument(source, { schema: 'core', uniqueKeys: true, resolveKnownTags: false, lineCounter }), lineCounter };
    }
    return precise;
  };
  const problems: Problem[] = [];
  // The line of the key (or list item) at `path`; when it is absent (a missing key, or a team
  // written as a bare id), the line of the nearest enclosing key that is there.
  const lineOf = (path: (string | number)[]): number | undefined => {
    const { doc, lineCounter } = document();
    for (let length = path.length; length >= 0; length--) {
      const at = path.slice(0, length);
      const key = at.length > 0 ? findKeyNode(doc, at) : undefined;
      const node = key ? undefined : (doc.getIn(at, true) as Node | undefined);
      const offset = key?.range?.[0] ?? node?.range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
  const error = (path: (string | number)[], message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line: lineOf(path), message: `${path.join('.') || 'config'}: ${message}`, severity });

  const config = defaultConfig();
  let raw: unknown = fastValues(source);
  if (raw === undefined) {
    const { doc } = document();
    for (const yamlError of [...doc.errors, ...doc.warnings]) {
      const firstLine = yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
      problems.push({ file, line: yamlError.linePos?.[0].line, col: yamlError.linePos?.[0].col, message: `not valid YAML: ${firstLine}`, severity: 'error' });
    }
    if (problems.length > 0) return { config, problems };
    try {
      raw = doc.toJS({ maxAliasCount: 50 });
    } catch (aliasError) {
      // yaml throws a ReferenceError when aliases expand too far (a "billion laughs" file).
      problems.push({ file, line: 1, message: `not valid YAML: too many aliases (${(aliasError as Error).message})`, severity: 'error' });
      return { config, problems };
    }
  }
  if (raw === null || raw === undefined) return { config, problems };
  if (!isRecord(raw)) {
    error([], 'must be a set of `key: value` lines');
    return { config, problems };
  }

  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) error([key], `unknown key, ignored (known keys: ${KNOWN_KEYS.join(', ')})`, 'warning');
  }
  readScalars(raw, config, error);
  if (raw.teams !== undefined) readTeams(raw.teams, config, error);
  if (raw.rituals !== undefined) readRituals(raw.rituals, config, error);
  if (raw.notify !== undefined) readNotify(raw.notify, config, error);

  return { config, problems };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `notify: [{ type: slack, env: RHYTHM_SLACK_WEBHOOK }]`; a URL written into the file is refused: it is a secret. */
function readNotify(notify: unknown, config: Config, error: Report): void {
  if (!Array.isArray(notify)) return error(['notify'], 'must be a list like [{ type: slack, env: RHYTHM_SLACK_WEBHOOK }]');
  notify.forEach((entry: unknown, index) => {
    const path = ['notify', index];
    if (!isRecord(entry)) return error(path, 'must be { type: slack, env: RHYTHM_SLACK_WEBHOOK } (type: slack, teams or webhook)');
    const secret = Object.entries(entry).find(([, value]) => typeof value === 'string' && /^\s*https?:\/\//i.test(value));
    if (secret)
      return error(
        [...path, secret[0]],
        'a webhook URL is a secret (anyone who has it can post): take it out of rhythm.yaml, put it in an environment variable (a CI secret) and name that variable, e.g. env: RHYTHM_SLACK_WEBHOOK',
      );
    const type = entry.type;
    if (typeof type !== 'string' || !(DESTINATION_TYPES as readonly string[]).includes(type))
      return error([...path, 'type'], `must be one of ${DESTINATION_TYPES.join(', ')}, not ${JSON.stringify(type ?? '')}`);
    const env = entry.env;
    if (typeof env !== 'string' || !ENV_NAME.test(env))
      return error([...path, 'env'], `must name the environment variable holding the URL, e.g. RHYTHM_${type.toUpperCase()}_WEBHOOK, not ${JSON.stringify(env ?? '')}`);
    for (const key of Object.keys(entry)) if (key !== 'type' && key !== 'env') error([...path, key], 'unknown key, ignored (known: type, env)', 'warning');
    config.notify.push({ type: type as DestinationType, env });
  });
}

/** Reports a problem at a key path; a warning leaves the default in place. */
type Report = (path: (string | number)[], message: string, severity?: Problem['severity']) => void;

function readScalars(raw: Record<string, unknown>, config: Config, error: Report): void {
  if (raw.workbook !== undefined) {
    const workbook = raw.workbook;
    if (typeof workbook !== 'string' || workbook.trim() === '') error(['workbook'], 'must be a folder name, e.g. rhythm');
    else if (badCharacter(workbook)) error(['workbook'], `holds ${badCharacter(workbook)}: name the folder without it, e.g. rhythm`);
    else if (/^([\\/]|[A-Za-z]:)/.test(workbook) || workbook.split(/[\\/]/).some((part) => part === '..'))
      error(['workbook'], 'must be a folder inside the repository (no absolute path, no ..)');
    else if (ownFolderOf(workbook))
      error(['workbook'], `${JSON.stringify(workbook)} is inside ${ownFolderOf(workbook)}/, which rhythm or git keeps for its own files: name another folder, e.g. rhythm`);
    else config.workbook = workbook.replace(/\/+$/, '');
  }

  if (raw.fiscalYearStartMonth !== undefined) {
    const month = raw.fiscalYearStartMonth;
    if (!Number.isInteger(month) || (month as number) < 1 || (month as number) > 12)
      error(['fiscalYearStartMonth'], `must be a month number 1-12 (1 = January, calendar quarters), not ${JSON.stringify(month)}`);
    else config.fiscalYearStartMonth = month as number;
  }

  if (raw.escalateAfterWeeks !== undefined) {
    const weeks = raw.escalateAfterWeeks;
    if (!Number.isInteger(weeks) || (weeks as number) < 1)
      error(['escalateAfterWeeks'], `must be a whole number of weeks, 1 or more, not ${JSON.stringify(weeks)}`);
    else config.escalateAfterWeeks = weeks as number;
  }

  if (raw.git !== undefined) {
    if (!isRecord(raw.git)) error(['git'], 'must be a map like { commit: true }');
    else {
      for (const key of Object.keys(raw.git)) if (key !== 'commit') error(['git', key], 'unknown key, ignored (known: commit)', 'warning');
      if (raw.git.commit !== undefined) {
        if (typeof raw.git.commit !== 'boolean') error(['git', 'commit'], 'must be true or false');
        else config.git.commit = raw.git.commit;
      }
    }
  }
}

function readTeams(teams: unknown, config: Config, error: Report): void {
  if (!Array.isArray(teams)) return error(['teams'], 'must be a list like [{ id: emea-cs, name: EMEA Customer Success }]');
  const seen = new Set<string>();
  teams.forEach((team: unknown, index) => {
    const path = ['teams', index];
    const entry = typeof team === 'string' ? { id: team } : team;
    if (!isRecord(entry)) return error(path, 'must be a team id or { id, name, members }');
    const idProblem = slugProblem(entry.id);
    if (idProblem) return error([...path, 'id'], `team id ${JSON.stringify(entry.id ?? '')} ${idProblem}`);
    const id = entry.id as string;
    const reserved = reservedProblem(id, config);
    if (reserved) return error([...path, 'id'], `team id "${id}" ${reserved}: rename it`);
    if (seen.has(id)) return error([...path, 'id'], `team "${id}" is listed twice`);
    seen.add(id);
    if (entry.name !== undefined && typeof entry.name !== 'string') error([...path, 'name'], 'must be text');
    const members = entry.members ?? [];
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string'))
      return error([...path, 'members'], 'must be a list of names, e.g. [ana, bo]');
    for (const key of Object.keys(entry))
      if (!['id', 'name', 'members', 'start', 'until'].includes(key)) error([...path, key], 'unknown key, ignored (known: id, name, members, start, until)', 'warning');
    config.teams.push({ id, name: typeof entry.name === 'string' ? entry.name : id, members: members as string[], ...readSpan(entry, path, error) });
  });
}

/** After the teams: a ritual's `teams:` must name teams of this workbook. */
function readRituals(rituals: unknown, config: Config, error: Report): void {
  if (!isRecord(rituals)) return error(['rituals'], 'must be a map like { monthly: { template: monthly, cadence: month } }');
  for (const [name, value] of Object.entries(rituals)) {
    const path = ['rituals', name];
    const nameProblem = slugProblem(name);
    if (nameProblem) {
      error(path, `ritual name ${nameProblem}`);
      continue;
    }
    const reserved = reservedProblem(name, config);
    if (reserved) {
      error(path, `ritual name "${name}" ${reserved}: rename it`);
      continue;
    }
    if (!isRecord(value)) {
      error(path, 'must be a map like { template: monthly, cadence: month }');
      continue;
    }
    const base = config.rituals[name];
    const cadence = value.cadence ?? base?.cadence;
    if (!CADENCES.includes(cadence as Cadence)) {
      error([...path, 'cadence'], `must be one of ${CADENCES.join(', ')}${cadence === undefined ? ' (a new ritual needs one)' : ''}`);
      continue;
    }
    const template = value.template ?? base?.template ?? name;
    if (typeof template !== 'string' || slugProblem(template)) {
      error([...path, 'template'], 'must be a template name (a file templates/<name>.md)');
      continue;
    }
    for (const key of Object.keys(value))
      if (!['template', 'cadence', 'teams', 'start', 'until'].includes(key)) error([...path, key], 'unknown key, ignored (known: template, cadence, teams, start, until)', 'warning');
    const ritual: RitualConfig = { name, template, cadence: cadence as Cadence, ...readSpan(value, path, error) };
    if (value.teams !== undefined) {
      const known = config.teams.map((team) => team.id);
      const teams = Array.isArray(value.teams) ? value.teams : [value.teams];
      const unknown = teams.find((team) => typeof team !== 'string' || !known.includes(team));
      if (unknown !== undefined) {
        error([...path, 'teams'], `${JSON.stringify(unknown)} is not a team of this workbook${known.length > 0 ? ` (teams: ${known.join(', ')})` : ''}`);
        continue;
      }
      ritual.teams = teams as string[];
    }
    config.rituals[name] = ritual;
  }
}

/**
 * Team and ritual folders share the workbook folder with folders rhythm owns: a team or ritual
 * named like one would have its reviews replaced by reports, or read as templates. (Ids are
 * slugs, so none starts with a dot like `.rhythm`.)
 */
/** The folder at the repository's root that rhythm (templates/, .rhythm/) or git (.git/) owns and `workbook` is inside, if any. */
function ownFolderOf(workbook: string): string | undefined {
  const first = workbook.split(/[\\/]/).find((part) => part !== '' && part !== '.');
  return first === 'templates' || first?.startsWith('.') ? first : undefined;
}

function reservedProblem(name: string, config: Config): string | undefined {
  if (name === 'reports') return 'is reserved: rhythm writes its reports into the folder reports/ of the workbook';
  const workbookIsRoot = config.workbook.split(/[\\/]/).every((part) => part === '.' || part === '');
  if (name === 'templates' && workbookIsRoot) return `is reserved: this workbook (workbook: ${config.workbook}) keeps its templates in the folder templates/`;
  return undefined;
}

/**
 * `start:` and `until:` of a team or a ritual. A wrong day is reported and left out, so the rest
 * of the entry still applies (and the config is refused anyway: errors stop loading).
 */
function readSpan(entry: Record<string, unknown>, path: (string | number)[], error: Report): Span {
  const day = (key: keyof Span): Day | undefined => {
    const value = entry[key];
    if (value === undefined || (typeof value === 'string' && isDay(value))) return value;
    error([...path, key], `must be a day written YYYY-MM-DD, e.g. 2026-08-03, not ${JSON.stringify(value)}`);
    return undefined;
  };
  const start = day('start');
  let until = day('until');
  if (start !== undefined && until !== undefined && until < start) {
    error([...path, 'until'], `${until} is before start ${start}: give a last day on or after the first`);
    until = undefined;
  }
  return { ...(start !== undefined ? { start } : {}), ...(until !== undefined ? { until } : {}) };
}

/** Far more than an organisation's config takes; beyond it the yaml package reads the file. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** The config's values by the fast reader, or undefined when only the yaml package may decide (any doubt, any error, an empty file). */
function fastValues(source: string): Record<string, unknown> | undefined {
  try {
    const values = parseFrontMatterFast(source, 1, MAX_CONFIG_BYTES);
    return Object.keys(values).length > 0 ? values : undefined;
  } catch {
    return undefined;
  }
}

function findKeyNode(doc: Document, path: (string | number)[]): Node | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const last = path[path.length - 1];
  const items = (parent as { items?: unknown[] } | null)?.items;
  if (!items) return undefined;
  if (typeof last === 'number') return items[last] as Node | undefined;
  for (const item of items) {
    const key = (item as { key?: { value?: unknown; range?: [number, number, number] } }).key;
    if (key && key.value === last) return key as Node;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function teamName(config: Config, teamId: string | undefined): string | undefined {
  if (!teamId) return undefined;
  return config.teams.find((team) => team.id === teamId)?.name ?? teamId;
}

/** Why a `--team` value cannot be used in this workbook, or undefined when it can. */
export function unknownTeamProblem(config: Config, team: string): string | undefined {
  if (config.teams.some((candidate) => candidate.id === team)) return undefined;
  const ids = config.teams.map((candidate) => candidate.id);
  return `unknown team "${team}": ${ids.length > 0 ? `teams are ${ids.join(', ')}` : 'this workbook has no teams; add them under teams: in rhythm.yaml'}`;
}
