import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq, inArray } from 'drizzle-orm';
import { recordEvent, tablePage, type Identity, type PageArgs } from '@sanshe/service-kit';
import { DISCLOSURE_CATEGORIES, disclosures, type DisclosureRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { disclosureLifecycle } from './lifecycles.ts';
import { lockById, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { period as parsePeriod, text } from './validation.ts';
import { disclosureCondition } from '../read-access.ts';

/** 阳光五务 (seed 001): 党务, 事务, 居务, 财务 and 服务 disclosed per community and period. */

type Category = DisclosureRow['category'];

export async function publishDisclosure(
  db: Db,
  input: { communityCode: string; category: Category; period: string; title: string; content: string },
  access: WriteAccess,
) {
  const period = parsePeriod(input.period, 'input.period');
  const title = text(input.title, 'input.title', { min: 2, max: 200 });
  const content = text(input.content, 'input.content', { max: 50_000 });
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [row] = await tx.insert(disclosures).values({ communityCode: input.communityCode, category: input.category, period, title, content }).returning();
    await recordEvent(
      tx,
      contracts.disclosurePublished,
      { disclosureId: row!.id, communityCode: row!.communityCode, category: row!.category, period, title },
      { subject: row!.id },
    );
    await access.audit(tx, 'Disclosure', row!.id);
    return row!;
  });
}

export async function withdrawDisclosure(db: Db, input: { disclosureId: string; reason: string }, access: WriteAccess) {
  const reason = text(input.reason, 'input.reason', { max: 1000 });
  return db.transaction(async (tx) => {
    const disclosure = await lockById<DisclosureRow>(tx, disclosures, input.disclosureId, 'input.disclosureId', 'disclosure');
    access.allow({ regionCode: disclosure.communityCode }, 'input.disclosureId');
    const status = disclosureLifecycle.apply(disclosure.status, 'withdraw', 'input.disclosureId');
    const [row] = await tx.update(disclosures).set({ status, withdrawnAt: new Date(), withdrawalReason: reason }).where(eq(disclosures.id, disclosure.id)).returning();
    await recordEvent(
      tx,
      contracts.disclosureWithdrawn,
      { disclosureId: disclosure.id, communityCode: disclosure.communityCode, category: disclosure.category, period: disclosure.period },
      { subject: disclosure.id },
    );
    await access.audit(tx, 'Disclosure', disclosure.id);
    return row!;
  });
}

export interface DisclosureFilter {
  /** Withdrawn disclosures are not public: the list and its count show them only within this caller's scope. */
  reader: Identity;
  within?: string | null;
  communityCode?: string;
  category?: Category | null;
  period?: string | null;
  status?: DisclosureRow['status'] | null;
}

export const listDisclosures = (db: Db, filter: DisclosureFilter, args: PageArgs) =>
  tablePage(
    db,
    disclosures,
    { time: disclosures.publishedAt, id: disclosures.id, direction: 'desc' },
    and(
      disclosureCondition(filter.reader, disclosures),
      withinFilter(disclosures.communityCode, filter.within),
      optionalEq(disclosures.communityCode, filter.communityCode),
      optionalEq(disclosures.category, filter.category),
      optionalEq(disclosures.period, filter.period == null ? null : parsePeriod(filter.period, 'period')),
      optionalEq(disclosures.status, filter.status),
    ),
    args,
  );

export interface Coverage {
  period: string;
  disclosed: Category[];
  missing: Category[];
}

/** For each (community, period) key: which of the five 务 have a published disclosure — one statement. */
export async function disclosureCoverage(db: Db, keys: readonly { code: string; period: string }[]): Promise<Coverage[]> {
  const rows = await db
    .selectDistinct({ code: disclosures.communityCode, period: disclosures.period, category: disclosures.category })
    .from(disclosures)
    .where(
      and(
        eq(disclosures.status, 'published'),
        inArray(disclosures.communityCode, [...new Set(keys.map((k) => k.code))]),
        inArray(disclosures.period, [...new Set(keys.map((k) => k.period))]),
      ),
    );
  return keys.map(({ code, period }) => {
    const disclosed = new Set(rows.filter((r) => r.code === code && r.period === period).map((r) => r.category));
    return {
      period,
      disclosed: DISCLOSURE_CATEGORIES.filter((c) => disclosed.has(c)),
      missing: DISCLOSURE_CATEGORIES.filter((c) => !disclosed.has(c)),
    };
  });
}
