/**
 * The rollup model: what a rollup holds, documented field by field in docs/rollup-json.md.
 * Types only (and the schema version), so the modules that compute, summarise, merge and
 * render a rollup all depend on it and on nothing of each other.
 */
import type { Day, Cadence } from '../period.js';
import type { Action } from '../markdown.js';
import type { Customer } from '../registry.js';

export const ROLLUP_SCHEMA_VERSION = 1;

export type RollupHeader = Pick<Rollup, 'period' | 'fiscalYearStartMonth' | 'today'>;


export interface Rollup {
  schemaVersion: 1;
  period: RollupPeriod;
  fiscalYearStartMonth: number;
  /** The day the rollup was computed for: periods after it are not expected yet. */
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
  /** Periods of the ritual in the rollup period with a review. */
  held: string[];
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
  /** Weeks whose weekly lists the customer under `customers`. */
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

/** One stretch of "not receiving value": flagged, carried forward, resolved (or still open). */
export interface FlagEpisode {
  customer: string;
  team?: string;
  /** The week first flagged. */
  since: string;
  /** The last week a weekly listed the flag; absent when it was only seen being resolved. */
  lastSeen?: string;
  /** Weeks flagged, `since` through `lastSeen`. */
  durationWeeks: number;
  status: FlagStatus;
  /** The week the flag was resolved: recorded under `resolved`, or the first weekly no longer listing it. */
  resolvedIn?: string;
  resolution?: 'explicit' | 'implicit';
  /** Weeks from `since` to `resolvedIn`. */
  resolutionWeeks?: number;
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

export interface ActionRecord {
  team?: string;
  title: string;
  state: Action['state'];
  owner?: string;
  due?: Day;
  tags: string[];
  /** The period the action was opened in: its `since`, or the first review it appears in. */
  since: string;
  /** The latest review containing the action, whose state counts. */
  lastSeen: string;
  file: string;
  /** Opened within the rollup period (not carried in from before). */
  opened: boolean;
  overdue: boolean;
  /** Open actions: days from the start of `since` to `today`. */
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
  medianResolutionWeeks: number | null;
  worstResolutionWeeks: number | null;
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
