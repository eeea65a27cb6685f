/**
 * Team and ritual folders share the workbook folder with what rhythm owns there: a team or ritual
 * named like one of those folders is refused at its line of rhythm.yaml, before anything is written.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/domain/config.js';

describe('reserved team and ritual names', () => {
  it.each([
    ['a team reports', 'workbook: rhythm\nteams:\n  - id: emea-cs\n  - id: reports\n', 4, 'teams.1.id: team id "reports" is reserved: rhythm writes its reports into the folder reports/ of the workbook: rename it'],
    ['a team written as a bare id', 'teams: [emea-cs, reports]\n', 1, 'teams.1.id: team id "reports" is reserved'],
    ['a custom ritual reports', 'rituals:\n  reports:\n    cadence: quarter\n', 2, 'rituals.reports: ritual name "reports" is reserved'],
    ['a team templates in a workbook at the root', 'workbook: .\nteams:\n  - id: templates\n', 3, 'team id "templates" is reserved: this workbook (workbook: .) keeps its templates in the folder templates/: rename it'],
    ['a ritual templates in a workbook at the root (written ./)', 'workbook: ./\nrituals:\n  templates: { cadence: month }\n', 3, 'ritual name "templates" is reserved'],
  ])('%s is refused at its line', (_name, text, line, message) => {
    const { problems } = parseConfig(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, severity: 'error' });
    expect(problems[0]!.message).toContain(message);
  });

  it('leaves templates to a team when the workbook has its own folder (templates/ sits beside it, not inside)', () => {
    expect(parseConfig('workbook: rhythm\nteams: [templates]\n').problems).toEqual([]);
  });

  it.each(['templates', './templates/reviews', '.rhythm', '.git/reviews'])('a workbook folder inside templates/, .rhythm/ or .git/ (%s) is refused', (workbook) => {
    const { problems, config } = parseConfig(`workbook: ${workbook}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(problems[0]!.message).toMatch(/^workbook: ".*" is inside (templates|\.rhythm|\.git)\/, which rhythm or git keeps for its own files: name another folder, e.g. rhythm$/);
    expect(config.workbook).toBe('rhythm');
  });

  it.each(['.', './', 'rhythm', './reviews/2026', 'docs/templates'])('a workbook folder %j is fine', (workbook) => {
    expect(parseConfig(`workbook: ${workbook}\n`).problems).toEqual([]);
  });

  it('names starting with a dot (.rhythm, .git) are not ids at all', () => {
    const { problems } = parseConfig('teams: [.rhythm]\nrituals:\n  .git: { cadence: week }\n');
    expect(problems.map((problem) => problem.message)).toEqual([
      'teams.0.id: team id ".rhythm" must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)',
      'rituals..git: ritual name must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)',
    ]);
  });
});
