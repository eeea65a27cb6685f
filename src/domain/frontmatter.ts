import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, YAMLError } from 'yaml';

/**
 * Front matter is YAML and only YAML. We split it off ourselves instead of handing the text
 * to gray-matter, which evaluates `---js` front matter, caches every file it has seen and
 * silently treats an unclosed block as all-YAML (DESIGN §6).
 */
export interface SplitFile {
  /** The YAML between the fences, or null when the file has no front matter. */
  yaml: string | null;
  /** 1-based line of the first YAML line, for error positions. */
  yamlLine: number;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** A non-YAML fence such as `---js`, reported rather than evaluated. */
  language?: string;
}

export const MAX_FRONT_MATTER_BYTES = 64 * 1024;
const MAX_ALIASES = 50;

export class FrontMatterError extends Error {
  override name = 'FrontMatterError';
  constructor(
    message: string,
    readonly line: number,
    readonly col?: number,
  ) {
    super(message);
  }
}

/** BOM and CRLF come from Windows editors; YAML would keep a stray `\r` in every value. */
export function normaliseText(text: string): string {
  const bare = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return bare.includes('\r') ? bare.replace(/\r\n?/g, '\n') : bare;
}

/**
 * `text` (LF line ends, no byte order mark, as rhythm writes) in the style of `original`: with its
 * byte order mark, and with CRLF when its first line ends so. Amending a file saved by a Windows
 * editor then changes the lines that changed, not every line (git would show all of it rewritten).
 */
export function inStyleOf(original: string, text: string): string {
  const mark = original.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const firstEnd = original.indexOf('\n');
  const crlf = firstEnd > 0 && original[firstEnd - 1] === '\r';
  return mark + (crlf ? text.replace(/\r?\n/g, '\r\n') : text);
}

export function splitFrontMatter(raw: string): SplitFile {
  const text = normaliseText(raw);
  const opening = /^---([A-Za-z]*)[ \t]*\n/.exec(text);
  if (!opening) {
    if (/^---[ \t]*$/.test(text)) throw new FrontMatterError('front matter is opened with --- but never closed', 1);
    return { yaml: null, yamlLine: 1, body: text, bodyLine: 1 };
  }
  const language = opening[1]?.toLowerCase() ?? '';
  const closing = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(opening[0].length);
  // The closing fence may also be the very first line of `rest` (empty front matter).
  const match = closing.exec(rest);
  if (!match) {
    throw new FrontMatterError('front matter is opened with --- but never closed: add a line with --- after it', 1);
  }
  const yaml = rest.slice(0, match.index);
  let body = rest.slice(match.index + match[0].length);
  if (body.startsWith('\n')) body = body.slice(1);
  const bodyLine = 2 + countLines(yaml) + 1;
  const split: SplitFile = { yaml, yamlLine: 2, body, bodyLine };
  if (language && language !== 'yaml' && language !== 'yml') split.language = language;
  return split;
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Parse front matter YAML safely: core schema (dates stay strings), no custom tags,
 * bounded aliases, unique keys, bounded size. Errors carry file lines, not YAML lines.
 * `maxBytes` lets whole YAML files (the customer registry) have a larger bound than front matter.
 */
export function parseFrontMatterYaml(yaml: string, firstLine: number, maxBytes: number = MAX_FRONT_MATTER_BYTES): Record<string, unknown> {
  if (Buffer.byteLength(yaml) > maxBytes) {
    throw new FrontMatterError(`front matter is larger than ${Math.round(maxBytes / 1024)} KB: move long text into the body`, firstLine);
  }
  const doc = parseFrontMatterDocument(yaml, firstLine);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new FrontMatterError(`front matter uses too many YAML aliases (${(error as Error).message})`, firstLine);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('front matter must be a set of `key: value` lines', firstLine);
  }
  return data as Record<string, unknown>;
}

/**
 * The same verdict and the same values as parseFrontMatterYaml, faster: the precise parser is the
 * reference for what front matter means and whether it is valid at all. The line reader below
 * answers only for a subset of YAML where it gives exactly what the yaml package gives; for
 * anything else the yaml package decides, so a file that `check` passes is one that `--amend`
 * (which edits through the yaml package's document) can edit. Differential tests hold the two
 * together (tests/domain/yaml-verdict.property.test.ts).
 */
export function parseFrontMatterFast(yaml: string, firstLine: number, maxBytes: number = MAX_FRONT_MATTER_BYTES): Record<string, unknown> {
  // Text that might be over the bound in bytes goes where the bound is checked.
  if (yaml.length <= maxBytes / 4) {
    const simple = parseSimpleFrontMatter(yaml);
    if (simple !== undefined) return simple;
  }
  return parseFrontMatterYaml(yaml, firstLine, maxBytes);
}

