import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DocumentNode } from 'graphql';
import { connectDatabase, type Database, type DatabaseHandle } from '../db/database.ts';
import { metricsRoute } from './metrics.ts';
import { refusingNulCharacters } from '../graphql/text-arguments.ts';
import type { ServiceEnvironment } from '../environment.ts';
import { DomainError, formatError } from '../errors.ts';
import { decodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Identity } from '../identity.ts';
import { planConsumers, type ConsumerSpec, type RunningConsumer, type TransactionalDb } from '../inbox/consumer.ts';
import { startPlannedConsumers } from '../inbox/planned-consumers.ts';
import { keepTrying } from './keep-trying.ts';
import { scheduleInboxPruning } from '../inbox/inbox-retention.ts';
import { createLogger, type Logger } from '../logger.ts';
import { connectNats, ensureStream, getJetStreamManager } from '../nats.ts';
import { readOutboxBacklog } from '../outbox/outbox-backlog.ts';
import { OutboxRelay } from '../outbox/relay.ts';
import type { AnyPgTx } from '../outbox/record-event.ts';
import { sendJson, startHttpServer, type Route, type RunningHttpServer } from './http-server.ts';
import { secretsMatch } from './secret.ts';

export interface RequestBase<TSchema extends Record<string, unknown>> {
  identity: Identity;
  db: Database<TSchema>;
  logger: Logger;
}

export interface SubgraphDefinition<TSchema extends Record<string, unknown>, TContext extends BaseContext> {
  name: string;
  dbSchema: TSchema;
  typeDefs: DocumentNode;
  // Codegen's resolver types are stricter than Apollo's map; each service passes its typed map.
  resolvers: unknown;
  /** Per-request context: DataLoaders are created here so they never outlive one request. */
  context: (base: RequestBase<TSchema>) => TContext;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  consumers?: ConsumerSpec<any, any>[];
  routes?: (service: { db: Database<TSchema> }) => Route[];
}

