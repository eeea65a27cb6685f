import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { unknownTeamProblem } from '../domain/config.js';
import { parsePeriod, periodOf, PeriodError, rangeOf, type Cadence, type Period } from '../domain/period.js';
import type { Rollup } from '../domain/rollup/model.js';
import { formatProblem, UsageError, UserError } from '../errors.js';
import { readText, writeAtomic } from '../io/files.js';
import type { ReviewsRollup } from '../io/reviews.js';
import { openWorkbook, readRegistry, reportsDir, ritualScales, type Workbook } from '../io/workbook.js';
import { dayOption, warnAbout, type RunEnv } from '../run/env.js';

export const FORMATS = ['md', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  /** The kind of period, and its label when one was given (`--quarter 2026-Q4`); true = the current one. */
  week?: string | true;
  quarter?: string | true;
  year?: string | true;
  date?: string;
  team?: string;
  formats: Format[];
  out?: string;
  stdout: boolean;
  merge?: string[];
  strict: boolean;
}

/** `rhythm report`: roll a period up into markdown, JSON and HTML, or merge JSON rollups of other teams or repos. */
export async function report(env: RunEnv, options: ReportOptions): Promise<number> {
  if (options.stdout && options.formats.length !== 1) throw new UsageError('--stdout prints one format: pass --format md, json or html');
  const workbook = options.merge ? undefined : await openWorkbook(env.cwd);
  const rollup = workbook ? await rollupWorkbook(env, workbook, options) : await mergeFiles(env, options.merge ?? []);
  // Scales are drawn in markdown and HTML; JSON alone needs no template read.
  const scales = workbook && options.formats.some((format) => format !== 'json') ? await ritualScales(workbook) : DEFAULT_SCALES;
  const base = `${rollup.period.label}${options.team ? `-${options.team}` : ''}`;
  const outDir = options.out ? resolve(env.cwd, options.out) : workbook ? reportsDir(workbook) : env.cwd;
  if (!options.stdout) await mkdir(outDir, { recursive: true });
  for (const format of options.formats) {
    const text = await render(rollup, format, scales);
    if (options.stdout) {
      if (typeof text === 'string') env.output.data(text);
      else env.output.bytes(text);
      continue;
    }
    const path = join(outDir, `${base}.${format}`);
    await writeAtomic(path, text);
    const shown = relative(env.cwd, path);
    env.output.data(shown === '' || shown.startsWith('..') ? path : shown);
  }
  return 0;
}

/** Merged rollups come without templates: the built-in scale of the confidence score is assumed. */
const DEFAULT_SCALES = { value_confidence: { min: 1, max: 5 } };

async function render(rollup: Rollup, format: Format, scales: Record<string, { min: number; max: number }>): Promise<string | Iterable<Uint8Array>> {
  switch (format) {
    case 'md':
      return (await import('../report/markdown.js')).renderRollupMarkdown(rollup, { scales });
    case 'json':
      return (await import('../report/json.js')).renderRollupJson(rollup);
    case 'html':
      return (await import('../report/html.js')).renderRollupHtml(rollup, { scales });
  }
}

function requestedPeriod(options: ReportOptions, workbook: Workbook, today: string): Period {
  const requests = (['week', 'quarter', 'year'] as const).filter((kind) => options[kind] !== undefined);
  if (requests.length > 1) throw new UsageError('pass one of --week, --quarter or --year');
  const kind: Cadence = requests[0] ?? 'quarter';
  const label = options[kind];
  if (typeof label === 'string') {
    try {
      const period = parsePeriod(label, workbook.config);
      if (period.kind !== kind) throw new UsageError(`--${kind} ${label}: that is a ${period.kind}`);
      return period;
    } catch (error) {
      if (error instanceof PeriodError) throw new UsageError(`--${kind}: ${error.message}`);
      throw error;
    }
  }
  return periodOf(kind, dayOption(options.date, today), workbook.config);
}

async function rollupWorkbook(env: RunEnv, workbook: Workbook, options: ReportOptions): Promise<Rollup> {
  warnAbout(env, workbook.warnings);
  const { config } = workbook;
  const teamProblem = options.team === undefined ? undefined : unknownTeamProblem(config, options.team);
  if (teamProblem) throw new UsageError(teamProblem);
  const period = requestedPeriod(options, workbook, env.today);
  const { customers } = await readRegistry(workbook);
  const { rollupReviews, namedWithin } = await import('../io/reviews.js');
  const within = namedWithin(rangeOf(period, config), config);
  const rolled = await rollupReviews(
    workbook,
    { customers, period, today: env.today, ...(options.team ? { team: options.team } : {}) },
    (location) => (options.team === undefined || location.team === options.team) && within(location),
    (done, total) => env.output.progress(`reading reviews ${done}/${total}…`),
  );
  reportSkipped(env, rolled, options.strict);
  return rolled.rollup;
}

/**
 * One broken file never sinks a report: a file that cannot be read is skipped with a one-line
 * warning; a file read despite an error (say, a bad date) is used and its problem shown.
 * With --strict, either fails the command.
 */
export function reportSkipped(env: RunEnv, loaded: Pick<ReviewsRollup, 'problems' | 'unread'>, strict: boolean): void {
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (errors.length === 0) return;
  if (strict) {
    const files = new Set(errors.map((problem) => problem.file)).size;
    throw new UserError(`${errors.map((problem) => formatProblem(problem)).join('\n')}\n${files} review file${files === 1 ? ' has' : 's have'} problems: fix them (rhythm check) or drop --strict`);
  }
  warnAbout(env, errors.filter((problem) => loaded.unread.has(problem.file)), 'skipped: ');
  warnAbout(env, errors.filter((problem) => !loaded.unread.has(problem.file)));
  const skipped = loaded.unread.size;
  if (skipped > 0) env.output.warn(`${skipped} review file${skipped === 1 ? '' : 's'} skipped (run rhythm check for details)`);
}

async function mergeFiles(env: RunEnv, files: string[]): Promise<Rollup> {
  if (files.length === 0) throw new UsageError('--merge needs JSON rollups: rhythm report --merge a.json b.json');
  const { mergeRollups, parseRollup, RollupMergeError } = await import('../domain/rollup/merge.js');
  try {
    const rollups = await Promise.all(
      files.map(async (file) => {
        let text: string;
        try {
          text = await readText(resolve(env.cwd, file));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--merge ${file}: no such file`);
          throw error;
        }
        return parseRollup(text, file);
      }),
    );
    return mergeRollups(rollups);
  } catch (error) {
    if (error instanceof RollupMergeError) throw new UserError(error.message);
    throw error;
  }
}

export function parseFormats(value: string): Format[] {
  const formats = value.split(',').map((format) => format.trim().toLowerCase());
  const unknown = formats.find((format) => !FORMATS.includes(format as Format));
  if (unknown !== undefined) throw new UsageError(`--format ${unknown}: use md, json or html (comma-separated for several)`);
  return [...new Set(formats)] as Format[];
}
