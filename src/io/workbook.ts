import { readdirSync, statSync, type Dirent } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../domain/collections.js';
import { CONFIG_FILE, parseConfig, type Config } from '../domain/config.js';
import { inStyleOf, normaliseText, yamlPackage, yamlText } from '../domain/frontmatter.js';
import { compareRanges, periodLookup, rangeOf, type Calendar, type Period } from '../domain/period.js';
import { parseRegistry, REGISTRY_FILE, type Customer } from '../domain/registry.js';
import { printableName, reviewNameProblem } from '../domain/review-name.js';
import { parseTemplate, scalesOf, TemplateError, type Template } from '../domain/template.js';
import { formatProblem, UserError, type Problem } from '../errors.js';
import { exists, readText, readTextAsWritten, unreadableReason, WORKBOOK_FILE_LIMIT } from './files.js';
import { refuseOutside, writeAtomic } from './write-file.js';

/** Built-in templates ship in the package beside dist/. */
const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface Workbook {
  /** The folder holding rhythm.yaml. */
  root: string;
  configFile: string;
  config: Config;
  /** Warnings found in the config (errors stop loading). */
  warnings: Problem[];
  /** Folder of review files (`rhythm/` by default). */
  dir: string;
}

/** Walk up from `cwd` to the folder holding rhythm.yaml, the way git finds `.git`. */
export async function findRoot(cwd: string): Promise<string | undefined> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (await exists(join(dir, CONFIG_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export async function openWorkbook(cwd: string): Promise<Workbook> {
  const { workbook, problems } = await inspectWorkbook(cwd);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new UserError(`${errors.map((problem) => formatProblem(problem)).join('\n')}\nfix ${errors[0]!.file} and run again (rhythm check lists every problem)`);
  }
  return workbook;
}

/** Like openWorkbook, but a broken config is returned as problems (with defaults) instead of thrown. */
export async function inspectWorkbook(cwd: string): Promise<{ workbook: Workbook; problems: Problem[] }> {
  const root = await findRoot(cwd);
  if (!root) {
    throw new UserError(`no ${CONFIG_FILE} found in ${resolve(cwd)} or any parent folder: run \`rhythm init\` first, or pass -C <dir>`);
  }
  const configFile = join(root, CONFIG_FILE);
  const display = relative(cwd, configFile) || CONFIG_FILE;
  const { config, problems } = parseConfig(await readTextOrFail(configFile, display), display);
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  return { workbook: { root, configFile, config, warnings, dir: join(root, config.workbook) }, problems };
}

/** The config, the registry or a template: a file that cannot be read is one line naming it. */
async function readTextOrFail(path: string, display: string): Promise<string> {
  try {
    return await readText(path, WORKBOOK_FILE_LIMIT);
  } catch (error) {
    throw new UserError(`${display}:1: ${unreadableReason(error)}`);
  }
}

export function registryPath(workbook: Workbook): string {
  return join(workbook.dir, REGISTRY_FILE);
}

export async function readRegistry(workbook: Workbook): Promise<{ customers: Customer[]; problems: Problem[] }> {
  const path = registryPath(workbook);
  if (!(await exists(path))) return { customers: [], problems: [] };
  const display = displayPath(workbook, path);
  return parseRegistry(await readTextOrFail(path, display), display);
}

export function displayPath(workbook: Workbook, path: string): string {
  return relative(workbook.root, path).split(sep).join('/');
}

export function reviewPath(workbook: Workbook, ritual: string, period: string, team?: string): string {
  return join(workbook.dir, ...(team ? [team] : []), ritual, `${period}.md`);
}

export function reportsDir(workbook: Workbook): string {
  return join(workbook.dir, 'reports');
}

export function draftsDir(workbook: Workbook): string {
  return join(workbook.root, '.rhythm', 'drafts');
}

/** A workbook's own `templates/<name>.md` overrides the built-in template of that name. */
export async function findTemplate(workbook: Workbook, name: string): Promise<{ path: string; display: string } | undefined> {
  const own = join(workbook.root, 'templates', `${name}.md`);
  if (await exists(own)) return { path: own, display: displayPath(workbook, own) };
  const builtIn = join(BUILT_IN_TEMPLATES, `${name}.md`);
  if (await exists(builtIn)) return { path: builtIn, display: `(built-in) templates/${name}.md` };
  return undefined;
}

export async function loadTemplate(workbook: Workbook, name: string): Promise<Template> {
  const found = await findTemplate(workbook, name);
  if (!found) {
    throw new UserError(`no template "${name}": add templates/${name}.md to the workbook (copy one from the built-in templates)`);
  }
  try {
    return parseTemplate(await readTextOrFail(found.path, found.display), name, found.display);
  } catch (error) {
    if (error instanceof TemplateError) throw new UserError(error.problems.map((problem) => formatProblem(problem)).join('\n'));
    throw error;
  }
}

export interface ReviewLocation {
  path: string;
  /** Path relative to the workbook root, with forward slashes. */
  display: string;
  team?: string;
  ritual: string;
  /** The period label from the file name. */
  label: string;
}

/** A file or folder where reviews are kept that holds none, and why: `check` lists it, a rollup skips it with a warning. */
export interface NotAReview {
  /** The team and ritual whose folder it is (in), where known: a rollup hears only of its own. */
  team?: string;
  ritual?: string;
  problem: Problem;
}

/**
 * Every review file in the workbook: `<team>/<ritual>/<period>.md` for configured teams, or
 * `<ritual>/<period>.md` for configured rituals. Reports, templates and the registry are left out.
 * Folders are listed one after the other; the result is sorted. `onListed` hears how many files
 * are found so far, after each folder; `filter` keeps only some (a year's rollup of a workbook of
 * five years lists and sorts a fifth of it); `within` lists one team's folder (or one ritual's of
 * it, or of no team) and no other, the same files a whole listing finds there.
 *
 * No one entry stops the listing: any other `.md` file (its name is not the period it holds,
 * domain/review-name.ts), a team or ritual folder that cannot be listed, and a link that leads
 * nowhere or to a folder listed already, go to `onNotAReview` instead, sorted. A team or
 * ritual folder may be a symbolic link: what it holds is read, and what is written through it
 * (only within the workbook: write-file.ts refuseOutside) is read back. Only the workbook's own
 * folder, unreadable, fails the listing, with one line.
 */
export async function listReviews(workbook: Workbook, options: ListOptions = {}): Promise<ReviewLocation[]> {
  const { within, filter } = options;
  let walked = within ? walkFolders(workbook, {}, within) : walkFolders(workbook, options);
  let inFolder = (_problem: Problem) => true;
  if (within) {
    const inside = (location: ReviewLocation) => location.team === within.team && (within.ritual === undefined || location.ritual === within.ritual);
    // Which of two paths to a folder keeps its reviews is decided among all the workbook's
    // folders (onceEach): a folder reached through a link is listed with all the others.
    if (walked.folders.some((folder) => folder.linked)) {
      walked = walkFolders(workbook, { filter: (location) => inside(location) && (!filter || filter(location)) });
      const folder = `${displayPath(workbook, join(workbook.dir, ...[within.team, within.ritual].filter((part) => part !== undefined)))}/`;
      inFolder = ({ file }) => file.startsWith(folder) || `${file}/` === folder;
    } else if (filter) walked.found = walked.found.filter(filter);
    options.onListed?.(walked.found.length);
  }
  const { found, notReviews, folders } = walked;
  const listed = folders.some((folder) => folder.linked) ? await onceEach(folders, found, notReviews) : found;
  const own = notReviews.filter(({ problem }) => inFolder(problem)).sort((a, b) => compareText(a.problem.file, b.problem.file));
  if (options.onNotAReview) for (const notReview of own) options.onNotAReview(notReview);
  return listed.sort((a, b) => compareText(a.display, b.display));
}

export interface ListOptions {
  onListed?: (files: number) => void;
  filter?: (location: ReviewLocation) => boolean;
  onNotAReview?: (found: NotAReview) => void;
  /** One team's folder (`ritual` too: one of its rituals' folders); without a team, the folder of a ritual kept by no team. */
  within?: { team?: string; ritual?: string };
}

interface Walked {
  found: ReviewLocation[];
  notReviews: NotAReview[];
  /** Every folder of reviews listed, and whether a link led to it: two names for one folder are read once. */
  folders: { dir: string; display: string; linked: boolean }[];
}

/** The walk of listReviews: `filter` and `onListed` as its, `within` leaving other folders out. */
function walkFolders(workbook: Workbook, options: Pick<ListOptions, 'filter' | 'onListed'>, within?: ListOptions['within']): Walked {
  const { config } = workbook;
  const teamIds = new Set(config.teams.map((team) => team.id));
  const rituals = new Set(Object.keys(config.rituals));
  const found: ReviewLocation[] = [];
  const notReviews: NotAReview[] = [];
  const folders: Walked['folders'] = [];
  // The team and ritual of a folder from its place: `<team>/<ritual>/` or `<ritual>/`.
  const placeOf = (parts: string[]): { team?: string; ritual?: string } => {
    const team = parts.length > 0 && teamIds.has(parts[0]!) ? parts[0] : undefined;
    const ritual = team !== undefined ? parts[1] : parts[0];
    return { ...(team !== undefined ? { team } : {}), ...(ritual !== undefined ? { ritual } : {}) };
  };
  // The folders `within` leaves out: at the top, all but its team's (or ritual's); in the team's, all but its ritual's.
  const wanted = (parts: string[], name: string): boolean => {
    if (within === undefined) return true;
    if (parts.length === 0) return name === (within.team ?? within.ritual);
    return within.team === undefined || within.ritual === undefined || name === within.ritual;
  };
  // Listed synchronously, folder after folder: a promise for each folder's listing cost more than
  // its readdir (50,000 files: a median of about 175 ms, then 120); reading files is synchronous too.
  const walk = (dir: string, parts: string[], linked: boolean): void => {
    const place = placeOf(parts);
    const { team } = place;
    const folderDisplay = displayPath(workbook, dir);
    // Reviews are in a ritual's folder: `<team>/<ritual>/` or `<ritual>/`, not a team's own.
    const ritual = parts.length === (team === undefined ? 1 : 2) ? place.ritual : undefined;
    let names: string[];
    // What each entry is, asked only in the workbook's folder and a team's: a ritual's folder is
    // listed by name (a Dirent for each of 50,000 reviews cost the listing about 20 ms).
    let entries: Dirent[] | undefined;
    try {
      if (ritual === undefined) {
        entries = readdirSync(dir, { withFileTypes: true });
        names = entries.map((entry) => entry.name);
      } else names = readdirSync(dir);
    } catch (error) {
      if (parts.length === 0) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new UserError(`${folderDisplay}/ ${folderReason(error)}; it is the workbook's folder of reviews (workbook: in ${CONFIG_FILE})`);
      }
      // A folder that went away while the workbook was listed holds nothing to report.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') notReviews.push({ ...place, problem: { file: `${folderDisplay}/`, message: folderReason(error), severity: 'error' } });
      return;
    }
    if (parts.length > 0) folders.push({ dir, display: folderDisplay, linked });
    // Paths and display paths of the files here: the folder's, then the name (entries hold no separator).
    const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    const displayPrefix = parts.length > 0 ? `${folderDisplay}/` : undefined;
    const cadence = ritual === undefined ? undefined : config.rituals[ritual]?.cadence;
    let listed: Set<string> | undefined;
    const beside = (name: string) => (listed ??= new Set(names)).has(name);
    names.forEach((name, index) => {
      if (name.startsWith('.')) return;
      // Only team and ritual folders hold reviews; reports/ and templates/ may share the folder.
      const entry = entries?.[index];
      const known = (parts.length === 0 ? teamIds.has(name) || rituals.has(name) : parts.length === 1 && team !== undefined) && wanted(parts, name);
      if (known && entry?.isDirectory()) {
        walk(prefix + name, [...parts, name], linked);
        return;
      }
      if (known && entry?.isSymbolicLink()) {
        const reason = followLink(prefix + name);
        if (reason === undefined) walk(prefix + name, [...parts, name], true);
        else notReviews.push({ ...placeOf([...parts, name]), problem: { file: displayPath(workbook, prefix + name), message: reason, severity: 'error' } });
        return;
      }
      // A review kept as a symbolic link is a review too (writes go through to its target); a
      // FIFO, a device or a folder named as a review is listed, for reading to refuse it and say so.
      if (ritual === undefined || displayPrefix === undefined || !name.endsWith('.md')) return;
      const label = name.slice(0, -3);
      // Built whole, in one of two shapes: a spread of the team made an object more for every review listed.
      const location: ReviewLocation = team ? { path: prefix + name, display: displayPrefix + name, team, ritual, label } : { path: prefix + name, display: displayPrefix + name, ritual, label };
      const misnamed = reviewNameProblem(label, cadence, config, beside);
      if (misnamed !== undefined) notReviews.push({ ...place, problem: { file: displayPrefix + printableName(name), line: 1, message: misnamed, severity: 'error' } });
      else if (!options.filter || options.filter(location)) found.push(location);
    });
    options.onListed?.(found.length);
  };
  walk(workbook.dir, [], false);
  return { found, notReviews, folders };
}

/**
 * The files of a team's ritual (or of a ritual kept by no team) named for a period of the kind of
 * `period` before it, the latest first: where a ritual finds what the last review left open, not
 * only in the period just before (a missed week must not lose anything). Only that folder is listed.
 */
export async function earlierReviews(workbook: Workbook, { team, ritual }: { team: string | undefined; ritual: string }, period: Period): Promise<ReviewLocation[]> {
  return namedBefore(await listReviews(workbook, { within: { ...(team !== undefined ? { team } : {}), ritual } }), period, workbook.config);
}

/** Of `locations`, those named for a period of the kind of `period` before it, the latest first. */
export function namedBefore(locations: readonly ReviewLocation[], period: Period, calendar: Calendar): ReviewLocation[] {
  const periods = periodLookup(calendar);
  const own = rangeOf(period, calendar);
  return locations
    .flatMap((location) => {
      const info = periods(location.label);
      return info && info.period.kind === period.kind && compareRanges(info.range, own) < 0 ? [{ location, range: info.range }] : [];
    })
    .sort((a, b) => compareRanges(b.range, a.range))
    .map(({ location }) => location);
}

/** Why a link to a team or ritual folder cannot be followed; undefined when it leads to a folder. */
function followLink(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : 'is a link to a file, where a folder of reviews belongs: link to the folder, or remove the link';
  } catch (error) {
    return folderReason(error);
  }
}