export interface RunningSubgraph<TSchema extends Record<string, unknown>> {
  name: string;
  port: number;
  url: string;
  database: DatabaseHandle<TSchema>;
  logger: Logger;
  /** Resolves once NATS is connected, the stream exists, the relay and consumers run. */
  eventsReady: Promise<void>;
  /** Publishes whatever is in the outbox now (tests use it instead of sleeping). */
  flushOutbox(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph: its pool, its GraphQL server behind the gateway secret, health and
 * readiness, and — in the background, so the service serves while NATS is away — its relay and
 * consumers.
 */
export async function startSubgraph<TSchema extends Record<string, unknown>, TContext extends BaseContext>(
  definition: SubgraphDefinition<TSchema, TContext>,
  env: ServiceEnvironment,
): Promise<RunningSubgraph<TSchema>> {
  const logger = createLogger(definition.name, env.log.LOG_LEVEL);
  // A consumer plan that cannot work is a mistake in the service, not a passing failure: refuse to
  // start rather than retry it for ever in the background (startPlannedConsumers plans again).
  planConsumers(definition.consumers ?? []);
  const database = connectDatabase(env.database.DATABASE_URL, definition.dbSchema, {
    max: env.database.DATABASE_POOL_MAX,
    applicationName: definition.name,
    prepare: env.database.DATABASE_PREPARE,
  });

  const apollo = new ApolloServer<TContext>({
    schema: refusingNulCharacters(buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<unknown> }])),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (stopOnSignals): Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    plugins: [
      // No Apollo Studio here: traces would only cost bytes on every response.
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints either: nothing here sets one, and the gateway's response cache keys on the
      // caller, not on hints. Installed by default, the plugin makes Apollo wrap every field
      // resolver of every request (willResolveField), which cost a few per cent of each subgraph's CPU.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors }) {
              for (const error of errors) {
                if (!(error.originalError instanceof DomainError) && error.extensions?.code === undefined) {
                  logger.error({ err: error.originalError ?? error, path: error.path }, 'resolver failed');
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // The inbox keeps a row per event applied; those the stream has forgotten are pruned.
  const inboxPruning = definition.consumers?.length
    ? scheduleInboxPruning({ sql: database.sql, retentionDays: env.nats.INBOX_RETENTION_DAYS, logger })
    : null;

  // --- events: connected lazily, never blocking the server -------------------------------
  let nc: NatsConnection | null = null;
  let natsConnected = false;
  let relay: OutboxRelay | null = null;
  const consumers: RunningConsumer[] = [];
  let eventsConnected = false;
  let wiringFailures = 0;
  let stopping = false;
  const natsWarning = setTimeout(() => {
    if (!natsConnected) {
      logger.warn(
        `NATS is not reachable at ${env.nats.NATS_URL}. The service keeps serving and holds its events in the outbox until it is. ` +
          'Install nats-server (Debian: apt-get install nats-server) and run `nats-server -js`, or set NATS_URL.',
      );
    }
  }, 3000);
  natsWarning.unref();

  const eventsReady = (async () => {
    const { NATS_USER: user, NATS_PASSWORD: pass } = env.nats;
    nc = await connectNats(env.nats.NATS_URL, definition.name, logger, user && pass ? { user, pass } : undefined);
    natsConnected = true;
    void (async () => {
      for await (const status of nc!.status()) {
        if (status.type === 'disconnect') natsConnected = false;
        if (status.type === 'reconnect') natsConnected = true;
      }
    })();
    const retrying = { logger, stopped: () => stopping, onFailure: () => (wiringFailures += 1) };
    const events = await keepTrying(
      'JetStream not available yet',
      async () => {
        const jsm = await getJetStreamManager(nc!);
        return { jsm, stream: await ensureStream(jsm, env.nats.EVENT_PREFIX) };
      },
      retrying,
    );
    if (!events) return;
    const { jsm, stream } = events;
    if (env.nats.RELAY_ENABLED) {
      relay = new OutboxRelay({
        sql: database.sql,
        js: jetstream(nc),
        prefix: env.nats.EVENT_PREFIX,
        logger,
        listen: env.nats.OUTBOX_LISTEN,
        pollIntervalMs: env.nats.OUTBOX_POLL_MS,
      });
      await relay.start();
    }
    // Inside the retry too: NATS restarting while the consumers are being looked up or created
    // must not leave the service serving without ever applying another event.
    const started = await keepTrying(
      'could not start the consumers',
      () =>
        startPlannedConsumers<AnyPgTx>({
          service: definition.name,
          nc: nc!,
          jsm,
          stream,
          prefix: env.nats.EVENT_PREFIX,
          db: database.db as unknown as TransactionalDb<AnyPgTx>,
          specs: definition.consumers ?? [],
          logger,
        }),
      retrying,
    );
    if (!started) return;
    if (stopping) {
      // stop() came while they were starting, and has stopped what was running then.
      await Promise.all(started.map((consumer) => consumer.stop()));
      return;
    }
    consumers.push(...started);
    eventsConnected = true;
    logger.info({ stream, consumers: consumers.map((c) => c.durable) }, 'events connected');
  })();
  eventsReady.catch((error) => logger.error({ err: error }, 'event wiring failed'));

  // --- HTTP ------------------------------------------------------------------------------
  const http: RunningHttpServer = await startHttpServer<TContext>(
    {
      apollo,
      logger,
      // Every path but health and readiness answers only the gateway: a guard runs before the
      // service's own routes (open data …) and before /graphql.
      routes: [
        (req, res) => {
          const secret = req.headers[SECRET_HEADER];
          if (secretsMatch(typeof secret === 'string' ? secret : undefined, env.server.SUBGRAPH_SECRET)) return false;
          sendJson(res, 401, { errors: [{ message: 'this subgraph answers only the gateway', extensions: { code: 'UNAUTHENTICATED' } }] });
          return true;
        },
        metricsRoute(definition.name, {
          statementCount: database.statementCount,
          events: () => ({ connected: eventsConnected, consumers, wiringFailures, relay: relay?.stats() ?? null }),
          outbox: () => readOutboxBacklog(database.sql),
        }),
        ...(definition.routes?.({ db: database.db }) ?? []),
      ],
      async context(req, res) {
        const secret = req.headers[SECRET_HEADER];
        if (!secretsMatch(typeof secret === 'string' ? secret : undefined, env.server.SUBGRAPH_SECRET)) {
          sendJson(res, 401, { errors: [{ message: 'this subgraph answers only the gateway', extensions: { code: 'UNAUTHENTICATED' } }] });
          return null;
        }
        const header = req.headers[IDENTITY_HEADER];
        const identity = decodeIdentity(typeof header === 'string' ? header : undefined, env.server.SUBGRAPH_SECRET);
        if (identity === null) {
          sendJson(res, 401, { errors: [{ message: 'the forwarded identity is not valid', extensions: { code: 'UNAUTHENTICATED' } }] });
          return null;
        }
        return definition.context({ identity, db: database.db, logger });
      },
      async readiness() {
        const database_ok = await Promise.race([
          database.ping().then(() => true, () => false),
          new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
        ]);
        return { database: database_ok, nats: natsConnected };
      },
    },
    { host: env.server.HOST, port: env.server.PORT },
  );
  logger.info({ port: http.port }, `${definition.name} subgraph listening`);

  return {
    name: definition.name,
    port: http.port,
    url: `http://${env.server.HOST}:${http.port}/graphql`,
    database,
    logger,
    eventsReady,
    async flushOutbox() {
      await eventsReady;
      return relay ? relay.drainOnce() : 0;
    },
    async stop() {
      stopping = true;
      clearTimeout(natsWarning);
      // Order matters: stop taking requests, finish those in flight, then stop consuming and
      // publishing, drain NATS, and close the pool last (the relay and consumers use it).
      await http.close(env.server.SHUTDOWN_GRACE_MS);
      logger.debug('http closed');
      await apollo.stop();
      logger.debug('apollo stopped');
      await Promise.all(consumers.map((c) => c.stop()));
      logger.debug('consumers stopped');
      await relay?.stop();
      logger.debug('relay stopped');
      await inboxPruning?.stop();
      const connection = nc as NatsConnection | null;
      if (connection && !connection.isClosed()) await connection.drain().catch(() => connection.close());
      logger.debug('nats drained');
      await database.close();
      logger.info('stopped');
    },
  };
}

/** SIGTERM/SIGINT: stop gracefully once, exit. A second signal exits at once. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

/** What every service's resolvers receive: the request base plus its own DataLoaders. */
export type ServiceContext<TSchema extends Record<string, unknown>, TLoaders> = RequestBase<TSchema> & { loaders: TLoaders };
