import { organizations as contracts, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DomainError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { ConsumerSpec } from '../inbox/consumer.ts';
import type { AnyPgTx } from '../outbox/record-event.ts';

/**
 * A service's view of the social organizations, built from the organizations service's events:
 * enough to validate a reference and to group by community, never a read of its database.
 */
export const knownOrganizations = pgTable(
  'known_organizations',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    track: text('track').notNull(),
    // Lifecycle state as last announced: filed, recommended, registered, suspended, deregistered.
    state: text('state').notNull().default('filed'),
    communityCode: text('community_code').notNull(),
    streetCode: text('street_code').notNull(),
    districtCode: text('district_code').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Statistics and coverage ask for a community, a street or a district alike
  // (`code in (community_code, street_code, district_code)`): with an index on each column the
  // planner ORs three index scans instead of reading every organization of the city.
  (t) => [
    index('known_organizations_community_idx').on(t.communityCode),
    index('known_organizations_street_idx').on(t.streetCode),
    index('known_organizations_district_idx').on(t.districtCode),
  ],
);

export type KnownOrganization = typeof knownOrganizations.$inferSelect;

type OrganizationEvent =
  | CloudEvent<EventData<typeof contracts.organizationFiled>>
  | CloudEvent<EventData<typeof contracts.organizationRegistered>>;

type Track = 'filed' | 'registered';

function upsert(track: Track, state: (event: OrganizationLifecycleEvent) => string) {
  return async (tx: AnyPgTx, event: OrganizationEvent) => {
    const { organizationId, name, communityCode, streetCode, districtCode } = event.data;
    const values = { name, track, state: state(event), communityCode, streetCode, districtCode };
    await tx
      .insert(knownOrganizations)
      .values({ id: organizationId, ...values })
      .onConflictDoUpdate({ target: knownOrganizations.id, set: { ...values, updatedAt: new Date() } });
  };
}

function setState(state: (event: CloudEvent<{ organizationId: string } & Record<string, unknown>>) => string) {
  return async (tx: AnyPgTx, event: CloudEvent<{ organizationId: string } & Record<string, unknown>>) => {
    await tx
      .update(knownOrganizations)
      .set({ state: state(event), updatedAt: new Date() })
      .where(eq(knownOrganizations.id, event.data.organizationId));
  };
}

/** Any organizations event about one organization's lifecycle. */
export type OrganizationLifecycleEvent = CloudEvent<{ organizationId: string } & Record<string, unknown>>;

/**
 * Each organizations event that changes a lifecycle state, and the state it announces. The replica
 * below keeps the last one; a service that needs the states of a past date (party-building's
 * coverage over a period) keeps them all from the same list.
 */
export const ORGANIZATION_STATE_ANNOUNCEMENTS: readonly {
  contract: EventContract;
  state: (event: OrganizationLifecycleEvent) => string;
  /** Set on the events that carry the organization's facts (filing, registration): the track they put it on. */
  track?: Track;
}[] = [
  { contract: contracts.organizationFiled, state: () => 'filed', track: 'filed' },
  { contract: contracts.organizationRegistered, state: () => 'registered', track: 'registered' },
  { contract: contracts.organizationRecommended, state: () => 'recommended' },
  { contract: contracts.organizationSuspended, state: () => 'suspended' },
  { contract: contracts.organizationReinstated, state: (e) => String(e.data.state) },
  { contract: contracts.organizationDeregistered, state: () => 'deregistered' },
];

export const organizationReplicaConsumers: ConsumerSpec[] = ORGANIZATION_STATE_ANNOUNCEMENTS.map(({ contract, state, track }) => ({
  contract,
  // Filing and registration carry the organization's facts: the row is created (or refreshed) from them.
  handle: (track ? upsert(track, state) : setState(state)) as ConsumerSpec['handle'],
}));

/** The states a new link to an organization is refused in by default: it is not in operation. */
const OUT_OF_OPERATION = ['suspended', 'deregistered'];

/**
 * The organization a write refers to. New links (an employer, a grant, a joint branch) are refused
 * (RULE_VIOLATION, with the state) for a suspended or deregistered organization; a write with a
 * stricter rule names the states it accepts instead (party coverage: only organizations legally
 * in operation — filed, recommended, registered — so a state the replica learns later stays out).
 */
export async function requireOrganization(
  tx: AnyPgTx,
  id: string,
  field: string,
  options: { states?: readonly string[] } = {},
): Promise<KnownOrganization> {
  const row = isUuid(id)
    ? (await tx.select().from(knownOrganizations).where(eq(knownOrganizations.id, id)))[0]
    : undefined;
  if (!row) throw new DomainError('NOT_FOUND', `no social organization with id ${id} is known`, field);
  const accepted = options.states ? options.states.includes(row.state) : !OUT_OF_OPERATION.includes(row.state);
  if (!accepted) {
    throw new DomainError('RULE_VIOLATION', `organization ${id} is ${row.state}`, field, { state: row.state });
  }
  return row;
}
