// Seeded generator of synthetic workbooks for the benchmark (bench/run.mjs).
//
// A workbook of N files has N / 250 teams; each team held 250 of the 261 ISO weeks from 2022-W01
// to 2026-W53 (a few weeks missed, as real teams do); a one-year workbook has N / 50 teams, each
// holding 50 of the year's weeks. Every file is a weekly review as
// `rhythm weekly` writes it: front matter with participants, customers, flags carried forward
// with their first week (`since`), resolved flags and a confidence score; a body of 2-4 KB with
// quotes under `<!-- q:heard -->`, value claims with evidence under `<!-- q:value -->`, two prose
// answers, and a task list of actions with @owner, due: and #tags, carried with since: until
// done or dropped. Deterministic: the same seed writes byte-identical files.
//
// The files are written directly (not through the tool's writer) for speed; the benchmark runs
// `rhythm check` on the 1,000-file workbook and fails if it finds any problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSeed, mulberry32 } from '../scripts/seeded-random.mjs';

export const FILES_PER_TEAM = 250;
export const FIRST_MONDAY = '2022-01-03'; // Monday of 2022-W01
export const WEEKS = 261; // 2022-W01 … 2026-W53
/** A one-year workbook (`year`): each team held 50 of the year's weeks. */
export const WEEKS_IN_YEAR_HELD = 50;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

function rng(...parts) {
  const next = mulberry32(hashSeed(parts.join('/')));
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const sample = (items, count) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, count);
  };
  return { next, int, pick, sample, chance: (p) => next() < p };
}

// ---------------------------------------------------------------------------------------------
// Calendar: ISO weeks, computed in UTC so the result never depends on the machine's time zone

const DAY = 86_400_000;

