import type { Document } from 'yaml';
import type { Problem } from '../errors.js';
import { isRecord } from './config.js';
import { CONFLICT_MESSAGE, conflictMarkerLines } from './conflict.js';
import { FrontMatterError, parseFrontMatterDocument, parseFrontMatterFast, splitFrontMatter, yamlPackage, yamlText } from './frontmatter.js';
import {
  formatAction,
  formatListItems,
  formatProse,
  parseListItems,
  parseProse,
  readBody,
  readPlainBody,
  replaceSection,
  replaceTaskItems,
  splitLines,
  type Action,
  type Blocks,
  type TextVisitor,
} from './markdown.js';
import { addDaysTo, isDay, periodLookup, type Calendar, type Day, type DayRange } from './period.js';
import { slugProblem } from './slug.js';
import { answerHome, fillPlaceholders, type Question, type Template } from './template.js';

const FORMAT_VERSION = 1;

/**
 * The front-matter mark of a review in progress: `status: in-progress`. Captured between meetings
 * (`rhythm heard`, `flag`, `action`, `done`), it is not held yet: the ritual is still due, and
 * `rhythm weekly` starts from it and removes the mark. What it holds counts all the same.
 */
export const STATUS_KEY = 'status';
export const IN_PROGRESS = 'in-progress';
/**
 * The mark of a period the team decided not to hold (a holiday, an offsite): `status: skipped`,
 * with an optional `reason:`. It is not missed and not held: no figure counts it, and what the
 * review before it left open carries on to the next one.
 */
export const SKIPPED = 'skipped';
export const SKIP_REASON_KEY = 'reason';

export interface Flag {
  customer: string;
  reason: string;
  /** The week the customer was first flagged; kept as the flag is carried forward. */
  since: string;
}

export interface ResolvedFlag {
  customer: string;
  since: string;
  reason?: string;
  note?: string;
}

export interface Review {
  file: string;
  ritual: string;
  period: string;
  team?: string;
  date: string;
  participants: string[];
  customers: string[];
  flags: Flag[];
  resolved: ResolvedFlag[];
  scores: Record<string, number>;
  answers: Record<string, unknown>;
  /** Prose answers by question id, as written in the body. */
  sections: Record<string, string>;
  actions: Action[];
  /** 1-based line where the body starts, to turn body line indexes into file lines. */
  bodyLine: number;
  /** The whole front matter, including keys a person added. */
  data: Record<string, unknown>;
  /** 1-based file line of each top-level front-matter key, for `file:line` messages. */
  keyLines?: Record<string, number>;
  /** Marked `status: in-progress`: captured, not held yet. */
  inProgress?: true;
  /** Marked `status: skipped`: decided not to hold it; only the cadence knows of it. */
  skipped?: true;
}

export interface ParsedReview {
  review?: Review;
  problems: Problem[];
  /** The body as it was read, when asked for with `onText` (check reads it again otherwise). */
  body?: { lines: string[]; blocks: Blocks };
}

export type YamlParser = (yaml: string, firstLine: number) => Record<string, unknown>;

/** How a review is read. */
export interface ReviewReading {
  /** The parser of front matter outside the line reader's subset (default: the line reader, then the `yaml` package). */
  parseYaml?: YamlParser;
  /** Told of each line of paragraph text of the body (check's rules); the body then comes back with the review. */
  onText?: TextVisitor;
  /**
   * False: the front matter alone, neither sections nor actions (nor their problems) read from the
   * body. Contacts, flags and the day held are front matter: the list of customers, and the day an
   * earlier review was held, need nothing more, and the body is most of a file's reading.
   */
  body?: boolean;
  /**
   * Whether the text holds a NUL character, when the caller has looked: in the bytes it decoded, a
   * scan many times faster than one of the text (1.6 µs of a 2.7 KB review). Looked for here otherwise.
   */
  nul?: boolean;
  /**
   * False: the review carries no `keyLines` (check's lines of its keys), and they are found only
   * for a problem to place. A rollup never reads them; finding them was a tenth of reading front matter.
   */
  keyLines?: boolean;
}

