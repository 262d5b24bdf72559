// Decides where the service databases live: DATABASE_URL, a PostgreSQL on
// 127.0.0.1:5432, or embedded PGlite served over the wire protocol.
//
// Findings about embedded mode (@electric-sql/pglite 0.5.16 +
// @electric-sql/pglite-socket 0.2.17, driver postgres 3.4.9), found by
// experiment:
//
// * Connections. PGlite is one single-user backend. PGLiteSocketServer accepts
//   `maxConnections` sockets (default 1) and multiplexes them with a queue of
//   protocol *messages*. While a transaction block is open only the socket
//   that opened it is served, so `sql.begin` is safe. Outside one, messages from
//   different sockets can interleave between two TCP reads. Everything shares
//   one session: the unnamed prepared statement and portal, SET, temp tables.
//   - 10 sockets with `prepare: false`: about 80% of 300 concurrent queries
//     failed ("bind message supplies 2 parameters, but prepared statement \"\"
//     requires 0") and one returned another query's rows. postgres.js sends
//     Parse+Describe, waits, then sends Bind+Execute, so another socket's Parse
//     lands in between.
//   - 10 sockets with `prepare: true` (the driver default): 3 x 3000 concurrent
//     queries and 400 inserts of 100 kB each were all correct. This only works
//     because Bind+Execute+Sync arrive in one read, and nothing guarantees that.
//   - 1 socket: correct with or without `prepare`, and just as fast, because
//     PGlite runs one query at a time anyway.
//   - If a client opens more sockets than the server allows, the server writes
//     "Too many connections" and hangs up. postgres.js then stalls until its
//     timeout and fails with ECONNRESET.
//   So: each client uses a pool of ONE (`maxConnections: 1`) and keeps the
//   default `prepare: true`. The server allows EMBEDDED_SERVER_CONNECTIONS
//   sockets, so separate clients (service, migrator, a test) can share one
//   database without hanging.
// * LISTEN/NOTIFY does not work across connections. A notification goes only
//   into the output of the socket whose query produced it. `sql.listen()` (its
//   own connection) never gets anything, and a NOTIFY from another connection
//   is lost. Only a connection notifying itself sees it. So
//   `supportsListen: false`: poll instead.
// * Prepared statements (extended protocol): work, including named statements
//   that are reused, json and array parameters, errors in the middle of a
//   session, `sql.unsafe` with several statements, `sql.begin` commit and
//   rollback, and two transactions at the same time.
// * Databases. The database name in the startup message is ignored: every
//   connection gets `current_database() = 'postgres'`. CREATE DATABASE ...
//   TEMPLATE runs without error, but no one can connect to the new database. So
//   `supportsTemplates: false`, and each service database is its own PGlite
//   instance on its own port. Per instance: ~2.5 s to create a new data dir,
//   ~0.2 s to reopen one, and ~200 MB RSS.
// * The drizzle migrator's statements run fine: create schema, create table with
//   serial/bigint, `unsafe` DDL inside `sql.begin`, insert and select.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { LOCAL_STATE_DIR } from './paths.ts';
import { isPortOpen } from './ports.ts';

export interface PostgresTarget {
  mode: 'env' | 'local' | 'embedded';
  /** connection URL for one of the service databases (for embedded mode, each database is its own PGlite instance on its own port) */
  urlFor(database: string): string;
  /** true when CREATE DATABASE ... TEMPLATE works (server modes), false for embedded */
  supportsTemplates: boolean;
  /** Max pool size a client should use against this target (embedded may need 1) */
  maxConnections: number;
  /** Whether LISTEN/NOTIFY can be used on a separate connection */
  supportsListen: boolean;
  /** creates the database if missing (server modes: CREATE DATABASE via the admin connection; embedded: starts a PGlite socket server for it, persisted under dataDir) */
  ensureDatabase(database: string): Promise<string>; // returns the URL
  stop(): Promise<void>;
  describe(): string; // one line for logs, e.g. "PostgreSQL at 127.0.0.1:5432"
}

export interface EnsurePostgresOptions {
  /** Environment to read DATABASE_URL from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Embedded mode: root directory; each database is persisted in `<dataDir>/<db>`.
   *  Default `<repo>/.local/pglite`. `':memory:'` keeps everything in memory. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Skip DATABASE_URL and the local server and go straight to embedded PGlite. */
  forceEmbedded?: boolean;
}

