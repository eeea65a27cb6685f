import { plural } from '../../domain/words.js';
import type { ActionDecision, FlagDecision, OpenItems } from '../../domain/carry.js';
import { formatAction, parseActionText } from '../../domain/markdown.js';
import { addDaysTo, daysBetween, isDay } from '../../domain/period.js';
import { customerName, type Customer } from '../../domain/registry.js';
import type { AnswerValue, Answers, Flag, NewAction } from '../../domain/review.js';
import { slugify, slugProblem } from '../../domain/slug.js';
import type { Question, Template } from '../../domain/template.js';
import type { Choice, Prompter } from '../../io/prompter.js';

/**
 * The conversation of a ritual: carried items first, then the template's questions in order.
 * It only talks through the Prompter, so it runs the same against a terminal or a test script.
 */
export interface InterviewInput {
  template: Template;
  prompter: Prompter;
  customers: readonly Customer[];
  members: readonly string[];
  today: string;
  /** Previous answers (`--amend`, a resumed draft, or a partial `--answers` file). */
  defaults: Answers;
  defaultParticipants: readonly string[];
  /** Skip asking for these (already given by `--answers`, or answered before a resumed draft). */
  given: ReadonlySet<string>;
  open: OpenItems;
  /** Scores of the previous review: a reference for this time, never a default answer. */
  previousScores?: Readonly<Record<string, number>>;
  /** Decisions already taken on carried items; only the missing ones are asked. */
  actionDecisions?: readonly (ActionDecision | undefined)[];
  flagDecisions?: readonly (FlagDecision | undefined)[];
  /** Customers added earlier (a resumed draft). */
  newCustomers?: readonly Customer[];
  /** Called after every answer, so an interrupted interview can be saved as a draft. */
  onProgress?: (progress: InterviewResult) => void;
  /**
   * Items given before are kept without asking (what was captured between meetings): only the
   * rest is asked. Otherwise (an amend) each is offered to keep, edit or remove.
   */
  keepGiven?: boolean;
}

export interface InterviewResult {
  participants: string[];
  answers: Answers;
  actionDecisions: ActionDecision[];
  flagDecisions: FlagDecision[];
  /** Customers added during the interview, to be written to the registry. */
  newCustomers: Customer[];
  /** What has been answered so far (question ids and `participants`), so a draft resumes after it. */
  answered: string[];
}

