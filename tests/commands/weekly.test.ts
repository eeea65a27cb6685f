import { describe, expect, it } from 'vitest';
import { parseReview } from '../../src/domain/review.js';
import { main } from '../../src/main.js';
import { scriptedPrompter, testContext } from '../helpers/context.js';
import { CONFIG, git, read, REGISTRY, tempRepo } from '../helpers/workbook.js';

const calendar = { fiscalYearStartMonth: 1 };

function workbook() {
  return tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
}

const firstWeek = {
  participants: [['ana', 'bo']],
  'participants:others': '',
  customers: ['acme', '+Umbrella Health', 'done'],
  'customers:new-id': 'umbrella',
  'heard:acme': ['"The export saves our analysts a day each month." #reporting', ''],
  'heard:umbrella': [''],
  'flags:customer': ['globex', 'done'],
  'flags:reason:globex': 'onboarding stalled, no trained admin',
  value: ['Acme: export adopted by 12 analysts (evidence: usage data)', ''],
  hard_to_hear: 'Globex: "We feel like a number."',
  assumptions: '',
  value_confidence: 3,
  actions: ['Call Globex sponsor @ana due:2026-11-27 #globex', 'Run admin training for Globex', ''],
  'actions:owner': 'bo',
  'actions:due': '2026-12-01',
};

