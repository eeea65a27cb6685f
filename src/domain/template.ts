import type { Problem } from '../errors.js';
import { isRecord } from './config.js';
import type { Document } from 'yaml';
import { CONFLICT_MESSAGE, conflictMarkerLines } from './conflict.js';
import { FrontMatterError, parseFrontMatterDocument, parseFrontMatterFast, splitFrontMatter } from './frontmatter.js';
import type { Cadence } from './period.js';

export const QUESTION_TYPES = [
  'text',
  'list',
  'scale',
  'number',
  'select',
  'multiselect',
  'confirm',
  'customers',
  'flags',
  'actions',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Where an answer lives in a review file: prose in the body, data in front matter. */
export type AnswerHome = 'body' | 'scores' | 'answers' | 'top';

export interface Question {
  id: string;
  type: QuestionType;
  prompt: string;
  /** The one-line "why we ask": shown as help so the team thinks instead of filling a form. */
  why: string;
  required: boolean;
  /** Shown in the prompt as an example of a good answer. */
  hint?: string;
  min?: number;
  max?: number;
  choices?: string[];
  /** list: ask once per customer talked to (`- Acme: …`). */
  byCustomer?: boolean;
}

export interface Template {
  name: string;
  title: string;
  cadence?: Cadence;
  intro?: string;
  questions: Question[];
  body: string;
}

/** Front-matter keys a question may take only with the type the file format reads them as. */
const FORMAT_KEY_TYPES: Record<string, QuestionType> = { flags: 'flags', customers: 'customers' };

/** Front-matter keys the file format owns; question ids may not take them. */
export const RESERVED_KEYS = ['rhythm', 'ritual', 'period', 'team', 'date', 'participants', 'scores', 'answers', 'resolved', 'rollup'];

export const PLACEHOLDERS = ['heading', 'title', 'period', 'range', 'team', 'teamName', 'date', 'ritual', 'intro', 'rollup'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export function answerHome(type: QuestionType): AnswerHome {
  switch (type) {
    case 'text':
    case 'list':
    case 'actions':
      return 'body';
    case 'scale':
      return 'scores';
    case 'customers':
    case 'flags':
      return 'top';
    default:
      return 'answers';
  }
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(readonly problems: Problem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const QUESTION_KEYS = ['id', 'type', 'prompt', 'why', 'required', 'hint', 'min', 'max', 'choices', 'byCustomer'];

/** Parse and validate a template file. All problems are collected, each naming the question. */
export function parseTemplate(text: string, name: string, file: string): Template {
  const problems: Problem[] = [];
  const fail = (message: string, line?: number): never => {
    problems.push({ file, line, message, severity: 'error' });
    throw new TemplateError(problems);
  };
  // A template git could not merge would write both sides of the conflict into every new review.
  const conflicts = conflictMarkerLines(text);
  if (conflicts.length > 0) {
    for (const line of conflicts) problems.push({ file, line, message: CONFLICT_MESSAGE, severity: 'error' });
    throw new TemplateError(problems);
  }
  let split;
  let data: Record<string, unknown>;
  try {
    split = splitFrontMatter(text);
    if (split.yaml === null) return fail('a template needs front matter declaring its questions', 1);
    if (split.language) return fail(`front matter must be YAML, not "${split.language}"`, 1);
    data = parseFrontMatterFast(split.yaml, split.yamlLine);
  } catch (error) {
    if (error instanceof FrontMatterError) return fail(error.message, error.line);
    throw error;
  }
  const yaml = split.yaml;
  const firstLine = split.yamlLine;
  // Positions come from the parsed YAML, so flow-style questions and odd ids still get a line;
  // the document is read only when a problem needs one.
  let doc: Document | undefined;
  const lineOfQuestion = (index: number) => {
    doc ??= parseFrontMatterDocument(yaml, firstLine);
    const offset = (doc.getIn(['questions', index], true) as { range?: [number, number, number] } | undefined)?.range?.[0];
    return offset === undefined ? undefined : firstLine + yaml.slice(0, offset).split('\n').length - 1;
  };
  const problem = (message: string, line?: number) => problems.push({ file, line, message, severity: 'error' });

  const rawQuestions = data.questions;
  if (!Array.isArray(rawQuestions) || rawQuestions.length === 0) fail('questions: must be a non-empty list');
  const questions: Question[] = [];
  const seen = new Set<string>();
  (rawQuestions as unknown[]).forEach((raw, index) => {
    const line = () => lineOfQuestion(index);
    if (!isRecord(raw)) return problem(`questions[${index}]: must be a map with id, type, prompt and why`, line());
    const where = `question ${JSON.stringify(raw.id ?? index)}`;
    if (typeof raw.id !== 'string' || !QUESTION_ID.test(raw.id)) return problem(`${where}: id must be lowercase letters, digits and _`, line());
    if (RESERVED_KEYS.includes(raw.id)) return problem(`${where}: "${raw.id}" is reserved by the file format: choose another id`, line());
    if (seen.has(raw.id)) return problem(`${where}: id used twice`, line());
    seen.add(raw.id);
    if (!QUESTION_TYPES.includes(raw.type as QuestionType))
      return problem(`${where}: type must be one of ${QUESTION_TYPES.join(', ')}`, line());
    // The file format gives `flags` and `customers` their meaning: a question takes one only with its type.
    const formatType = Object.hasOwn(FORMAT_KEY_TYPES, raw.id) ? FORMAT_KEY_TYPES[raw.id] : undefined;
    if (formatType !== undefined && raw.type !== formatType) return problem(`${where}: "${raw.id}" is where a review keeps its ${formatType}: give it type ${formatType}, or choose another id`, line());
    if (typeof raw.prompt !== 'string' || raw.prompt.trim() === '') return problem(`${where}: needs a prompt`, line());
    if (typeof raw.why !== 'string' || raw.why.trim() === '')
      return problem(`${where}: needs a one-line "why" (why we ask it)`, line());
    for (const key of Object.keys(raw)) if (!QUESTION_KEYS.includes(key)) problem(`${where}: unknown key "${key}"`, line());
    const question: Question = {
      id: raw.id,
      type: raw.type as QuestionType,
      // Prompts become one-line headings and help: a YAML block's line breaks are folded.
      prompt: raw.prompt.replace(/\s+/g, ' ').trim(),
      why: raw.why.replace(/\s+/g, ' ').trim(),
      required: raw.required === true,
    };
    if (typeof raw.hint === 'string') question.hint = raw.hint;
    if (question.type === 'scale') {
      const min = raw.min ?? 1;
      const max = raw.max ?? 5;
      if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) >= (max as number))
        return problem(`${where}: a scale needs whole numbers min < max`, line());
      question.min = min as number;
      question.max = max as number;
    }
    if (question.type === 'number') {
      for (const bound of ['min', 'max'] as const) {
        const value = raw[bound];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isFinite(value)) return problem(`${where}: ${bound} must be a number`, line());
        question[bound] = value;
      }
      if (question.min !== undefined && question.max !== undefined && question.min > question.max) return problem(`${where}: min must not be above max`, line());
    }
    if (question.type === 'select' || question.type === 'multiselect') {
      if (!Array.isArray(raw.choices) || raw.choices.length === 0 || raw.choices.some((c) => typeof c !== 'string'))
        return problem(`${where}: a ${question.type} needs choices: [a, b, …]`, line());
      question.choices = raw.choices as string[];
    }
    if (raw.byCustomer === true) {
      if (question.type !== 'list') return problem(`${where}: byCustomer only applies to list questions`, line());
      question.byCustomer = true;
    }
    questions.push(question);
  });
  const byType = (type: QuestionType) => questions.filter((question) => question.type === type);
  if (byType('flags').some((question) => question.id !== 'flags')) problem('the flags question must have the id "flags"');
  if (byType('actions').length > 1) problem('a template may have at most one actions question');

  for (const match of split.body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!PLACEHOLDERS.includes(match[1] as Placeholder)) {
      const line = split.bodyLine + split.body.slice(0, match.index).split('\n').length - 1;
      problem(`unknown placeholder {{${match[1]}}}: templates may use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`, line);
    }
  }
  if (problems.length > 0) throw new TemplateError(problems);

  const template: Template = {
    name,
    title: typeof data.title === 'string' ? data.title : `${name[0]?.toUpperCase()}${name.slice(1)} customer review`,
    questions,
    body: split.body,
  };
  if (typeof data.intro === 'string') template.intro = data.intro.trim();
  if (typeof data.cadence === 'string') template.cadence = data.cadence as Cadence;
  return template;
}

/** Logic-free placeholders: `{{name}}` is replaced by a value, nothing is ever evaluated. */
export function fillPlaceholders(body: string, values: Partial<Record<Placeholder, string>>): string {
  return body.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) =>
    PLACEHOLDERS.includes(name as Placeholder) ? (values[name as Placeholder] ?? '') : whole,
  );
}

/** The scale of every scale question, so charts and sparklines span the whole scale, not just the values seen. */
export function scalesOf(templates: readonly Template[]): Record<string, { min: number; max: number }> {
  const scales: Record<string, { min: number; max: number }> = {};
  for (const template of templates) {
    for (const question of template.questions) {
      if (question.type === 'scale' && question.min !== undefined && question.max !== undefined) scales[question.id] = { min: question.min, max: question.max };
    }
  }
  return scales;
}
