/**
 * The GitHub Actions workflow written by `rhythm init --ci github`: check review files on pull
 * requests, fail a scheduled run when a ritual is overdue, build the quarter's report on the
 * first day of each (fiscal) quarter, and publish the site of the year so far (`report --site`)
 * on GitHub Pages from the default branch: when reviews are pushed, and on every scheduled run.
 * Only the site's job may write to Pages (`pages: write`, and `id-token: write` for
 * actions/deploy-pages); every other job reads the repository and nothing more.
 */
export function githubWorkflow(workbook: string, fiscalYearStartMonth: number): string {
  const quarterMonths = [0, 3, 6, 9].map((offset) => ((fiscalYearStartMonth - 1 + offset) % 12) + 1).sort((a, b) => a - b);
  return `# Written by rhythm init --ci github. Keeps the customer rhythm honest in CI.
name: rhythm

on:
  pull_request:
    paths: ['rhythm.yaml', '${workbook}/**', 'templates/**']
  push:                                      # reviews merged: the site is published again
    paths: ['rhythm.yaml', '${workbook}/**', 'templates/**']
  schedule:
    - cron: '0 7 * * 2'                      # Tuesdays: is any ritual overdue?
    - cron: '0 6 1 ${quarterMonths.join(',')} *'                # first day of each quarter: last quarter's report
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npx --yes operating-rhythm check

  status:
    if: github.event_name == 'workflow_dispatch' || (github.event_name == 'schedule' && github.event.schedule == '0 7 * * 2')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npx --yes operating-rhythm status --fail-on overdue

  quarterly-report:
    if: github.event_name == 'workflow_dispatch' || (github.event_name == 'schedule' && github.event.schedule != '0 7 * * 2')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Report on the quarter that just ended
        run: npx --yes operating-rhythm report --quarter --date "$(date -u -d yesterday +%F)" --format md,json,html --out rhythm-report
      - uses: actions/upload-artifact@v4
        with:
          name: rhythm-quarterly-report
          path: rhythm-report/

  site:
    # Enable it once: Settings > Pages > Source: GitHub Actions.
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
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
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Build the site of the year so far, with a page per team and per customer
        run: npx --yes operating-rhythm report --year --site rhythm-site
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v5
        with:
          path: rhythm-site/
          include-hidden-files: true
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}
