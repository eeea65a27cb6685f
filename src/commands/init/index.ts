import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE, parseConfig } from '../../domain/config.js';
import { REGISTRY_FILE } from '../../domain/registry.js';
import { slugProblem } from '../../domain/slug.js';
import { ExitCode, UsageError, UserError } from '../../errors.js';
import { exists, readText } from '../../io/files.js';
import { createExclusive, refuseOutside, writeAtomic } from '../../io/write-file.js';
import { findRoot } from '../../io/workbook.js';
import type { RunEnv } from '../../run/env.js';

export interface InitOptions {
  workbook: string;
  teams: string[];
  fiscalYearStartMonth: string;
  ci?: 'github';
  force: boolean;
}

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
  const already = (where: string) => new UserError(`a workbook already exists here (${where}): edit it, or pass --force to replace rhythm.yaml (review files are never touched)`);
  if (existing && !options.force && !emptyHere) throw already(relative(env.cwd, join(existing, CONFIG_FILE)) || CONFIG_FILE);

  const configText = renderConfig(options.workbook, options.teams, month);
  const { problems } = parseConfig(configText);
  const invalid = problems.find((problem) => problem.severity === 'error');
  if (invalid) throw new UsageError(invalid.message);
  const registry = join(env.cwd, options.workbook, REGISTRY_FILE);
  const gitignore = join(env.cwd, '.gitignore');
  const workflow = join(env.cwd, '.github', 'workflows', 'rhythm.yml');
  // The workbook is made here: nothing init writes may lead out of this folder through a link (a cloned repository's).
  for (const path of [configPath, registry, gitignore, ...(options.ci === 'github' ? [workflow] : [])]) refuseOutside(env.cwd, path, relative(env.cwd, path));
  if ((options.force || emptyHere) && (await exists(configPath))) await writeAtomic(configPath, configText);
  else if (!(await createIfAbsent(configPath, configText))) throw already(CONFIG_FILE);
  const written = [CONFIG_FILE];

  if (await createIfAbsent(registry, REGISTRY_EXAMPLE)) written.push(`${options.workbook}/${REGISTRY_FILE}`);
  if (await ensureIgnored(gitignore)) written.push('.gitignore');
  if (options.ci === 'github') {
    const { githubWorkflow } = await import('./github-workflow.js');
    if (await createIfAbsent(workflow, githubWorkflow(options.workbook, month))) written.push('.github/workflows/rhythm.yml');
    else output.warn('.github/workflows/rhythm.yml exists already: left as it is');
  }

  for (const file of written) output.success(`wrote ${file}`);
  const top = await (await env.context.git()).topLevel(env.cwd);
  if (top.refused) output.warn(top.refused);
  else if (top.path === undefined) output.warn('this folder is not a git repository: run `git init` so every review is kept in history');
  output.info(
    [
      '',
      'Next:',
      `  edit ${options.workbook}/${REGISTRY_FILE} to list your customers`,
      options.teams.length === 0 ? '  add teams to rhythm.yaml if several teams share this workbook' : '',
      '  rhythm weekly        # hold this week\'s review',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return ExitCode.ok;
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

/** Drafts of interrupted reviews are personal and half-finished: keep them out of git. */
async function ensureIgnored(gitignore: string): Promise<boolean> {
  const text = (await exists(gitignore)) ? await readText(gitignore) : '';
  if (/^\/?\.rhythm\/?$/m.test(text)) return false;
  await writeAtomic(gitignore, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# rhythm drafts of interrupted reviews\n.rhythm/\n`);
  return true;
}
