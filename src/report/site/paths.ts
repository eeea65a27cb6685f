/**
 * Where each page of a site lives, and the relative address from one page to another: a site is
 * read from `file://` and from GitHub Pages alike, so every link is relative to the page it is on.
 * Paths are POSIX-style, from the site's root; only slugs (checked) and period labels name a file.
 */
import { slugProblem } from '../../domain/slug.js';

export const SITE_PATHS = {
  index: 'index.html',
  teams: 'teams.html',
  customers: 'customers.html',
} as const;

/**
 * The lists of teams and customers sit at the root, beside index.html, not in `teams/` and
 * `customers/`: a customer may be called `index`, and its page would be the list's.
 */
export function customerPath(id: string): string {
  return `customers/${id}.html`;
}

export function teamPath(id: string): string {
  return `teams/${id}.html`;
}

export function reportPath(label: string): string {
  return `reports/${label}.html`;
}

/** The folders whose pages a site may remove once the customer, team or period is gone. */
export const PAGE_FOLDERS = ['customers', 'teams', 'reports'] as const;

/** Whether an id may name a page: a slug (the registry and reviews check theirs; a page is made for no other). */
export function hasPageName(id: string): boolean {
  return slugProblem(id) === undefined;
}

/** Whether a period label may name a page (rhythm's labels: `FY2027-Q3`, `2026-W48`, `2026`). */
export function isPageLabel(label: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(label);
}

/** The address of `to` from the page at `from`, both paths from the site's root: `teams/a.html` → `customers/b.html` is `../customers/b.html`. */
export function hrefFrom(from: string, to: string): string {
  const fromFolders = from.split('/').slice(0, -1);
  const target = to.split('/');
  let common = 0;
  while (common < fromFolders.length && common < target.length - 1 && fromFolders[common] === target[common]) common++;
  return [...fromFolders.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}
