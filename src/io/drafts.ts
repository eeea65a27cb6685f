import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionDecision, FlagDecision } from '../domain/carry.js';
import { isRecord } from '../domain/config.js';
import type { Customer } from '../domain/registry.js';
import type { Answers } from '../domain/review.js';
import { draftsDir, type Workbook } from './workbook.js';
import { readTextSync, WORKBOOK_FILE_LIMIT } from './files.js';

/**
 * Answers given before Ctrl-C (or a closed terminal), kept under `.rhythm/drafts/` (git-ignored)
 * until the same ritual and period is run again. Written synchronously: it may happen from a
 * signal handler, when the event loop will not run again.
 */
export interface Draft {
  version: 1;
  savedAt: string;
  participants: string[];
  answers: Answers;
  answered: string[];
  actionDecisions: (ActionDecision | null)[];
  flagDecisions: (FlagDecision | null)[];
  newCustomers: Customer[];
  /** Of an amend: the answers the file held when it was read, so that resuming keeps what others changed since. */
  base?: Answers;
}

export function draftPath(workbook: Workbook, ritual: string, period: string, team: string | undefined): string {
  return join(draftsDir(workbook), ...(team ? [team] : []), ritual, `${period}.json`);
}

export function readDraft(path: string): Draft | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readTextSync(path, WORKBOOK_FILE_LIMIT));
  } catch {
    return undefined;
  }
  return isDraft(data) ? data : undefined;
}

/**
 * A draft is rhythm's own file, but it may be cut short by a crash or edited by hand: one that
 * does not have the shape written by writeDraft is ignored (the run starts over) rather than
 * resumed into a crash or a review built from values of the wrong type.
 */
function isDraft(data: unknown): data is Draft {
  if (!isRecord(data) || data.version !== 1 || typeof data.savedAt !== 'string') return false;
  if (!isStrings(data.participants) || !isStrings(data.answered) || !isRecord(data.answers)) return false;
  if (!Object.values(data.answers).every(isAnswerValue)) return false;
  if (data.base !== undefined && !(isRecord(data.base) && Object.values(data.base).every(isAnswerValue))) return false;
  if (!Array.isArray(data.actionDecisions) || !data.actionDecisions.every((d) => d === null || d === 'done' || d === 'open' || d === 'drop')) return false;
  if (!Array.isArray(data.flagDecisions) || !data.flagDecisions.every(isFlagDecision)) return false;
  return Array.isArray(data.newCustomers) && data.newCustomers.every((c) => isRecord(c) && typeof c.id === 'string' && typeof c.name === 'string');
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** What writeDraft writes for an answer: text, a number, yes/no, or a list of text, of flags or of actions. */
function isAnswerValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (!Array.isArray(value)) return false;
  return value.every((item) => typeof item === 'string') || value.every(isFlag) || value.every(isAction);
}

function isFlag(value: unknown): boolean {
  return isRecord(value) && typeof value.customer === 'string' && typeof value.reason === 'string' && (value.since === undefined || typeof value.since === 'string');
}

function isAction(value: unknown): boolean {
  if (!isRecord(value) || typeof value.title !== 'string' || !['open', 'done', 'dropped'].includes(value.state as string) || !isStrings(value.tags)) return false;
  return ['owner', 'due', 'since'].every((key) => value[key] === undefined || typeof value[key] === 'string');
}

function isFlagDecision(value: unknown): boolean {
  if (value === null) return true;
  if (!isRecord(value)) return false;
  if (value.status === 'open') return typeof value.reason === 'string';
  return value.status === 'resolved' && (value.note === undefined || typeof value.note === 'string');
}

export function writeDraft(path: string, draft: Omit<Draft, 'version'>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, ...draft }, null, 2)}\n`);
  renameSync(temporary, path);
}

export function removeDraft(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // no draft: nothing to remove
  }
}
