import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { addDaysTo, formatPeriod, parsePeriod, periodOf, periodsWithin, rangeOf, type Cadence, type Day, type Period } from '../domain/period.js';
import type { Rollup } from '../domain/rollup/model.js';
import { slugProblem } from '../domain/slug.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { readText } from '../io/files.js';
import { refuseOutside, writeAtomic } from '../io/write-file.js';
import { checkReportTarget, outputTargets, ownedFolders, refuseOwnedFolder, workbookHolding } from '../io/report-target.js';
import { openWorkbook, reportsDir, ritualScales, type Workbook } from '../io/workbook.js';
import type { ReportFormat } from '../report/generated.js';
import type { RenderedRollup } from '../report/json.js';
import type { ReportView } from '../report/view-model.js';
import { warnAbout, type RunEnv } from '../run/env.js';
import { resolveDay, resolvePeriod, resolveTeamFilter } from '../run/options.js';
import { rollupPeriod, rollupPeriodJson } from '../run/rollup.js';

const FORMATS = ['md', 'json', 'html'] as const satisfies readonly ReportFormat[];
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
  /** Replace a file of a report's name that `rhythm report` did not write. */
  force: boolean;
  /** Write a static site into this folder instead of report files: `rhythm report --site <dir>`. */
  site?: string;
  /** Every quote, claim and open action in markdown and HTML, not the few most telling of each customer. */
  full?: boolean;
}

/** `rhythm report`: roll a period up into markdown, JSON and HTML, or merge JSON rollups of other teams or repos. */
export async function report(env: RunEnv, options: ReportOptions): Promise<ExitCode> {
  if (options.site !== undefined) return reportSite(env, options, options.site);
  if (options.stdout && options.formats.length !== 1) throw new UsageError('--stdout prints one format: pass --format md, json or html');
  if (options.merge && options.team !== undefined) {
    const problem = slugProblem(options.team);
    if (problem) throw new UsageError(`--team ${JSON.stringify(options.team)}: a team id ${problem}`);
  }
  const workbook = options.merge ? undefined : await openWorkbook(env.cwd);
  const jsonOnly = options.formats.every((format) => format === 'json');
  const rollup = workbook ? await rollupWorkbook(env, workbook, options, jsonOnly) : await mergeFiles(env, options.merge ?? []);
  // Scales are drawn in markdown and HTML; JSON alone needs no template read.
  const scales = workbook && options.formats.some((format) => format !== 'json') ? await ritualScales(workbook) : {};
  const base = reportBaseName(rollup, options.team);
  const targets = outputTargets(env.cwd, options.out, options.formats, FORMATS, base, workbook ? reportsDir(workbook) : env.cwd);
  const outDir = dirname(targets[0]!.path);
  const shown = (path: string) => {
    const relativePath = relative(env.cwd, path);
    return relativePath === '' || relativePath.startsWith('..') ? path : relativePath;
  };
  if (!options.stdout) {
    const named = options.out !== undefined ? `--out ${options.out}` : workbook ? `the reports folder ${shown(outDir)}` : 'the current folder';
    // Without --out, reports stay inside the workbook, whatever links lie on the way; --out may point anywhere.
    if (workbook && options.out === undefined) for (const { path } of targets) refuseOutside(workbook.root, path, shown(path));
    await checkTargets(env.cwd, workbook, { outDir, named, targets, force: options.force, shown });
    await mkdir(outDir, { recursive: true });
  }
  let view: Promise<ReportView> | undefined;
  // Only markdown and HTML ask for the view, and with either the rollup is whole (not jsonOnly).
  const viewOnce = () => (view ??= import('../report/view-model.js').then(({ reportView }) => reportView(rollup as Rollup, { scales, full: options.full === true })));
  for (const { format, path } of targets) {
    const text = await render(rollup, format, viewOnce);
    if (options.stdout) {
      if (typeof text === 'string') env.output.data(text);
      else await env.output.json(text);
      continue;
    }
    await writeAtomic(path, text);
    env.output.data(shown(path));
  }
  return ExitCode.ok;
}

/**
 * A report's file name without extension: the period's label as rhythm formats it, and the team.
 * Only a parsed period and a team id (both checked) make it, so no rollup, however it was
 * written, can name a file outside the output folder.
 */
export function reportBaseName(rollup: Pick<Rollup, 'period' | 'fiscalYearStartMonth'>, team: string | undefined): string {
  const calendar = { fiscalYearStartMonth: rollup.fiscalYearStartMonth };
  return `${formatPeriod(parsePeriod(rollup.period.label, calendar), calendar)}${team ? `-${team}` : ''}`;
}

/**
 * Every target is checked before the first is written, so a refused report writes nothing: the
 * folder is none of the review, template or draft folders of the workbook reported on (for
 * --merge, the one it runs in) or of the workbook holding the folder, and each file is absent or
 * a report rhythm wrote (or --force).
 */
async function checkTargets(
  cwd: string,
  workbook: Workbook | undefined,
  options: { outDir: string; named: string; targets: { format: Format; path: string }[]; force: boolean; shown: (path: string) => string },
): Promise<void> {
  const owned = ownedFolders([workbook ?? (await workbookHolding(cwd)), await workbookHolding(options.outDir)]);
  await refuseOwnedFolder(options.outDir, owned, options.named);
  for (const { format, path } of options.targets) await checkReportTarget(path, format, { force: options.force, shown: options.shown(path), owned });
}

