import { PassThrough } from 'node:stream';
import type { Context } from '../../src/context.js';
import type { Git } from '../../src/io/git.js';
import type { Choice, Prompter } from '../../src/io/prompter.js';
import { gitAt } from '../../src/io/git.js';

/**
 * A prompter that answers from a script keyed by question key. An array holds the answers of a
 * question asked repeatedly, in order (so a checkbox answer is an array inside the array).
 * Any question beyond the script fails the test, so a test also pins down what is asked.
 */
export function scriptedPrompter(script: Record<string, unknown>): Prompter & { asked: string[]; shown: { key: string; message: string; why?: string; choices?: string[] }[] } {
  const queues = new Map(Object.entries(script).map(([key, value]) => [key, Array.isArray(value) ? [...value] : [value]]));
  const asked: string[] = [];
  /** Every prompt as a person sees it: its message and its "why we ask", if any. */
  const shown: { key: string; message: string; why?: string; choices?: string[] }[] = [];
  const show = (prompt: { key: string; message: string; why?: string; choices?: { name: string }[] }) =>
    shown.push({ key: prompt.key, message: prompt.message, ...(prompt.why ? { why: prompt.why } : {}), ...(prompt.choices ? { choices: prompt.choices.map((choice) => choice.name) } : {}) });
  const next = (key: string): unknown => {
    asked.push(key);
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`unexpected question "${key}" (asked so far: ${asked.join(', ')})`);
    const value = queue.shift();
    if (value instanceof Error) throw value;
    // A function is called when the question is asked: a test looks at the files at that moment.
    return typeof value === 'function' ? (value as () => unknown)() : value;
  };
  return {
    asked,
    shown,
    say: () => undefined,
    input: async (prompt) => {
      show(prompt);
      const { key, default: fallback } = prompt;
      const value = next(key);
      return value === undefined ? (fallback ?? '') : String(value);
    },
    select: async <T>(prompt: { key: string; message: string; why?: string; choices: Choice<T>[]; default?: T }) => {
      show(prompt);
      const { key, choices, default: fallback } = prompt;
      // undefined in a script is Enter: the prompt's default.
      const value = (next(key) ?? fallback) as T;
      if (!choices.some((choice) => choice.value === value)) throw new Error(`"${String(value)}" is not a choice of ${key}`);
      return value;
    },
    // undefined in a script is Enter: the choices checked to begin with.
    checkbox: async <T>(prompt: { key: string; message: string; why?: string; choices: { name: string; value: T; checked?: boolean }[] }) => (
      show(prompt), (next(prompt.key) as T[] | undefined) ?? prompt.choices.filter((choice) => choice.checked).map((choice) => choice.value)
    ),
    // A list takes the script's lines for its key up to an empty one (Enter on an empty line), or
    // all that are left; a list the script does not answer at all still fails, as any question does.
    list: async (prompt) => {
      show(prompt);
      const items: string[] = [];
      for (let value = next(prompt.key); value !== undefined && String(value).trim() !== ''; value = queues.get(prompt.key)?.length ? next(prompt.key) : undefined) {
        items.push(String(value).trim());
      }
      return items;
    },
    confirm: async (prompt) => (show(prompt), Boolean(next(prompt.key))),
    search: async <T>(prompt: { key: string; message: string; why?: string; source: (term: string) => Choice<T>[] }) => {
      show(prompt);
      const { key, source } = prompt;
      const wanted = next(key) as string;
      // Type the answer as a search term, then take the first choice offered, as a person would.
      const choices = source(wanted.startsWith('+') ? wanted.slice(1) : wanted);
      const pick = wanted === 'done' ? choices.find((choice) => String(choice.name).includes('✔')) : wanted.startsWith('+') ? choices.find((choice) => String(choice.name).startsWith('+ add')) : choices[0];
      if (!pick) throw new Error(`no choice for "${wanted}" in ${key}`);
      return pick.value;
    },
  };
}

export interface TestContext extends Context {
  out: () => string;
  err: () => string;
}

export function testContext(options: { cwd: string; now?: Date; prompter?: Prompter; tty?: boolean; stdin?: string; git?: Git; env?: NodeJS.ProcessEnv }): TestContext {
  let out = '';
  let err = '';
  const decoder = new TextDecoder();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.tty ?? false;
  stdin.end(options.stdin ?? '');
  const now = options.now ?? new Date(2026, 10, 24, 10);
  return {
    cwd: options.cwd,
    now,
    env: { NO_COLOR: '1', ...options.env },
    stdin,
    stdout: { write: (chunk: string | Uint8Array) => (out += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })) },
    stderr: { write: (text: string) => (err += text) },
    git: async () => options.git ?? gitAt(now),
    prompter: async () => {
      if (!options.prompter) throw new Error('this test did not expect any prompt');
      return options.prompter;
    },
    editor: async () => undefined,
    exit: (code) => {
      throw new Error(`the command tried to leave the process with exit code ${code}`);
    },
    out: () => out,
    err: () => err,
  };
}