function dayString(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoWeekLabel(mondayMs) {
  const thursday = new Date(mondayMs + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The 261 weeks of the data: label, Monday, Tuesday (the review's date) and index. */
export function weeks() {
  const first = Date.parse(`${FIRST_MONDAY}T00:00:00Z`);
  return Array.from({ length: WEEKS }, (_, index) => {
    const monday = first + index * 7 * DAY;
    return { index, label: isoWeekLabel(monday), monday, date: dayString(monday + DAY) };
  });
}

// ---------------------------------------------------------------------------------------------
// Word banks

const PEOPLE = ['ana', 'bo', 'chidi', 'dana', 'eli', 'farah', 'gus', 'hana', 'ivo', 'jun', 'kemal', 'lena', 'mo', 'nia', 'oskar', 'pia'];
const COMPANY_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Tyrell', 'Wayne', 'Stark', 'Wonka', 'Soylent', 'Cyberdyne', 'Vandelay', 'Pied Piper', 'Dunder', 'Massive', 'Oscorp', 'Aperture', 'Gringotts', 'Monarch', 'Nakatomi'];
const COMPANY_B = ['Corp', 'Health', 'Biotech', 'Logistics', 'Retail', 'Energy', 'Bank', 'Foods', 'Media', 'Labs'];
const TAGS = ['reporting', 'onboarding', 'support', 'training', 'integrations', 'billing', 'performance', 'security', 'mobile', 'exports', 'dashboards', 'sso', 'pricing', 'renewal', 'adoption'];
const QUOTE_OPENERS = [
  'We still rebuild the month-end numbers by hand',
  'The new export saves our analysts most of a day',
  'Nobody on the plant floor opens the dashboards',
  'Our admins cannot find where the permissions live',
  'The training was good, but half the team missed it',
  'We stopped raising tickets because nothing seemed to happen',
  'The board pack came out of your tool this month',
  'Our finance lead finally trusts the revenue figures',
  'The API limits hurt us every Monday morning',
  'We would pay more if the mobile app worked offline',
  'Your release notes are the first thing our team reads',
  'The sandbox let us try things without breaking production',
];
const QUOTE_TAILS = [
  'and that is where our week goes',
  'which is why the renewal conversation is hard',
  'so we built a spreadsheet next to it',
  'and our sponsor noticed it in the steering meeting',
  'but we have not told the regional teams yet',
  'so please do not change it without asking us',
  'and the auditors asked for the same thing',
  'which nobody on our side expected',
];
const CLAIMS = [
  'month-end export adopted by {n} analysts',
  'time to first dashboard down from {n} days to two',
  '{n} of their admins trained and active',
  'support tickets down {n} percent since the fix',
  'the board pack built in the tool for {n} months running',
  'single sign-on live for {n} seats',
  'renewal signed for {n} more seats',
];
const EVIDENCE = ['usage data', "customer's words", 'survey', 'renewal', 'support tickets', 'their sponsor in the QBR'];
const HARD = [
  'They told us the onboarding felt like it was designed for our convenience, not theirs.',
  'Their sponsor said that our quarterly reviews are a sales pitch with charts.',
  'An analyst said she would not recommend us to a peer until the exports are reliable.',
  'They compared our support unfavourably with a competitor they dropped two years ago.',
  'Their IT lead said every release breaks something they depend on.',
  'The new head of operations does not know who we are or what we do for them.',
  'They said our roadmap promises are the reason they keep a second vendor.',
  'Their finance team still reconciles our numbers against their warehouse every week.',
];
const ASSUME = [
  'We assume the champion still has the budget, but nobody has asked since the reorganisation.',
  'We assume the silence means things are fine; it may mean they stopped trying.',
  'We think the regional teams use the dashboards, yet we only ever talk to headquarters.',
  'We assume the renewal is safe because the usage is high, but usage is not value.',
  'We believe the integration is what they value most; they have never said so.',
  'We assume the new sponsor knows the history of the account.',
];
const REASONS = [
  'onboarding stalled, no trained admin',
  'dashboards unused since the migration',
  'sponsor left and nobody owns the rollout',
  'export broken for their largest region',
  'security review blocks single sign-on',
  'billing dispute froze the expansion',
  'key integration still failing nightly',
];
const NOTES = ['admin trained and seats active again', 'new sponsor named and rollout plan agreed', 'fix shipped and confirmed by their analyst', 'security review passed, SSO live'];
const ACTION_VERBS = ['Call', 'Write up for', 'Run a workshop with', 'Send the release plan to', 'Review the dashboards of', 'Book a steering meeting with', 'Check the export fix with', 'Train the admins of'];
const ACTION_OBJECTS = ['the sponsor', 'the analysts', 'the finance lead', 'the regional teams', 'the IT lead', 'the new head of operations', 'the power users'];

// ---------------------------------------------------------------------------------------------
// Workbook

export function registry(count = 400) {
  return Array.from({ length: count }, (_, index) => {
    const name = `${COMPANY_A[index % COMPANY_A.length]} ${COMPANY_B[Math.floor(index / COMPANY_A.length) % COMPANY_B.length]}${index >= COMPANY_A.length * COMPANY_B.length ? ` ${Math.floor(index / (COMPANY_A.length * COMPANY_B.length)) + 1}` : ''}`;
    return { id: `c${String(index + 1).padStart(3, '0')}`, name };
  });
}

export function teamId(index) {
  return `team-${String(index + 1).padStart(3, '0')}`;
}

function writeFile(path, text) {
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

/**
 * Write a workbook of `files` weekly reviews into `dir`: five years, 250 a team (`files` a multiple
 * of 250), or with `year` (2022 to 2026) that year alone, 50 a team (a multiple of 50). `prose`
 * multiplies the prose of every file (quotes, claims, answers). Returns { dir, files, bytes, teams }.
 */
export function generateWorkbook(dir, { files, prose = 1, seed = 'rhythm-bench', year }) {
  const perTeam = year === undefined ? FILES_PER_TEAM : WEEKS_IN_YEAR_HELD;
  if (files % perTeam !== 0) throw new Error(`files must be a multiple of ${perTeam}`);
  const teamCount = files / perTeam;
  const customers = registry();
  const calendar = year === undefined ? weeks() : weeks().filter((week) => week.label.startsWith(`${year}-`));
  mkdirSync(join(dir, 'rhythm'), { recursive: true });
  let bytes = 0;
  const teams = Array.from({ length: teamCount }, (_, index) => {
    const r = rng(seed, 'team', index);
    return { id: teamId(index), name: `Team ${index + 1} Customer Success`, members: r.sample(PEOPLE, r.int(3, 5)) };
  });
  bytes += writeFile(
    join(dir, 'rhythm.yaml'),
    [
      '# Synthetic workbook of the rhythm benchmark (bench/generate.mjs)',
      'workbook: rhythm',
      'fiscalYearStartMonth: 1',
      'teams:',
      ...teams.map((team) => `  - { id: ${team.id}, name: ${team.name}, members: [${team.members.join(', ')}] }`),
      'git:',
      '  commit: false',
      'escalateAfterWeeks: 3',
      '',
    ].join('\n'),
  );
  bytes += writeFile(join(dir, 'rhythm', 'customers.yaml'), `customers:\n${customers.map((c) => `  - id: ${c.id}\n    name: ${c.name}\n`).join('')}`);
  for (const [index, team] of teams.entries()) {
    bytes += writeTeam(dir, team, index, customers, calendar, prose, seed);
  }
  return { dir, files, bytes, teams: teamCount };
}

function writeTeam(dir, team, teamIndex, customers, calendar, prose, seed) {
  const r = rng(seed, team.id);
  const folder = join(dir, 'rhythm', team.id, 'weekly');
  mkdirSync(folder, { recursive: true });
  const portfolio = r.sample(customers, 12);
  const held = calendar.length === WEEKS ? FILES_PER_TEAM : WEEKS_IN_YEAR_HELD;
  const missed = new Set(r.sample(calendar.map((week) => week.index), calendar.length - held));
  /** customer id → { reason, since } */
  const flags = new Map();
  /** { title, owner, due, tags, since } */
  let actions = [];
  let bytes = 0;
  let actionNumber = 0;
  for (const week of calendar) {
    if (missed.has(week.index)) continue;
    const w = rng(seed, team.id, week.label);
    const talked = w.sample(portfolio, w.int(2, 6));
    const participants = w.sample(team.members, w.int(2, team.members.length));

    // Flags: carried with their first week, resolved (recorded once), or newly raised.
    const resolved = [];
    for (const [customer, flag] of [...flags]) {
      if (w.chance(0.3)) {
        resolved.push({ customer, since: flag.since, reason: flag.reason, note: w.pick(NOTES) });
        flags.delete(customer);
      } else if (w.chance(0.2)) flag.reason = w.pick(REASONS);
    }
    if (w.chance(0.2)) {
      const candidate = w.pick(portfolio);
      if (!flags.has(candidate.id) && !resolved.some((entry) => entry.customer === candidate.id)) flags.set(candidate.id, { reason: w.pick(REASONS), since: week.label });
    }

    // Actions: last week's open actions come back with their first week; a few close each week.
    const lines = [];
    const stillOpen = [];
    for (const action of actions) {
      const roll = w.next();
      const state = roll < 0.4 ? 'x' : roll < 0.45 ? '-' : ' ';
      lines.push(actionLine(state, action));
      if (state === ' ') stillOpen.push(action);
    }
    const fresh = [];
    for (let i = w.int(1, 3); i > 0 && stillOpen.length + fresh.length < 9; i--) {
      const customer = w.pick(portfolio);
      const due = dayString(week.monday + w.int(3, 28) * DAY);
      const action = {
        title: `${w.pick(ACTION_VERBS)} ${customer.name}: ${w.pick(ACTION_OBJECTS)} (${++actionNumber})`,
        owner: w.pick(participants),
        due,
        tags: [customer.id, ...(w.chance(0.5) ? [w.pick(TAGS)] : [])],
        since: week.label,
      };
      lines.push(actionLine(' ', { ...action, since: undefined }));
      fresh.push(action);
    }
    actions = [...stillOpen, ...fresh];

    const frontMatter = [
      '---',
      'rhythm: 1',
      'ritual: weekly',
      `period: ${week.label}`,
      `team: ${team.id}`,
      `date: ${week.date}`,
      `participants: [${participants.join(', ')}]`,
      `customers: [${talked.map((c) => c.id).join(', ')}]`,
      ...(flags.size === 0
        ? ['flags: []']
        : ['flags:', ...[...flags].flatMap(([customer, flag]) => [`  - customer: ${customer}`, `    reason: ${flag.reason}`, `    since: ${flag.since}`])]),
      'scores:',
      `  value_confidence: ${w.int(1, 5)}`,
      ...(resolved.length === 0
        ? []
        : ['resolved:', ...resolved.flatMap((entry) => [`  - customer: ${entry.customer}`, `    since: ${entry.since}`, `    reason: ${entry.reason}`, `    note: ${entry.note}`])]),
      '---',
    ];
    const heard = [];
    for (let i = w.int(3, 6) * prose; i > 0; i--) {
      const customer = w.chance(0.9) ? w.pick(talked) : { name: w.pick(['Their CFO', 'A regional lead', 'Their new sponsor']) };
      heard.push(`- ${customer.name}: "${w.pick(QUOTE_OPENERS)}, ${w.pick(QUOTE_TAILS)}." #${w.pick(TAGS)}${w.chance(0.3) ? ` #${w.pick(TAGS)}` : ''}`);
    }
    const value = [];
    for (let i = w.int(1, 3) * prose; i > 0; i--) {
      const customer = w.pick(talked);
      value.push(`- ${customer.name}: ${w.pick(CLAIMS).replace('{n}', String(w.int(2, 40)))}${w.chance(0.8) ? ` (evidence: ${w.pick(EVIDENCE)})` : ''}`);
    }
    const paragraphs = (bank, count) =>
      Array.from({ length: count }, () => Array.from({ length: w.int(2, 4) }, () => w.pick(bank)).join(' ')).join('\n\n');
    const body = [
      `# Weekly customer review — ${week.label} (${team.name})`,
      '',
      "_Ten to fifteen minutes, every week, from the customer's side of the table._",
      '',
      '## What did we hear, in their words?  <!-- q:heard -->',
      '',
      ...heard,
      '',
      '## What value did we deliver, and how do we know?  <!-- q:value -->',
      '',
      ...value,
      '',
      '## What did a customer tell us that was hard to hear?  <!-- q:hard_to_hear -->',
      '',
      paragraphs(HARD, w.int(1, 2) * prose),
      '',
      '## What are we assuming about a customer that we have not heard from them?  <!-- q:assumptions -->',
      '',
      paragraphs(ASSUME, prose),
      '',
      '## What will we do about it?  <!-- q:actions -->',
      '',
      ...lines,
      '',
    ];
    bytes += writeFile(join(folder, `${week.label}.md`), `${frontMatter.join('\n')}\n${body.join('\n')}`);
  }
  void teamIndex;
  return bytes;
}

function actionLine(state, action) {
  return `- [${state}] ${action.title} @${action.owner} due:${action.due}${action.tags.map((tag) => ` #${tag}`).join('')}${action.since ? ` since:${action.since}` : ''}`;
}
