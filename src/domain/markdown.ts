/**
 * The body of a review: headings carrying `<!-- q:ID -->` markers delimit answers, and
 * GitHub task-list items anywhere are actions. Both survive a person re-wording a heading,
 * ticking a box in any editor, or adding lines.
 */
export interface Section {
  id: string;
  heading: string;
  level: number;
  /** 0-based index of the heading line in the body. */
  headingIndex: number;
  /** Lines [start, end) of the body holding the answer. */
  start: number;
  end: number;
  content: string;
}

export type ActionState = 'open' | 'done' | 'dropped';

export interface Action {
  state: ActionState;
  /** The action without its tokens, as a person would say it. */
  title: string;
  owner?: string;
  due?: string;
  tags: string[];
  /** The week the action was first opened, when it was carried forward from an earlier review. */
  since?: string;
  /** 0-based index of the line in the body. */
  lineIndex: number;
  /** Id of the section the action is in, if any. */
  section?: string;
}

const MARKER = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/;
export const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
// `[^\n]` rather than `.`: a LINE SEPARATOR (U+2028) pasted into an action must not hide it.
const TASK = /^[ \t]*[-*+][ \t]+\[([ xX-])\][ \t]+([^\n]*)$/;

/** A line that could open or close a fence starts with a backtick, a tilde, or up to three blanks before one. */
export function mayBeFence(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 96 /* ` */ || c === 126 /* ~ */ || c === 32 || c === 9;
}

/** A line that could be a task item starts with a bullet, or with blanks before one. */
function mayBeTask(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 45 /* - */ || c === 42 /* * */ || c === 43 /* + */ || c === 32 || c === 9;
}

/**
 * The fence state of each line, as a callback per line: the one place that knows which lines are
 * code. Only lines that can be fences pay for the fence pattern.
 */
function forEachLine(lines: readonly string[], visit: (text: string, index: number, inFence: boolean) => void): void {
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    const match = mayBeFence(text) ? FENCE.exec(text) : null;
    if (match) {
      const marker = match[1]!;
      if (fence === undefined) {
        fence = marker[0]!.repeat(marker.length);
        visit(text, index, true);
        continue;
      }
      if (marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
        visit(text, index, true);
        continue;
      }
    }
    visit(text, index, fence !== undefined);
  }
}

export function splitLines(body: string): string[] {
  return body.split('\n');
}

interface Heading {
  index: number;
  level: number;
  text: string;
  id?: string;
}

function readHeading(text: string, index: number): Heading | undefined {
  const parts = headingParts(text);
  if (!parts) return undefined;
  const [level, words] = parts;
  const marker = words.includes('<!--') ? MARKER.exec(words) : null;
  return {
    index,
    level,
    text: marker ? words.replace(MARKER, '').trim() : words.trim(),
    ...(marker ? { id: marker[1]! } : {}),
  };
}

/**
 * A heading's level and words: exactly what the pattern `^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`
 * captures, read character by character (headings are on every review's hot path): 1-6 `#`,
 * blanks, then the words up to any closing blanks and `#`s. tests/perf checks it against the
 * pattern.
 */
export function headingParts(text: string): [level: number, words: string] | undefined {
  let level = 0;
  while (text.charCodeAt(level) === 35 /* # */) level++;
  if (level === 0 || level > 6) return undefined;
  let start = level;
  let c = text.charCodeAt(start);
  if (c !== 32 && c !== 9) return undefined;
  while (c === 32 || c === 9) c = text.charCodeAt(++start);
  let end = text.length;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  while (end > start && text.charCodeAt(end - 1) === 35) end--;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const words = text.slice(start, end);
  // `.` stops at line terminators: a heading line holding one is no heading to the pattern.
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i);
    if (d === 10 || d === 13 || d === 0x2028 || d === 0x2029) return undefined;
  }
  return [level, words];
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function sectionsOf(lines: readonly string[], headings: readonly Heading[]): Section[] {
  const sections: Section[] = [];
  for (let position = 0; position < headings.length; position++) {
    const heading = headings[position]!;
    if (!heading.id) continue;
    let next: Heading | undefined;
    for (let other = position + 1; other < headings.length; other++) {
      const candidate = headings[other]!;
      if (candidate.id || candidate.level <= heading.level) {
        next = candidate;
        break;
      }
    }
    const end = trimEnd(lines, heading.index + 1, next ? next.index : lines.length);
    const start = heading.index + 1;
    sections.push({
      id: heading.id,
      heading: heading.text,
      level: heading.level,
      headingIndex: heading.index,
      start,
      end,
      content: lines.slice(start, end).join('\n').trim(),
    });
  }
  return sections;
}

