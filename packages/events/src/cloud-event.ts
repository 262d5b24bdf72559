import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventContract, EventData } from './contract.ts';

/** CloudEvents 1.0, structured JSON mode. */
export const cloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});

export interface CloudEvent<D = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  /** The entity the event is about (a region code, an organization id …), not the NATS subject. */
  subject: string;
  datacontenttype: 'application/json';
  data: D;
}

export class EventContractError extends Error {
  readonly eventType: string;
  readonly issues: z.core.$ZodIssue[];
  constructor(eventType: string, issues: z.core.$ZodIssue[]) {
    super(`event ${eventType} violates its contract: ${z.prettifyError(new z.ZodError(issues))}`);
    this.name = 'EventContractError';
    this.eventType = eventType;
    this.issues = issues;
  }
}

/** Builds the envelope for a contract, refusing data that does not match it (checked when sent). */
export function createCloudEvent<C extends EventContract>(
  contract: C,
  data: EventData<C>,
  meta: { subject: string; id?: string; time?: Date },
): CloudEvent<EventData<C>> {
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) throw new EventContractError(contract.type, parsed.error.issues);
  return {
    specversion: '1.0',
    id: meta.id ?? randomUUID(),
    source: `/sanshe/${contract.producer}`,
    type: contract.type,
    time: (meta.time ?? new Date()).toISOString(),
    subject: meta.subject,
    datacontenttype: 'application/json',
    data: parsed.data as EventData<C>,
  };
}

/** Reads an envelope off the wire for a contract (checked when received). */
export function parseCloudEvent<C extends EventContract>(contract: C, raw: unknown): CloudEvent<EventData<C>> {
  const envelope = cloudEventEnvelope.safeParse(raw);
  if (!envelope.success) throw new EventContractError(contract.type, envelope.error.issues);
  if (envelope.data.type !== contract.type) {
    throw new EventContractError(contract.type, [
      { code: 'custom', path: ['type'], message: `expected ${contract.type}, got ${envelope.data.type}`, input: envelope.data.type },
    ]);
  }
  const data = contract.schema.safeParse(envelope.data.data);
  if (!data.success) throw new EventContractError(contract.type, data.error.issues);
  return { ...(envelope.data as CloudEvent), data: data.data as EventData<C> };
}
