/**
 * Issue 5, "Done when": a fuzz run of at least 10,000 random review files through `check` and
 * `report` finishes with no crash and no uncaught exception. The files are mutations of the
 * example workbook's reviews (fuzz-lib.ts). In-process, each goes through what the commands call:
 * parseReview and checkReview (`check`), computeRollup and the three renderers (`report`), and
 * answersOf + applyAnswers (`weekly --amend`); each file is also read with the precise YAML parser,
 * which must agree with the fast path the commands use. Then the built CLI runs `check` and `report` over a
 * workbook of a few hundred of them. Replay a run with FUZZ_SEED=<seed>; FUZZ_FILES sets the count.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkReview, duplicatePeriods, type CheckContext } from '../../src/domain/check.js';
import { parseConfig } from '../../src/domain/config.js';
import { parseFrontMatterFast, parseFrontMatterYaml, splitFrontMatter } from '../../src/domain/frontmatter.js';
import { parsePeriod } from '../../src/domain/period.js';
import { parseRegistry } from '../../src/domain/registry.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportView } from '../../src/report/view-model.js';
import { answersOf, applyAnswers, parseReview, type Review } from '../../src/domain/review.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import { mergeRollups, parseRollup } from '../../src/domain/rollup/merge.js';
import { parseTemplate, scalesOf, type Template } from '../../src/domain/template.js';
import { tempDir } from '../helpers/workbook.js';
import { EXAMPLE, exampleReviews, fuzzFile, KNOWN_SLOW_YAML, random } from './fuzz-lib.js';
import { pool, rhythmAsync } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const FILES = Number(process.env.FUZZ_FILES ?? 10_000);
const TODAY = '2026-11-24';

const { config } = parseConfig(readFileSync(join(EXAMPLE, 'rhythm.yaml'), 'utf8'));
const { customers } = parseRegistry(readFileSync(join(EXAMPLE, 'customers.yaml'), 'utf8'), 'customers.yaml');
const templates = new Map<string, Template>(
  [
    ...['weekly', 'quarterly', 'annual'].map((name) => [name, new URL(`../../templates/${name}.md`, import.meta.url).pathname] as const),
    ['monthly', join(EXAMPLE, 'templates/monthly.md')] as const,
  ].map(([name, path]) => [name, parseTemplate(readFileSync(path, 'utf8'), name, `templates/${name}.md`)]),
);
const context: CheckContext = { config, customers: new Set(customers.map((customer) => customer.id)), templates };
const scales = scalesOf([...templates.values()]);
const seeds = exampleReviews();
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Crash {
  file: number;
  mutations: string[];
  stage: string;
  error: string;
}

describe(`fuzz: ${FILES} random review files (seed ${SEED})`, () => {
  it('check, report and amend never crash, and every problem has a file line', { timeout: 300_000 }, () => {
    const r = random(SEED);
    const crashes: Crash[] = [];
    // The yaml package reports complex keys (`? [a, b]: c`) as process warnings: count them instead of printing thousands.
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const figures = { files: 0, notUtf8: 0, problems: 0, filesWithErrors: 0, reviewsRead: 0, amended: 0, amendedClean: 0, amendDocMarker: 0, nodeWarnings: 0, differential: 0, floatOverflow: 0, rollups: 0, slowestMs: 0 };
    let reviews: Review[] = [];
    const started = performance.now();

    const rollUp = (file: number) => {
      try {
        problemsOf(duplicatePeriods(reviews));
        for (const label of ['FY2027', 'FY2027-Q4', 'FY2026']) {
          const rollup = computeRollup({ reviews, config, customers, period: parsePeriod(label, config), today: TODAY });
          renderMarkdown(reportView(rollup, { scales }));
          renderHtml(reportView(rollup));
          expect(mergeRollups([parseRollup(JSON.stringify(rollup), 'fuzz.json')])).toStrictEqual(rollup);
          figures.rollups++;
        }
      } catch (error) {
        crashes.push({ file, mutations: [], stage: 'report', error: explain(error) });
      }
      reviews = [];
    };
    const problemsOf = (problems: { line?: number }[]) => (figures.problems += problems.length);

    for (let index = 0; index < FILES; index++) {
      const { bytes, mutations, seed } = fuzzFile(seeds, r);
      const [team, ritual, name] = seed.path.split('/') as [string, string, string];
      const display = `${team}/${ritual}/${name}`;
      const fileStarted = performance.now();
      figures.files++;
      let text: string;
      let notUtf8 = false;
      try {
        text = utf8.decode(bytes);
      } catch {
        notUtf8 = true;
        // `check` and `report` stop here with "is not valid UTF-8"; the lossy text is read anyway, to stress the parser.
        figures.notUtf8++;
        figures.filesWithErrors++;
        text = bytes.toString('utf8');
      }
      let stage = 'check';
      try {
        const parsed = parseReview(text, display, config);
        problemsOf(parsed.problems);
        // The fast front-matter path (what check and report use) reads exactly what the precise YAML parser reads.
        stage = 'fast path';
        const precise = parseReview(text, display, config, { parseYaml: parseFrontMatterYaml });
        if (comparable(precise) === comparable(parsed)) figures.differential++;
        else if (/\d[eE][-+]?\d{3,}/.test(splitFrontMatter(text).yaml ?? '')) figures.floatOverflow++;
        else throw new Error(`fast and precise front-matter parsers disagree: ${JSON.stringify(precise.review?.data ?? precise.problems).slice(0, 300)} vs ${JSON.stringify(parsed.review?.data ?? parsed.problems).slice(0, 300)}`);
        stage = 'check';
        const lineCount = text.split(/\r\n?|\n/).length;
        for (const problem of parsed.problems) {
          if (!(Number.isInteger(problem.line) && problem.line! >= 1 && problem.line! <= lineCount + 1)) throw new Error(`problem without a line of the file: ${JSON.stringify(problem).slice(0, 200)}`);
        }
        const errors = parsed.problems.some((problem) => problem.severity === 'error');
        if (errors && !notUtf8) figures.filesWithErrors++;
        if (parsed.review) {
          figures.reviewsRead++;
          const checked = checkReview(parsed.review, { ritual, label: name.replace(/\.md$/, ''), team, text }, context);
          problemsOf(checked);
          reviews.push(parsed.review);
          if (!errors) {
            // `weekly --amend` (which refuses a file with parse errors): the answers as defaults, written
            // back. When `check` passed the file too, the result must read back without errors.
            stage = 'amend';
            const template = templates.get(config.rituals[parsed.review.ritual]?.template ?? '') ?? templates.get('weekly')!;
            const meta = { ritual: parsed.review.ritual, period: parsed.review.period, range: '', date: TODAY, participants: parsed.review.participants, resolved: parsed.review.resolved };
            const amended = applyAnswers(text, template, meta, answersOf(parsed.review, template));
            figures.amended++;
            // A `---` document marker inside front matter is the known amend bug below: counted, not asserted.
            if (/^\uFEFF?---/m.test(splitFrontMatter(text).yaml ?? '')) figures.amendDocMarker++;
            else if (!checked.some((problem) => problem.severity === 'error')) {
              const newErrors = parseReview(amended, display, config).problems.filter((problem) => problem.severity === 'error');
              if (newErrors.length > 0) throw new Error(`amend wrote a file with errors: ${JSON.stringify(newErrors).slice(0, 300)}`);
              figures.amendedClean++;
            }
          }
        }
      } catch (error) {
        crashes.push({ file: index, mutations, stage, error: explain(error) });
      }
      figures.slowestMs = Math.max(figures.slowestMs, performance.now() - fileStarted);
      if (reviews.length >= 1_000) rollUp(index);
    }
    rollUp(FILES);
    figures.nodeWarnings = warnings.mock.calls.length;
    warnings.mockRestore();

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `fuzz (seed ${SEED}): ${figures.files} files in ${seconds} s, slowest ${figures.slowestMs.toFixed(0)} ms`,
        `  ${figures.filesWithErrors} files with errors (${figures.notUtf8} not UTF-8), ${figures.problems} problems found`,
        `  ${figures.differential} read identically by the fast and the precise front-matter parsers`,
        `  ${figures.reviewsRead} reviews read, ${figures.amended} amended (${figures.amendedClean} that check passed, read back without errors), ${figures.rollups} rollups rendered as md, html and json`,
        `  known bugs met (not asserted, see KNOWN BUG below): ${figures.nodeWarnings} Node process warnings (complex YAML keys), ${figures.amendDocMarker} amends of front matter holding a --- document marker, ${figures.floatOverflow} numbers beyond 1e308 read differently by the two parsers`,
        `  crashes: ${crashes.length}`,
      ].join('\n'),
    );
    expect(crashes.slice(0, 10)).toEqual([]);
    expect(figures.files).toBeGreaterThanOrEqual(Math.min(FILES, 10_000));
  });

  it('the built CLI: check and report over a workbook of 300 fuzzed files exit 0 or 1, never with a stack trace', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    for (const file of ['rhythm.yaml', 'customers.yaml']) cpSync(join(EXAMPLE, file), join(dir, file));
    cpSync(join(EXAMPLE, 'templates'), join(dir, 'templates'), { recursive: true });
    const r = random(SEED + 1);
    const used = new Set<string>();
    for (let index = 0; index < 300; index++) {
      const { bytes, seed } = fuzzFile(seeds, r);
      // The seed's place, or the same folder under another period's name, so that the report reads it too.
      const path = used.has(seed.path) ? (freeName(seed.path, used) ?? seed.path.replace(/[^/]+\.md$/, `fuzzed-${index}.md`)) : seed.path;
      used.add(path);
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
    const [check, report] = await pool(
      [
        ['check'],
        ['report', '--year', 'FY2027', '--format', 'md,json,html', '--out', 'out'],
      ],
      2,
      (args) => rhythmAsync(dir, args),
    );
    for (const run of [check!, report!]) {
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toContain('unexpected error');
      expect([0, 1], run.stderr.slice(0, 2000)).toContain(run.code);
    }
    const problems = check!.stdout.trimEnd().split('\n').filter(Boolean);
    // Every problem line is `file:line[:col]: …`.
    for (const line of problems) expect(line).toMatch(/^[^:]+\.(md|yaml):\d+(:\d+)?: /);
    const skipped = /(\d+) review files? skipped/.exec(report!.stderr)?.[1] ?? '0';
    const nodeWarnings = (`${check!.stderr}${report!.stderr}`.match(/\(node:\d+\)/g) ?? []).length;
    console.log(`fuzz e2e: 300 files; check exit ${check!.code} with ${problems.length} problem lines; report exit ${report!.code}, ${skipped} files skipped; Node warnings ${nodeWarnings}; crashes 0`);
    expect(report!.code).toBe(0);
    expect(readFileSync(join(dir, 'out/FY2027.json'), 'utf8')).toContain('"schemaVersion": 2');
  });
});

/** Another period's file name in the folder of `path`, of the same kind, that `used` does not hold yet. */
function freeName(path: string, used: ReadonlySet<string>): string | undefined {
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const label = path.slice(folder.length, -'.md'.length);
  const years = [2025, 2026, 2027, 2028];
  const labels = /^\d{4}-W\d{2}$/.test(label)
    ? years.flatMap((year) => Array.from({ length: 52 }, (_, week) => `${year}-W${String(week + 1).padStart(2, '0')}`))
    : /^FY\d{4}-Q\d$/.test(label)
      ? years.flatMap((year) => [1, 2, 3, 4].map((quarter) => `FY${year}-Q${quarter}`))
      : years.map((year) => `FY${year}`);
  return labels.map((candidate) => `${folder}${candidate}.md`).find((candidate) => !used.has(candidate));
}

