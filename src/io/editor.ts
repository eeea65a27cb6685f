import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';

/** `$VISUAL` or `$EDITOR` (which may carry arguments, e.g. `code --wait`), like git does. */
export function openInEditor(path: string, env: NodeJS.ProcessEnv): Promise<void> {
  const command = env.VISUAL || env.EDITOR;
  if (!command) return Promise.reject(new UserError('no editor set: set $EDITOR (e.g. export EDITOR=nano) or drop --edit'));
  return new Promise((resolve, reject) => {
    // The path goes in as "$1", so no file name can be read as shell syntax.
    const child = spawn('/bin/sh', ['-c', `${command} "$1"`, 'rhythm-editor', path], { stdio: 'inherit' });
    child.on('error', (error) => reject(new UserError(`could not start the editor "${command}": ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new UserError(`the editor "${command}" exited with code ${code}: the file was kept as written`))));
  });
}
