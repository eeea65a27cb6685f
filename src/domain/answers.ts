import { UserError } from '../errors.js';
import { isRecord } from './config.js';
import { actionNamed, type ActionDecision, type FlagDecision, type OpenItems } from './carry.js';
import { parseActionText } from './markdown.js';
import { isDay } from './period.js';
import { badStrings } from './characters.js';
import { FrontMatterError, normaliseText, parseFrontMatterYaml } from './frontmatter.js';
import { customerName, type Customer } from './registry.js';
import { byId, type AnswerValue, type Answers, type NewAction } from './review.js';
import { slugProblem } from './slug.js';
import type { Question, Template } from './template.js';

/**
 * Answers given as data (`--answers file.yaml`, or `-` for stdin) for scripts and CI.
 * Everything is checked before anything is written: unknown question ids, missing required
 * answers, scores outside their scale, unknown customers.
 */
export interface ExternalAnswers {
  answers: Answers;
  participants?: string[];
  actionDecisions: ActionDecision[];
  flagDecisions: FlagDecision[];
}

export interface AnswerContext {
  /** The registry; when empty any valid id is accepted. */
  customers: readonly Customer[];
  /** What the previous review left open, for `carry:` decisions. */
  open: OpenItems;
}

const META_KEYS = ['participants', 'carry'];

export class AnswersError extends Error {
  override name = 'AnswersError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** An answers file is data a person or a script wrote; a megabyte is far more than any review needs. */
export const MAX_ANSWERS_BYTES = 1024 * 1024;

/** A flag's reason is one line of front matter (which is limited to 64 KB): a sentence, not an essay. */
const MAX_FLAG_REASON = 2000;

/**
 * Parse the text of an answers file (YAML or JSON) as safely as front matter: core schema, no
 * custom tags (refused, not just warned about), bounded aliases and size, unique keys, BOM and
 * CRLF accepted. Errors are one `name:line:col: problem` line. `name` is the file as the user gave it.
 */
export function parseAnswersText(text: string, name: string): Record<string, unknown> {
  try {
    return parseFrontMatterYaml(normaliseText(text), 1, MAX_ANSWERS_BYTES);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    const where = [name, error.line, error.col].filter((part) => part !== undefined).join(':');
    const message = error.message
      .replace(': move long text into the body', '')
      .replace(/^front matter (is|uses)/, 'the answers file $1')
      .replace(/^front matter must/, 'answers must')
      .replace(/(in|indent) front matter/, '$1 the answers file');
    throw new UserError(`${where}: ${message}`);
  }
}

export function normaliseAnswers(template: Template, raw: unknown, context: AnswerContext): ExternalAnswers {
  const problems: string[] = [];
  if (raw === null || raw === undefined) raw = {};
  if (!isRecord(raw)) throw new AnswersError(['answers must be a map of question id to answer, e.g. { customers: [acme], value_confidence: 3 }']);
  // A NUL would make rhythm write a review it then refuses as binary; other control characters
  // and broken UTF-16 have no business in a review either (and can drive a terminal).
  for (const [path, problem] of badStrings(raw, [])) problems.push(`${path}: contains ${problem}: remove it`);
  const known = template.questions.map((question) => question.id);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key) && !META_KEYS.includes(key))
      problems.push(`unknown question id "${key}": the ${template.name} template asks ${known.join(', ')}`);
  }
  const answers: Answers = {};
  for (const question of template.questions) {
    if (!Object.hasOwn(raw, question.id) || raw[question.id] === null) continue;
    const value = normaliseAnswer(question, raw[question.id], context, (message) => problems.push(`${question.id}: ${message}`));
    if (value !== undefined) answers[question.id] = value;
  }
  const result: ExternalAnswers = { answers, actionDecisions: [], flagDecisions: [] };
  if (raw.participants !== undefined) {
    const list = toList(raw.participants);
    if (list === undefined) problems.push('participants: must be a list of names, e.g. [ana, bo]');
    else result.participants = list;
  }
  if (raw.carry !== undefined) readCarry(raw.carry, context.open, result, (message) => problems.push(`carry: ${message}`));
  if (problems.length > 0) throw new AnswersError(problems);
  return result;
}

