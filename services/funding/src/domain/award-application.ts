import { eq } from 'drizzle-orm';
import { DomainError, requireOrganization } from '@sanshe/service-kit';
import { applications, fundingRounds, programmes, type ApplicationRow } from '../db/programme-tables.ts';
import type { GrantRow } from '../db/grant-tables.ts';
import type { Db } from '../context.ts';
import { commitGrant } from './grant-award.ts';
import { findOrRefuse, lockFund, lockProgramme, lockRound } from './locks.ts';
import { parseFen } from './money.ts';
import { reviewsOf, scoreOf } from './review-store.ts';
import { checkApplicationAwardable } from './rules/award-rules.ts';
import { checkReviewing } from './rules/round-rules.ts';
import { optionalText } from './rules/text.ts';
import { planTranches, type TrancheInput } from './rules/tranche-schedule.ts';

export interface AwardApplicationInput {
  applicationId: string;
  amountFen: unknown;
  description?: string | null;
  tranches?: TrancheInput[] | null;
}

/**
 * 公益创投 award: an application of a round in review, with enough reviews that count and a
 * passing final score, becomes a grant within the round's budget, the programme's budget and the
 * fund's money. Locks fund → programme → round → application.
 */
export async function awardApplication(db: Db, input: AwardApplicationInput): Promise<GrantRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const description = optionalText(input.description, 'input.description', 2000);
  const schedule = planTranches(amountFen, input.tranches);
  return db.transaction(async (tx) => {
    const found = await findOrRefuse((id) => tx.select().from(applications).where(eq(applications.id, id)), input.applicationId, 'application', 'input.applicationId');
    const [roundRow] = await tx.select().from(fundingRounds).where(eq(fundingRounds.id, found.roundId));
    const [programmeRow] = await tx.select().from(programmes).where(eq(programmes.id, roundRow!.programmeId));
    const fund = await lockFund(tx, programmeRow!.fundId, 'input.applicationId');
    const programme = await lockProgramme(tx, programmeRow!.id, 'input.applicationId');
    const round = await lockRound(tx, roundRow!.id, 'input.applicationId');
    const [application] = (await tx.select().from(applications).where(eq(applications.id, found.id)).for('no key update')) as [ApplicationRow];
    checkReviewing(round, 'input.applicationId');
    const [list] = await reviewsOf(tx, [application.id]);
    checkApplicationAwardable(application, scoreOf(application, round, list!), round.minReviewers, amountFen);
    // The organization may have been suspended since it applied.
    await requireOrganization(tx, application.organizationId, 'input.applicationId');
    const grant = await commitGrant(tx, {
      fund,
      programme,
      round,
      application,
      title: application.title,
      description: description ?? application.summary,
      communityCode: application.communityCode,
      organizationId: application.organizationId,
      catalogueItemId: null,
      socialWorkPosts: null,
      amountFen,
      schedule,
    });
    const updated = await tx.update(applications).set({ status: 'awarded', decidedAt: new Date() }).where(eq(applications.id, application.id)).returning();
    if (updated.length !== 1) throw new DomainError('CONFLICT', 'the application changed while it was awarded', 'input.applicationId');
    return grant;
  });
}