/**
 * Read a review file. Lenient: returns the review as far as it can be understood plus every
 * problem found, so `check` can list them all and a rollup can skip only what is broken.
 */
export function parseReview(text: string, file: string, calendar: Calendar, { parseYaml = parseFrontMatterFast, onText, body = true, nul, keyLines: withKeyLines = true }: ReviewReading = {}): ParsedReview {
  const problems: Problem[] = [];
  const problem = (message: string, line?: number, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line, message, severity });
  if (nul ?? text.includes('\u0000')) {
    problem('is a binary file, not a markdown review: move it out of the workbook', 1);
    return { problems };
  }
  // A file git could not merge holds both sides of the conflict: it is no review until resolved.
  const conflicts = conflictMarkerLines(text);
  if (conflicts.length > 0) {
    for (const line of conflicts) problem(CONFLICT_MESSAGE, line);
    return { problems };
  }
  let split;
  let data: Record<string, unknown>;
  try {
    split = splitFrontMatter(text);
    if (split.yaml === null) {
      problem(text.trim() === '' ? 'is empty: delete it or run the ritual again with --force' : 'has no front matter: a review starts with --- and its data (ritual, period, …)', 1);
      return { problems };
    }
    if (split.language) {
      problem(`front matter must be YAML, not "${split.language}": rhythm never runs code in files`, 1);
      return { problems };
    }
    data = parseYaml(split.yaml, split.yamlLine);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    problems.push({ file, line: error.line, col: error.col, message: error.message, severity: 'error' });
    return { problems };
  }
  const { yaml, yamlLine } = split;
  let keyLines = withKeyLines ? keyLinesOf(yaml, yamlLine) : undefined;
  const lineOfKey = (key: string) => (keyLines ??= keyLinesOf(yaml, yamlLine))[key] ?? 1;
  const keyProblem = (key: string, message: string, severity: Problem['severity'] = 'error') =>
    problem(`${key}: ${message}`, lineOfKey(key), severity);

  if (data.rhythm === undefined) keyProblem('rhythm', 'missing format version: add `rhythm: 1`', 'warning');
  else if (data.rhythm !== FORMAT_VERSION) keyProblem('rhythm', `format version ${JSON.stringify(data.rhythm)} is not supported by this rhythm (it reads version ${FORMAT_VERSION}): upgrade rhythm`);

  const ritual = typeof data.ritual === 'string' ? data.ritual : undefined;
  if (!ritual) keyProblem('ritual', 'missing: which ritual is this (weekly, quarterly, annual, …)?');

  let period: string | undefined;
  if (typeof data.period !== 'string') keyProblem('period', 'missing: add the period label, e.g. 2026-W48');
  else {
    const problem = periodLookup(calendar).problem(data.period);
    if (problem === undefined) period = data.period;
    else keyProblem('period', problem);
  }

  const review: Review = {
    file,
    ritual: ritual ?? '',
    period: period ?? '',
    date: '',
    participants: [],
    customers: [],
    flags: [],
    resolved: [],
    scores: {},
    answers: {},
    sections: {},
    actions: [],
    bodyLine: split.bodyLine,
    data,
    keyLines,
  };

  if (data[STATUS_KEY] === IN_PROGRESS) review.inProgress = true;
  else if (data[STATUS_KEY] === SKIPPED) review.skipped = true;
  if (data.team !== undefined) {
    const teamProblem = slugProblem(data.team);
    if (teamProblem) keyProblem('team', `team id ${teamProblem}`);
    else review.team = data.team as string;
  }
  if (data.date !== undefined) {
    if (typeof data.date === 'string' && isDay(data.date)) review.date = data.date;
    else keyProblem('date', `${JSON.stringify(data.date)} is not a date: use YYYY-MM-DD`);
    const range = period === undefined ? undefined : periodLookup(calendar)(period)?.range;
    if (review.date && range && !isPlausibleDate(review.date, range))
      keyProblem('date', `${review.date} is far from ${period} (${range.start} to ${range.end}): write the day the review was held; until then it counts as held on ${range.start}`, 'warning');
  }
  review.participants = stringList(data.participants, 'participants', keyProblem);
  review.customers = stringList(data.customers, 'customers', keyProblem).filter((id) => {
    const idProblem = slugProblem(id);
    if (idProblem) keyProblem('customers', `customer id ${JSON.stringify(id)} ${idProblem}`);
    return !idProblem;
  });
  review.flags = recordList(data.flags, 'flags', keyProblem).flatMap((entry, index) => {
    const where = `flags[${index}]`;
    const customerProblem = slugProblem(entry.customer);
    if (customerProblem) {
      keyProblem('flags', `${where}: customer ${JSON.stringify(entry.customer ?? '')} ${customerProblem}`);
      return [];
    }
    // `since: 2026` is a number to YAML, and a year to the person who wrote it.
    const written = typeof entry.since === 'string' ? entry.since : typeof entry.since === 'number' ? String(entry.since) : undefined;
    const since = written ?? review.period;
    if (written !== undefined && !isPeriodLabel(written, calendar)) keyProblem('flags', `${where}: since ${JSON.stringify(written)} is not a period label such as 2026-W46`);
    else if (entry.since !== undefined && entry.since !== null && written === undefined) keyProblem('flags', `${where}: since must be a period label such as 2026-W46`);
    // YAML reads `reason: 12` or `reason: yes` as a number or a boolean: the person wrote a reason all the same.
    const reason = typeof entry.reason === 'string' ? entry.reason : typeof entry.reason === 'number' || typeof entry.reason === 'boolean' ? String(entry.reason) : '';
    return [{ customer: entry.customer as string, reason, since }];
  });
  review.resolved = recordList(data.resolved, 'resolved', keyProblem).flatMap((entry, index) => {
    const customerProblem = slugProblem(entry.customer);
    if (customerProblem) {
      keyProblem('resolved', `resolved[${index}]: customer ${JSON.stringify(entry.customer ?? '')} ${customerProblem}`);
      return [];
    }
    const resolved: ResolvedFlag = { customer: entry.customer as string, since: typeof entry.since === 'string' ? entry.since : review.period };
    if (typeof entry.reason === 'string') resolved.reason = entry.reason;
    if (typeof entry.note === 'string') resolved.note = entry.note;
    return [resolved];
  });
  if (data.scores !== undefined) {
    if (!isRecord(data.scores)) keyProblem('scores', 'must be a map like { value_confidence: 3 }');
    else
      for (const [key, value] of Object.entries(data.scores)) {
        if (typeof value === 'number' && Number.isFinite(value)) review.scores[key] = value;
        else if (value !== null) keyProblem('scores', `${key}: ${JSON.stringify(value)} is not a number`);
      }
  }
  if (data.answers !== undefined) {
    if (isRecord(data.answers)) review.answers = data.answers;
    else keyProblem('answers', 'must be a map of question id to answer');
  }

  if (!body) return { review: ritual && period ? review : undefined, problems };
  // A body of plain lines is read without reading its blocks, and split into lines only for check's rules.
  const plain = readPlainBody(split.body, onText);
  const lines = plain && !onText ? undefined : splitLines(split.body);
  const { sections, actions, blocks } = plain ?? readBody(lines!, onText);
  for (const section of sections) {
    if (Object.hasOwn(review.sections, section.id))
      problem(`the marker q:${section.id} appears twice: keep one`, split.bodyLine + section.headingIndex);
    review.sections[section.id] = section.content;
  }
  review.actions = actions;
  for (const action of review.actions) {
    if (action.due !== undefined && !isDay(action.due))
      problem(`action "${action.title}": due:${action.due} is not a date: use due:YYYY-MM-DD`, split.bodyLine + action.lineIndex);
  }

  return { review: ritual && period ? review : undefined, problems, ...(onText ? { body: { lines: lines!, blocks } } : {}) };
}