export async function interview(input: InterviewInput): Promise<InterviewResult> {
  const { prompter, template } = input;
  const result: InterviewResult = {
    participants: [...input.defaultParticipants],
    answers: { ...input.defaults },
    actionDecisions: [...(input.actionDecisions ?? [])] as ActionDecision[],
    flagDecisions: [...(input.flagDecisions ?? [])] as FlagDecision[],
    newCustomers: [...(input.newCustomers ?? [])],
    answered: [...input.given],
  };
  const progress = () => input.onProgress?.(result);
  const known = () => [...input.customers, ...result.newCustomers];
  const nameOf = (id: string) => customerName(known(), id);

  if (!input.given.has('participants')) {
    result.participants = await askParticipants(prompter, input.members, input.defaultParticipants);
    result.answered.push('participants');
    progress();
  }

  const undecided = input.open.flags.some((_, index) => !result.flagDecisions[index]) || input.open.actions.some((_, index) => !result.actionDecisions[index]);
  if (undecided) prompter.say(`\nStill open from ${input.open.from}:`);
  for (const [index, flag] of input.open.flags.entries()) {
    if (result.flagDecisions[index]) continue;
    // One prompt when nothing changed: still, for the same reason, is the default.
    const status = await prompter.select<'same' | 'open' | 'resolved'>({
      key: `carry:flag:${flag.customer}`,
      message: `${nameOf(flag.customer)} has not been receiving value since ${flag.since}. Now?`,
      why: 'A flag stays until someone says it is resolved, so no customer quietly drops off the list.',
      choices: [
        { name: `still not receiving value: ${flag.reason}`, value: 'same' },
        { name: 'still not receiving value, for another reason now', value: 'open' },
        { name: 'resolved: receiving value again', value: 'resolved' },
      ],
      default: 'same',
    });
    if (status === 'same') result.flagDecisions[index] = { status: 'open', reason: flag.reason };
    else if (status === 'open') {
      const reason = await prompter.input({ key: `carry:flag:${flag.customer}:reason`, message: 'Why, as of this week?', default: flag.reason });
      result.flagDecisions[index] = { status, reason };
    } else {
      const note = await prompter.input({ key: `carry:flag:${flag.customer}:note`, message: 'What resolved it? (optional)' });
      result.flagDecisions[index] = { status, ...(note.trim() ? { note: note.trim() } : {}) };
    }
    progress();
  }
  const undecidedActions = input.open.actions.flatMap((action, index) => (result.actionDecisions[index] ? [] : [{ action, index }]));
  if (undecidedActions.length > 0) {
    // One prompt for all of them: tick what is done; the rest carries forward (or is dropped, when asked).
    const DROP = -1;
    const done = await prompter.checkbox<number>({
      key: 'carry:actions',
      message: 'Which of these open actions are done? (space to tick; the rest stays open)',
      choices: [
        ...undecidedActions.map(({ action, index }) => ({ name: carriedAction(action, input.today, input.open.from), value: index, checked: false })),
        { name: 'drop some of the others…', value: DROP, checked: false },
      ],
    });
    const rest = undecidedActions.filter(({ index }) => !done.includes(index));
    const dropped =
      done.includes(DROP) && rest.length > 0
        ? await prompter.checkbox<number>({ key: 'carry:actions:drop', message: 'Which to drop? (space to tick)', choices: rest.map(({ action, index }) => ({ name: carriedAction(action, input.today, input.open.from), value: index, checked: false })) })
        : [];
    for (const { index } of undecidedActions) result.actionDecisions[index] = done.includes(index) ? 'done' : dropped.includes(index) ? 'drop' : 'open';
    progress();
  }

  for (const question of template.questions) {
    if (input.given.has(question.id)) continue;
    const value = await ask(question, input, result, nameOf);
    if (value === undefined) delete result.answers[question.id];
    else result.answers[question.id] = value;
    result.answered.push(question.id);
    progress();
  }
  return result;
}

const SOMEONE_ELSE = '\u0000someone else';

/** One prompt: the team's members, last time's checked, and someone from outside the team only when asked for. */
async function askParticipants(prompter: Prompter, members: readonly string[], defaults: readonly string[]): Promise<string[]> {
  const why = 'Who was in the room: the rhythm is the team\'s, not one person\'s.';
  if (members.length > 0) {
    const guests = defaults.filter((name) => !members.includes(name));
    const chosen = await prompter.checkbox({
      key: 'participants',
      message: 'Who is taking part?',
      why,
      choices: [
        ...[...members, ...guests].map((name) => ({ name, value: name, checked: defaults.length === 0 || defaults.includes(name) })),
        { name: 'someone else…', value: SOMEONE_ELSE, checked: false },
      ],
    });
    if (!chosen.includes(SOMEONE_ELSE)) return chosen;
    const others = await prompter.input({ key: 'participants:others', message: 'Who else? (names, comma-separated)' });
    return [...chosen.filter((name) => name !== SOMEONE_ELSE), ...splitNames(others)];
  }
  return splitNames(await prompter.input({ key: 'participants', message: 'Who is taking part? (names, comma-separated)', why, default: defaults.join(', ') }));
}

/** A carried action as the team will judge it: its words, owner, due date, and whether it is late and since when it is open. */
function carriedAction(action: NewAction, today: string, from: string | undefined): string {
  const { since: _since, ...shown } = action;
  const words = formatAction(shown).slice(6);
  const late = action.due !== undefined && isDay(action.due) && action.due < today ? `overdue by ${plural(daysBetween(action.due, today), 'day')}` : undefined;
  const opened = action.since ?? from;
  return [words, late, opened ? `open since ${opened}` : undefined].filter(Boolean).join(' · ');
}


function splitNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

