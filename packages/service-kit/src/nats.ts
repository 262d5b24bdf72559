import { jetstreamManager, StorageType, RetentionPolicy, DiscardPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from './logger.ts';

export function streamNameFor(prefix: string): string {
  return `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_EVENTS`;
}

/** The platform's NATS user; without one the connection is anonymous. */
export interface NatsCredentials {
  user: string;
  pass: string;
}

/**
 * Connects without failing when NATS is absent: services keep serving and their events wait in
 * the outbox until NATS appears (reconnects forever).
 */
export async function connectNats(url: string, name: string, logger: Logger, credentials?: NatsCredentials): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    ...(credentials ? { user: credentials.user, pass: credentials.pass } : {}),
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') logger.warn({ nats: status.type }, 'nats connection status');
    }
  })();
  return nc;
}

/** How long the stream keeps an event: a consumer further behind than this loses it. */
export const STREAM_MAX_AGE_DAYS = 30;

/**
 * The one event stream of a deployment. File storage, and a two-minute duplicate window so a
 * relay that republishes after a crash (same Nats-Msg-Id) does not store an event twice.
 */
export async function ensureStream(jsm: JetStreamManager, prefix: string): Promise<string> {
  const name = streamNameFor(prefix);
  const config = {
    name,
    subjects: [`${prefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(STREAM_MAX_AGE_DAYS * 24 * 3600 * 1000),
    duplicate_window: nanos(120_000),
    num_replicas: 1,
  };
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another service created it between our info and add.
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    }
  }
  return name;
}

export async function getJetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, { timeout: 5000 });
}
