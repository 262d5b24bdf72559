import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@sanshe/infra/local';
import { SERVICES, repoRoot, type ServiceName } from '@sanshe/infra/services';
import { startPlatform, type RunningPlatform } from '@sanshe/infra/stack';
import { startDevIssuer, type DevIssuer } from '@sanshe/auth';
import { createTestBus, createTestDatabase, testInfra, type TestDatabase } from '@sanshe/testing';

/**
 * The five subgraphs and the gateway as separate processes on fresh databases of their own,
 * events over real NATS under a prefix of their own, and a development identity provider.
 */
export interface E2ePlatform {
  platform: RunningPlatform;
  issuer: DevIssuer;
  stop(): Promise<void>;
}

export async function startE2ePlatform(): Promise<E2ePlatform> {
  const bus = createTestBus();
  const keyPath = join(repoRoot, '.local', 'auth', `e2e-${bus.prefix}.json`);
  const issuer = await startDevIssuer({ keyPath, port: 0 });
  const databases: TestDatabase[] = [];
  const databaseUrls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const db = await createTestDatabase(service);
    databases.push(db);
    databaseUrls[service] = db.url;
  }
  const servicePorts = {} as Record<ServiceName, number>;
  for (const service of SERVICES) servicePorts[service] = await freePort();
  const platform = await startPlatform({
    databaseUrls,
    natsUrl: bus.natsUrl,
    eventPrefix: bus.prefix,
    gatewayPort: await freePort(),
    servicePorts,
    poolMax: Math.min(4, testInfra().maxConnections),
    outboxListen: testInfra().postgresMode !== 'embedded',
    gatewayWorkers: 1,
    logLevel: 'info',
    logDir: join(repoRoot, '.local', 'logs', `e2e-${bus.prefix}`),
    waitForReady: true,
    gatewayEnv: { AUTH_JWKS_URL: issuer.jwksUrl, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience },
  });
  return {
    platform,
    issuer,
    async stop() {
      await platform.stop();
      await issuer.stop();
      rmSync(keyPath, { force: true });
      for (const db of databases) await db.drop();
      await bus.cleanup();
    },
  };
}

export type GraphQLResponse<T> = { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** POSTs to the gateway with an optional bearer token. */
export async function gatewayQuery<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}
