import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The gateway's tests need neither PostgreSQL nor NATS, so this config skips the root config's
// global setup: `pnpm exec vitest run --config gateway/test/vitest.config.ts`.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['gateway/test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['gateway/test/integration/**/*.test.ts'] } },
    ],
  },
});