async function ask(question: Question, input: InterviewInput, result: InterviewResult, nameOf: (id: string) => string): Promise<AnswerValue | undefined> {
  const { prompter } = input;
  const previous = result.answers[question.id];
  const base = { key: question.id, message: question.prompt, why: question.why };
  switch (question.type) {
    case 'text': {
      const text = await prompter.input({
        ...base,
        required: question.required,
        ...(typeof previous === 'string' ? { default: previous } : {}),
      });
      return text.trim() === '' ? undefined : text.trim();
    }
    case 'list':
      return askList(question, input, result, nameOf);
    case 'scale': {
      const min = question.min ?? 1;
      const max = question.max ?? 5;
      const choices: Choice<number | undefined>[] = [];
      for (let n = max; n >= min; n--) choices.push({ name: String(n), value: n });
      if (!question.required) choices.push({ name: 'skip', value: undefined });
      // The cursor starts in the middle, not on the top score: a hurried Enter must not say "fully".
      const last = input.previousScores?.[question.id];
      return prompter.select<number | undefined>({
        ...base,
        message: `${question.prompt} (${min} = not at all, ${max} = fully${last !== undefined ? `; last time ${last}` : ''})`,
        choices,
        default: typeof previous === 'number' ? previous : Math.round((min + max) / 2),
      });
    }
    case 'number': {
      const text = await prompter.input({
        ...base,
        required: question.required,
        ...(typeof previous === 'number' ? { default: String(previous) } : {}),
        validate: (value) => {
          if (value.trim() === '') return question.required ? 'An answer is required' : true;
          const number = Number(value);
          if (!Number.isFinite(number)) return 'Enter a number';
          if (question.min !== undefined && number < question.min) return `At least ${question.min}`;
          if (question.max !== undefined && number > question.max) return `At most ${question.max}`;
          return true;
        },
      });
      return text.trim() === '' ? undefined : Number(text);
    }
    case 'select':
      return prompter.select({
        ...base,
        choices: (question.choices ?? []).map((choice) => ({ name: choice, value: choice })),
        ...(typeof previous === 'string' ? { default: previous } : {}),
      });
    case 'multiselect':
      return prompter.checkbox({
        ...base,
        choices: (question.choices ?? []).map((choice) => ({
          name: choice,
          value: choice,
          checked: Array.isArray(previous) && (previous as string[]).includes(choice),
        })),
      });
    case 'confirm':
      return prompter.confirm({ ...base, default: previous === true });
    case 'customers':
      return askCustomers(question, input, result, Array.isArray(previous) ? (previous as string[]) : []);
    case 'flags':
      return askFlags(question, input, result, nameOf, Array.isArray(previous) ? (previous as Flag[]) : []);
    case 'actions':
      return askActions(question, input, result, Array.isArray(previous) ? (previous as NewAction[]) : []);
  }
}

/**
 * An amend, item by item: keep (the default, so Enter through an amend changes nothing), edit or
 * remove each one given before. `edit` is absent for items that cannot be reworded (a customer).
 */
async function reviewItems<T>(prompter: Prompter, key: string, items: readonly T[], show: (item: T) => string, edit?: (item: T, index: number) => Promise<T>, keepGiven = false): Promise<T[]> {
  if (keepGiven) {
    for (const item of items) prompter.say(show(item));
    return [...items];
  }
  const kept: T[] = [];
  for (const [index, item] of items.entries()) {
    const choices: Choice<'keep' | 'edit' | 'remove'>[] = [{ name: 'keep', value: 'keep' }, ...(edit ? [{ name: 'edit', value: 'edit' as const }] : []), { name: 'remove', value: 'remove' }];
    const decision = await prompter.select({ key: `${key}:item:${index}`, message: `${show(item)}`, choices, default: 'keep' });
    if (decision === 'keep') kept.push(item);
    else if (decision === 'edit' && edit) kept.push(await edit(item, index));
  }
  return kept;
}

async function editText(prompter: Prompter, key: string, text: string): Promise<string> {
  const edited = await prompter.input({ key: `${key}:edit`, message: 'Edit:', default: text, required: true });
  return edited.trim();
}

