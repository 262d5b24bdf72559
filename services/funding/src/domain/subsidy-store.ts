import { funding as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { knownRegions, recordEvent } from '@sanshe/service-kit';
import { funds, type FundRow } from '../db/fund-tables.ts';
import { subsidyPayments, type SubsidyPaymentRow } from '../db/ledger-tables.ts';
import type { Tx } from '../context.ts';
import { depositInto } from './fund-store.ts';
import { account } from './ledger/accounts.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { lockFund } from './locks.ts';
import { districtOf } from './regions.ts';

/**
 * The district's party service fund (党组织服务群众专项经费), locked. Designated by purpose and
 * region — one per district (a partial unique index) — and created on first use when nobody set
 * one up with createFund. Concurrent first uses meet at the unique index: the loser's insert does
 * nothing and it locks the winner's row.
 */
export async function lockPartyServiceFund(tx: Tx, districtCode: string): Promise<FundRow> {
  const find = () => tx.select({ id: funds.id }).from(funds).where(and(eq(funds.purpose, 'party_service'), eq(funds.regionCode, districtCode)));
  let [row] = await find();
  if (!row) {
    const [district] = await tx.select({ name: knownRegions.name }).from(knownRegions).where(eq(knownRegions.code, districtCode));
    const name = `${district?.name ?? districtCode}党组织服务群众专项经费`;
    const inserted = await tx.insert(funds).values({ name, source: 'party_service', purpose: 'party_service', regionCode: districtCode }).onConflictDoNothing().returning();
    if (inserted[0]) {
      const fund = inserted[0];
      await recordEvent(tx, contracts.fundCreated, { fundId: fund.id, name, source: fund.source, purpose: fund.purpose, regionCode: districtCode }, { subject: fund.id });
    }
    [row] = await find();
  }
  return lockFund(tx, row!.id, 'districtCode');
}

/**
 * Seed 000: a new joint branch gets a one-off 3,000-yuan subsidy. Exactly once per branch: the
 * inbox drops redeliveries of one event, the primary key of subsidy_payments a second request
 * for the same branch under another event id (the insert comes first and does nothing).
 *
 * The money: paid from the district's party service fund. The subsidy is an entitlement the
 * district's budget guarantees, so a shortfall in the fund is appropriated from the party service
 * source first (a `deposit`), then the subsidy is paid (a `subsidy`): the fund never goes below
 * zero and a branch's subsidy never waits on a top-up.
 */
export async function payJointBranchSubsidy(tx: Tx, request: { partyOrganizationId: string; communityCode: string; amountFen: number }): Promise<SubsidyPaymentRow | null> {
  const [claimed] = await tx.insert(subsidyPayments).values(request).onConflictDoNothing().returning();
  if (!claimed) return null;
  const fund = await lockPartyServiceFund(tx, districtOf(request.communityCode));
  const available = await balanceOf(tx, account.fundAvailable(fund.id));
  if (available < request.amountFen) await depositInto(tx, fund, request.amountFen - available, '联合党支部党建补助拨款');
  const transaction = await postJournal(tx, {
    kind: 'subsidy',
    memo: '联合党支部一次性党建补助',
    refs: { fundId: fund.id, partyOrganizationId: request.partyOrganizationId, communityCode: request.communityCode },
    lines: move(account.partyOrganization(request.partyOrganizationId), account.fundAvailable(fund.id), request.amountFen),
  });
  const [payment] = (await tx
    .update(subsidyPayments)
    .set({ fundId: fund.id, transactionId: transaction.id })
    .where(eq(subsidyPayments.partyOrganizationId, request.partyOrganizationId))
    .returning()) as [SubsidyPaymentRow];
  await recordEvent(
    tx,
    contracts.subsidyPaid,
    { ...request, paymentId: payment.paymentId, fundId: fund.id, transactionId: transaction.id },
    { subject: request.partyOrganizationId },
  );
  return payment;
}
