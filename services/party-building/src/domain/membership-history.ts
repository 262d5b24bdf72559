import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgTx } from '@sanshe/service-kit';
import type { MemberCounts } from './membership.ts';

/**
 * When recorded counts begin:
 * - at a founding, the organization's own `founded_at`, so the first counts begin exactly when it
 *   does, whoever stamped it;
 * - at a change, the moment of the statement on the database's clock (`clock_timestamp()`). The
 *   change has locked the party organization's row by then, so it is later than any change
 *   committed before it: with `now()` a change that waited for the lock could start before the
 *   one it follows.
 */
export const foundingTime = (foundedAt: Date): SQL => sql`${foundedAt.toISOString()}::timestamptz`;
export const CHANGE_TIME: SQL = sql`clock_timestamp()`;

/**
 * Keeps `party_membership_history`: the counts recorded hold from `at` and end the ones before.
 * Runs in the founding's or the change's own transaction, on a party organization row it has
 * created or locked.
 */
export async function recordMemberCounts(tx: AnyPgTx, partyOrganizationId: string, counts: MemberCounts, at: SQL): Promise<void> {
  // One statement, so `at` is read once: the old counts end exactly where the new ones begin.
  // At least a millisecond (the columns' precision) after the open row began: two changes within
  // one millisecond, or an open row stamped ahead of this clock, must neither collide on the key
  // nor leave a row that ends before it begins.
  await tx.execute(sql`
    with open as (
      select since from party_membership_history where party_organization_id = ${partyOrganizationId} and until is null
    ),
    stamp(at) as (select greatest(${at}, (select since + interval '1 millisecond' from open))),
    closed as (
      update party_membership_history set until = (select at from stamp)
      where party_organization_id = ${partyOrganizationId} and until is null
    )
    insert into party_membership_history (party_organization_id, full_members, probationary_members, since)
    select ${partyOrganizationId}, ${counts.fullMembers}, ${counts.probationaryMembers}, at from stamp
  `);
}
