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

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const MARKER = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const TASK = /^[ \t]*[-*+][ \t]+\[([ xX-])\][ \t]+(.*)$/;

interface Line {
  text: string;
  inFence: boolean;
}

function classify(lines: string[]): Line[] {
  let fence: string | undefined;
  return lines.map((text) => {
    const match = FENCE.exec(text);
    if (match) {
      const marker = match[1]!;
      if (fence === undefined) {
        fence = marker[0]!.repeat(marker.length);
        return { text, inFence: true };
      }
      if (marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
        return { text, inFence: true };
      }
    }
    return { text, inFence: fence !== undefined };
  });
}

export function splitLines(body: string): string[] {
  return body.split('\n');
}

export function findSections(lines: string[]): Section[] {
  const classified = classify(lines);
  const headings: { index: number; level: number; text: string; id?: string }[] = [];
  classified.forEach((line, index) => {
    if (line.inFence) return;
    const match = HEADING.exec(line.text);
    if (!match) return;
    const marker = MARKER.exec(match[2]!);
    headings.push({
      index,
      level: match[1]!.length,
      text: match[2]!.replace(MARKER, '').trim(),
      ...(marker ? { id: marker[1]! } : {}),
    });
  });
  const sections: Section[] = [];
  headings.forEach((heading, position) => {
    if (!heading.id) return;
    const next = headings.slice(position + 1).find((other) => other.id || other.level <= heading.level);
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
  });
  return sections;
}

/** A section ends before trailing blank lines, so replacing it keeps the spacing around headings. */
function trimEnd(lines: string[], start: number, end: number): number {
  let last = end;
  while (last > start && lines[last - 1]!.trim() === '') last--;
  return last;
}

export function findActions(lines: string[], sections: Section[] = findSections(lines)): Action[] {
  const actions: Action[] = [];
  classify(lines).forEach((line, lineIndex) => {
    if (line.inFence) return;
    const match = TASK.exec(line.text);
    if (!match) return;
    const state: ActionState = match[1] === ' ' ? 'open' : match[1] === '-' ? 'dropped' : 'done';
    const action: Action = { ...parseActionText(match[2]!), state, lineIndex };
    const section = sections.find((s) => s.headingIndex < lineIndex && lineIndex < Math.max(s.end, s.start + 1));
    if (section) action.section = section.id;
    actions.push(action);
  });
  return actions;
}

const OWNER = /(^|\s)@([A-Za-z0-9][\w.-]*)/g;
const DUE = /(^|\s)due:(\S+)/g;
const SINCE = /(^|\s)since:((?:FY)?\d{4}(?:-W\d{2}|-Q\d|-\d{2})?)(?=\s|$)/g;
const TAG = /(^|\s)#([\p{L}\p{N}][\p{L}\p{N}_/-]*)/gu;

/** `Call Globex's sponsor @ana due:2026-11-20 #globex` → title, owner, due, tags. */
export function parseActionText(text: string): Omit<Action, 'state' | 'lineIndex'> {
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

export function tagsIn(text: string): string[] {
  return [...text.matchAll(TAG)].map((match) => match[2]!.toLowerCase());
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
    const item = /^[ \t]{0,1}[-*+][ \t]+(.*)$/.exec(line);
    if (item && !TASK.test(line)) items.push(unescapeProse(item[1]!.trim()));
    else if (line.trim() !== '' && items.length > 0 && /^[ \t]{2,}/.test(line))
      items[items.length - 1] += `\n${unescapeProse(line.trim())}`;
    else if (line.trim() !== '' && !TASK.test(line)) items.push(unescapeProse(line.trim()));
  }
  return items.filter((item) => item !== '');
}

export function formatListItems(items: readonly string[]): string {
  return items
    .map((item) => `- ${escapeProse(item.trim()).split('\n').join('\n  ')}`)
    .join('\n');
}

/**
 * Answers are prose, but a line that looks like a heading, a fence, a front-matter fence, a
 * bare task box or a marker comment would change the file's structure; escape just those so they
 * read back as typed. The escape is a backslash after the line's indentation (kept as typed), and
 * one more backslash in every `<!--` (`<\!--`, `<\\!--`, …), so unescapeProse is its exact inverse.
 */
const ESCAPED_LINE = /^(\s*)(?=#|```|~~~|---|===|\[[ xX-]\]|\\)/;
const UNESCAPED_LINE = /^(\s*)\\(?=#|```|~~~|---|===|\[[ xX-]\]|\\)/;

export function escapeProse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(ESCAPED_LINE, '$1\\'))
    .join('\n')
    .replace(/<(\\*)!--/g, '<\\$1!--');
}

export function unescapeProse(text: string): string {
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