/**
 * The day a review was held, for "as of" and the order of the ledger: its `date:`, or its period's
 * first day when it has none, or when the date is too far from the period to be the day it was
 * held (a typo such as 2062 would otherwise hide the review from every report until 2062).
 */
export function heldOn(review: Pick<Review, 'date'>, range: DayRange): Day {
  return isDay(review.date) && isPlausibleDate(review.date, range) ? review.date : range.start;
}

/** Prepared up to two weeks before its period, or held up to three months after it. */
function isPlausibleDate(date: Day, range: DayRange): boolean {
  let bounds = plausible.get(range);
  if (bounds === undefined) {
    bounds = [addDaysTo(range.start, -14), addDaysTo(range.end, 92)];
    plausible.set(range, bounds);
  }
  return bounds[0] <= date && date <= bounds[1];
}

/** The plausible days of a period, by its range: the period lookup gives every review of a period the same range. */
const plausible = new WeakMap<DayRange, [Day, Day]>();

/**
 * The file line of each top-level key: a line whose first character is no blank, `#` or `:`,
 * up to its first `:` (the pattern /^([^\s#:][^:]*):/ on each line), scanned without splitting.
 */
function keyLinesOf(yaml: string, firstLine: number): Record<string, number> {
  const keyLines: Record<string, number> = {};
  for (let start = 0, index = 0; ; index++) {
    let end = yaml.indexOf('\n', start);
    if (end === -1) end = yaml.length;
    const first = yaml.charCodeAt(start);
    if (start < end && first !== 35 /* # */ && first !== 58 /* : */ && !isWhiteSpace(first)) {
      const colon = yaml.indexOf(':', start);
      if (colon !== -1 && colon < end) {
        const key = yaml.slice(start, colon);
        if (keyLines[key] === undefined) keyLines[key] = firstLine + index;
      }
    }
    if (end === yaml.length) return keyLines;
    start = end + 1;
  }
}

