import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { periodLookup, type Cadence, type Day, type Period } from '../domain/period.js';
import { heldOn, type Review } from '../domain/review.js';
import { slugProblem } from '../domain/slug.js';
import { closest } from '../domain/suggest.js';
import { ExitCode, UsageError } from '../errors.js';
import { checkReportTarget, outputTargets, ownedFolders, refuseOwnedFolder, workbookHolding } from '../io/report-target.js';
import { readReview } from '../io/reviews.js';
import { openWorkbook, reportsDir, ritualScales, type ReviewLocation, type Workbook } from '../io/workbook.js';
import { refuseOutside, writeAtomic } from '../io/write-file.js';
import { briefView, internalNotes, renderBriefHtml, renderBriefMarkdown, type BriefView } from '../report/brief.js';
import { customerIds } from '../report/customer-view.js';
import { warnAbout, type RunEnv } from '../run/env.js';
import { resolveDay, resolvePeriod, resolveTeamFilter } from '../run/options.js';
import { rollupPeriod } from '../run/rollup.js';

const FORMATS = ['md', 'html'] as const;
export type BriefFormat = (typeof FORMATS)[number];

export interface BriefOptions {
  customer: string;
  /** The kind of period, and its label when one was given; true = the current one. The default is the quarter. */
  week?: string | true;
  quarter?: string | true;
  year?: string | true;
  date?: string;
  team?: string;
  formats: BriefFormat[];
  /** A file (`brief.html`) or a folder. */
  out?: string;
  stdout: boolean;
  /** Add the team's own notes (hard to hear, assumptions) and the claims without evidence. */
  internal: boolean;
  /** Replace a file of the brief's name that rhythm did not write. */
  force: boolean;
  strict: boolean;
}

/** `rhythm brief <customer>`: the customer value brief, a pre-read for a quarterly business review. */
export async function brief(env: RunEnv, options: BriefOptions): Promise<ExitCode> {
  if (options.stdout && options.formats.length !== 1) throw new UsageError('--stdout prints one format: pass --format md or html');
  const workbook = await openWorkbook(env.cwd);
  warnAbout(env, workbook.warnings);
  const team = resolveTeamFilter(workbook.config, options.team);
  const today = resolveDay(options.date, env.today);
  const period = requestedPeriod(options, workbook, today);
  const { rollup, locations } = await rollupPeriod(env, workbook, { period, today, strict: options.strict, ...(team ? { team } : {}) }, 'whole');
  const id = options.customer;
  const known = customerIds(rollup).includes(id);
  if (!known) {
    const near = closest(
      id,
      customerIds(rollup).map((candidate) => ({ id: candidate, names: rollup.registry.filter((customer) => customer.id === candidate).map((customer) => customer.name) })),
    );
    // As `rhythm customers <id>` does: a usage error (exit 2), with the closest known ids.
    throw new UsageError(`unknown customer "${id}"${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}: run rhythm customers for the list`);
  }
  // The id names the file: only a slug (customers.yaml and check hold them to it) may.
  const problem = slugProblem(id);
  if (problem) throw new UsageError(`customer "${id}": an id ${problem}`);

  const scale = (await ritualScales(workbook)).value_confidence;
  let view = briefView(rollup, id, { ...(scale ? { scale } : {}) })!;
  if (options.internal) {
    const reviews = await periodReviews(workbook, locations, view, rollup.period.label, today);
    const notes = internalNotes(reviews, { id, name: view.customer.name });
    view = briefView(rollup, id, { internal: true, notes, ...(scale ? { scale } : {}) })!;
  }
  if (view.leftOut > 0) env.output.info(`${view.leftOut} value claim${view.leftOut === 1 ? '' : 's'} without evidence left out (--internal shows them)`);

  const shown = (path: string) => {
    const relativePath = relative(env.cwd, path);
    return relativePath === '' || relativePath.startsWith('..') ? path : relativePath;
  };
  const base = `${id}-${rollup.period.label}${team ? `-${team}` : ''}${options.internal ? '-internal' : ''}`;
  const targets = outputTargets(env.cwd, options.out, options.formats, FORMATS, base, join(reportsDir(workbook), 'briefs'));
  if (!options.stdout) {
    const outDir = dirname(targets[0]!.path);
    const named = options.out !== undefined ? `--out ${options.out}` : `the reports folder ${shown(outDir)}`;
    // Without --out, briefs stay inside the workbook, whatever links lie on the way; --out may point anywhere.
    if (options.out === undefined) for (const { path } of targets) refuseOutside(workbook.root, path, shown(path));
    const owned = ownedFolders([workbook, await workbookHolding(outDir)]);
    await refuseOwnedFolder(outDir, owned, named);
    for (const { format, path } of targets) await checkReportTarget(path, format, { force: options.force, shown: shown(path), owned });
    await mkdir(outDir, { recursive: true });
  }
  for (const { format, path } of targets) {
    const text = format === 'md' ? renderBriefMarkdown(view) : renderBriefHtml(view);
    if (options.stdout) {
      env.output.data(text);
      continue;
    }
    await writeAtomic(path, text);
    env.output.data(shown(path));
  }
  return ExitCode.ok;
}

/** The period asked for: one of --week, --quarter or --year (a label, or the one holding the day); the quarter by default. */
function requestedPeriod(options: BriefOptions, workbook: Workbook, day: Day): Period {
  const requests = (['week', 'quarter', 'year'] as const).filter((kind) => options[kind] !== undefined);
  if (requests.length > 1) throw new UsageError('pass one of --week, --quarter or --year');
  const cadence: Cadence = requests[0] ?? 'quarter';
  const label = options[cadence];
  return resolvePeriod({ flag: cadence, cadence, day, ...(typeof label === 'string' ? { label } : {}) }, workbook.config);
}

/**
 * The reviews of the period of the teams the brief is written from, read again for their prose
 * (the rollup keeps no internal answer): each file named for a period that belongs to the brief's
 * (a week by its Thursday) and held by the day the brief is as of.
 */
async function periodReviews(workbook: Workbook, locations: readonly ReviewLocation[], view: BriefView, periodLabel: string, today: Day): Promise<Review[]> {
  const periods = periodLookup(workbook.config);
  const range = periods(periodLabel)?.range;
  if (!range) return [];
  const teams = new Set(view.teamIds);
  const within = locations.filter((location) => {
    if (workbook.config.teams.length > 0 && (location.team === undefined || !teams.has(location.team))) return false;
    const info = periods(location.label);
    if (!info) return false;
    return info.period.kind === 'week' ? range.start <= info.anchor && info.anchor <= range.end : range.start <= info.range.start && info.range.end <= range.end;
  });
  const parsed = await Promise.all(within.map((location) => readReview(workbook, location)));
  return parsed.flatMap(({ review }) => {
    const info = review ? periods(review.period) : undefined;
    return review && info && heldOn(review, info.range) <= today ? [review] : [];
  });
}

export function parseBriefFormats(value: string): BriefFormat[] {
  const formats = value.split(',').map((format) => format.trim().toLowerCase());
  const unknown = formats.find((format) => !FORMATS.includes(format as BriefFormat));
  if (unknown !== undefined) throw new UsageError(`--format ${unknown}: use md or html (comma-separated for both)`);
  return [...new Set(formats)] as BriefFormat[];
}
