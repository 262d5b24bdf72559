/**
 * The platform the benchmark and the generator run against: the project's own stack code
 * (infra/src/stack/platform.ts, as `pnpm start`), on databases of its own (`bench_<service>`),
 * its own event prefix (`bench`, stream BENCH_EVENTS) and its own ports, so it never touches the
 * development data of `pnpm start` or the tests, and can run beside them.
 */
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEMO_USERS, startDevIssuer, type DevIssuer } from '@sanshe/auth';
import { streamNameFor } from '@sanshe/service-kit';
import postgres from 'postgres';
import { ensureNats, ensurePostgres, LOCAL_STATE_DIR, spawnNats, type NatsTarget, type PostgresTarget } from '../../src/local/index.ts';
import { ensureNatsServer } from '../../src/partners/nats-binary.ts';
import { formatBehind, type ConsumerBehind } from './consumers-behind.ts';
import { SERVICES, SERVICE_DATABASE, serviceEnvKey, type ServiceName } from '../../src/services.ts';
import { startPlatform, type RunningPlatform } from '../../src/stack/platform.ts';

export const BENCH_DIR = join(LOCAL_STATE_DIR, 'bench');
export const BENCH_EVENT_PREFIX = 'bench';
export const BENCH_GATEWAY_PORT = 4700;
export const BENCH_HIVE_PORT = 4710;
export const BENCH_SERVICE_PORTS: Record<ServiceName, number> = {
  'self-governance': 4701,
  organizations: 4702,
  'party-building': 4703,
  'social-work': 4704,
  funding: 4705,
};

export const benchDatabase = (service: ServiceName) => `bench_${SERVICE_DATABASE[service]}`;
export const BENCH_DATABASES = SERVICES.map(benchDatabase);

/**
 * Waits until every service has published its outbox and every consumer of the bench stream has
 * caught up: after a load, hundreds of thousands of events are still being relayed and applied,
 * and a benchmark started then would measure that work too.
 */
/** One short-lived connection for `work`, closed whatever happens. */
export async function withDatabase<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * VACUUM (ANALYZE) every bench database once the events have settled: the state autovacuum
 * leaves a settled database in, reached now rather than at a moment that falls inside a
 * measurement. Without it the first scenarios read tables the backlog just rewrote — index-only
 * scans that visit the heap for every row, plans from statistics taken before the load.
 */