// ---------------------------------------------------------------------------------------------
// The front matter people and rhythm write, without a YAML parser

/** A plain key; YAML ends an implicit key within 1,024 characters, so a longer one is left to the yaml package to refuse. */
const SIMPLE_KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,999}):(?: +|$)/;
/**
 * A plain scalar that YAML reads as this very string: it starts with a letter, digit or one of
 * `_ / ( .` (no indicator), has no `:` or `#` (no pair, no comment), and only printable characters.
 */
const SIMPLE_TEXT = /^[A-Za-z0-9_/(.][\x20-\x22\x24-\x39\x3b-\x7e\u00a1-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2bff\u3001-\ud7ff]*$/;
/** A character of a quoted scalar that stands for itself (quotes and backslashes are handled apart). */
const QUOTED_CHAR = /[\x20-\x7e\u00a1-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2bff\u3001-\ud7ff]/;

/** Whether the line reader takes a character as itself, in plain text and in quotes (the characters SIMPLE_TEXT and QUOTED_CHAR share past ASCII). */
export function standsForItself(character: string): boolean {
  return QUOTED_CHAR.test(character);
}
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Text of the subset's characters that the core schema reads as a number (other than the short integers read here): left to the yaml package. */
const RESOLVES = /^(?:(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/**
 * The keys rhythm writes, each as one string: a key sliced from a line is a new string, which V8
 * looks up in its table of names on every store and read of it (6% of reading front matter).
 */
const KNOWN_KEYS = new Map(
  ['rhythm', 'ritual', 'period', 'team', 'date', 'status', 'reason', 'participants', 'customers', 'flags', 'resolved', 'scores', 'answers', 'customer', 'since', 'note'].map((key) => [key, key]),
);
/** Keys of the subset that YAML reads as something other than text, and the key JavaScript objects treat apart: left to the yaml package. */
const KEY_WORDS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);
/** Tabs, control characters, a BOM and the line separators of YAML 1.1: where YAML's rules are subtle, the yaml package decides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** What may follow a complete value on its line: nothing, or blanks and a comment. */
const LINE_END = /^(?: +(?:#.*)?)?$/;
/** Deeper than any front matter needs; beyond it the yaml package (which bounds its own depth) decides. */
const MAX_DEPTH = 16;

/** A line of front matter that holds data: its indentation in spaces and the text after it. */
interface DataLine {
  indent: number;
  text: string;
}

/**
 * Front matter in block style: maps and lists nested by indentation, single-line values (plain
 * text, short integers, true/false/null, single- or double-quoted text, `[a, b]` lists), comments
 * and blank lines. A review's front matter is read for every file of every rollup, and this is
 * several times faster than a YAML parser. Anything outside that subset (flow maps, multi-line
 * values, anchors, tags, tabs, other numbers, a comment glued to a value, a duplicate key)
 * returns undefined, and the yaml package decides, so both accept and refuse the same texts.
 */
export function parseSimpleFrontMatter(yaml: string): Record<string, unknown> | undefined {
  if (UNUSUAL.test(yaml)) return undefined;
  const lines: DataLine[] = [];
  for (let start = 0; start <= yaml.length; ) {
    let end = yaml.indexOf('\n', start);
    if (end === -1) end = yaml.length;
    let indent = start;
    while (yaml.charCodeAt(indent) === 32 /* space */) indent++;
    // Blank lines and comment lines hold no data anywhere in block style.
    if (indent < end && yaml.charCodeAt(indent) !== 35 /* # */) lines.push({ indent: indent - start, text: yaml.slice(indent, end) });
    start = end + 1;
  }
  if (lines.length === 0) return {};
  if (lines[0]!.indent !== 0) return undefined;
  const reader = new BlockReader(lines);
  const data = reader.mapping(0, 0);
  return reader.index === lines.length ? data : undefined;
}

/** Reads nested blocks from `index` on; every method returns undefined for anything outside the subset. */
class BlockReader {
  index = 0;
  constructor(private readonly lines: DataLine[]) {}

  mapping(indent: number, depth: number): Record<string, unknown> | undefined {
    const map: Record<string, unknown> = {};
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent < indent) break;
      if (line.indent > indent) return undefined;
      const key = SIMPLE_KEY.exec(line.text);
      if (!key || KEY_WORDS.has(key[1]!)) return undefined;
      this.index++;
      const rest = line.text.slice(key[0].length);
      const value = rest === '' || rest.charCodeAt(0) === 35 /* # */ ? this.nested(indent, depth) : inlineValue(rest);
      if (value === undefined || !setOnce(map, KNOWN_KEYS.get(key[1]!) ?? key[1]!, value)) return undefined;
    }
    return map;
  }

  /** The items `- …` at `indent`; an item that is a map starts on the dash's line, two columns in. */
  sequence(indent: number, depth: number): unknown[] | undefined {
    const list: unknown[] = [];
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !line.text.startsWith('- ')) return undefined;
      const rest = line.text.slice(2);
      const first = rest.charCodeAt(0);
      if (rest === '' || first === 32 /* space */ || first === 35 /* # */) return undefined;
      let item: unknown;
      if (rest.startsWith('- ') || SIMPLE_KEY.test(rest)) {
        this.lines[this.index] = { indent: indent + 2, text: rest };
        item = this.block(indent + 2, depth + 1);
      } else {
        item = inlineValue(rest);
        this.index++;
      }
      if (item === undefined) return undefined;
      list.push(item);
    }
    return list;
  }

  /** The value of `key:` with nothing after it: the block indented below it, or null. */
  private nested(indent: number, depth: number): unknown {
    const next = this.lines[this.index];
    if (next === undefined || next.indent < indent) return null;
    // A list at the key's own indentation is YAML too, but rare enough to leave to the yaml package.
    if (next.indent === indent) return next.text.startsWith('- ') || next.text === '-' ? undefined : null;
    return this.block(next.indent, depth + 1);
  }

  private block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    const text = this.lines[this.index]!.text;
    return text.startsWith('- ') || text === '-' ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }
}

