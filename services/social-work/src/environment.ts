import { loadServiceEnvironment } from '@sanshe/service-kit';

/** Social work reads only the common service variables; its default port is 4004. */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env) =>
  loadServiceEnvironment(4004, source);
