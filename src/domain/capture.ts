/**
 * Capture between meetings (`rhythm heard`, `flag`, `action`, `done`): one answer added to the
 * team's review of the week, touching nothing else a person wrote. Pure: text in, text out; the
 * command reads, locks, writes and commits.
 */
import type { Document } from 'yaml';
import { isDay } from './period.js';
import { mergeFlags, type OpenItems } from './carry.js';
import { isEmptyAnswer } from './answers.js';
import { inStyleOf, normaliseText, splitFrontMatter, yamlPackage } from './frontmatter.js';
import { findSections, parseActionText, readBlocks, replaceSection, splitLines, type Action } from './markdown.js';
import type { Customer } from './registry.js';
import { editFrontMatter, type AnswerValue, type Answers, type Flag, type NewAction, type Review } from './review.js';
import { normalisedWords } from './rollup/actions.js';
import { slugProblem } from './slug.js';
import { closest } from './suggest.js';
import type { Template } from './template.js';

// ---------------------------------------------------------------------------------------------
// Who and what

/**
 * The customer a person typed: an id or a registry name, in any case. Without a registry any
 * valid id goes (as in answers files). A near miss gets "did you mean".
 */
export function findCustomer(typed: string, customers: readonly Customer[]): { id: string } | { problem: string } {
  const wanted = typed.trim().toLowerCase();
  const found = customers.find((customer) => customer.id === wanted) ?? customers.find((customer) => customer.name.trim().toLowerCase() === wanted);
  if (found) return { id: found.id };
  if (customers.length === 0) {
    const problem = slugProblem(wanted);
    return problem ? { problem: `customer id ${JSON.stringify(typed)} ${problem}` } : { id: wanted };
  }
  const near = closest(typed, customers.map((customer) => ({ id: customer.id, names: [customer.name] })));
  const name = (id: string) => {
    const customer = customers.find((candidate) => candidate.id === id);
    return customer && customer.name.toLowerCase() !== id ? `${id} (${customer.name})` : id;
  };
  const hint = near.length > 0 ? `did you mean ${near.map(name).join(', ')}? ` : '';
  return { problem: `unknown customer "${typed}": ${hint}Customers are listed in customers.yaml; add a new one there (or in rhythm weekly)` };
}

/**
 * A quote as the weekly writes it: `Acme Corp: "The export saves a day." #reporting`. The words
 * go in quotation marks unless the person wrote them; the `#tags` at the end stay outside.
 */
export function quoteItem(customerName: string, text: string): string {
  const words = text.trim().split(/\s+/);
  let cut = words.length;
  while (cut > 0 && /^#[\p{L}\p{N}][\p{L}\p{N}_/-]*$/u.test(words[cut - 1]!)) cut--;
  const said = words.slice(0, cut).join(' ');
  const tags = words.slice(cut).join(' ');
  const quoted = /^["“'‘«„]/.test(said) ? said : `"${said}"`;
  return `${customerName}: ${said === '' ? '' : quoted}${tags ? `${said === '' ? '' : ' '}${tags}` : ''}`.trim();
}

/** An action as typed on the command line: `Call Globex @ana due:2026-12-01 #globex`; a problem when it is none. */
export function capturedAction(text: string): { action: NewAction } | { problem: string } {
  const parsed = parseActionText(text.replace(/\s+/g, ' ').trim());
  if (parsed.title === '') return { problem: 'an action needs words: rhythm action "Call Globex @ana due:2026-12-01 #globex"' };
  if (parsed.due !== undefined && !isDay(parsed.due)) return { problem: `due:${parsed.due} is not a date: use due:YYYY-MM-DD` };
  const { since: _since, ...rest } = parsed;
  return { action: { ...rest, state: 'open' } };
}

// ---------------------------------------------------------------------------------------------
// The review of the week, existing: each change touches its own lines only

/** A change to a review's text (LF, no byte order mark); undefined when there is nothing to change. */
export type TextChange = (text: string) => string;

/** Apply changes to a file's text, and give it back in its own style (byte order mark, CRLF). */
export function changeText(original: string, changes: readonly TextChange[]): string {
  let text = normaliseText(original);
  for (const change of changes) text = change(text);
  return inStyleOf(original, text);
}

/** Add a customer to `customers:` (talked to), unless listed. */
export function addCustomer(id: string): TextChange {
  return (text) =>
    editFrontMatter(text, (doc, create) => {
      const list = doc.get('customers', true);
      if (yamlPackage().isSeq(list)) {
        if (!list.items.some((item) => String(yamlPackage().isScalar(item) ? item.value : item) === id)) list.add(create(id));
      } else if (list === undefined || list === null || (yamlPackage().isScalar(list) && (list.value === null || list.value === ''))) {
        doc.set('customers', create([id]));
      } else if (yamlPackage().isScalar(list) && list.value !== id) {
        // `customers: acme` is a list of one to the reader: it becomes a list of two.
        doc.set('customers', create([String(list.value), id]));
      }
    });
}

/** Add a flag, or give a customer already flagged its new reason (the first week stays). */
export function addFlag(flag: Flag): TextChange {
  return (text) =>
    editFrontMatter(text, (doc, create) => {
      const list = doc.get('flags', true);
      if (!yamlPackage().isSeq(list)) {
        doc.set('flags', create([flag]));
        return;
      }
      const index = list.items.findIndex((item) => yamlPackage().isMap(item) && item.get('customer') === flag.customer);
      if (index === -1) list.add(create({ ...flag }));
      else setReason(doc, index, flag.reason);
    });
}

function setReason(doc: Document, index: number, reason: string): void {
  const current = doc.getIn(['flags', index, 'reason'], true);
  if (yamlPackage().isScalar(current)) current.value = reason;
  else doc.setIn(['flags', index, 'reason'], reason);
}

/** Add lines at the end of a question's section (a new section at the end of the file when there is none). */
export function appendToSection(section: { id: string; heading: string }, items: readonly string[]): TextChange {
  return (text) => {
    const { head, lines } = bodyOf(text);
    const existing = findSections(lines).find((candidate) => candidate.id === section.id);
    if (!existing) return head + replaceSection(lines, section, items.join('\n')).join('\n').replace(/\n*$/, '\n');
    const empty = existing.end <= existing.start || lines.slice(existing.start, existing.end).every((line) => line.trim() === '');
    const at = empty ? existing.start : existing.end;
    const added = empty ? ['', ...items] : [...items];
    // Something right after the section (a heading) keeps a blank line before it.
    const next = lines[at];
    if (next !== undefined && next.trim() !== '') added.push('');
    return head + [...lines.slice(0, at), ...added, ...lines.slice(at)].join('\n');
  };
}

/**
 * Tick the box of the task item on the body's line `index` (an action of the review as parsed):
 * `[ ]` becomes `[x]`, and nothing else on the line changes. Undefined when that line holds no
 * open box (the file changed).
 */
export function tickLine(text: string, index: number): string | undefined {
  const { head, lines } = bodyOf(text);
  const task = readBlocks(lines).tasks.find((candidate) => candidate.index === index);
  const line = lines[index];
  if (!task || task.state !== 'open' || line === undefined) return undefined;
  const box = OPEN_BOX.exec(line);
  if (!box) return undefined;
  lines[index] = `${box[1]}[x]${line.slice(box[0].length)}`;
  return head + lines.join('\n');
}

/** Quote and list markers, then an open box. */
const OPEN_BOX = /^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:>[ \t]*)*)+)\[[ \t]\]/;

