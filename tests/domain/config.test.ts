import { describe, expect, it } from 'vitest';
import { BUILT_IN_RITUALS, defaultConfig, parseConfig, ritualCommand, teamName } from '../../src/domain/config.js';

/** The only problem of a config, asserting there is exactly one. */
function onlyProblem(text: string) {
  const { problems } = parseConfig(text);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('parseConfig on valid configs', () => {
  it('an empty file, a comment-only file and `{}` give the defaults', () => {
    for (const text of ['', '# nothing yet\n', '{}\n', '\n\n']) {
      expect(parseConfig(text)).toEqual({ config: defaultConfig(), problems: [] });
    }
  });

  it('reads the documented example', () => {
    const text = [
      'workbook: reviews            # folder for review files',
      'fiscalYearStartMonth: 4',
      'teams: [{ id: emea-cs, name: EMEA Customer Success, members: [ana, bo] }]',
      'rituals:',
      '  weekly: { template: weekly, cadence: week }',
      '  monthly: { template: monthly, cadence: month }',
      'git: { commit: false }',
      'escalateAfterWeeks: 2',
      '',
    ].join('\n');
    const { config, problems } = parseConfig(text);
    expect(problems).toEqual([]);
    expect(config.workbook).toBe('reviews');
    expect(config.fiscalYearStartMonth).toBe(4);
    expect(config.teams).toEqual([{ id: 'emea-cs', name: 'EMEA Customer Success', members: ['ana', 'bo'] }]);
    expect(config.rituals.weekly).toEqual({ name: 'weekly', template: 'weekly', cadence: 'week' });
    expect(config.rituals.monthly).toEqual({ name: 'monthly', template: 'monthly', cadence: 'month' });
    expect(config.rituals.quarterly).toEqual(BUILT_IN_RITUALS.quarterly);
    expect(config.git.commit).toBe(false);
    expect(config.escalateAfterWeeks).toBe(2);
  });

  it('accepts CRLF line ends and block style', () => {
    const text = 'workbook: rhythm/sub/\r\nteams:\r\n  - id: apac\r\n  - emea\r\nrituals:\r\n  annual:\r\n    template: yearly\r\n';
    const { config, problems } = parseConfig(text);
    expect(problems).toEqual([]);
    expect(config.workbook).toBe('rhythm/sub');
    expect(config.teams).toEqual([
      { id: 'apac', name: 'apac', members: [] },
      { id: 'emea', name: 'emea', members: [] },
    ]);
    expect(config.rituals.annual).toEqual({ name: 'annual', template: 'yearly', cadence: 'year' });
  });

  it.each([1, 2, 4, 7, 10, 12])('accepts fiscalYearStartMonth %i', (month) => {
    expect(parseConfig(`fiscalYearStartMonth: ${month}\n`)).toEqual({ config: { ...defaultConfig(), fiscalYearStartMonth: month }, problems: [] });
  });

  it('does not share the built-in rituals between configs', () => {
    const a = parseConfig('rituals: { weekly: { template: mine } }').config;
    expect(a.rituals.weekly!.template).toBe('mine');
    expect(BUILT_IN_RITUALS.weekly!.template).toBe('weekly');
    expect(defaultConfig().rituals.weekly!.template).toBe('weekly');
  });

  it('teamName falls back to the id', () => {
    const { config } = parseConfig('teams: [{ id: emea-cs, name: EMEA }, apac]');
    expect(teamName(config, 'emea-cs')).toBe('EMEA');
    expect(teamName(config, 'apac')).toBe('apac');
    expect(teamName(config, 'other')).toBe('other');
    expect(teamName(config, undefined)).toBeUndefined();
  });
});

describe('parseConfig refuses wrong values with the key and its line', () => {
  it.each([
    ['workbook: /etc/rhythm\n', 1, 'workbook', /no absolute path/],
    ['workbook: ../elsewhere\n', 1, 'workbook', /no \.\./],
    ['# a comment\nworkbook: rhythm/../../x\n', 2, 'workbook', /no \.\./],
    ['workbook: "C:\\\\reviews"\n', 1, 'workbook', /no absolute path/],
    ['workbook: "\\\\\\\\server\\\\share"\n', 1, 'workbook', /no absolute path/],
    ['workbook: "rhythm\\\\..\\\\.."\n', 1, 'workbook', /no \.\./],
    ['workbook: ""\n', 1, 'workbook', /folder name/],
    ['workbook: 12\n', 1, 'workbook', /folder name/],
    ['workbook: [a]\n', 1, 'workbook', /folder name/],
    ['fiscalYearStartMonth: 13\n', 1, 'fiscalYearStartMonth', /1-12.*not 13/],
    ['fiscalYearStartMonth: 0\n', 1, 'fiscalYearStartMonth', /not 0/],
    ['git: { commit: true }\nfiscalYearStartMonth: march\n', 2, 'fiscalYearStartMonth', /not "march"/],
    ['fiscalYearStartMonth: 4.5\n', 1, 'fiscalYearStartMonth', /not 4\.5/],
    ['fiscalYearStartMonth: "4"\n', 1, 'fiscalYearStartMonth', /not "4"/],
    ['escalateAfterWeeks: 0\n', 1, 'escalateAfterWeeks', /1 or more/],
    ['escalateAfterWeeks: two\n', 1, 'escalateAfterWeeks', /not "two"/],
    ['git:\n  commit: yes\n', 2, 'git.commit', /true or false/],
    ['git: true\n', 1, 'git', /map/],
    ['teams: emea\n', 1, 'teams', /must be a list/],
    ['teams:\n  - id: emea\n  - id: ../../etc\n', 3, 'teams.1.id', /"\.\.\/\.\.\/etc" must use only a-z/],
    ['teams: ["../../etc"]\n', 1, 'teams.0.id', /"\.\.\/\.\.\/etc"/],
    ['teams:\n  - ok\n  - "../../etc"\n', 3, 'teams.1.id', /"\.\.\/\.\.\/etc"/],
    ['teams:\n  - id: CON\n', 2, 'teams.0.id', /"CON" must use only a-z/],
    ['teams:\n  - id: con\n', 2, 'teams.0.id', /reserved device name/],
    ['teams:\n  - id: lpt1\n', 2, 'teams.0.id', /reserved device name/],
    ['teams:\n  - id: ""\n', 2, 'teams.0.id', /non-empty/],
    ['teams:\n  - name: No id\n', 2, 'teams.0.id', /non-empty/],
    [`teams:\n  - id: ${'a'.repeat(300)}\n`, 2, 'teams.0.id', /at most 64/],
    ['teams:\n  - id: emea\n  - id: apac\n  - id: emea\n', 4, 'teams.2.id', /"emea" is listed twice/],
    ['teams:\n  - id: emea\n    members: ana\n', 3, 'teams.0.members', /list of names/],
    ['teams:\n  - 42\n', 2, 'teams.0', /team id or/],
    ['rituals:\n  weekly:\n    cadence: fortnight\n', 3, 'rituals.weekly.cadence', /one of week, month, quarter, year/],
    ['rituals:\n  monthly:\n    template: monthly\n', 2, 'rituals.monthly.cadence', /a new ritual needs one/],
    ['rituals:\n  Monthly: { cadence: month }\n', 2, 'rituals.Monthly', /ritual name must use only/],
    ['rituals:\n  monthly: month\n', 2, 'rituals.monthly', /must be a map/],
    ['rituals:\n  monthly: { cadence: month, template: ../x }\n', 2, 'rituals.monthly.template', /template name/],
    ['rituals: [weekly]\n', 1, 'rituals', /must be a map/],
    ['- workbook\n', 1, 'config', /key: value/],
  ])('%j → line %i, %s', (text, line, key, message) => {
    const problem = onlyProblem(text);
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe('rhythm.yaml');
    expect(problem.line).toBe(line);
    expect(problem.message.startsWith(`${key}: `)).toBe(true);
    expect(problem.message).toMatch(message);
  });

  it('keeps the default when a value is refused', () => {
    const { config } = parseConfig('workbook: /etc\nfiscalYearStartMonth: 13\ngit: { commit: yes }\nescalateAfterWeeks: -1\n');
    expect(config).toEqual(defaultConfig());
  });

  it('reports every problem, not only the first', () => {
    const { problems } = parseConfig('workbook: ..\nfiscalYearStartMonth: 0\nteams: [a, a]\ncolour: blue\n');
    expect(problems.map((p) => [p.line, p.severity, p.message.split(':')[0]])).toEqual([
      [4, 'warning', 'colour'],
      [1, 'error', 'workbook'],
      [2, 'error', 'fiscalYearStartMonth'],
      [3, 'error', 'teams.1.id'],
    ]);
  });

  it('uses the file name it is given', () => {
    expect(parseConfig('workbook: /x', 'sub/rhythm.yaml').problems[0]!.file).toBe('sub/rhythm.yaml');
  });
});

describe('parseConfig warns about unknown keys', () => {
  it.each([
    ['colour: blue\n', 1, 'colour'],
    ['workbook: rhythm\n\nfiscalYearStart: 4\n', 3, 'fiscalYearStart'],
    ['git:\n  commit: true\n  push: true\n', 3, 'git.push'],
    ['teams:\n  - id: emea\n    lead: ana\n', 3, 'teams.0.lead'],
    ['rituals:\n  weekly:\n    day: monday\n', 3, 'rituals.weekly.day'],
  ])('%j → a warning naming %s on line %i', (text, line, key) => {
    const problem = onlyProblem(text);
    expect(problem).toMatchObject({ severity: 'warning', line });
    expect(problem.message).toMatch(new RegExp(`^${key.replace(/\./g, '\\.')}: unknown key`));
  });

  it('still applies the known keys next to an unknown one', () => {
    const { config, problems } = parseConfig('colour: blue\nfiscalYearStartMonth: 7\n');
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
    expect(config.fiscalYearStartMonth).toBe(7);
  });
});

describe('parseConfig on text that is not valid YAML', () => {
  it.each([
    ['workbook: [rhythm\n', 2],
    ['workbook: rhythm\nteams:\n  - id: a\n   - id: b\n', 4],
    ['a: 1\nb: 2\na: 3\n', 3],
    // yaml reports a missing closing quote where the input ends
    ['workbook: "unterminated\n', 2],
    ['x: !foo 1\n', 1],
    ['teams:\n\t- id: a\n', 2],
    ['workbook: !!binary cmh5dGht\n', 1],
    ['git: { commit: !!timestamp 2026-12-31 }\n', 1],
  ])('%j → an error on line %i', (text, line) => {
    const { problems, config } = parseConfig(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ severity: 'error', line, file: 'rhythm.yaml' });
    expect(problems[0]!.message).toMatch(/^not valid YAML: /);
    expect(problems[0]!.message).not.toMatch(/\n/);
    expect(config).toEqual(defaultConfig());
  });

  it('refuses an alias bomb with a problem instead of throwing', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const { problems, config } = parseConfig(bomb);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', line: 1 });
    expect(problems[0]!.message).toMatch(/aliases/);
    expect(config).toEqual(defaultConfig());
  });

  it('allows a few aliases', () => {
    const { config, problems } = parseConfig('teams:\n  - { id: a, members: &m [ana, bo] }\n  - { id: b, members: *m }\n');
    expect(problems).toEqual([]);
    expect(config.teams[1]!.members).toEqual(['ana', 'bo']);
  });
});