/** What `\s` matches in a pattern. */
function isWhiteSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isPeriodLabel(label: string, calendar: Calendar): boolean {
  return periodLookup(calendar)(label) !== undefined;
}

function stringList(value: unknown, key: string, report: (key: string, message: string) => void): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    report(key, 'must be a list like [a, b]');
    return [];
  }
  const list: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') list.push(item);
    else if (typeof item === 'number') list.push(String(item));
    else report(key, `${JSON.stringify(item)} must be text`);
  }
  return list;
}

function recordList(value: unknown, key: string, report: (key: string, message: string) => void): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(key, 'must be a list of { customer, … } entries');
    return [];
  }
  return value.filter((item, index) => {
    if (isRecord(item)) return true;
    report(key, `entry ${index + 1} must be a map like { customer: acme, reason: … }`);
    return false;
  }) as Record<string, unknown>[];
}

// ---------------------------------------------------------------------------------------------
// Writing

export type NewAction = Omit<Action, 'lineIndex' | 'section'>;

/** Answers by question id, in their natural types. */
export type AnswerValue = string | number | boolean | string[] | Flag[] | NewAction[];
export type Answers = Record<string, AnswerValue | undefined>;

export interface ReviewMeta {
  ritual: string;
  period: string;
  /** Human date range, e.g. `Mon 23 Nov – Sun 29 Nov 2026`. */
  range: string;
  team?: string;
  teamName?: string;
  date: string;
  participants: string[];
  /** Resolved flags recorded in this review (carry-forward decisions). */
  resolved: ResolvedFlag[];
  /** Markdown summary of the rollup of the period so far (quarterly and annual). */
  rollup?: string;
  /** Write the review as in progress (`status: in-progress`); without it, the mark is removed. */
  inProgress?: boolean;
}

function headingOf(template: Template, meta: Pick<ReviewMeta, 'period' | 'range' | 'teamName'>): string {
  return `${template.title} — ${meta.period}, ${meta.range}${meta.teamName ? ` (${meta.teamName})` : ''}`;
}