export const DEFAULT_PGLITE_DIR = join(LOCAL_STATE_DIR, 'pglite');
export const LOCAL_POSTGRES_HOST = '127.0.0.1';
export const LOCAL_POSTGRES_PORT = 5432;
/** Pool size recommended for clients of a real PostgreSQL server. */
export const SERVER_MAX_CONNECTIONS = 10;
/** Sockets one embedded PGlite server accepts (across all clients; each client should use a pool of 1). */
export const EMBEDDED_SERVER_CONNECTIONS = 16;

const PROBE_TIMEOUT_MS = 1500;
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const defaultLog = (line: string) => console.log(`[postgres] ${line}`);

export async function ensurePostgres(options: EnsurePostgresOptions = {}): Promise<PostgresTarget> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;

  if (!options.forceEmbedded) {
    const fromEnv = env.DATABASE_URL?.trim();
    if (fromEnv) {
      const target = serverTarget('env', fromEnv);
      log(`using ${target.describe()}`);
      return target;
    }
    const localUrl = `postgres://postgres@${LOCAL_POSTGRES_HOST}:${LOCAL_POSTGRES_PORT}/postgres`;
    if (await probePostgres(localUrl, log)) {
      const target = serverTarget('local', localUrl);
      log(`using ${target.describe()}`);
      return target;
    }
  }

  const target = embeddedTarget(options.dataDir ?? DEFAULT_PGLITE_DIR, log);
  log(`using ${target.describe()}`);
  return target;
}

function assertDatabaseName(database: string): void {
  if (!DATABASE_NAME.test(database)) {
    throw new Error(
      `invalid database name ${JSON.stringify(database)}: use letters, digits and underscores (max 63, not starting with a digit)`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when a real PostgreSQL session can be opened at `url` within ~1.5 s. */
async function probePostgres(url: string, log: (line: string) => void): Promise<boolean> {
  const target = new URL(url);
  const port = Number(target.port || 5432);
  if (!(await isPortOpen(target.hostname, port, PROBE_TIMEOUT_MS))) return false;
  const sql = postgres(url, {
    max: 1,
    connect_timeout: PROBE_TIMEOUT_MS / 1000,
    idle_timeout: 1,
    onnotice: () => {},
    connection: { application_name: 'sanshe-probe' },
  });
  try {
    const rows = await withTimeout(sql`select 1 as ok`, PROBE_TIMEOUT_MS, 'postgres probe');
    return rows[0]?.ok === 1;
  } catch (error) {
    log(
      `${target.hostname}:${port} answers but does not accept user postgres without a password ` +
        `(${errorMessage(error)}); set DATABASE_URL to use it. Falling back to embedded PGlite.`,
    );
    return false;
  } finally {
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}

function serverTarget(mode: 'env' | 'local', baseUrl: string): PostgresTarget {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${JSON.stringify(baseUrl)}`);
  }
  if (base.protocol !== 'postgres:' && base.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${base.protocol}//)`);
  }

  const urlFor = (database: string): string => {
    assertDatabaseName(database);
    const url = new URL(base.href);
    url.pathname = `/${database}`;
    return url.href;
  };
  const where = base.hostname
    ? `${base.hostname}:${base.port || 5432}`
    : `${base.searchParams.get('host') ?? 'unix socket'}`;

  return {
    mode,
    urlFor,
    supportsTemplates: true,
    maxConnections: SERVER_MAX_CONNECTIONS,
    supportsListen: true,
    async ensureDatabase(database: string): Promise<string> {
      const url = urlFor(database);
      const admin = postgres(urlFor('postgres'), {
        max: 1,
        connect_timeout: 5,
        idle_timeout: 1,
        onnotice: () => {},
        connection: { application_name: 'sanshe-admin' },
      });
      try {
        const existing = await admin`select 1 from pg_database where datname = ${database}`;
        if (existing.length === 0) {
          try {
            await admin`create database ${admin(database)}`;
          } catch (error) {
            // Another process created it between our check and our CREATE.
            const code = (error as { code?: string }).code;
            if (code !== '42P04' && code !== '23505') throw error;
          }
        }
      } finally {
        await admin.end({ timeout: 1 }).catch(() => {});
      }
      return url;
    },
    async stop(): Promise<void> {
      // Nothing is held open: ensureDatabase closes its admin connection each time.
    },
    describe(): string {
      return mode === 'env' ? `PostgreSQL at ${where} (DATABASE_URL)` : `PostgreSQL at ${where}`;
    },
  };
}

interface EmbeddedInstance {
  database: string;
  pg: PGlite;
  server: PGLiteSocketServer;
  port: number;
  url: string;
  release: () => void;
}

/** Data directories opened by this process (PGlite must not open one twice). */
const openDirectories = new Set<string>();

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file next to the data directory, so two processes never open the same PGlite data. */
function lockDirectory(dir: string): () => void {
  if (openDirectories.has(dir)) {
    throw new Error(`PGlite data directory ${dir} is already open in this process`);
  }
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      openDirectories.add(dir);
      return () => {
        openDirectories.delete(dir);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      } catch {
        continue; // removed meanwhile; try again
      }
      if (owner && owner !== process.pid && isProcessAlive(owner)) {
        throw new Error(
          `PGlite data directory ${dir} is in use by process ${owner} (lock ${lockPath}). ` +
            `Stop that process, or use another dataDir (':memory:' for a throwaway database).`,
        );
      }
      try {
        unlinkSync(lockPath); // stale: its owner is gone
      } catch {
        // someone else cleaned it up
      }
    }
  }
  throw new Error(`could not lock PGlite data directory ${dir}`);
}

