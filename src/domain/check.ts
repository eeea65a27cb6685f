import type { Problem } from '../errors.js';
import { badStrings, codePoint, CONTROL_CHARACTER } from './characters.js';
import { isRecord, type Config } from './config.js';
import { readBlocks, type Blocks, type TextVisitor } from './markdown.js';
import { compareRanges, periodLookup } from './period.js';
import { RESERVED_KEYS, type Question, type Template } from './template.js';
import { byId, IN_PROGRESS, SKIPPED, STATUS_KEY, type Review } from './review.js';
import { editDistance } from './suggest.js';

/**
 * Checks of a review against its place in the workbook: what the parser alone cannot know.
 * Pure: the caller reads files and templates and passes them in.
 */
export interface ReviewPlace {
  ritual: string;
  label: string;
  team?: string;
  /** The text, for line-level checks of the body. */
  text: string;
}

export interface CheckContext {
  config: Config;
  /** Registry ids; empty means no registry, so any customer id is accepted. */
  customers: ReadonlySet<string>;
  templates: ReadonlyMap<string, Template>;
}

/** The body as parseReview read it (with the texts it visited), so that check need not read it again. */
export interface BodyRead {
  lines: readonly string[];
  blocks: Blocks;
  texts: readonly BodyText[];
}

export function checkReview(review: Review, place: ReviewPlace, context: CheckContext, read?: BodyRead): Problem[] {
  const problems: Problem[] = [];
  const at = (key: string) => review.keyLines?.[key] ?? 1;
  const problem = (line: number, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file: review.file, line, message, severity });

  if (review.period !== place.label) {
    problem(at('period'), `period ${review.period} does not match the file name ${place.label}.md: rename the file or fix the period`);
  }
  if (review.ritual !== place.ritual) {
    problem(at('ritual'), `ritual ${review.ritual} does not match the folder ${place.ritual}/: move the file or fix the ritual`);
  }
  if ((review.team ?? '') !== (place.team ?? '')) {
    problem(
      at('team'),
      place.team ? `team ${review.team ?? '(none)'} does not match the folder ${place.team}/: fix the team` : `team ${review.team} is set, but the file is not in a team folder`,
    );
  }
  const ritual = context.config.rituals[review.ritual];
  if (!ritual) {
    problem(at('ritual'), `unknown ritual "${review.ritual}": rituals in rhythm.yaml are ${Object.keys(context.config.rituals).join(', ')}`);
  } else {
    const kind = periodLookup(context.config)(review.period)?.period.kind;
    if (kind !== undefined && kind !== ritual.cadence) problem(at('period'), `${review.period} is a ${kind}, but ${ritual.name} is held every ${ritual.cadence}`);
  }
  problems.push(...flagSinceProblems(review, context, at));

  if (context.customers.size > 0) {
    const unknown = (id: string, key: string) => {
      if (!context.customers.has(id)) problem(at(key), `unknown customer "${id}": add it to customers.yaml or fix the id`);
    };
    for (const id of review.customers) unknown(id, 'customers');
    for (const flag of review.flags) unknown(flag.customer, 'flags');
    for (const flag of review.resolved) unknown(flag.customer, 'resolved');
  }

  // The file's lines as the markdown reader sees them (CR LF and lone CR end lines too), split once
  // for every check below that needs them, and only then: most files need none.
  let split: string[] | undefined;
  const lines = () => (split ??= (place.text.includes('\r') ? place.text.replace(/\r\n?/g, '\n') : place.text).split('\n'));
  const template = ritual ? context.templates.get(ritual.template) : undefined;
  if (context.customers.size > 0 && template) {
    // Quotes by customer written as a map (`heard: { acme: "…" }`) name customers by their keys.
    for (const question of template.questions) {
      const byCustomer = question.byCustomer ? byId(review.data, question.id) : undefined;
      if (!isRecord(byCustomer)) continue;
      for (const id of Object.keys(byCustomer)) {
        if (!context.customers.has(id)) problem(lineOfNestedKey(lines(), at(question.id), review.bodyLine, id), `unknown customer "${id}": add it to customers.yaml or fix the id`);
      }
    }
  }
  // The body's blocks, read once for the checks of headings and task items below: as parseReview
  // read them, unless line ends other than LF make its lines differ from these.
  const bodyStart = Math.max(0, review.bodyLine - 1);
  const body = read && !place.text.includes('\r') ? read.lines : lines().slice(bodyStart);
  const { blocks, texts } = read && body === read.lines ? read : readBodyBlocks(body);
  if (template) {
    const ids = questionsById(template);
    for (const [id, value] of Object.entries(review.scores)) {
      const question = ids.get(id);
      if (!question || question.type !== 'scale') problem(at('scores'), `scores.${id}: the ${template.name} template has no scale question "${id}"`, 'warning');
      else if ((question.min !== undefined && value < question.min) || (question.max !== undefined && value > question.max))
        problem(at('scores'), `scores.${id}: ${value} is outside the scale ${question.min}–${question.max}`);
    }
    for (const id of Object.keys(review.answers)) {
      if (!ids.has(id)) problem(at('answers'), `answers.${id}: the ${template.name} template has no question "${id}"`, 'warning');
    }
    for (const heading of blocks.headings) {
      if (heading.id !== undefined && !ids.has(heading.id))
        problem(bodyStart + heading.index + 1, `q:${heading.id}: the ${template.name} template has no question "${heading.id}" (a renamed id?)`, 'warning');
    }
  }
  for (const key of Object.keys(review.data)) {
    if (!RESERVED_KEYS.includes(key) && !(template?.questions.some((question) => question.id === key) ?? false) && key !== 'customers' && key !== 'flags') {
      // A person's own keys are welcome; this only points at likely typos of ours.
      const near = RESERVED_KEYS.find((reserved) => editDistance(reserved, key) === 1);
      if (near) problem(at(key), `unknown key "${key}": did you mean "${near}"?`, 'warning');
    }
  }

  // `status:` may be a person's own; one that looks like one of rhythm's marks but is not it is a typo.
  const status = review.data[STATUS_KEY];
  if (typeof status === 'string' && status !== IN_PROGRESS && editDistance(status.trim().toLowerCase(), IN_PROGRESS) <= 2)
    problem(at(STATUS_KEY), `status: "${status}" is not the mark of a review in progress: write \`status: ${IN_PROGRESS}\` (or remove the line once the review is held)`, 'warning');
  if (typeof status === 'string' && status !== SKIPPED && editDistance(status.trim().toLowerCase(), SKIPPED) <= 2)
    problem(at(STATUS_KEY), `status: "${status}" is not the mark of a skipped period: write \`status: ${SKIPPED}\` (or remove the line if the review was held)`, 'warning');
  // A skipped period counts for nothing but the cadence: what is written in it would be lost from every figure.
  if (review.skipped && (review.flags.length > 0 || review.actions.length > 0 || review.customers.length > 0 || Object.keys(review.scores).length > 0))
    problem(at(STATUS_KEY), `status: ${SKIPPED}, yet the review holds customers, flags, scores or actions, which no figure counts: remove the status line if the review was held`, 'warning');

  problems.push(...bodyProblems(review.file, bodyStart, body, blocks, texts), ...controlCharacters(review.file, place.text, lines, review.data, at));
  return problems;
}

