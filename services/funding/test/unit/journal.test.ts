import { describe, expect, it } from 'vitest';
import { account, grantPayee } from '../../src/domain/ledger/accounts.ts';
import { checkBalanced, move } from '../../src/domain/ledger/journal.ts';

const fund = account.fundAvailable('f1');
const source = account.source('district_budget');

describe('checkBalanced', () => {
  it('accepts two or more non-zero lines summing to zero', () => {
    expect(() => checkBalanced(move(fund, source, 1))).not.toThrow();
    expect(() =>
      checkBalanced([
        { account: fund, amountFen: 300 },
        { account: source, amountFen: -100 },
        { account: account.source('donation'), amountFen: -200 },
      ]),
    ).not.toThrow();
    // Sums are exact even where a float sum of the lines would not be.
    expect(() => checkBalanced(move(fund, source, Number.MAX_SAFE_INTEGER))).not.toThrow();
  });

  it('refuses a transaction that does not balance by one fen', () => {
    expect(() => checkBalanced([{ account: fund, amountFen: 100 }, { account: source, amountFen: -99 }])).toThrow(/does not balance: .* 1 fen/);
  });

  it('refuses fewer than two lines, zero lines, fractions and unsafe integers', () => {
    expect(() => checkBalanced([])).toThrow(/at least two/);
    expect(() => checkBalanced([{ account: fund, amountFen: 0 }])).toThrow(/at least two/);
    expect(() => checkBalanced([{ account: fund, amountFen: 0 }, { account: source, amountFen: 0 }])).toThrow(/non-zero/);
    expect(() => checkBalanced([{ account: fund, amountFen: 0.5 }, { account: source, amountFen: -0.5 }])).toThrow(/non-zero whole/);
    expect(() => checkBalanced(move(fund, source, Number.MAX_SAFE_INTEGER + 1))).toThrow(/non-zero whole/);
  });
});

describe('the chart of accounts', () => {
  it('names each account by what holds the money', () => {
    expect(account.fundAvailable('f')).toEqual({ code: 'fund:f:available', type: 'fund_available', fundId: 'f' });
    expect(account.grantPayable('g', 'f')).toEqual({ code: 'grant:g:payable', type: 'grant_payable', fundId: 'f', grantId: 'g' });
    expect(account.pledgePayable('p', 'f')).toMatchObject({ code: 'pledge:p:payable', type: 'pledge_payable' });
    expect(account.source('crowdfunding')).toEqual({ code: 'source:crowdfunding', type: 'source' });
    expect(account.partyOrganization('b').code).toBe('payee:party-organization:b');
    expect(account.microWish('w').code).toBe('payee:micro-wish:w');
  });

  it('pays a grant to its organization, else to the community', () => {
    expect(grantPayee({ organizationId: 'o', communityCode: '150204001001' }).code).toBe('payee:organization:o');
    expect(grantPayee({ organizationId: null, communityCode: '150204001001' }).code).toBe('payee:community:150204001001');
  });

  it('moves money from the credited account to the debited one', () => {
    expect(move(fund, source, 5)).toEqual([
      { account: fund, amountFen: 5 },
      { account: source, amountFen: -5 },
    ]);
  });
});
