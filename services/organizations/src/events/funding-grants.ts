import { funding, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import type { ConsumerSpec } from '@sanshe/service-kit';
import type { OrgTx } from '../domain/organization-refs.ts';
import { addProjectPayment, recordProjectEvaluation, setProjectStatus, startProject } from '../domain/project-store.ts';

/**
 * Funding's grant events, which start an organization's project and keep its status true. All
 * arrive through the one durable consumer of funding's events (service-kit starts one per
 * producer), in funding's commit order — an award before its suspension, a suspension before its
 * resumption — and each in the inbox's transaction, so a redelivered event is applied once.
 */
function on<C extends EventContract>(contract: C, handle: (tx: OrgTx, event: CloudEvent<EventData<C>>) => Promise<unknown>): ConsumerSpec {
  return { contract, handle: handle as unknown as ConsumerSpec['handle'] };
}

export const fundingConsumers: ConsumerSpec[] = [
  on(funding.grantAwarded, (tx, e) => startProject(tx, e.data, { eventId: e.id, time: new Date(e.time) })),
  on(funding.grantSuspended, (tx, e) => setProjectStatus(tx, e.data.grantId, 'suspended', new Date(e.time))),
  on(funding.grantResumed, (tx, e) => setProjectStatus(tx, e.data.grantId, 'active', new Date(e.time))),
  on(funding.grantCompleted, (tx, e) => setProjectStatus(tx, e.data.grantId, 'completed', new Date(e.time))),
  on(funding.grantTerminated, (tx, e) => setProjectStatus(tx, e.data.grantId, 'terminated', new Date(e.time))),
  on(funding.grantEvaluated, (tx, e) => recordProjectEvaluation(tx, e.data.grantId, e.data.rating)),
  on(funding.tranchePaid, (tx, e) => addProjectPayment(tx, e.data.grantId, e.data.amountFen)),
  on(funding.grantRefunded, (tx, e) => addProjectPayment(tx, e.data.grantId, -e.data.amountFen)),
];
