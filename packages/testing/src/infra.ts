import { inject } from 'vitest';

export interface TestInfra {
  postgresMode: 'env' | 'local' | 'embedded';
  /** Server URL for CREATE/DROP DATABASE; null when PostgreSQL is embedded (no templates). */
  adminUrl: string | null;
  /** service name → migrated template database URL */
  templateUrls: Record<string, string>;
  natsUrl: string;
  maxConnections: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sansheInfra: TestInfra;
  }
}

export function testInfra(): TestInfra {
  return inject('sansheInfra');
}
