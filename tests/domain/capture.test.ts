import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionHash, findActions, shortIds } from '../../src/domain/action-ids.js';
import { addCustomer, addFlag, appendToSection, changeText, findCustomer, joinCaptured, notYetCaptured, quoteItem, tickLine } from '../../src/domain/capture.js';
import { checkReview } from '../../src/domain/check.js';
import { openItemsOf } from '../../src/domain/carry.js';
import { defaultConfig } from '../../src/domain/config.js';
import { answersOf, applyAnswers, parseReview, renderNewReview, type Review, type ReviewMeta } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { ritualStatus } from '../../src/domain/status.js';
import { parseTemplate } from '../../src/domain/template.js';

const calendar = { fiscalYearStartMonth: 1 };
const weekly = parseTemplate(readFileSync(new URL('../../templates/weekly.md', import.meta.url), 'utf8'), 'weekly', 'templates/weekly.md');
const registry = [
  { id: 'acme', name: 'Acme Corp' },
  { id: 'globex', name: 'Globex' },
  { id: 'initech', name: 'Initech' },
];

function meta(period: string, extra: Partial<ReviewMeta> = {}): ReviewMeta {
  return { ritual: 'weekly', period, range: 'a week', date: '2026-11-24', participants: [], resolved: [], ...extra };
}

function parse(text: string, period = '2026-W48'): Review {
  const parsed = parseReview(text, `rhythm/weekly/${period}.md`, calendar);
  expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return parsed.review!;
}

const held = (period: string, date: string, body: Record<string, unknown> = {}, actions: string[] = []) =>
  `---\nrhythm: 1\nritual: weekly\nperiod: ${period}\ndate: ${date}\n${Object.entries(body)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n')}\n---\n# W\n\n## Actions  <!-- q:actions -->\n\n${actions.map((action) => `- ${action}`).join('\n')}\n`;

describe('the mark of a review in progress', () => {
  const captured = renderNewReview(weekly, meta('2026-W48', { inProgress: true }), { customers: ['acme'], heard: ['Acme Corp: "It saves a day." #reporting'] });

  it('is written as status: in-progress and read back', () => {
    expect(captured).toContain('\nstatus: in-progress\n');
    const review = parse(captured);
    expect(review.inProgress).toBe(true);
    expect(answersOf(review, weekly)).toMatchObject({ customers: ['acme'], heard: ['Acme Corp: "It saves a day." #reporting'] });
    // Another status of a person's own is no mark.
    expect(parse(captured.replace('status: in-progress', 'status: final')).inProgress).toBeUndefined();
  });

  it('round-trips: a capture keeps it, the ritual removes it and touches nothing else', () => {
    const review = parse(captured);
    const before = answersOf(review, weekly);
    expect(applyAnswers(captured, weekly, meta('2026-W48', { inProgress: true }), before, before)).toBe(captured);
    const heldText = applyAnswers(captured, weekly, meta('2026-W48'), before, before);
    expect(heldText).toBe(captured.replace('status: in-progress\n', ''));
    expect(parse(heldText).inProgress).toBeUndefined();
    // A person's own status stays when the review is held.
    const own = captured.replace('status: in-progress', 'status: final');
    expect(applyAnswers(own, weekly, meta('2026-W48'), before, before)).toBe(own);
  });

  it('passes rhythm check; a near miss of the mark is a warning', () => {
    const context = { config: defaultConfig(), customers: new Set(registry.map((customer) => customer.id)), templates: new Map([['weekly', weekly]]) };
    const place = { ritual: 'weekly', label: '2026-W48', text: captured };
    expect(checkReview(parse(captured), place, context)).toEqual([]);
    const typo = captured.replace('status: in-progress', 'status: in progress');
    expect(checkReview(parse(typo), { ...place, text: typo }, context)).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('status: "in progress" is not the mark of a review in progress') }),
    ]);
  });
});

