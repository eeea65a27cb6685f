import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './workbook.js';

/**
 * The built CLI in a real pseudo-terminal: a tmux server of the test's own, sessions started in
 * a workbook, keys sent the way a terminal delivers them, the screen read back (with its colours
 * and attributes when asked). Each session leaves `.exit` in its folder holding `EXIT=<code>`.
 */
export interface Terminal {
  start(session: string, dir: string, args: string, env?: Record<string, string>): void;
  /** Keys as tmux names them (`Enter`, `Down`, `C-c`); text typed with `type`. Everything in one call reaches the program as one chunk. */
  keys(session: string, ...keys: string[]): void;
  type(session: string, text: string): void;
  /** The screen as text, or with `escapes` as tmux holds it: every cell's colours and attributes as SGR codes. */
  screen(session: string, options?: { escapes?: boolean; history?: boolean }): string;
  waitFor(session: string, text: string | RegExp): Promise<string>;
  exitCode(session: string, dir: string): Promise<string>;
  kill(): void;
}

/** Polls (every 50 ms) until `probe` gives a value; 20 s is many times what a loaded machine takes. */
export async function until<T>(what: string, probe: () => T | undefined, timeout = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function tmuxTerminal(name: string): Terminal {
  // A server of its own after each kill: a server killed goes away after kill-server returns, and
  // a session started at once on its socket met it leaving ("server exited unexpectedly").
  let servers = 0;
  // Its complaints (no server to kill) go into the error thrown, not onto the test run's output.
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', `${name}-${process.pid}-${servers}`, ...args], { encoding: 'utf8', stdio: 'pipe' });
  const screen: Terminal['screen'] = (session, options = {}) =>
    tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), ...(options.history ? ['-S', '-'] : []), '-t', session);
  return {
    start(session, dir, args, env = {}) {
      const assignments = Object.entries({ TZ: 'UTC', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env })
        .map(([key, value]) => `${key}='${value}'`)
        .join(' ');
      const exit = join(dir, '.exit');
      // A run started again in the same folder must not be taken for over by the last run's exit file.
      rmSync(exit, { force: true });
      const command = `cd '${dir}' && env -u NO_COLOR -u FORCE_COLOR ${assignments} '${process.execPath}' '${BIN}' ${args}; echo "EXIT=$?" > '${exit}.tmp'; mv '${exit}.tmp' '${exit}'; sleep 60`;
      tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', command);
    },
    keys: (session, ...keys) => void tmux('send-keys', '-t', session, ...keys),
    type: (session, text) => void tmux('send-keys', '-t', session, '-l', text),
    screen,
    waitFor: (session, text) =>
      until(`${String(text)} on the screen`, () => {
        const content = screen(session);
        return (typeof text === 'string' ? content.includes(text) : text.test(content)) ? content : undefined;
      }).catch((error: Error) => {
        throw new Error(`${error.message}; screen:\n${screen(session)}`);
      }),
    exitCode: async (session, dir) => {
      const exit = join(dir, '.exit');
      await until('the program to exit', () => (existsSync(exit) ? true : undefined)).catch((error: Error) => {
        throw new Error(`${error.message}; screen:\n${screen(session)}`);
      });
      return readFileSync(exit, 'utf8').trim();
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      servers++;
    },
  };
}
