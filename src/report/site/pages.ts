/**
 * The pages of a static site of a workbook's rollups (`rhythm report --site <dir>`): the
 * organisation's report of the period asked as `index.html`, a report per team, a page per
 * customer, lists of teams and customers, and the reports of the year and of its quarters so far.
 * Every page carries one navigation bar; names link to the team and customer pages, by addresses
 * relative to the page (file:// and GitHub Pages alike). No script, nothing fetched.
 * Pure: rollups in, pages (path and text) out; writing them is io/site.ts's.
 */
import { compareText } from '../../domain/collections.js';
import type { Rollup, TeamRollup } from '../../domain/rollup/model.js';
import { assembleRollup } from '../../domain/rollup/summary.js';
import { customerIds, customerView, type CustomerView } from '../customer-view.js';
import { htmlDocument, renderHtml, type NavLink } from '../html.js';
import { html, type Markup } from '../html-markup.js';
import { duration } from '../markdown.js';
import { plural } from '../../domain/words.js';
import { reportView, type Links, type Scales } from '../view-model.js';
import { customerPage } from './customer-page.js';
import { customerPath, hasPageName, hrefFrom, isPageLabel, reportPath, SITE_PATHS, teamPath } from './paths.js';
import { SITE_STYLE } from './site-style.js';

export interface SiteInput {
  /** The period asked, over every team (or the one asked for): index.html, and the team and customer pages. */
  overview: Rollup;
  /** The reports of reports/: the year of that period and its quarters up to the overview's day, in order. */
  periods: readonly Rollup[];
  /** Scales of the workbook's scale questions (view-model.ts). */
  scales?: Scales;
}

export interface SitePage {
  /** From the site's root, POSIX-style: `index.html`, `customers/stark.html`. */
  path: string;
  html: string;
}

/** What every page of one site links to. */
interface Site {
  input: SiteInput;
  teams: { id: string; section: TeamRollup; name: string }[];
  customers: CustomerView[];
  periods: Rollup[];
}

export function sitePages(input: SiteInput): SitePage[] {
  const { overview } = input;
  const teams = overview.teams.flatMap((section) => (section.team !== undefined && hasPageName(section.team) ? [{ id: section.team, section, name: section.name ?? section.team }] : []));
  const customers = customerIds(overview)
    .filter(hasPageName)
    .flatMap((id) => customerView(overview, id) ?? []);
  const periods = input.periods.filter((rollup) => isPageLabel(rollup.period.label));
  const site: Site = { input, teams, customers, periods };
  return [
    reportPage(site, SITE_PATHS.index, overview),
    ...(teams.length > 0 ? [teamsPage(site)] : []),
    ...teams.map(({ id, section }) => reportPage(site, teamPath(id), teamRollup(overview, section))),
    ...(customers.length > 0 ? [customersPage(site)] : []),
    ...customers.map((view) => customerPageOf(site, view)),
    ...periods.map((rollup) => reportPage(site, reportPath(rollup.period.label), rollup)),
  ];
}

/**
 * A team's rollup from the organisation's: its section, summarised alone. Sections are computed
 * team by team, so this is the rollup `rhythm report --team <id>` makes, without reading again.
 */
export function teamRollup(rollup: Rollup, section: TeamRollup): Rollup {
  return assembleRollup({ period: rollup.period, fiscalYearStartMonth: rollup.fiscalYearStartMonth, today: rollup.today }, [section], rollup.registry);
}

// ---------------------------------------------------------------------------------------------

function navFor(site: Site, path: string): NavLink[] {
  const entries = [
    { label: 'Overview', path: SITE_PATHS.index },
    ...(site.teams.length > 0 ? [{ label: 'Teams', path: SITE_PATHS.teams }] : []),
    ...(site.customers.length > 0 ? [{ label: 'Customers', path: SITE_PATHS.customers }] : []),
    ...site.periods.map((rollup) => ({ label: rollup.period.label, path: reportPath(rollup.period.label) })),
  ];
  return entries.map((entry) => ({ label: entry.label, href: hrefFrom(path, entry.path), ...(entry.path === path ? { current: true } : {}) }));
}

function linksFrom(site: Site, path: string): Links & { team: (id: string) => string | undefined } {
  const customers = new Set(site.customers.map((view) => view.id));
  const teams = new Set(site.teams.map((team) => team.id));
  return {
    customer: (id) => (customers.has(id) ? hrefFrom(path, customerPath(id)) : undefined),
    team: (id) => (teams.has(id) ? hrefFrom(path, teamPath(id)) : undefined),
  };
}

function reportPage(site: Site, path: string, rollup: Rollup): SitePage {
  const view = reportView(rollup, { ...(site.input.scales ? { scales: site.input.scales } : {}), links: linksFrom(site, path) });
  return { path, html: renderHtml(view, { nav: navFor(site, path) }) };
}

function customerPageOf(site: Site, view: CustomerView): SitePage {
  const path = customerPath(view.id);
  const links = linksFrom(site, path);
  const { title, body } = customerPage(site.input.overview, view, { team: links.team, teamName: teamNameOf(site) });
  return { path, html: htmlDocument(title, body, { nav: navFor(site, path), style: SITE_STYLE }) };
}

