import { describe, expect, it } from 'vitest';
import { CONFIG, git, read, REGISTRY, rhythm, tempRepo } from '../helpers/workbook.js';

const WEEK = 'rhythm/emea-cs/weekly/2026-W48.md';
const DAY = ['--date', '2026-11-24'];

describe('capture between meetings, then the weekly (built bin/rhythm in a git repository)', () => {
  it('heard, flag, action and done make the week\'s review in progress; the weekly completes it and status shows it held', () => {
    const dir = tempRepo({ 'rhythm.yaml': CONFIG, 'rhythm/customers.yaml': REGISTRY });
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'setup');
    const ok = (args: string[], input?: string) => {
      const result = rhythm(dir, args, input === undefined ? {} : { input });
      expect(result.code, `rhythm ${args.join(' ')}\n${result.stderr}`).toBe(0);
      return result;
    };

    const heard = ok(['heard', 'Acme Corp', 'The export saves our analysts a day each month. #reporting', ...DAY]);
    expect(heard.stdout).toBe(`${WEEK}\n`);
    expect(heard.stderr).toContain('added a quote of Acme Corp (in progress: rhythm/emea-cs/weekly/2026-W48.md)');
    ok(['flag', 'globex', 'onboarding stalled, no trained admin', ...DAY]);
    ok(['action', 'Call Globex sponsor @ana due:2026-11-27 #globex', ...DAY]);
    ok(['action', 'Run admin training for Globex @bo due:2026-12-01', ...DAY]);

    const listed = JSON.parse(ok(['actions', '--json', ...DAY]).stdout) as { actions: { id: string; title: string }[] };
    const call = listed.actions.find((action) => action.title === 'Call Globex sponsor')!;
    expect(ok(['actions', ...DAY]).stdout).toContain(`${call.id}  @ana`);
    ok(['done', call.id, ...DAY]);
    expect(ok(['done', call.id, ...DAY]).stderr).toContain('already done in 2026-W48');

    let text = read(dir, WEEK);
    expect(text).toContain('status: in-progress');
    expect(text).toContain('- [x] Call Globex sponsor @ana due:2026-11-27 #globex');
    expect(ok(['status', ...DAY]).stdout).toContain('in progress: 2026-W48 by 2026-11-29');
    expect(ok(['check']).stdout).toBe('');

    ok(['weekly', '--answers', '-', '--no-input', ...DAY], 'participants: [ana, bo]\nvalue_confidence: 3\nvalue: ["Acme: export adopted by 12 analysts (evidence: usage data)"]\n');
    text = read(dir, WEEK);
    expect(text).not.toContain('status:');
    expect(text).toContain('- Acme Corp: "The export saves our analysts a day each month." #reporting');
    expect(text).toContain('customers: [acme]');
    expect(text).toContain('flags: [{customer: globex, reason: "onboarding stalled, no trained admin", since: 2026-W48}]');
    expect(text).toContain('- [ ] Run admin training for Globex @bo due:2026-12-01');

    const status = ok(['status', ...DAY]).stdout;
    expect(status).toContain('held 2026-W48');
    expect(status).toContain('1 open action');
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toEqual([
      'rhythm: weekly review 2026-W48 (emea-cs)',
      'rhythm: done Call Globex sponsor (weekly 2026-W48, emea-cs)',
      'rhythm: action Run admin training for Globex (weekly 2026-W48, emea-cs)',
      'rhythm: action Call Globex sponsor (weekly 2026-W48, emea-cs)',
      'rhythm: flag globex (weekly 2026-W48, emea-cs)',
      'rhythm: heard acme (weekly 2026-W48, emea-cs)',
      'setup',
    ]);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