async function askList(question: Question, input: InterviewInput, result: InterviewResult, nameOf: (id: string) => string): Promise<string[]> {
  const { prompter } = input;
  const previous = Array.isArray(result.answers[question.id]) ? (result.answers[question.id] as string[]) : [];
  if (previous.length > 0) prompter.say(`${question.prompt} So far:`);
  const items = await reviewItems(prompter, question.id, previous, (item) => `  ${item}`, (item, index) => editText(prompter, `${question.id}:${index}`, item), input.keepGiven);
  const hint = question.hint ? ` e.g. ${question.hint}` : '';
  if (question.byCustomer) {
    const talked = Array.isArray(result.answers.customers) ? (result.answers.customers as string[]) : [];
    if (previous.length === 0) prompter.say(question.prompt);
    // The hint is said once, before the first customer's words, not again for every customer.
    for (const [index, id] of talked.entries()) {
      const quotes = await prompter.list({ key: `${question.id}:${id}`, message: `${nameOf(id)}:`, ...(index === 0 ? { why: question.why + hint } : {}) });
      items.push(...quotes.map((quote) => `${nameOf(id)}: ${quote}`));
    }
    if (talked.length > 0) return items;
  }
  const more = await prompter.list({
    key: question.id,
    message: items.length === 0 ? question.prompt : 'Anything to add?',
    why: question.why + hint,
    required: question.required && items.length === 0,
  });
  return [...items, ...more];
}

const DONE = '\u0000done';
const ADD = '\u0000add:';
/** Several customers picked at once, by comma-separated search terms: `acm, glo`. */
const SEVERAL = '\u0000several:';

/** The customers comma-separated terms name, the first match of each, when every term matches one not yet chosen. */
function severalMatches(term: string, registry: readonly Customer[], exclude: readonly string[]): Customer[] | undefined {
  const terms = term.split(',').map((part) => part.trim().toLowerCase());
  if (terms.length < 2 || terms.some((part) => part === '')) return undefined;
  const picked: Customer[] = [];
  for (const part of terms) {
    const match = registry.find((customer) => !exclude.includes(customer.id) && !picked.includes(customer) && (customer.name.toLowerCase().includes(part) || customer.id.includes(part)));
    if (!match) return undefined;
    picked.push(match);
  }
  return picked;
}

async function chooseCustomer(
  prompter: Prompter,
  key: string,
  message: string,
  why: string | undefined,
  input: InterviewInput,
  result: InterviewResult,
  exclude: readonly string[],
  allowDone: boolean,
  allowSeveral = false,
): Promise<string | undefined> {
  const registry = () => [...input.customers, ...result.newCustomers];
  const picked = await prompter.search<string>({
    key,
    message,
    ...(why ? { why } : {}),
    source: (term) => {
      const needle = term.trim().toLowerCase();
      const several = allowSeveral ? severalMatches(term, registry(), exclude) : undefined;
      if (several) return [{ name: `✔ ${several.map((customer) => customer.name).join(', ')}`, value: `${SEVERAL}${several.map((customer) => customer.id).join(',')}` }];
      const choices: Choice<string>[] = registry()
        .filter((customer) => !exclude.includes(customer.id))
        .filter((customer) => !needle || customer.name.toLowerCase().includes(needle) || customer.id.includes(needle))
        .map((customer) => ({ name: customer.name, value: customer.id, ...(customer.segment ? { description: customer.segment } : {}) }));
      if (needle && !registry().some((customer) => customer.name.toLowerCase() === needle || customer.id === needle)) {
        choices.push({ name: `+ add new customer "${term.trim()}"`, value: `${ADD}${term.trim()}` });
      }
      // With nothing typed, Enter finishes; once the person types, their matches come first.
      const done = { name: exclude.length > 0 ? '✔ done' : '✔ none', value: DONE };
      if (allowDone) {
        if (needle) choices.push(done);
        else choices.unshift(done);
      }
      return choices;
    },
  });
  if (picked === DONE) return undefined;
  if (!picked.startsWith(ADD)) return picked;
  const name = picked.slice(ADD.length);
  const id = await prompter.input({
    key: `${key}:new-id`,
    message: `Id for ${name} (lowercase, used in files)`,
    default: slugify(name),
    validate: (value) => {
      const problem = slugProblem(value);
      if (problem) return `The id ${problem}`;
      return registry().some((customer) => customer.id === value) ? `${value} is already a customer` : true;
    },
  });
  result.newCustomers.push({ id, name });
  return id;
}