/** Markdown and HTML render one view of the rollup, built when first asked for; JSON is the rollup itself. */
async function render(rollup: Rollup | RenderedRollup, format: Format, view: () => Promise<ReportView>): Promise<string | Iterable<Uint8Array>> {
  switch (format) {
    case 'md':
      return (await import('../report/markdown.js')).renderMarkdown(await view());
    case 'json':
      return (await import('../report/json.js')).renderRollupJson(rollup);
    case 'html':
      return (await import('../report/html.js')).renderHtml(await view());
  }
}

/**
 * `--site <dir>`: the period asked as index.html, a page per team and per customer, and the
 * reports of the period's year and of its quarters up to the overview's day, all as of that day.
 * Every page is checked before the first is written (io/site.ts).
 */
async function reportSite(env: RunEnv, options: ReportOptions, site: string): Promise<ExitCode> {
  if (options.merge) throw new UsageError('--site reads the workbook\'s reviews: it does not take --merge');
  if (options.stdout || options.out !== undefined) throw new UsageError('--site <dir> is where the site goes: drop --stdout and --out');
  if (options.formats.some((format) => format !== 'html')) throw new UsageError('--site writes HTML pages only: drop --format');
  const workbook = await openWorkbook(env.cwd);
  warnAbout(env, workbook.warnings);
  const calendar = workbook.config;
  const team = resolveTeamFilter(calendar, options.team);
  const period = requestedPeriod(options, workbook, env.today);
  const common = { strict: options.strict, ...(team ? { team } : {}) };
  const overview = (await rollupPeriod(env, workbook, { ...common, period, today: resolveDay(options.date, env.today) })).rollup;
  // The year holding the period (a week's is the one holding its Thursday), and its quarters begun by the overview's day.
  const year = periodOf('year', addDaysTo(rangeOf(period, calendar).start, 3), calendar);
  const quarters = periodsWithin(year, 'quarter', calendar).filter((quarter) => rangeOf(quarter, calendar).start <= overview.today);
  const periods: Rollup[] = [];
  for (const each of [year, ...quarters]) {
    const label = formatPeriod(each, calendar);
    periods.push(label === overview.period.label ? overview : (await rollupPeriod(env, workbook, { ...common, period: each, today: overview.today })).rollup);
  }
  const [{ sitePages }, { checkSite, writeSite }] = await Promise.all([import('../report/site/pages.js'), import('../io/site.js')]);
  const pages = sitePages({ overview, periods, scales: await ritualScales(workbook) });
  const dir = resolve(env.cwd, site);
  const shown = (path: string) => {
    const relativePath = relative(env.cwd, path);
    return relativePath === '' || relativePath.startsWith('..') ? path : relativePath;
  };
  const owned = ownedFolders([workbook, await workbookHolding(dir)]);
  await checkSite(pages, { dir, named: `--site ${site}`, force: options.force, owned, shown });
  const { removed } = await writeSite(pages, dir);
  const count = (prefix: string, noun: string) => {
    const pagesOf = pages.filter((page) => page.path.startsWith(prefix)).length;
    return `${pagesOf} ${noun}${pagesOf === 1 ? '' : 's'}`;
  };
  env.output.info(
    `wrote ${pages.length} pages into ${shown(dir) || '.'}: ${overview.period.label} as of ${overview.today}, ${count('teams/', 'team')}, ${count('customers/', 'customer')}, ${count('reports/', 'period report')}${removed.length > 0 ? `; removed ${removed.length} old (${removed.join(', ')})` : ''}`,
  );
  env.output.data(shown(join(dir, 'index.html')));
  return ExitCode.ok;
}

function requestedPeriod(options: ReportOptions, workbook: Workbook, today: Day): Period {
  const requests = (['week', 'quarter', 'year'] as const).filter((kind) => options[kind] !== undefined);
  if (requests.length > 1) throw new UsageError('pass one of --week, --quarter or --year');
  const cadence: Cadence = requests[0] ?? 'quarter';
  const label = options[cadence];
  return resolvePeriod({ flag: cadence, cadence, day: resolveDay(options.date, today), ...(typeof label === 'string' ? { label } : {}) }, workbook.config);
}

/**
 * The period's rollup. Written as JSON alone, each team section is rendered as soon as it is
 * computed and only its JSON and the records the summary reads are kept (memory holds the output,
 * not every section); markdown and HTML need the whole sections for their view.
 */
async function rollupWorkbook(env: RunEnv, workbook: Workbook, options: ReportOptions, jsonOnly: boolean): Promise<Rollup | RenderedRollup> {
  warnAbout(env, workbook.warnings);
  const team = resolveTeamFilter(workbook.config, options.team);
  const period = requestedPeriod(options, workbook, env.today);
  // As of `--date` (or today); the rollup itself stops the clock at the period's end.
  const rollupOptions = { period, today: resolveDay(options.date, env.today), strict: options.strict, ...(team ? { team } : {}) };
  if (!jsonOnly) return (await rollupPeriod(env, workbook, rollupOptions)).rollup;
  return rollupPeriodJson(env, workbook, rollupOptions);
}

async function mergeFiles(env: RunEnv, files: string[]): Promise<Rollup> {
  if (files.length === 0) throw new UsageError('--merge needs JSON rollups: rhythm report --merge a.json b.json');
  const { asOfDifferent, mergeRollups, parseRollup, RollupMergeError } = await import('../domain/rollup/merge.js');
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
    const merged = mergeRollups(rollups, files);
    const earlier = asOfDifferent(rollups, files);
    if (earlier) env.output.warn(earlier);
    return merged;
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
