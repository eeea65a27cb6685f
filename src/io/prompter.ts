import { Interrupted } from '../errors.js';

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

/** The real prompter, on @inquirer/prompts, loaded only when a ritual actually asks something. */
export async function createInquirerPrompter(streams: PromptStreams): Promise<Prompter> {
  const prompts = await import('@inquirer/prompts');
  const context = { input: streams.input, output: streams.output };
  const say = (text: string) => streams.output.write(`${text}\n`);
  const why = (text: string | undefined) => {
    if (text) say(streams.dim(`  ${text}`));
  };
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
      guard(() => {
        why(options.why);
        return prompts.input(
          {
            message: options.message,
            ...(options.default !== undefined ? { default: options.default } : {}),
            required: options.required ?? false,
            ...(options.validate ? { validate: options.validate } : {}),
          },
          context,
        );
      }),
    select: (options) =>
      guard(() => {
        why(options.why);
        return prompts.select(
          { message: options.message, choices: options.choices, ...(options.default !== undefined ? { default: options.default } : {}) },
          context,
        );
      }),
    checkbox: (options) =>
      guard(() => {
        why(options.why);
        return prompts.checkbox({ message: options.message, choices: options.choices }, context);
      }),
    confirm: (options) =>
      guard(() => {
        why(options.why);
        return prompts.confirm({ message: options.message, default: options.default ?? false }, context);
      }),
    search: (options) =>
      guard(() => {
        why(options.why);
        return prompts.search({ message: options.message, source: (term) => options.source(term ?? '') }, context);
      }),
  };
}
