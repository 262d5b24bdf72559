import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the monorepo (this file is `<repo>/infra/src/local/paths.ts`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where local state (embedded databases, NATS store) lives: `<repo>/.local`, git-ignored. */
export const LOCAL_STATE_DIR = join(REPO_ROOT, '.local');
