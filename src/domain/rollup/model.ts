/**
 * The rollup model: what a rollup holds, documented field by field in docs/rollup-json.md.
 * Types only (and the schema version), so the modules that compute, summarise, merge and
 * render a rollup all depend on it and on nothing of each other.
 */
import type { Day, Cadence } from '../period.js';
import type { Action } from '../markdown.js';
import type { Customer } from '../registry.js';

export const ROLLUP_SCHEMA_VERSION = 2;

export type RollupHeader = Pick<Rollup, 'period' | 'fiscalYearStartMonth' | 'today'>;


export interface Rollup {
  schemaVersion: 2;
  period: RollupPeriod;
  fiscalYearStartMonth: number;
  /**
   * The day the rollup is as of: `--date` or the day it was run, but never after the period's
   * end, so a past period's rollup does not depend on when it was made. Reviews held after it
   * are left out; periods after it are not expected yet; ages and open durations run to it.
   */
  today: Day;
  /** The customer registry, so a merged rollup can still show names and find silent customers. */
  registry: Customer[];
  /** One section per team, sorted by id (a workbook without teams has one section without id). */
  teams: TeamRollup[];
  /** Figures over all team sections, recomputed from their records. */
  organisation: Summary;
}

export interface RollupPeriod {
  label: string;
  kind: Cadence;
  start: Day;
  end: Day;
}

export interface TeamRollup {
  team?: string;
  name?: string;
  escalateAfterWeeks: number;
  /** The team's members from rhythm.yaml: registry customers owned by someone else are not this team's silent customers. */
  members: string[];
  /** Review files of this team in the period. */
  reviews: number;
  cadence: CadenceRow[];
  customers: CustomerActivity[];
  flags: FlagEpisode[];
  scores: ScorePoint[];
  quotes: Quote[];
  claims: ValueClaim[];
  actions: ActionRecord[];
  summary: Summary;
}

/** The records of a team section: everything a summary is computed from. */
export type TeamRecords = Pick<TeamRollup, 'members' | 'reviews' | 'cadence' | 'customers' | 'flags' | 'scores' | 'quotes' | 'claims' | 'actions'>;

export interface CadenceRow {
  team?: string;
  ritual: string;
  cadence: Cadence;
  /**
   * The day the team's ritual started: its configured start, else the first day of its first
   * review (of all its files, not only the period's). Absent only without the workbook's files.
   */
  start?: Day;
  /** The configured last day: no period after it is expected. */
  until?: Day;
  /** Periods of the ritual in the rollup period, from its start to its end, that are over by `today` or already held. */
  expected: string[];
  /** Periods of the ritual in the rollup period with a review held (not one still in progress). */
  held: string[];
  /**
   * Periods with a review in progress (`status: in-progress`: captured between meetings, not held
   * yet), in the rollup period and, when the rollup reads history, before it. Absent when none.
   */
  inProgress?: string[];
  /** Periods in the rollup period marked `status: skipped` (and not held after all): not expected, so not missing. Absent when none. */
  skipped?: string[];
  /** Expected but not held. */
  missing: string[];
  participants: Participant[];
  /** Consecutive held periods ending at the latest expected one. */
  streak: number;
  lastHeld?: string;
}

export interface Participant {
  name: string;
  reviews: number;
}

export interface CustomerActivity {
  team?: string;
  customer: string;
  /** Weeks whose weekly lists the customer under `customers`, and weeks another ritual's review naming it was held in. */
  contactWeeks: string[];
  /** Weeks whose weekly lists the customer under `flags`. */
  flaggedWeeks: string[];
  lastContact?: Contact;
}

export interface Contact {
  period: string;
  date?: Day;
  team?: string;
}

export type FlagStatus = 'open' | 'resolved';

/**
 * One stretch of "not receiving value" of a customer with a team: from the weekly that first
 * flags it to the weekly that resolves it (under `resolved`, or by no longer listing it).
 */
