import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReview } from '../../src/domain/review.js';
import { main } from '../../src/main.js';
import { testContext } from '../helpers/context.js';
import { CONFIG, git, read, REGISTRY, tempRepo, writeFiles } from '../helpers/workbook.js';

const calendar = { fiscalYearStartMonth: 1 };
const WEEK = 'rhythm/emea-cs/weekly/2026-W48.md';

function workbook(files: Record<string, string> = {}) {
  const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY, ...files });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'setup');
  return dir;
}

async function run(dir: string, ...argv: string[]) {
  const context = testContext({ cwd: dir });
  const code = await main(argv, context);
  return { code, out: context.out(), err: context.err() };
}

function review(dir: string, path = WEEK) {
  const { review, problems } = parseReview(read(dir, path), path, calendar);
  expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return review!;
}

/** The previous week, held: an open flag on Globex since W46 and two open actions. */
const W47 = `---
rhythm: 1
ritual: weekly
period: 2026-W47
team: emea-cs
date: 2026-11-17
participants: [ana, bo]
customers: [globex]
flags:
  - customer: globex
    reason: onboarding stalled
    since: 2026-W46
scores:
  value_confidence: 3
---
# Weekly

## What will we do about it?  <!-- q:actions -->

- [ ] Call Globex sponsor @ana due:2026-11-20 #globex
- [ ] Send the renewal proposal @bo
`;

const HELD_W48 = `---
rhythm: 1
ritual: weekly
period: 2026-W48
team: emea-cs
date: 2026-11-23
participants: [ana]
customers: [initech]   # our own comment
flags: []
scores:
  value_confidence: 4
---
# Weekly

## What did we hear, in their words?  <!-- q:heard -->

- Initech: "Fine." #ok

Notes of our own, kept.

## What will we do about it?  <!-- q:actions -->

- [ ] Book the QBR with Initech @ana
`;

