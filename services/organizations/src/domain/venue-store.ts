import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { DomainError, isUuid, requireCommunity } from '@sanshe/service-kit';
import { venueLoans, type VenueLoanRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { auditMutation, authorize, mayReadVenueLoan, type Caller } from '../authorization.ts';
import { lockOrganization, lockVisibleOrganization, type OrgTx } from './organization-refs.ts';
import type { LendInput } from './venue-rules.ts';

/** Space is lent to organizations in preparation or active ones, never to suspended or deregistered ones. */
const MAY_BORROW = ['preparing', 'filed', 'recommended', 'registered'];

export async function lendVenue(db: Db, caller: Caller, input: LendInput): Promise<VenueLoanRow> {
  return db.transaction(async (tx) => {
    const organization = await lockVisibleOrganization(tx, caller.identity, input.organizationId, 'input.organizationId');
    authorize(caller, { regionCode: input.communityCode, field: 'input.communityCode' });
    if (!MAY_BORROW.includes(organization.state)) {
      throw new DomainError('RULE_VIOLATION', `space is not lent to an organization that is ${organization.state}`, 'input.organizationId', {
        state: organization.state.toUpperCase(),
      });
    }
    const community = await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [loan] = await tx
      .insert(venueLoans)
      .values({ ...input, organizationId: organization.id, streetCode: community.streetCode! })
      .returning();
    await auditMutation(tx, caller, 'VenueLoan', loan!.id);
    return loan!;
  });
}

/** Ends a loan on `endedOn` (earlier than planned, or an open-ended one). */
export async function endVenueLoan(db: Db, caller: Caller, id: string, endedOn: string): Promise<VenueLoanRow> {
  return db.transaction(async (tx) => {
    const [found] = isUuid(id) ? await tx.select().from(venueLoans).where(eq(venueLoans.id, id)) : [];
    if (!found) throw new DomainError('NOT_FOUND', `no venue loan with id ${id}`, 'id');
    const organization = await lockOrganization(tx, found.organizationId);
    // Venue loans are not public: one the caller may not see is reported as unknown.
    if (!mayReadVenueLoan(caller.identity, found, organization)) throw new DomainError('NOT_FOUND', `no venue loan with id ${id}`, 'id');
    authorize(caller, { regionCode: found.communityCode });
    const [loan] = await tx.select().from(venueLoans).where(eq(venueLoans.id, found.id)).for('update');
    if (loan!.endsOn !== null && loan!.endsOn < endedOn) {
      throw new DomainError('RULE_VIOLATION', `the loan already ended on ${loan!.endsOn}`, 'endedOn', { endsOn: loan!.endsOn });
    }
    if (endedOn < loan!.startsOn) throw new DomainError('BAD_USER_INPUT', `endedOn cannot be before the loan starts (${loan!.startsOn})`, 'endedOn');
    const [ended] = await tx.update(venueLoans).set({ endsOn: endedOn }).where(eq(venueLoans.id, found.id)).returning();
    await auditMutation(tx, caller, 'VenueLoan', found.id);
    return ended!;
  });
}

/** A deregistered organization gives its space back the same day. */
export async function endVenueLoansOf(tx: OrgTx, organizationId: string, on: string): Promise<void> {
  await tx
    .update(venueLoans)
    .set({ endsOn: sql`greatest(${on}::date, ${venueLoans.startsOn})` })
    .where(and(eq(venueLoans.organizationId, organizationId), or(isNull(venueLoans.endsOn), gt(venueLoans.endsOn, on))));
}
