import { partyBuilding as contracts } from '@sanshe/events';
import { eq, sql } from 'drizzle-orm';
import { DomainError, isUuid, recordEvent, type Identity } from '@sanshe/service-kit';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';
import { partyDues, partyOrganizations, type PartyDuesRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkDuesYear, duesRebateFen } from './dues.ts';
import { partyMemberCount } from './membership.ts';

export interface DuesInput {
  partyOrganizationId: string;
  year: number;
  collectedFen: number;
}

/**
 * Records the dues a party organization collected in a year and the rebate it is due, counted
 * with its members now. Recording the same year again replaces the record (a correction) and
 * recomputes the rebate; every record sends `party-dues.recorded`.
 */
export async function recordPartyDues(db: Db, identity: Identity, input: DuesInput, now: Date = new Date()): Promise<PartyDuesRow> {
  authorizeCaller(identity, 'recordPartyDues');
  checkDuesYear(input.year, now);
  if (!Number.isSafeInteger(input.collectedFen) || input.collectedFen < 0) {
    throw new DomainError('BAD_USER_INPUT', 'dues are a whole number of fen ≥ 0', 'input.collectedFen');
  }
  if (!isUuid(input.partyOrganizationId)) {
    throw new DomainError('NOT_FOUND', `no party organization ${input.partyOrganizationId}`, 'input.partyOrganizationId');
  }
  return db.transaction(async (tx) => {
    // FOR SHARE: a membership change waits until the rebate computed from these counts is stored.
    const [party] = await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, input.partyOrganizationId)).for('share');
    if (!party) throw new DomainError('NOT_FOUND', `no party organization ${input.partyOrganizationId}`, 'input.partyOrganizationId');
    authorizeWrite(identity, 'recordPartyDues', { regionCode: party.regionCode }, 'input.partyOrganizationId');
    const values = {
      collectedFen: input.collectedFen,
      rebateFen: duesRebateFen(party.kind, party, input.collectedFen),
      membersCounted: partyMemberCount(party),
    };
    const [row] = (await tx
      .insert(partyDues)
      .values({ partyOrganizationId: party.id, year: input.year, ...values })
      .onConflictDoUpdate({ target: [partyDues.partyOrganizationId, partyDues.year], set: { ...values, recordedAt: sql`now()` } })
      .returning()) as [PartyDuesRow];
    await recordEvent(
      tx,
      contracts.partyDuesRecorded,
      { partyOrganizationId: party.id, kind: party.kind, regionCode: party.regionCode, year: row.year, ...values },
      { subject: party.id },
    );
    await auditMutation(tx, identity, 'recordPartyDues', `${party.id}/${row.year}`, { regionCode: party.regionCode, partyOrganizationId: party.id, year: row.year });
    return row;
  });
}
