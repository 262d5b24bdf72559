import { loadServiceEnvironment } from '@sanshe/service-kit';

/** Self-governance reads only the common service variables; its default port is 4001. */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env) =>
  loadServiceEnvironment(4001, source);