/** Required questions still without an answer (empty lists and blank text count as missing). */
export function missingRequired(template: Template, answers: Answers): Question[] {
  return template.questions.filter((question) => question.required && isEmptyAnswer(byId(answers, question.id)));
}

export function isEmptyAnswer(value: AnswerValue | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function normaliseAnswer(question: Question, value: unknown, context: AnswerContext, problem: (message: string) => void): AnswerValue | undefined {
  switch (question.type) {
    case 'text':
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      return problem('must be text'), undefined;
    case 'list': {
      if (question.byCustomer && isRecord(value)) {
        // `{ acme: ["…"], globex: "…" }` is the natural shape for quotes by customer; each key is a customer id like any other.
        return Object.entries(value).flatMap(([customer, quotes]) =>
          checkCustomer(customer, context, problem) ? (toList(quotes) ?? []).map((quote) => `${customerName(context.customers, customer)}: ${quote}`) : [],
        );
      }
      const list = toList(value);
      if (list === undefined) return problem('must be a list of text items'), undefined;
      return list;
    }
    case 'scale':
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return problem(`${JSON.stringify(value)} is not a number`), undefined;
      if (question.type === 'scale' && !Number.isInteger(number)) return problem(`${number} must be a whole number`), undefined;
      if ((question.min !== undefined && number < question.min) || (question.max !== undefined && number > question.max))
        return problem(`${number} is outside the scale ${question.min ?? '…'}–${question.max ?? '…'}`), undefined;
      return number;
    }
    case 'select':
      if (typeof value !== 'string' || !question.choices?.includes(value))
        return problem(`${JSON.stringify(value)} is not one of: ${question.choices?.join(', ')}`), undefined;
      return value;
    case 'multiselect': {
      const list = toList(value);
      const unknown = list?.filter((item) => !question.choices?.includes(item)) ?? [];
      if (list === undefined || unknown.length > 0)
        return problem(`${JSON.stringify(unknown[0] ?? value)} is not one of: ${question.choices?.join(', ')}`), undefined;
      return list;
    }
    case 'confirm':
      if (typeof value === 'boolean') return value;
      return problem('must be true or false'), undefined;
    case 'customers': {
      const list = toList(value);
      if (list === undefined) return problem('must be a list of customer ids, e.g. [acme, globex]'), undefined;
      return list.filter((id) => checkCustomer(id, context, problem));
    }
    case 'flags': {
      if (!Array.isArray(value)) return problem('must be a list of { customer, reason }'), undefined;
      const flags: { customer: string; reason: string; since: string }[] = [];
      value.forEach((item, index) => {
        if (!isRecord(item) || typeof item.customer !== 'string' || typeof item.reason !== 'string' || item.reason.trim() === '')
          return problem(`entry ${index + 1} must be { customer: id, reason: why they are not receiving value }`);
        // Flags live in front matter, which has a size limit: a review rhythm could not read back is never written.
        if (item.reason.length > MAX_FLAG_REASON)
          return problem(`entry ${index + 1}: the reason is ${item.reason.length} characters; keep it under ${MAX_FLAG_REASON} and put the detail in a prose answer`);
        if (checkCustomer(item.customer, context, problem)) flags.push({ customer: item.customer, reason: item.reason.trim(), since: '' });
      });
      return flags;
    }
    case 'actions': {
      if (!Array.isArray(value)) return problem('must be a list of actions, e.g. ["Call Globex @ana due:2026-12-01"]'), undefined;
      const actions: NewAction[] = [];
      value.forEach((item, index) => {
        const action = toAction(item);
        if (!action) return problem(`entry ${index + 1} must be text like "Call Globex @ana due:2026-12-01 #globex" or { title, owner, due, tags }`);
        if (action.due !== undefined && !isDay(action.due)) return problem(`"${action.title}": due ${action.due} is not a date: use YYYY-MM-DD`);
        actions.push(action);
      });
      return actions;
    }
  }
}