/** A new review file: the template's body and one section per prose question, then the answers. */
export function renderNewReview(template: Template, meta: ReviewMeta, answers: Answers): string {
  const body = fillPlaceholders(template.body, {
    title: template.title,
    heading: headingOf(template, meta),
    period: meta.period,
    range: meta.range,
    team: meta.team ?? '',
    teamName: meta.teamName ?? '',
    date: meta.date,
    ritual: meta.ritual,
    intro: template.intro ?? '',
    rollup: meta.rollup ?? '',
  });
  const skeleton = `---\nrhythm: ${FORMAT_VERSION}\n---\n${body.replace(/\s*$/, '\n')}`;
  return applyAnswers(skeleton, template, meta, answers);
}

/** The file of a skipped period: who skipped what, and why when it was said; nothing else is asked of it. */
export function renderSkippedReview(template: Template, meta: Pick<ReviewMeta, 'ritual' | 'period' | 'range' | 'team' | 'teamName'>, reason: string | undefined): string {
  const front: Record<string, unknown> = { rhythm: FORMAT_VERSION, ritual: meta.ritual, period: meta.period, ...(meta.team ? { team: meta.team } : {}), [STATUS_KEY]: SKIPPED };
  if (reason) front[SKIP_REASON_KEY] = reason;
  const yaml = yamlText(new (yamlPackage().Document)(front));
  const why = reason ? ` (${reason.replace(/\s+/g, ' ')})` : '';
  return `---\n${yaml}---\n# ${headingOf(template, meta)}\n\nSkipped${why}: not held, and not missed. What the review before it left open carries on to the next one.\n`;
}

/**
 * Write answers into an existing review text: front-matter keys are set in place (comments and
 * keys a person added stay), and only the sections of the template's questions are replaced
 * (extra sections and notes stay). Used both for new files and for `--amend`. `before`, the
 * answers the text holds, leaves the part of every question whose answer is unchanged untouched.
 */
export function applyAnswers(text: string, template: Template, meta: ReviewMeta, answers: Answers, before?: Answers): string {
  const split = splitFrontMatter(text);
  const doc: Document = split.yaml === null ? yamlPackage().parseDocument('{}') : parseFrontMatterDocument(split.yaml, split.yamlLine);
  if (!yamlPackage().isMap(doc.contents)) doc.contents = doc.createNode({});
  // Only what changed is touched, so comments a person wrote next to a value survive an amend.
  const set = (path: string[], value: unknown) => {
    const current = doc.getIn(path, true);
    if (value === undefined) {
      if (current !== undefined) doc.deleteIn(path);
      return;
    }
    if (current !== undefined && isSameValue(current, value)) return;
    if (yamlPackage().isScalar(current) && (value === null || typeof value !== 'object')) current.value = value;
    else doc.setIn(path, createNode(doc, value));
  };
  set(['rhythm'], FORMAT_VERSION);
  set(['ritual'], meta.ritual);
  set(['period'], meta.period);
  set(['team'], meta.team);
  set(['date'], meta.date);
  set(['participants'], meta.participants);
  // A review written by a ritual is held: only a capture keeps it in progress. A `status:` of a person's own stays.
  if (meta.inProgress) set([STATUS_KEY], IN_PROGRESS);
  else if (doc.get(STATUS_KEY) === IN_PROGRESS) doc.delete(STATUS_KEY);

  let lines = splitLines(split.body);
  for (const question of template.questions) {
    const value = byId(answers, question.id);
    // An answer the amend leaves as it was leaves its part of the file as the person wrote it:
    // notes, tables and code in a section, keys of their own beside a flag, a heading in their style.
    if (before && JSON.stringify(byId(before, question.id)) === JSON.stringify(value)) continue;
    switch (answerHome(question.type)) {
      case 'top':
        set([question.id], value ?? []);
        break;
      case 'scores':
        set(['scores', question.id], value);
        break;
      case 'answers':
        set(['answers', question.id], value);
        break;
      case 'body':
        // An amend changing the actions keeps the notes, tables and code a person wrote among them.
        lines = (before && question.type === 'actions' ? replaceTaskItems : replaceSection)(lines, { id: question.id, heading: question.prompt }, formatAnswer(question, value));
        break;
    }
  }
  set(['resolved'], meta.resolved.length > 0 ? meta.resolved : undefined);
  for (const key of ['scores', 'answers']) {
    const map = doc.get(key, true);
    if (yamlPackage().isMap(map) && map.items.length === 0) doc.delete(key);
  }

  // A `---` document marker inside front matter would be written back as a line that closes it.
  if (doc.directives) doc.directives.docStart = null;
  const frontMatter = yamlText(doc, { flowCollectionPadding: false });
  return `---\n${frontMatter}---\n${lines.join('\n').replace(/\n*$/, '\n')}`;
}