function bodyOf(text: string): { head: string; lines: string[] } {
  const { body } = splitFrontMatter(text);
  return { head: text.slice(0, text.length - body.length), lines: splitLines(body) };
}

// ---------------------------------------------------------------------------------------------
// The weekly, held over a review in progress

/**
 * The action of these words a review lists (case, spacing and a final full stop aside), if any: of
 * copies written alike, one still open first, the one `rhythm done` ticks.
 */
export function listsAction(review: Pick<Review, 'actions'>, title: string): Action | undefined {
  const words = normalisedWords(title);
  const alike = review.actions.filter((action) => normalisedWords(action.title) === words);
  return alike.find((action) => action.state === 'open') ?? alike[0];
}

/**
 * What the previous review left open that a review in progress has not decided yet: an action it
 * lists (ticked by `rhythm done`, or written again) and a customer it flags or resolves were
 * decided when captured, and are not asked about again.
 */
export function notYetCaptured(open: OpenItems, review: Pick<Review, 'actions' | 'flags' | 'resolved'>): OpenItems {
  const customers = new Set([...review.flags, ...review.resolved].map((flag) => flag.customer));
  return {
    ...open,
    actions: open.actions.filter((action) => listsAction(review, action.title) === undefined),
    flags: open.flags.filter((flag) => !customers.has(flag.customer)),
  };
}

/**
 * What the ritual held over a review in progress starts from: the captured answers, joined by the
 * answers given in advance (an answers file). Lists join (customers, quotes, flags by customer,
 * actions by their words); anything else given replaces what was captured.
 */
export function joinCaptured(template: Template, captured: Answers, given: Answers): Answers {
  const joined: Answers = { ...captured };
  for (const [id, value] of Object.entries(given)) {
    const question = template.questions.find((candidate) => candidate.id === id);
    const before = captured[id];
    if (!question || isEmptyAnswer(before) || !Array.isArray(value) || !Array.isArray(before)) {
      joined[id] = value;
      continue;
    }
    joined[id] = joinList(question.type, before, value);
  }
  return joined;
}

function joinList(type: string, before: NonNullable<AnswerValue> & unknown[], added: NonNullable<AnswerValue> & unknown[]): AnswerValue {
  switch (type) {
    case 'flags':
      // A flag given for a customer already flagged updates its reason; a new one gets its week when written.
      return mergeFlags(before as Flag[], added as Flag[], '');
    case 'actions': {
      const words = new Set((before as NewAction[]).map((action) => normalisedWords(action.title)));
      return [...(before as NewAction[]), ...(added as NewAction[]).filter((action) => !words.has(normalisedWords(action.title)))];
    }
    default: {
      const seen = new Set((before as string[]).map(String));
      return [...(before as string[]), ...(added as string[]).filter((item) => !seen.has(String(item)))];
    }
  }
}