/** Why a folder cannot be listed, as the rest of a `folder/ …` line. */
function folderReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'is a file, not a folder: move the file away, or put the folder in its place';
  if (code === 'ENOENT') return 'is a symbolic link to nothing: fix the link, or remove it';
  if (code === 'ELOOP') return 'is a symbolic link in a loop (it leads back to itself): fix the link, or remove it';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be listed (permission denied): check its permissions';
  return unreadableReason(error);
}

/**
 * The reviews of folders reached by a link, once: two paths to one folder (a team's folder linked
 * to another's, a link back up) would count its reviews twice. The folder reached without a
 * link, or else the first by name, is kept; the other is reported.
 */
async function onceEach(folders: { dir: string; display: string; linked: boolean }[], found: ReviewLocation[], notReviews: NotAReview[]): Promise<ReviewLocation[]> {
  const real = await Promise.all(folders.map((folder) => realpath(folder.dir).catch(() => folder.dir)));
  const order = folders.map((_, index) => index).sort((a, b) => Number(folders[a]!.linked) - Number(folders[b]!.linked) || compareText(folders[a]!.display, folders[b]!.display));
  const kept = new Map<string, string>();
  const dropped = new Set<string>();
  for (const index of order) {
    const { display } = folders[index]!;
    const first = kept.get(real[index]!);
    if (first === undefined) kept.set(real[index]!, display);
    else {
      dropped.add(display);
      notReviews.push({ problem: { file: `${display}/`, message: `is the folder ${first}/ again, through a symbolic link: its reviews are read there once; remove the link`, severity: 'error' } });
    }
  }
  return dropped.size === 0 ? found : found.filter((location) => !dropped.has(location.display.slice(0, location.display.lastIndexOf('/'))));
}