/**
 * Change a review's front matter through `edit` and nothing else: the body, the comments and the
 * keys a person wrote stay as they are (a capture between meetings adds a customer, a flag). Text
 * in, LF text out (the caller writes it in the original's style, inStyleOf).
 */
export function editFrontMatter(text: string, edit: (doc: Document, create: (value: unknown) => ReturnType<typeof createNode>) => void): string {
  const split = splitFrontMatter(text);
  const doc: Document = split.yaml === null ? yamlPackage().parseDocument('{}') : parseFrontMatterDocument(split.yaml, split.yamlLine);
  if (!yamlPackage().isMap(doc.contents)) doc.contents = doc.createNode({});
  edit(doc, (value) => createNode(doc, value));
  if (doc.directives) doc.directives.docStart = null;
  return `---\n${yamlText(doc, { flowCollectionPadding: false })}---\n${split.body}`;
}

function isSameValue(node: unknown, value: unknown): boolean {
  const current = yamlPackage().isScalar(node) ? node.value : (node as { toJSON?: () => unknown }).toJSON?.();
  return JSON.stringify(current) === JSON.stringify(value);
}

function createNode(doc: Document, value: unknown) {
  const node = doc.createNode(value);
  // Short lists of names read best on one line: `customers: [acme, globex]`.
  const flowScalars = (n: unknown) => {
    const items = (n as { items?: unknown[] }).items;
    if (!items) return;
    if (Array.isArray(items) && items.length > 0 && items.every((item) => yamlPackage().isScalar(item))) (n as { flow: boolean }).flow = true;
    for (const item of items) {
      flowScalars(item);
      const pairValue = (item as { value?: unknown }).value;
      if (pairValue && typeof pairValue === 'object') flowScalars(pairValue);
    }
  };
  flowScalars(node);
  return node;
}

function formatAnswer(question: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  switch (question.type) {
    case 'text':
      return formatProse(String(value));
    case 'list':
      return formatListItems(value as string[]);
    case 'actions':
      return (value as NewAction[]).map(formatAction).join('\n');
    default:
      return String(value);
  }
}

/** Read the answers of a template's questions back out of a review (the defaults for `--amend`). */
export function answersOf(review: Review, template: Template): Answers {
  const answers: Answers = {};
  for (const question of template.questions) {
    const content = byId(review.sections, question.id);
    switch (question.type) {
      case 'text':
        if (content) answers[question.id] = parseProse(content);
        break;
      case 'list':
        if (content) answers[question.id] = parseListItems(content);
        break;
      case 'actions':
        answers[question.id] = review.actions
          .filter((action) => action.section === question.id)
          .map(({ lineIndex: _line, section: _section, ...action }) => action);
        break;
      case 'customers':
        answers[question.id] = question.id === 'customers' ? review.customers : toStrings(byId(review.data, question.id));
        break;
      case 'flags':
        answers[question.id] = review.flags;
        break;
      case 'scale':
        if (byId(review.scores, question.id) !== undefined) answers[question.id] = review.scores[question.id];
        break;
      default:
        if (byId(review.answers, question.id) !== undefined) answers[question.id] = review.answers[question.id] as AnswerValue;
    }
  }
  return answers;
}

/**
 * The entry of a map keyed by question id, and only its own: a question may be called `constructor`,
 * which every plain object inherits, and would otherwise read as an answer nobody gave.
 */
export function byId<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

function toStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
