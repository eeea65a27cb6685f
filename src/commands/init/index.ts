import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE, parseConfig } from '../../domain/config.js';
import { REGISTRY_FILE } from '../../domain/registry.js';
import { slugProblem } from '../../domain/slug.js';
import { ExitCode, UsageError, UserError } from '../../errors.js';
import { exists, readText } from '../../io/files.js';
import type { TopLevel } from '../../io/git.js';
import { rhythmPackage, tarballName, vendorRhythm } from '../../io/package-tarball.js';
import { createExclusive, isWithin, refuseOutside, writeAtomic } from '../../io/write-file.js';
import { findRoot, openWorkbook } from '../../io/workbook.js';
import { githubWorkflow, WORKFLOW_MARKER } from './github-workflow.js';
import type { RunEnv } from '../../run/env.js';

export interface InitOptions {
  workbook: string;
  teams: string[];
  fiscalYearStartMonth: string;
  ci?: 'github';
  force: boolean;
}

/** Where a workflow and its tarball go: the repository's top folder, and the workbook's folder from it. */
interface CiPlace {
  base: string;
  directory: string;
  workflow: string;
  tarballs: string;
}

/**
 * `rhythm init`: a new workbook (rhythm.yaml, the workbook folder with an example registry, the
 * drafts' ignore rule), and with `--ci github` a workflow and the tarball it installs rhythm from;
 * on an existing workbook `--ci github` adds those two and touches nothing else. What it writes it
 * commits, in one commit (unless `git.commit: false`), and nothing else.
 */