describe('rhythm weekly, interactive (scripted prompter)', () => {
  it('asks every question, writes the review, adds the new customer and commits only its files', async () => {
    const dir = workbook();
    git(dir, 'add', 'rhythm.yaml');
    git(dir, 'commit', '-qm', 'config');
    // A change of the user's own, staged: it must stay staged and uncommitted.
    git(dir, 'add', 'rhythm/customers.yaml');
    const prompter = scriptedPrompter(firstWeek);
    const context = testContext({ cwd: dir, prompter, tty: true });

    expect(await main(['weekly'], context)).toBe(0);

    const text = read(dir, 'rhythm/emea-cs/weekly/2026-W48.md');
    const { review, problems } = parseReview(text, 'x.md', calendar);
    expect(problems).toEqual([]);
    expect(review).toMatchObject({
      ritual: 'weekly',
      period: '2026-W48',
      team: 'emea-cs',
      date: '2026-11-24',
      participants: ['ana', 'bo'],
      customers: ['acme', 'umbrella'],
      flags: [{ customer: 'globex', reason: 'onboarding stalled, no trained admin', since: '2026-W48' }],
      scores: { value_confidence: 3 },
    });
    expect(review?.actions.map((a) => [a.title, a.owner, a.due, a.tags])).toEqual([
      ['Call Globex sponsor', 'ana', '2026-11-27', ['globex']],
      ['Run admin training for Globex', 'bo', '2026-12-01', []],
    ]);
    expect(review?.sections.heard).toBe('- Acme Corp: "The export saves our analysts a day each month." #reporting');
    expect(text).toContain('# Weekly customer review — 2026-W48, Mon 23 Nov – Sun 29 Nov 2026 (EMEA Customer Success)');
    expect(read(dir, 'rhythm/customers.yaml')).toContain('id: umbrella');
    expect(context.out().trim()).toBe('rhythm/emea-cs/weekly/2026-W48.md');

    expect(git(dir, 'log', '-1', '--format=%s')).toBe('rhythm: weekly review 2026-W48 (emea-cs)\n');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['rhythm/customers.yaml', 'rhythm/emea-cs/weekly/2026-W48.md']);
  });

  it('keeps the user\'s other staged changes staged and out of the commit', async () => {
    const dir = workbook();
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'setup');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/notes.md`, 'my notes\n');
    git(dir, 'add', 'notes.md');
    const { actions: _a, 'actions:owner': _o, 'actions:due': _d, customers: _c, 'customers:new-id': _n, 'heard:umbrella': _u, ...rest } = firstWeek;
    const prompter = scriptedPrompter({ ...rest, customers: ['acme', 'done'], actions: [''] });
    expect(await main(['weekly'], testContext({ cwd: dir, prompter, tty: true }))).toBe(0);
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('rhythm/emea-cs/weekly/2026-W48.md');
    expect(git(dir, 'diff', '--cached', '--name-only').trim()).toBe('notes.md');
  });

  it('carries open actions and flags from the latest earlier review and asks about each', async () => {
    const dir = workbook();
    expect(await main(['weekly', '--date', '2026-11-10'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }))).toBe(0);
    // 2026-W47 was missed: named, and left missed; the carry-forward must reach back to W46.
    const prompter = scriptedPrompter({
      missed: 'later',
      participants: [['ana']],
      'participants:others': '',
      'carry:flag:globex': 'open',
      'carry:flag:globex:reason': 'admin trained, usage still flat',
      'carry:actions': [[0]],
      customers: ['globex', 'done'],
      'heard:globex': [''],
      'flags:customer': 'done',
      value: [''],
      hard_to_hear: '',
      assumptions: '',
      value_confidence: 2,
      actions: [''],
    });
    expect(await main(['weekly'], testContext({ cwd: dir, prompter, tty: true }))).toBe(0);
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(review?.flags).toEqual([{ customer: 'globex', reason: 'admin trained, usage still flat', since: '2026-W46' }]);
    expect(review?.actions.map((a) => [a.state, a.title, a.since])).toEqual([
      ['done', 'Call Globex sponsor', '2026-W46'],
      ['open', 'Run admin training for Globex', '2026-W46'],
    ]);
  });

  it('records a resolved flag and stops carrying it', async () => {
    const dir = workbook();
    await main(['weekly', '--date', '2026-11-17'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }));
    const context = testContext({ cwd: dir, prompter: scriptedPrompter({ ...resolvingWeek(), customers: ['acme', 'done'], 'heard:acme': [''] }), tty: true });
    expect(await main(['weekly'], context)).toBe(0);
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(review?.flags).toEqual([]);
    expect(review?.resolved).toEqual([{ customer: 'globex', since: '2026-W47', reason: 'onboarding stalled, no trained admin', note: 'sponsor re-engaged' }]);
    expect(review?.actions.map((a) => a.state)).toEqual(['dropped', 'done']);
  });

  it('--amend re-asks with the existing answers as defaults and keeps what a person added', async () => {
    const dir = workbook();
    await main(['weekly', '--no-commit'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }));
    const path = `${dir}/rhythm/emea-cs/weekly/2026-W48.md`;
    const { readFileSync, writeFileSync } = await import('node:fs');
    const edited = readFileSync(path, 'utf8')
      .replace('rhythm: 1', 'rhythm: 1\nmood: upbeat # our own key')
      .concat('\n## Notes from the hallway\n\nBo thinks Initech is ready to expand.\n');
    writeFileSync(path, edited);
    const prompter = scriptedPrompter({
      participants: [['ana', 'bo', '\u0000someone else']],
      'participants:others': 'cy',
      // Item by item, Enter keeps each one.
      'customers:item:0': undefined,
      'customers:item:1': undefined,
      customers: ['done'],
      'heard:item:0': undefined,
      'heard:acme': [''],
      'heard:umbrella': [''],
      'flags:item:0': undefined,
      'flags:customer': 'done',
      'value:item:0': 'keep',
      value: [''],
      hard_to_hear: undefined,
      assumptions: 'Initech wants SSO',
      value_confidence: 4,
      'actions:item:0': 'keep',
      'actions:item:1': undefined,
      actions: [''],
    });
    expect(await main(['weekly', '--amend', '--no-commit'], testContext({ cwd: dir, prompter, tty: true }))).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('mood: upbeat # our own key');
    expect(text).toContain('## Notes from the hallway\n\nBo thinks Initech is ready to expand.');
    const { review } = parseReview(text, 'x', calendar);
    expect(review?.participants).toEqual(['ana', 'bo', 'cy']);
    expect(review?.scores.value_confidence).toBe(4);
    expect(review?.sections.hard_to_hear).toBe('Globex: "We feel like a number."');
    expect(review?.sections.assumptions).toBe('Initech wants SSO');
    expect(review?.actions).toHaveLength(2);
    expect(review?.flags).toHaveLength(1);
  });

  it('Ctrl-C keeps the answers so far as a draft, the next run resumes, and the finished review removes it', async () => {
    const dir = workbook();
    const { Interrupted } = await import('../../src/errors.js');
    const { existsSync } = await import('node:fs');
    const review = `${dir}/rhythm/emea-cs/weekly/2026-W48.md`;
    const draft = `${dir}/.rhythm/drafts/emea-cs/weekly/2026-W48.json`;
    const interrupted = testContext({
      cwd: dir,
      prompter: scriptedPrompter({ ...firstWeek, value: ['Acme: export adopted (evidence: usage data)', new Interrupted()] }),
      tty: true,
    });
    expect(await main(['weekly'], interrupted)).toBe(130);
    expect(interrupted.err()).toContain('saved as a draft');
    expect(existsSync(review)).toBe(false);
    expect(existsSync(draft)).toBe(true);

    // Resuming asks only what was not answered yet.
    const { participants: _p, 'participants:others': _o, customers: _c, 'customers:new-id': _n, 'heard:acme': _h, 'heard:umbrella': _u, 'flags:customer': _fc, 'flags:reason:globex': _fr, value: _v, ...rest } = firstWeek;
    const resumed = scriptedPrompter({ 'draft:resume': true, value: ['Globex: sponsor meeting booked (evidence: customer\'s words)', ''], ...rest });
    expect(await main(['weekly'], testContext({ cwd: dir, prompter: resumed, tty: true }))).toBe(0);
    expect(resumed.asked.slice(0, 2)).toEqual(['draft:resume', 'value']);
    const { review: written } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(written?.customers).toEqual(['acme', 'umbrella']);
    expect(written?.flags.map((flag) => flag.customer)).toEqual(['globex']);
    expect(written?.sections.value).toBe('- Globex: sponsor meeting booked (evidence: customer\'s words)');
    expect(read(dir, 'rhythm/customers.yaml')).toContain('id: umbrella');
    expect(existsSync(draft)).toBe(false);
  });

  it('a prompt that fails (a terminal closing before its SIGHUP arrives) keeps the answers so far as a draft', async () => {
    const dir = workbook();
    const { existsSync, readFileSync } = await import('node:fs');
    const draft = `${dir}/.rhythm/drafts/emea-cs/weekly/2026-W48.json`;
    const failing = Object.assign(new Error('read EIO'), { code: 'EIO' });
    const context = testContext({ cwd: dir, prompter: scriptedPrompter({ ...firstWeek, value: ['Acme: export adopted (evidence: usage data)', failing] }), tty: true });
    expect(await main(['weekly'], context)).toBe(1);
    expect(context.err()).toContain('read EIO');
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W48.md`)).toBe(false);
    expect((JSON.parse(readFileSync(draft, 'utf8')) as { answered: string[] }).answered).toContain('customers');
  });

  it('saves the draft after every answer, so a process killed outright (no handler runs) loses at most the answer being typed', async () => {
    const dir = workbook();
    const { existsSync, readFileSync } = await import('node:fs');
    const draft = `${dir}/.rhythm/drafts/emea-cs/weekly/2026-W48.json`;
    const onDisk = () => (existsSync(draft) ? (JSON.parse(readFileSync(draft, 'utf8')) as { answered: string[]; answers: Record<string, unknown> }) : undefined);
    const seen: (ReturnType<typeof onDisk>)[] = [];
    const value = (answer: string) => () => {
      seen.push(onDisk());
      return answer;
    };
    const prompter = scriptedPrompter({ ...firstWeek, value: [value('Acme: export adopted (evidence: usage data)'), value('')] });
    expect(await main(['weekly', '--no-commit'], testContext({ cwd: dir, prompter, tty: true }))).toBe(0);
    expect(seen[0]?.answered).toEqual(['participants', 'customers', 'heard', 'flags']);
    expect(seen[1]).toEqual(seen[0]);
    expect(existsSync(draft)).toBe(false);
  });

  it('a dry run leaves no draft once it is finished', async () => {
    const dir = workbook();
    const { existsSync } = await import('node:fs');
    const context = testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true });
    expect(await main(['weekly', '--dry-run'], context)).toBe(0);
    expect(existsSync(`${dir}/.rhythm/drafts`)).toBe(false);
  });

  it('Ctrl-C at the first question exits 130 and leaves nothing behind', async () => {
    const dir = workbook();
    const { Interrupted } = await import('../../src/errors.js');
    const context = testContext({ cwd: dir, prompter: scriptedPrompter({ participants: [new Interrupted()] }), tty: true });
    expect(await main(['weekly'], context)).toBe(130);
    expect(context.err()).toContain('Interrupted: nothing was written.');
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dir}/rhythm/emea-cs`)).toBe(false);
    expect(existsSync(`${dir}/.rhythm`)).toBe(false);
  });
});

function resolvingWeek() {
  return {
    participants: [['ana']],
    'participants:others': '',
    'carry:flag:globex': 'resolved',
    'carry:flag:globex:note': 'sponsor re-engaged',
    'carry:actions': [[1, -1]],
    'carry:actions:drop': [[0]],
    'flags:customer': 'done',
    value: [''],
    hard_to_hear: '',
    assumptions: '',
    value_confidence: 4,
    actions: [''],
  };
}

describe('the confidence scale', () => {
  it('starts in the middle and shows last time\'s score as a reference', async () => {
    const dir = workbook();
    await main(['weekly', '--date', '2026-11-17', '--no-commit'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }));
    const prompter = scriptedPrompter({ ...resolvingWeek(), customers: ['acme', 'done'], 'heard:acme': [''] });
    const seen: { message: string; default?: unknown }[] = [];
    const select = prompter.select;
    prompter.select = async (options) => {
      if (options.key === 'value_confidence') seen.push({ message: options.message, default: options.default });
      return select(options);
    };
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], context)).toBe(0);
    expect(seen).toEqual([{ message: expect.stringContaining('(1 = not at all, 5 = fully; last time 3)'), default: 3 }]);
  });
});

describe('the five-minute weekly: fewer prompts, each said once', () => {
  it('defaults participants to last time’s, asks who else only when asked for, and shows each hint once', async () => {
    const dir = workbook();
    const lastWeek = { ...firstWeek, participants: [['ana']] };
    expect(await main(['weekly', '--date', '2026-11-17', '--no-commit'], testContext({ cwd: dir, prompter: scriptedPrompter(lastWeek), tty: true }))).toBe(0);
    const prompter = scriptedPrompter({
      participants: undefined,
      'carry:flag:globex': 'open',
      'carry:flag:globex:reason': undefined,
      'carry:actions': [[0]],
      customers: ['acme', 'globex', 'done'],
      'heard:acme': ['"Faster exports."', ''],
      'heard:globex': [''],
      'flags:customer': 'done',
      value: [''],
      hard_to_hear: '',
      assumptions: '',
      value_confidence: 3,
      actions: [''],
    });
    let checked: string[] = [];
    const recording = {
      ...prompter,
      checkbox: async <T>(prompt: { key: string; message: string; choices: { name: string; value: T; checked?: boolean }[] }) => {
        if (prompt.key !== 'participants') return prompter.checkbox(prompt);
        checked = prompt.choices.filter((choice) => choice.checked).map((choice) => String(choice.value));
        return [...checked] as T[];
      },
    };
    expect(await main(['weekly', '--date', '2026-11-24', '--no-commit'], testContext({ cwd: dir, prompter: recording as never, tty: true }))).toBe(0);
    // Last time only ana took part: she is checked, bo is not; nobody is asked for by name.
    expect(checked).toEqual(['ana']);
    expect(prompter.asked).not.toContain('participants:others');
    // The quotes' hint comes with the first customer only.
    const hints = prompter.shown.filter((shown) => shown.key.startsWith('heard:') && shown.why);
    expect(hints.map((shown) => shown.key)).toEqual(['heard:acme']);
    // One question a prompt: which customer is not receiving value, Enter for none.
    const flag = prompter.shown.find((shown) => shown.key === 'flags:customer')!;
    expect(flag.message).toBe('Which customer is not receiving value right now, besides those above? (type to search; Enter: none)');
    // A carried action says it is late, by how much, and since when it is open.
    // All carried actions in one prompt: tick what is done, the rest stays open.
    const carried = prompter.shown.find((shown) => shown.key === 'carry:actions')!;
    expect(carried.message).toBe('Which of these open actions are done? (space to tick; the rest stays open)');
    expect(carried.choices).toEqual([
      'Call Globex sponsor @ana due:2026-11-27 #globex · open since 2026-W47',
      'Run admin training for Globex @bo due:2026-12-01 · open since 2026-W47',
      'drop some of the others…',
    ]);
  });

  it('names how late a carried action is', async () => {
    const dir = workbook();
    const first = testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true });
    expect(await main(['weekly', '--date', '2026-11-17', '--no-commit'], first), first.err()).toBe(0);
    const prompter = scriptedPrompter({ missed: 'later', 'carry:flag:globex': 'resolved', 'carry:flag:globex:note': '', 'carry:actions': [[]], participants: undefined, customers: ['acme', 'done'], 'heard:acme': [''], 'flags:customer': 'done', value: [''], hard_to_hear: '', assumptions: '', value_confidence: 3, actions: [''] });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--date', '2026-12-03', '--no-commit'], context), context.err()).toBe(0);
    expect(prompter.shown.find((shown) => shown.key === 'carry:actions')!.choices![0]).toBe('Call Globex sponsor @ana due:2026-11-27 #globex · overdue by 6 days · open since 2026-W47');
  });

  it('amends item by item: removes one customer, rewords one quote, keeps the rest', async () => {
    const dir = workbook();
    const first = testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true });
    expect(await main(['weekly', '--no-commit'], first), first.err()).toBe(0);
    const prompter = scriptedPrompter({
      participants: undefined,
      'customers:item:0': 'keep',
      'customers:item:1': 'remove',
      customers: ['done'],
      'heard:item:0': 'edit',
      'heard:0:edit': 'Acme Corp: "The export saves our analysts two days a month." #reporting',
      'heard:acme': [''],
      'flags:item:0': undefined,
      'flags:customer': 'done',
      'value:item:0': 'remove',
      value: [''],
      hard_to_hear: undefined,
      assumptions: undefined,
      value_confidence: undefined,
      'actions:item:0': undefined,
      'actions:item:1': 'remove',
      actions: [''],
    });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--amend', '--no-commit'], context), context.err()).toBe(0);
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(review?.customers).toEqual(['acme']);
    expect(review?.sections.heard).toBe('- Acme Corp: "The export saves our analysts two days a month." #reporting');
    expect(review?.sections.value ?? '').toBe('');
    expect(review?.flags.map((flag) => flag.customer)).toEqual(['globex']);
    expect(review?.actions.map((action) => action.title)).toEqual(['Call Globex sponsor']);
  });
});

describe('the quarterly starts from the weeks', () => {
  it('asks about the customers the quarter’s latest weekly says are not receiving value, in the quarter’s terms', async () => {
    const dir = workbook();
    expect(await main(['weekly', '--date', '2026-11-17', '--no-commit'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }))).toBe(0);
    // A prompter that takes every default, as Enter would, and records what it was asked.
    const asked: string[] = [];
    const enter = {
      say: () => undefined,
      input: async ({ key, default: fallback, required }: { key: string; default?: string; required?: boolean }) => (asked.push(key), fallback ?? (required ? 'noted' : '')),
      select: async <T>({ key, choices, default: fallback }: { key: string; choices: { value: T }[]; default?: T }) => (asked.push(key), fallback ?? choices[0]!.value),
      checkbox: async <T>({ key, choices }: { key: string; choices: { value: T; checked?: boolean }[] }) => (asked.push(key), choices.filter((choice) => choice.checked).map((choice) => choice.value)),
      confirm: async ({ key, default: fallback }: { key: string; default?: boolean }) => (asked.push(key), fallback ?? false),
      list: async ({ key, required }: { key: string; required?: boolean }) => (asked.push(key), required ? ['noted'] : []),
      search: async <T>({ key, source }: { key: string; source: (term: string) => { name: string; value: T }[] }) => (asked.push(key), source('').find((choice) => choice.name.includes('✔'))?.value ?? source('')[0]!.value),
    };
    const context = testContext({ cwd: dir, prompter: enter as never, tty: true });
    expect(await main(['quarterly', '--date', '2026-11-24', '--dry-run'], context), context.err()).toBe(0);
    // W47's flag on Globex comes first (Enter: still, same reason); its actions stay the weeklies' to close.
    expect(asked.filter((key) => key.startsWith('carry:'))).toEqual(['carry:flag:globex']);
    expect(context.out()).toContain('  - customer: globex\n    reason: onboarding stalled, no trained admin\n    since: 2026-Q4');
  });
});

describe('a missed week', () => {
  it('is named, with the offer to hold it now: held, it is last week’s review that is written', async () => {
    const dir = workbook();
    expect(await main(['weekly', '--date', '2026-11-10', '--no-commit'], testContext({ cwd: dir, prompter: scriptedPrompter(firstWeek), tty: true }))).toBe(0);
    const prompter = scriptedPrompter({
      missed: 'hold',
      participants: undefined,
      'carry:flag:globex': undefined,
      'carry:actions': [[]],
      customers: ['acme', 'done'],
      'heard:acme': [''],
      'flags:customer': 'done',
      value: [''],
      hard_to_hear: '',
      assumptions: '',
      value_confidence: 3,
      actions: [''],
    });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--date', '2026-11-24', '--no-commit'], context), context.err()).toBe(0);
    expect(prompter.shown[0]).toMatchObject({ key: 'missed', message: '2026-W47 was not held (the last weekly is 2026-W46).' });
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W47.md'), 'x', calendar);
    expect(review).toMatchObject({ period: '2026-W47', customers: ['acme'] });
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${dir}/rhythm/emea-cs/weekly/2026-W48.md`)).toBe(false);
  });
});

