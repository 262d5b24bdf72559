import { selfGovernance, type CloudEvent, type EventData } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';
import { DomainError } from '../errors.ts';
import type { ConsumerSpec } from '../inbox/consumer.ts';
import type { AnyPgTx } from '../outbox/record-event.ts';

/**
 * Each service's own copy of the region tree, built from self-governance's events. Services
 * validate community codes and group by street or district against it — never by reading the
 * self-governance database.
 */
export const knownRegions = pgTable(
  'known_regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    districtCode: text('district_code').notNull(),
    streetCode: text('street_code'),
    population: integer('population'),
    households: integer('households'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('known_regions_street_idx').on(t.streetCode), index('known_regions_district_idx').on(t.districtCode)],
);

export type KnownRegion = typeof knownRegions.$inferSelect;

async function applyRegionRegistered(tx: AnyPgTx, event: CloudEvent<EventData<typeof selfGovernance.regionRegistered>>) {
  const { code, ...rest } = event.data;
  await tx
    .insert(knownRegions)
    .values({ code, ...rest })
    .onConflictDoUpdate({ target: knownRegions.code, set: { ...rest, updatedAt: new Date() } });
}

async function applyRegionRenamed(tx: AnyPgTx, event: CloudEvent<EventData<typeof selfGovernance.regionRenamed>>) {
  await tx.update(knownRegions).set({ name: event.data.name, updatedAt: new Date() }).where(eq(knownRegions.code, event.data.code));
}

/** Consumers every non-owning service registers to keep `known_regions` current. */
export const regionReplicaConsumers: ConsumerSpec[] = [
  { contract: selfGovernance.regionRegistered, handle: applyRegionRegistered as ConsumerSpec['handle'] },
  { contract: selfGovernance.regionRenamed, handle: applyRegionRenamed as ConsumerSpec['handle'] },
];

/** The community a write refers to, or UNKNOWN_COMMUNITY naming the input field. */
export async function requireCommunity(tx: AnyPgTx, code: string, field: string): Promise<KnownRegion> {
  const [row] = await tx.select().from(knownRegions).where(eq(knownRegions.code, code));
  if (!row || (row.level !== 'community' && row.level !== 'village')) {
    throw new DomainError('UNKNOWN_COMMUNITY', `no community or village with code ${code} is known`, field);
  }
  return row;
}
