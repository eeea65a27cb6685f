import type { ExitCode } from './errors.js';
import type { Git } from './io/git.js';
import type { Output, Stream } from './io/output.js';
import type { Prompter } from './io/prompter.js';

/**
 * What a command may touch of the outside world. The real one wraps the process; tests build
 * one with a temporary folder, a fixed clock and a scripted prompter, and never chdir or fake time.
 */
export interface Context {
  cwd: string;
  now: Date;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Stream;
  stderr: Stream;
  git: () => Promise<Git>;
  prompter: (output: Output) => Promise<Prompter>;
  /** Open a file in the user's editor and wait for it to close. */
  editor: (path: string) => Promise<void>;
  /** Leave at once (the terminal closed): for the few moments no promise can wait for. */
  exit: (code: ExitCode) => never;
}

/** The real context. `exit` comes from main.ts, the one place that ends the process. */
export function processContext(exit: (code: ExitCode) => never): Context {
  const now = new Date();
  return {
    cwd: process.cwd(),
    now,
    env: process.env,
    // Made when first asked for: a command that never reads its input (most) makes no stream for
    // it, which took about 3 ms of every run (a socket or a file stream, and their modules).
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    git: async () => (await import('./io/git.js')).gitAt(now),
    prompter: async (output) => {
      const { createInquirerPrompter } = await import('./io/prompter.js');
      return createInquirerPrompter({ input: process.stdin, output: process.stderr, dim: output.color.dim, bold: output.color.bold });
    },
    editor: async (path) => {
      const { openInEditor } = await import('./io/editor.js');
      await openInEditor(path, process.env);
    },
    exit,
  };
}