/**
 * Append customers to the registry, keeping its comments, layout, byte order mark and line ends;
 * those of them it holds by now (added by someone else meanwhile) are left out. The customers
 * added. A registry that has become invalid meanwhile is one line, and nothing is written.
 */
export async function addCustomers(workbook: Workbook, customers: readonly Customer[]): Promise<Customer[]> {
  const { isSeq, parseDocument } = yamlPackage();
  const path = registryPath(workbook);
  const display = displayPath(workbook, path);
  refuseOutside(workbook.root, path, display);
  const text = (await exists(path)) ? await readTextAsWritten(path, WORKBOOK_FILE_LIMIT) : 'customers: []\n';
  const { customers: held, problems } = parseRegistry(text, display);
  const invalid = problems.find((problem) => problem.severity === 'error');
  if (invalid) throw new UserError(`${formatProblem(invalid)}\nfix ${display}, then add ${customers.map((customer) => customer.id).join(', ')} to it (the review names them)`);
  const heldIds = new Set(held.map((customer) => customer.id));
  const added = customers.filter((customer) => !heldIds.has(customer.id));
  if (added.length === 0) return [];
  const doc = parseDocument(normaliseText(text));
  const list = doc.get('customers');
  const entries = added.map((customer) => ({ id: customer.id, name: customer.name }));
  if (isSeq(list)) {
    list.flow = false;
    for (const entry of entries) list.add(doc.createNode(entry));
  } else doc.set('customers', entries);
  await writeAtomic(path, inStyleOf(text, yamlText(doc)));
  return added;
}

/** Scales of the configured rituals' scale questions; a template that cannot be read adds none (check reports it). */
export async function ritualScales(workbook: Workbook): Promise<Record<string, { min: number; max: number }>> {
  const names = [...new Set(Object.values(workbook.config.rituals).map((ritual) => ritual.template))];
  const templates = await Promise.all(names.map((name) => loadTemplate(workbook, name).catch(() => undefined)));
  return scalesOf(templates.filter((template): template is Template => template !== undefined));
}
