import { formatPeriod, periodLookup, type Cadence, type Calendar, type Period } from './period.js';

/**
 * The name of a review file is `<period>.md`, the period written exactly as rhythm writes it
 * (`2026-W48`, `FY2027-Q1`): the name decides which period a file holds, so one period has one
 * name. Any other `.md` file in a ritual folder holds no review: a sync tool's conflicted copy
 * (`2026-W48 (conflicted copy 2026-11-28).md`, `2026-W48 2.md`), the same period written
 * otherwise (`2026-w48.md`, `2026-W8.md`), notes, or a name that is not UTF-8. Counting such a
 * file would count a week twice; so rollups leave it out with a warning and `check` reports it.
 */

/** C0 and C1 control characters, DEL: a line break in a file name would forge a line of output. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A file name as it can be shown on one line: each control character written as `\u000a`. A
 * review's name never holds one; any other name is shown only in a problem.
 */
export function printableName(name: string): string {
  return CONTROL.test(name) ? name.replace(new RegExp(CONTROL.source, 'g'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : name;
}

/** A period at the start of a name, then anything that is not a letter or digit: a copy's suffix. */
const COPY_OF = /^((?:FY)?\d{4}(?:-W\d{1,2}|-Q\d|-\d{2})?)(?=[^0-9A-Za-z])/i;

/**
 * Why `stem` (a file name without `.md`) in a folder of a ritual held every `cadence` is not the
 * name of a review, as the rest of a `file:1: …` line; undefined when it is one. `beside` says
 * whether a name is in the same folder.
 */
export function reviewNameProblem(stem: string, cadence: Cadence | undefined, calendar: Calendar, beside: (name: string) => boolean): string | undefined {
  const periods = periodLookup(calendar);
  const own = periods(stem);
  if (own?.label === stem) return undefined;
  const notRead = 'is not read as a review';
  if (stem.includes('\uFFFD')) return `${notRead}: its name is not valid UTF-8; rename it for the period it holds, like ${example(cadence, calendar)}.md`;
  if (CONTROL.test(stem)) return `${notRead}: its name holds a control character (shown as \\u…); rename it for the period it holds, like ${example(cadence, calendar)}.md`;
  if (own) {
    const name = `${own.label}.md`;
    if (beside(name)) {
      return `${notRead}: its name writes the period of ${name} beside it another way (on macOS and Windows the two would be one file): merge what it adds into ${name}, then delete it`;
    }
    const caseOnly = stem.toUpperCase() === own.label.toUpperCase() ? ' (on macOS or Windows, through another name first: only the case differs)' : '';
    return `${notRead}: rhythm names this period ${name}; rename it so${caseOnly}`;
  }
  const copied = COPY_OF.exec(stem)?.[1];
  const original = copied === undefined ? undefined : periods(copied);
  if (original && (cadence === undefined || original.period.kind === cadence)) {
    const name = `${original.label}.md`;
    const what = beside(name) ? `merge what it adds into ${name}, then delete it` : `rename it ${name}`;
    return `${notRead}: it looks like a sync tool's conflicted copy of ${name}; ${what}`;
  }
  return `${notRead}: its name is not a period; name a review like ${example(cadence, calendar)}.md, or move the file out of the ritual's folder`;
}

/** A period of the cadence, as a name to follow. */
function example(cadence: Cadence | undefined, calendar: Calendar): string {
  const periods: Record<Cadence, Period> = {
    week: { kind: 'week', year: 2026, week: 48 },
    month: { kind: 'month', year: 2026, month: 11 },
    quarter: { kind: 'quarter', year: 2026, quarter: 4 },
    year: { kind: 'year', year: 2026 },
  };
  return formatPeriod(periods[cadence ?? 'week'], calendar);
}
