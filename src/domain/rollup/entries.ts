import type { Day } from '../period.js';
import type { Entry } from './cadence.js';

/** A review placed in time: the day it was held, and whether it lies in the rollup period or before it. */
export interface HeldEntry extends Entry {
  /** Its `date:`, or its period's first day when it has none. */
  heldOn: Day;
  inPeriod: boolean;
}
