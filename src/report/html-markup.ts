/**
 * HTML from person-written text: every piece of text from a rollup (customer names, quotes,
 * reasons, action titles) goes through the `html` template tag, which escapes whatever it
 * interpolates unless it is markup built by the tag itself. Every HTML page rhythm writes (the
 * report, the site's pages, the brief) is built with it.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Markup built by `html`: the only thing interpolated without escaping. */
export class Markup {
  constructor(readonly text: string) {}
}

export type Content = Markup | string | number | boolean | null | undefined | readonly Content[];

export function html(strings: TemplateStringsArray, ...values: Content[]): Markup {
  let text = strings[0]!;
  values.forEach((value, index) => {
    text += contentText(value) + strings[index + 1]!;
  });
  return new Markup(text);
}

function contentText(value: Content): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return (value as readonly Content[]).map(contentText).join('');
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  return escapeHtml(String(value));
}