describe('rituals held by some teams only', () => {
  const teams = 'teams: [{ id: emea-cs }, { id: product }]\n';

  it('reads the teams that hold a ritual', () => {
    const { config, problems } = parseConfig(`${teams}rituals:\n  monthly: { template: monthly, cadence: month, teams: [product] }\n`);
    expect(problems).toEqual([]);
    expect(config.rituals.monthly).toEqual({ name: 'monthly', template: 'monthly', cadence: 'month', teams: ['product'] });
  });

  it('refuses a team the workbook does not have, at its line', () => {
    const { problems } = parseConfig(`${teams}rituals:\n  monthly:\n    cadence: month\n    teams: [apac]\n`);
    expect(problems).toEqual([
      { file: 'rhythm.yaml', line: 5, message: 'rituals.monthly.teams: "apac" is not a team of this workbook (teams: emea-cs, product)', severity: 'error' },
    ]);
  });
});

describe('ritualCommand', () => {
  it('names the command that holds a ritual: its own for the built-ins, `new <name>` for any other', () => {
    expect(['weekly', 'quarterly', 'annual', 'monthly', 'constructor'].map(ritualCommand)).toEqual(['rhythm weekly', 'rhythm quarterly', 'rhythm annual', 'rhythm new monthly', 'rhythm new constructor']);
  });
});

