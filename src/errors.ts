/** Exit codes are part of the interface: scripts and CI branch on them. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** The terminal closed while a question was open (SIGHUP). */
  hangup: 129,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A problem the user can fix. Printed as one line (no stack), with a hint on what to do.
 * Anything that is not a UserError is a bug in rhythm and is reported as such.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failed,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** The person pressed Ctrl-C or closed the terminal while being asked something. */
export class Interrupted extends Error {
  constructor(readonly note?: string) {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** A located problem in a file: rendered as `file:line:col: message` so editors can jump to it. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line:col: message`; `severity: false` leaves out the "warning:" that a caller prints itself. */
export function formatProblem(problem: Problem, options: { severity?: boolean } = {}): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.col : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  const severity = options.severity !== false && problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${severity}${problem.message}`;
}
