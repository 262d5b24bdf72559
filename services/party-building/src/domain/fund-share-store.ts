import { eq, sql } from 'drizzle-orm';
import { DomainError, knownRegions, type AnyPgTx, type Identity } from '@sanshe/service-kit';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';
import { fundShares } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkBasisPoints } from './fund-share.ts';

export interface FundShare {
  streetCode: string;
  basisPoints: number;
  /** 'street' when the street set its own share, 'default' when the environment's applies. */
  source: 'street' | 'default';
}

async function requireStreet(db: AnyPgTx, streetCode: string, field: string): Promise<void> {
  if (!/^\d{9}$/.test(streetCode)) throw new DomainError('BAD_USER_INPUT', 'a street or township code has 9 digits', field);
  const [street] = await db.select({ level: knownRegions.level }).from(knownRegions).where(eq(knownRegions.code, streetCode));
  if (!street) throw new DomainError('NOT_FOUND', `no street or township with code ${streetCode} is known`, field);
}

/** The street's share of the party service fund: its own setting, else the district default. */
export async function fundShareOf(db: Db, streetCode: string, defaultBasisPoints: number): Promise<FundShare> {
  await requireStreet(db, streetCode, 'streetCode');
  const [row] = await db.select().from(fundShares).where(eq(fundShares.streetCode, streetCode));
  return row ? { streetCode, basisPoints: row.basisPoints, source: 'street' } : { streetCode, basisPoints: defaultBasisPoints, source: 'default' };
}

/** Sets a street's own share (seed 003: Shuguang street 3 % = 300 bp); replaces an earlier setting. */
export async function setFundShare(db: Db, identity: Identity, input: { streetCode: string; basisPoints: number }): Promise<FundShare> {
  authorizeCaller(identity, 'setPartyServiceFundShare');
  checkBasisPoints(input.basisPoints, 'input.basisPoints');
  return db.transaction(async (tx) => {
    authorizeWrite(identity, 'setPartyServiceFundShare', { regionCode: input.streetCode }, 'input.streetCode');
    await requireStreet(tx, input.streetCode, 'input.streetCode');
    await tx
      .insert(fundShares)
      .values({ streetCode: input.streetCode, basisPoints: input.basisPoints })
      .onConflictDoUpdate({ target: fundShares.streetCode, set: { basisPoints: input.basisPoints, updatedAt: sql`now()` } });
    await auditMutation(tx, identity, 'setPartyServiceFundShare', input.streetCode, { regionCode: input.streetCode, basisPoints: input.basisPoints });
    return { streetCode: input.streetCode, basisPoints: input.basisPoints, source: 'street' as const };
  });
}
