import { EnvironmentError } from '@sanshe/env';
import { describe, expect, it } from 'vitest';
import { loadGatewayEnvironment } from '../../src/environment.ts';
import { readyzUrl } from '../../src/readiness.ts';

const secrets = {
  SELF_GOVERNANCE_SECRET: 'self-governance-secret',
  ORGANIZATIONS_SECRET: 'organizations-secret',
  PARTY_BUILDING_SECRET: 'party-building-secret',
  SOCIAL_WORK_SECRET: 'social-work-secret-x',
  FUNDING_SECRET: 'funding-secret-xxxxx',
};

describe('gateway environment', () => {
  it('reports every problem at once', () => {
    let caught: unknown;
    try {
      loadGatewayEnvironment({ GATEWAY_PORT: 'x', FUNDING_SECRET: 'short', SOCIAL_WORK_URL: 'nope' }, { exitOnError: false });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    const variables = (caught as EnvironmentError).problems.map((p) => p.split(':')[0]);
    expect(variables.sort()).toEqual(
      [
        'GATEWAY_PORT',
        'SELF_GOVERNANCE_SECRET',
        'ORGANIZATIONS_SECRET',
        'PARTY_BUILDING_SECRET',
        'SOCIAL_WORK_URL',
        'SOCIAL_WORK_SECRET',
        'FUNDING_SECRET',
      ].sort(),
    );
  });

  it('defaults the subgraph URLs to the local ports', () => {
    const env = loadGatewayEnvironment({ ...secrets }, { exitOnError: false });
    expect(env.gateway).toMatchObject({ GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: 4000, SUBGRAPH_TIMEOUT_MS: 10_000, INTROSPECTION: true });
    expect(env.gateway.GATEWAY_WORKERS).toBeGreaterThan(0);
    expect(env.subgraphs['party-building']).toEqual({ url: 'http://127.0.0.1:4003/graphql', secret: 'party-building-secret' });
    expect(env.subgraphs.funding.url).toBe('http://127.0.0.1:4005/graphql');
  });

  it('reads the response cache: off by default, a 30 s stale window unless set, 0 for none', () => {
    const defaults = loadGatewayEnvironment({ ...secrets }, { exitOnError: false }).gateway;
    expect(defaults).toMatchObject({ RESPONSE_CACHE_TTL_MS: 0, RESPONSE_CACHE_STALE_MS: 30_000, RESPONSE_CACHE_MAX_ENTRIES: 10_000, RESPONSE_CACHE_REFRESH_CONCURRENCY: 2 });
    const set = loadGatewayEnvironment({ ...secrets, RESPONSE_CACHE_TTL_MS: '5000', RESPONSE_CACHE_STALE_MS: '0' }, { exitOnError: false }).gateway;
    expect(set).toMatchObject({ RESPONSE_CACHE_TTL_MS: 5_000, RESPONSE_CACHE_STALE_MS: 0 });
    expect(loadGatewayEnvironment({ ...secrets, RESPONSE_CACHE_STALE_MS: '' }, { exitOnError: false }).gateway.RESPONSE_CACHE_STALE_MS).toBe(30_000);
    expect(() => loadGatewayEnvironment({ ...secrets, RESPONSE_CACHE_STALE_MS: '-1' }, { exitOnError: false })).toThrow(EnvironmentError);
  });

  it('keeps /metrics off unless a metrics token of 16 characters or more is set', () => {
    expect(loadGatewayEnvironment({ ...secrets }, { exitOnError: false }).gateway.GATEWAY_METRICS_TOKEN).toBeUndefined();
    expect(loadGatewayEnvironment({ ...secrets, GATEWAY_METRICS_TOKEN: '' }, { exitOnError: false }).gateway.GATEWAY_METRICS_TOKEN).toBeUndefined();
    expect(loadGatewayEnvironment({ ...secrets, GATEWAY_METRICS_TOKEN: 'a-long-enough-token' }, { exitOnError: false }).gateway.GATEWAY_METRICS_TOKEN).toBe('a-long-enough-token');
    expect(() => loadGatewayEnvironment({ ...secrets, GATEWAY_METRICS_TOKEN: 'short' }, { exitOnError: false })).toThrow(/GATEWAY_METRICS_TOKEN/);
  });

  it('turns introspection off in production unless asked for', () => {
    expect(loadGatewayEnvironment({ ...secrets, NODE_ENV: 'production' }, { exitOnError: false }).gateway.INTROSPECTION).toBe(false);
    expect(
      loadGatewayEnvironment({ ...secrets, NODE_ENV: 'production', INTROSPECTION: '1' }, { exitOnError: false }).gateway.INTROSPECTION,
    ).toBe(true);
  });
});

describe('readyzUrl', () => {
  it('sits next to the GraphQL path', () => {
    expect(readyzUrl('http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/readyz');
    expect(readyzUrl('http://subgraphs.internal/funding/graphql/')).toBe('http://subgraphs.internal/funding/readyz');
    expect(readyzUrl('http://127.0.0.1:4001')).toBe('http://127.0.0.1:4001/readyz');
  });
});