/** The blocks of a body, and its texts that check reads for near misses of a task (bodyTexts). */
function readBodyBlocks(body: readonly string[]): { blocks: Blocks; texts: BodyText[] } {
  const texts: BodyText[] = [];
  const blocks = readBlocks(body, bodyTexts(texts));
  return { blocks, texts };
}

/** A visitor that keeps the texts check looks at: only a line with a bracket can look like a task, so most are passed at their first test. */
export function bodyTexts(into: BodyText[]): TextVisitor {
  return (index, content, itemStart) => {
    if (content.includes('[') || content.includes(']')) into.push({ index, content, itemStart });
  };
}

/** The line of `key:` within the front-matter value that starts at `from` (the line of its own key, when it cannot be told). */
function lineOfNestedKey(lines: readonly string[], from: number, bodyLine: number, key: string): number {
  const pattern = new RegExp(`(?:^|[\\s{,])["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
  for (let index = from - 1; index < bodyLine - 1 && index < lines.length; index++) if (pattern.test(lines[index]!)) return index + 1;
  return from;
}

/** The questions of a template by id, worked out once per template rather than once per file. */
const questionIndex = new WeakMap<Template, Map<string, Question>>();
function questionsById(template: Template): Map<string, Question> {
  let ids = questionIndex.get(template);
  if (!ids) {
    ids = new Map(template.questions.map((question) => [question.id, question]));
    questionIndex.set(template, ids);
  }
  return ids;
}

export interface BodyText {
  index: number;
  content: string;
  itemStart: boolean;
}

/**
 * Lines of text that look like task items but are not read as actions, and a code fence or HTML
 * block never closed that hides answers or actions. Lines of code, HTML and comments are not text:
 * the markdown reader (readBlocks) decides, exactly as for the actions themselves.
 */
function bodyProblems(file: string, bodyStart: number, body: readonly string[], blocks: Blocks, texts: readonly BodyText[]): Problem[] {
  const problems: Problem[] = [];
  const tasks = new Set(blocks.tasks.map((task) => task.index));
  for (const { index, content, itemStart } of texts) {
    const fix = tasks.has(index) ? undefined : nearMiss(content, itemStart);
    if (fix) problems.push({ file, line: bodyStart + index + 1, message: `"${body[index]!.trim().slice(0, 40)}" is not read as an action: ${fix}`, severity: 'warning' });
  }
  if (blocks.unclosed) {
    const hiding = unclosedBlock(body.slice(blocks.unclosed.index + 1), blocks.unclosed.opener, blocks.unclosed.closer);
    if (hiding) problems.push({ file, line: bodyStart + blocks.unclosed.index + 1, message: hiding, severity: 'error' });
  }
  return problems;
}

const BOX = /^\[([^\]]{0,3})\]/;
const BOX_LIKE = /^[ \t]*[xX-]?[ \t]*$/;
const GLUED = /^(?:[-*+]|\d{1,9}[.)])\[[ \txX-]\](?![([:])/;

/**
 * What keeps a line of text that looks like a task item from being one, and what to write instead.
 * `content` starts at the line's first character after any quote and list markers; `itemStart`
 * says it begins a list item's first paragraph, where a box makes a task. Links (`[Go](…)`,
 * `[docs]`, `[x]: …`) are never taken for a box.
 */
function nearMiss(content: string, itemStart: boolean): string | undefined {
  if (GLUED.test(content)) return `put a blank between "${content.slice(0, content.indexOf('['))}" and the box`;
  const box = BOX.exec(content);
  if (box) {
    const inside = box[1]!;
    const rest = content.slice(box[0].length);
    const next = rest.charCodeAt(0);
    if (next === 40 /* ( */ || next === 91 /* [ */ || next === 58 /* : */ || !BOX_LIKE.test(inside)) return undefined;
    const valid = inside.length === 1;
    if (!itemStart) return valid && /^[ \t]+\S/.test(rest) ? 'a box makes an action only at the start of a list item: "- [ ] what to do"' : undefined;
    if (!valid) return 'write the box as "[ ]" (open), "[x]" (done) or "[-]" (dropped)';
    if (rest.trim() === '') return 'write what to do after the box: "- [ ] what to do @owner due:YYYY-MM-DD"';
    return /^[ \t]/.test(rest) ? undefined : `put a blank after "[${inside}]"`;
  }
  if (itemStart && /^[xX]?[ \t]*\](?:[ \t]|$)/.test(content)) return 'write the box as "[ ]" (open), "[x]" (done) or "[-]" (dropped)';
  return undefined;
}

/**
 * A code fence or HTML block never closed hides everything after it: answers under marked headings
 * and actions there are invisible to every rollup (and an amend would rewrite them as part of the
 * answer above). What it hides is what the lines after it would be read as on their own.
 */
function unclosedBlock(hidden: readonly string[], opener: string, closer: string): string | undefined {
  const blocks = readBlocks(hidden);
  const markers = blocks.headings.filter((heading) => heading.id !== undefined).length;
  const tasks = blocks.tasks.length;
  if (markers === 0 && tasks === 0) return undefined;
  const what = [markers > 0 ? `${markers} answer heading${markers === 1 ? '' : 's'}` : '', tasks > 0 ? `${tasks} action${tasks === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  const block = opener === '<!--' ? 'HTML comment' : opener.startsWith('<') ? 'HTML block' : 'code fence';
  return `this ${block} (${opener}) is never closed, so it hides ${what} after it: close it with a line ${closer}`;
}

const MAX_CONTROL_PROBLEMS = 5;

/**
 * Control characters (but tab and line ends) have no place in a review (domain/characters.ts):
 * one problem per line, a few per file; and a value that holds one only as a YAML escape
 * (`reason: "on\Nboard"`) at its key, since an amend would write it out as the character itself.
 */
function controlCharacters(file: string, text: string, lines: () => readonly string[], data: Record<string, unknown>, at: (key: string) => number): Problem[] {
  const problems: Problem[] = [];
  if (CONTROL_CHARACTER.test(text)) {
    const all = lines();
    for (let index = 0; index < all.length && problems.length < MAX_CONTROL_PROBLEMS; index++) {
      const found = CONTROL_CHARACTER.exec(all[index]!)?.[0];
      if (found === undefined) continue;
      const why = found === '\u001B' || found === '\u009B' ? ' (it starts a terminal escape sequence)' : '';
      problems.push({ file, line: index + 1, message: `contains the control character ${codePoint(found)}${why}: remove it`, severity: 'error' });
    }
  }
  // With none in the text, a value can hold one only through a YAML escape (`"\e"`, `"\u001b"`,
  // `"\N"`, `"\ud800"`): a file without a backslash has none to look for.
  if (problems.length > 0 || !text.includes('\\')) return problems;
  for (const [path, problem] of badStrings(data, [], 'front matter').slice(0, MAX_CONTROL_PROBLEMS)) {
    problems.push({ file, line: at(path.split(/[.[ ]/)[0]!), message: `${path}: holds ${problem} (written as an escape): remove it`, severity: 'error' });
  }
  return problems;
}

/** Two files of one team and ritual claiming the same period. */
/** What duplicatePeriods needs of a review: check keeps only this, not every file it read. */
export type ReviewIdentity = Pick<Review, 'file' | 'ritual' | 'period' | 'team' | 'keyLines'>;

export function identityOf(review: Review): ReviewIdentity {
  return { file: review.file, ritual: review.ritual, period: review.period, ...(review.team ? { team: review.team } : {}), ...(review.keyLines?.period ? { keyLines: { period: review.keyLines.period } } : {}) };
}

export function duplicatePeriods(reviews: readonly ReviewIdentity[]): Problem[] {
  const seen = new Map<string, ReviewIdentity>();
  const problems: Problem[] = [];
  for (const review of reviews) {
    const key = `${review.team ?? ''}|${review.ritual}|${review.period}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        file: review.file,
        line: review.keyLines?.period ?? 1,
        message: `${review.ritual} ${review.period}${review.team ? ` of ${review.team}` : ''} is also in ${first.file}: keep one`,
        severity: 'error',
      });
    } else seen.set(key, review);
  }
  return problems;
}

/**
 * A flag's `since:` is the period of this review's kind in which the customer stopped receiving
 * value, no later than this review: the ledger counts the flag's days from it, and the next review
 * carries it forward as written (a `since: 2026` or a week to come would count from the wrong day).
 */
function flagSinceProblems(review: Review, context: CheckContext, at: (key: string) => number): Problem[] {
  const periods = periodLookup(context.config);
  const ownInfo = periods(review.period);
  if (!ownInfo) return [];
  const own = ownInfo.period;
  return review.flags.flatMap((flag, index) => {
    const sinceInfo = periods(flag.since);
    if (!sinceInfo) return [];
    const since = sinceInfo.period;
    const where = `flags[${index}]: since ${flag.since}`;
    if (since.kind !== own.kind) return [{ file: review.file, line: at('flags'), message: `${where} is a ${since.kind}, but this review is of a ${own.kind}: write the ${own.kind} the customer stopped receiving value, like ${review.period}`, severity: 'error' as const }];
    // comparePeriods, on the ranges the lookup holds already (a review lists several flags).
    if (compareRanges(sinceInfo.range, ownInfo.range) > 0) return [{ file: review.file, line: at('flags'), message: `${where} is after this review's ${review.period}: write the ${own.kind} the customer stopped receiving value`, severity: 'error' as const }];
    return [];
  });
}