export async function init(env: RunEnv, options: InitOptions): Promise<ExitCode> {
  const { output } = env;
  for (const team of options.teams) {
    const problem = slugProblem(team);
    if (problem) throw new UsageError(`--team ${JSON.stringify(team)}: a team id ${problem}`);
  }
  const month = Number(options.fiscalYearStartMonth);
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new UsageError(`--fiscal-year-start ${options.fiscalYearStartMonth}: use a month number 1-12 (2 = February)`);
  }
  const configPath = join(env.cwd, CONFIG_FILE);
  const existing = await findRoot(env.cwd);
  // An empty rhythm.yaml here (an older rhythm killed while creating it) holds nothing anyone wrote: init writes over it.
  const emptyHere = existing === resolve(env.cwd) && (await isEmpty(configPath));
  // --ci github on a workbook adds the workflow to it: rhythm.yaml and the rest stay as they are.
  const addCi = existing !== undefined && !emptyHere && options.ci === 'github';
  const already = (where: string) =>
    new UserError(`a workbook already exists here (${where}): edit it, or pass --force to replace rhythm.yaml (review files are never touched); \`rhythm init --ci github\` adds the workflow to it`);
  if (existing && !addCi && !options.force && !emptyHere) throw already(relative(env.cwd, join(existing, CONFIG_FILE)) || CONFIG_FILE);

  const workbook = addCi ? await openWorkbook(existing) : undefined;
  const root = workbook?.root ?? resolve(env.cwd);
  const folder = workbook?.config.workbook ?? options.workbook;
  const fiscalYearStartMonth = workbook?.config.fiscalYearStartMonth ?? month;
  const commitWanted = workbook?.config.git.commit ?? true;
  if (workbook && (options.teams.length > 0 || options.workbook !== 'rhythm' || options.fiscalYearStartMonth !== '1')) {
    output.warn(`${relative(env.cwd, workbook.configFile) || CONFIG_FILE} is left as it is: --team, --workbook and --fiscal-year-start are read from it, not changed`);
  }
  const git = await env.context.git();
  const top = await git.topLevel(root);
  const ci = options.ci === 'github' ? await ciPlace(root, top.path) : undefined;
  const shown = (path: string) => relative(env.cwd, path).split(sep).join('/') || path;
  if (ci) {
    refuseOutside(ci.base, ci.workflow, shown(ci.workflow));
    refuseOutside(ci.base, ci.tarballs, shown(ci.tarballs));
    const current = await readIfPresent(ci.workflow);
    if (current !== undefined && !current.startsWith(WORKFLOW_MARKER) && !options.force) {
      throw new UserError(`${shown(ci.workflow)} exists and was not written by rhythm: pass --force to replace it, or move it away`);
    }
  }

  /** What init wrote (shown as written), and which of them it commits. */
  const written: { path: string; commit: boolean; note?: string }[] = [];
  const removed: string[] = [];
  if (!workbook) {
    const configText = renderConfig(folder, options.teams, month);
    const { problems } = parseConfig(configText);
    const invalid = problems.find((problem) => problem.severity === 'error');
    if (invalid) throw new UsageError(invalid.message);
    const registry = join(env.cwd, folder, REGISTRY_FILE);
    const gitignore = join(env.cwd, '.gitignore');
    // The workbook is made here: nothing init writes may lead out of this folder through a link (a cloned repository's).
    for (const path of [configPath, registry, gitignore]) refuseOutside(env.cwd, path, relative(env.cwd, path));
    if ((options.force || emptyHere) && (await exists(configPath))) await writeAtomic(configPath, configText);
    else if (!(await createIfAbsent(configPath, configText))) throw already(CONFIG_FILE);
    written.push({ path: configPath, commit: true });
    if (await createIfAbsent(registry, REGISTRY_EXAMPLE)) written.push({ path: registry, commit: true });
    const ignored = await ensureIgnored(gitignore);
    // A .gitignore of the user's may hold changes of theirs: init commits only one it created.
    if (ignored) written.push({ path: gitignore, commit: ignored === 'created', ...(ignored === 'added' ? { note: 'added .rhythm/ to it' } : {}) });
  }

  const pack = rhythmPackage();
  if (ci) {
    const vendored = await vendorRhythm(ci.tarballs, env.context.env);
    const tarball = join(ci.tarballs, tarballName(pack));
    if (vendored.problem !== undefined) {
      output.warn(`rhythm's tarball was not written (${vendored.problem}): the workflow installs rhythm from ${shown(tarball)}; run \`rhythm init --ci github\` again where npm works`);
    } else {
      removed.push(...vendored.removed);
      // An older tarball removed: the folder is committed whole (its removal with it) when it holds nothing else.
      const alone = vendored.removed.length > 0 && (await readdir(ci.tarballs)).every((entry) => entry === basename(tarball));
      written.push({ path: alone ? ci.tarballs : tarball, commit: true, note: `rhythm ${pack.version}, which the workflow installs` });
    }
    const text = githubWorkflow({
      workbook: folder,
      fiscalYearStartMonth,
      tarball: relative(ci.base, tarball).split(sep).join('/'),
      tarballMissing: vendored.problem !== undefined,
      directory: ci.directory,
      version: pack.version,
    });
    await writeAtomic(ci.workflow, text);
    written.push({ path: ci.workflow, commit: true });
  }

  for (const file of written) output.success(`wrote ${shown(file.path)}${file.note ? ` (${file.note})` : ''}`);
  for (const file of removed) output.success(`removed ${shown(file)} (an older rhythm)`);
  await commit(env, { root, top, wanted: commitWanted, written, removedLeft: removed.length > 0 && !written.some((file) => file.path === ci?.tarballs) ? removed : [], message: commitMessage(workbook === undefined, workbookFiles(root, written), ci ? pack.version : undefined), shown });
  const next = workbook
    ? ['', 'Next:', '  git push             # the workflow runs on GitHub; the notify job posts where rhythm.yaml\'s notify: says']
    : [
        '',
        'Next:',
        `  edit ${folder}/${REGISTRY_FILE} to list your customers`,
        options.teams.length === 0 ? '  add teams to rhythm.yaml if several teams share this workbook' : '',
        '  rhythm weekly        # hold this week\'s review',
      ];
  output.info(next.filter(Boolean).join('\n'));
  return ExitCode.ok;
}

/** The repository's top folder holds .github/ (GitHub reads workflows there alone); outside a repository, the workbook's folder. */
async function ciPlace(root: string, top: string | undefined): Promise<CiPlace> {
  const realRoot = await realpath(root);
  const realTop = top === undefined ? undefined : await realpath(top).catch(() => undefined);
  const base = realTop !== undefined && isWithin(realRoot, realTop) ? realTop : realRoot;
  const github = join(base === realRoot ? root : base, '.github');
  return { base: base === realRoot ? root : base, directory: relative(base, realRoot).split(sep).join('/'), workflow: join(github, 'workflows', 'rhythm.yml'), tarballs: join(github, 'rhythm') };
}

function commitMessage(created: boolean, files: string[], version: string | undefined): string {
  const ci = version === undefined ? [] : [`a GitHub workflow and rhythm ${version} for it to install`];
  return created ? `rhythm init: ${[...files, ...ci].join(', ')}` : `rhythm init --ci github: ${ci.join('')}`;
}

