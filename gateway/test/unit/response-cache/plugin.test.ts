/**
 * The cache in a real Apollo request pipeline (a small local schema, no network), with refreshes run
 * through the same server and two "workers" joined by an in-memory primary.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { anonymous, type Identity } from '@sanshe/service-kit';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../../src/context.ts';
import {
  connectRelay,
  relayToOtherWorkers,
  RESPONSE_CACHE_CLEAR_MESSAGE,
  RESPONSE_CACHE_ENTRY_MESSAGE,
  type RelayChannel,
  type RelayTarget,
  type ResponseCacheMessage,
} from '../../../src/response-cache/cluster-relay.ts';
import { responseCachePlugin } from '../../../src/response-cache/plugin.ts';
import { StaleRefresher } from '../../../src/response-cache/refresh.ts';
import { ResponseCache } from '../../../src/response-cache/store.ts';

const TTL = 1_000;
const STALE = 5_000;

const typeDefs = `#graphql
  type Query { community(code: ID!): Community }
  type Community { code: ID! name: String! }
  type Mutation { rename(name: String!): String! }
`;
const QUERY = 'query Community($code: ID!) { community(code: $code) { code name } }';
const VARIABLES = { code: '110101001001' };
const RENAME = 'mutation Rename($name: String!) { rename(name: $name) }';
const resident: Identity = { ...anonymous, subject: 'resident-1', roles: ['resident'] };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The "subgraph": what the resolvers read, how often, and whether they fail or wait. */
interface Backend {
  name: string;
  reads: number;
  failing: boolean;
  gate: Promise<void> | null;
  writeGate: Promise<void> | null;
}

/** An in-memory primary: each worker's messages go, serialized like IPC, to the others. */
function createPrimary() {
  const listeners = new Map<number, Set<(message: unknown) => void>>();
  const sent: ResponseCacheMessage[] = [];
  const targets: RelayTarget[] = [];
  return {
    sent,
    channelFor(id: number): RelayChannel {
      listeners.set(id, new Set());
      targets.push({
        id,
        isConnected: () => true,
        send(message) {
          for (const listener of listeners.get(id)!) listener(JSON.parse(JSON.stringify(message)));
          return true;
        },
      });
      return {
        send(message) {
          sent.push(message);
          relayToOtherWorkers({ id }, message, targets);
        },
        subscribe(listener) {
          listeners.get(id)!.add(listener);
          return () => listeners.get(id)!.delete(listener);
        },
      };
    },
  };
}

