import type * as JsYaml from 'js-yaml';
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
 * The same result as parseFrontMatterYaml, faster: js-yaml's core schema parses small front
 * matter about ten times faster than the yaml package, which decides how long a rollup of
 * tens of thousands of files takes. Anything unusual (tags, anchors,
 * aliases, a parse error, duplicate keys) goes through the precise path, which also gives
 * the error its line and column.
 */
export function parseFrontMatterFast(yaml: string, firstLine: number, maxBytes: number = MAX_FRONT_MATTER_BYTES): Record<string, unknown> {
  // Text that might be over the bound in bytes goes where the bound is checked.
  if (yaml.length > maxBytes / 4) return parseFrontMatterYaml(yaml, firstLine, maxBytes);
  const simple = parseSimpleFrontMatter(yaml);
  if (simple !== undefined) return simple;
  // Where js-yaml and YAML 1.2 core differ (0b101 is a number to js-yaml, a string to YAML 1.2;
  // `-0`; `1e999`, text to js-yaml; `? ` complex keys; a null key, `null` to js-yaml and `` to
  // yaml), the precise path decides. Differential tests guard this list.
  if (/[!&*]|<<|0b[01]|-0(?![\d.xob])|\d[eE][+-]?\d{3}|^\s*\?|(?:^|[\s{,[])(?:~|null|Null|NULL)\s*:/m.test(yaml) || hasMultiLineQuote(yaml)) {
    return parseFrontMatterYaml(yaml, firstLine, maxBytes);
  }
  let data: unknown;
  try {
    const jsYaml = loadJsYaml();
    data = jsYaml.load(yaml, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return parseFrontMatterYaml(yaml, firstLine, maxBytes);
  }
  if (data === undefined) return {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return parseFrontMatterYaml(yaml, firstLine, maxBytes);
  return data as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The simplest front matter, as rhythm writes it, without a YAML parser

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/**
 * A plain scalar that YAML reads as this very string: it starts with a letter or digit (no
 * indicator), has no `:` or `#` (no pair, no comment), and only printable characters.
 */
const SIMPLE_TEXT = /^[A-Za-z0-9_/(][\x20-\x22\x24-\x39\x3b-\x7e\u00a1-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2bff\u3001-\ud7ff]*$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Plain scalars the core schema reads as something other than a string: left to the parsers. */
const RESOLVES = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** A scalar of the simple subset: a short decimal integer or a plain string; undefined for anything else. */
function simpleScalar(text: string, inFlow: boolean): string | number | undefined {
  if (SIMPLE_INT.test(text)) return Number(text);
  if (!SIMPLE_TEXT.test(text) || text.endsWith(' ') || RESOLVES.test(text)) return undefined;
  if (inFlow && /[[\]{},]/.test(text)) return undefined;
  return text;
}

function simpleFlowList(text: string): (string | number)[] | undefined {
  if (!text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1);
  if (inner === '') return [];
  const items: (string | number)[] = [];
  for (const part of inner.split(', ')) {
    const item = simpleScalar(part, true);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items;
}

/** `key: value` with a simple key, the value as written (possibly empty); undefined if not that shape. */
function simplePair(line: string, indent: number): [string, string] | undefined {
  const colon = line.indexOf(':', indent);
  if (colon === -1) return undefined;
  const key = line.slice(indent, colon);
  if (!SIMPLE_KEY.test(key) || key === '__proto__' || RESOLVES.test(key)) return undefined;
  if (colon === line.length - 1) return [key, ''];
  if (line.charCodeAt(colon + 1) !== 32 /* space */ || line.charCodeAt(colon + 2) === 32) return undefined;
  return [key, line.slice(colon + 2)];
}

function simpleValue(text: string): unknown {
  return text.charCodeAt(0) === 91 /* [ */ ? simpleFlowList(text) : simpleScalar(text, false);
}

function setOnce(target: Record<string, unknown>, key: string, value: unknown): boolean {
  if (Object.prototype.hasOwnProperty.call(target, key)) return false;
  target[key] = value;
  return true;
}

/**
 * Front matter as rhythm writes it (`key: scalar`, `key: [a, b]`, a map of scalars indented by
 * two, a list of such maps as `  - key: value`), read line by line: a review's front matter is
 * read for every file of every rollup, and this is several times faster than a YAML parser.
 * Anything outside that subset (quotes, comments, blank lines, numbers other than short
 * integers, words YAML reads as null or true, other indentation) returns undefined, and the
 * YAML parsers decide. Differential tests check it gives exactly what the precise parser gives.
 */
export function parseSimpleFrontMatter(yaml: string): Record<string, unknown> | undefined {
  const lines = yaml.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const data: Record<string, unknown> = {};
  let index = 0;
  while (index < lines.length) {
    const pair = simplePair(lines[index]!, 0);
    if (!pair) return undefined;
    const [key, text] = pair;
    index++;
    if (text !== '') {
      const value = simpleValue(text);
      if (value === undefined || !setOnce(data, key, value)) return undefined;
      continue;
    }
    // `key:` alone: a nested block, or null when nothing indented follows.
    const next = lines[index];
    if (next === undefined || !next.startsWith('  ')) {
      if (!setOnce(data, key, null)) return undefined;
      continue;
    }
    let value: unknown;
    if (next.startsWith('  - ')) {
      const list: Record<string, unknown>[] = [];
      while (index < lines.length && lines[index]!.startsWith('  - ')) {
        const item: Record<string, unknown> = {};
        const first = simplePair(lines[index]!, 4);
        if (!first || first[1] === '') return undefined;
        const firstValue = simpleScalar(first[1], false);
        if (firstValue === undefined) return undefined;
        item[first[0]] = firstValue;
        index++;
        while (index < lines.length && lines[index]!.startsWith('    ')) {
          const entry = simplePair(lines[index]!, 4);
          if (!entry || entry[1] === '') return undefined;
          const entryValue = simpleScalar(entry[1], false);
          if (entryValue === undefined || !setOnce(item, entry[0], entryValue)) return undefined;
          index++;
        }
        list.push(item);
      }
      value = list;
    } else {
      const map: Record<string, unknown> = {};
      while (index < lines.length && lines[index]!.startsWith('  ')) {
        const entry = simplePair(lines[index]!, 2);
        if (!entry || entry[1] === '') return undefined;
        const entryValue = simpleValue(entry[1]);
        if (entryValue === undefined || !setOnce(map, entry[0], entryValue)) return undefined;
        index++;
      }
      value = map;
    }
    if (!setOnce(data, key, value)) return undefined;
  }
  return data;
}

/**
 * js-yaml, loaded on first use: the front matter rhythm writes never needs it (parseSimpleFrontMatter
 * reads it), and not loading it saves those runs its start-up.
 */
let yamlModule: typeof Yaml | undefined;
/**
 * The yaml package, loaded on first use (45 ms here): a valid workbook is read by the fast paths
 * alone, so `check`, `report` and `status` load it only for a file with a problem to place.
 */
export function yamlPackage(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

let jsYamlModule: typeof JsYaml | undefined;
function loadJsYaml(): typeof JsYaml {
  return (jsYamlModule ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);
}

/** A quoted scalar continued on the next line: js-yaml accepts indentation there that YAML 1.2 refuses. */
function hasMultiLineQuote(yaml: string): boolean {
  for (const line of yaml.split('\n')) {
    const value = /^\s*(?:-\s+)*(?:[^\s'"#][^:#]*:\s+)?(['"].*)$/.exec(line)?.[1];
    if (value === undefined) continue;
    const complete = value.startsWith("'") ? /^'(?:[^']|'')*'\s*(?:#.*)?$/ : /^"(?:[^"\\]|\\.)*"\s*(?:#.*)?$/;
    if (!complete.test(value)) return true;
  }
  return false;
}

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