/** The workbook's files init wrote and commits (the workflow and the tarball aside), as the commit message names them. */
function workbookFiles(root: string, written: { path: string; commit: boolean }[]): string[] {
  return written.filter((file) => file.commit && !file.path.includes(`${sep}.github${sep}`)).map((file) => relative(root, file.path).split(sep).join('/'));
}

/** One commit of what init wrote and commits; else which files to commit, and why they were not. */
async function commit(
  env: RunEnv,
  run: { root: string; top: TopLevel; wanted: boolean; written: { path: string; commit: boolean }[]; removedLeft: string[]; message: string; shown: (path: string) => string },
): Promise<void> {
  const { output } = env;
  const files = run.written.filter((file) => file.commit).map((file) => file.path);
  const left = run.written.filter((file) => !file.commit).map((file) => run.shown(file.path));
  const list = (paths: string[]) => paths.map((path) => run.shown(path)).join(', ');
  if (left.length > 0) output.info(`not committed, as it holds lines of yours: ${left.join(', ')} (commit it with them)`);
  if (run.removedLeft.length > 0) output.info(`commit the removal of ${list(run.removedLeft)} (git rm --cached)`);
  if (files.length === 0) return;
  if (run.top.path === undefined) {
    output.warn(run.top.refused ?? 'this folder is not a git repository: run `git init` so every review is kept in history');
    output.info(`commit these files once it is: ${list(files)}`);
    return;
  }
  if (!run.wanted) {
    output.info(`not committed (git.commit: false): commit ${list(files)}`);
    return;
  }
  const result = await (await env.context.git()).commitFiles(run.root, files, run.message);
  if (result.committed) output.success(`committed ${result.sha}: ${run.message}`);
  else if (result.reason === 'nothing changed since the last commit') output.info(output.color.dim('nothing to commit: the files are as last committed'));
  else if (result.failed) throw new UserError(`${list(files)} written but not committed: ${result.reason}`);
  else output.warn(`not committed: ${(result.reason ?? '').replace('the review is ignored', 'a file init wrote is ignored')}; commit ${list(files)}`);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  return (await exists(path)) ? await readText(path) : undefined;
}

/** A value as YAML reads it back exactly: plain when nothing in it means something to YAML, else double-quoted (JSON is YAML). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(value) ? value : JSON.stringify(value);
}

function renderConfig(workbook: string, teams: string[], fiscalYearStartMonth: number): string {
  const teamLines =
    teams.length > 0
      ? `teams:\n${teams.map((team) => `  - id: ${team}\n    name: ${team}\n    members: []`).join('\n')}\n`
      : `# teams:                       # several teams in one workbook get a folder each\n#   - id: emea-cs\n#     name: EMEA Customer Success\n#     members: [ana, bo]\n`;
  const commented = (line: string, comment: string) => `${line.padEnd(30)} # ${comment}`;
  return `# rhythm workbook configuration. All keys are optional.
${commented(`workbook: ${yamlScalar(workbook)}`, 'folder for review files')}
${commented(`fiscalYearStartMonth: ${fiscalYearStartMonth}`, '1-12; quarters and years follow it')}
${teamLines}
# rituals:                     # tune the built-ins or add your own (run with: rhythm new monthly)
#   monthly: { template: monthly, cadence: month }
git:
  commit: true                 # commit each new review file
escalateAfterWeeks: 3          # a customer not receiving value this many weeks (of calendar time) is escalated
`;
}

const REGISTRY_EXAMPLE = `# Your customers. Ids are lowercase slugs used in review files; names are shown to people.
# rhythm weekly offers these when you say who you talked to, and you can add new ones there.
customers:
  - id: acme
    name: Acme Corp
    segment: enterprise
    owner: ana
  - id: globex
    name: Globex
    segment: mid-market
`;

/** Create a file init offers, exclusively: one that is there already (or appears meanwhile) is left as it is. */
async function createIfAbsent(path: string, text: string): Promise<boolean> {
  try {
    await createExclusive(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function isEmpty(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size === 0;
  } catch {
    return false;
  }
}

/** Drafts of interrupted reviews are personal and half-finished: keep them out of git. Whether the file was created, the line added, or neither. */
async function ensureIgnored(gitignore: string): Promise<'created' | 'added' | undefined> {
  const present = await exists(gitignore);
  const text = present ? await readText(gitignore) : '';
  if (/^\/?\.rhythm\/?$/m.test(text)) return undefined;
  await writeAtomic(gitignore, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# rhythm drafts of interrupted reviews\n.rhythm/\n`);
  return present ? 'added' : 'created';
}
