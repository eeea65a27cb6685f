import { shortIds } from '../domain/action-ids.js';
import { ExitCode } from '../errors.js';
import { renderActionLine } from '../report/terminal.js';
import type { RunEnv } from '../run/env.js';
import { currentRollup } from '../run/rollup.js';

export interface ActionsOptions {
  team?: string;
  owner?: string;
  tag?: string;
  overdue: boolean;
  date?: string;
  json: boolean;
  strict: boolean;
}

/** `rhythm actions`: every open action, with its owner, due date, age and the file to tick it in. */
export async function actions(env: RunEnv, options: ActionsOptions): Promise<ExitCode> {
  const { rollup, today } = await currentRollup(env, { ...options, organisation: false }, 'actions');
  const owner = options.owner?.replace(/^@/, '').toLowerCase();
  const tag = options.tag?.replace(/^#/, '').toLowerCase();
  const all = rollup.teams.flatMap((team) => team.actions).filter((action) => action.state === 'open');
  // Ids are unique among every open action, whatever the filters show: `rhythm done <id>` names one.
  const ids = new Map(shortIds(all).map((id, index) => [all[index]!, id]));
  const open = all
    .filter((action) => owner === undefined || action.owner?.toLowerCase() === owner)
    .filter((action) => tag === undefined || action.tags.includes(tag))
    .filter((action) => !options.overdue || action.overdue)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.title.localeCompare(b.title));

  if (options.json) {
    env.output.data(JSON.stringify({ today, actions: open.map((action) => ({ id: ids.get(action)!, ...action })) }, null, 2));
    return ExitCode.ok;
  }
  if (open.length === 0) {
    env.output.success(`no open actions${describeFilter(options)}`);
    return ExitCode.ok;
  }
  env.output.data(open.map((action) => renderActionLine(action, env.output.color, ids.get(action))).join('\n'));
  env.output.info(env.output.color.dim(`${open.length} open action${open.length === 1 ? '' : 's'}${describeFilter(options)} · rhythm done <id>, or tick the box in the file, to close one`));
  return ExitCode.ok;
}

function describeFilter(options: ActionsOptions): string {
  const parts = [
    options.owner ? `owned by @${options.owner.replace(/^@/, '')}` : '',
    options.tag ? `tagged #${options.tag.replace(/^#/, '')}` : '',
    options.overdue ? 'overdue' : '',
    options.team ? `of ${options.team}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}
