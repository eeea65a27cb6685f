import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parsePeriod, rangeOf } from '../../src/domain/period.js';
import { computeRollup } from '../../src/domain/rollup/compute.js';
import type * as ReviewsModule from '../../src/io/reviews.js';
import { heldDaysFrom, heldPeriods } from '../../src/io/held.js';
import { checkReviews, namedWithin, readReview, rollupReviews, rollupReviewsKept } from '../../src/io/reviews.js';
import { renderRollupJson } from '../../src/report/json.js';
import { parseTemplate } from '../../src/domain/template.js';
import { listReviews, openWorkbook, readRegistry, type ReviewLocation, type Workbook } from '../../src/io/workbook.js';

/**
 * Worker threads, counted: the jobs each was sent. The built module (dist/) starts them for a pass
 * over WORKERS_FROM files or more; the sources never do (no built worker beside them).
 */
const threads = vi.hoisted(() => ({ batches: [] as number[] }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof WorkerThreads>();
  class CountedWorker extends original.Worker {
    readonly #thread = threads.batches.push(0) - 1;
    override postMessage(...args: Parameters<InstanceType<typeof original.Worker>['postMessage']>): void {
      threads.batches[this.#thread]!++;
      super.postMessage(...args);
    }
  }
  return { ...original, Worker: CountedWorker };
});

/** How many threads read files during `run`. */
async function threadsReading<T>(run: () => Promise<T>): Promise<[T, number]> {
  const before = threads.batches.slice();
  const result = await run();
  return [result, threads.batches.filter((sent, index) => sent > (before[index] ?? 0)).length];
}

/**
 * A rollup reads only the files named for its period, team by team, letting each team's reviews
 * go once its section is computed: the rollup is the one computed from every review at once.
 */
interface Generator {
  generateWorkbook(dir: string, options: { files: number; prose?: number; seed?: string }): { bytes: number };
}

/** Files that take every path of the reader: broken, odd, and written by hand. */
const ODD_FILES: Record<string, string | Buffer> = {
  'broken-yaml': '---\nrhythm: 1\nritual: weekly\nperiod: [unclosed\n---\nbody\n',
  'no-front-matter': '# Just notes\n',
  empty: '',
  binary: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]),
  'not-utf8': Buffer.concat([Buffer.from('---\nrhythm: 1\nritual: weekly\nperiod: 2025-W10\n---\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
  'bom-crlf': '\ufeff---\r\nrhythm: 1\r\nritual: weekly\r\nperiod: 2025-W11\r\nteam: team-001\r\n---\r\n## Heard <!-- q:heard -->\r\n- Acme Corp: "Great" #x\r\n',
  unicode:
    '---\nrhythm: 1\nritual: weekly\nperiod: 2025-W12\nteam: team-001\ndate: 2025-03-18\nparticipants: [zoë, 李]\ncustomers: [c001]\nflags:\n  - customer: c001\n    reason: Zürich — ½ the seats idle 😀\n    since: 2025-W10\nscores:\n  value_confidence: -0\n  other: 2.5\nresolved:\n  - customer: c002\n    since: 2025-W01\n    reason: ""\n    note: ""\n---\n# Weekly — 😀\n\n## Heard <!-- q:heard -->\n- Acme Corp: "Ça marche — enfin" #Ünïcode\n\n## Value <!-- q:value -->\n\n## Actions <!-- q:actions -->\n- [ ] Ask <\\!-- this @zoë due:2025-13-45 #a#b since:2025-W1\n- [x] Tabbed\tone @bo\n',
  'quoted-yaml': "---\nrhythm: 1 # version\nritual: 'weekly'\nperiod: \"2025-W13\"\nteam: team-001\nanswers: { pick: b }\ncustomers: [c001, 'c002']\n---\n## Heard <!-- q:heard -->\n- x\n## Heard again <!-- q:heard -->\n- y\n",
  'wrong-period': '---\nrhythm: 1\nritual: weekly\nperiod: 2025-W60\nteam: team-001\n---\n',
  'other-team': '---\nrhythm: 2\nritual: weekly\nperiod: 2025-W14\nteam: Bad Team\ncustomers: [Not A Slug]\n---\n- [ ] fenced?\n```\n- [ ] in fence\n```\n',
  // A whole review, then NUL bytes: the reader looks for them in the bytes, parseReview in the text.
  'nul-text': '---\nrhythm: 1\nritual: weekly\nperiod: 2025-W44\nteam: team-001\ncustomers: [c001]\n---\n- [ ] Hidden behind a NUL @ana\n\u0000\u0000',
};

/**
 * The file name of each odd file: a month of `year`, named as rhythm names periods, so that it is
 * read (in a weekly folder, no week of the generated ones is taken). A file named otherwise is no
 * review and is never read (MISNAMED).
 */
function oddName(name: string, year: number): string {
  return `${year}-${String(Object.keys(ODD_FILES).indexOf(name) + 1).padStart(2, '0')}`;
}
const MISNAMED = ['zz-notes', '2025-W10 (conflicted copy 2025-03-08)'];

let root: string;
let clean: Workbook;
let odd: Workbook;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rhythm-reviews-test-'));
  const { generateWorkbook } = (await import(new URL('../../bench/generate.mjs', import.meta.url).href)) as Generator;
  // Three teams (first, middle, last) of five years each: what is tested is which files are read and
  // the rollup, not how many files there are (the threaded test below has thousands).
  generateWorkbook(join(root, 'clean'), { files: 750, seed: 'reviews-test' });
  clean = await openWorkbook(join(root, 'clean'));
  const oddDir = join(root, 'odd');
  generateWorkbook(oddDir, { files: 750, seed: 'reviews-test' });
  for (const [name, content] of Object.entries(ODD_FILES)) writeFileSync(join(oddDir, 'rhythm', 'team-001', 'weekly', `${oddName(name, 2025)}.md`), content);
  for (const name of MISNAMED) writeFileSync(join(oddDir, 'rhythm', 'team-001', 'weekly', `${name}.md`), ODD_FILES['quoted-yaml']!);
  // A review of team-002 in team-001's folder (named for a month no odd file takes): its section is team-002's.
  writeFileSync(
    join(oddDir, 'rhythm', 'team-001', 'weekly', '2025-12.md'),
    '---\nrhythm: 1\nritual: weekly\nperiod: 2025-W20\nteam: team-002\ncustomers: [c001]\nflags: [{ customer: c002, reason: stray, since: 2025-W20 }]\n---\n- [ ] Stray action @zed due:2025-06-01\n',
  );
  odd = await openWorkbook(oddDir);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function sameAsAtOnce(workbook: Workbook, labels: string[]): Promise<{ read: string[]; unread: Set<string> }> {
  const { customers } = await readRegistry(workbook);
  const locations = await listReviews(workbook);
  const parsed = await Promise.all(locations.map(async (location) => ({ location, review: (await readReview(workbook, location)).review })));
  const reviewsOf = (team?: string) => parsed.filter(({ location }) => team === undefined || location.team === team).flatMap(({ review }) => review ?? []);
  let read: string[] = [];
  let unread = new Set<string>();
  for (const label of labels) {
    const period = parsePeriod(label, workbook.config);
    const within = namedWithin(rangeOf(period, workbook.config), workbook.config);
    read = [];
    for (const team of [undefined, 'team-002']) {
      const input = { customers, period, today: '2026-11-24', ...(team ? { team } : {}) };
      const scope = (location: ReviewLocation) => team === undefined || location.team === team;
      const rolled = await rollupReviews(workbook, input, {
        scope,
        read: (location) => {
          const kept = within(location);
          if (kept && team === undefined) read.push(location.label);
          return kept;
        },
      });
      // --team reads the team's folder: a review of the team kept in another team's folder is not read.
      // Every file of the scope, read or not, says when its ritual started (held.ts).
      const scoped = locations.filter(scope);
      const atOnce = computeRollup({ ...input, config: workbook.config, reviews: reviewsOf(team), held: heldPeriods(scoped, workbook.config), heldDays: heldDaysFrom(scoped, workbook.config) });
      expect(JSON.stringify(rolled.rollup), `${label} ${team ?? ''}`).toBe(JSON.stringify(atOnce));
      if (team === undefined) unread = rolled.unread;
    }
    expect(read.length, label).toBeLessThan(locations.length / 2);
  }
  return { read, unread };
}

describe('rollupReviews', () => {
  it('gives the rollup of every review at once, team by team', { timeout: 60_000 }, async () => {
    await sameAsAtOnce(clean, ['2025', '2023-Q2', '2026-W53', '2024-Q4']);
  });

  it('gives it with broken files, misnamed files and a review in another team\'s folder', { timeout: 60_000 }, async () => {
    const { read, unread } = await sameAsAtOnce(odd, ['2023-Q2', '2025']);
    // Every odd file named for a period is read, so that its problems are reported; a file whose
    // name is no period is never read, and is skipped with its problem.
    for (const name of Object.keys(ODD_FILES)) expect(read).toContain(oddName(name, 2025));
    for (const name of MISNAMED) expect(read).not.toContain(name);
    expect(unread).toEqual(
      new Set([
        ...['broken-yaml', 'no-front-matter', 'empty', 'binary', 'not-utf8', 'wrong-period', 'nul-text'].map((name) => `rhythm/team-001/weekly/${oddName(name, 2025)}.md`),
        ...MISNAMED.map((name) => `rhythm/team-001/weekly/${name}.md`),
      ]),
    );
  });

  it('skips a review holding NUL bytes when rolling up team by team (the reader looks for them in the bytes)', { timeout: 60_000 }, async () => {
    const dir = join(root, 'nul');
    const { generateWorkbook } = (await import(new URL('../../bench/generate.mjs', import.meta.url).href)) as Generator;
    generateWorkbook(dir, { files: 750, seed: 'reviews-test' });
    const file = join(dir, 'rhythm', 'team-001', 'weekly', '2025-W44.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\u0000`);
    const workbook = await openWorkbook(dir);
    const { customers } = await readRegistry(workbook);
    const rolled = await rollupReviews(workbook, { customers, period: parsePeriod('2025', workbook.config), today: '2026-11-24' });
    expect(rolled.unread).toEqual(new Set(['rhythm/team-001/weekly/2025-W44.md']));
    expect(rolled.problems.map((problem) => `${problem.file}: ${problem.message}`)).toEqual(['rhythm/team-001/weekly/2025-W44.md: is a binary file, not a markdown review: move it out of the workbook']);
  });

  it('reads a week at the edge of a year, whose Thursday decides where it belongs', () => {
    const within = namedWithin(rangeOf(parsePeriod('2025', clean.config), clean.config), clean.config);
    expect(['2025-W01', '2025-W52', '2026-W01', '2024-W52', '2024-Q4', '2025-Q1', '2025', '2026', 'notes'].filter((label) => within({ label }))).toEqual([
      '2025-W01',
      '2025-W52',
      // 2026-W01 starts on 29 December 2025: read, and left out by its Thursday.
      '2026-W01',
      '2025-Q1',
      '2025',
      'notes',
    ]);
  });

  it('gives the same rollups and checks on worker threads (the built module)', { timeout: 120_000 }, async () => {
    const url = new URL('../../dist/io/reviews.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) throw new Error('dist/ is missing: run npm run build first');
    const threaded = (await import(url.href)) as typeof ReviewsModule;
    const { WORKERS_FROM } = (await import(new URL('../../dist/io/workers.js', import.meta.url).href)) as { WORKERS_FROM: number };
    // Teams of 250 files; each rollup below leaves out team-005 (files that cannot be read at all)
    // and still has WORKERS_FROM files to read: no more teams than that takes.
    const teams = Math.ceil(WORKERS_FROM / 250) + 1;
    const dir = join(root, 'threaded');
    const { generateWorkbook } = (await import(new URL('../../bench/generate.mjs', import.meta.url).href)) as Generator;
    generateWorkbook(dir, { files: teams * 250, seed: 'reviews-threaded' });
    // Odd bytes for the thread to carry. bom-crlf, unicode, quoted-yaml and other-team are reviews of
    // another team than their folder's (team-003): with them, a rollup goes the whole at once.
    for (const [name, content] of Object.entries(ODD_FILES)) writeFileSync(join(dir, 'rhythm', 'team-003', 'weekly', `${oddName(name, 2024)}.md`), content);
    const stray = new Set(['bom-crlf', 'unicode', 'quoted-yaml', 'other-team'].map((name) => oddName(name, 2024)));
    // A link to a folder is listed as a review and cannot be read; one to nothing leads nowhere.
    mkdirSync(join(dir, 'folder'));
    symlinkSync(join(dir, 'folder'), join(dir, 'rhythm', 'team-005', 'weekly', '2024-11.md'));
    symlinkSync(join(dir, 'nothing'), join(dir, 'rhythm', 'team-005', 'weekly', '2024-12.md'));
    const workbook = await openWorkbook(dir);
    const { customers } = await readRegistry(workbook);
    const templates = new Map(['weekly', 'quarterly', 'annual'].map((name) => [name, parseTemplate(readFileSync(new URL(`../../templates/${name}.md`, import.meta.url), 'utf8'), name, name)]));
    const context = { config: workbook.config, customers: new Set(customers.map((customer) => customer.id)), templates };
    const [checked, checkThreads] = await threadsReading(() => threaded.checkReviews(workbook, context));
    const [checkedHere, checkThreadsHere] = await threadsReading(() => checkReviews(workbook, context));
    const workers = availableParallelism() > 1 ? Math.min(availableParallelism(), 4) : 0;
    expect(checked.files).toBeGreaterThanOrEqual(WORKERS_FROM);
    expect([checkThreads, checkThreadsHere]).toEqual([workers, 0]);
    expect(checked).toEqual(checkedHere);
    const messages = checked.problems.map((problem) => problem.message);
    expect(messages).toContain('is a folder, not a file: rename it or move it out of the workbook');
    expect(messages).toContain('is a symbolic link to nothing: fix the link, or remove it');

    // Both ways a rollup goes (rollupReviews), each over WORKERS_FROM files or more, the period's
    // alone being too few: with the stray reviews, team workers until team-003, then the whole at
    // once on this thread; without them, team workers to the end. The sources start no thread.
    const paths = [
      { label: '2024', scope: (location: ReviewLocation) => location.team !== 'team-005', teamByTeam: false, threads: workers },
      { label: '2025-Q3', scope: (location: ReviewLocation) => location.team !== 'team-005' && !stray.has(location.label), teamByTeam: true, threads: workers },
    ];
    for (const { label, scope, teamByTeam, threads: expected } of paths) {
      const files = (await listReviews(workbook, { filter: scope })).length;
      expect(files, label).toBeGreaterThanOrEqual(WORKERS_FROM);
      const input = { customers, period: parsePeriod(label, workbook.config), today: '2026-11-24' };
      const progress: [number, number][][] = [[], []];
      const [ahead, aheadThreads] = await threadsReading(() => threaded.rollupReviews(workbook, input, { scope, onProgress: (done, total) => progress[0]!.push([done, total]) }));
      const [here, hereThreads] = await threadsReading(() => rollupReviews(workbook, input, { scope, onProgress: (done, total) => progress[1]!.push([done, total]) }));
      expect([aheadThreads, hereThreads], label).toEqual([expected, 0]);
      expect(JSON.stringify(ahead.rollup), label).toBe(JSON.stringify(here.rollup));
      expect(ahead.problems).toEqual(here.problems);
      expect(ahead.unread).toEqual(here.unread);
      // Progress every 500 files read team by team: to the end, or only until the stray reviews.
      const everyFile = Array.from({ length: Math.floor(files / 500) }, (_, index): [number, number] => [(index + 1) * 500, files]);
      expect(progress[0], label).toEqual(progress[1]);
      if (teamByTeam) expect(progress[0], label).toEqual(everyFile);
      else {
        expect(progress[0]!.length, label).toBeLessThan(everyFile.length);
        expect(progress[0], label).toEqual(everyFile.slice(0, progress[0]!.length));
      }
    }

    // A report written as JSON keeps each section as its JSON, computed on the workers or here alike.
    const year = { customers, period: parsePeriod('2025', workbook.config), today: '2026-11-24' };
    const scope = (location: ReviewLocation) => !stray.has(location.label);
    const [jsonAhead, jsonThreads] = await threadsReading(() => threaded.rollupReviewsKept(workbook, year, { scope }));
    const jsonHere = await rollupReviewsKept(workbook, year, { scope });
    expect(jsonThreads).toBe(workers);
    const text = (rollup: typeof jsonHere.rollup) => Buffer.concat([...renderRollupJson(rollup)]).toString('utf8');
    expect(text(jsonAhead.rollup)).toBe(text(jsonHere.rollup));
    expect(JSON.parse(text(jsonHere.rollup))).toEqual(JSON.parse(JSON.stringify({ generator: 'rhythm', ...(await rollupReviews(workbook, year, { scope })).rollup })));

    // A rollup skips a file it cannot read at all, with the same problem either way.
    const everything = { customers, period: parsePeriod('2024', workbook.config), today: '2026-11-24' };
    const [ahead, here] = await Promise.all([threaded.rollupReviews(workbook, everything), rollupReviews(workbook, everything)]);
    expect(JSON.stringify(ahead.rollup)).toBe(JSON.stringify(here.rollup));
    expect(ahead.problems).toEqual(here.problems);
    const unreadable = here.problems.filter((problem) => problem.file.startsWith('rhythm/team-005/')).map((problem) => `${problem.file}:${problem.line}: ${problem.message}`);
    expect(unreadable).toEqual([
      'rhythm/team-005/weekly/2024-11.md:1: is a folder, not a file: rename it or move it out of the workbook',
      'rhythm/team-005/weekly/2024-12.md:1: is a symbolic link to nothing: fix the link, or remove it',
    ]);
  });

  it("gives the example workbook's rollups", async () => {
    const example = await openWorkbook(fileURLToPath(new URL('../../rhythm/', import.meta.url)));
    const { customers } = await readRegistry(example);
    const listed = await listReviews(example);
    const whole = (await Promise.all(listed.map((location) => readReview(example, location)))).flatMap((parsed) => parsed.review ?? []);
    for (const label of ['FY2027', 'FY2027-Q3', '2026-W40']) {
      const period = parsePeriod(label, example.config);
      const input = { customers, period, today: '2026-11-24' };
      const within = namedWithin(rangeOf(period, example.config), example.config);
      const held = { held: heldPeriods(listed, example.config), heldDays: heldDaysFrom(listed, example.config) };
      expect(JSON.stringify((await rollupReviews(example, input, { read: within })).rollup), label).toBe(JSON.stringify(computeRollup({ ...input, ...held, config: example.config, reviews: whole })));
    }
  });
});
