import type { Action } from '../core/markdown.js';
import type { Flag, ResolvedFlag, Review } from '../core/review.js';
import { ROLLUP_SECTIONS, type StringPool } from './read-review.js';

/**
 * A review kept for a rollup, packed into one string, and the Review that unpacks it when it is
 * first looked into. Reader threads (review-worker.ts) pack what they parsed and hand the packed
 * reviews over as bytes; the main thread keeps the bytes and unpacks only the reviews a rollup
 * looks into: a rollup of one year out of five looks at the period of every review and into one
 * review in five. Handing the parsed objects themselves from thread to thread costs the main
 * thread about as much as parsing the files (measured: bench/), and 50,000 reviews as objects
 * take several times the memory of their packing; kept as bytes outside the JavaScript heap, the
 * packings cost the garbage collector nothing.
 *
 * The packing is a list of fields separated by NUL, which no review holds (a file with a NUL
 * is refused as binary). It starts with the ritual, the period and the team, which the main
 * thread reads at once.
 */
const SEPARATOR = '\u0000';

export function packReview(review: Review): string {
  const fields: string[] = [review.ritual, review.period, review.team ?? '', review.date, String(review.bodyLine)];
  const list = (items: readonly string[]) => {
    fields.push(String(items.length));
    for (const item of items) fields.push(item);
  };
  const optional = (text: string | undefined) => fields.push(text === undefined ? '-' : `+${text}`);
  list(review.participants);
  list(review.customers);
  fields.push(String(review.flags.length));
  for (const flag of review.flags) fields.push(flag.customer, flag.reason, flag.since);
  fields.push(String(review.resolved.length));
  for (const flag of review.resolved) {
    fields.push(flag.customer, flag.since);
    optional(flag.reason);
    optional(flag.note);
  }
  const scores = Object.entries(review.scores);
  fields.push(String(scores.length));
  for (const [id, value] of scores) fields.push(id, Object.is(value, -0) ? '-0' : String(value));
  for (const id of ROLLUP_SECTIONS) optional(review.sections[id]);
  fields.push(String(review.actions.length));
  for (const action of review.actions) {
    fields.push(action.state, action.title, action.owner ?? '', action.due ?? '', action.since ?? '', action.section ?? '', String(action.lineIndex));
    list(action.tags);
  }
  return fields.join(SEPARATOR);
}

/** Everything else, unpacked on first use. */
type Body = Pick<Review, 'date' | 'participants' | 'customers' | 'flags' | 'resolved' | 'scores' | 'answers' | 'sections' | 'actions' | 'bodyLine' | 'data'>;

/** The body of a packed review; its text goes through `strings`, so that it holds no view into `packed`. */
function unpackBody(packed: string, strings: StringPool): Body {
  const fields = packed.split(SEPARATOR);
  let at = 3;
  const next = () => strings.keep(fields[at++]!);
  const number = () => Number(fields[at++]);
  const count = number;
  const list = () => {
    const items: string[] = [];
    for (let n = count(); n > 0; n--) items.push(next());
    return items;
  };
  const optional = (long = false) => {
    const field = fields[at++]!;
    if (field === '-') return undefined;
    return long ? strings.copy(field.slice(1)) : strings.keep(field.slice(1));
  };
  const date = next();
  const bodyLine = number();
  const participants = list();
  const customers = list();
  const flags: Flag[] = [];
  for (let n = count(); n > 0; n--) flags.push({ customer: next(), reason: next(), since: next() });
  const resolved: ResolvedFlag[] = [];
  for (let n = count(); n > 0; n--) {
    const flag: ResolvedFlag = { customer: next(), since: next() };
    const reason = optional();
    const note = optional();
    if (reason !== undefined) flag.reason = reason;
    if (note !== undefined) flag.note = note;
    resolved.push(flag);
  }
  const scores: Record<string, number> = {};
  for (let n = count(); n > 0; n--) {
    const id = next();
    scores[id] = number();
  }
  const sections: Record<string, string> = {};
  for (const id of ROLLUP_SECTIONS) {
    const content = optional(true);
    if (content !== undefined) sections[id] = content;
  }
  const actions: Action[] = [];
  for (let n = count(); n > 0; n--) {
    const state = next() as Action['state'];
    const title = next();
    const owner = next();
    const due = next();
    const since = next();
    const section = next();
    const lineIndex = number();
    // The keys in the order findActions gives them.
    const action = { title, tags: list() } as Action;
    if (owner) action.owner = owner;
    if (due) action.due = due;
    if (since) action.since = since;
    action.state = state;
    action.lineIndex = lineIndex;
    if (section) action.section = section;
    actions.push(action);
  }
  return { date, participants, customers, flags, resolved, scores, answers: {}, sections, actions, bodyLine, data: {} };
}

