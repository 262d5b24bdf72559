import { loadServiceEnvironment } from '@sanshe/service-kit';

/** Organizations reads only the common service variables; its default port is 4002. */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env) =>
  loadServiceEnvironment(4002, source);
