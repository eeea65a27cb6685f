import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionDecision, FlagDecision } from '../core/carry.js';
import { isRecord } from '../core/config.js';
import type { Customer } from '../core/registry.js';
import type { Answers } from '../core/review.js';
import { draftsDir, type Workbook } from './workbook.js';

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
}

export function draftPath(workbook: Workbook, ritual: string, period: string, team: string | undefined): string {
  return join(draftsDir(workbook), ...(team ? [team] : []), ritual, `${period}.json`);
}

export function readDraft(path: string): Draft | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.answers) || !Array.isArray(data.answered)) return undefined;
  return data as unknown as Draft;
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