describe('regressions found by the fuzz', () => {
  // No clock: checked in linear time, 2 MB of spaces take milliseconds; the quadratic pattern took
  // seconds over 200 KB, so over 2 MB it would take minutes, far beyond the test's timeout.
  it('a 2 MB line of spaces is checked in linear time, and adds no problem (the task-item pattern backtracked quadratically: seconds over 200 KB)', () => {
    const [team, ritual, name] = seeds[0]!.path.split('/') as [string, string, string];
    const checked = (text: string) => checkReview(parseReview(text, seeds[0]!.path, config).review!, { team, ritual, label: name.replace(/\.md$/, ''), text }, context);
    const original = readFileSync(join(EXAMPLE, seeds[0]!.path), 'utf8');
    expect(checked(`${original}\n${' '.repeat(2_000_000)}\n`)).toEqual(checked(original));
  });
});

describe('a YAML document marker inside front matter', () => {
  it('amending a review whose front matter holds a YAML document marker ("--- # data") keeps it readable', () => {
    const text = '---\n--- # our data\nrhythm: 1\nritual: weekly\nperiod: 2026-W43\nteam: product\n---\n# Weekly\n';
    const parsed = parseReview(text, 'r.md', config);
    expect(parsed.problems).toEqual([]);
    const template = templates.get('weekly')!;
    const amended = applyAnswers(text, template, { ritual: 'weekly', period: '2026-W43', team: 'product', range: '', date: TODAY, participants: [], resolved: [] }, answersOf(parsed.review!, template));
    expect(parseReview(amended, 'r.md', config).problems).toEqual([]);
  });
});

