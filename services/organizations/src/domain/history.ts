import type { CloudEvent } from '@sanshe/events';
import { organizationTransitions, type OrganizationState } from '../db/schema.ts';
import type { OrgTx } from './organization-refs.ts';

export type HistoryAction = 'prepare' | 'file' | 'register' | 'recommend' | 'inspect' | 'grade' | 'suspend' | 'reinstate' | 'deregister';

/** Writes one step of an organization's history with the event it recorded, in the same transaction. */
export async function recordHistory(
  tx: OrgTx,
  step: { organizationId: string; action: HistoryAction; from: OrganizationState | null; to: OrganizationState; reason?: string | null; event: CloudEvent },
): Promise<void> {
  await tx.insert(organizationTransitions).values({
    organizationId: step.organizationId,
    action: step.action,
    fromState: step.from,
    toState: step.to,
    reason: step.reason ?? null,
    eventId: step.event.id,
  });
}