export function findSections(lines: string[]): Section[] {
  const headings: Heading[] = [];
  forEachLine(lines, (text, index, inFence) => {
    if (inFence) return;
    const heading = readHeading(text, index);
    if (heading) headings.push(heading);
  });
  return sectionsOf(lines, headings);
}

/** A section ends before trailing blank lines, so replacing it keeps the spacing around headings. */
function trimEnd(lines: readonly string[], start: number, end: number): number {
  let last = end;
  while (last > start && lines[last - 1]!.trim() === '') last--;
  return last;
}

function readAction(text: string, lineIndex: number, sections: readonly Section[]): Action | undefined {
  if (!mayBeTask(text)) return undefined;
  const match = TASK.exec(text);
  if (!match) return undefined;
  const state: ActionState = match[1] === ' ' ? 'open' : match[1] === '-' ? 'dropped' : 'done';
  // Same keys in the same order as `{ ...parseActionText(text), state, lineIndex }`.
  const action = parseActionText(match[2]!) as Action;
  action.state = state;
  action.lineIndex = lineIndex;
  const section = sections.find((s) => s.headingIndex < lineIndex && lineIndex < Math.max(s.end, s.start + 1));
  if (section) action.section = section.id;
  return action;
}

/**
 * The sections and the actions in one pass over the lines: what reading a review needs. The
 * sections are known before any action is placed in one; the result equals a reading in two
 * passes (tests/perf/reference-markdown.ts).
 */
export function readBody(lines: string[]): { sections: Section[]; actions: Action[] } {
  const headings: Heading[] = [];
  const tasks: number[] = [];
  forEachLine(lines, (text, index, inFence) => {
    if (inFence) return;
    const heading = readHeading(text, index);
    if (heading) headings.push(heading);
    else if (mayBeTask(text)) tasks.push(index);
  });
  const sections = sectionsOf(lines, headings);
  const actions: Action[] = [];
  for (const index of tasks) {
    const action = readAction(lines[index]!, index, sections);
    if (action) actions.push(action);
  }
  return { sections, actions };
}

const OWNER = /(^|\s)@([A-Za-z0-9][\w.-]*)/g;
const DUE = /(^|\s)due:(\S+)/g;
const SINCE = /(^|\s)since:((?:FY)?\d{4}(?:-W\d{2}|-Q\d|-\d{2})?)(?=\s|$)/g;
const TAG = /(^|\s)#([\p{L}\p{N}][\p{L}\p{N}_/-]*)/gu;

/** `Call Globex's sponsor @ana due:2026-11-20 #globex` → title, owner, due, tags. */
export function parseActionText(text: string): Omit<Action, 'state' | 'lineIndex'> {
  return parseActionWords(text) ?? parseActionTokens(text);
}

/** The definition: each kind of token found and removed by its pattern, in this order. */
function parseActionTokens(text: string): Omit<Action, 'state' | 'lineIndex'> {
  const owner = [...text.matchAll(OWNER)][0]?.[2];
  const due = [...text.matchAll(DUE)][0]?.[2];
  const since = [...text.matchAll(SINCE)][0]?.[2];
  const tags = [...text.matchAll(TAG)].map((match) => match[2]!.toLowerCase());
  const title = text
    .replace(OWNER, '$1')
    .replace(DUE, '$1')
    .replace(SINCE, '$1')
    .replace(TAG, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/<\\(\\*)!--/g, '<$1!--');
  const action: Omit<Action, 'state' | 'lineIndex'> = { title, tags };
  if (owner) action.owner = owner;
  if (due) action.due = due;
  if (since) action.since = since;
  return action;
}

