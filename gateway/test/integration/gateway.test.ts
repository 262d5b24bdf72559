/**
 * The gateway's own mechanics against fake subgraphs (test/fake-subgraphs.ts).
 */
import { createServer } from 'node:http';
import { SERVICES } from '@sanshe/infra/services';
import { anonymous, decodeIdentity, encodeIdentity, IDENTITY_HEADER, SECRET_HEADER } from '@sanshe/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import {
  close,
  listen,
  COMMUNITY_QUERY,
  gatewayEnvironment,
  post,
  secretOf,
  startFakeSubgraphs,
  startHangingServer,
  supergraphSdl,
} from '../fake-subgraphs.ts';

describe('gateway', () => {
  let fakes: Awaited<ReturnType<typeof startFakeSubgraphs>>;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fakes = await startFakeSubgraphs();
    hanging = await startHangingServer();
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    gateway = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([fakes && close(fakes.server), hanging && close(hanging.server)]);
  });

  it('sends each subgraph its own secret and the caller identity from the context', async () => {
    fakes.received.length = 0;
    // A client cannot choose who it is by sending the identity header itself.
    const forged = encodeIdentity({ ...anonymous, subject: 'mallory', roles: ['district_office'] }, secretOf('organizations'));
    const { status, body } = await post(gateway, COMMUNITY_QUERY, { [IDENTITY_HEADER]: forged });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ community: { code: '110101001001', name: '东华门社区', organizationCount: 3 } });
    expect(fakes.received.map((r) => r.service).sort()).toEqual(['org', 'sg']);
    for (const request of fakes.received) {
      const service = request.service === 'sg' ? 'self-governance' : 'organizations';
      expect(request.headers[SECRET_HEADER]).toBe(secretOf(service));
      expect(decodeIdentity(request.headers[IDENTITY_HEADER] as string, secretOf(service))).toEqual(anonymous);
    }
  });

  it('turns a subgraph that never answers into a timely coded error', async () => {
    const urls = { ...Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)])), organizations: hanging.url };
    const slow = await startGateway(gatewayEnvironment(urls, { SUBGRAPH_TIMEOUT_MS: '300' }), { supergraphSdl });
    try {
      const started = performance.now();
      const { status, body } = await post(slow, COMMUNITY_QUERY);
      const elapsed = performance.now() - started;

      expect(elapsed).toBeLessThan(3_000);
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'organizations' }) }),
      ]);
      // organizationCount is non-null, so the community it belongs to becomes null.
      expect(body.data).toEqual({ community: null });
    } finally {
      await slow.stop();
    }
  });

  it('turns an unreachable subgraph into a coded error', async () => {
    // A port that was free a moment ago: nothing listens there once the probe server closes.
    const probe = createServer();
    const closedPort = await listen(probe);
    await close(probe);
    const unreachable = `http://127.0.0.1:${closedPort}/graphql`;
    const urls = { ...Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)])), 'self-governance': unreachable };
    const down = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
    try {
      const { status, body } = await post(down, COMMUNITY_QUERY);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'self-governance' });
    } finally {
      await down.stop();
    }
  });

  it('reports a subgraph refusing the gateway as a subgraph error, not as the caller being unauthenticated', async () => {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    const misconfigured = await startGateway(gatewayEnvironment(urls, { ORGANIZATIONS_SECRET: 'not-the-organizations-secret' }), {
      supergraphSdl,
    });
    try {
      const { status, body } = await post(misconfigured, COMMUNITY_QUERY);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_ERROR', serviceName: 'organizations' });
    } finally {
      await misconfigured.stop();
    }
  });

  it('is healthy while up, and ready only while every subgraph is', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    fakes.ready.fu = false;
    try {
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ funding: false, 'self-governance': true });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      fakes.ready.fu = true;
    }
  });

  it('serves the committed supergraph', async () => {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    const real = await startGateway(gatewayEnvironment(urls));
    try {
      const { body } = await post(real, '{ __schema { queryType { fields { name } } } }');
      const fields = (body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name);
      expect(fields).toEqual(expect.arrayContaining(['community', 'region', 'communities']));
    } finally {
      await real.stop();
    }
  });
});
