import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { Interrupted } from '../errors.js';
import { listPrompt } from './list-prompt.js';
import { searchPrompt } from './search-prompt.js';
import { forTerminal } from './terminal-text.js';

/**
 * Everything rhythm asks a person goes through this interface. Commands never import the
 * prompt library; tests pass a scripted prompter that answers by `key` and fails on any
 * question it was not told to expect.
 */
export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

interface Asked {
  /** Stable id of the question, e.g. `customers`, `heard:acme`, `carry:action:0`. */
  key: string;
  message: string;
  /** The one-line "why we ask", shown as help under the question. */
  why?: string;
}

export interface Prompter {
  input(options: Asked & { default?: string; required?: boolean; validate?: (value: string) => string | true }): Promise<string>;
  select<T>(options: Asked & { choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T>(options: Asked & { choices: (Choice<T> & { checked?: boolean })[] }): Promise<T[]>;
  confirm(options: Asked & { default?: boolean }): Promise<boolean>;
  /** A list in one prompt, a line per item; an empty line ends it. */
  list(options: Asked & { required?: boolean }): Promise<string[]>;
  /** Type to filter; `source` gets the typed term and returns the choices to show. */
  search<T>(options: Asked & { source: (term: string) => Choice<T>[] }): Promise<T>;
  /** A line of context for the person (a heading, a carried item), not a question. */
  say(text: string): void;
}

interface PromptStreams {
  input: NodeJS.ReadableStream;
  /** Prompts go to stderr so stdout stays data. */
  output: NodeJS.WritableStream;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

/**
 * The real prompter, on @inquirer/prompts, loaded only when a ritual actually asks something
 * (context.ts imports this module at that moment). The prompts are named, not the whole package:
 * the bundle (scripts/bundle.mjs) then leaves out those never asked (the editor prompt's encodings).
 * Questions and choices carry names and titles from the workbook: each goes to the terminal
 * neutralised (terminal-text.ts), and an answer is always the value behind what was shown.
 */
export async function createInquirerPrompter(streams: PromptStreams): Promise<Prompter> {
  const context = { input: streams.input, output: streams.output };
  const say = (text: string) => streams.output.write(`${forTerminal(text)}\n`);
  const why = (text: string | undefined) => {
    if (text) say(streams.dim(`  ${text}`));
  };
  const shown = <C extends { name: string; description?: string }>(choice: C): C => ({
    ...choice,
    name: forTerminal(choice.name),
    ...(choice.description !== undefined ? { description: forTerminal(choice.description) } : {}),
  });
  const guard = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (error) {
      // Ctrl-C, or the terminal went away: a choice of the person, not a crash.
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new Interrupted();
      throw error;
    }
  };
  return {
    say,
    input: (options) =>
      guard(async () => {
        why(options.why);
        const fallback = options.default !== undefined ? forTerminal(options.default) : undefined;
        const answer = await input(
          {
            message: forTerminal(options.message),
            ...(fallback !== undefined ? { default: fallback } : {}),
            required: options.required ?? false,
            ...(options.validate ? { validate: options.validate } : {}),
          },
          context,
        );
        // Enter on the default keeps it as it was written, not as it was shown.
        return answer === fallback && options.default !== undefined ? options.default : answer;
      }),
    select: (options) =>
      guard(() => {
        why(options.why);
        return select(
          { message: forTerminal(options.message), choices: options.choices.map(shown), ...(options.default !== undefined ? { default: options.default } : {}) },
          context,
        );
      }),
    checkbox: (options) =>
      guard(() => {
        why(options.why);
        return checkbox({ message: forTerminal(options.message), choices: options.choices.map(shown) }, context);
      }),
    confirm: (options) =>
      guard(() => {
        why(options.why);
        return confirm({ message: forTerminal(options.message), default: options.default ?? false }, context);
      }),
    list: (options) =>
      guard(() => {
        why(options.why);
        return listPrompt({ message: forTerminal(options.message), required: options.required ?? false }, context);
      }),
    search: <T>(options: Asked & { source: (term: string) => Choice<T>[] }) =>
      guard(async () => {
        why(options.why);
        return (await searchPrompt({ message: forTerminal(options.message), source: (term) => options.source(term).map(shown) }, context)) as T;
      }),
  };
}
