import { organizations, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { organizationReplicaConsumers, type ConsumerSpec } from '@sanshe/service-kit';
import type { Tx } from '../context.ts';
import { organizationGrades } from '../db/replica-tables.ts';
import { resumeOrganizationGrants, suspendOrganizationGrants } from '../domain/grant-suspension.ts';

/**
 * Organization lifecycle events. The consumer dispatches one handler per subject, and the shared
 * known_organizations replica already handles suspended, reinstated and deregistered: funding's
 * handlers for those subjects run the replica's handler first, then their own, in the same
 * transaction. Grades are funding's own table (the shared replica does not keep them).
 */
type OrgEvent = CloudEvent<{ organizationId: string } & Record<string, unknown>>;

function sharedHandler(contract: EventContract): ConsumerSpec['handle'] {
  const spec = organizationReplicaConsumers.find((s) => s.contract.subject === contract.subject);
  if (!spec) throw new Error(`the shared organization replica has no handler for ${contract.name}`);
  return spec.handle;
}

function composed(contract: EventContract, own: (tx: Tx, event: OrgEvent) => Promise<unknown>): ConsumerSpec {
  const shared = sharedHandler(contract);
  return {
    contract,
    handle: async (tx, event) => {
      await shared(tx, event);
      await own(tx as unknown as Tx, event as OrgEvent);
    },
  };
}

async function applyGraded(tx: Tx, event: CloudEvent<EventData<typeof organizations.organizationGraded>>): Promise<void> {
  const { organizationId, grade, score, validUntil } = event.data;
  const values = { grade, score, validUntil, gradedAt: new Date(event.time) };
  await tx.insert(organizationGrades).values({ organizationId, ...values }).onConflictDoUpdate({ target: organizationGrades.organizationId, set: values });
}

const composedSubjects = new Set([organizations.organizationSuspended, organizations.organizationReinstated, organizations.organizationDeregistered].map((c) => c.subject));

/** The shared replica's specs, with the lifecycle subjects funding acts on replaced by composed ones. */
export const organizationConsumers: ConsumerSpec[] = [
  ...organizationReplicaConsumers.filter((s) => !composedSubjects.has(s.contract.subject)),
  composed(organizations.organizationSuspended, (tx, e) => suspendOrganizationGrants(tx, e.data.organizationId, 'organization_suspended')),
  composed(organizations.organizationDeregistered, (tx, e) => suspendOrganizationGrants(tx, e.data.organizationId, 'organization_deregistered')),
  composed(organizations.organizationReinstated, (tx, e) => resumeOrganizationGrants(tx, e.data.organizationId)),
  { contract: organizations.organizationGraded, handle: applyGraded as unknown as ConsumerSpec['handle'] },
];
