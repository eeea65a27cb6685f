import { posix, sep } from 'node:path';

/** The first line of every workflow rhythm writes: a file with it is rhythm's to replace, any other needs --force. */
export const WORKFLOW_MARKER = '# Written by rhythm init --ci github.';

export interface WorkflowOptions {
  /** The workbook's folder of review files (rhythm.yaml's `workbook`). */
  workbook: string;
  fiscalYearStartMonth: number;
  /** The tarball the jobs install rhythm from, relative to the repository's top (`.github/rhythm/operating-rhythm-0.1.0.tgz`). */
  tarball: string;
  /** The tarball is not there (npm was missing or failed): the workflow says how to add it. */
  tarballMissing?: boolean;
  /** The folder holding rhythm.yaml, relative to the repository's top; '' when it is the top. */
  directory: string;
  /** The version of rhythm in the tarball. */
  version: string;
}

/** The daily run of notify (and of the site); the status and report jobs run on their own schedules. */
const DAILY = '0 7 * * *';
const WEEKLY = '0 7 * * 2';

/**
 * The GitHub Actions workflow written by `rhythm init --ci github`: check review files on pull
 * requests; notify (rhythm notify) what a push to the default branch brought and, every morning,
 * what yesterday brought, one run at a time; fail a weekly run when a ritual is overdue; build the
 * quarter's report on the first day of each (fiscal) quarter; and publish the site of the year so
 * far (`report --site`) on GitHub Pages from the default branch. Every job installs rhythm from the
 * tarball `rhythm init --ci github` vendored into the repository (the package is not on the npm
 * registry yet). Only the site's job may write to Pages (`pages: write`, and `id-token: write` for
 * actions/deploy-pages); every other job reads the repository and nothing more; the webhook
 * secrets reach the notify steps alone (not npm's install, which runs dependencies' scripts).
 */
