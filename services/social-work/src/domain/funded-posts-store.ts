/**
 * Purchased social-work posts (购买社会工作岗位) as funding announces them: a grant that names
 * `socialWorkPosts` buys that many posts in its community for as long as it runs. Applied by the
 * consumers in src/events/funding-grants.ts, in each event's inbox transaction.
 */
import { funding, socialWork as contracts, type CloudEvent, type EventData } from '@sanshe/events';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordEvent, tablePage, type AnyPgTx, type Connection, type PageArgs } from '@sanshe/service-kit';
import { fundedPosts, type FundedPostsRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { allOf } from './listing.ts';
import { textValues } from './json-rows.ts';

export type FundedPostsStatus = FundedPostsRow['status'];

/**
 * Records the posts of an awarded grant, once: keyed by the grant, so the award delivered again
 * (the inbox already stops the same event id; a re-published award has another) changes nothing
 * and emits nothing. `funded_at` is the award event's time. A grant without posts is not ours.
 */
export async function recordFundedPosts(tx: AnyPgTx, event: CloudEvent<EventData<typeof funding.grantAwarded>>): Promise<void> {
  const grant = event.data;
  if (!grant.socialWorkPosts) return;
  const [row] = (await tx
    .insert(fundedPosts)
    .values({
      grantId: grant.grantId,
      communityCode: grant.communityCode,
      organizationId: grant.organizationId,
      programmeId: grant.programmeId,
      programmeKind: grant.programmeKind ?? null,
      title: grant.title,
      posts: grant.socialWorkPosts,
      amountFen: grant.amountFen,
      fundedAt: new Date(event.time),
    })
    .onConflictDoNothing({ target: fundedPosts.grantId })
    .returning()) as FundedPostsRow[];
  if (!row) return;
  await recordEvent(
    tx,
    contracts.postsFunded,
    {
      grantId: row.grantId,
      communityCode: row.communityCode,
      organizationId: row.organizationId,
      posts: row.posts,
      amountFen: row.amountFen,
      fundedAt: row.fundedAt.toISOString(),
    },
    { subject: row.grantId },
  );
}

/**
 * Which statuses a grant event moves the posts from, and to. A suspension ends active posts; a
 * resumption brings suspended ones back; completion and termination end them for good (a
 * late resumption does not revive a terminated grant). Posts already ended keep the moment they
 * stopped counting.
 */
export const TRANSITIONS = {
  suspended: { from: ['active'], to: 'suspended' },
  resumed: { from: ['suspended'], to: 'active' },
  completed: { from: ['active', 'suspended'], to: 'completed' },
  terminated: { from: ['active', 'suspended'], to: 'terminated' },
} as const satisfies Record<string, { from: readonly FundedPostsStatus[]; to: FundedPostsStatus }>;

export type FundedPostsChange = keyof typeof TRANSITIONS;

/** Applies a grant's change to its posts, if it has posts here and the change applies to their status. */
export async function changeFundedPosts(tx: AnyPgTx, grantId: string, change: FundedPostsChange, at: Date): Promise<void> {
  const { from, to } = TRANSITIONS[change];
  await tx
    .update(fundedPosts)
    .set({
      status: to,
      // Active posts have no end; ending ones keep an earlier end (suspended, then terminated).
      endedAt: to === 'active' ? null : sql`coalesce(${fundedPosts.endedAt}, ${at.toISOString()}::timestamptz)`,
      updatedAt: new Date(),
    })
    .where(and(eq(fundedPosts.grantId, grantId), inArray(fundedPosts.status, [...from])));
}

/** The community's funded posts, newest first. Public, like the grants. */
export function listFundedPosts(db: Db, communityCode: string, status: FundedPostsStatus | null | undefined, args: PageArgs): Promise<Connection<FundedPostsRow>> {
  const p = fundedPosts;
  const where = allOf(eq(p.communityCode, communityCode), status && eq(p.status, status));
  return tablePage(db, p, { time: p.fundedAt, id: p.grantId, direction: 'desc' }, where, args);
}

/**
 * Per community, in one statement for a batch: the posts of its active grants, and its social
 * workers on government-bought posts (who fill them).
 */
export async function fundedPostFigures(db: Db, codes: readonly string[]): Promise<{ funded: number; filledBy: number }[]> {
  const rows = (await db.execute(sql`
    with asked(code) as (select distinct value from ${textValues(codes)})
    select a.code,
      (select coalesce(sum(p.posts), 0) from funded_posts p where p.community_code = a.code and p.status = 'active')::int as funded,
      (select count(*) from social_workers w where w.community_code = a.code and w.employment = 'government_post')::int as filled_by
    from asked a
  `)) as unknown as { code: string; funded: number; filled_by: number }[];
  const byCode = new Map(rows.map((r) => [r.code, { funded: r.funded, filledBy: r.filled_by }]));
  return codes.map((code) => byCode.get(code) ?? { funded: 0, filledBy: 0 });
}

/** Active posts no government-post social worker of the community fills. */
export function vacantPosts(figures: { funded: number; filledBy: number }): number {
  return Math.max(0, figures.funded - figures.filledBy);
}
