import { funding as contracts } from '@sanshe/events';
import { and, eq, type SQL } from 'drizzle-orm';
import { DomainError, recordEvent, requireCommunity, requireOrganization, tablePage, type PageArgs, districtDate } from '@sanshe/service-kit';
import { applications, type ApplicationRow } from '../db/programme-tables.ts';
import { organizationGrades } from '../db/replica-tables.ts';
import type { Db } from '../context.ts';
import { translateViolations } from './db-errors.ts';
import { checkCursor, uuidEquals } from './filters.ts';
import { findOrRefuse, lockRound } from './locks.ts';
import { parseFen } from './money.ts';
import { requireEligible } from './rules/eligibility.ts';
import { checkAcceptingApplications } from './rules/round-rules.ts';
import { requiredText } from './rules/text.ts';

export interface SubmitApplicationInput {
  roundId: string;
  organizationId: string;
  communityCode?: string | null;
  title: string;
  summary: string;
  requestedFen: unknown;
}

/**
 * An organization applies to an open round. Eligibility is decided from funding's replicas —
 * track, state and street from known_organizations, the grade from organization_grades — as
 * they stand when the application arrives.
 */
export async function submitApplication(db: Db, input: SubmitApplicationInput): Promise<ApplicationRow> {
  const title = requiredText(input.title, 'input.title', 2, 200);
  const summary = requiredText(input.summary, 'input.summary', 2, 2000);
  const requestedFen = parseFen(input.requestedFen, 'input.requestedFen', { positive: true });
  return db.transaction(async (tx) => {
    // The round's lock orders submissions against the call closing.
    const round = await lockRound(tx, input.roundId, 'input.roundId');
    const today = districtDate();
    checkAcceptingApplications(round, today);
    const organization = await requireOrganization(tx, input.organizationId, 'input.organizationId');
    const [grade] = await tx.select().from(organizationGrades).where(eq(organizationGrades.organizationId, organization.id));
    requireEligible(round.eligibility, round.eligibilityMode, { track: organization.track, state: organization.state, streetCode: organization.streetCode, grade: grade ?? null }, today);
    const community = await requireCommunity(tx, input.communityCode ?? organization.communityCode, 'input.communityCode');
    if (requestedFen > round.budgetFen) {
      throw new DomainError('RULE_VIOLATION', `the round's whole budget is ${round.budgetFen} fen`, 'input.requestedFen', { budgetFen: round.budgetFen });
    }
    const [application] = (await translateViolations(
      () => tx.insert(applications).values({ roundId: round.id, organizationId: organization.id, communityCode: community.code, title, summary, requestedFen }).returning(),
      { unique: { applications_round_organization_key: ['input.organizationId', 'the organization has already applied to this round'] } },
    )) as [ApplicationRow];
    await recordEvent(
      tx,
      contracts.applicationSubmitted,
      { applicationId: application.id, roundId: round.id, organizationId: organization.id, communityCode: community.code, requestedFen },
      { subject: application.id },
    );
    return application;
  });
}

/** Declines an application by decision, while its round has not concluded. */
export async function rejectApplication(db: Db, applicationId: string): Promise<ApplicationRow> {
  return db.transaction(async (tx) => {
    const found = await findOrRefuse((id) => tx.select().from(applications).where(eq(applications.id, id)), applicationId, 'application', 'applicationId');
    const round = await lockRound(tx, found.roundId, 'applicationId');
    if (round.status === 'concluded') throw new DomainError('RULE_VIOLATION', 'the round has concluded', 'applicationId', { status: round.status });
    const [application] = await tx
      .update(applications)
      .set({ status: 'rejected', decidedAt: new Date() })
      .where(and(eq(applications.id, found.id), eq(applications.status, 'submitted')))
      .returning();
    if (!application) throw new DomainError('CONFLICT', `the application is already ${found.status}`, 'applicationId', { status: found.status });
    await recordEvent(tx, contracts.applicationDeclined, { applicationId: application.id, roundId: round.id, organizationId: application.organizationId, reason: 'rejected' }, { subject: application.id });
    return application;
  });
}

export interface ApplicationFilter {
  roundId?: string | null;
  organizationId?: string | null;
  status?: ApplicationRow['status'] | null;
  /** What the caller may read (src/authorization.ts#visibleApplications): narrows rows and count alike. */
  visible?: SQL;
}

/** Newest first. */
export function listApplications(db: Db, filter: ApplicationFilter, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.roundId) conditions.push(uuidEquals(applications.roundId, filter.roundId));
  if (filter.organizationId) conditions.push(uuidEquals(applications.organizationId, filter.organizationId));
  if (filter.status) conditions.push(eq(applications.status, filter.status));
  if (filter.visible) conditions.push(filter.visible);
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, applications, { time: applications.submittedAt, id: applications.id, direction: 'desc' }, where, args);
}
