/**
 * Characters that have no place in a review: control characters (but tab and line ends) and
 * broken UTF-16. An escape sequence can drive the terminal of whoever runs `rhythm actions` on the
 * file (clear the screen, hide text, write the clipboard), a NUL makes the file binary. One rule
 * for `check` (of the text, and of values written as YAML escapes) and for answers files, so that
 * rhythm never writes a review its own `check` refuses.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A lone UTF-16 surrogate: half a character, which no UTF-8 file can hold and a YAML escape can. */
export const BROKEN_UTF16 = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `U+001B`, as messages name a character. */
export function codePoint(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What is wrong with `text`, in words ("the control character U+0085"), if anything. */
export function badCharacter(text: string): string | undefined {
  if (BROKEN_UTF16.test(text)) return 'a broken character (a lone UTF-16 surrogate)';
  const control = CONTROL_CHARACTER.exec(text)?.[0];
  return control === undefined ? undefined : `the control character ${codePoint(control)}`;
}

/** Every key or text value of `value` holding a bad character, with its path (`flags[0].reason`) and what is wrong. */
export function badStrings(value: unknown, path: (string | number)[], root = 'answers'): [string, string][] {
  const name = () => path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${part}`)).join('') || root;
  if (typeof value === 'string') {
    const problem = badCharacter(value);
    return problem ? [[name(), problem]] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => badStrings(item, [...path, index], root));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const problem = badCharacter(key);
    return [...(problem ? ([[`${name()} key ${JSON.stringify(key)}`, problem]] as [string, string][]) : []), ...badStrings(item, [...path, key], root)];
  });
}
