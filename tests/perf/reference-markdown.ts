/**
 * The body reader as it was before it was made fast (git 37f312e, src/core/markdown.ts), with the
 * later fix for line separators in actions (git 4dbf078): the definition the fast code must keep
 * giving, kept here for the differential tests.
 */
import type { Action, ActionState, Section } from '../../src/domain/markdown.js';

export const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const MARKER = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const TASK = /^[ \t]*[-*+][ \t]+\[([ xX-])\][ \t]+([^\n]*)$/;

function classify(lines: string[]): { text: string; inFence: boolean }[] {
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

export function findSections(lines: string[]): Section[] {
  const classified = classify(lines);
  const headings: { index: number; level: number; text: string; id?: string }[] = [];
  classified.forEach((line, index) => {
    if (line.inFence) return;
    const match = HEADING.exec(line.text);
    if (!match) return;
    const marker = MARKER.exec(match[2]!);
    headings.push({ index, level: match[1]!.length, text: match[2]!.replace(MARKER, '').trim(), ...(marker ? { id: marker[1]! } : {}) });
  });
  const sections: Section[] = [];
  headings.forEach((heading, position) => {
    if (!heading.id) return;
    const next = headings.slice(position + 1).find((other) => other.id || other.level <= heading.level);
    const end = trimEnd(lines, heading.index + 1, next ? next.index : lines.length);
    const start = heading.index + 1;
    sections.push({ id: heading.id, heading: heading.text, level: heading.level, headingIndex: heading.index, start, end, content: lines.slice(start, end).join('\n').trim() });
  });
  return sections;
}

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
