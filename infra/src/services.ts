import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The five subgraphs, their databases and default ports (the gateway listens on 4000). */
export const SERVICES = ['self-governance', 'organizations', 'party-building', 'social-work', 'funding'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SERVICE_DATABASE: Record<ServiceName, string> = {
  'self-governance': 'self_governance',
  organizations: 'organizations',
  'party-building': 'party_building',
  'social-work': 'social_work',
  funding: 'funding',
};

export const SERVICE_PORT: Record<ServiceName, number> = {
  'self-governance': 4001,
  organizations: 4002,
  'party-building': 4003,
  'social-work': 4004,
  funding: 4005,
};

/** Env variable the gateway reads for each subgraph's URL and secret. */
export function serviceEnvKey(service: ServiceName): string {
  return service.toUpperCase().replace(/-/g, '_');
}
