// Creates what partners consume from, as the admin user of the EVENTS account:
//   - the events stream (the same definition the services use: service-kit ensureStream),
//   - the dead-letter stream,
//   - the advisory stream that keeps JetStream's MAX_DELIVERIES / MSG_TERMINATED advisories of
//     the events stream, so the control plane moves every given-up partner delivery to the dead
//     letters even if it was down when it happened,
//   - one durable pull consumer per partner, filtered to exactly its registry events.
// Re-running it converges: missing consumers are created, changed filters and limits updated,
// consumers of partners no longer in the registry reported (and deleted with `prune`).
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { ensureDeadLetterStream, ensureStream } from '@sanshe/service-kit';
import { partnerDurable, partnerSubjects, type Partner, type Registry } from './registry.ts';

export interface AdminConnection {
  nc: NatsConnection;
  jsm: JetStreamManager;
  js: JetStreamClient;
  close(): Promise<void>;
}

/** Connects as the admin user (or anonymously, e.g. to a development server without auth). */
export async function connectAdmin(url: string, credentials?: { user: string; pass: string }, name = 'sanshe-partners-admin'): Promise<AdminConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    ...(credentials ?? {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  return { nc, jsm, js: jetstream(nc, { timeout: 10_000 }), close: () => nc.drain().catch(() => nc.close()) };
}

export function advisoryStreamName(prefix: string): string {
  return `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PARTNER_ADVISORIES`;
}

export function advisorySubjects(stream: string): string[] {
  return [`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.*`, `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${stream}.*`];
}

export async function ensureAdvisoryStream(jsm: JetStreamManager, prefix: string, stream: string): Promise<string> {
  const name = advisoryStreamName(prefix);
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({
      name,
      subjects: advisorySubjects(stream),
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * 24 * 3600 * 1000),
      num_replicas: 1,
    });
  }
  return name;
}

/** The consumer a partner pulls from. Only the delivery settings here change on re-provisioning. */
export function partnerConsumerConfig(partner: Partner, prefix: string): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: partnerDurable(partner.id),
    description: `${partner.name} (${partner.kind}): ${partner.events.join(', ')}`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: partner.delivery.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    filter_subjects: partnerSubjects(partner, prefix),
    ack_wait: nanos(partner.delivery.ackWaitSeconds * 1000),
    max_deliver: partner.delivery.maxDeliver,
    max_ack_pending: partner.delivery.maxAckPending,
    metadata: { partner: partner.id },
  };
}

const sameSubjects = (a: string[] | undefined, b: string[] | undefined) => [...(a ?? [])].sort().join('\n') === [...(b ?? [])].sort().join('\n');

function drift(info: ConsumerInfo, wanted: ReturnType<typeof partnerConsumerConfig>): string[] {
  const have = info.config;
  const changes: string[] = [];
  const haveSubjects = have.filter_subjects ?? (have.filter_subject ? [have.filter_subject] : []);
  if (!sameSubjects(haveSubjects, wanted.filter_subjects)) changes.push('filter_subjects');
  if (have.ack_wait !== wanted.ack_wait) changes.push('ack_wait');
  if (have.max_deliver !== wanted.max_deliver) changes.push('max_deliver');
  if (have.max_ack_pending !== wanted.max_ack_pending) changes.push('max_ack_pending');
  if ((have.description ?? '') !== wanted.description) changes.push('description');
  return changes;
}

export interface ProvisionReport {
  stream: string;
  created: string[];
  updated: { durable: string; changed: string[] }[];
  unchanged: string[];
  orphans: string[];
  pruned: string[];
}

export async function provisionPartners(
  jsm: JetStreamManager,
  registry: Registry,
  options: { prefix: string; prune?: boolean },
): Promise<ProvisionReport> {
  const stream = await ensureStream(jsm, options.prefix);
  await ensureDeadLetterStream(jsm, options.prefix);
  await ensureAdvisoryStream(jsm, options.prefix, stream);
  const report: ProvisionReport = { stream, created: [], updated: [], unchanged: [], orphans: [], pruned: [] };
  for (const partner of registry.partners) {
    const wanted = partnerConsumerConfig(partner, options.prefix);
    let info: ConsumerInfo | null = null;
    try {
      info = await jsm.consumers.info(stream, wanted.durable_name);
    } catch {
      info = null;
    }
    if (!info) {
      await jsm.consumers.add(stream, wanted);
      report.created.push(wanted.durable_name);
      continue;
    }
    const changed = drift(info, wanted);
    if (changed.length === 0) {
      report.unchanged.push(wanted.durable_name);
      continue;
    }
    const { durable_name: _name, deliver_policy: _policy, ...updatable } = wanted;
    await jsm.consumers.update(stream, wanted.durable_name, updatable);
    report.updated.push({ durable: wanted.durable_name, changed });
  }
  const known = new Set(registry.partners.map((p) => partnerDurable(p.id)));
  for await (const consumer of jsm.consumers.list(stream)) {
    if (consumer.name.startsWith('partner-') && !known.has(consumer.name)) report.orphans.push(consumer.name);
  }
  if (options.prune) {
    for (const orphan of report.orphans) {
      await jsm.consumers.delete(stream, orphan);
      report.pruned.push(orphan);
    }
  }
  return report;
}

export interface PartnerStatus {
  partner: string;
  durable: string;
  exists: boolean;
  pending: number;
  ackPending: number;
  redelivered: number;
  delivered: number;
  ackFloor: number;
  lastActive: string | null;
}

export async function partnerStatus(jsm: JetStreamManager, registry: Registry, prefix: string): Promise<PartnerStatus[]> {
  const stream = await ensureStream(jsm, prefix);
  const out: PartnerStatus[] = [];
  for (const partner of registry.partners) {
    const durable = partnerDurable(partner.id);
    const info = await jsm.consumers.info(stream, durable).catch(() => null);
    out.push({
      partner: partner.id,
      durable,
      exists: info !== null,
      pending: info?.num_pending ?? 0,
      ackPending: info?.num_ack_pending ?? 0,
      redelivered: info?.num_redelivered ?? 0,
      delivered: info?.delivered.stream_seq ?? 0,
      ackFloor: info?.ack_floor.stream_seq ?? 0,
      lastActive: info?.ack_floor.last_active ? String(info.ack_floor.last_active) : null,
    });
  }
  return out;
}