export function githubWorkflow(options: WorkflowOptions): string {
  const { workbook, fiscalYearStartMonth, tarball, directory, version } = options;
  const quarterMonths = [0, 3, 6, 9].map((offset) => ((fiscalYearStartMonth - 1 + offset) % 12) + 1).sort((a, b) => a - b);
  const quarterly = `0 6 1 ${quarterMonths.join(',')} *`;
  const at = (path: string) => posix.normalize(posix.join(directory, path));
  // A workbook whose reviews lie beside rhythm.yaml (`workbook: .`) is watched whole.
  const watched = [...new Set([at('rhythm.yaml'), at(`${workbook.split(sep).join('/')}/**`), at('templates/**')])];
  const paths = `[${watched.map((path) => yamlString(path, "'")).join(', ')}]`;
  // The workbook in a folder of the repository: every command runs there (-C), as a person would.
  const rhythm = directory === '' ? 'rhythm' : `rhythm -C ${shellWord(directory)}`;
  const missing = options.tarballMissing
    ? `        # ${tarball} was not written (npm was missing or failed): run \`rhythm init --ci github\`
        # again where npm works, or \`npm pack\` in a clone of rhythm and copy the tarball there; commit it.
`
    : '';
  const setup = `      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install rhythm ${version}
${missing}        run: npm install --global --no-audit --no-fund ./${tarball}`;
  const checkout = `      - uses: actions/checkout@v4`;
  const yesterday = '"$(date -u -d yesterday +%F)"';
  const secrets = `        env:                                 # the variables \`notify:\` in rhythm.yaml names: add each as a repository secret
          RHYTHM_SLACK_WEBHOOK: \${{ secrets.RHYTHM_SLACK_WEBHOOK }}
          RHYTHM_TEAMS_WEBHOOK: \${{ secrets.RHYTHM_TEAMS_WEBHOOK }}
          RHYTHM_WEBHOOK_URL: \${{ secrets.RHYTHM_WEBHOOK_URL }}`;
  return `${WORKFLOW_MARKER} Keeps the customer rhythm honest in CI.
# \`rhythm init --ci github\` again replaces this file and the tarball in .github/rhythm/ with the
# rhythm that runs it (rhythm ${version} wrote them). Changed by hand, it needs --force.
name: rhythm

on:
  pull_request:
    paths: ${paths}
  push:                                      # reviews pushed: notify, and the site is published again
    paths: ${paths}
  schedule:
${cron(DAILY, 'every morning: what yesterday brought (notify), and the site again')}
${cron(WEEKLY, 'Tuesdays: is any ritual overdue?')}
${cron(quarterly, 'first day of each quarter: last quarter\'s report')}
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
${checkout}
${setup}
      - run: ${rhythm} check

  notify:
    # Customers newly not receiving value, escalations, resolutions and overdue rituals, posted
    # where rhythm.yaml's \`notify:\` says: what a push to the default branch brought, and every
    # morning what yesterday brought. Each run announces its own commits or its own day, so runs
    # may overlap; no concurrency group, which would drop a waiting run and what its push brought.
    if: (github.event_name == 'push' && github.ref_name == github.event.repository.default_branch) || (github.event_name == 'schedule' && github.event.schedule == '${DAILY}')
    runs-on: ubuntu-latest
    steps:
${checkout}
        with:
          fetch-depth: 0                     # notify reads the workbook's history
${setup}
      - name: Notify what the push brought
        if: github.event_name == 'push'
${secrets}
        run: |
          if git cat-file -e "\${{ github.event.before }}^{commit}" 2>/dev/null; then
            ${rhythm} notify --since \${{ github.event.before }}
          else                               # a new branch (before is all zeros) or a rewritten history
            ${rhythm} notify --since ${yesterday}
          fi
      - name: Notify what yesterday brought
        if: github.event_name == 'schedule'
${secrets}
        run: ${rhythm} notify --since ${yesterday}

  status:
    if: github.event_name == 'workflow_dispatch' || (github.event_name == 'schedule' && github.event.schedule == '${WEEKLY}')
    runs-on: ubuntu-latest
    steps:
${checkout}
${setup}
      - run: ${rhythm} status --fail-on overdue

  quarterly-report:
    if: github.event_name == 'workflow_dispatch' || (github.event_name == 'schedule' && github.event.schedule == '${quarterly}')
    runs-on: ubuntu-latest
    steps:
${checkout}
${setup}
      - name: Report on the quarter that just ended
        run: ${rhythm} report --quarter --date ${yesterday} --format md,json,html --out rhythm-report
      - uses: actions/upload-artifact@v4
        with:
          name: rhythm-quarterly-report
          path: ${yamlString(at('rhythm-report/'))}

  site:
    # Enable it once: Settings > Pages > Source: GitHub Actions.
    if: github.ref_name == github.event.repository.default_branch && (github.event_name == 'push' || github.event_name == 'workflow_dispatch' || github.event.schedule == '${DAILY}')
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
${checkout}
${setup}
      - name: Build the site of the year so far, with a page per team and per customer
        run: ${rhythm} report --year --site rhythm-site
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v5
        with:
          path: ${yamlString(at('rhythm-site/'))}
          include-hidden-files: true
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}

/** A schedule's line, its comment where the other comments of the file start. */
function cron(schedule: string, comment: string): string {
  return `${`    - cron: '${schedule}'`.padEnd(44)} # ${comment}`;
}

/** A string as YAML reads it back: plain when nothing in it means something to YAML, else quoted (`'` as YAML escapes it, or JSON, which is YAML). */
function yamlString(text: string, quote?: "'"): string {
  if (quote) return /^[^'\\\p{Cc}]*$/u.test(text) ? `'${text}'` : JSON.stringify(text);
  return /^[A-Za-z0-9_][\w./-]*$/.test(text) ? text : JSON.stringify(text);
}

/** A path as one word of a shell command. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