async function askCustomers(question: Question, input: InterviewInput, result: InterviewResult, previous: string[]): Promise<string[]> {
  const name = (id: string) => customerName([...input.customers, ...result.newCustomers], id);
  if (previous.length > 0) input.prompter.say(`${question.prompt} So far:`);
  const chosen = await reviewItems(input.prompter, question.id, previous, (id) => `  ${name(id)}`, undefined, input.keepGiven);
  for (let first = true; ; first = false) {
    const id = await chooseCustomer(
      input.prompter,
      question.id,
      first && chosen.length === 0 ? `${question.prompt} (type to search; several at once: acm, glo)` : 'Another customer? (type to search)',
      first ? question.why : undefined,
      input,
      result,
      chosen,
      !(question.required && chosen.length === 0),
      true,
    );
    if (id === undefined) return chosen;
    // Several named at once: that is the list, nothing more to ask.
    if (id.startsWith(SEVERAL)) return [...chosen, ...id.slice(SEVERAL.length).split(',')];
    chosen.push(id);
  }
}

async function askFlags(question: Question, input: InterviewInput, result: InterviewResult, nameOf: (id: string) => string, previous: Flag[]): Promise<Flag[]> {
  const { prompter } = input;
  if (previous.length > 0) prompter.say(`${question.prompt} So far:`);
  const flags = await reviewItems(
    prompter,
    'flags',
    previous,
    (flag) => `  ${nameOf(flag.customer)}: ${flag.reason}`,
    async (flag) => ({ ...flag, reason: await editText(prompter, `flags:reason:${flag.customer}`, flag.reason) }),
    input.keepGiven,
  );
  // One question a prompt: the customer (Enter: none), then why.
  const besides = input.open.flags.length > 0 || flags.length > 0 ? ', besides those above' : '';
  for (let first = true; ; first = false) {
    const customer = await chooseCustomer(
      prompter,
      'flags:customer',
      first ? `${question.prompt.replace(/, and why\?$/, '')}${besides}? (type to search; Enter: none)` : 'Another customer not receiving value? (Enter: no more)',
      first ? question.why : undefined,
      input,
      result,
      [...flags.map((flag) => flag.customer), ...input.open.flags.map((flag) => flag.customer)],
      true,
    );
    if (customer === undefined) return flags;
    const reason = await prompter.input({ key: `flags:reason:${customer}`, message: `Why is ${nameOf(customer)} not receiving value?`, required: true });
    flags.push({ customer, reason: reason.trim(), since: '' });
  }
}

async function askActions(question: Question, input: InterviewInput, result: InterviewResult, previous: NewAction[]): Promise<NewAction[]> {
  const { prompter } = input;
  if (previous.length > 0) prompter.say(`${question.prompt} So far:`);
  const actions = await reviewItems(
    prompter,
    question.id,
    previous,
    (action) => `  ${formatAction(action)}`,
    async (action, index) => ({ ...action, ...parseActionText(await editText(prompter, `${question.id}:${index}`, formatAction(action).slice(6))) }),
    input.keepGiven,
  );
  const nextWeek = addDaysTo(input.today, 7);
  const lines = await prompter.list({
    key: question.id,
    message: actions.length === 0 ? question.prompt : 'Any new action?',
    why: `${question.why} Tip: @owner, due:YYYY-MM-DD and #tags can go inline.`,
  });
  // Each action gets an owner and a date: asked after the list, only for those the line left without.
  for (const text of lines) {
    const action: NewAction = { ...parseActionText(text), state: 'open' };
    if (!action.owner) {
      const owner = await prompter.input({
        key: `${question.id}:owner`,
        message: `Owner of "${action.title}"?`,
        ...(result.participants[0] ? { default: result.participants[0] } : {}),
      });
      if (owner.trim()) action.owner = owner.trim().replace(/^@/, '');
    }
    if (!action.due) {
      action.due = await prompter.input({
        key: `${question.id}:due`,
        message: `Due date of "${action.title}" (YYYY-MM-DD)?`,
        default: nextWeek,
        validate: (value) => (isDay(value.trim()) ? true : 'Use a date like 2026-12-01'),
      });
      action.due = action.due.trim();
    }
    actions.push(action);
  }
  return actions;
}
