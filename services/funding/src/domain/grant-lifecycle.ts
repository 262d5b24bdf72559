import { funding as contracts } from '@sanshe/events';
import { and, eq, inArray } from 'drizzle-orm';
import { DomainError, recordEvent } from '@sanshe/service-kit';
import { grantEvaluations, grants, tranches, type GrantRow } from '../db/grant-tables.ts';
import type { Db, Tx } from '../context.ts';
import { account, grantPayee } from './ledger/accounts.ts';
import { grantMoney } from './ledger/balances.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { findOrRefuse, lockFund, lockGrant } from './locks.ts';
import { parseFen } from './money.ts';
import { checkEvaluable, evaluationOutcome, ratingOf } from './rules/evaluation.ts';
import { checkScore } from './rules/review-scoring.ts';
import { optionalText, requiredText } from './rules/text.ts';
import { scheduleOf } from './tranche-store.ts';

/** Locks the grant's fund, then the grant (the order of locks.ts). */
async function lockFundAndGrant(tx: Tx, grantId: string, field: string): Promise<GrantRow> {
  const found = await findOrRefuse((id) => tx.select().from(grants).where(eq(grants.id, id)), grantId, 'grant', field);
  await lockFund(tx, found.fundId, field);
  return lockGrant(tx, found.id, field);
}

/** Gives what the grant still owes back to its fund and cancels the unpaid tranches. */
async function releaseRemaining(tx: Tx, grant: GrantRow, memo: string): Promise<{ releasedFen: number; transactionId: string | null }> {
  const payable = await balanceOf(tx, account.grantPayable(grant.id, grant.fundId));
  await tx.update(tranches).set({ status: 'cancelled' }).where(and(eq(tranches.grantId, grant.id), inArray(tranches.status, ['pending', 'suspended'])));
  if (payable === 0) return { releasedFen: 0, transactionId: null };
  const transaction = await postJournal(tx, {
    kind: 'release',
    memo,
    refs: { fundId: grant.fundId, programmeId: grant.programmeId, grantId: grant.id, communityCode: grant.communityCode },
    lines: move(account.fundAvailable(grant.fundId), account.grantPayable(grant.id, grant.fundId), payable),
  });
  return { releasedFen: payable, transactionId: transaction.id };
}

/** The final evaluation (结项评估): a pass completes the grant or unlocks its last tranche; a fail ends it. */
export async function evaluateGrant(db: Db, input: { grantId: string; score: number; summary: string }): Promise<GrantRow> {
  const score = checkScore(input.score);
  const summary = requiredText(input.summary, 'input.summary', 2, 2000);
  return db.transaction(async (tx) => {
    const grant = await lockFundAndGrant(tx, input.grantId, 'input.grantId');
    const schedule = await scheduleOf(tx, grant.id);
    const [existing] = await tx.select().from(grantEvaluations).where(eq(grantEvaluations.grantId, grant.id));
    checkEvaluable(grant, schedule, !!existing);
    const rating = ratingOf(score);
    await tx.insert(grantEvaluations).values({ grantId: grant.id, score, rating, summary });
    await recordEvent(tx, contracts.grantEvaluated, { grantId: grant.id, score, rating }, { subject: grant.id });
    const outcome = evaluationOutcome(rating, schedule);
    if (outcome === 'terminate') {
      const released = await releaseRemaining(tx, grant, `结项评估未通过，收回未拨付资金：${grant.title}`);
      await recordEvent(tx, contracts.grantTerminated, { grantId: grant.id, reason: 'evaluation_failed', ...released }, { subject: grant.id });
    }
    if (outcome === 'complete') {
      const [money] = await grantMoney(tx, [grant.id]);
      await recordEvent(tx, contracts.grantCompleted, { grantId: grant.id, paidFen: money!.paidFen }, { subject: grant.id });
    }
    const status = outcome === 'terminate' ? 'terminated' : outcome === 'complete' ? 'completed' : grant.status;
    const [updated] = (await tx.update(grants).set({ status, updatedAt: new Date() }).where(eq(grants.id, grant.id)).returning()) as [GrantRow];
    return updated;
  });
}

/** Ends an active or suspended grant early (e.g. its organization was deregistered). */
export async function terminateGrant(db: Db, input: { grantId: string; memo?: string | null }): Promise<GrantRow> {
  const memo = optionalText(input.memo, 'input.memo', 200);
  return db.transaction(async (tx) => {
    const grant = await lockFundAndGrant(tx, input.grantId, 'input.grantId');
    if (grant.status !== 'active' && grant.status !== 'suspended') {
      throw new DomainError('ILLEGAL_TRANSITION', `a ${grant.status} grant cannot be terminated`, 'input.grantId', { grantStatus: grant.status });
    }
    const released = await releaseRemaining(tx, grant, memo ?? `终止资助，收回未拨付资金：${grant.title}`);
    await recordEvent(tx, contracts.grantTerminated, { grantId: grant.id, reason: 'terminated', ...released }, { subject: grant.id });
    const [updated] = (await tx.update(grants).set({ status: 'terminated', updatedAt: new Date() }).where(eq(grants.id, grant.id)).returning()) as [GrantRow];
    return updated;
  });
}

/** A grantee returns paid money to the fund; never more than it was paid (net of earlier refunds). */
export async function refundGrant(db: Db, input: { grantId: string; amountFen: unknown; memo?: string | null }): Promise<GrantRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const memo = optionalText(input.memo, 'input.memo', 200);
  return db.transaction(async (tx) => {
    const grant = await lockFundAndGrant(tx, input.grantId, 'input.grantId');
    const [money] = await grantMoney(tx, [grant.id]);
    if (amountFen > money!.paidFen) {
      throw new DomainError('RULE_VIOLATION', `the grant was paid ${money!.paidFen} fen; ${amountFen} fen cannot come back`, 'input.amountFen', { paidFen: money!.paidFen });
    }
    const transaction = await postJournal(tx, {
      kind: 'refund',
      memo: memo ?? `退回资助资金：${grant.title}`,
      refs: { fundId: grant.fundId, programmeId: grant.programmeId, grantId: grant.id, communityCode: grant.communityCode },
      lines: move(account.fundAvailable(grant.fundId), grantPayee(grant), amountFen),
    });
    await recordEvent(tx, contracts.grantRefunded, { grantId: grant.id, fundId: grant.fundId, amountFen, transactionId: transaction.id }, { subject: grant.id });
    const [updated] = (await tx.update(grants).set({ updatedAt: new Date() }).where(eq(grants.id, grant.id)).returning()) as [GrantRow];
    return updated;
  });
}