function embeddedTarget(dataDir: string, log: (line: string) => void): PostgresTarget {
  const inMemory = dataDir === ':memory:';
  const starting = new Map<string, Promise<EmbeddedInstance>>();
  const running = new Map<string, EmbeddedInstance>();
  let stopped = false;

  async function start(database: string): Promise<EmbeddedInstance> {
    const startedAt = Date.now();
    let dir: string | undefined;
    let release = () => {};
    if (!inMemory) {
      dir = join(dataDir, database);
      mkdirSync(dir, { recursive: true });
      release = lockDirectory(dir);
    }
    let pg: PGlite | undefined;
    try {
      pg = await PGlite.create(dir ? { dataDir: dir } : {});
      const server = new PGLiteSocketServer({
        db: pg,
        host: '127.0.0.1',
        port: 0, // the OS picks a free port
        maxConnections: EMBEDDED_SERVER_CONNECTIONS,
      });
      server.addEventListener('error', (event) => {
        const detail = (event as CustomEvent<unknown>).detail;
        log(`embedded ${database}: socket server error: ${errorMessage(detail)}`);
      });
      await server.start();
      const port = Number(server.getServerConn().split(':').pop());
      const instance: EmbeddedInstance = {
        database,
        pg,
        server,
        port,
        url: `postgres://postgres@127.0.0.1:${port}/${database}`,
        release,
      };
      log(
        `embedded PGlite for ${database} on 127.0.0.1:${port} ` +
          `(${dir ? `data in ${dir}` : 'in memory'}, ready in ${Date.now() - startedAt} ms)`,
      );
      return instance;
    } catch (error) {
      await pg?.close().catch(() => {});
      release();
      throw error;
    }
  }

  async function stopInstance(instance: EmbeddedInstance): Promise<void> {
    try {
      await withTimeout(instance.server.stop(), 5000, `stopping embedded ${instance.database}`);
    } catch (error) {
      log(errorMessage(error));
    }
    try {
      await instance.pg.close();
    } finally {
      instance.release();
    }
  }

  return {
    mode: 'embedded',
    supportsTemplates: false,
    maxConnections: 1,
    supportsListen: false,
    urlFor(database: string): string {
      assertDatabaseName(database);
      const instance = running.get(database);
      if (!instance) {
        throw new Error(
          `embedded database ${database} is not running yet: await ensureDatabase(${JSON.stringify(database)}) first`,
        );
      }
      return instance.url;
    },
    async ensureDatabase(database: string): Promise<string> {
      assertDatabaseName(database);
      if (stopped) throw new Error('this embedded PostgreSQL target has been stopped');
      let pending = starting.get(database);
      if (!pending) {
        pending = start(database).then(async (instance) => {
          if (stopped) {
            // stop() ran while this instance was starting
            await stopInstance(instance);
            throw new Error('this embedded PostgreSQL target has been stopped');
          }
          running.set(database, instance);
          return instance;
        });
        starting.set(database, pending);
        pending.catch(() => starting.delete(database));
      }
      return (await pending).url;
    },
    async stop(): Promise<void> {
      stopped = true;
      const instances = [...running.values()];
      running.clear();
      starting.clear();
      const results = await Promise.allSettled(instances.map(stopInstance));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) {
        throw new Error(`stopping embedded PGlite failed: ${failed.map((r) => errorMessage(r.reason)).join('; ')}`);
      }
    },
    describe(): string {
      const where = inMemory ? 'in memory' : `data under ${dataDir}`;
      const databases = [...running.values()].map((i) => `${i.database}@127.0.0.1:${i.port}`);
      return `embedded PGlite (${where})${databases.length ? `: ${databases.join(', ')}` : ''}`;
    },
  };
}
