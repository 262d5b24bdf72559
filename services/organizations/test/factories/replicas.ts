/**
 * Helpers for tests of services that learn regions and organizations from events: wait for the
 * replicas, publish hand-made CloudEvents onto a test bus, and wait for a consumer to catch up.
 */
import { randomUUID } from 'node:crypto';
import { eventually, type AnySubgraph, type TestBus } from '@sanshe/testing';
import { durableName, getJetStreamManager } from '@sanshe/service-kit';
import type { CloudEvent, EventContract } from '@sanshe/events';

/** The Qingshan sample's communities (services/self-governance/test/factories/regions.ts). */
export const SAMPLE_COMMUNITIES = ['150204001001', '150204001002', '150204002001'] as const;

/** Waits until the service's `known_regions` replica has every one of `codes`. */
export async function waitForKnownRegions(service: AnySubgraph, codes: readonly string[] = SAMPLE_COMMUNITIES): Promise<void> {
  await eventually(async () => {
    const rows = await service.database.sql`select code from known_regions where code = any(${[...codes]})`;
    return rows.length === codes.length;
  });
}

/** Waits until the service's `known_organizations` replica has every one of `ids`. */
export async function waitForKnownOrganizations(service: AnySubgraph, ids: readonly string[]): Promise<void> {
  await eventually(async () => {
    const rows = await service.database.sql`select id from known_organizations where id = any(${[...ids]}::uuid[])`;
    return rows.length === ids.length;
  });
}

/**
 * Publishes an event envelope straight onto the bus, as a producer's relay would. `msgId` is
 * the Nats-Msg-Id: a fresh one makes JetStream store the message even if the event id repeats.
 */
export async function publishRaw(bus: TestBus, contract: EventContract, event: CloudEvent, msgId: string = randomUUID()) {
  const jsm = await getJetStreamManager(await bus.connection());
  return jsm.jetstream().publish(`${bus.prefix}.${contract.subject}`, JSON.stringify(event), { msgID: msgId });
}

/**
 * Waits until the service's durable consumer for `contract` acknowledged everything up to
 * `streamSeq` (the producer's ordered consumer unless `durable` names another).
 */
export async function waitForConsumer(
  bus: TestBus,
  service: string,
  contract: EventContract,
  streamSeq: number,
  durable: string = durableName(service, contract),
): Promise<void> {
  const jsm = await getJetStreamManager(await bus.connection());
  await eventually(async () => {
    const info = await jsm.consumers.info(bus.stream, durable);
    return info.ack_floor.stream_seq >= streamSeq && info.num_ack_pending === 0 && info.num_pending === 0;
  });
}

export async function countRows(service: AnySubgraph, table: string): Promise<number> {
  const [row] = await service.database.sql.unsafe(`select count(*)::int as n from ${table}`);
  return row!.n as number;
}

/** Rows of the outbox with the given CloudEvents type. */
export async function countOutbox(service: AnySubgraph, type: string): Promise<number> {
  const [row] = await service.database.sql`select count(*)::int as n from outbox where type = ${type}`;
  return row!.n as number;
}
