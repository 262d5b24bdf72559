/**
 * Fault tests (Jepsen-style), at a size that keeps `pnpm test` reasonable: while registerRegion
 * mutations run, SIGKILL in turn the relay (the self-governance process), a consumer (the
 * organizations process), nats-server and a partner's app — each restarted — then compare what
 * committed with what every entitled consumer applied. Full size: `pnpm faults --size 5000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { formatReport, runFaultScenario } from '@sanshe/infra/faults';
import { createTestDatabase, testInfra, type TestDatabase } from '@sanshe/testing';

const SIZE = Number(process.env.FAULTS_SIZE ?? 1500);
const databases: TestDatabase[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'sanshe-faults-'));

afterAll(async () => {
  for (const db of databases) await db.drop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

it(`nothing committed is lost, nothing uncommitted arrives, nothing is applied twice — ${SIZE} mutations, relay, consumer, nats-server and partner SIGKILLed`, async () => {
  const [selfGovernance, organizations, partner] = await Promise.all([
    createTestDatabase('self-governance'),
    createTestDatabase('organizations'),
    createTestDatabase('organizations'), // the partner app's own database (it adds its table)
  ]);
  databases.push(selfGovernance!, organizations!, partner!);
  const infra = testInfra();
  const report = await runFaultScenario({
    size: SIZE,
    rounds: 1,
    databaseUrls: { selfGovernance: selfGovernance!.url, organizations: organizations!.url, partner: partner!.url },
    workDir,
    outboxListen: infra.postgresMode !== 'embedded',
    poolMax: Math.min(6, infra.maxConnections),
    convergeTimeoutMs: 90_000,
    log: () => {},
  });
  console.log(formatReport(report));
  expect(report.problems, formatReport(report)).toEqual([]);
  expect(report.kills.map((k) => k.target)).toEqual(['relay', 'consumer', 'nats-server', 'partner']);
  expect(report.partner).toMatchObject({ missing: 0, extra: 0, duplicates: 0, expected: report.committed.events });
  expect(report.organizations.inbox).toMatchObject({ missing: 0, extra: 0, duplicates: 0 });
  expect(report.stream.duplicatesStored).toBe(0);
  expect(report.ok).toBe(true);
});
