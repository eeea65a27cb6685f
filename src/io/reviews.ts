import { parseReview, type ParsedReview, type Review, type YamlParser } from '../core/review.js';
import type { Problem } from '../errors.js';
import { NotUtf8Error, readText } from './files.js';
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
  reviews: Review[];
  /** Problems of files that were skipped or read with warnings. */
  problems: Problem[];
  skipped: number;
}

/**
 * Read many reviews. One broken file never sinks the rest: it is skipped and its problems are
 * returned for the command to show (or to fail on, with --strict).
 */
export async function loadReviews(
  workbook: Workbook,
  filter: (location: ReviewLocation) => boolean = () => true,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedReviews> {
  const locations = (await listReviews(workbook)).filter(filter);
  const result: LoadedReviews = { reviews: [], problems: [], skipped: 0 };
  let done = 0;
  for (const location of locations) {
    const parsed = await readReview(workbook, location);
    result.problems.push(...parsed.problems);
    if (parsed.review) result.reviews.push(parsed.review);
    else result.skipped++;
    if (++done % 500 === 0) onProgress?.(done, locations.length);
  }
  return result;
}