export interface FlagEpisode {
  customer: string;
  team?: string;
  /** The week first flagged. */
  since: string;
  /** The day first flagged: the `date:` of that week's review, else the week's Monday. */
  sinceDay: Day;
  /** The last week a weekly listed the flag; absent when it was only seen being resolved. */
  lastSeen?: string;
  /** Days from `sinceDay` to `resolvedOn`, or to the rollup's `today` while open. */
  durationDays: number;
  /** Whole weeks of `durationDays`. */
  durationWeeks: number;
  status: FlagStatus;
  /** The week the flag was resolved: recorded under `resolved`, or the first weekly no longer listing it. */
  resolvedIn?: string;
  /** The day of that week's review (else the week's Monday). */
  resolvedOn?: Day;
  resolution?: 'explicit' | 'implicit';
  /** Days from `sinceDay` to `resolvedOn`. */
  resolutionDays?: number;
  /** Open (or was open) for at least `escalateAfterWeeks` weeks of calendar time. */
  escalated: boolean;
  reason: string;
  note?: string;
}

export interface ScorePoint {
  team?: string;
  ritual: string;
  id: string;
  period: string;
  value: number;
}

export interface Quote {
  team?: string;
  period: string;
  /** Registry id when the quote's prefix names a registry customer. */
  customer?: string;
  /** The prefix as written, when it names no registry customer. */
  who?: string;
  text: string;
  tags: string[];
}

export interface ValueClaim {
  team?: string;
  period: string;
  customer?: string;
  who?: string;
  text: string;
  evidence?: string;
}

/** One action of the ledger, however many reviews list it (see docs/rollup-json.md, "Identity"). */
export interface ActionRecord {
  team?: string;
  title: string;
  /** Open, or how the review that closed it closed it. */
  state: Action['state'];
  owner?: string;
  due?: Day;
  tags: string[];
  /** The period the action was opened in: its `since`, or the review it was first written in. */
  since: string;
  /** The day it was written: that review's `date:` (else its period's first day), or the first day of `since`. */
  openedOn: Day;
  /** The latest review listing the action (for a closed one, the review that closed it). */
  lastSeen: string;
  /** That review's file: where to tick the box. */
  file: string;
  /** The review that marked it done or dropped, and the day it was held. */
  closedIn?: string;
  closedOn?: Day;
  /** Opened within the rollup period (not carried in from before). */
  opened: boolean;
  overdue: boolean;
  /** Open actions: days from `openedOn` to the rollup's `today`. */
  ageDays?: number;
}

export interface Summary {
  teams: number;
  reviews: number;
  cadence: CadenceSummary[];
  customers: CustomerSummary[];
  /** Registry customers with no contact in the period. */
  silentCustomers: string[];
  flags: FlagSummary;
  scores: ScoreSummary[];
  voice: VoiceGroup[];
  themes: Theme[];
  value: { claims: number; withEvidence: number };
  actions: ActionSummary;
}

export interface CadenceSummary {
  ritual: string;
  cadence: Cadence;
  teams: number;
  expected: number;
  /** Expected periods that were held. */
  held: number;
  missing: { team?: string; period: string }[];
  /** Periods marked skipped on purpose, over every team: neither expected nor missing. Absent when none. */
  skipped?: number;
  /** Consecutive latest expected periods held by every team. */
  streak: number;
}

export interface CustomerSummary {
  id: string;
  name: string;
  /** In the registry. */
  known: boolean;
  weeksInContact: number;
  weeksFlagged: number;
  lastContact?: Contact;
  teams: string[];
}

export interface FlagSummary {
  episodes: number;
  open: number;
  resolved: number;
  escalated: number;
  openEscalated: number;
  /** Days from first flagged to resolved, over the episodes resolved. */
  medianResolutionDays: number | null;
  worstResolutionDays: number | null;
}

export interface ScoreStats {
  count: number;
  average: number;
  min: number;
  max: number;
}

export interface ScoreSummary extends ScoreStats {
  ritual: string;
  id: string;
  /** Calendar months (of a week's Thursday), `YYYY-MM`. */
  months: (ScoreStats & { month: string })[];
  /** One value per period (the mean when several teams scored it), in order: for sparklines. */
  series: { period: string; value: number; count: number }[];
  trend: 'up' | 'down' | 'flat' | null;
  slopePerWeek: number | null;
}

export interface VoiceGroup {
  customer?: string;
  who?: string;
  quotes: number;
}

export interface Theme {
  tag: string;
  count: number;
}

export interface ActionSummary {
  total: number;
  opened: number;
  closed: number;
  dropped: number;
  open: number;
  overdue: number;
  byOwner: OwnerActions[];
}

export interface OwnerActions {
  owner?: string;
  open: number;
  overdue: number;
  closed: number;
  dropped: number;
}
