/**
 * The shape of a rollup, field by field, as docs/rollup-json.md documents it. An organisation
 * merges the JSON rollups other repositories publish, so a rollup read back is untrusted input:
 * every field is checked before anything computes with it, and each problem is one line naming
 * its JSON path (`teams[0].quotes must be a list`).
 */
import { isRecord } from '../config.js';
import { formatPeriod, isDay, periodLookup, rangeOf, type Calendar } from '../period.js';
import { slugProblem } from '../slug.js';
import { ROLLUP_SCHEMA_VERSION } from './model.js';

/** Checks the value at a JSON path; `calendar` reads period labels as the rollup's fiscal year does. */
type Shape = (value: unknown, at: string, check: Checking) => void;

interface Checking {
  problem(at: string, message: string): void;
  calendar: Calendar | undefined;
}

/** The field `generator: "rhythm"` marks a JSON file written by `rhythm report`; it is not part of the rollup. */
export const GENERATOR_FIELD = 'generator';

/** Past this many, the rest of a file's problems are counted, not listed. */
const MAX_LISTED = 10;

/**
 * What is wrong with `value` as a rollup of this schema version, one line each (at most
 * MAX_LISTED, then how many more), or an empty list when it is one.
 */
export function rollupProblems(value: unknown): string[] {
  const problems: string[] = [];
  let more = 0;
  const check: Checking = {
    problem: (at, message) => {
      if (problems.length < MAX_LISTED) problems.push(`${at || 'the file'} ${message}`);
      else more++;
    },
    calendar: undefined,
  };
  if (!isRecord(value)) return ['not a rhythm rollup (not a JSON object)'];
  if (value.schemaVersion !== ROLLUP_SCHEMA_VERSION) {
    return [
      typeof value.schemaVersion === 'number'
        ? `rollup schemaVersion ${value.schemaVersion} cannot be merged by this rhythm (it reads schemaVersion ${ROLLUP_SCHEMA_VERSION}): produce all rollups with the same rhythm version`
        : 'not a rhythm rollup (no schemaVersion)',
    ];
  }
  const month = value.fiscalYearStartMonth;
  if (Number.isInteger(month) && (month as number) >= 1 && (month as number) <= 12) check.calendar = { fiscalYearStartMonth: month as number };
  rollupShape(value, '', check);
  if (more > 0) problems.push(`and ${more} more ${more === 1 ? 'problem' : 'problems'}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Values

const text: Shape = (value, at, check) => {
  if (typeof value !== 'string') check.problem(at, 'must be text');
};

const id: Shape = (value, at, check) => {
  const problem = slugProblem(value);
  if (problem) check.problem(at, typeof value === 'string' ? `must be an id: ${shown(value)} ${problem}` : `must be an id such as emea-cs, not ${shown(value)}`);
};

/** A value as a message quotes it: a short text as JSON, anything else by what it is (a file may hold megabytes in one field). */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length <= 64 ? JSON.stringify(value) : `a text of ${value.length} characters`;
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
}

const day: Shape = (value, at, check) => {
  if (typeof value !== 'string' || !isDay(value)) check.problem(at, 'must be a day written YYYY-MM-DD');
};

/** A period label as rhythm writes it (`2026-W48`, `2026-11`, `FY2027-Q1`, `2026`), in the rollup's calendar. */
const label: Shape = (value, at, check) => {
  if (check.calendar === undefined) return; // reported at fiscalYearStartMonth: labels cannot be read without it
  if (typeof value !== 'string') return check.problem(at, 'must be a period label such as 2026-W48');
  const lookup = periodLookup(check.calendar);
  const info = lookup(value);
  if (!info) check.problem(at, value.length <= 64 ? `must be a period label: ${lookup.problem(value) ?? value}` : `must be a period label such as 2026-W48, not ${shown(value)}`);
  else if (info.label !== value) check.problem(at, `must be written ${info.label}`);
};

/**
 * Far beyond any score, count of days or age, and small enough that the sums, means and slopes a
 * merge computes of them stay finite (1e308 + 1e308 is Infinity, which JSON writes as null).
 */
const MAX_MAGNITUDE = 1e15;

const number: Shape = (value, at, check) => {
  if (typeof value !== 'number' || !(Math.abs(value) <= MAX_MAGNITUDE)) check.problem(at, 'must be a number, at most 1e15 either side of 0');
};

const numberOrNull: Shape = (value, at, check) => {
  if (value !== null) number(value, at, check);
};

/** Counts are summed over teams: a safe integer keeps every sum exact and finite. */
const count: Shape = (value, at, check) => {
  if (!Number.isSafeInteger(value) || (value as number) < 0) check.problem(at, 'must be a whole number, 0 or more');
};

const boolean: Shape = (value, at, check) => {
  if (typeof value !== 'boolean') check.problem(at, 'must be true or false');
};

function oneOf(...values: readonly (string | null)[]): Shape {
  return (value, at, check) => {
    if (!values.includes(value as string | null)) check.problem(at, `must be one of ${values.map((choice) => JSON.stringify(choice)).join(', ')}`);
  };
}

function list(item: Shape): Shape {
  return (value, at, check) => {
    if (!Array.isArray(value)) return check.problem(at, 'must be a list');
    value.forEach((entry, index) => item(entry, `${at}[${index}]`, check));
  };
}

/** An object of these fields (optional ones may be absent, never null) and no other. */
function object(required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  return (value, at, check) => {
    if (!isRecord(value)) return check.problem(at, 'must be an object');
    const path = (key: string) => (at === '' ? key : `${at}.${key}`);
    for (const [key, shape] of Object.entries(required)) {
      if (!Object.hasOwn(value, key)) check.problem(path(key), 'is missing');
      else shape(value[key], path(key), check);
    }
    for (const [key, shape] of Object.entries(optional)) if (Object.hasOwn(value, key)) shape(value[key], path(key), check);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) check.problem(path(key), 'is not a field of a rollup (docs/rollup-json.md)');
    }
  };
}

// ---------------------------------------------------------------------------------------------
// The model (src/domain/rollup/model.ts), type by type

const CADENCE = oneOf('week', 'month', 'quarter', 'year');
const contact = object({ period: label }, { date: day, team: id });

const cadenceRow = object(
  { ritual: text, cadence: CADENCE, expected: list(label), held: list(label), missing: list(label), participants: list(object({ name: text, reviews: count })), streak: count },
  { team: id, start: day, until: day, lastHeld: label, inProgress: list(label), skipped: list(label) },
);

const customerActivity = object({ customer: id, contactWeeks: list(label), flaggedWeeks: list(label) }, { team: id, lastContact: contact });

const flagEpisode = object(
  { customer: id, since: label, sinceDay: day, durationDays: number, durationWeeks: number, status: oneOf('open', 'resolved'), escalated: boolean, reason: text },
  { team: id, lastSeen: label, resolvedIn: label, resolvedOn: day, resolution: oneOf('explicit', 'implicit'), resolutionDays: number, note: text },
);

const scorePoint = object({ ritual: text, id: text, period: label, value: number }, { team: id });

const quote = object({ period: label, text, tags: list(text) }, { team: id, customer: id, who: text });

const valueClaim = object({ period: label, text }, { team: id, customer: id, who: text, evidence: text });

const actionRecord = object(
  { title: text, state: oneOf('open', 'done', 'dropped'), tags: list(text), since: label, openedOn: day, lastSeen: label, file: text, opened: boolean, overdue: boolean },
  // `due` is as written after `due:` (check warns when it is not a day), so any text.
  { team: id, owner: text, due: text, closedIn: label, closedOn: day, ageDays: number },
);

const stats = { count, average: number, min: number, max: number };

const summary = object({
  teams: count,
  reviews: count,
  cadence: list(
    object({ ritual: text, cadence: CADENCE, teams: count, expected: count, held: count, missing: list(object({ period: label }, { team: id })), streak: count }, { skipped: count }),
  ),
  customers: list(
    object({ id, name: text, known: boolean, weeksInContact: count, weeksFlagged: count, teams: list(id) }, { lastContact: contact }),
  ),
  silentCustomers: list(id),
  flags: object({
    episodes: count,
    open: count,
    resolved: count,
    escalated: count,
    openEscalated: count,
    medianResolutionDays: numberOrNull,
    worstResolutionDays: numberOrNull,
  }),
  scores: list(
    object({
      ritual: text,
      id: text,
      ...stats,
      months: list(object({ month: text, ...stats })),
      series: list(object({ period: label, value: number, count })),
      trend: oneOf('up', 'down', 'flat', null),
      slopePerWeek: numberOrNull,
    }),
  ),
  voice: list(object({ quotes: count }, { customer: id, who: text })),
  themes: list(object({ tag: text, count })),
  value: object({ claims: count, withEvidence: count }),
  actions: object({
    total: count,
    opened: count,
    closed: count,
    dropped: count,
    open: count,
    overdue: count,
    byOwner: list(object({ open: count, overdue: count, closed: count, dropped: count }, { owner: text })),
  }),
});

const teamRollup = object(
  {
    escalateAfterWeeks: count,
    members: list(text),
    reviews: count,
    cadence: list(cadenceRow),
    customers: list(customerActivity),
    flags: list(flagEpisode),
    scores: list(scorePoint),
    quotes: list(quote),
    claims: list(valueClaim),
    actions: list(actionRecord),
    summary,
  },
  { team: id, name: text },
);

const customer = object({ id, name: text }, { segment: text, owner: text });

/** The period's label is a period of the rollup's calendar, and its kind and days are that period's. */
const periodFields = object({ label, kind: CADENCE, start: day, end: day });
const rollupPeriod: Shape = (value, at, check) => {
  periodFields(value, at, check);
  if (!isRecord(value) || typeof value.label !== 'string' || check.calendar === undefined) return;
  const info = periodLookup(check.calendar)(value.label);
  if (!info) return;
  if (value.kind !== info.period.kind) check.problem(`${at}.kind`, `must be ${info.period.kind}, the kind of ${info.label}`);
  const range = rangeOf(info.period, check.calendar);
  if (value.start !== range.start) check.problem(`${at}.start`, `must be ${range.start}, the first day of ${formatPeriod(info.period, check.calendar)}`);
  if (value.end !== range.end) check.problem(`${at}.end`, `must be ${range.end}, the last day of ${formatPeriod(info.period, check.calendar)}`);
};

const rollupShape = object(
  {
    schemaVersion: () => undefined, // checked first: another version is told apart from a broken file
    period: rollupPeriod,
    fiscalYearStartMonth: (value, at, check) => {
      if (check.calendar === undefined) check.problem(at, 'must be a month number 1-12');
    },
    today: day,
    registry: list(customer),
    teams: list(teamRollup),
    organisation: summary,
  },
  { [GENERATOR_FIELD]: text },
);