const SINCE_LABEL = /^(?:FY)?\d{4}(?:-W\d{2}|-Q\d|-\d{2})?$/;
const TAG_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_/-]*$/u;

/** Characters the word-by-word reading leaves to the patterns: controls, `<`, and white space other than a space. */
function unusual(c: number): boolean {
  if (c < 0x80) return c < 32 || c === 60 /* < */ || c === 127;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `[A-Za-z0-9][\w.-]*`, the whole of text[start, end). */
function isOwnerName(text: string, start: number, end: number): boolean {
  if (start >= end || !isAsciiAlnum(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiAlnum(c) && c !== 95 /* _ */ && c !== 46 /* . */ && c !== 45 /* - */) return false;
  }
  return true;
}

/** `[\p{L}\p{N}][\p{L}\p{N}_/-]*`, the whole of text[start, end). */
function isTagName(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return TAG_NAME.test(text.slice(start, end));
    if (!isAsciiAlnum(c) && (i === start || (c !== 95 /* _ */ && c !== 47 /* / */ && c !== 45 /* - */))) return false;
  }
  return true;
}

/**
 * parseActionTokens for the usual action, word by word: when the words are separated by single
 * spaces and each word starting like a token (`@`, `#`, `due:`, `since:`) is that token whole, each
 * pattern matches exactly those words, and removing them leaves the other words joined by spaces.
 * Anything else (`#tag,`, `@`, `<!--`, tabs, …) returns undefined for the patterns to decide.
 * Property tests check both agree.
 */
function parseActionWords(text: string): Omit<Action, 'state' | 'lineIndex'> | undefined {
  const length = text.length;
  if (length === 0 || text.charCodeAt(length - 1) === 32) return undefined;
  let title = '';
  const tags: string[] = [];
  let owner: string | undefined;
  let due: string | undefined;
  let since: string | undefined;
  for (let start = 0; start < length; ) {
    let end = start;
    for (; end < length; end++) {
      const c = text.charCodeAt(end);
      if (c === 32) break;
      if (unusual(c)) return undefined;
    }
    if (end === start) return undefined;
    const first = text.charCodeAt(start);
    if (first === 64 /* @ */) {
      if (!isOwnerName(text, start + 1, end)) return undefined;
      owner ??= text.slice(start + 1, end);
    } else if (first === 35 /* # */) {
      if (!isTagName(text, start + 1, end)) return undefined;
      tags.push(text.slice(start + 1, end).toLowerCase());
    } else if (first === 100 /* d */ && text.startsWith('due:', start)) {
      if (end - start === 4) return undefined;
      due ??= text.slice(start + 4, end);
    } else if (first === 115 /* s */ && text.startsWith('since:', start)) {
      const label = text.slice(start + 6, end);
      if (!SINCE_LABEL.test(label)) return undefined;
      since ??= label;
    } else {
      const word = text.slice(start, end);
      title = title === '' ? word : `${title} ${word}`;
    }
    start = end + 1;
  }
  const action: Omit<Action, 'state' | 'lineIndex'> = { title, tags };
  if (owner) action.owner = owner;
  if (due) action.due = due;
  if (since) action.since = since;
  return action;
}

export function tagsIn(text: string): string[] {
  // Most quotes carry no tag: the pattern needs a `#`.
  if (!text.includes('#')) return [];
  return [...text.matchAll(TAG)].map((match) => match[2]!.toLowerCase());
}

/** The text with the `#tags` tagsIn finds taken out; the white space around them stays. */
export function withoutTags(text: string): string {
  return text.replace(TAG, '$1');
}

const CHECKBOX: Record<ActionState, string> = { open: ' ', done: 'x', dropped: '-' };

export function formatAction(action: Omit<Action, 'lineIndex'>): string {
  const parts = [`- [${CHECKBOX[action.state]}] ${escapeInline(action.title)}`];
  if (action.owner) parts.push(`@${action.owner}`);
  if (action.due) parts.push(`due:${action.due}`);
  for (const tag of action.tags) parts.push(`#${tag}`);
  if (action.since) parts.push(`since:${action.since}`);
  return parts.join(' ');
}

/** The identity of an action across weeks: its words and the week it was first opened. */
export function actionKey(action: Pick<Action, 'title' | 'since'>, openedIn: string): string {
  return `${action.since ?? openedIn}|${action.title.toLowerCase()}`;
}