describe('rhythm heard', () => {
  it('creates the week\'s review in progress with the quote and the customer, and commits it', async () => {
    const dir = workbook();
    const { code, out, err } = await run(dir, 'heard', 'acme', 'The export saves our analysts a day. #reporting');
    expect(code, err).toBe(0);
    expect(out.trim()).toBe(WEEK);
    const text = read(dir, WEEK);
    expect(text).toContain('status: in-progress');
    const parsed = review(dir);
    expect(parsed).toMatchObject({ inProgress: true, customers: ['acme'], date: '2026-11-24', team: 'emea-cs' });
    expect(parsed.sections.heard).toBe('- Acme Corp: "The export saves our analysts a day." #reporting');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('rhythm: heard acme (weekly 2026-W48, emea-cs)');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // check accepts a review in progress.
    const check = await run(dir, 'check');
    expect(check.code, check.out + check.err).toBe(0);
  });

  it('adds to an existing review (held stays held), touching nothing else', async () => {
    const dir = workbook({ [WEEK]: HELD_W48 });
    expect((await run(dir, 'heard', 'ACME CORP', '"We need SSO." #security')).code).toBe(0);
    const text = read(dir, WEEK);
    expect(text).toBe(
      HELD_W48.replace('customers: [initech]   # our own comment', 'customers: [initech, acme] # our own comment').replace(
        '- Initech: "Fine." #ok\n\nNotes of our own, kept.\n',
        '- Initech: "Fine." #ok\n\nNotes of our own, kept.\n- Acme Corp: "We need SSO." #security\n',
      ),
    );
    expect(review(dir).inProgress).toBeUndefined();
  });

  it('keeps a CRLF file CRLF (and its byte order mark)', async () => {
    const dir = workbook({ [WEEK]: `\uFEFF${HELD_W48.replace(/\n/g, '\r\n')}` });
    expect((await run(dir, 'heard', 'globex', 'We feel like a number')).code).toBe(0);
    const text = read(dir, WEEK);
    expect(text.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(review(dir).sections.heard).toContain('- Globex: "We feel like a number"');
  });

  it('refuses an unknown customer in one line, with "did you mean"', async () => {
    const dir = workbook();
    const refused = await run(dir, 'heard', 'acmee', 'hello');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^rhythm: unknown customer "acmee": did you mean acme \(Acme Corp\)\? [^\n]*\n$/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('--no-commit writes without committing; git.commit: false too', async () => {
    const dir = workbook();
    expect((await run(dir, 'heard', 'acme', 'hi', '--no-commit')).code).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toContain('?? rhythm/emea-cs/');
    const other = workbook({ 'rhythm.yaml': `${CONFIG}git: { commit: false }\n` });
    const result = await run(other, 'heard', 'acme', 'hi');
    expect(result.err).toContain('not committed');
    expect(git(other, 'log', '--format=%s').trim()).toBe('setup');
  });

  it('--date chooses the week', async () => {
    const dir = workbook();
    expect((await run(dir, 'heard', 'acme', 'hi', '--date', '2026-11-10')).code).toBe(0);
    expect(review(dir, 'rhythm/emea-cs/weekly/2026-W46.md')).toMatchObject({ date: '2026-11-10', inProgress: true });
  });
});

describe('rhythm flag', () => {
  it('keeps the first week of the previous weekly\'s open flag, else this week', async () => {
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': W47 });
    expect((await run(dir, 'flag', 'globex', 'still no trained admin')).code).toBe(0);
    expect((await run(dir, 'flag', 'Initech', 'usage dropped by half')).code).toBe(0);
    expect(review(dir).flags).toEqual([
      { customer: 'globex', reason: 'still no trained admin', since: '2026-W46' },
      { customer: 'initech', reason: 'usage dropped by half', since: '2026-W48' },
    ]);
    // The same flag again changes nothing.
    const again = await run(dir, 'flag', 'globex', 'still no trained admin');
    expect(again.err).toContain('already flagged');
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toHaveLength(3);
  });
  it('looks past a review in progress that does not list the flag, to the latest held weekly', async () => {
    const w46 = W47.replaceAll('2026-W47', '2026-W46').replace('date: 2026-11-17', 'date: 2026-11-10').replace('since: 2026-W46', 'since: 2026-W45');
    const inProgressW47 = '---\nrhythm: 1\nritual: weekly\nperiod: 2026-W47\nteam: emea-cs\nstatus: in-progress\ncustomers: [acme]\n---\n# W\n';
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W46.md': w46, 'rhythm/emea-cs/weekly/2026-W47.md': inProgressW47 });
    expect((await run(dir, 'flag', 'globex', 'still stalled')).code).toBe(0);
    expect(review(dir).flags).toEqual([{ customer: 'globex', reason: 'still stalled', since: '2026-W45' }]);
  });
});

describe('rhythm action', () => {
  it('adds an open task item; the same words again are already listed', async () => {
    const dir = workbook({ [WEEK]: HELD_W48 });
    expect((await run(dir, 'action', 'Send Acme the SSO roadmap @bo due:2026-12-04 #acme')).code).toBe(0);
    expect(read(dir, WEEK)).toContain('- [ ] Book the QBR with Initech @ana\n- [ ] Send Acme the SSO roadmap @bo due:2026-12-04 #acme\n');
    const again = await run(dir, 'action', 'send acme the SSO roadmap.');
    expect(again.err).toContain('already lists');
  });

  it('refuses a due date that is no date', async () => {
    const dir = workbook();
    expect(await run(dir, 'action', 'Call Acme due:friday')).toEqual({ code: 2, out: '', err: 'rhythm: due:friday is not a date: use due:YYYY-MM-DD\n' });
  });
});

describe('rhythm done', () => {
  it('carries an action of an older review into the week ticked, with its since:, and the ledger sees it done', async () => {
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': W47 });
    const listed = await run(dir, 'actions', '--json');
    const actions = JSON.parse(listed.out).actions as { id: string; title: string }[];
    const call = actions.find((action) => action.title === 'Call Globex sponsor')!;
    expect(call.id).toMatch(/^[0-9a-f]{4,}$/);
    expect((await run(dir, 'done', call.id)).code).toBe(0);
    const week = review(dir);
    expect(week.inProgress).toBe(true);
    expect(read(dir, WEEK)).toContain('- [x] Call Globex sponsor @ana due:2026-11-20 #globex since:2026-W47');
    const after = JSON.parse((await run(dir, 'actions', '--json')).out).actions as { title: string }[];
    expect(after.map((action) => action.title)).toEqual(['Send the renewal proposal']);
    // Done is done: again, nothing changes.
    const again = await run(dir, 'done', call.id);
    expect(again.code).toBe(0);
    expect(again.err).toContain('already done in 2026-W48');
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toHaveLength(2);
  });

  it('ticks the box in place when the week lists it, by words', async () => {
    const dir = workbook({ [WEEK]: HELD_W48 });
    expect((await run(dir, 'done', 'qbr')).code).toBe(0);
    expect(read(dir, WEEK)).toBe(HELD_W48.replace('- [ ] Book the QBR', '- [x] Book the QBR'));
  });

  it('lists the actions several words match, with their ids, and exits 1; none is one line', async () => {
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': W47.replace('Send the renewal proposal', 'Call Globex finance') });
    const many = await run(dir, 'done', 'call', 'globex');
    expect(many.code).toBe(1);
    expect(many.err).toBe('rhythm: 2 open actions match "call globex": run rhythm done <id> with the id of the one you mean\n');
    expect(many.out.trim().split('\n')).toEqual([expect.stringMatching(/^[0-9a-f]{4,} {2}Call Globex finance @bo \(emea-cs, 2026-W47\)$/), expect.stringMatching(/^[0-9a-f]{4,} {2}Call Globex sponsor @ana due:2026-11-20 \(emea-cs, 2026-W47\)$/)]);
    expect(await run(dir, 'done', 'nothing like it')).toEqual({ code: 1, out: '', err: 'rhythm: no open action matches "nothing like it": rhythm actions lists them with their ids\n' });
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('rhythm done, an action written twice alike', () => {
  it('says the copies are one line too many and where, since no id tells them apart', async () => {
    const twice = W47.replace('- [ ] Send the renewal proposal @bo', '- [ ] Send the renewal proposal @bo\n- [ ] Send the renewal proposal @bo');
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': twice });
    const listed = JSON.parse((await run(dir, 'actions', '--json')).out).actions as { id: string; title: string }[];
    const copies = listed.filter((action) => action.title === 'Send the renewal proposal');
    expect(copies).toHaveLength(2);
    expect(copies[0]!.id).toBe(copies[1]!.id);
    const done = await run(dir, 'done', copies[0]!.id);
    expect(done.code).toBe(1);
    expect(done.err).toBe(
      `rhythm: 2 open actions match "${copies[0]!.id}", written alike (the same words, owner and week) in rhythm/emea-cs/weekly/2026-W47.md: tick the box there of each that is done, or delete the line written twice\n`,
    );
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('ticks the copy still open when the week lists one ticked already', async () => {
    const alike = HELD_W48.replace('- [ ] Book the QBR with Initech @ana', '- [x] Book the QBR with Initech @ana\n- [ ] Book the QBR with Initech @ana');
    const dir = workbook({ [WEEK]: alike });
    expect((await run(dir, 'done', 'qbr')).code).toBe(0);
    expect(read(dir, WEEK)).toBe(HELD_W48.replace('- [ ] Book the QBR with Initech @ana', '- [x] Book the QBR with Initech @ana\n- [x] Book the QBR with Initech @ana'));
    expect(JSON.parse((await run(dir, 'actions', '--json')).out).actions).toEqual([]);
  });
});

describe('rhythm weekly over a review in progress', () => {
  it('starts from what was captured, asks only the rest, and holds it', async () => {
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': W47 });
    for (const argv of [
      ['heard', 'acme', 'The export saves a day #reporting'],
      ['flag', 'globex', 'still no trained admin'],
      ['action', 'Run admin training for Globex @bo due:2026-12-01'],
      ['done', 'call globex sponsor'],
    ])
      expect((await run(dir, ...argv)).code).toBe(0);
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, 'customers: [globex]\nvalue_confidence: 4\ncarry: { actions: { Send the renewal: open } }\n');
    const held = await run(dir, 'weekly', '--answers', answers, '--no-input');
    expect(held.code, held.err).toBe(0);
    const week = review(dir);
    expect(week.inProgress).toBeUndefined();
    expect(read(dir, WEEK)).not.toContain('status:');
    expect(week).toMatchObject({ customers: ['acme', 'globex'], scores: { value_confidence: 4 }, date: '2026-11-24', participants: ['ana', 'bo'] });
    expect(week.flags).toEqual([{ customer: 'globex', reason: 'still no trained admin', since: '2026-W46' }]);
    expect(week.sections.heard).toBe('- Acme Corp: "The export saves a day" #reporting');
    expect(week.actions.map((action) => [action.state, action.title, action.since])).toEqual([
      ['open', 'Send the renewal proposal', '2026-W47'],
      ['open', 'Run admin training for Globex', undefined],
      ['done', 'Call Globex sponsor', '2026-W47'],
    ]);
    // A held review needs --amend again.
    expect((await run(dir, 'weekly', '--answers', answers, '--no-input')).err).toContain('already exists: run with --amend');
  });
});

describe('a review in progress in status', () => {
  it('is not held: status says in progress', async () => {
    const dir = workbook({ 'rhythm/emea-cs/weekly/2026-W47.md': W47 });
    writeFiles(dir, {});
    expect((await run(dir, 'heard', 'acme', 'hi')).code).toBe(0);
    const status = await run(dir, 'status', '--json');
    const weekly = JSON.parse(status.out).teams[0].rituals.find((ritual: { ritual: string }) => ritual.ritual === 'weekly');
    expect(weekly).toMatchObject({ current: '2026-W48', currentHeld: false, inProgress: '2026-W48', lastHeld: '2026-W47', streak: 1 });
    expect((await run(dir, 'status')).out).toContain('in progress: 2026-W48');
  });
});
