import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { DomainError, isUuid, knownRegions } from '@sanshe/service-kit';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '../db/ledger-tables.ts';
import type { Queryable } from '../context.ts';
import { fenFromSum } from './money.ts';
import { requireRegion } from './regions.ts';
import { parsePeriod, type Period } from './rules/district-time.ts';

/**
 * Money awarded and paid, from the ledger: awarded = commitments (awards) made, paid = net flow
 * into payee accounts (tranches, subsidies, micro-wishes, less refunds). Every transaction carries
 * the community it concerns, and a community's code begins with its street's and district's, so
 * any region is a range of community codes.
 */
const awarded = sql<string | null>`sum(${ledgerEntries.amountFen}) filter (where ${ledgerTransactions.kind} = 'commitment' and ${ledgerAccounts.type} = 'grant_payable')`;
const paid = sql<string | null>`sum(${ledgerEntries.amountFen}) filter (where ${ledgerAccounts.type} = 'payee')`;
const subsidies = sql<string | null>`sum(${ledgerEntries.amountFen}) filter (where ${ledgerTransactions.kind} = 'subsidy' and ${ledgerAccounts.type} = 'payee')`;
const awards = sql<number>`(count(distinct ${ledgerTransactions.grantId}) filter (where ${ledgerTransactions.kind} = 'commitment'))::int`;

export interface CommunityTotals {
  awardedFen: number;
  paidFen: number;
  grantCount: number;
  subsidiesPaidFen: number;
}

/** Totals for a batch of communities: one grouped statement however many communities. */
export async function communityTotals(db: Queryable, codes: readonly string[]): Promise<CommunityTotals[]> {
  const rows = await db
    .select({ code: ledgerTransactions.communityCode, awarded, paid, subsidies, awards })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
    .where(inArray(ledgerTransactions.communityCode, [...codes]))
    .groupBy(ledgerTransactions.communityCode);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((code) => {
    const r = byCode.get(code);
    return { awardedFen: fenFromSum(r?.awarded ?? 0), paidFen: fenFromSum(r?.paid ?? 0), grantCount: r?.awards ?? 0, subsidiesPaidFen: fenFromSum(r?.subsidies ?? 0) };
  });
}

export interface MoneyFigures {
  awardedFen: number;
  paidFen: number;
  grantCount: number;
}

export type ProgrammeMoneyRow = MoneyFigures & { programmeId: string | null };

export interface MoneyByRegionResult extends MoneyFigures {
  regionCode: string;
  regionName: string;
  period: { from: string; to: string } | null;
  programmeId: string | null;
  /** One row per street of a district, per community of a street, or the community itself. */
  byRegion: (MoneyFigures & { regionCode: string; name: string | null })[];
  byProgramme: ProgrammeMoneyRow[];
}

const empty = (): MoneyFigures => ({ awardedFen: 0, paidFen: 0, grantCount: 0 });
const add = (into: MoneyFigures, r: MoneyFigures) => {
  into.awardedFen += r.awardedFen;
  into.paidFen += r.paidFen;
  into.grantCount += r.grantCount;
};

/**
 * Awarded and paid in a district, street or community, optionally in a period of district days
 * and for one programme: three statements whatever the size of the region (the region, one
 * grouped sum over the ledger, the names of the sub-regions).
 */
export async function moneyByRegion(
  db: Queryable,
  input: { regionCode: string; period?: { from: string; to: string } | null; programmeId?: string | null },
): Promise<MoneyByRegionResult> {
  const period: Period | null = input.period ? parsePeriod(input.period) : null;
  if (input.programmeId && !isUuid(input.programmeId)) throw new DomainError('NOT_FOUND', `no programme ${input.programmeId}`, 'programmeId');
  const region = await requireRegion(db, input.regionCode, 'regionCode');
  const conditions: SQL[] = [
    gte(ledgerTransactions.communityCode, region.code.padEnd(12, '0')),
    sql`${ledgerTransactions.communityCode} <= ${region.code.padEnd(12, '9')}`,
  ];
  if (period) conditions.push(gte(ledgerTransactions.occurredAt, period.start), lt(ledgerTransactions.occurredAt, period.end));
  if (input.programmeId) conditions.push(eq(ledgerTransactions.programmeId, input.programmeId));
  const grouped = await db
    .select({ code: ledgerTransactions.communityCode, programmeId: ledgerTransactions.programmeId, awarded, paid, awards })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
    .where(and(...conditions))
    .groupBy(ledgerTransactions.communityCode, ledgerTransactions.programmeId);

  const childLength = region.code.length === 6 ? 9 : 12;
  const total = empty();
  const children = new Map<string, MoneyFigures>();
  const programmes = new Map<string | null, MoneyFigures>();
  for (const r of grouped) {
    const figures = { awardedFen: fenFromSum(r.awarded ?? 0), paidFen: fenFromSum(r.paid ?? 0), grantCount: r.awards };
    add(total, figures);
    const child = r.code!.slice(0, childLength);
    if (!children.has(child)) children.set(child, empty());
    add(children.get(child)!, figures);
    if (!programmes.has(r.programmeId)) programmes.set(r.programmeId, empty());
    add(programmes.get(r.programmeId)!, figures);
  }
  const codes = [...children.keys()].sort();
  const names = codes.length ? await db.select({ code: knownRegions.code, name: knownRegions.name }).from(knownRegions).where(inArray(knownRegions.code, codes)) : [];
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return {
    regionCode: region.code,
    regionName: region.name,
    period: period ? { from: period.from, to: period.to } : null,
    programmeId: input.programmeId ?? null,
    ...total,
    byRegion: codes.map((code) => ({ regionCode: code, name: nameOf.get(code) ?? null, ...children.get(code)! })),
    byProgramme: [...programmes.entries()].map(([programmeId, figures]) => ({ programmeId, ...figures })),
  };
}