function teamNameOf(site: Site): (id: string) => string {
  const names = new Map(site.input.overview.teams.map((section) => [section.team, section.name]));
  return (id) => names.get(id) ?? id;
}

// ---------------------------------------------------------------------------------------------
// The lists of teams and of customers

function listPage(site: Site, path: string, title: string, heading: Markup, content: Markup): SitePage {
  const { overview } = site.input;
  const body = html`<main>
<header class="page-header">
<p class="eyebrow">${overview.period.label} · as of ${overview.today}</p>
<h1>${heading}</h1>
</header>
${content}
<footer>Generated by rhythm from ${plural(overview.organisation.reviews, 'review file')} of ${overview.period.label} as of ${overview.today}.</footer>
</main>`;
  return { path, html: htmlDocument(`${title} — ${overview.period.label}`, body, { nav: navFor(site, path), style: SITE_STYLE }) };
}

function teamsPage(site: Site): SitePage {
  const path = SITE_PATHS.teams;
  const links = linksFrom(site, path);
  const cards = site.teams.map(({ id, section, name }) => {
    const summary = section.summary;
    const weekly = summary.cadence.find((row) => row.cadence === 'week');
    const missed = weekly !== undefined && weekly.held < weekly.expected;
    const facts = [
      html`${plural(section.reviews, 'review')}`,
      weekly ? html`<span class="${missed ? 'bad' : ''}">weekly ${weekly.held} of ${weekly.expected} held</span>` : html`no weekly ritual due`,
      html`<span class="${summary.flags.open > 0 ? 'bad' : ''}">${summary.flags.open} not receiving value</span>`,
      html`${plural(summary.actions.open, 'open action')}${summary.actions.overdue > 0 ? html` <span class="badge bad">${summary.actions.overdue} overdue</span>` : ''}`,
    ];
    return html`<li class="item ${summary.flags.open > 0 ? 'item-bad' : missed ? 'item-warn' : 'item-good'}"><p class="item-title"><a href="${links.team(id)}">${name}</a></p><p class="item-meta">${joined(facts)}</p></li>`;
  });
  const content = html`<section aria-labelledby="teams-title">
<h2 id="teams-title">${plural(site.teams.length, 'team')}</h2>
<ul class="items cards">${cards}</ul>
</section>`;
  return listPage(site, path, 'Teams', html`Teams`, content);
}

function customersPage(site: Site): SitePage {
  const path = SITE_PATHS.customers;
  const links = linksFrom(site, path);
  const teamName = teamNameOf(site);
  const rank = (view: CustomerView) => (view.openFlags.some((flag) => flag.escalated) ? 0 : view.openFlags.length > 0 ? 1 : view.flags.length > 0 ? 2 : 3);
  const longest = (view: CustomerView) => Math.max(0, ...view.openFlags.map((flag) => flag.durationDays));
  const sorted = [...site.customers].sort((a, b) => rank(a) - rank(b) || longest(b) - longest(a) || compareText(a.name, b.name));
  const cards = sorted.map((view) => {
    const open = view.openFlags;
    const status =
      open.length > 0
        ? html` <span class="badge bad">not receiving value</span>${open.some((flag) => flag.escalated) ? html` <span class="badge escalated">escalated</span>` : ''} <span class="muted">${duration(longest(view))}</span>`
        : view.flags.length > 0
          ? html` <span class="badge good">resolved</span>`
          : '';
    const last = view.lastContact;
    const facts = [
      ...(view.segment !== undefined ? [html`${view.segment}`] : []),
      ...(view.owner !== undefined ? [html`owner @${view.owner}`] : []),
      ...(view.known ? [] : [html`<span class="warn">not in registry</span>`]),
      last ? html`last contact ${last.period}` : html`<span class="warn">no contact</span>`,
      html`${plural(view.response.actions.length, 'open action')}${view.response.overdue > 0 ? html` <span class="badge bad">${view.response.overdue} overdue</span>` : ''}`,
      ...(view.teams.length > 0 ? [html`${view.teams.map(teamName).join(', ')}`] : []),
    ];
    const tone = open.length > 0 ? 'item-bad' : view.flags.length > 0 ? 'item-good' : 'item-neutral';
    return html`<li class="item ${tone}"><p class="item-title"><a href="${links.customer?.(view.id)}">${view.name}</a>${status}</p><p class="item-meta">${joined(facts)}</p></li>`;
  });
  const flagged = site.customers.filter((view) => view.openFlags.length > 0).length;
  const content = html`<section aria-labelledby="customers-title">
<h2 id="customers-title">${plural(site.customers.length, 'customer')}${flagged > 0 ? html`, <span class="bad">${flagged} not receiving value</span>` : ''}</h2>
<p class="lead">Not receiving value first (escalated, then the longest), then those whose flags were resolved, then the rest, by name.</p>
<ul class="items cards">${cards}</ul>
</section>`;
  return listPage(site, path, 'Customers', html`Customers`, content);
}

function joined(parts: readonly Markup[]): Markup {
  return html`${parts.map((part, index) => html`${index > 0 ? ' · ' : ''}${part}`)}`;
}
