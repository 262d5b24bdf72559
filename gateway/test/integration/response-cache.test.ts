/**
 * The anonymous response cache (RESPONSE_CACHE_TTL_MS, RESPONSE_CACHE_STALE_MS) against fake
 * subgraphs: a repeated public query is answered without calling a subgraph again; anything else
 * still goes through; a stale entry is answered at once and refreshed in the background; /metrics
 * counts all of it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICES } from '@sanshe/infra/services';
import { anonymous, decodeIdentity, IDENTITY_HEADER, readMetric } from '@sanshe/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { close, COMMUNITY_QUERY, gatewayEnvironment, post, secretOf, startFakeSubgraphs, supergraphSdl } from '../fake-subgraphs.ts';

const TTL_MS = 1_500;
const METRICS_TOKEN = 'metrics-token-0123456789';

async function scrape(gateway: RunningGateway, token = METRICS_TOKEN) {
  const response = await fetch(gateway.url.replace('/graphql', '/metrics'), { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const value = (name: string) => readMetric(text, `sanshe_gateway_response_cache_${name}`);
  return { status: response.status, value };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('response cache', () => {
  let fakes: Awaited<ReturnType<typeof startFakeSubgraphs>>;
  let cached: RunningGateway;
  let uncached: RunningGateway;
  let revalidating: RunningGateway;

  beforeAll(async () => {
    fakes = await startFakeSubgraphs();
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    cached = await startGateway(gatewayEnvironment(urls, { RESPONSE_CACHE_TTL_MS: '60000', GATEWAY_METRICS_TOKEN: METRICS_TOKEN }), { supergraphSdl });
    uncached = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
    // Three requests a minute from this test's address: a refresh that took one would show.
    revalidating = await startGateway(
      gatewayEnvironment(urls, { RESPONSE_CACHE_TTL_MS: String(TTL_MS), RESPONSE_CACHE_STALE_MS: '60000', RATE_LIMIT_PER_MINUTE: '3', GATEWAY_METRICS_TOKEN: METRICS_TOKEN }),
      { supergraphSdl },
    );
  });

  afterAll(async () => {
    await cached?.stop();
    await uncached?.stop();
    await revalidating?.stop();
    if (fakes) await close(fakes.server);
  });

  it('answers a repeated anonymous query from the cache, the same as the first time', async () => {
    fakes.received.length = 0;
    const first = await post(cached, COMMUNITY_QUERY);
    const calls = fakes.received.length;
    const second = await post(cached, COMMUNITY_QUERY);
    expect(calls).toBe(2);
    expect(fakes.received.length).toBe(calls);
    expect(second.body).toEqual(first.body);
    // The cached answer says how old it is (whole seconds since its read began); the first was read for the caller.
    expect(first.age).toBeNull();
    expect(second.age).toBe('0');
    expect(second.body.data).toEqual({ community: { code: '110101001001', name: '东华门社区', organizationCount: 3 } });
  });

  it('keys on the document: another selection goes to the subgraphs', async () => {
    fakes.received.length = 0;
    await post(cached, '{ community(code: "110101001001") { code name } }');
    expect(fakes.received.map((r) => r.service)).toEqual(['sg']);
  });

  it('is off unless RESPONSE_CACHE_TTL_MS is set', async () => {
    fakes.received.length = 0;
    await post(uncached, COMMUNITY_QUERY);
    await post(uncached, COMMUNITY_QUERY);
    expect(fakes.received.length).toBe(4);
  });

  it('answers a stale read with the old body and refreshes it in the background, outside the caller’s rate limit', async () => {
    fakes.received.length = 0;
    const first = await post(revalidating, COMMUNITY_QUERY);
    expect(fakes.received).toHaveLength(2);
    fakes.community.name = '东华门社区（更名）';
    try {
      await sleep(TTL_MS + 50);
      const stale = await post(revalidating, COMMUNITY_QUERY);
      expect(stale.body).toEqual(first.body);
      expect(Number(stale.age)).toBeGreaterThanOrEqual(1);

      // The refresh: the same operation once more through both subgraphs, as anonymous.
      await until(() => fakes.received.length >= 4);
      expect(fakes.received.map((r) => r.service).sort()).toEqual(['org', 'org', 'sg', 'sg']);
      for (const request of fakes.received.slice(2)) {
        const service = request.service === 'sg' ? 'self-governance' : 'organizations';
        expect(decodeIdentity(request.headers[IDENTITY_HEADER] as string, secretOf(service))).toEqual(anonymous);
      }
      // Let the gateway finish merging the refresh and store it.
      await sleep(250);

      // The third request this minute: allowed, so the refresh took none of this caller's.
      const refreshed = await post(revalidating, COMMUNITY_QUERY);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.data).toEqual({ community: { code: '110101001001', name: '东华门社区（更名）', organizationCount: 3 } });
      expect(fakes.received).toHaveLength(4);
      expect((await post(revalidating, COMMUNITY_QUERY)).status).toBe(429);
    } finally {
      fakes.community.name = '东华门社区';
    }
    // The stale read started one refresh, and /metrics says so.
    const metrics = await scrape(revalidating);
    expect(metrics.value('stale_hits_total')).toBe(1);
    expect(metrics.value('refreshes_total')).toBe(1);
    expect(metrics.value('refreshes_deferred_total')).toBe(0);
    expect(metrics.value('refreshes_waiting')).toBe(0);
    expect(metrics.value('refreshes_skipped_total')).toBe(0);
  });

  it('counts misses and hits on /metrics, for the metrics token only, and has no /metrics without one', async () => {
    const before = await scrape(cached);
    expect(before.status).toBe(200);
    const query = '{ community(code: "110101001001") { name } }';
    await post(cached, query);
    await post(cached, query);
    const after = await scrape(cached);
    expect(after.value('misses_total')! - before.value('misses_total')!).toBe(1);
    expect(after.value('hits_total')! - before.value('hits_total')!).toBe(1);
    expect(after.value('entries')).toBeGreaterThan(0);
    expect((await scrape(cached, 'not-the-metrics-token')).status).toBe(401);
    expect((await scrape(uncached)).status).toBe(404);
  });
});
