import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, parseDocument, type Document, type YAMLError } from 'yaml';

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
export const MAX_ALIASES = 50;

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
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
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
 * matter about ten times faster than the yaml package (measured: ~15 µs vs ~160 µs a file),
 * which decides how long a rollup of 50,000 files takes. Anything unusual (tags, anchors,
 * aliases, a parse error, duplicate keys) goes through the precise path, which also gives
 * the error its line and column.
 */
export function parseFrontMatterFast(yaml: string, firstLine: number): Record<string, unknown> {
  // Where js-yaml and YAML 1.2 core differ (0b101 is a number to js-yaml, a string to YAML 1.2;
  // `-0`; `? ` complex keys), the precise path decides. Differential tests guard this list.
  if (yaml.length > MAX_FRONT_MATTER_BYTES / 4 || /[!&*]|<<|0b[01]|-0(?![\d.xob])|^\s*\?/m.test(yaml) || hasMultiLineQuote(yaml)) {
    return parseFrontMatterYaml(yaml, firstLine);
  }
  let data: unknown;
  try {
    data = loadYaml(yaml, { schema: CORE_SCHEMA });
  } catch {
    return parseFrontMatterYaml(yaml, firstLine);
  }
  if (data === undefined) return {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return parseFrontMatterYaml(yaml, firstLine);
  return data as Record<string, unknown>;
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
  const doc = parseDocument(yaml, { schema: 'core', uniqueKeys: true, strict: true, resolveKnownTags: false });
  const problem: YAMLError | undefined = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const position = problem.linePos?.[0];
    const line = firstLine + (position ? position.line - 1 : 0);
    throw new FrontMatterError(describeYamlError(problem), line, position?.col);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
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
