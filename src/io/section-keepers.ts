import { formatPeriod, periodOf, type Calendar, type Day } from '../domain/period.js';
import type { TeamRollup } from '../domain/rollup/model.js';
import { summaryPart, type SummaryPart } from '../domain/rollup/summary.js';
import { renderTeamJson } from '../report/json.js';

/**
 * What a rollup keeps of each team's section once it is computed: bytes, the same on a team
 * worker (team-worker.ts) as on this thread. Bytes move between threads without a copy, go into
 * the cache as they are (rollup-cache.ts), hold no view into a file's text and cost the garbage
 * collector nothing; a report written as JSON writes them as they are (a team section is one line
 * of it, report/json.ts), other commands parse them when they need the section.
 */
export interface KeptSection {
  team?: string;
  reviews: number;
  /** The section as JSON: whole, or as the keeper trims it. */
  section: Uint8Array;
  /** Its summaryPart as JSON: what the organisation's summary is computed from, exactly (summary.ts). */
  part: Uint8Array;
}

/**
 * `whole`: the section as it is. `status`: what `rhythm status` shows of a team as of a day: its open
 * actions and open flags, its cadence and its summary, without the score points and closed items
 * it never shows. Its rollup computes no quotes, value claims or customer activity at all
 * (RollupInput.voice and records, run/rollup.ts). `contacts`: the same of a rollup of contacts
 * alone, for the list of customers: open flags, and the part the organisation's figures come from.
 * `actions`: what `rhythm actions` and `rhythm done` read of the team's actions (their rollup
 * computes no other record): the open ones, and those done in the week of the rollup's day (`done`
 * says one is done already); a year of 1,000 teams lists some 120,000 actions, of which a few
 * thousand are open.
 */
export type KeeperName = 'whole' | 'status' | 'contacts' | 'actions';

/** How each team's section of a rollup made as of `today` is kept. */
export function sectionKeeper(keeper: KeeperName, today: Day, calendar: Calendar): (section: TeamRollup) => KeptSection {
  const week = formatPeriod(periodOf('week', today, calendar), calendar);
  return (section) => keepSection(section, keeper, week);
}

/** `week`: the label of the week of the rollup's day, for the `actions` keeper. */
export function keepSection(section: TeamRollup, keeper: KeeperName, week?: string): KeptSection {
  return { team: section.team, reviews: section.reviews, section: renderTeamJson(shownBy(keeper, section, week)), part: utf8.encode(JSON.stringify(summaryPart(section))) };
}

/** What a keeper keeps of a section (the part the organisation's summary is made from is the whole section's). */
function shownBy(keeper: KeeperName, section: TeamRollup, week: string | undefined): TeamRollup {
  switch (keeper) {
    case 'whole':
      return section;
    case 'actions':
      return { ...section, actions: section.actions.filter((action) => action.state === 'open' || (action.state === 'done' && action.closedIn === week)) };
    case 'status':
    case 'contacts':
      return {
        ...section,
        customers: [],
        flags: section.flags.filter((flag) => flag.status === 'open'),
        scores: [],
        quotes: [],
        claims: [],
        actions: section.actions.filter((action) => action.state === 'open'),
      };
  }
}

/** The part of the organisation's summary a kept section gives. */
export function partOf(kept: KeptSection): SummaryPart {
  return JSON.parse(textOf(kept.part)) as SummaryPart;
}

/** The section a kept one holds (as its keeper trimmed it). */
export function sectionOf(kept: KeptSection): TeamRollup {
  return JSON.parse(textOf(kept.section)) as TeamRollup;
}

function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

const utf8 = new TextEncoder();
