import { funding as contracts } from '@sanshe/events';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordEvent } from '@sanshe/service-kit';
import { grantEvaluations, grants, tranches, type GrantRow, type TrancheRow } from '../db/grant-tables.ts';
import type { Db, Queryable, Tx } from '../context.ts';
import { account, grantPayee } from './ledger/accounts.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { findOrRefuse, lockGrant } from './locks.ts';
import { checkFits } from './money.ts';
import { completesAfterPayment } from './rules/evaluation.ts';
import { checkMilestone, checkPayable } from './rules/tranche-payment.ts';

export async function scheduleOf(db: Queryable, grantId: string): Promise<TrancheRow[]> {
  return db.select().from(tranches).where(eq(tranches.grantId, grantId)).orderBy(asc(tranches.seq));
}

/** Schedules of a batch of grants, one statement (for the DataLoader). */
export async function schedulesOf(db: Queryable, grantIds: readonly string[]): Promise<TrancheRow[][]> {
  const rows = grantIds.length ? await db.select().from(tranches).where(inArray(tranches.grantId, [...grantIds])).orderBy(asc(tranches.seq)) : [];
  return grantIds.map((id) => rows.filter((t) => t.grantId === id));
}

async function lockGrantOfTranche(tx: Tx, trancheId: string): Promise<{ grant: GrantRow; schedule: TrancheRow[] }> {
  const tranche = await findOrRefuse((id) => tx.select().from(tranches).where(eq(tranches.id, id)), trancheId, 'tranche', 'input.trancheId');
  // The grant's row lock serialises every payment and status change of the grant.
  const grant = await lockGrant(tx, tranche.grantId, 'input.trancheId');
  return { grant, schedule: await scheduleOf(tx, grant.id) };
}

/** Confirms that the milestone a tranche is tied to was reached. */
export async function reportMilestone(db: Db, trancheId: string): Promise<TrancheRow> {
  return db.transaction(async (tx) => {
    const { grant, schedule } = await lockGrantOfTranche(tx, trancheId);
    const tranche = checkMilestone(grant, schedule, trancheId);
    const [updated] = (await tx.update(tranches).set({ milestoneMetAt: new Date() }).where(eq(tranches.id, tranche.id)).returning()) as [TrancheRow];
    await tx.update(grants).set({ updatedAt: new Date() }).where(eq(grants.id, grant.id));
    await recordEvent(tx, contracts.trancheMilestoneMet, { grantId: grant.id, trancheId: tranche.id, seq: tranche.seq }, { subject: grant.id });
    return updated;
  });
}

/**
 * 拨付: pays one tranche from the grant's payable account to its grantee. Under the grant's lock
 * the schedule rules are checked and the payable balance (award less payments and releases) must
 * cover the tranche — so however many requests race, a grant never pays more than it awarded.
 */
export async function payTranche(db: Db, trancheId: string): Promise<TrancheRow> {
  return db.transaction(async (tx) => {
    const { grant, schedule } = await lockGrantOfTranche(tx, trancheId);
    const [evaluation] = await tx.select().from(grantEvaluations).where(eq(grantEvaluations.grantId, grant.id));
    const tranche = checkPayable(grant, schedule, trancheId, evaluation ?? null);
    checkFits(await balanceOf(tx, account.grantPayable(grant.id, grant.fundId)), tranche.amountFen, 'input.trancheId', 'grant');
    const transaction = await postJournal(tx, {
      kind: 'disbursement',
      memo: `第${tranche.seq}笔拨付：${grant.title}`,
      refs: { fundId: grant.fundId, programmeId: grant.programmeId, grantId: grant.id, trancheId: tranche.id, communityCode: grant.communityCode },
      lines: move(grantPayee(grant), account.grantPayable(grant.id, grant.fundId), tranche.amountFen),
    });
    const now = new Date();
    const [paid] = (await tx
      .update(tranches)
      .set({ status: 'paid', paidAt: now })
      .where(and(eq(tranches.id, tranche.id), eq(tranches.status, 'pending')))
      .returning()) as [TrancheRow];
    const after = schedule.map((t) => (t.id === paid.id ? paid : t));
    const complete = completesAfterPayment(after, evaluation ?? null);
    await tx.update(grants).set({ updatedAt: now, ...(complete ? { status: 'completed' as const } : {}) }).where(eq(grants.id, grant.id));
    await recordEvent(
      tx,
      contracts.tranchePaid,
      {
        grantId: grant.id,
        trancheId: paid.id,
        seq: paid.seq,
        amountFen: paid.amountFen,
        transactionId: transaction.id,
        organizationId: grant.organizationId,
        communityCode: grant.communityCode,
      },
      { subject: grant.id },
    );
    if (complete) {
      const paidFen = after.filter((t) => t.status === 'paid').reduce((s, t) => s + t.amountFen, 0);
      await recordEvent(tx, contracts.grantCompleted, { grantId: grant.id, paidFen }, { subject: grant.id });
    }
    return paid;
  });
}
