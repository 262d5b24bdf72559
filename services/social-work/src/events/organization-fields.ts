import { organizations, type CloudEvent, type EventData } from '@sanshe/events';
import { organizationReplicaConsumers, type AnyPgTx, type ConsumerSpec } from '@sanshe/service-kit';
import { organizationServiceFields } from '../db/schema.ts';

type OrganizationFacts = CloudEvent<EventData<typeof organizations.organizationFiled> | EventData<typeof organizations.organizationRegistered>>;

/** Keeps the organization's service fields, which the shared `known_organizations` replica does not. */
export async function storeServiceFields(tx: AnyPgTx, event: OrganizationFacts): Promise<void> {
  const { organizationId, serviceFields } = event.data;
  await tx
    .insert(organizationServiceFields)
    .values({ organizationId, serviceFields })
    .onConflictDoUpdate({ target: organizationServiceFields.organizationId, set: { serviceFields, updatedAt: new Date() } });
}

const WITH_FIELDS = new Set<string>([organizations.organizationFiled.subject, organizations.organizationRegistered.subject]);

/**
 * The shared organization replica, with this service's own step composed into the filed and
 * registered handlers: the consumer dispatches one spec per subject, so the two steps run as one
 * handler, in the event's one inbox transaction.
 */
export const organizationConsumers: ConsumerSpec[] = organizationReplicaConsumers.map((spec) =>
  WITH_FIELDS.has(spec.contract.subject)
    ? {
        contract: spec.contract,
        handle: async (tx, event) => {
          await spec.handle(tx, event);
          await storeServiceFields(tx, event as OrganizationFacts);
        },
      }
    : spec,
);
