import { EventContractError, cloudEventEnvelope, parseCloudEvent, type CloudEvent, type EventData } from '@sanshe/events';
import { catalog } from './catalog.generated.ts';

/** Every CloudEvents `type` this SDK knows: `cn.sanshe.<producer>.<aggregate>.<action>.v<N>`. */
export type EventType = keyof typeof catalog;

/**
 * One event, typed by its CloudEvents `type`: `switch (event.type)` narrows `event.data`.
 *
 *   case 'cn.sanshe.funding.grant.awarded.v1': event.data.amountFen  // number (fen)
 */
export type PartnerEvent = { [T in EventType]: CloudEvent<EventData<(typeof catalog)[T]>> & { type: T } }[EventType];

/** The event of one type. */
export type EventOfType<T extends EventType> = Extract<PartnerEvent, { type: T }>;

export const eventTypes = Object.keys(catalog) as EventType[];

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** A type this version of the SDK does not know (a newer contract): upgrade the SDK. */
export class UnknownEventTypeError extends Error {
  override name = 'UnknownEventTypeError';
  readonly eventType: string;
  constructor(type: string) {
    super(`unknown event type ${type}: this version of @sanshe/partner-sdk does not know it (upgrade the SDK)`);
    this.eventType = type;
  }
}

/**
 * Checks a received CloudEvent (structured JSON) against the envelope and its contract's schema.
 * Throws EventContractError or UnknownEventTypeError.
 */
export function parsePartnerEvent(raw: unknown): PartnerEvent {
  const envelope = cloudEventEnvelope.safeParse(raw);
  if (!envelope.success) throw new EventContractError('cloudevent', envelope.error.issues);
  const type = envelope.data.type;
  if (!isKnownEventType(type)) throw new UnknownEventTypeError(type);
  return parseCloudEvent(catalog[type], raw) as PartnerEvent;
}
