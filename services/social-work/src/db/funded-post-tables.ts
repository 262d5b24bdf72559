import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Social-work posts bought for a community (购买社会工作岗位), one row per funding grant that names
 * `socialWorkPosts` (funding.grant.awarded). Keyed by the grant: a second award event for the same
 * grant changes nothing. The grant's later life (suspended with its organization, resumed,
 * completed, terminated) moves `status`; `ended_at` is when the posts stopped counting.
 */
export const fundedPosts = pgTable(
  'funded_posts',
  {
    grantId: uuid('grant_id').primaryKey(),
    communityCode: text('community_code').notNull(),
    // The agency the posts are bought from; null when the grant names none.
    organizationId: uuid('organization_id'),
    programmeId: uuid('programme_id').notNull(),
    programmeKind: text('programme_kind'),
    title: text('title').notNull(),
    posts: integer('posts').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['active', 'suspended', 'completed', 'terminated'] }).notNull().default('active'),
    // When funding awarded the grant (the award event's time).
    fundedAt: timestamp('funded_at', { withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('funded_posts_community_idx').on(t.communityCode, t.fundedAt, t.grantId),
    check('funded_posts_posts_check', sql`${t.posts} > 0`),
    check('funded_posts_amount_check', sql`${t.amountFen} > 0`),
    check('funded_posts_ended_check', sql`(${t.status} = 'active') = (${t.endedAt} is null)`),
  ],
);

export type FundedPostsRow = typeof fundedPosts.$inferSelect;
