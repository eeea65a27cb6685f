import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, parseConfig, type Config } from '../domain/config.js';
import { parseRegistry, REGISTRY_FILE, type Customer } from '../domain/registry.js';
import { parseTemplate, scalesOf, TemplateError, type Template } from '../domain/template.js';
import { formatProblem, UserError, type Problem } from '../errors.js';
import { exists, NotUtf8Error, readText } from './files.js';
import { writeAtomic } from './write-file.js';

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

async function readTextOrFail(path: string, display: string): Promise<string> {
  try {
    return await readText(path);
  } catch (error) {
    if (error instanceof NotUtf8Error) throw new UserError(`${display}:1: is not valid UTF-8: save it as UTF-8`);
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new UserError(`${display} is a folder, not a file`);
    throw error;
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

/**
 * Every review file in the workbook: `<team>/<ritual>/<period>.md` for configured teams, or
 * `<ritual>/<period>.md` for configured rituals. Reports, templates and the registry are left out.
 * Folders are listed concurrently (an organisation's workbook has hundreds); the result is sorted,
 * and a folder that cannot be listed fails the listing as it would one folder after the other.
 * `onListed` hears how many files are found so far, after each folder; `filter` keeps only some
 * (a year's rollup of a workbook of five years lists and sorts a fifth of it).
 */
export async function listReviews(
  workbook: Workbook,
  options: { onListed?: (files: number) => void; filter?: (location: ReviewLocation) => boolean } = {},
): Promise<ReviewLocation[]> {
  const teamIds = new Set(workbook.config.teams.map((team) => team.id));
  const rituals = new Set(Object.keys(workbook.config.rituals));
  const found: ReviewLocation[] = [];
  const walk = async (dir: string, parts: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    // Paths and display paths of the files here: the folder's, then the name (entries hold no separator).
    const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    const displayPrefix = parts.length > 0 ? `${displayPath(workbook, dir)}/` : undefined;
    const folders: Promise<void>[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        // Only team and ritual folders hold reviews; reports/ and templates/ may share the folder.
        const known = parts.length === 0 ? teamIds.has(entry.name) || rituals.has(entry.name) : parts.length === 1 && teamIds.has(parts[0]!);
        if (known) folders.push(walk(join(dir, entry.name), [...parts, entry.name]));
        continue;
      }
      // A review kept as a symbolic link is a review too (writes go through to its target).
      if (!(entry.isFile() || entry.isSymbolicLink()) || !entry.name.endsWith('.md') || displayPrefix === undefined) continue;
      const label = entry.name.slice(0, -3);
      const path = prefix + entry.name;
      const display = displayPrefix + entry.name;
      let location: ReviewLocation | undefined;
      if (parts.length === 2 && teamIds.has(parts[0]!)) location = { path, display, team: parts[0]!, ritual: parts[1]!, label };
      else if (parts.length === 1) location = { path, display, ritual: parts[0]!, label };
      if (location && (!options.filter || options.filter(location))) found.push(location);
    }
    options.onListed?.(found.length);
    // Every folder is listed; the first to fail, in listing order, is the error.
    const settled = await Promise.allSettled(folders);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  };
  await walk(workbook.dir, []);
  return found.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

/** Append customers to the registry, keeping its comments and layout. */
export async function addCustomers(workbook: Workbook, customers: readonly Customer[]): Promise<void> {
  const { isSeq, parseDocument } = await import('yaml');
  const path = registryPath(workbook);
  const text = (await exists(path)) ? await readTextOrFail(path, displayPath(workbook, path)) : 'customers: []\n';
  const doc = parseDocument(text);
  const list = doc.get('customers');
  const entries = customers.map((customer) => ({ id: customer.id, name: customer.name }));
  if (isSeq(list)) {
    list.flow = false;
    for (const entry of entries) list.add(doc.createNode(entry));
  } else doc.set('customers', entries);
  await writeAtomic(path, doc.toString({ lineWidth: 0 }));
}

/** Scales of the configured rituals' scale questions; a template that cannot be read adds none (check reports it). */
export async function ritualScales(workbook: Workbook): Promise<Record<string, { min: number; max: number }>> {
  const names = [...new Set(Object.values(workbook.config.rituals).map((ritual) => ritual.template))];
  const templates = await Promise.all(names.map((name) => loadTemplate(workbook, name).catch(() => undefined)));
  return scalesOf(templates.filter((template): template is Template => template !== undefined));
}
