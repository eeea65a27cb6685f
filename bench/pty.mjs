// Time to the first prompt on a pseudo-terminal: spawn a command under util-linux `script` (which
// gives it a pty, as a person's terminal would), read what it draws, and stop the clock when a
// line starting with `?` appears (inquirer draws its prompts that way; colour codes and cursor
// moves are stripped first). Then the command is killed: nothing is answered, nothing is written.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const SCRIPT = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim() || undefined;

// CSI sequences (colours, cursor moves), OSC sequences, and two-character escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** A line of the screen that starts with `?` followed by a space: an inquirer prompt. */
const PROMPT = /(?:^|[\r\n])\? /;

function shellQuote(text) {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * Run `argv` on a pty once; resolves { ms, output } when the first prompt line appears, after the
 * command is killed and gone. Rejects when the command exits or `timeoutMs` passes first.
 */
export function timeToPrompt({ argv, cwd, env }, { timeoutMs = 20_000 } = {}) {
  if (!SCRIPT) throw new Error('util-linux `script` is not installed: cannot measure the time to the first prompt');
  // `exec` so that the shell `script -c` starts is replaced by the command (the same for every command measured).
  const line = `exec ${argv.map(shellQuote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(SCRIPT, ['-qfec', line, '/dev/null'], {
      cwd,
      env: { ...process.env, TERM: 'xterm-256color', SHELL: '/bin/sh', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let ms;
    let failure;
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL'); // script's process group; the command on the pty gets SIGHUP when the pty closes
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      failure = new Error(`no prompt within ${timeoutMs} ms from: ${line}\n${output.slice(-2000)}`);
      stop();
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      if (ms !== undefined) return;
      output += chunk.toString('utf8');
      if (PROMPT.test(output.replace(ESCAPES, ''))) {
        ms = performance.now() - start;
        clearTimeout(timer);
        stop();
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (ms !== undefined) resolve({ ms, output: output.replace(ESCAPES, '') });
      else reject(failure ?? new Error(`exited with ${code} before any prompt: ${line}\n${output.slice(-2000)}`));
    });
  });
}
