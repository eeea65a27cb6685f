import type { Calendar } from '../core/period.js';
import { parseReview, type ParsedReview, type Review, type YamlParser } from '../core/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, readText } from './files.js';
import { readReviewForRollup, StringPool } from './read-review.js';
import { poolAvailable, startPool, ThreadFailure, type ReviewPool } from './review-pool.js';
import { listReviews, type ReviewLocation, type Workbook } from './workbook.js';

export async function readReview(workbook: Workbook, location: Pick<ReviewLocation, 'path' | 'display'>, parseYaml?: YamlParser): Promise<ParsedReview> {
  let text: string;
  try {
    text = await readText(location.path);
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      return { problems: [{ file: location.display, line: 1, message: 'is not valid UTF-8 (a binary file?): save it as UTF-8 or move it out of the workbook', severity: 'error' }] };
    }
    throw error;
  }
  return parseReview(text, location.display, workbook.config, parseYaml);
}

export interface LoadedReviews {
  /**
   * The reviews as a rollup reads them (read-review.ts forRollup): every field it aggregates, the
   * `heard` and `value` sections of the body, no raw front matter (`data` is empty). Commands
   * that need a whole review read it with readReview.
   */
  reviews: Review[];
  /** Problems of files that were skipped or read with warnings. */
  problems: Problem[];
  skipped: number;
}

/**
 * From this many files on, reader threads pay for their start (about 150 ms here: each loads the
 * parser and warms it up) and for packing; below it, one thread reads faster (measured on two
 * cores: 5,000 files 0.47 s alone against 0.74 s with threads, 10,000 about even, 20,000 2.2 s
 * against 1.4 s).
 */
export const PARALLEL_FROM_FILES = 8000;

/**
 * Read many reviews for a rollup. One broken file never sinks the rest: it is skipped and its
 * problems are returned for the command to show (or to fail on, with --strict). Many files are
 * read and parsed on every core (review-pool.ts); the result is the same.
 */
export async function loadReviews(
  workbook: Workbook,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedReviews> {
  // Reader threads start as soon as the listing shows there will be many files, so that the rest
  // of the listing hides their start-up.
  let pool: ReviewPool | undefined;
  const parallel = poolAvailable();
  let parsed: ParsedReview[];
  try {
    const listed = await listReviews(workbook, {
      onListed: (files) => {
        if (parallel && pool === undefined && files >= PARALLEL_FROM_FILES) pool = startPool();
      },
    });
    const locations = listed.filter(filter);
    parsed = await readForRollup(locations, workbook.config, locations.length >= PARALLEL_FROM_FILES ? pool : undefined, onProgress);
  } finally {
    await pool?.close();
  }
  const result: LoadedReviews = { reviews: [], problems: [], skipped: 0 };
  for (const entry of parsed) {
    for (const problem of entry.problems) result.problems.push(problem);
    if (entry.review) result.reviews.push(entry.review);
    else result.skipped++;
  }
  return result;
}

async function readForRollup(locations: readonly ReviewLocation[], calendar: Calendar, pool: ReviewPool | undefined, onProgress?: (done: number, total: number) => void): Promise<ParsedReview[]> {
  if (pool) {
    try {
      return await pool.read(locations, calendar, onProgress);
    } catch (error) {
      // Threads are a way to be fast, never a reason to fail: without them, read here.
      if (!(error instanceof ThreadFailure)) throw error;
    }
  }
  const strings = new StringPool();
  const parsed: ParsedReview[] = [];
  for (const location of locations) {
    parsed.push(readReviewForRollup(location, calendar, strings));
    if (parsed.length % 500 === 0) onProgress?.(parsed.length, locations.length);
  }
  return parsed;
}