describe('a review in progress in the rollup and the ledger', () => {
  // W47 held: Globex flagged since W46, an open action. W48 captured: a quote from Acme, an action ticked, a new action.
  const w47 = parse(held('2026-W47', '2026-11-17', { customers: ['globex'], flags: [{ customer: 'globex', reason: 'stalled', since: '2026-W46' }] }, ['[ ] Call Globex sponsor @ana']), '2026-W47');
  const w48 = parse(
    `${held('2026-W48', '2026-11-24', { status: 'in-progress', customers: ['acme'] }, ['[x] Call Globex sponsor @ana since:2026-W47', '[ ] Send Acme the roadmap @bo'])}\n## Heard  <!-- q:heard -->\n\n- Acme Corp: "It saves a day." #reporting\n`,
  );
  const rollup = computeRollup({
    reviews: [w47, w48],
    config: defaultConfig(),
    customers: registry,
    period: { kind: 'quarter', year: 2026, quarter: 4 },
    today: '2026-11-26',
  });
  const team = rollup.teams[0]!;

  it('is not held: its week is in progress, not held, and not missing while under way', () => {
    const row = team.cadence.find((candidate) => candidate.ritual === 'weekly')!;
    expect(row).toMatchObject({ held: ['2026-W47'], inProgress: ['2026-W48'], lastHeld: '2026-W47', streak: 1 });
    expect(row.expected).not.toContain('2026-W48');
    expect(row.participants).toEqual([]);
  });

  it('counts what it captured: the contact, the quote, the actions', () => {
    expect(team.customers.find((customer) => customer.customer === 'acme')?.contactWeeks).toEqual(['2026-W48']);
    expect(team.quotes).toEqual([expect.objectContaining({ customer: 'acme', period: '2026-W48', tags: ['reporting'] })]);
    expect(team.actions.map((action) => [action.title, action.state, action.closedIn ?? null])).toEqual([
      ['Call Globex sponsor', 'done', '2026-W48'],
      ['Send Acme the roadmap', 'open', null],
    ]);
  });

  it('does not resolve a flag by leaving it out', () => {
    expect(team.flags).toEqual([expect.objectContaining({ customer: 'globex', status: 'open', since: '2026-W46' })]);
    // Once the week is held without it, it is resolved that week.
    const heldW48 = parse(held('2026-W48', '2026-11-24', { customers: ['acme'] }));
    const after = computeRollup({ reviews: [w47, heldW48], config: defaultConfig(), customers: registry, period: { kind: 'quarter', year: 2026, quarter: 4 }, today: '2026-11-26' });
    expect(after.teams[0]!.flags).toEqual([expect.objectContaining({ customer: 'globex', status: 'resolved', resolvedIn: '2026-W48' })]);
  });

  it('leaves the ritual due in status, and says which period is in progress', () => {
    const ritual = defaultConfig().rituals.weekly!;
    const status = ritualStatus(ritual, new Set(['2026-W47']), '2026-11-26', calendar, undefined, new Set(['2026-W48']));
    expect(status).toMatchObject({ currentHeld: false, inProgress: '2026-W48', next: { period: '2026-W48' }, streak: 1 });
  });

  it('the weekly over it carries what it did not capture, and joins answers given in advance', () => {
    expect(notYetCaptured(openItemsOf(w47), w48)).toEqual({ from: '2026-W47', actions: [], flags: w47.flags });
    const captured = answersOf(w48, weekly);
    expect(joinCaptured(weekly, captured, { customers: ['globex', 'acme'], value_confidence: 4, actions: [{ state: 'open', title: 'send acme the roadmap.', tags: [] }] })).toMatchObject({
      customers: ['acme', 'globex'],
      value_confidence: 4,
      actions: captured.actions,
    });
  });
});

