/**
 * The reading of an action's words as it was before it was made fast (git 37f312e,
 * src/core/markdown.ts), and of a text's tags before tagsIn scanned for them: the definitions the
 * fast readings must keep giving, kept here for the differential tests. (Which lines are actions
 * and headings is GFM's to say: tests/domain/task-items.test.ts holds the block reader against a
 * GFM parser.)
 */
import type { Action } from '../../src/domain/markdown.js';

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

/** The `#tags` of a text by the pattern (markdown.ts TAG), as tagsIn read them before its scan. */
export function tagsIn(text: string): string[] {
  return [...text.matchAll(TAG)].map((match) => match[2]!.toLowerCase());
}
