import type { Problem } from '../errors.js';
import type { Config } from './config.js';
import { FENCE, mayBeFence } from './markdown.js';
import { periodLookup } from './period.js';
import { RESERVED_KEYS, type Question, type Template } from './template.js';
import type { Review } from './review.js';

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

export function checkReview(review: Review, place: ReviewPlace, context: CheckContext): Problem[] {
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

  if (context.customers.size > 0) {
    const unknown = (id: string, key: string) => {
      if (!context.customers.has(id)) problem(at(key), `unknown customer "${id}": add it to customers.yaml or fix the id`);
    };
    for (const id of review.customers) unknown(id, 'customers');
    for (const flag of review.flags) unknown(flag.customer, 'flags');
    for (const flag of review.resolved) unknown(flag.customer, 'resolved');
  }

  // The file's lines as the markdown reader sees them (CR LF and lone CR end lines too), split once for every check below.
  const lines = (place.text.includes('\r') ? place.text.replace(/\r\n?/g, '\n') : place.text).split('\n');
  const template = ritual ? context.templates.get(ritual.template) : undefined;
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
    lines.forEach((line, index) => {
      // Only a heading can carry a marker: most lines are passed at their first character.
      if (line.charCodeAt(0) !== 35 /* # */) return;
      const marker = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/.exec(line);
      if (marker && /^#{1,6}\s/.test(line) && !ids.has(marker[1]!))
        problem(index + 1, `q:${marker[1]}: the ${template.name} template has no question "${marker[1]}" (a renamed id?)`, 'warning');
    });
  }
  for (const key of Object.keys(review.data)) {
    if (!RESERVED_KEYS.includes(key) && !(template?.questions.some((question) => question.id === key) ?? false) && key !== 'customers' && key !== 'flags') {
      // A person's own keys are welcome; this only points at likely typos of ours.
      const near = RESERVED_KEYS.find((reserved) => distance(reserved, key) === 1);
      if (near) problem(at(key), `unknown key "${key}": did you mean "${near}"?`, 'warning');
    }
  }

  problems.push(...bodyProblems(review, lines), ...controlCharacters(review.file, place.text, lines));
  return problems;
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

/**
 * Malformed task items outside code, and a code fence never closed, in one pass over the body.
 * Which lines are code is decided exactly as the markdown reader (markdown.ts) decides it: a
 * fence closes only with the same character, at least as long; fence lines count as code.
 */
function bodyProblems(review: Review, lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  let fence: string | undefined;
  let opening = -1;
  for (let index = Math.max(0, review.bodyLine - 1); index < lines.length; index++) {
    const text = lines[index]!;
    const marker = mayBeFence(text) ? FENCE.exec(text)?.[1] : undefined;
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      opening = index;
      continue;
    }
    const malformed = malformedTask(text);
    if (malformed) problems.push({ file: review.file, line: index + 1, message: malformed, severity: 'error' });
  }
  if (fence !== undefined) {
    const hiding = unclosedFence(lines.slice(opening + 1), fence);
    if (hiding) problems.push({ file: review.file, line: opening + 1, message: hiding, severity: 'error' });
  }
  return problems;
}

/** `- [] x`, `-[ ] x`, `- [ ]` with no text: each looks like an action but is not read as one. */
function malformedTask(text: string): string | undefined {
  // Both patterns need a `[`: most lines are passed without running them.
  if (!text.includes('[')) return undefined;
  // One `\s*` per gap: `^\s*[-*+]?\s*` backtracks quadratically on a long line of spaces
  // (a 60 KB blank line took seconds). Requiring the bullet makes the optional one redundant.
  if (!/^\s*[-*+]\s*\[[^\]]{0,3}\]/.test(text)) return undefined;
  if (/^[ \t]*[-*+][ \t]+\[[ xX-]\][ \t]+\S/.test(text)) return undefined;
  return `malformed task item "${text.trim().slice(0, 40)}": write "- [ ] what to do @owner due:YYYY-MM-DD" ("- [x]" when done)`;
}

/**
 * A code fence never closed hides everything after it: answers under marked headings and actions
 * there are invisible to every rollup (and an amend would rewrite them as part of the answer above).
 */
function unclosedFence(hidden: readonly string[], fence: string): string | undefined {
  const markers = hidden.filter((line) => /^#{1,6}[ \t].*<!--\s*q:[a-z][a-z0-9_]*\s*-->/.test(line)).length;
  const tasks = hidden.filter((line) => /^[ \t]*[-*+][ \t]+\[[ xX-]\][ \t]/.test(line)).length;
  if (markers === 0 && tasks === 0) return undefined;
  const what = [markers > 0 ? `${markers} answer heading${markers === 1 ? '' : 's'}` : '', tasks > 0 ? `${tasks} action${tasks === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  return `this code fence (${fence}) is never closed, so it hides ${what} after it: close it with a line ${fence}`;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const MAX_CONTROL_PROBLEMS = 5;

/**
 * Control characters (but tab and line ends) have no place in a review, and the escape sequences
 * they start can drive the terminal of whoever runs `rhythm actions` or `rhythm customers` on it
 * (clear the screen, hide text, write the clipboard). One problem per line, a few per file.
 */
function controlCharacters(file: string, text: string, lines: readonly string[]): Problem[] {
  if (!CONTROL.test(text)) return [];
  const problems: Problem[] = [];
  for (let index = 0; index < lines.length && problems.length < MAX_CONTROL_PROBLEMS; index++) {
    const found = CONTROL.exec(lines[index]!)?.[0];
    if (found === undefined) continue;
    const code = `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const why = found === '\u001B' || found === '\u009B' ? ' (it starts a terminal escape sequence)' : '';
    problems.push({ file, line: index + 1, message: `contains the control character ${code}${why}: remove it`, severity: 'error' });
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

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
