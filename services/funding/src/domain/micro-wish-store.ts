import { funding as contracts } from '@sanshe/events';
import { and, eq, type SQL } from 'drizzle-orm';
import { DomainError, isUuid, recordEvent, requireCommunity, tablePage, type PageArgs } from '@sanshe/service-kit';
import { fulfilledMicroWishes, microWishPledges, type MicroWishPledgeRow } from '../db/micro-fund-tables.ts';
import type { Db, Tx } from '../context.ts';
import { translateViolations } from './db-errors.ts';
import { account } from './ledger/accounts.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { findOrRefuse, lockFund, lockPledge } from './locks.ts';
import { checkFits, parseFen } from './money.ts';
import { checkPledge } from './rules/micro-fund.ts';
import { requiredText } from './rules/text.ts';
import { checkCursor } from './filters.ts';

export interface PledgeInput {
  fundId: string;
  microWishId: string;
  communityCode: string;
  amountFen: unknown;
  description: string;
}

/**
 * How funding learns what a micro-wish costs: the micro-fund pledges an amount for the wish
 * (self-governance's micro-wish id) before it is fulfilled. The money leaves the fund's available
 * balance now, so the fund never promises more than it holds; it is booked as spent when
 * `self-governance.need.fulfilled` names the wish (events/book-micro-wish.ts).
 */
export async function pledgeMicroWish(db: Db, input: PledgeInput): Promise<MicroWishPledgeRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const description = requiredText(input.description, 'input.description', 2, 200);
  if (!isUuid(input.microWishId)) throw new DomainError('BAD_USER_INPUT', 'a micro-wish id is a UUID', 'input.microWishId');
  return db.transaction(async (tx) => {
    const fund = await lockFund(tx, input.fundId, 'input.fundId');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [fulfilled] = await tx.select().from(fulfilledMicroWishes).where(eq(fulfilledMicroWishes.microWishId, input.microWishId));
    checkPledge(fund, { communityCode: input.communityCode, amountFen }, !!fulfilled);
    checkFits(await balanceOf(tx, account.fundAvailable(fund.id)), amountFen, 'input.amountFen', 'fund');
    const [pledge] = (await translateViolations(
      () => tx.insert(microWishPledges).values({ fundId: fund.id, microWishId: input.microWishId, communityCode: input.communityCode, amountFen, description }).returning(),
      { unique: { micro_wish_pledges_micro_wish_key: ['input.microWishId', 'this micro-wish already has a pledge'] } },
    )) as [MicroWishPledgeRow];
    await postJournal(tx, {
      kind: 'pledge',
      memo: `微心愿认领：${description}`,
      refs: { fundId: fund.id, pledgeId: pledge.id, communityCode: pledge.communityCode },
      lines: move(account.pledgePayable(pledge.id, fund.id), account.fundAvailable(fund.id), amountFen),
    });
    await recordEvent(
      tx,
      contracts.microWishPledged,
      { pledgeId: pledge.id, fundId: fund.id, microWishId: pledge.microWishId, communityCode: pledge.communityCode, amountFen },
      { subject: pledge.microWishId },
    );
    return pledge;
  });
}

/** Withdraws a pledge not yet spent; its money returns to the micro-fund. */
export async function cancelMicroWishPledge(db: Db, pledgeId: string): Promise<MicroWishPledgeRow> {
  return db.transaction(async (tx) => {
    const found = await findOrRefuse((id) => tx.select().from(microWishPledges).where(eq(microWishPledges.id, id)), pledgeId, 'micro-wish pledge', 'pledgeId');
    await lockFund(tx, found.fundId, 'pledgeId');
    const pledge = await lockPledge(tx, found.id, 'pledgeId');
    if (pledge.status !== 'pledged') throw new DomainError('ILLEGAL_TRANSITION', `a ${pledge.status} pledge cannot be cancelled`, 'pledgeId', { status: pledge.status });
    await postJournal(tx, {
      kind: 'release',
      memo: `取消微心愿认领：${pledge.description}`,
      refs: { fundId: pledge.fundId, pledgeId: pledge.id, communityCode: pledge.communityCode },
      lines: move(account.fundAvailable(pledge.fundId), account.pledgePayable(pledge.id, pledge.fundId), pledge.amountFen),
    });
    const [updated] = (await tx.update(microWishPledges).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(microWishPledges.id, pledge.id)).returning()) as [
      MicroWishPledgeRow,
    ];
    await recordEvent(tx, contracts.microWishPledgeCancelled, { pledgeId: pledge.id, fundId: pledge.fundId, microWishId: pledge.microWishId, releasedFen: pledge.amountFen }, { subject: pledge.microWishId });
    return updated;
  });
}

/**
 * The wish was fulfilled: its pledged money is booked as spent (pledge → payee:micro-wish) in the
 * consumer's transaction. A wish without a pledge was fulfilled without micro-fund money: only
 * remembered, so that a pledge arriving later is refused. Spent or cancelled pledges stay as they are.
 */
export async function bookMicroWishSpend(tx: Tx, fulfilled: { microWishId: string; needId: string; communityCode: string; fulfilledAt: Date }): Promise<MicroWishPledgeRow | null> {
  await tx.insert(fulfilledMicroWishes).values(fulfilled).onConflictDoNothing();
  const [pledge] = await tx.select().from(microWishPledges).where(eq(microWishPledges.microWishId, fulfilled.microWishId)).for('no key update');
  if (!pledge || pledge.status !== 'pledged') return null;
  const transaction = await postJournal(tx, {
    kind: 'micro_spend',
    memo: `微心愿实现：${pledge.description}`,
    refs: { fundId: pledge.fundId, pledgeId: pledge.id, communityCode: pledge.communityCode },
    lines: move(account.microWish(pledge.microWishId), account.pledgePayable(pledge.id, pledge.fundId), pledge.amountFen),
    // The money was spent when the wish was fulfilled (a dataset may report it long after; the
    // statistics count it in the fulfilment's period), never later than funding heard of it.
    occurredAt: new Date(Math.min(fulfilled.fulfilledAt.getTime(), Date.now())),
  });
  const [spent] = (await tx
    .update(microWishPledges)
    .set({ status: 'spent', needId: fulfilled.needId, spentAt: fulfilled.fulfilledAt })
    .where(eq(microWishPledges.id, pledge.id))
    .returning()) as [MicroWishPledgeRow];
  await recordEvent(
    tx,
    contracts.microWishSpent,
    { pledgeId: pledge.id, fundId: pledge.fundId, microWishId: pledge.microWishId, needId: fulfilled.needId, communityCode: pledge.communityCode, amountFen: pledge.amountFen, transactionId: transaction.id },
    { subject: pledge.microWishId },
  );
  return spent;
}

export function listPledges(db: Db, filter: { fundId?: string | null; status?: MicroWishPledgeRow['status'] | null }, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.fundId) conditions.push(eq(microWishPledges.fundId, filter.fundId));
  if (filter.status) conditions.push(eq(microWishPledges.status, filter.status));
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, microWishPledges, { time: microWishPledges.pledgedAt, id: microWishPledges.id, direction: 'desc' }, where, args);
}
