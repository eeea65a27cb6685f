/**
 * What may reach a terminal. Text from the workbook (a customer's name, a quote, an action's
 * title, a file name) is written by people and tools; an escape sequence in it can hide text
 * (conceal, black on black), clear the screen or write the clipboard. So every control character
 * of any text is replaced, visibly, before it is written, colour codes included.
 *
 * rhythm's own colours survive because they are not control characters until that moment: the
 * palette writes each of its codes as a marker holding a key drawn at random for this process,
 * which no file, name or answer can hold, and only those markers become escape sequences. Text
 * built with a template string, `${name}` and all, is therefore safe without anyone thinking of it.
 */
let key: string | undefined;
/**
 * Drawn when first used, from V8's Math.random, which is seeded from the system's entropy when the
 * process starts: a file is written before the run that colours it, and nothing the run prints
 * shows the key, so no file can hold it. node:crypto would say the same and cost every run that
 * loads nothing else of it 3 to 4 ms (a `status` of an empty workbook).
 */
function markerKey(): string {
  return (key ??= String.fromCharCode(...Array.from({ length: 8 }, () => 0xe000 + Math.floor(Math.random() * 256))));
}
const ESCAPE = '\u001b[';

// Bidirectional overrides and isolates reorder the rest of the line (a file path shown backwards),
// and the Unicode line and paragraph separators break it where a terminal may not show a break.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Every control character but tab and line ends (LF, CRLF), and every bidirectional override, replaced with U+FFFD. */
export function neutralise(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

/**
 * One of rhythm's own styles (a chalk function) as the palette applies it: the text inside is
 * neutralised, and the style's escape codes travel as markers until `forTerminal` writes them.
 */
export function ownStyle(style: (text: string) => string): (text: string) => string {
  // The markers of styles nested inside become codes again first, so that chalk can nest them.
  return (text) => style(neutralise(text).replaceAll(markerKey(), ESCAPE)).replaceAll(ESCAPE, markerKey());
}

/** Text as it may be written to a terminal: neutralised, with the palette's colours as escape codes. */
export function forTerminal(text: string): string {
  return key === undefined ? neutralise(text) : neutralise(text).replaceAll(key, ESCAPE);
}
