import { loadServiceEnvironment } from '@sanshe/service-kit';

/** Funding reads only the common service variables; its default port is 4005. */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env) =>
  loadServiceEnvironment(4005, source);
