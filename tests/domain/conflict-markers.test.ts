import { describe, expect, it } from 'vitest';
import { CONFLICT_MESSAGE, conflictMarkerLines } from '../../src/domain/conflict.js';
import type { Calendar } from '../../src/domain/period.js';
import { parseReview } from '../../src/domain/review.js';
import { parseTemplate, TemplateError } from '../../src/domain/template.js';

const calendar: Calendar = { fiscalYearStartMonth: 1 };

const front = ['---', 'rhythm: 1', 'ritual: weekly', 'period: 2026-W48', 'date: 2026-11-24', '---'];

describe('merge-conflict markers', () => {
  it('a conflict in the body is an error at each marker line, and the file is no review', () => {
    const text = [
      ...front,
      '## What did we hear, in their words?  <!-- q:heard -->',
      '',
      '<<<<<<< HEAD',
      '- Acme: "The export saves a day."',
      '=======',
      '- Acme: "The export saves two days."',
      '>>>>>>> feature/acme-notes',
      '',
    ].join('\n');
    const parsed = parseReview(text, 'r.md', calendar);
    expect(parsed.review).toBeUndefined();
    expect(parsed.problems).toEqual([9, 11, 13].map((line) => ({ file: 'r.md', line, message: CONFLICT_MESSAGE, severity: 'error' })));
  });

  it('a diff3 conflict in the front matter is reported at its four markers, not as broken YAML', () => {
    const text = ['---', 'rhythm: 1', 'ritual: weekly', 'period: 2026-W48', '<<<<<<< ours', 'date: 2026-11-24', '||||||| base', 'date: 2026-11-23', '=======', 'date: 2026-11-25', '>>>>>>> theirs', '---', '# Weekly', ''].join('\n');
    const parsed = parseReview(text, 'r.md', calendar);
    expect(parsed.review).toBeUndefined();
    expect(parsed.problems.map((problem) => [problem.line, problem.message])).toEqual([5, 7, 9, 11].map((line) => [line, CONFLICT_MESSAGE]));
  });

  it('CRLF line ends do not hide the markers', () => {
    expect(conflictMarkerLines([...front, '<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main', ''].join('\r\n'))).toEqual([7, 9, 11]);
  });

  it.each([
    ['a setext heading underlined with seven =', [...front, 'Notes', '=======', 'text', '']],
    ['a lone opener with no closer after it', [...front, '<<<<<<< not closed', 'text', '=======', '']],
    ['a closer before any opener', [...front, '>>>>>>> quoted', '<<<<<<< later', '']],
    ['markers inside a code fence of the body', [...front, '```text', '<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main', '```', '']],
    ['markers inside a tilde fence', [...front, '~~~~', '<<<<<<< HEAD', '=======', '>>>>>>> main', '~~~~', '']],
    ['eight < (git writes seven)', [...front, '<<<<<<<< x', '=======', '>>>>>>>> y', '']],
    ['a marker indented as a quote', [...front, '> <<<<<<< HEAD', '> =======', '> >>>>>>> main', '']],
  ])('%s is no conflict', (_name, lines) => {
    expect(conflictMarkerLines(lines.join('\n'))).toEqual([]);
    expect(parseReview(lines.join('\n'), 'r.md', calendar).problems.filter((problem) => problem.message === CONFLICT_MESSAGE)).toEqual([]);
  });

  it('a conflict after a closed code fence is found', () => {
    expect(conflictMarkerLines([...front, '```', 'code', '```', '<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main', ''].join('\n'))).toEqual([10, 12, 14]);
  });

  it('two conflicts in one file: every marker of both', () => {
    expect(conflictMarkerLines([...front, '<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main', 'between', '<<<<<<< HEAD', '=======', '>>>>>>> main', ''].join('\n'))).toEqual([7, 9, 11, 13, 14, 15]);
  });
});

describe('merge-conflict markers in a template', () => {
  it('refuse the template at each marker, so that no review is written with them', () => {
    const text = ['---', 'questions:', '  - { id: notes, type: text, prompt: Notes?, why: Room for more. }', '---', '<<<<<<< HEAD', '# {{heading}}', '=======', '# {{title}}', '>>>>>>> main', ''].join('\n');
    expect(() => parseTemplate(text, 'pulse', 'templates/pulse.md')).toThrow(TemplateError);
    try {
      parseTemplate(text, 'pulse', 'templates/pulse.md');
    } catch (error) {
      expect((error as TemplateError).problems).toEqual([5, 7, 9].map((line) => ({ file: 'templates/pulse.md', line, message: CONFLICT_MESSAGE, severity: 'error' })));
    }
  });
});
