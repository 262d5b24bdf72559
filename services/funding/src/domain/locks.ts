import { eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { DomainError, isUuid } from '@sanshe/service-kit';
import { funds, type FundRow } from '../db/fund-tables.ts';
import { grants, type GrantRow } from '../db/grant-tables.ts';
import { fundingRounds, programmes, type FundingRoundRow, type ProgrammeRow } from '../db/programme-tables.ts';
import { microWishPledges, type MicroWishPledgeRow } from '../db/micro-fund-tables.ts';
import type { Tx } from '../context.ts';

/**
 * Row locks serialise the writers of one fund, programme, round, grant or pledge: whoever holds
 * the lock reads balances no one else can change until it commits. Always taken in this order —
 * fund, programme, round, grant, pledge — so two writers never wait for each other in a circle.
 *
 * FOR NO KEY UPDATE, not FOR UPDATE: inserting a row that references a fund (a ledger transaction,
 * a grant) takes FOR KEY SHARE on the fund for the foreign-key check, which FOR UPDATE would block.
 * A payment holding its grant and booking against the fund would then wait for a termination
 * holding the fund and waiting for the grant — a deadlock. NO KEY UPDATE still excludes every
 * other writer of the row.
 */
function locker<Row>(table: PgTable & { id: AnyPgColumn }, what: string) {
  return async (tx: Tx, id: string, field: string): Promise<Row> => {
    const rows = isUuid(id) ? await tx.select().from(table as typeof funds).where(eq(table.id, id)).for('no key update') : [];
    const row = rows[0] as Row | undefined;
    if (!row) throw new DomainError('NOT_FOUND', `no ${what} ${id}`, field);
    return row;
  };
}

export const lockFund = locker<FundRow>(funds, 'fund');
export const lockProgramme = locker<ProgrammeRow>(programmes, 'programme');
export const lockRound = locker<FundingRoundRow>(fundingRounds, 'funding round');
export const lockGrant = locker<GrantRow>(grants, 'grant');
export const lockPledge = locker<MicroWishPledgeRow>(microWishPledges, 'micro-wish pledge');

/** Reads a row without locking it (to learn which fund to lock first), or NOT_FOUND. */
export async function findOrRefuse<Row>(load: (id: string) => Promise<Row[]>, id: string, what: string, field: string): Promise<Row> {
  const row = isUuid(id) ? (await load(id))[0] : undefined;
  if (!row) throw new DomainError('NOT_FOUND', `no ${what} ${id}`, field);
  return row;
}