/** A value on the rest of a `key: ` or `- ` line, with any comment after it. */
function inlineValue(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 34 /* " */ || first === 39 /* ' */) {
    const quoted = quotedScalar(text, 0);
    return quoted && LINE_END.test(text.slice(quoted.end)) ? quoted.value : undefined;
  }
  if (first === 91 /* [ */) {
    const list = flowList(text);
    return list && LINE_END.test(text.slice(list.end)) ? list.value : undefined;
  }
  if (first === 123 /* { */) {
    const map = flowMap(text);
    return map && LINE_END.test(text.slice(map.end)) ? map.value : undefined;
  }
  const comment = text.indexOf(' #');
  return plainScalar(withoutTrailingSpaces(comment === -1 ? text : text.slice(0, comment)), false);
}

/**
 * YAML ends a plain scalar before its trailing spaces (and tabs, which the subset has none of), and
 * no other character: `trimEnd` would take a no-break or an ideographic space off as well, which
 * YAML keeps (`reason: sync fails\u00a0` is `sync fails\u00a0`).
 */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A plain scalar of the subset: a short decimal integer, true, false, null or a string; undefined for anything else. */
function plainScalar(text: string, inFlow: boolean): string | number | boolean | null | undefined {
  if (SIMPLE_INT.test(text)) return Number(text);
  switch (text) {
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case 'null':
    case 'Null':
    case 'NULL':
    case '~':
      return null;
  }
  if (!SIMPLE_TEXT.test(text)) return undefined;
  // Only text starting with a digit or a dot can be a number; the words YAML reads are read above.
  const first = text.charCodeAt(0);
  if ((first === 46 /* . */ || (first >= 48 && first <= 57)) && RESOLVES.test(text)) return undefined;
  // YAML trims the blanks around a plain scalar in a flow list: `[a , b]` is left to it.
  if (inFlow && (/[[\]{},]/.test(text) || text.endsWith(' '))) return undefined;
  return text;
}

/** A quoted scalar starting at `start`, on one line; `\"` and `\\` are the only escapes read here. */
function quotedScalar(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  let value = '';
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === quote) {
      if (quote === "'" && text[index + 1] === "'") {
        value += "'";
        index++;
        continue;
      }
      return { value, end: index + 1 };
    }
    if (char === '\\' && quote === '"') {
      const escaped = text[++index];
      if (escaped !== '"' && escaped !== '\\') return undefined;
      value += escaped;
    } else if (QUOTED_CHAR.test(char)) value += char;
    else return undefined;
  }
  return undefined;
}

/** `[a, b]` on one line: items plain or quoted, separated by a comma and one space. */
function flowList(text: string): { value: unknown[]; end: number } | undefined {
  const items: unknown[] = [];
  if (text.startsWith('[]')) return { value: items, end: 2 };
  for (let index = 1; ; ) {
    let item: unknown;
    const first = text.charCodeAt(index);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const quoted = quotedScalar(text, index);
      if (!quoted) return undefined;
      item = quoted.value;
      index = quoted.end;
    } else {
      let end = index;
      while (end < text.length && text[end] !== ',' && text[end] !== ']') end++;
      item = plainScalar(text.slice(index, end), true);
      index = end;
    }
    if (item === undefined) return undefined;
    items.push(item);
    if (text[index] === ']') return { value: items, end: index + 1 };
    if (text[index] !== ',' || text[index + 1] !== ' ' || text[index + 2] === ' ') return undefined;
    index += 2;
  }
}

