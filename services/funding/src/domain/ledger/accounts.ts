/**
 * The chart of accounts.
 *
 * Every account holds money "somewhere"; a journal transaction moves it between accounts with
 * entries whose signed amounts sum to zero (debit > 0, credit < 0). A balance is the SUM of an
 * account's entries — never a stored column.
 *
 *   code                              type            side     what it is
 *   source:<fund source>              source          credit   outside money: district budget,
 *                                                              departmental purchase funds, party
 *                                                              service funds, donations, crowdfunding.
 *                                                              Its (negative) balance is all it gave.
 *   fund:<fundId>:available           fund_available  debit    money in a fund not yet promised to anyone
 *   grant:<grantId>:payable           grant_payable   debit    money committed to a grant, not yet paid
 *   pledge:<pledgeId>:payable         pledge_payable  debit    micro-fund money reserved for a micro-wish
 *   payee:organization:<orgId>        payee           debit    paid to a social organization (net of refunds)
 *   payee:community:<code>            payee           debit    paid to a community's residents' committee
 *   payee:party-organization:<id>     payee           debit    party-building subsidies paid to a branch
 *   payee:micro-wish:<microWishId>    payee           debit    spent on fulfilling a micro-wish
 *
 * Transactions (kind: debit ← credit):
 *   deposit       fund:available  ← source                 money received (appropriation, donation …)
 *   transfer      fund:B:available ← fund:A:available      uncommitted money moved between funds
 *   commitment    grant:payable   ← fund:available         an award: the fund promises the money
 *   release       fund:available  ← grant|pledge:payable   a promise withdrawn (termination, failed
 *                                                          evaluation, cancelled pledge)
 *   disbursement  payee           ← grant:payable          a tranche paid (拨付)
 *   refund        fund:available  ← payee                  a grantee returns paid money
 *   subsidy       payee           ← fund:available         a joint branch's one-off subsidy
 *   pledge        pledge:payable  ← fund:available         a micro-fund reserves money for a wish
 *   micro_spend   payee           ← pledge:payable         the fulfilled wish is paid for
 *
 * Hence "a fund never pays out more than it holds" is fund:available ≥ 0, and "a grant never pays
 * more than it awarded" is grant:payable ≥ 0 (the award is the only debit to it). Both are checked
 * by the code under row locks and by the database at commit (migration 0003).
 */
import type { ACCOUNT_TYPES } from '../../db/ledger-tables.ts';
import type { FundRow } from '../../db/fund-tables.ts';

export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface AccountRef {
  code: string;
  type: AccountType;
  fundId?: string | null;
  grantId?: string | null;
  pledgeId?: string | null;
}

export const account = {
  source: (source: FundRow['source']): AccountRef => ({ code: `source:${source}`, type: 'source' }),
  fundAvailable: (fundId: string): AccountRef => ({ code: `fund:${fundId}:available`, type: 'fund_available', fundId }),
  grantPayable: (grantId: string, fundId: string): AccountRef => ({ code: `grant:${grantId}:payable`, type: 'grant_payable', fundId, grantId }),
  pledgePayable: (pledgeId: string, fundId: string): AccountRef => ({ code: `pledge:${pledgeId}:payable`, type: 'pledge_payable', fundId, pledgeId }),
  organization: (organizationId: string): AccountRef => ({ code: `payee:organization:${organizationId}`, type: 'payee' }),
  community: (communityCode: string): AccountRef => ({ code: `payee:community:${communityCode}`, type: 'payee' }),
  partyOrganization: (id: string): AccountRef => ({ code: `payee:party-organization:${id}`, type: 'payee' }),
  microWish: (microWishId: string): AccountRef => ({ code: `payee:micro-wish:${microWishId}`, type: 'payee' }),
};

/** Who receives a grant's money: its organization, else the community's residents' committee. */
export function grantPayee(grant: { organizationId: string | null; communityCode: string }): AccountRef {
  return grant.organizationId ? account.organization(grant.organizationId) : account.community(grant.communityCode);
}
