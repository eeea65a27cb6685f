import type { TeamRecords, TeamRollup } from '../domain/rollup/model.js';
import { leanRecords } from '../domain/rollup/summary.js';
import { renderTeamJson } from '../report/json.js';

/**
 * What a rollup keeps of each team's section once it is computed, by name, so that a team worker
 * (team-worker.ts) keeps the same as this thread: the whole section, or (for a report written as
 * JSON alone) its rendered JSON and the records the organisation's summary reads. `own` makes the
 * kept strings independent of the file texts they were cut from (read-review.ts detachStrings);
 * a worker's reply is a copy already.
 */
export interface KeptJson {
  team?: string;
  reviews: number;
  /** The section, rendered (report/json.ts renderTeamJson). */
  json: Uint8Array;
  /** Its leanRecords as JSON: bytes hold no view into a file's text, and cost the garbage collector nothing. */
  records: Uint8Array;
}

export interface Keepers {
  whole: TeamRollup;
  json: KeptJson;
}
export type KeeperName = keyof Keepers;

export const keepers: { [name in KeeperName]: (section: TeamRollup, own: <T>(value: T) => T) => Keepers[name] } = {
  whole: (section, own) => own(section),
  json: (section) => ({ team: section.team, reviews: section.reviews, json: renderTeamJson(section), records: utf8.encode(JSON.stringify(leanRecords(section))) }),
};

/** The records a JSON-kept section's summary is computed from. */
export function recordsOf(kept: KeptJson): TeamRecords {
  return JSON.parse(Buffer.from(kept.records.buffer, kept.records.byteOffset, kept.records.byteLength).toString('utf8')) as TeamRecords;
}

const utf8 = new TextEncoder();
