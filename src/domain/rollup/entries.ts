import type { Day, PeriodInfo } from '../period.js';
import type { Review } from '../review.js';

/** A review with its period understood. */
export interface Entry {
  review: Review;
  info: PeriodInfo;
  label: string;
}

/** The days (earliest first) a team's reviews of a period were held, by period label: [] when there are none. */
export type HeldDays = (team: string | undefined, label: string) => readonly Day[];

/** A team's latest review of the ritual of `review` before it (a skipped one passed over), if any: RollupInput `earlier`. */
export type EarlierReview = (team: string | undefined, review: Review) => Review | undefined;

/** A review placed in time: the day it was held, and whether it lies in the rollup period or before it. */
export interface HeldEntry extends Entry {
  /** Its `date:`, or its period's first day when it has none. */
  heldOn: Day;
  inPeriod: boolean;
}