const servers: ApolloServer<GatewayContext>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function startWorker(id: number, backend: Backend, clock: { now: number }, primary: ReturnType<typeof createPrimary>, maxConcurrent?: number, coalesceWaitMs?: number) {
  const cache = new ResponseCache({ ttlMs: TTL, staleMs: STALE, maxEntries: 100, now: () => clock.now });
  const relay = connectRelay(cache, primary.channelFor(id));
  const warnings: string[] = [];
  // Stands in for the limits and safelist plugins installed before the cache: who passed them.
  const passedLimits: GatewayContext[] = [];
  const limits: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation() {
          passedLimits.push(contextValue);
        },
      };
    },
  };
  const refresher = new StaleRefresher({
    cache,
    execute: ({ query, operationName, variables }, contextValue) => server.executeOperation({ query, operationName, variables }, { contextValue }),
    onStored: (key, body, storedAt) => relay.publishEntry(key, body, storedAt),
    onStarted: (key, startedAt) => relay.publishRefreshing(key, startedAt),
    logger: { warn: (_details, message) => warnings.push(message) },
    maxConcurrent,
  });
  const server: ApolloServer<GatewayContext> = new ApolloServer<GatewayContext>({
    typeDefs,
    logger: silent,
    resolvers: {
      Query: {
        async community(_: unknown, { code }: { code: string }) {
          backend.reads += 1;
          if (backend.gate) await backend.gate;
          if (backend.failing) throw new GraphQLError('subgraph unavailable', { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
          return { code, name: backend.name };
        },
      },
      Mutation: {
        async rename(_: unknown, { name }: { name: string }) {
          if (backend.writeGate) await backend.writeGate;
          backend.name = name;
          return name;
        },
      },
    },
    plugins: [limits, responseCachePlugin({ cache, refresher, relay, coalesceWaitMs })],
  });
  await server.start();
  servers.push(server);

  async function run(query: string, variables: Record<string, unknown>, identity: Identity = anonymous) {
    const response = await server.executeOperation({ query, variables }, { contextValue: { identity } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }
  /** The read's HTTP `Age` header: null when the answer was read for the caller. */
  async function ageOfRead() {
    const response = await server.executeOperation({ query: QUERY, variables: VARIABLES }, { contextValue: { identity: anonymous } });
    return response.http.headers.get('age') ?? null;
  }
  return { cache, refresher, warnings, passedLimits, run, ageOfRead, read: (identity?: Identity) => run(QUERY, VARIABLES, identity) };
}

async function setUp(workers = 1, maxConcurrent?: number, coalesceWaitMs?: number) {
  const backend: Backend = { name: '东华门社区', reads: 0, failing: false, gate: null, writeGate: null };
  const clock = { now: 1_000_000 };
  const primary = createPrimary();
  const started = [];
  for (let id = 1; id <= workers; id += 1) started.push(await startWorker(id, backend, clock, primary, maxConcurrent, coalesceWaitMs));
  return { backend, clock, primary, workers: started };
}

function community(name: string) {
  return { data: { community: { code: VARIABLES.code, name } } };
}

describe('response cache plugin', () => {
  it('answers a repeated anonymous query from the cache while it is fresh', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    expect(await worker!.read()).toEqual(community('东华门社区'));
    backend.name = 'renamed behind the gateway';
    clock.now += TTL - 1;
    expect(await worker!.read()).toEqual(community('东华门社区'));
    expect(backend.reads).toBe(1);
    expect(worker!.cache.hits).toBe(1);
    expect(worker!.refresher.started).toBe(0);
  });

  it('answers a stale read with the old body at once and starts exactly one refresh, whose result replaces the entry', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    await worker!.read();
    backend.name = '东华门社区（新）';
    clock.now += TTL;
    // Hold the refresh in the "subgraph" so the reads below all happen while it is in flight.
    let open!: () => void;
    backend.gate = new Promise((resolve) => (open = resolve));

    const stale = [await worker!.read(), await worker!.read(), await worker!.read()];
    expect(stale).toEqual([community('东华门社区'), community('东华门社区'), community('东华门社区')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker!.refresher.started).toBe(1);
    expect(worker!.refresher.inFlight).toBe(1);
    expect(backend.reads).toBe(2); // the first read and the one refresh

    open();
    await worker!.refresher.idle();
    expect(worker!.refresher.inFlight).toBe(0);
    expect(await worker!.read()).toEqual(community('东华门社区（新）'));
    expect(backend.reads).toBe(2);
    expect(worker!.cache.staleHits).toBe(3);
    expect(worker!.cache.hits).toBe(1);

    // The refreshed entry is fresh for a whole TTL from the refresh.
    clock.now += TTL - 1;
    await worker!.read();
    expect(worker!.refresher.started).toBe(1);
  });

  it('says how old a cached answer is in whole seconds (Age), and nothing on an answer read for the caller', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    expect(await worker!.ageOfRead()).toBeNull();
    clock.now += 999;
    expect(await worker!.ageOfRead()).toBe('0');
    // Stale: still the age of the first read, however long the entry has been in the cache.
    let open!: () => void;
    backend.gate = new Promise((resolve) => (open = resolve));
    clock.now += TTL + 1_401;
    expect(await worker!.ageOfRead()).toBe('3');
    open();
    await worker!.refresher.idle();
    // The refresh began reading at the stale read's time: a new entry, age 0.
    expect(await worker!.ageOfRead()).toBe('0');
  });

  it('runs at most maxConcurrent refreshes at once: a stale read beyond it is answered stale, and its key is refreshed when the slot frees', async () => {
    const { backend, clock, workers: [worker] } = await setUp(1, 1);
    const other = { code: '110101001002' };
    await worker!.read();
    await worker!.run(QUERY, other);
    backend.name = '东华门社区（新）';
    clock.now += TTL;
    let open!: () => void;
    backend.gate = new Promise((resolve) => (open = resolve));

    expect(await worker!.read()).toEqual(community('东华门社区'));
    expect(await worker!.run(QUERY, other)).toEqual({ data: { community: { code: other.code, name: '东华门社区' } } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker!.refresher.started).toBe(1);
    expect(worker!.refresher.deferred).toBe(1);
    expect(worker!.refresher.waiting).toBe(1);
    expect(backend.reads).toBe(3); // two first reads, one refresh

    open();
    // Nobody reads the other key again: it waited in line and took the freed slot.
    await worker!.refresher.idle();
    expect(worker!.refresher.started).toBe(2);
    expect(worker!.refresher.waiting).toBe(0);
    expect(backend.reads).toBe(4);
    expect(await worker!.run(QUERY, other)).toEqual({ data: { community: { code: other.code, name: '东华门社区（新）' } } });
    expect(await worker!.read()).toEqual(community('东华门社区（新）'));
    expect(worker!.cache.hits).toBe(2);
  });

  it('refuses a refresh budget below one', () => {
    const cache = new ResponseCache({ ttlMs: TTL, staleMs: STALE, maxEntries: 10 });
    const execute = async () => {
      throw new Error('not run');
    };
    expect(() => new StaleRefresher({ cache, execute, maxConcurrent: 0 })).toThrow(RangeError);
  });

  it('runs the refresh through the same plugins as an anonymous caller, past the cache lookup, without recursing', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    await worker!.read();
    clock.now += TTL + 1;
    await worker!.read();
    await worker!.refresher.idle();
    // The first read, the stale read (answered from the cache after the limits), and the refresh.
    expect(worker!.passedLimits).toHaveLength(3);
    expect(worker!.passedLimits[2]!.identity).toEqual(anonymous);
    // It reached the "subgraph" although a (stale) entry was there, and started nothing itself.
    expect(backend.reads).toBe(2);
    expect(worker!.refresher.started).toBe(1);
  });

  it('keeps serving the stale body when a refresh fails, logs a warning, and misses past ttl + stale', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    await worker!.read();
    backend.failing = true;
    clock.now += TTL;
    expect(await worker!.read()).toEqual(community('东华门社区'));
    await worker!.refresher.idle();
    expect(worker!.warnings).toEqual(['response cache: refresh failed; the stale entry is served until it expires']);
    expect(backend.reads).toBe(2);

    clock.now += STALE - 1;
    expect(await worker!.read()).toEqual(community('东华门社区'));
    await worker!.refresher.idle();

    clock.now += 1;
    const reads = backend.reads;
    const missed = await worker!.read();
    expect(backend.reads).toBe(reads + 1);
    expect(missed.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(worker!.cache.size).toBe(0);
  });

  it('misses past ttl + stale and computes the answer again', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    await worker!.read();
    backend.name = 'later';
    clock.now += TTL + STALE;
    expect(await worker!.read()).toEqual(community('later'));
    expect(backend.reads).toBe(2);
    expect(worker!.refresher.started).toBe(0);
    expect(worker!.cache.misses).toBe(2);
  });

  it('never answers a signed-in caller from the cache, nor stores what a signed-in caller read', async () => {
    const { backend, workers: [worker] } = await setUp();
    await worker!.read(resident);
    await worker!.read(resident);
    expect(backend.reads).toBe(2);
    expect(worker!.cache.size).toBe(0);
    await worker!.read();
    await worker!.read(resident);
    expect(backend.reads).toBe(4);
  });

  it('never answers a mutation from the cache; a mutation empties the cache of every worker', async () => {
    const { backend, primary, workers } = await setUp(2);
    const [one, two] = workers as [Awaited<ReturnType<typeof startWorker>>, Awaited<ReturnType<typeof startWorker>>];
    await one.read();
    expect(two.cache.size).toBe(1);

    expect(await two.run(RENAME, { name: 'first' })).toEqual({ data: { rename: 'first' } });
    expect(await two.run(RENAME, { name: 'second' })).toEqual({ data: { rename: 'second' } });
    expect(backend.name).toBe('second');
    expect(one.cache.size).toBe(0);
    expect(two.cache.size).toBe(0);
    // Cleared when each mutation started and again when it finished.
    expect(primary.sent.filter((m) => m.type === RESPONSE_CACHE_CLEAR_MESSAGE)).toHaveLength(4);

    const reads = backend.reads;
    expect(await one.read()).toEqual(community('second'));
    expect(backend.reads).toBe(reads + 1);
  });

  it('accepts an entry another worker stored, with that worker’s timestamp', async () => {
    const { backend, clock, primary, workers } = await setUp(2);
    const [one, two] = workers as [Awaited<ReturnType<typeof startWorker>>, Awaited<ReturnType<typeof startWorker>>];
    const readAt = clock.now;
    await one.read();
    const entries = primary.sent.filter((m) => m.type === RESPONSE_CACHE_ENTRY_MESSAGE);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ storedAt: readAt, body: community('东华门社区') });
    expect(two.cache.lookup(entries[0]!.type === RESPONSE_CACHE_ENTRY_MESSAGE ? entries[0]!.key : '')?.storedAt).toBe(readAt);

    // Worker two answers without reaching the subgraph, and both see the entry go stale together.
    expect(await two.read()).toEqual(community('东华门社区'));
    expect(backend.reads).toBe(1);
    clock.now += TTL;
    await two.read();
    await two.refresher.idle();
    expect(two.refresher.started).toBe(1);
    // The refresh was relayed back: worker one has the refreshed entry and starts no refresh of its own.
    expect(one.cache.staleHits).toBe(0);
    await one.read();
    expect(one.refresher.started).toBe(0);
    expect(one.cache.hits).toBe(1);
  });

  it('refreshes a stale entry in one worker only: the others leave it alone until the result arrives', async () => {
    const { backend, clock, workers } = await setUp(2);
    const [one, two] = workers as [Awaited<ReturnType<typeof startWorker>>, Awaited<ReturnType<typeof startWorker>>];
    await one.read();
    backend.name = '东华门社区（新）';
    clock.now += TTL;
    let open!: () => void;
    backend.gate = new Promise((resolve) => (open = resolve));
    expect(await one.read()).toEqual(community('东华门社区'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(one.refresher.started).toBe(1);
    // Worker two finds the same stale entry while one's refresh runs: it answers stale and starts none.
    expect(await two.read()).toEqual(community('东华门社区'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(two.refresher.started).toBe(0);
    expect(two.refresher.waiting).toBe(0);

    open();
    await one.refresher.idle();
    expect(backend.reads).toBe(2);
    expect(await two.read()).toEqual(community('东华门社区（新）'));
    // The result was one's refresh, relayed: two answered fresh without reading or refreshing.
    expect(two.cache.hits).toBe(1);
    expect(two.refresher.started).toBe(0);
  });

  it('drops a refresh that was under way when a mutation cleared the cache', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    await worker!.read();
    clock.now += TTL;
    let open!: () => void;
    backend.gate = new Promise((resolve) => (open = resolve));
    await worker!.read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker!.refresher.inFlight).toBe(1);

    clock.now += 1;
    await worker!.run(RENAME, { name: 'renamed' });
    backend.gate = null;
    open();
    await worker!.refresher.idle();
    // The refresh read the old name before the mutation: it must not be cached after it.
    expect(worker!.cache.size).toBe(0);
    expect(await worker!.read()).toEqual(community('renamed'));
  });

  it('does not keep an answer read while a mutation was running', async () => {
    const { backend, clock, workers: [worker] } = await setUp();
    let commit!: () => void;
    backend.writeGate = new Promise((resolve) => (commit = resolve));
    const mutation = worker!.run(RENAME, { name: 'renamed' });
    await new Promise((resolve) => setImmediate(resolve));
    clock.now += 1;
    // Read before the write lands: cached for now, as nothing says otherwise yet.
    expect(await worker!.read()).toEqual(community('东华门社区'));
    expect(worker!.cache.size).toBe(1);
    clock.now += 1;
    commit();
    await mutation;
    expect(worker!.cache.size).toBe(0);
    expect(await worker!.read()).toEqual(community('renamed'));
  });

  describe('misses of one key at once', () => {
    function hold(backend: Backend) {
      let open!: () => void;
      backend.gate = new Promise((resolve) => (open = resolve));
      return open;
    }
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Long enough for requests just sent to reach the subgraph or start waiting.
    const settle = () => pause(5);

    it('read the subgraphs once: the later ones wait for the first and answer with what it stored', async () => {
      const { backend, clock, workers: [worker] } = await setUp();
      const open = hold(backend);
      const reads = [worker!.read(), worker!.read(), worker!.read()];
      await settle();
      // One that arrives 2 s into the first read answers with the read's age (Age counts from its start).
      clock.now += 2_000;
      const aged = worker!.ageOfRead();
      await settle();
      expect(backend.reads).toBe(1);
      open();
      expect(await Promise.all(reads)).toEqual([community('东华门社区'), community('东华门社区'), community('东华门社区')]);
      expect(await aged).toBe('2');
      expect(backend.reads).toBe(1);
      expect(worker!.cache.misses).toBe(1);
      expect(worker!.cache.coalesced).toBe(3);
      // Another key is read on its own, not held behind this one.
      expect(await worker!.run(QUERY, { code: '110101001002' })).toEqual({ data: { community: { code: '110101001002', name: '东华门社区' } } });
      expect(backend.reads).toBe(2);
    });

    it('read for themselves when the read they waited for failed: an error is never handed on', async () => {
      const { backend, workers: [worker] } = await setUp();
      backend.failing = true;
      const open = hold(backend);
      const [first, second] = [worker!.read(), worker!.read()];
      await settle();
      expect(backend.reads).toBe(1);
      open();
      expect((await first).errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect((await second).errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(backend.reads).toBe(2);
      expect(worker!.cache.misses).toBe(2);
      expect(worker!.cache.coalesced).toBe(0);
    });

    it('read for themselves when a write cleared the cache while the first read ran: its answer may predate the write', async () => {
      const { backend, clock, workers: [worker] } = await setUp();
      const open = hold(backend);
      const first = worker!.read();
      await settle();
      const second = worker!.read();
      await settle();
      clock.now += 1;
      await worker!.run(RENAME, { name: 'renamed' });
      clock.now += 1;
      backend.gate = null;
      open();
      await first;
      expect(await second).toEqual(community('renamed'));
      // The second did not take the first's answer: the first began reading before the write.
      expect(backend.reads).toBe(2);
      expect(worker!.cache.coalesced).toBe(0);
      // What the second read stored after the write is what the next caller gets.
      expect(await worker!.read()).toEqual(community('renamed'));
      expect(backend.reads).toBe(2);
    });

    it('stop waiting after coalesceWaitMs and read for themselves', async () => {
      const { backend, workers: [worker] } = await setUp(1, undefined, 20);
      const open = hold(backend);
      const reads = [worker!.read(), worker!.read()];
      await pause(60);
      // The second gave up on the first (still held) and is reading too.
      expect(backend.reads).toBe(2);
      open();
      expect(await Promise.all(reads)).toEqual([community('东华门社区'), community('东华门社区')]);
      expect(worker!.cache.misses).toBe(2);
      expect(worker!.cache.coalesced).toBe(0);
    });

    it('wait for the read that took over from one that has not reported back, not for the old one', async () => {
      const { backend, workers: [worker] } = await setUp(1, undefined, 100);
      const openFirst = hold(backend);
      const first = worker!.read();
      await settle();
      // The second's read is held at a gate of its own, opened below.
      const openSecond = hold(backend);
      const second = worker!.read();
      await pause(250);
      // The second gave up on the first (100 ms) and is reading.
      expect(backend.reads).toBe(2);
      const third = worker!.read();
      await settle();
      openSecond();
      expect(await third).toEqual(community('东华门社区'));
      expect(await second).toEqual(community('东华门社区'));
      // The third waited for the second's read; waiting for the first would have timed out into a read of its own.
      expect(backend.reads).toBe(2);
      expect(worker!.cache.coalesced).toBe(1);
      openFirst();
      expect(await first).toEqual(community('东华门社区'));
      expect(backend.reads).toBe(2);
    });
  });
});
