import { describe, expect, it } from 'vitest';
import { completionCandidates, recentPeriods, type CompletionSource } from '../../src/domain/completion.js';
import { parseConfig } from '../../src/domain/config.js';

const { config } = parseConfig(`fiscalYearStartMonth: 2
teams:
  - { id: emea-cs, name: EMEA Customer Success }
  - { id: product, name: Product }
rituals:
  monthly: { template: monthly, cadence: month, teams: [product] }
`);

const source = (today: string, customers = [{ id: 'acme' }, { id: 'globex' }]): CompletionSource => ({ config, customers, today });

describe('completion candidates from the workbook', () => {
  it('ids: customers from the registry, teams and rituals (built-ins and configured) from rhythm.yaml', () => {
    expect(completionCandidates('customers', source('2026-11-24'))).toEqual(['acme', 'globex']);
    expect(completionCandidates('teams', source('2026-11-24'))).toEqual(['emea-cs', 'product']);
    expect(completionCandidates('rituals', source('2026-11-24'))).toEqual(['weekly', 'quarterly', 'annual', 'monthly']);
  });

  it('periods: the current one and those before it, newest first, as the fiscal calendar labels them', () => {
    const today = source('2026-11-24');
    expect(completionCandidates('weeks', today)).toEqual(['2026-W48', '2026-W47', '2026-W46', '2026-W45', '2026-W44', '2026-W43', '2026-W42', '2026-W41']);
    expect(completionCandidates('months', today)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06']);
    // Fiscal years start in February: November 2026 is in FY2027's fourth quarter.
    expect(completionCandidates('quarters', today)).toEqual(['FY2027-Q4', 'FY2027-Q3', 'FY2027-Q2', 'FY2027-Q1']);
    expect(completionCandidates('years', today)).toEqual(['FY2027', 'FY2026']);
  });

  it('weeks across New Year follow the ISO week-year; fiscal quarters cross into the next fiscal year', () => {
    expect(recentPeriods('week', '2027-01-02', config, 3)).toEqual(['2026-W53', '2026-W52', '2026-W51']);
    expect(recentPeriods('week', '2027-01-04', config, 2)).toEqual(['2027-W01', '2026-W53']);
    expect(recentPeriods('quarter', '2027-02-01', config, 2)).toEqual(['FY2028-Q1', 'FY2027-Q4']);
    expect(recentPeriods('quarter', '2027-01-15', { fiscalYearStartMonth: 1 }, 2)).toEqual(['2027-Q1', '2026-Q4']);
    expect(recentPeriods('year', '2027-01-15', { fiscalYearStartMonth: 1 })).toEqual(['2027', '2026']);
  });

  it('periods of a ritual follow its cadence; an unknown ritual, or none, has none', () => {
    const today = source('2026-11-24');
    expect(completionCandidates('periods', today, 'monthly')).toEqual(completionCandidates('months', today));
    expect(completionCandidates('periods', today, 'weekly')).toEqual(completionCandidates('weeks', today));
    expect(completionCandidates('periods', today, 'quarterly')).toEqual(completionCandidates('quarters', today));
    expect(completionCandidates('periods', today, 'fortnightly')).toEqual([]);
    expect(completionCandidates('periods', today, 'constructor')).toEqual([]);
    expect(completionCandidates('periods', today)).toEqual([]);
  });

  it('never hands a shell a word it would expand: only slug-like candidates', () => {
    const customers = [{ id: 'acme' }, { id: '$(touch pwned)' }, { id: 'a b' }, { id: '`id`' }, { id: '' }, { id: 'globex' }];
    expect(completionCandidates('customers', source('2026-11-24', customers))).toEqual(['acme', 'globex']);
  });
});
