/**
 * Vitest global setup of the `partners` and `faults` projects: they run their own nats-server
 * (auth, accounts, `sync_interval: always`), which needs 2.10+. Finds it, or builds the pinned
 * version into .local/bin once (~45 s on a fresh clone; later runs find it). The other projects
 * never call this and use whatever NATS the shared setup found.
 */
import type { TestProject } from 'vitest/node';
import { ensureNatsServer } from './nats-binary.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    partnerNatsServer: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  const binary = await ensureNatsServer((line) => console.log(`[test infra] ${line}`));
  process.env.SANSHE_NATS_SERVER = binary.path;
  project.provide('partnerNatsServer', binary.path);
}
