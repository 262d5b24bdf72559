import { funding as contracts } from '@sanshe/events';
import { count, eq } from 'drizzle-orm';
import { DomainError, isUuid, recordEvent, requireCommunity, requireOrganization } from '@sanshe/service-kit';
import type { FundRow } from '../db/fund-tables.ts';
import { grants, tranches, type GrantRow, type TrancheRow } from '../db/grant-tables.ts';
import { catalogueItems, programmes, type ApplicationRow, type FundingRoundRow, type ProgrammeRow } from '../db/programme-tables.ts';
import type { Db, Tx } from '../context.ts';
import { account } from './ledger/accounts.ts';
import { programmeCommitted, roundCommitted } from './ledger/balances.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { findOrRefuse, lockFund, lockProgramme } from './locks.ts';
import { checkAward, checkFits, parseFen } from './money.ts';
import { checkCatalogue, checkPosts } from './rules/award-rules.ts';
import { optionalText, requiredText } from './rules/text.ts';
import { planTranches, type PlannedTranche, type TrancheInput } from './rules/tranche-schedule.ts';

export interface Commitment {
  fund: FundRow;
  programme: ProgrammeRow;
  round: FundingRoundRow | null;
  application: ApplicationRow | null;
  title: string;
  description: string | null;
  communityCode: string;
  organizationId: string | null;
  catalogueItemId: string | null;
  socialWorkPosts: number | null;
  amountFen: number;
  schedule: PlannedTranche[];
}

/**
 * The award itself: checks the money against the programme's budget, the round's budget and the
 * fund's available balance — all read under the caller's locks on fund, programme and round — then
 * writes the grant, its tranches, the commitment journal and `funding.grant.awarded`.
 */
export async function commitGrant(tx: Tx, c: Commitment): Promise<GrantRow> {
  checkAward(c.programme.budgetFen, await programmeCommitted(tx, c.programme.id), c.amountFen);
  if (c.round) {
    const [roundUse] = await roundCommitted(tx, [c.round.id]);
    checkFits(c.round.budgetFen - roundUse!, c.amountFen, 'input.amountFen', 'round');
  }
  checkFits(await balanceOf(tx, account.fundAvailable(c.fund.id)), c.amountFen, 'input.amountFen', 'fund');

  const [grant] = (await tx
    .insert(grants)
    .values({
      programmeId: c.programme.id,
      fundId: c.fund.id,
      roundId: c.round?.id ?? null,
      applicationId: c.application?.id ?? null,
      catalogueItemId: c.catalogueItemId,
      title: c.title,
      description: c.description,
      communityCode: c.communityCode,
      organizationId: c.organizationId,
      amountFen: c.amountFen,
      socialWorkPosts: c.socialWorkPosts,
    })
    .returning()) as [GrantRow];
  const schedule = (await tx
    .insert(tranches)
    .values(c.schedule.map((t) => ({ grantId: grant.id, ...t })))
    .returning()) as TrancheRow[];
  await postJournal(tx, {
    kind: 'commitment',
    memo: `资助决定：${c.title}`,
    refs: { fundId: c.fund.id, programmeId: c.programme.id, grantId: grant.id, communityCode: c.communityCode },
    lines: move(account.grantPayable(grant.id, c.fund.id), account.fundAvailable(c.fund.id), c.amountFen),
  });
  await recordEvent(
    tx,
    contracts.grantAwarded,
    {
      grantId: grant.id,
      programmeId: c.programme.id,
      organizationId: grant.organizationId,
      communityCode: grant.communityCode,
      amountFen: grant.amountFen,
      title: grant.title,
      programmeKind: c.programme.kind,
      fundId: c.fund.id,
      fundingRoundId: grant.roundId,
      applicationId: grant.applicationId,
      socialWorkPosts: grant.socialWorkPosts,
      tranches: schedule
        .sort((a, b) => a.seq - b.seq)
        .map((t) => ({ trancheId: t.id, seq: t.seq, amountFen: t.amountFen, milestone: t.milestone, dueOn: t.dueOn })),
    },
    { subject: grant.id },
  );
  return grant;
}

export interface AwardInput {
  programmeId: string;
  title: string;
  description?: string | null;
  communityCode: string;
  organizationId: string | null;
  amountFen: unknown;
  catalogueItemId?: string | null;
  socialWorkPosts?: number | null;
  tranches?: TrancheInput[] | null;
}

/** A direct award (purchase of services, micro-projects, posts …), outside any round. */
export async function awardGrant(db: Db, input: AwardInput): Promise<GrantRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const title = requiredText(input.title, 'input.title', 2, 200);
  const description = optionalText(input.description, 'input.description', 2000);
  const schedule = planTranches(amountFen, input.tranches);
  if (!isUuid(input.programmeId)) throw new DomainError('NOT_FOUND', `no programme ${input.programmeId}`, 'input.programmeId');
  return db.transaction(async (tx) => {
    // The programme's fund is fixed when the programme is created: read it unlocked, lock the
    // fund first, then the programme (the lock order of locks.ts).
    const unlocked = await findOrRefuse((id) => tx.select().from(programmes).where(eq(programmes.id, id)), input.programmeId, 'programme', 'input.programmeId');
    const fund = await lockFund(tx, unlocked.fundId, 'input.programmeId');
    const programme = await lockProgramme(tx, unlocked.id, 'input.programmeId');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.organizationId) await requireOrganization(tx, input.organizationId, 'input.organizationId');
    const socialWorkPosts = checkPosts(programme.kind, input.socialWorkPosts);
    const item = input.catalogueItemId
      ? await findOrRefuse((id) => tx.select().from(catalogueItems).where(eq(catalogueItems.id, id)), input.catalogueItemId, 'catalogue item', 'input.catalogueItemId')
      : null;
    const [size] = await tx.select({ n: count() }).from(catalogueItems).where(eq(catalogueItems.programmeId, programme.id));
    checkCatalogue(programme, size?.n ?? 0, item, amountFen);
    return commitGrant(tx, {
      fund,
      programme,
      round: null,
      application: null,
      title,
      description,
      communityCode: input.communityCode,
      organizationId: input.organizationId,
      catalogueItemId: item?.id ?? null,
      socialWorkPosts,
      amountFen,
      schedule,
    });
  });
}
