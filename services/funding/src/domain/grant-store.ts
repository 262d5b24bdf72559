import { funding as contracts } from '@sanshe/events';
import { and, asc, count, eq, inArray, sum, type SQL } from 'drizzle-orm';
import {
  DomainError,
  isUuid,
  recordEvent,
  requireCommunity,
  requireOrganization,
  timeIdConnection,
  type PageArgs,
} from '@sanshe/service-kit';
import { grants, programmes, subsidyPayments, type GrantRow, type ProgrammeRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkAward, fenFromSum, parseFen } from './money.ts';

type ProgrammeKind = ProgrammeRow['kind'];

export async function createProgramme(db: Db, input: { name: string; kind: ProgrammeKind; budgetFen: unknown }): Promise<ProgrammeRow> {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) throw new DomainError('BAD_USER_INPUT', 'a name has 2 to 100 characters', 'input.name');
  const budgetFen = parseFen(input.budgetFen, 'input.budgetFen');
  const [row] = await db.insert(programmes).values({ name, kind: input.kind, budgetFen }).returning();
  return row!;
}

export interface AwardInput {
  programmeId: string;
  title: string;
  communityCode: string;
  organizationId: string | null;
  amountFen: unknown;
}

export async function awardGrant(db: Db, input: AwardInput): Promise<GrantRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const title = input.title.trim();
  if (title.length < 2 || title.length > 200) throw new DomainError('BAD_USER_INPUT', 'a title has 2 to 200 characters', 'input.title');
  if (!isUuid(input.programmeId)) throw new DomainError('NOT_FOUND', `no programme ${input.programmeId}`, 'input.programmeId');
  return db.transaction(async (tx) => {
    // The row lock serialises awards of one programme, so two concurrent awards cannot both
    // fit into the same remaining budget.
    const [programme] = await tx.select().from(programmes).where(eq(programmes.id, input.programmeId)).for('update');
    if (!programme) throw new DomainError('NOT_FOUND', `no programme ${input.programmeId}`, 'input.programmeId');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.organizationId) await requireOrganization(tx, input.organizationId, 'input.organizationId');
    const [awarded] = await tx.select({ total: sum(grants.amountFen) }).from(grants).where(eq(grants.programmeId, programme.id));
    checkAward(programme.budgetFen, fenFromSum(awarded?.total ?? 0), amountFen);
    const [grant] = (await tx
      .insert(grants)
      .values({ programmeId: programme.id, title, communityCode: input.communityCode, organizationId: input.organizationId, amountFen })
      .returning()) as [GrantRow];
    await recordEvent(
      tx,
      contracts.grantAwarded,
      {
        grantId: grant.id,
        programmeId: programme.id,
        organizationId: grant.organizationId,
        communityCode: grant.communityCode,
        amountFen: grant.amountFen,
        title: grant.title,
      },
      { subject: grant.id },
    );
    return grant;
  });
}

export function listGrants(db: Db, filter: SQL, args: PageArgs) {
  return timeIdConnection(args, {
    rows: (after, limit) =>
      db
        .select()
        .from(grants)
        .where(and(filter, after(grants.awardedAt, grants.id, 'asc')))
        .orderBy(asc(grants.awardedAt), asc(grants.id))
        .limit(limit),
    count: async () => (await db.select({ n: count() }).from(grants).where(filter))[0]?.n ?? 0,
    keyOf: (r) => [r.awardedAt, r.id],
  });
}

export const grantsOfCommunity = (db: Db, code: string, args: PageArgs) => listGrants(db, eq(grants.communityCode, code), args);
export const grantsOfProgramme = (db: Db, id: string, args: PageArgs) => listGrants(db, eq(grants.programmeId, id), args);

export interface CommunityTotals {
  awardedFen: number;
  grantCount: number;
  subsidiesPaidFen: number;
}

/** Totals for a batch of communities: two grouped statements however many communities. */
export async function communityTotals(db: Db, codes: readonly string[]): Promise<CommunityTotals[]> {
  const [awarded, subsidies] = await Promise.all([
    db
      .select({ code: grants.communityCode, total: sum(grants.amountFen), n: count() })
      .from(grants)
      .where(inArray(grants.communityCode, [...codes]))
      .groupBy(grants.communityCode),
    db
      .select({ code: subsidyPayments.communityCode, total: sum(subsidyPayments.amountFen) })
      .from(subsidyPayments)
      .where(inArray(subsidyPayments.communityCode, [...codes]))
      .groupBy(subsidyPayments.communityCode),
  ]);
  const a = new Map(awarded.map((r) => [r.code, r]));
  const s = new Map(subsidies.map((r) => [r.code, r]));
  return codes.map((code) => ({
    awardedFen: fenFromSum(a.get(code)?.total ?? 0),
    grantCount: a.get(code)?.n ?? 0,
    subsidiesPaidFen: fenFromSum(s.get(code)?.total ?? 0),
  }));
}

/** Awarded totals for a batch of programmes in one statement. */
export async function programmeAwarded(db: Db, ids: readonly string[]): Promise<number[]> {
  const rows = await db
    .select({ id: grants.programmeId, total: sum(grants.amountFen) })
    .from(grants)
    .where(inArray(grants.programmeId, [...ids]))
    .groupBy(grants.programmeId);
  const byId = new Map(rows.map((r) => [r.id, fenFromSum(r.total)]));
  return ids.map((id) => byId.get(id) ?? 0);
}