describe('notify destinations', () => {
  it('reads each as a type and the environment variable holding its URL', () => {
    const { config, problems } = parseConfig('notify:\n  - { type: slack, env: RHYTHM_SLACK_WEBHOOK }\n  - type: teams\n    env: TEAMS_URL\n  - { type: webhook, env: _HOOK }\n');
    expect(problems).toEqual([]);
    expect(config.notify).toEqual([
      { type: 'slack', env: 'RHYTHM_SLACK_WEBHOOK' },
      { type: 'teams', env: 'TEAMS_URL' },
      { type: 'webhook', env: '_HOOK' },
    ]);
  });

  it.each([
    ['a URL written into the file: a secret', 'notify:\n  - type: slack\n    url: https://hooks.slack.com/services/T000/B000/XXXXSECRET\n', 3, 'notify.0.url: a webhook URL is a secret'],
    ['a URL where the variable name goes', 'notify:\n  - { type: teams, env: "https://example.webhook.office.com/webhookb2/abc" }\n', 2, 'notify.0.env: a webhook URL is a secret'],
    ['an unknown type', 'notify:\n  - { type: discord, env: HOOK }\n', 2, 'notify.0.type: must be one of slack, teams, webhook, not "discord"'],
    ['no variable', 'notify:\n  - { type: slack }\n', 2, 'notify.0.env: must name the environment variable holding the URL'],
    ['a variable name with a space', 'notify:\n  - { type: slack, env: "MY HOOK" }\n', 2, 'notify.0.env: must name the environment variable'],
    ['not a list', 'notify: slack\n', 1, 'notify: must be a list'],
  ])('refuses %s, naming the key and its line', (_, text, line, message) => {
    const { config, problems } = parseConfig(text);
    expect(config.notify).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', line, message: expect.stringContaining(message) })]);
    // The secret never appears in the message.
    expect(problems[0]!.message).not.toContain('SECRET');
  });
});
