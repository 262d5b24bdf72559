/**
 * The anonymous response cache (RESPONSE_CACHE_TTL_MS) against fake subgraphs: a repeated public
 * query is answered without calling a subgraph again; anything else still goes through.
 */
import { SERVICES } from '@sanshe/infra/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { close, COMMUNITY_QUERY, gatewayEnvironment, post, startFakeSubgraphs, supergraphSdl } from '../fake-subgraphs.ts';

describe('response cache', () => {
  let fakes: Awaited<ReturnType<typeof startFakeSubgraphs>>;
  let cached: RunningGateway;
  let uncached: RunningGateway;

  beforeAll(async () => {
    fakes = await startFakeSubgraphs();
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    cached = await startGateway(gatewayEnvironment(urls, { RESPONSE_CACHE_TTL_MS: '60000' }), { supergraphSdl });
    uncached = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
  });

  afterAll(async () => {
    await cached?.stop();
    await uncached?.stop();
    if (fakes) await close(fakes.server);
  });

  it('answers a repeated anonymous query from the cache, the same as the first time', async () => {
    fakes.received.length = 0;
    const first = await post(cached, COMMUNITY_QUERY);
    const calls = fakes.received.length;
    const second = await post(cached, COMMUNITY_QUERY);
    expect(calls).toBe(2);
    expect(fakes.received.length).toBe(calls);
    expect(second).toEqual(first);
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
});