/** Items of a markdown list; continuation lines stay with their item. */
export function parseListItems(content: string): string[] {
  const items: string[] = [];
  for (const line of content.split('\n')) {
    const item = /^[ \t]{0,1}[-*+][ \t]+([^\n]*)$/.exec(line);
    if (item && !TASK.test(line)) items.push(unescapeProse(item[1]!.trim()));
    else if (line.trim() !== '' && items.length > 0 && /^[ \t]{2,}/.test(line))
      items[items.length - 1] += `\n${unescapeProse(line.trim())}`;
    else if (line.trim() !== '' && !TASK.test(line)) items.push(unescapeProse(line.trim()));
  }
  return items.filter((item) => item !== '');
}

export function formatListItems(items: readonly string[]): string {
  return items
    .filter((item) => item.trim() !== '')
    .map((item) => `- ${escapeProse(item.trim()).split('\n').join('\n  ')}`)
    .join('\n');
}

/**
 * Answers are prose, but a line that looks like a heading, a fence, a front-matter fence, a
 * task box (bare or as a list item: it would be read as an action) or a marker comment would
 * change the file's structure; escape just those so they
 * read back as typed. The escape is a backslash after the line's indentation (kept as typed), and
 * one more backslash in every `<!--` (`<\!--`, `<\\!--`, …), so unescapeProse is its exact inverse.
 */
const ESCAPED_LINE = /^(\s*)(?=#|```|~~~|---|===|\[[ xX-]\]|[-*+][ \t]+\[[ xX-]\]|\\)/;
const UNESCAPED_LINE = /^(\s*)\\(?=#|```|~~~|---|===|\[[ xX-]\]|[-*+][ \t]+\[[ xX-]\]|\\)/;

export function escapeProse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(ESCAPED_LINE, '$1\\'))
    .join('\n')
    .replace(/<(\\*)!--/g, '<\\$1!--');
}

export function unescapeProse(text: string): string {
  // Both escapes are backslashes: text without one (nearly all) is read as it is.
  if (!text.includes('\\')) return text;
  return text
    .replace(/<\\(\\*)!--/g, '<$1!--')
    .split('\n')
    .map((line) => line.replace(UNESCAPED_LINE, '$1'))
    .join('\n');
}

/** One line, with `<!--` escaped as in escapeProse (parseActionText undoes it). */
function escapeInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/<(\\*)!--/g, '<\\$1!--');
}

export function parseProse(content: string): string {
  return unescapeProse(content);
}

export function formatProse(text: string): string {
  return escapeProse(text.trim());
}

/** `Acme: "it saves a day"` → who and what, for quotes and value claims attributed to a customer. */
export function splitAttribution(item: string): { who?: string; text: string } {
  const match = /^\*{0,2}([^:*\n]{1,60}?)\*{0,2}:\s+([\s\S]*)$/.exec(item);
  if (!match) return { text: item };
  return { who: match[1]!.trim(), text: match[2]!.trim() };
}

/** Replace the answer under a section heading, or append a new section, keeping everything else. */
export function replaceSection(lines: string[], section: { id: string; heading: string; level?: number }, content: string): string[] {
  const existing = findSections(lines).find((s) => s.id === section.id);
  const contentLines = content.trim() === '' ? [] : content.trim().split('\n');
  if (existing) {
    const before = lines.slice(0, existing.start);
    const after = lines.slice(existing.end);
    const blankBefore = contentLines.length > 0 ? [''] : [];
    return [...before, ...blankBefore, ...contentLines, ...after];
  }
  const result = [...lines];
  while (result.length > 0 && result[result.length - 1]!.trim() === '') result.pop();
  const level = '#'.repeat(section.level ?? 2);
  // A heading is one line: a multi-line prompt (a YAML `|` block) or a `<!--` in it would move or
  // hide the marker, and the answer could never be found again.
  result.push('', `${level} ${escapeInline(section.heading).trim()}  <!-- q:${section.id} -->`);
  if (contentLines.length > 0) result.push('', ...contentLines);
  result.push('');
  return result;
}
