import { describe, expect, it } from 'vitest';
import { read, rhythm, tempRepo, writeFiles } from '../helpers/workbook.js';

/** Answers for each ritual `rhythm init` suggests in rhythm.yaml: a new suggestion needs its answers here. */
const ANSWERS: Record<string, string> = {
  monthly: `participants: [ana, bo]
customers: [acme, globex]
shown: ['The month-end export, live on their own data']
heard:
  acme: ['"We need the numbers before the board meets, not after." #reporting']
  globex: ['"Our admins need training before anything new."']
value_confidence: 4
actions: ['Send Acme the export roadmap @ana due:2026-12-15 #acme']
`,
};

/** The rituals block init writes commented out, uncommented as a user would: `# rituals:` and the `#   …` lines under it. */
function uncommentRituals(config: string): { config: string; rituals: string[] } {
  const lines = config.split('\n');
  const start = lines.findIndex((line) => line.startsWith('# rituals:'));
  expect(start, 'rhythm init suggests rituals in rhythm.yaml').toBeGreaterThanOrEqual(0);
  const rituals: string[] = [];
  lines[start] = lines[start]!.slice(2);
  for (let index = start + 1; index < lines.length && lines[index]!.startsWith('#   '); index++) {
    lines[index] = lines[index]!.slice(2);
    const name = /^ {2}([a-z][a-z0-9-]*):/.exec(lines[index]!)?.[1];
    if (name !== undefined) rituals.push(name);
  }
  return { config: lines.join('\n'), rituals };
}

describe('the rituals rhythm init suggests', () => {
  it('run as written: uncommented, each is held with the built-in template, and the report shows what it recorded', () => {
    const dir = tempRepo();
    const init = rhythm(dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    const { config, rituals } = uncommentRituals(read(dir, 'rhythm.yaml'));
    expect(rituals).toEqual(Object.keys(ANSWERS));
    writeFiles(dir, { 'rhythm.yaml': config, ...Object.fromEntries(rituals.map((ritual) => [`${ritual}.yaml`, ANSWERS[ritual]!])) });
    expect(rhythm(dir, ['check']).code).toBe(0);

    for (const ritual of rituals) {
      const held = rhythm(dir, ['new', ritual, '--answers', `${ritual}.yaml`, '--no-input', '--date', '2026-11-24']);
      expect(held.code, held.stderr).toBe(0);
      expect(held.stderr).toContain('committed');
    }

    // A new workbook has no templates/ of its own: the built-in monthly is the one it gets.
    const review = read(dir, 'rhythm/monthly/2026-11.md');
    expect(review).toContain('# Monthly customer council — 2026-11');
    expect(review).toContain('customers: [acme, globex]');
    expect(review).toContain('## What did we show them?  <!-- q:shown -->');
    expect(review).toContain('- Acme Corp: "We need the numbers before the board meets, not after." #reporting');
    expect(review).toContain('## What did we commit to?  <!-- q:actions -->');
    expect(review).toContain('- [ ] Send Acme the export roadmap @ana due:2026-12-15 #acme');
    expect(rhythm(dir, ['check']).code).toBe(0);

    const report = rhythm(dir, ['report', '--quarter', '2026-Q4', '--date', '2026-11-30', '--stdout']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('| monthly | 1 of 1 |');
    expect(report.stdout).toContain('| @ana | 1 | 0 | 0 | 0 |');
    expect(report.stdout).toContain('"We need the numbers before the board meets, not after." #reporting — 2026-11');
    expect(report.stdout).toContain('"Our admins need training before anything new." — 2026-11');
    const actions = rhythm(dir, ['actions', '--date', '2026-11-30']);
    expect(actions.stdout).toContain('Send Acme the export roadmap #acme  rhythm/monthly/2026-11.md');
  });
});
