import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../domain/check.js';
import { parseTemplate, TemplateError, type Template } from '../domain/template.js';
import { ExitCode, formatProblem, type Problem } from '../errors.js';
import { exists, readText, unreadableReason, WORKBOOK_FILE_LIMIT } from '../io/files.js';
import { displayPath, findTemplate, inspectWorkbook, readRegistry, type Workbook } from '../io/workbook.js';
import type { RunEnv } from '../run/env.js';

export interface CheckOptions {
  json: boolean;
  strict: boolean;
}

/** `rhythm check`: every problem in the config, the registry, the templates and each review, as `file:line: problem`. */
export async function check(env: RunEnv, options: CheckOptions): Promise<ExitCode> {
  const { output } = env;
  const { workbook, problems } = await inspectWorkbook(env.cwd);
  const registry = await readRegistry(workbook);
  problems.push(...registry.problems);
  const templates = await loadTemplates(workbook, problems);
  const context: CheckContext = {
    config: workbook.config,
    customers: new Set(registry.customers.map((customer) => customer.id)),
    templates,
  };

  const { checkReviews } = await import('../io/reviews.js');
  const reviews = await checkReviews(workbook, context, (done, total) => output.progress(`checking ${done}/${total} files…`));
  problems.push(...reviews.problems);
  problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));

  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = reviews.files + 1 + (registry.customers.length > 0 ? 1 : 0) + templates.size;
  if (options.json) {
    output.data(JSON.stringify({ files, errors, warnings, problems }, null, 2));
  } else {
    for (const problem of problems) output.data(colour(env, problem));
    const summary = `checked ${reviews.files} review file${reviews.files === 1 ? '' : 's'}, the config, the registry and ${templates.size} template${templates.size === 1 ? '' : 's'}`;
    if (problems.length === 0) output.success(`${summary}: all good`);
    else output.info(`${summary}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return errors > 0 || (options.strict && warnings > 0) ? ExitCode.failed : ExitCode.ok;
}

function colour(env: RunEnv, problem: Problem): string {
  const text = formatProblem(problem);
  return problem.severity === 'error' ? text : env.output.color.yellow(text);
}

/** The templates of every configured ritual, plus any other template file in the workbook. */
async function loadTemplates(workbook: Workbook, problems: Problem[]): Promise<Map<string, Template>> {
  const names = new Set(Object.values(workbook.config.rituals).map((ritual) => ritual.template));
  const ownDir = join(workbook.root, 'templates');
  if (await exists(ownDir)) {
    for (const entry of await readdir(ownDir)) if (entry.endsWith('.md')) names.add(entry.slice(0, -3));
  }
  const templates = new Map<string, Template>();
  for (const name of [...names].sort()) {
    const found = await findTemplate(workbook, name);
    if (!found) {
      const ritual = Object.values(workbook.config.rituals).find((r) => r.template === name);
      problems.push({ file: displayPath(workbook, workbook.configFile), message: `rituals.${ritual?.name ?? name}: no template "${name}": add templates/${name}.md`, severity: 'error' });
      continue;
    }
    const { path, display } = found;
    try {
      templates.set(name, parseTemplate(await readText(path, WORKBOOK_FILE_LIMIT), name, display));
    } catch (error) {
      if (error instanceof TemplateError) problems.push(...error.problems);
      else problems.push({ file: display, line: 1, message: unreadableReason(error), severity: 'error' });
    }
  }
  return templates;
}
