import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@sanshe/infra/services';

/** Written by `pnpm compose`, committed, and the only schema the gateway ever serves. */
export const SUPERGRAPH_PATH = join(repoRoot, 'gateway', 'supergraph.graphql');

/** The committed supergraph, or null when it has not been written yet. */
export function readCommittedSupergraph(path = SUPERGRAPH_PATH): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Like readCommittedSupergraph, but a missing file is an error that says how to fix it. */
export function loadSupergraph(path = SUPERGRAPH_PATH): string {
  const sdl = readCommittedSupergraph(path);
  if (sdl === null) throw new Error(`${path} does not exist: run \`pnpm compose\` to write it`);
  return sdl;
}
