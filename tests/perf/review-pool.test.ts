import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { parseReview, type ParsedReview, type Review } from '../../src/core/review.js';
import { computeRollup } from '../../src/core/rollup.js';
import { PackedReview, packReview } from '../../src/io/packed-review.js';
import { forRollup, readReviewForRollup, readReviewSync, StringPool } from '../../src/io/read-review.js';
import type * as PoolModule from '../../src/io/review-pool.js';
import * as sourceReviews from '../../src/io/reviews.js';
import type * as ReviewsModule from '../../src/io/reviews.js';
import { listReviews, openWorkbook, readRegistry, type Workbook } from '../../src/io/workbook.js';

/**
 * Reading reviews on reader threads gives exactly what reading them one by one on the main thread
 * gives. The threads run the built worker (dist/io/review-worker.js): `npm test` builds first.
 */
const DIST = new URL('../../dist/', import.meta.url);

async function fromDist<T>(path: string): Promise<T> {
  const url = new URL(path, DIST);
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: run npm run build first`);
  return (await import(url.href)) as T;
}

type Pool = typeof PoolModule;
type Reviews = typeof ReviewsModule;
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
};

let root: string;
let big: string;
let workbook: Workbook;
let bigWorkbook: Workbook;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rhythm-pool-test-'));
  const { generateWorkbook } = (await import(new URL('../../bench/generate.mjs', import.meta.url).href)) as Generator;
  const small = join(root, 'small');
  generateWorkbook(small, { files: 250, seed: 'pool-test' });
  for (const [name, content] of Object.entries(ODD_FILES)) writeFileSync(join(small, 'rhythm', 'team-001', 'weekly', `zz-${name}.md`), content);
  workbook = await openWorkbook(small);
  big = join(root, 'big');
  // Just enough files for loadReviews to read on threads.
  generateWorkbook(big, { files: sourceReviews.PARALLEL_FROM_FILES, seed: 'pool-test-big' });
  bigWorkbook = await openWorkbook(big);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A review as plain data, -0 kept apart from 0. */
function plain(parsed: ParsedReview): unknown {
  return JSON.parse(JSON.stringify(parsed, (_key, value: unknown) => (Object.is(value, -0) ? '-0' : value)));
}

describe('the review pool', () => {
  it('reads every file as readReviewForRollup does, problems and all, in order', async () => {
    const { startPool } = await fromDist<Pool>('io/review-pool.js');
    const locations = await listReviews(workbook);
    expect(locations.length).toBe(250 + Object.keys(ODD_FILES).length);
    const sequential = locations.map((location) => readReviewForRollup(location, workbook.config));
    const pool = startPool({ threads: 2, batch: 7 });
    try {
      const parallel = await pool.read(locations, workbook.config);
      expect(parallel.map(plain)).toEqual(sequential.map(plain));
      // Unpacked field by field, too: the same values of the same kinds.
      for (const [index, result] of parallel.entries()) {
        const expected = sequential[index]!.review;
        if (!expected) continue;
        const review = result.review!;
        for (const key of Object.keys(expected) as (keyof Review)[]) expect(review[key], `${expected.file} ${key}`).toStrictEqual(expected[key]);
      }
    } finally {
      await pool.close();
    }
  });

  it('fails with the error of the first file that cannot be read, as reading one by one does', { timeout: 60_000 }, async () => {
    const { startPool } = await fromDist<Pool>('io/review-pool.js');
    const locations = await listReviews(bigWorkbook);
    const gone = locations[1234]!;
    const copy = join(root, 'gone.md');
    writeFileSync(copy, '');
    const list = [...locations.slice(0, 1300), { ...gone, path: copy }, ...locations.slice(1300)];
    unlinkSync(copy);
    let expected: unknown;
    try {
      for (const location of list) readReviewForRollup(location, bigWorkbook.config);
    } catch (error) {
      expected = error;
    }
    expect((expected as NodeJS.ErrnoException).code).toBe('ENOENT');
    const pool = startPool({ threads: 2, batch: 50 });
    try {
      const outcome = await pool.read(list, bigWorkbook.config).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toBe((expected as Error).message);
      expect((outcome as NodeJS.ErrnoException).code).toBe('ENOENT');
    } finally {
      await pool.close();
    }
  });
});

describe('a reader thread that fails', () => {
  it('fails the read as a thread failure, which loadReviews answers by reading on the main thread', async () => {
    const { startPool, ThreadFailure } = await fromDist<Pool>('io/review-pool.js');
    const locations = await listReviews(bigWorkbook);
    const pool = startPool({ threads: 2, batch: 20 });
    let stopped = false;
    // Stop the threads once the first files are in, as a crash would.
    const stop = () => {
      if (!stopped) void pool.close();
      stopped = true;
    };
    const outcome = await pool.read(locations, bigWorkbook.config, stop).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(stopped).toBe(true);
    expect(outcome).toBeInstanceOf(ThreadFailure);
  });
});

describe('loadReviews', () => {
  it('gives the same reviews, problems and progress on reader threads as on the main thread', { timeout: 60_000 }, async () => {
    const built = await fromDist<Reviews>('io/reviews.js');
    const progress: [number, number][] = [];
    const sequentialProgress: [number, number][] = [];
    const parallel = await built.loadReviews(bigWorkbook, undefined, (done, total) => progress.push([done, total]));
    // From the sources there is no compiled worker: the same function reads on the main thread.
    const sequential = await sourceReviews.loadReviews(bigWorkbook, undefined, (done, total) => sequentialProgress.push([done, total]));
    expect(parallel.reviews.length).toBe(sourceReviews.PARALLEL_FROM_FILES);
    // The threads did read them: their reviews are packed, the main thread's are plain objects.
    expect(parallel.reviews[0]!.constructor.name).toBe('PackedReview');
    expect(sequential.reviews[0]!.constructor).toBe(Object);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
    expect(progress).toEqual(sequentialProgress);
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: sourceReviews.PARALLEL_FROM_FILES / 500 }, (_, index) => (index + 1) * 500));
  });

  it('keeps what a rollup aggregates: the rollup equals the rollup of the whole reviews', { timeout: 60_000 }, async () => {
    const built = await fromDist<Reviews>('io/reviews.js');
    const loaded = await built.loadReviews(bigWorkbook);
    const { customers } = await readRegistry(bigWorkbook);
    const whole = (await listReviews(bigWorkbook)).flatMap((location) => readReviewSync(location, bigWorkbook.config).review ?? []);
    for (const label of ['2025', '2023-Q2', '2026-W53', '2024']) {
      const period = parsePeriod(label, bigWorkbook.config);
      const input = { config: bigWorkbook.config, customers, period, today: '2026-11-24' };
      expect(JSON.stringify(computeRollup({ ...input, reviews: loaded.reviews })), label).toBe(JSON.stringify(computeRollup({ ...input, reviews: whole })));
    }
  });

  it('keeps what a rollup aggregates in the example workbook too', async () => {
    const example = await openWorkbook(fileURLToPath(new URL('../../rhythm/', import.meta.url)));
    const { customers } = await readRegistry(example);
    const locations = await listReviews(example);
    const whole = locations.flatMap((location) => readReviewSync(location, example.config).review ?? []);
    const strings = new StringPool();
    const kept = whole.map((review) => forRollup(structuredClone(review), strings));
    const packed = whole.map((review) => new PackedReview(review.file, packReview(review), strings));
    for (const label of ['FY2027', 'FY2027-Q3', '2026-W40']) {
      const period = parsePeriod(label, example.config);
      const input = { config: example.config, customers, period, today: '2026-11-24' };
      const expected = JSON.stringify(computeRollup({ ...input, reviews: whole }));
      expect(JSON.stringify(computeRollup({ ...input, reviews: kept })), label).toBe(expected);
      expect(JSON.stringify(computeRollup({ ...input, reviews: packed })), label).toBe(expected);
    }
  });
});

describe('a packed review', () => {
  const text = ODD_FILES.unicode as string;
  const review = parseReview(text, 'rhythm/team-001/weekly/x.md', { fiscalYearStartMonth: 1 }).review!;

  it('reads, writes and serialises as the review it packs', () => {
    const kept = forRollup(structuredClone(review));
    const packed = new PackedReview(review.file, packReview(review), new StringPool());
    expect(packed.period).toBe('2025-W12');
    expect(packed.team).toBe('team-001');
    expect(Object.is(packed.scores.value_confidence, -0)).toBe(true);
    expect(packed.resolved).toEqual([{ customer: 'c002', since: '2025-W01', reason: '', note: '' }]);
    expect(JSON.stringify(packed)).toBe(JSON.stringify(kept));
    for (const key of Object.keys(kept) as (keyof Review)[]) expect(packed[key], key).toStrictEqual(kept[key]);
    packed.date = '2025-01-01';
    packed.actions = [];
    expect([packed.date, packed.actions]).toEqual(['2025-01-01', []]);
  });

  it('has no team when the review has none', () => {
    const { team: _team, ...teamless } = review;
    const packed = new PackedReview(review.file, packReview(teamless), new StringPool());
    expect('team' in packed).toBe(false);
    expect(JSON.parse(JSON.stringify(packed))).not.toHaveProperty('team');
  });
});