/** A packing as UTF-8 bytes[start, end) of a buffer shared by a batch of reviews, and its head. */
export interface PackedBytes {
  bytes: Buffer;
  start: number;
  end: number;
  /** The ritual, period and team fields of the packing. */
  head: string;
}

/** The head of a packing: its first three fields (ritual, period, team), read at once by the main thread. */
export function headOf(packed: string): string {
  const first = packed.indexOf(SEPARATOR);
  const second = packed.indexOf(SEPARATOR, first + 1);
  const third = packed.indexOf(SEPARATOR, second + 1);
  return packed.slice(0, third);
}

/**
 * A Review read from its packing: the file, ritual, period and team at once (every rollup reads
 * them of every review), the rest unpacked on first use. Its fields read and write like those of
 * the plain object readReview gives, and JSON.stringify gives the same text; it is not a plain
 * object, so spreading it or cloning it gives the head alone: read its fields instead.
 */
export class PackedReview implements Review {
  readonly file: string;
  ritual: string;
  period: string;
  declare team?: string;
  /** A review kept for a rollup has no key lines (read-review.ts forRollup). */
  declare keyLines?: Record<string, number>;
  #packed: string | PackedBytes | undefined;
  #body: Body | undefined;
  readonly #strings: StringPool;

  /**
   * A review from its packing, as a string or as UTF-8 bytes with the packing's head (its first
   * three fields) as a string. `strings` keeps one copy of the ritual, period and team names that
   * thousands of reviews share, and of whatever else repeats once unpacked.
   */
  constructor(file: string, packed: string | PackedBytes, strings: StringPool) {
    const head = typeof packed === 'string' ? packed : packed.head;
    const first = head.indexOf(SEPARATOR);
    const second = head.indexOf(SEPARATOR, first + 1);
    let third = head.indexOf(SEPARATOR, second + 1);
    if (third === -1) third = head.length;
    this.file = file;
    this.ritual = strings.keep(head.slice(0, first));
    this.period = strings.keep(head.slice(first + 1, second));
    if (third > second + 1) this.team = strings.keep(head.slice(second + 1, third));
    this.#packed = packed;
    this.#strings = strings;
  }

  #unpacked(): Body {
    if (this.#body === undefined) {
      const packed = this.#packed!;
      this.#body = unpackBody(typeof packed === 'string' ? packed : packed.bytes.toString('utf8', packed.start, packed.end), this.#strings);
      this.#packed = undefined;
    }
    return this.#body;
  }

  get date() {
    return this.#unpacked().date;
  }
  set date(value) {
    this.#unpacked().date = value;
  }
  get participants() {
    return this.#unpacked().participants;
  }
  set participants(value) {
    this.#unpacked().participants = value;
  }
  get customers() {
    return this.#unpacked().customers;
  }
  set customers(value) {
    this.#unpacked().customers = value;
  }
  get flags() {
    return this.#unpacked().flags;
  }
  set flags(value) {
    this.#unpacked().flags = value;
  }
  get resolved() {
    return this.#unpacked().resolved;
  }
  set resolved(value) {
    this.#unpacked().resolved = value;
  }
  get scores() {
    return this.#unpacked().scores;
  }
  set scores(value) {
    this.#unpacked().scores = value;
  }
  get answers() {
    return this.#unpacked().answers;
  }
  set answers(value) {
    this.#unpacked().answers = value;
  }
  get sections() {
    return this.#unpacked().sections;
  }
  set sections(value) {
    this.#unpacked().sections = value;
  }
  get actions() {
    return this.#unpacked().actions;
  }
  set actions(value) {
    this.#unpacked().actions = value;
  }
  get bodyLine() {
    return this.#unpacked().bodyLine;
  }
  set bodyLine(value) {
    this.#unpacked().bodyLine = value;
  }
  get data() {
    return this.#unpacked().data;
  }
  set data(value) {
    this.#unpacked().data = value;
  }

  /** The plain review, with its keys in the order forRollup gives them. */
  toJSON(): Review {
    const body = this.#unpacked();
    const plain: Review = {
      file: this.file,
      ritual: this.ritual,
      period: this.period,
      date: body.date,
      participants: body.participants,
      customers: body.customers,
      flags: body.flags,
      resolved: body.resolved,
      scores: body.scores,
      answers: body.answers,
      sections: body.sections,
      actions: body.actions,
      bodyLine: body.bodyLine,
      data: body.data,
    };
    if (this.team !== undefined) plain.team = this.team;
    return plain;
  }
}
