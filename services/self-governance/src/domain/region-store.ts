import { selfGovernance } from '@sanshe/events';
import { and, asc, count, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { DomainError, isUniqueViolation, readPage, recordEvent, toConnection, isString, type PageArgs } from '@sanshe/service-kit';
import { regions, type RegionRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { parentCodeOf, parseWithin, validateNewRegion, type NewRegion } from './regions.ts';

const COMMUNITY_LEVELS = ['community', 'village'] as const;

/** Registers a region and its event in one transaction. */
export async function registerRegion(db: Db, input: NewRegion, access: WriteAccess): Promise<RegionRow> {
  return db.transaction(async (tx) => {
    const parentCode = parentCodeOf(input.code);
    const parent = parentCode
      ? (await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, parentCode)))[0]
      : undefined;
    const placement = validateNewRegion(input, parent?.level ?? null);
    access.allow({ regionCode: input.code }, 'input.code');
    let row: RegionRow;
    try {
      [row] = (await tx
        .insert(regions)
        .values({
          code: input.code,
          name: input.name.trim(),
          level: input.level,
          population: input.population ?? null,
          households: input.households ?? null,
          ...placement,
        })
        .returning()) as [RegionRow];
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `region ${input.code} is already registered`, 'input.code');
      throw error;
    }
    await recordEvent(
      tx,
      selfGovernance.regionRegistered,
      {
        code: row.code,
        name: row.name,
        level: row.level,
        parentCode: row.parentCode,
        districtCode: row.districtCode,
        streetCode: row.streetCode,
        population: row.population,
        households: row.households,
      },
      { subject: row.code },
    );
    await access.audit(tx, 'Region', row.code);
    return row;
  });
}

export async function listCommunities(db: Db, args: PageArgs & { within?: string | null }) {
  const within = parseWithin(args.within);
  const page = readPage(args, isString);
  const filters: SQL[] = [inArray(regions.level, [...COMMUNITY_LEVELS])];
  if (within.district) filters.push(eq(regions.districtCode, within.district));
  if (within.street) filters.push(eq(regions.streetCode, within.street));
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(regions)
      .where(page.after ? and(where, gt(regions.code, page.after)) : where)
      .orderBy(asc(regions.code))
      .limit(page.fetch),
    db.select({ n: count() }).from(regions).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => r.code);
}

export async function listChildren(db: Db, parentCode: string, args: PageArgs) {
  const page = readPage(args, isString);
  const where = eq(regions.parentCode, parentCode);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(regions)
      .where(page.after ? and(where, gt(regions.code, page.after)) : where)
      .orderBy(asc(regions.code))
      .limit(page.fetch),
    db.select({ n: count() }).from(regions).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => r.code);
}

export function isCommunityRow(row: RegionRow | null | undefined): row is RegionRow {
  return !!row && (row.level === 'community' || row.level === 'village');
}
