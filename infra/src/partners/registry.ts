// The partner registry (infra/partners/registry.json): which agencies subscribe, and to what.
// Everything partner-facing is derived from it: the nats-server accounts and permissions, the
// durable consumers and their subject filters, the credentials, the replay policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { allContracts, type EventContract } from '@sanshe/events';
import { REPO_ROOT } from '../local/paths.ts';

export const REGISTRY_PATH = join(REPO_ROOT, 'infra', 'partners', 'registry.json');

const partnerId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'lower-case words joined by single hyphens')
  .max(40);

export const partnerSchema = z.object({
  id: partnerId,
  name: z.string().min(1),
  kind: z.enum(['foundation', 'social-work-agency', 'bureau', 'other']),
  contact: z.string().min(1),
  /** `<contract name>.v<version>`: the event's subject without the deployment prefix. */
  events: z.array(z.string().regex(/^[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/)).min(1),
  delivery: z
    .object({
      /** Deliveries before the platform moves an unacknowledged event to the dead-letter stream. */
      maxDeliver: z.number().int().min(1).max(1000).default(10),
      /** Seconds the partner has to ack a delivery before it is redelivered. */
      ackWaitSeconds: z.number().int().min(1).max(3600).default(30),
      /** Deliveries in flight at once; 1 gives the stream's order strictly, at the cost of throughput. */
      maxAckPending: z.number().int().min(1).max(10_000).default(100),
      /** Where a new consumer starts: every retained event, or only new ones. */
      deliverFrom: z.enum(['all', 'new']).default('all'),
    })
    .prefault({}),
  replay: z
    .object({
      /** The partner may ask for a replay of its own consumer with its own credentials. */
      selfService: z.boolean().default(true),
      /** At most one self-service replay per this many seconds. */
      minIntervalSeconds: z.number().int().min(0).default(60),
    })
    .prefault({}),
});

export const registrySchema = z.object({
  $comment: z.string().optional(),
  partners: z.array(partnerSchema),
});

export type Partner = z.output<typeof partnerSchema>;
export type PartnerInput = z.input<typeof partnerSchema>;
export type Registry = z.output<typeof registrySchema>;

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** The contract each registry event names, found by subject (`<name>.v<version>`). */
export function contractFor(event: string): EventContract | undefined {
  return allContracts.find((c) => c.subject === event);
}

/** Parses and checks a registry: unique ids, every event a known contract, no duplicates. */
export function parseRegistry(raw: unknown): Registry {
  const parsed = registrySchema.safeParse(raw);
  if (!parsed.success) throw new RegistryError(`partner registry is invalid:\n${z.prettifyError(parsed.error)}`);
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const partner of parsed.data.partners) {
    if (ids.has(partner.id)) problems.push(`partner id ${partner.id} appears twice`);
    ids.add(partner.id);
    const seen = new Set<string>();
    for (const event of partner.events) {
      if (seen.has(event)) problems.push(`${partner.id}: ${event} is listed twice`);
      seen.add(event);
      if (!contractFor(event)) problems.push(`${partner.id}: no event contract ${event} (see packages/events)`);
    }
  }
  if (problems.length > 0) throw new RegistryError(`partner registry is invalid:\n- ${problems.join('\n- ')}`);
  return parsed.data;
}

export function loadRegistry(path = REGISTRY_PATH): Registry {
  return parseRegistry(JSON.parse(readFileSync(path, 'utf8')));
}

// ---- names derived from a partner id ---------------------------------------------------------

/** The partner's one durable consumer on the events stream. */
export function partnerDurable(id: string): string {
  return `partner-${id}`;
}

/** The nats-server account the partner's users live in (it holds no JetStream of its own). */
export function partnerAccount(id: string): string {
  return `PARTNER_${id.toUpperCase().replace(/-/g, '_')}`;
}

/** Subjects (with the deployment prefix) the partner's consumer is filtered to. */
export function partnerSubjects(partner: Pick<Partner, 'events'>, prefix: string): string[] {
  return partner.events.map((event) => `${prefix}.${event}`);
}

/** Where a partner asks the platform for a replay of its consumer (request/reply). */
export function replaySubject(prefix: string, id: string): string {
  return `${prefix}-partners.${id}.replay`;
}

/**
 * The prefix under which a partner account sees the JetStream API of its consumer. Imports map
 * `$JS.API.CONSUMER.{INFO,MSG.NEXT}.<stream>.<durable>` of the EVENTS account to
 * `<apiPrefix>.CONSUMER.…` in the partner's account (its own `$JS.API` answers "JetStream not
 * enabled"); the SDK passes it as `apiPrefix`.
 */
export const PARTNER_API_PREFIX = 'JS.EVENTS.API';

/** The durable's name ⇒ the partner, for advisories that name a consumer. */
export function partnerByDurable(registry: Registry, durable: string): Partner | undefined {
  return registry.partners.find((p) => partnerDurable(p.id) === durable);
}