describe('the weekly over what was captured between meetings', () => {
  it('keeps what was captured without asking about it again, asks only the rest, and is held once written', async () => {
    const dir = workbook();
    for (const argv of [
      ['heard', 'acme', '"The export saves our analysts a day." #reporting'],
      ['flag', 'globex', 'onboarding stalled'],
      ['action', 'Call Globex sponsor @ana due:2026-11-27 #globex'],
    ]) {
      const captured = testContext({ cwd: dir });
      expect(await main([...argv, '--no-commit'], captured), captured.err()).toBe(0);
    }
    const prompter = scriptedPrompter({
      participants: undefined,
      customers: ['done'],
      'heard:acme': [''],
      'flags:customer': 'done',
      value: [''],
      hard_to_hear: '',
      assumptions: '',
      value_confidence: 3,
      actions: [''],
    });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], context), context.err()).toBe(0);
    // Nothing captured is offered again item by item.
    expect(prompter.asked.filter((key) => key.includes(':item:'))).toEqual([]);
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(review?.inProgress).toBeFalsy();
    expect(review?.customers).toEqual(['acme']);
    expect(review?.sections.heard).toBe('- Acme Corp: "The export saves our analysts a day." #reporting');
    expect(review?.flags.map((flag) => [flag.customer, flag.reason])).toEqual([['globex', 'onboarding stalled']]);
    expect(review?.actions.map((action) => action.title)).toEqual(['Call Globex sponsor']);
    expect(review?.scores.value_confidence).toBe(3);
  });
});

describe('several customers at once', () => {
  it('takes comma-separated search terms as the whole list, the first match of each, in one prompt', async () => {
    const dir = workbook();
    const prompter = scriptedPrompter({ ...firstWeek, customers: ['acm, glo'], 'heard:globex': [''], 'heard:umbrella': undefined });
    const context = testContext({ cwd: dir, prompter, tty: true });
    expect(await main(['weekly', '--no-commit'], context), context.err()).toBe(0);
    expect(prompter.asked.filter((key) => key === 'customers')).toHaveLength(1);
    const { review } = parseReview(read(dir, 'rhythm/emea-cs/weekly/2026-W48.md'), 'x', calendar);
    expect(review?.customers).toEqual(['acme', 'globex']);
  });
});