/** A plain key inside a flow map, followed by `: `. */
const FLOW_KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,99}): (?! )/;

/**
 * `{ id: emea, name: EMEA Customer Success, members: [ana, bo] }` on one line, as a long list of
 * teams is written: keys plain, values plain, quoted or `[a, b]` lists, pairs separated by a comma
 * and one space, inside `{` and `}` or `{ ` and ` }`. Nested maps and anything else: undefined.
 */
function flowMap(text: string): { value: Record<string, unknown>; end: number } | undefined {
  const map: Record<string, unknown> = {};
  if (text.startsWith('{}')) return { value: map, end: 2 };
  const spaced = text.charCodeAt(1) === 32; /* space */
  const close = spaced ? ' }' : '}';
  for (let index = spaced ? 2 : 1; ; ) {
    const key = FLOW_KEY.exec(text.slice(index));
    if (!key || KEY_WORDS.has(key[1]!)) return undefined;
    index += key[0].length;
    let value: unknown;
    const first = text.charCodeAt(index);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const quoted = quotedScalar(text, index);
      if (!quoted) return undefined;
      value = quoted.value;
      index = quoted.end;
    } else if (first === 91 /* [ */) {
      const list = flowList(text.slice(index));
      if (!list) return undefined;
      value = list.value;
      index += list.end;
    } else {
      let end = index;
      while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
      if (spaced && text[end] === '}') end--;
      value = plainScalar(text.slice(index, end), true);
      index = end;
    }
    if (value === undefined || !setOnce(map, key[1]!, value)) return undefined;
    if (text.startsWith(close, index)) return { value: map, end: index + close.length };
    if (text[index] !== ',' || text[index + 1] !== ' ' || text[index + 2] === ' ') return undefined;
    index += 2;
  }
}

function setOnce(target: Record<string, unknown>, key: string, value: unknown): boolean {
  if (Object.hasOwn(target, key)) return false;
  target[key] = value;
  return true;
}

/**
 * The yaml package, loaded on first use (45 ms here): a valid workbook is read by the line reader
 * alone, so `check`, `report` and `status` load it only for a file outside its subset or with a
 * problem to place.
 */
let yamlModule: typeof Yaml | undefined;
export function yamlPackage(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

/**
 * A document as YAML text that reads back as the values it holds. The yaml package writes text of
 * several lines as a block scalar, and one with a line of blanks alone, or a first line starting
 * with a blank, does not read back as written: `"  \n\n"` comes back as `"\n\n"`, and
 * `" \n\t\n"` as YAML that does not parse. Such text is written double-quoted, which holds any.
 */
export function yamlText(doc: Document, options: { flowCollectionPadding?: boolean } = {}): string {
  yamlPackage().visit(doc, {
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && scalar.value.includes('\n') && BLANK_LINES.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  // Double-quoted text on one line, its line ends escaped: folded over several lines, a text of
  // 40 characters or more ending `"…\n\n \n\n"` was written so that it read back with a backslash.
  return doc.toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER, ...options });
}

/** A first line starting with a blank, or a line of blanks alone (see yamlText). */
const BLANK_LINES = /^[ \t]|(?:^|\n)[ \t]+(?:\n|$)/;

export function parseFrontMatterDocument(yaml: string, firstLine: number): Document {
  // resolveKnownTags: false refuses the YAML 1.1 tags yaml would otherwise honour in the core
  // schema (`!!timestamp` → Date, `!!binary` → Buffer, `!!set` → Set, `!!omap` → Map).
  const doc = yamlPackage().parseDocument(yaml, { schema: 'core', uniqueKeys: true, strict: true, resolveKnownTags: false });
  const problem: YAMLError | undefined = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const position = problem.linePos?.[0];
    const line = firstLine + (position ? position.line - 1 : 0);
    throw new FrontMatterError(describeYamlError(problem), line, position?.col);
  }
  if (doc.contents !== null && !yamlPackage().isMap(doc.contents)) {
    throw new FrontMatterError('front matter must be a set of `key: value` lines', firstLine);
  }
  return doc;
}

function describeYamlError(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  const clean = first.replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return `duplicate key in front matter: keep one (${clean})`;
    case 'TAG_RESOLVE_FAILED':
      return `custom YAML tags are not allowed in front matter (${clean})`;
    case 'TAB_AS_INDENT':
      return 'tabs cannot indent YAML: indent front matter with spaces';
    default:
      return `front matter is not valid YAML: ${clean}`;
  }
}
