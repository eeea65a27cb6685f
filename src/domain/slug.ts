/**
 * Team and customer ids become folder names and appear in file names, so they are
 * restricted to lowercase slugs: no path traversal, no reserved device names, bounded length.
 */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com\d|lpt\d)$/;

export function slugProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'must be a non-empty id';
  if (value.length > 64) return 'must be at most 64 characters';
  if (!SLUG.test(value)) return 'must use only a-z, 0-9 and inner hyphens (e.g. emea-cs)';
  if (WINDOWS_DEVICES.test(value)) return 'is a reserved device name on Windows: choose another id';
  return undefined;
}

/** Suggest a slug for a display name: "Globex Corp." → "globex-corp". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
