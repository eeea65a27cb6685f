import type { Stats } from 'node:fs';
import type { RitualConfig } from '../domain/config.js';
import { groupBy } from '../domain/collections.js';
import { periodLookup, type Calendar, type Day, type DayRange } from '../domain/period.js';
import { heldOn, type Review } from '../domain/review.js';
import type { EarlierReview, HeldDays } from '../domain/rollup/entries.js';
import { ReadBuffer } from './read-file.js';
import { parseReviewFile } from './read-review.js';
import { namedBefore, type ReviewLocation } from './workbook.js';

/**
 * When a team held what, from the files a listing found: the periods of each ritual (by file name:
 * a ritual starts at its first review) and, read on demand, the days reviews of a period were held.
 */

/**
 * The periods each team held of each ritual, from the file names: `held(team, ritual)`. Listed
 * once and grouped, since an organisation has hundreds of team and ritual pairs and tens of
 * thousands of files. A file named for another cadence (a quarter in a weekly folder) holds nothing.
 */
export function heldPeriods(locations: readonly ReviewLocation[], calendar: Calendar): (team: string | undefined, ritual: Pick<RitualConfig, 'name' | 'cadence'>) => Set<string> {
  const periods = periodLookup(calendar);
  const key = (team: string | undefined, ritual: string) => `${team ?? ''}\u0000${ritual}`;
  const labels = new Map<string, string[]>();
  for (const location of locations) {
    const at = key(location.team, location.ritual);
    const list = labels.get(at);
    if (list) list.push(location.label);
    else labels.set(at, [location.label]);
  }
  return (team, ritual) => new Set((labels.get(key(team, ritual.name)) ?? []).filter((label) => periods(label)?.period.kind === ritual.cadence));
}

/**
 * The days a team's reviews of a period were held, read on demand from the files the listing
 * found (rare: only for an action or flag carried into a rollup from before its period), once
 * each. A file that cannot be read or parsed gives no day: its item counts from its period's start.
 */
export function heldDaysFrom(locations: readonly ReviewLocation[], calendar: Calendar, onRead?: FileObserver): HeldDays {
  const periods = periodLookup(calendar);
  const byLabel = groupBy(locations, (location) => `${location.team ?? ''}\u0000${location.label}`);
  const days = new Map<string, readonly Day[]>();
  return (team, label) => {
    const key = `${team ?? ''}\u0000${label}`;
    let found = days.get(key);
    if (!found) {
      const range = periods(label)?.range;
      found = range === undefined ? [] : (byLabel.get(key) ?? []).flatMap((location) => heldDayOf(location, range, calendar, onRead)).sort();
      days.set(key, found);
    }
    return found;
  };
}

/**
 * A team's latest review of a ritual before a given one, read on demand from the files the
 * listing found (rare: only for an item a period's first review carries in without `since:`),
 * each file once. A skipped review is passed over; one that cannot be read or parsed ends the
 * search (its items are not followed further back).
 */
export function earlierReviewsFrom(locations: readonly ReviewLocation[], calendar: Calendar, onRead?: FileObserver): EarlierReview {
  const periods = periodLookup(calendar);
  const byRitual = groupBy(locations, (location) => `${location.team ?? ''}\u0000${location.ritual}`);
  const parsed = new Map<ReviewLocation, Review | undefined>();
  let reader: ReadBuffer | undefined;
  const read = (location: ReviewLocation) => {
    if (!parsed.has(location)) parsed.set(location, parseReviewFile((reader ??= new ReadBuffer()), location, calendar, { keyLines: false }, (stats, bytes) => onRead?.(location, stats, bytes)).review);
    return parsed.get(location);
  };
  return (team, review) => {
    const own = periods(review.period)?.period;
    if (own === undefined) return undefined;
    for (const location of namedBefore(byRitual.get(`${team ?? ''}\u0000${review.ritual}`) ?? [], own, calendar)) {
      const found = read(location);
      if (!found?.skipped) return found;
    }
    return undefined;
  };
}

/**
 * Told of each file read: its stat when opened and its bytes, or neither when it could not be read
 * (a rollup's cache records what a section was computed from, and that a file could not be).
 */
export type FileObserver = (location: ReviewLocation, stats: Stats | undefined, bytes: Uint8Array | undefined) => void;

function heldDayOf(location: ReviewLocation, range: DayRange, calendar: Calendar, onRead: FileObserver | undefined): Day[] {
  const { review } = parseReviewFile(new ReadBuffer(), location, calendar, { body: false, keyLines: false }, (stats, bytes) => onRead?.(location, stats, bytes));
  return review ? [heldOn(review, range)] : [];
}