describe('capture edits', () => {
  const text = `---\nrhythm: 1\nritual: weekly\nperiod: 2026-W48\ncustomers: [initech] # ours\nflags:\n  - customer: globex\n    reason: stalled # why\n    since: 2026-W46\n---\n# W\n\n## Heard  <!-- q:heard -->\n\n- Initech: "Fine."\n\n## Actions  <!-- q:actions -->\n\n> - [ ] Call Globex @ana\n`;

  it('adds a customer, a flag, a reason, a quote, each in place', () => {
    expect(changeText(text, [addCustomer('acme'), addCustomer('acme')])).toBe(text.replace('[initech] # ours', '[initech, acme] # ours'));
    expect(changeText(text, [addFlag({ customer: 'globex', reason: 'no admin', since: '2026-W48' })])).toBe(text.replace('reason: stalled # why', 'reason: no admin # why'));
    expect(changeText(text, [addFlag({ customer: 'acme', reason: 'slow', since: '2026-W48' })])).toContain('    since: 2026-W46\n  - customer: acme\n    reason: slow\n    since: 2026-W48\n---');
    expect(changeText(text, [appendToSection({ id: 'heard', heading: 'Heard' }, ['- Acme Corp: "Hi"'])])).toBe(text.replace('- Initech: "Fine."\n', '- Initech: "Fine."\n- Acme Corp: "Hi"\n'));
    expect(changeText(text, [appendToSection({ id: 'value', heading: 'Value' }, ['- More'])])).toBe(`${text}\n## Value  <!-- q:value -->\n\n- More\n`);
  });

  it('ticks a box where it stands, in a quote too; CRLF and a byte order mark stay', () => {
    const body = parse(text).actions[0]!;
    expect(tickLine(text, body.lineIndex)).toBe(text.replace('> - [ ] Call', '> - [x] Call'));
    expect(tickLine(text, 0)).toBeUndefined();
    const windows = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    expect(changeText(windows, [(lf) => tickLine(lf, body.lineIndex)!])).toBe(`\uFEFF${text.replace('> - [ ] Call', '> - [x] Call').replace(/\n/g, '\r\n')}`);
  });

  it('finds a customer by id or name, with "did you mean"', () => {
    expect(findCustomer('ACME', registry)).toEqual({ id: 'acme' });
    expect(findCustomer('acme corp', registry)).toEqual({ id: 'acme' });
    expect(findCustomer('globx', registry)).toEqual({ problem: expect.stringMatching(/^unknown customer "globx": did you mean globex\? /) });
    expect(findCustomer('Umbrella', [])).toEqual({ id: 'umbrella' });
  });

  it('writes a quote as the weekly does', () => {
    expect(quoteItem('Acme Corp', 'It saves a day. #reporting #export')).toBe('Acme Corp: "It saves a day." #reporting #export');
    expect(quoteItem('Acme Corp', '"Already quoted" #x')).toBe('Acme Corp: "Already quoted" #x');
  });
});

describe('action ids', () => {
  const actions = [
    { team: 'emea-cs', title: 'Call Globex sponsor', owner: 'ana', since: '2026-W47', tags: ['globex'] },
    { team: 'emea-cs', title: 'Send the renewal proposal', owner: 'bo', since: '2026-W47', tags: [] },
    { team: 'apac-cs', title: 'Call Globex sponsor', owner: 'ana', since: '2026-W47', tags: [] },
  ];

  it('are stable, four hex digits or longer, unique among the open ones', () => {
    const ids = shortIds(actions);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{4,16}$/);
    // The identity is the ledger's: case, spacing and a final full stop aside.
    expect(actionHash({ ...actions[0]!, title: 'call  globex sponsor.' })).toBe(actionHash(actions[0]!));
    expect(shortIds([actions[0]!])).toEqual([ids[0]]);
  });

  it('grow past four digits only when another shares them', () => {
    const many = Array.from({ length: 3000 }, (_, index) => ({ team: 't', title: `Action ${index}`, since: '2026-W48' }));
    const ids = shortIds(many);
    expect(new Set(ids).size).toBe(3000);
    expect(ids.some((id) => id.length > 4)).toBe(true);
    expect(ids.filter((id) => id.length === 4).length).toBeGreaterThan(2000);
  });

  it('name an action by id, else by words, @owner and #tag', () => {
    const [first] = shortIds(actions);
    expect(findActions(first!, actions)).toEqual({ kind: 'one', action: actions[0] });
    expect(findActions('renewal', actions)).toEqual({ kind: 'one', action: actions[1] });
    expect(findActions('call globex', actions)).toEqual({ kind: 'many', actions: [actions[0], actions[2]] });
    expect(findActions('globex #globex', actions)).toEqual({ kind: 'one', action: actions[0] });
    expect(findActions('@bo', actions)).toEqual({ kind: 'one', action: actions[1] });
    expect(findActions('nothing', actions)).toEqual({ kind: 'none' });
  });
});