function toAction(item: unknown): NewAction | undefined {
  if (typeof item === 'string' && item.trim() !== '') return { ...parseActionText(item.trim()), state: 'open' };
  if (!isRecord(item) || typeof item.title !== 'string' || item.title.trim() === '') return undefined;
  const action: NewAction = { ...parseActionText(item.title.trim()), state: item.done === true ? 'done' : 'open' };
  if (typeof item.owner === 'string') action.owner = item.owner.replace(/^@/, '');
  if (typeof item.due === 'string') action.due = item.due;
  const tags = toList(item.tags);
  if (tags) action.tags = [...new Set([...action.tags, ...tags.map((tag) => tag.replace(/^#/, '').toLowerCase())])];
  return action;
}

function checkCustomer(id: string, context: AnswerContext, problem: (message: string) => void): boolean {
  const idProblem = slugProblem(id);
  if (idProblem) {
    problem(`customer id ${JSON.stringify(id)} ${idProblem}`);
    return false;
  }
  const ids = context.customers.map((customer) => customer.id);
  if (ids.length > 0 && !ids.includes(id)) {
    problem(`unknown customer "${id}": add it to customers.yaml in the workbook, or use one of ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`);
    return false;
  }
  return true;
}

function toList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (!Array.isArray(value)) return undefined;
  if (value.some((item) => typeof item !== 'string' && typeof item !== 'number')) return undefined;
  return value.map(String).filter((item) => item.trim() !== '');
}

/**
 * `carry: { actions: { "Run admin training": done }, flags: { globex: resolved } }`.
 * An action is named by its title or the start of it (`actionNamed`); anything not named stays open.
 */
function readCarry(raw: unknown, open: OpenItems, result: ExternalAnswers, problem: (message: string) => void): void {
  if (!isRecord(raw)) return problem('must be { actions: { title: done|open|drop }, flags: { customer: resolved|open } }');
  result.actionDecisions = open.actions.map(() => 'open');
  result.flagDecisions = open.flags.map((flag) => ({ status: 'open', reason: flag.reason }));
  if (raw.actions !== undefined) {
    const namedBy = new Map<number, string>();
    if (!isRecord(raw.actions)) problem('actions: must map an action title to done, open or drop');
    else
      for (const [title, decision] of Object.entries(raw.actions)) {
        const named = actionNamed(open, title);
        const earlier = 'index' in named ? namedBy.get(named.index) : undefined;
        if ('problem' in named) problem(`actions: ${named.problem}`);
        else if (earlier !== undefined) problem(`actions: "${earlier}" and "${title}" both name "${open.actions[named.index]!.title}": keep one`);
        else if (decision !== 'done' && decision !== 'open' && decision !== 'drop') problem(`actions: "${title}": must be done, open or drop`);
        else {
          namedBy.set(named.index, title);
          result.actionDecisions[named.index] = decision;
        }
      }
  }
  if (raw.flags !== undefined) {
    if (!isRecord(raw.flags)) problem('flags: must map a customer id to resolved or open');
    else
      for (const [customer, decision] of Object.entries(raw.flags)) {
        const index = open.flags.findIndex((flag) => flag.customer === customer);
        const status = isRecord(decision) ? decision.status : decision;
        if (index === -1) problem(`flags: "${customer}" has no open flag in ${open.from ?? 'the previous review'}`);
        else if (status === 'resolved') {
          const note = isRecord(decision) && typeof decision.note === 'string' ? decision.note : undefined;
          result.flagDecisions[index] = { status: 'resolved', ...(note ? { note } : {}) };
        } else if (status === 'open') {
          const reason = isRecord(decision) && typeof decision.reason === 'string' ? decision.reason : open.flags[index]!.reason;
          result.flagDecisions[index] = { status: 'open', reason };
        } else problem(`flags: "${customer}": must be resolved or open (or { status, reason | note })`);
      }
  }
}