export async function vacuumBenchDatabases(urlFor: (database: string) => string, log: (line: string) => void): Promise<void> {
  for (const db of BENCH_DATABASES) {
    const started = Date.now();
    await withDatabase(urlFor(db), (sql) => sql.unsafe('vacuum (analyze)'));
    log(`vacuumed and analyzed ${db} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // The vacuum dirtied most of the tables' pages. Left alone, the checkpointer writes them out
  // over the next minutes (spread over checkpoint_completion_target of checkpoint_timeout), under
  // the first scenarios measured; a checkpoint writes them now. (It was added for 1 ms a request
  // of "other" PostgreSQL CPU in the first scenario, which turned out to be the pools' new
  // connections, uncounted as backends; it stays because the writes it moves are real.)
  const started = Date.now();
  try {
    await withDatabase(urlFor(BENCH_DATABASES[0]!), (sql) => sql.unsafe('checkpoint'));
    log(`checkpoint in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // Only superusers and pg_checkpoint members may; the run goes on, and the first scenario may show it.
    log(`no checkpoint (${(error as Error).message}): the first scenario may share the machine with the checkpointer`);
  }
}

/**
 * Waits until every outbox row is published and every consumer of the bench stream has applied
 * what it was sent. True when that happened; false when it stopped making progress for 90 s or
 * the time ran out (the caller goes on, and the warning says what was behind).
 */
export async function waitForEventsSettled(urlFor: (database: string) => string, natsUrl: string, log: (line: string) => void, timeoutMs = 30 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const nc = await connect({ servers: natsUrl, name: 'sanshe-bench-settle' });
  try {
    const jsm = await jetstreamManager(nc);
    let best = Number.POSITIVE_INFINITY;
    let progressAt = Date.now();
    for (let round = 0; ; round += 1) {
      let unpublished = 0;
      for (const db of BENCH_DATABASES) {
        const [row] = await withDatabase(urlFor(db), (sql) => sql<{ n: string }[]>`select count(*)::text as n from outbox where published_at is null`);
        unpublished += Number(row?.n ?? 0);
      }
      let pending = 0;
      const behind: ConsumerBehind[] = [];
      for await (const consumer of jsm.consumers.list(streamNameFor(BENCH_EVENT_PREFIX))) {
        const n = consumer.num_pending + consumer.num_ack_pending;
        pending += n;
        if (n > 0) behind.push({ consumer: consumer.name, pending: n });
      }
      if (unpublished === 0 && pending === 0) return true;
      if (unpublished + pending < best) {
        best = unpublished + pending;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > 90_000) {
        log(`WARNING: events stopped settling (${unpublished} unpublished; behind: ${formatBehind(behind)}); going on anyway`);
        return false;
      }
      if (Date.now() > deadline) {
        log(`WARNING: events still settling (${unpublished} unpublished, ${pending} pending); going on anyway`);
        return false;
      }
      if (round % 6 === 0) {
        log(`waiting for events to settle: ${unpublished} unpublished, ${pending} pending in consumers${behind.length > 0 ? ` (${formatBehind(behind)})` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 5_000));
    }
  } finally {
    await nc.close();
  }
}

export interface BenchStack {
  pg: PostgresTarget;
  nats: NatsTarget;
  issuer: DevIssuer;
  platform: RunningPlatform;
  /** postgres://… of the server's `postgres` database, for pg_stat_database and DROP DATABASE. */
  adminUrl: string;
  /** What any gateway in front of these subgraphs needs: <KEY>_URL, <KEY>_SECRET, AUTH_*. */
  gatewayEnv: Record<string, string>;
  /** A district-office token for every district in `scope`. */
  districtToken(scope: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  log: (line: string) => void;
  /** Drop the bench databases and the bench event stream first. */
  fresh?: boolean;
  gatewayWorkers?: number;
  /** Extra variables for the gateway the stack starts (the generator's long timeout …). */
  gatewayEnv?: Record<string, string>;
  /** CPU profiles of the subgraphs and the stack's gateway (infra/src/stack/platform.ts). */
  profileDir?: string;
}

/**
 * NATS_URL when it is set; otherwise a nats-server of the pinned 2.10+ release (built once into
 * .local/bin, as for the partners' server) spawned for the bench with its store under
 * .local/bench/nats, so the generated events are there for the next run. Not the machine's own
 * server: Debian's 2.9 cannot filter a consumer to several subjects, and then every follower of a
 * producer is delivered (and acknowledges, one round trip each) every event it ignores — work a
 * deployment on a current NATS does not do. Spawned, its process is also measured on its own.
 */
async function benchNats(log: (line: string) => void): Promise<NatsTarget> {
  if (process.env.NATS_URL?.trim()) return ensureNats({ log });
  const binary = await ensureNatsServer(log);
  log(`nats-server ${binary.version} (${binary.source}) for the bench`);
  return spawnNats(binary.path, join(BENCH_DIR, 'nats'), log);
}

async function dropBenchData(adminUrl: string, natsUrl: string, log: (line: string) => void): Promise<void> {
  await withDatabase(adminUrl, async (sql) => {
    for (const db of BENCH_DATABASES) await sql.unsafe(`drop database if exists "${db}" with (force)`);
  });
  const nc = await connect({ servers: natsUrl, name: 'sanshe-bench' });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamNameFor(BENCH_EVENT_PREFIX)).catch(() => false);
  } finally {
    await nc.close();
  }
  log(`dropped ${BENCH_DATABASES.join(', ')} and stream ${streamNameFor(BENCH_EVENT_PREFIX)}`);
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const { log } = options;
  const pg = await ensurePostgres({ log });
  if (pg.mode === 'embedded') log('WARNING: embedded PGlite: figures will not be comparable to a PostgreSQL server');
  const nats = await benchNats(log);
  if (nats.mode === 'absent') throw new Error('the benchmark needs NATS JetStream (events carry regions and organizations between services)');
  const adminUrl = pg.urlFor('postgres');
  if (options.fresh) await dropBenchData(adminUrl, nats.url, log);

  const databaseUrls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) databaseUrls[service] = await pg.ensureDatabase(benchDatabase(service));
  // Port 0: beside a `pnpm start` (whose issuer has 4100) without meeting it.
  const issuer = await startDevIssuer({ keyPath: join(BENCH_DIR, 'auth', 'dev-key.json'), port: 0 });
  const authEnv = { AUTH_JWKS_URL: issuer.jwksUrl, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience };

  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      databaseUrls,
      natsUrl: nats.url,
      eventPrefix: BENCH_EVENT_PREFIX,
      gatewayPort: BENCH_GATEWAY_PORT,
      servicePorts: BENCH_SERVICE_PORTS,
      poolMax: pg.maxConnections,
      outboxListen: pg.supportsListen,
      gatewayWorkers: options.gatewayWorkers,
      logLevel: 'warn',
      logDir: join(BENCH_DIR, 'logs'),
      waitForReady: true,
      profileDir: options.profileDir,
      // As a deployment runs them, and as both gateways under test run: graphql-js and Apollo
      // Server drop their development-time checks (graphql's cross-realm instanceOf on every type test).
      serviceEnv: { NODE_ENV: 'production' },
      gatewayEnv: { ...authEnv, ...options.gatewayEnv },
    });
  } catch (error) {
    await issuer.stop();
    throw error;
  }

  const gatewayEnv: Record<string, string> = { ...authEnv };
  for (const service of SERVICES) {
    gatewayEnv[`${serviceEnvKey(service)}_URL`] = platform.serviceUrls[service];
    gatewayEnv[`${serviceEnvKey(service)}_SECRET`] = platform.secrets[service];
  }

  // The stack's services, gateway and nats-server are processes of their own: a SIGTERM or SIGINT
  // to the runner alone (kill, a CI timeout) would leave them running with the ports taken, so the
  // runner stops them before it exits.
  let stopping: Promise<void> | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the bench stack`);
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const stop = () =>
    (stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await platform.stop();
      await issuer.stop();
      await nats.stop();
      await pg.stop();
    })());
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  return {
    pg,
    nats,
    issuer,
    platform,
    adminUrl,
    gatewayEnv,
    districtToken(scope) {
      const { subject } = DEMO_USERS.district_office!;
      return issuer.mint(`${subject}-bench`, { roles: ['district_office'], scope_codes: scope }, { expiresIn: '24h' });
    },
    stop,
  };
}
