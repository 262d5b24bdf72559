import { organizations as contracts, type funding } from '@sanshe/events';
import { and, asc, count, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import { recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import type { z } from 'zod';
import { ignoredGrantAwards, organizationProjects, organizations, type ProjectRow, type ProjectStatus } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { OrgTx } from './organization-refs.ts';

type GrantAwarded = z.output<typeof funding.grantAwarded.schema>;

export type AwardOutcome = 'recorded' | 'already_recorded' | 'no_organization' | 'unknown_organization';

/**
 * A grant awarded to an organization starts its project (seed: "a venture-philanthropy award →
 * the organization's project starts"). Runs in the inbox's transaction, so a redelivered event is
 * already a no-op; the project is keyed by grant id as well, so a second award event for the same
 * grant (a republish under a new event id) records nothing and emits nothing.
 *
 * A grant without an organization (community funds, micro-projects) is no organization's project.
 * An organization id this service does not know is recorded in `ignored_grant_awards` with the
 * reason rather than retried: organizations exist here before funding can hear of them, so the
 * id will not appear later, and redelivering would only dead-letter the event.
 */
export async function startProject(
  tx: OrgTx,
  award: GrantAwarded,
  meta: { eventId: string; time: Date },
): Promise<AwardOutcome> {
  const organizationId = award.organizationId?.toLowerCase() ?? null;
  if (organizationId === null) return 'no_organization';
  const [organization] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!organization) {
    await tx
      .insert(ignoredGrantAwards)
      .values({ eventId: meta.eventId, grantId: award.grantId, organizationId, reason: 'unknown_organization' })
      .onConflictDoNothing();
    return 'unknown_organization';
  }
  const [project] = await tx
    .insert(organizationProjects)
    .values({
      grantId: award.grantId,
      organizationId,
      programmeId: award.programmeId,
      programmeKind: award.programmeKind ?? null,
      fundingRoundId: award.fundingRoundId ?? null,
      communityCode: award.communityCode,
      title: award.title,
      amountFen: award.amountFen,
      startedAt: meta.time,
      awardEventId: meta.eventId,
    })
    .onConflictDoNothing({ target: organizationProjects.grantId })
    .returning();
  if (!project) return 'already_recorded';
  await recordEvent(
    tx,
    contracts.projectStarted,
    {
      organizationId,
      grantId: project.grantId,
      programmeId: project.programmeId,
      programmeKind: project.programmeKind,
      communityCode: project.communityCode,
      title: project.title,
      amountFen: project.amountFen,
      startedAt: project.startedAt.toISOString(),
    },
    { subject: organizationId },
  );
  return 'recorded';
}

/**
 * Funding's later word on a grant. Each change applies only from the statuses it can follow, so
 * an event for a grant that is no project here (no organization, unknown organization) changes
 * nothing, and a late `resumed` never reopens a project that has ended.
 */
const FROM: Record<ProjectStatus, ProjectStatus[]> = {
  active: ['suspended'],
  suspended: ['active'],
  completed: ['active', 'suspended'],
  terminated: ['active', 'suspended'],
};

export async function setProjectStatus(tx: OrgTx, grantId: string, status: ProjectStatus, at: Date): Promise<void> {
  const ends = status === 'completed' || status === 'terminated';
  await tx
    .update(organizationProjects)
    .set({ status, ...(ends ? { endedAt: at } : {}), updatedAt: new Date() })
    .where(and(eq(organizationProjects.grantId, grantId), inArray(organizationProjects.status, FROM[status])));
}

export async function recordProjectEvaluation(tx: OrgTx, grantId: string, rating: ProjectRow['evaluationRating']): Promise<void> {
  await tx.update(organizationProjects).set({ evaluationRating: rating, updatedAt: new Date() }).where(eq(organizationProjects.grantId, grantId));
}

/** A tranche paid (positive) or money refunded (negative); the inbox applies each event once. */
export async function addProjectPayment(tx: OrgTx, grantId: string, deltaFen: number): Promise<void> {
  await tx
    .update(organizationProjects)
    .set({ paidFen: sql`greatest(${organizationProjects.paidFen} + ${deltaFen}, 0)`, updatedAt: new Date() })
    .where(eq(organizationProjects.grantId, grantId));
}

/** An organization's projects, newest first, keyset-paged. */
export function listProjects(db: Db, organizationId: string, args: PageArgs) {
  const where = eq(organizationProjects.organizationId, organizationId);
  return tablePage(db, organizationProjects, { time: organizationProjects.startedAt, id: organizationProjects.grantId, direction: 'desc' }, where, args);
}

/**
 * The first `fetch` projects of each organization, newest first, with each one's total: one
 * statement for a whole list of organizations (a portal page listing organizations with their
 * latest projects), instead of two per organization.
 */
export async function firstProjectsOf(db: Db, organizationIds: readonly string[], fetch: number): Promise<Map<string, { rows: ProjectRow[]; total: number }>> {
  const p = organizationProjects;
  const ranked = db
    .select({
      ...getTableColumns(p),
      rank: sql<number>`row_number() over (partition by ${p.organizationId} order by ${p.startedAt} desc, ${p.grantId} desc)`.as('rank'),
      total: sql<number>`(count(*) over (partition by ${p.organizationId}))::int`.as('total'),
    })
    .from(p)
    .where(inArray(p.organizationId, [...organizationIds]))
    .as('ranked');
  const rows = await db.select().from(ranked).where(lte(ranked.rank, fetch)).orderBy(asc(ranked.organizationId), asc(ranked.rank));
  const result = new Map<string, { rows: ProjectRow[]; total: number }>();
  for (const { rank: _rank, total, ...row } of rows) {
    const entry = result.get(row.organizationId) ?? { rows: [], total };
    entry.rows.push(row as ProjectRow);
    result.set(row.organizationId, entry);
  }
  return result;
}

/** How many projects each organization has had, in one statement. */
export async function projectCounts(db: Db, organizationIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ organizationId: organizationProjects.organizationId, n: count() })
    .from(organizationProjects)
    .where(inArray(organizationProjects.organizationId, [...organizationIds]))
    .groupBy(organizationProjects.organizationId);
  return new Map(rows.map((r) => [r.organizationId, r.n]));
}
