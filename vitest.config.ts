import { defineConfig } from 'vitest/config';

// Test tiers:
//   unit         domain rules as plain functions, no servers             <pkg>/test/unit
//   integration  one service against its own real database and NATS      <pkg>/test/integration
//   e2e          five subgraph processes + the gateway, events over NATS  test/e2e
//   datasets     the seed-true districts loaded whole, then their views    test/e2e/datasets.test.ts (pnpm test:datasets)
//   partners     partner-facing nats-server: permissions, replay, dead letters, SDK  infra/test/partners
//   faults       SIGKILL relay, consumer and nats-server under load; compare sets   test/faults
// PostgreSQL and NATS are found or started once for the run (packages/testing/src/global-setup.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['{services,packages,gateway,infra}/**/test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          globalSetup: ['packages/testing/src/global-setup.ts'],
          include: ['{services,packages,gateway,infra}/**/test/integration/**/*.test.ts', 'infra/test/local/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', globalSetup: ['packages/testing/src/global-setup.ts'], include: ['test/e2e/**/*.test.ts'], exclude: ['test/e2e/datasets.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
      },
      // The seed-true datasets loaded whole through the services (tens of thousands of writes, many
      // minutes on two cores): `pnpm test:datasets`, on its own, not inside `pnpm test`.
      {
        extends: true,
        test: { name: 'datasets', globalSetup: ['packages/testing/src/global-setup.ts'], include: ['test/e2e/datasets.test.ts'], testTimeout: 300_000, hookTimeout: 3_600_000 },
      },
      // Partner subscriptions and fault tests run their own nats-server 2.10+ (built once into .local/bin if missing).
      {
        extends: true,
        test: {
          name: 'partners',
          globalSetup: ['infra/src/partners/test-setup.ts'],
          include: ['infra/test/partners/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          globalSetup: ['packages/testing/src/global-setup.ts', 'infra/src/partners/test-setup.ts'],
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
