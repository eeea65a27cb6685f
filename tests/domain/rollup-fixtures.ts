/**
 * Review files for rollup tests, written as text and read back with parseReview, so the
 * fixtures look like what people keep in git.
 */
import { defaultConfig, type Config } from '../../src/domain/config.js';
import type { Calendar } from '../../src/domain/period.js';
import type { Customer } from '../../src/domain/registry.js';
import { parseReview, type Review } from '../../src/domain/review.js';

export interface ReviewSpec {
  ritual?: string;
  period: string;
  team?: string;
  date?: string;
  participants?: string[];
  customers?: string[];
  flags?: { customer: string; reason?: string; since?: string }[];
  resolved?: { customer: string; since?: string; note?: string }[];
  scores?: Record<string, number>;
  heard?: string[];
  value?: string[];
  /** Task-list lines without the leading `- `, e.g. `[ ] Call Acme @ana due:2026-10-09`. */
  actions?: string[];
}

export function reviewText(spec: ReviewSpec): string {
  const data: Record<string, unknown> = { rhythm: 1, ritual: spec.ritual ?? 'weekly', period: spec.period };
  if (spec.team) data.team = spec.team;
  if (spec.date) data.date = spec.date;
  for (const key of ['participants', 'customers', 'flags', 'resolved', 'scores'] as const) if (spec[key] !== undefined) data[key] = spec[key];
  // JSON is YAML: one key per line keeps the front matter readable in a failing test.
  const frontMatter = Object.entries(data)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
  const section = (id: string, heading: string, lines: string[] | undefined) =>
    lines === undefined ? '' : `\n## ${heading}  <!-- q:${id} -->\n\n${lines.join('\n')}\n`;
  return [
    `---\n${frontMatter}\n---\n# Weekly customer review — ${spec.period}\n`,
    section('heard', 'What we heard', spec.heard?.map((item) => `- ${item}`)),
    section('value', 'Value delivered', spec.value?.map((item) => `- ${item}`)),
    section('actions', 'Actions', spec.actions?.map((item) => `- ${item}`)),
  ].join('');
}

export function review(spec: ReviewSpec, calendar: Calendar = { fiscalYearStartMonth: 1 }): Review {
  const ritual = spec.ritual ?? 'weekly';
  const file = `rhythm/${spec.team ? `${spec.team}/` : ''}${ritual}/${spec.period}.md`;
  const parsed = parseReview(reviewText(spec), file, calendar);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error');
  if (!parsed.review || errors.length > 0) throw new Error(`fixture ${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.review;
}

export function config(overrides: Partial<Config> = {}): Config {
  return { ...defaultConfig(), ...overrides };
}

export const registry: Customer[] = [
  { id: 'acme', name: 'Acme Corp' },
  { id: 'globex', name: 'Globex' },
  { id: 'hooli', name: 'Hooli', segment: 'enterprise' },
  { id: 'initech', name: 'Initech' },
];

/**
 * One team's fourth quarter of 2026 up to Thursday 26 November (W48). Weeks W43 and W46 were
 * skipped; the quarterly review is not held yet. Figures expected from it are worked out by hand
 * in rollup.test.ts.
 */
export const TODAY = '2026-11-26';

export function emeaQ4(): Review[] {
  const team = 'emea-cs';
  return [
    // Q3: outside the period, must not count.
    review({
      team,
      period: '2026-W39',
      date: '2026-09-24',
      participants: ['ana'],
      customers: ['hooli'],
      flags: [{ customer: 'globex', reason: 'onboarding stalled', since: '2026-W38' }],
      actions: ['[ ] Old thing @ana'],
    }),
    review({
      team,
      period: '2026-W40',
      date: '2026-10-01',
      participants: ['ana', 'bo'],
      customers: ['acme', 'globex'],
      flags: [{ customer: 'globex', reason: 'onboarding stalled', since: '2026-W38' }],
      scores: { value_confidence: 3 },
      heard: ['Acme: "The export saves our analysts a day." #reporting'],
      value: ['Acme: export adopted by 12 analysts (evidence: usage data)'],
      actions: ["[ ] Call Globex's sponsor @ana due:2026-10-09", '[ ] Renew contract @cy since:2026-W37'],
    }),
    review({
      team,
      period: '2026-W41',
      date: '2026-10-08',
      participants: ['ana'],
      customers: ['globex'],
      flags: [{ customer: 'globex', reason: 'onboarding stalled', since: '2026-W38' }],
      scores: { value_confidence: 2 },
      actions: [
        "[x] Call Globex's sponsor @ana due:2026-10-09 since:2026-W40",
        '[x] Renew contract @cy since:2026-W37',
        '[ ] Run admin training @bo due:2026-10-30 #globex',
      ],
    }),
    review({
      team,
      period: '2026-W42',
      date: '2026-10-15',
      participants: ['ana', 'bo'],
      customers: ['acme'],
      flags: [{ customer: 'initech', reason: 'no usage', since: '2026-W42' }],
      resolved: [{ customer: 'globex', since: '2026-W38', note: 'admin trained' }],
      scores: { value_confidence: 4 },
      actions: ['[ ] Run admin training @bo due:2026-10-30 #globex since:2026-W41'],
    }),
    review({
      team,
      period: '2026-W44',
      date: '2026-10-29',
      participants: ['bo'],
      customers: ['initech'],
      flags: [{ customer: 'initech', reason: 'no usage', since: '2026-W42' }],
      scores: { value_confidence: 3 },
      heard: ['Initech: "We don\'t use it." #adoption', 'Someone: "hello"'],
      actions: ['[-] Run admin training @bo due:2026-10-30 #globex since:2026-W41'],
    }),
    review({
      team,
      period: '2026-W45',
      date: '2026-11-05',
      participants: ['ana'],
      customers: ['acme', 'initech'],
      scores: { value_confidence: 4 },
      actions: ['[ ] Send QBR deck @ana due:2026-11-20'],
    }),
    review({
      team,
      period: '2026-W47',
      date: '2026-11-19',
      participants: ['ana', 'bo'],
      customers: ['globex'],
      flags: [{ customer: 'globex', reason: 'renewal at risk', since: '2026-W47' }],
      scores: { value_confidence: 2 },
      value: ['Globex: nothing yet'],
      actions: ['[ ] Send QBR deck @ana due:2026-11-20 since:2026-W45'],
    }),
    review({
      team,
      period: '2026-W48',
      date: '2026-11-26',
      participants: ['ana', 'bo'],
      customers: ['globex', 'acme'],
      flags: [{ customer: 'globex', reason: 'renewal at risk', since: '2026-W47' }],
      scores: { value_confidence: 3 },
      heard: ['acme: "Reports are faster." #reporting #speed'],
      actions: ['[ ] Send QBR deck @ana due:2026-11-20 since:2026-W45', '[ ] Fix SSO #sso'],
    }),
  ];
}
