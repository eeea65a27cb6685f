import type { Stats } from 'node:fs';
import type { Config } from '../domain/config.js';
import type { Review } from '../domain/review.js';
import type { HeldPeriods } from '../domain/rollup/cadence.js';
import { readsBodies, rollupByTeam, type RollupInput } from '../domain/rollup/compute.js';
import type { EarlierReview, HeldDays } from '../domain/rollup/entries.js';
import type { Problem } from '../errors.js';
import { earlierReviewsFrom, heldDaysFrom, heldPeriods } from './held.js';
import { ReadBuffer } from './read-file.js';
import { parsedInto, parseReviewFile, type ReadOutcome } from './read-review.js';
import { fileRecord, unreadableRecord, type FileRecord } from './rollup-cache.js';
import { sectionKeeper, type KeeperName, type KeptSection } from './section-keepers.js';
import type { ReviewLocation } from './workbook.js';

/**
 * One team's section from its files, the same on this thread and on a team worker
 * (team-worker.ts): the team's files are read and parsed, its section computed and kept as the
 * keeper keeps it, and each file it was computed from recorded for the cache (rollup-cache.ts).
 */
export interface TeamOutcome {
  /** Undefined when the team's files hold a review of another team (`stray`): such a workbook is rolled up whole. */
  kept: KeptSection | undefined;
  stray: boolean;
  problems: Problem[];
  unread: string[];
  /** The files the section was computed from (read, or read for the day a carried item was written). */
  files: FileRecord[];
  /** How many files of the team were to be read, for progress. */
  count: number;
}

export type ReviewsInput = Omit<RollupInput, 'reviews' | 'config' | 'held' | 'heldDays'>;

export function teamSectionMaker(
  config: Config,
  input: ReviewsInput,
  keeper: KeeperName,
): (team: string | undefined, read: readonly ReviewLocation[], listed: readonly ReviewLocation[]) => TeamOutcome {
  let held: HeldPeriods = () => new Set();
  let heldDays: HeldDays = () => [];
  let earlier: EarlierReview = () => undefined;
  const rollup = rollupByTeam({
    ...input,
    config,
    held: (team, ritual) => held(team, ritual),
    heldDays: (team, label) => heldDays(team, label),
    earlier: (team, review) => earlier(team, review),
  });
  const reader = new ReadBuffer();
  const keep = sectionKeeper(keeper, input.today, config);
  // A rollup never reads the lines of keys.
  const reading = { body: readsBodies(input.records), keyLines: false };
  return (team, read, listed) => {
    const files: FileRecord[] = [];
    held = heldPeriods(listed, config);
    // What a section was computed from, for the cache: the files read, and those read for an item carried in.
    const record = (location: ReviewLocation, stats: Stats | undefined, bytes: Uint8Array | undefined) => files.push(stats && bytes ? fileRecord(location.display, stats, bytes) : unreadableRecord(location.display));
    heldDays = heldDaysFrom(listed, config, record);
    earlier = earlierReviewsFrom(listed, config, record);
    const outcome: ReadOutcome = { problems: [], unread: new Set() };
    const reviews: Review[] = [];
    for (const file of read) {
      const parsed = parseReviewFile(reader, file, config, reading, (stats, bytes) => {
        if (stats && bytes) files.push(fileRecord(file.display, stats, bytes));
      });
      const review = parsedInto(outcome, file, parsed);
      if (review) reviews.push(review);
    }
    reader.shrink();
    const stray = reviews.some((review) => review.team !== team);
    const kept = stray ? undefined : keep(rollup.team(team, reviews));
    return { kept, stray, problems: outcome.problems, unread: [...outcome.unread], files, count: read.length };
  };
}