describe('KNOWN BUG (src/core/frontmatter.ts, the yaml package)', () => {
  it('the fast front-matter path reads a number beyond 1e308 as the precise parser does (js-yaml keeps "1e999" as text, yaml reads Infinity)', () => {
    expect(parseFrontMatterFast('note: 1e999\n', 2)).toEqual(parseFrontMatterYaml('note: 1e999\n', 2));
  });

  // The work is counted, not timed: the characters handed to regular expressions. Front matter of
  // ordinary lines hands each character to them about 8 times; this 6 KB line, 3,000 times (the
  // yaml package reports three errors for each "- [ ] " and scans the whole line for each error),
  // and 30 KB of it 15,000 times (seconds).
  it.fails('a front-matter line of "- [ ] " parses in work linear in its length (today: quadratic, seconds for 30 KB)', () => {
    const yaml = `rhythm: 1\nnotes: ${KNOWN_SLOW_YAML[0]!.repeat(1_000)}\n`;
    const work = regexWork(() => expect(() => parseFrontMatterFast(yaml, 2)).toThrow());
    expect(work / yaml.length).toBeLessThan(100);
  });

  it('the work counted above is linear for ordinary front matter: each character handed to regular expressions once or more, and fewer than 100 times', () => {
    const ordinary = Array.from({ length: 300 }, (_, index) => `key${index}: some value here ${index}`).join('\n') + '\n';
    const work = regexWork(() => expect(Object.keys(parseFrontMatterFast(ordinary, 2))).toHaveLength(300));
    expect(work / ordinary.length).toBeGreaterThanOrEqual(1);
    expect(work / ordinary.length).toBeLessThan(100);
  });

  it.fails('a complex YAML key is refused or read quietly, not reported as a Node process warning on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      parseReview('---\nrhythm: 1\nritual: weekly\nperiod: 2026-W48\n? [a, b]\n: c\n---\n', 'r.md', { fiscalYearStartMonth: 1 });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

/**
 * The characters `run` hands to regular expressions (every test, match, replace and split goes
 * through RegExp.prototype.exec once it is replaced): a count of work that no clock decides.
 */
function regexWork(run: () => void): number {
  const exec = RegExp.prototype.exec;
  let characters = 0;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    characters += String(input).length - (this.global || this.sticky ? this.lastIndex : 0);
    return exec.call(this, input);
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return characters;
}

/**
 * A parse result as text to compare the two parsers by. The column of a "Maximum call stack size
 * exceeded" (deep nesting; the yaml package catches it) depends on how deep the stack already
 * was, so it is left out.
 */
function comparable(parsed: ReturnType<typeof parseReview>): string {
  return JSON.stringify(parsed, (key, value: unknown) => (key === 'col' ? undefined : value));
}

function explain(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(error);
}
