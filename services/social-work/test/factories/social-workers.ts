import { randomInt } from 'node:crypto';
import type { AnySubgraph } from '@sanshe/testing';

export const SOCIAL_WORKER_FIELDS = /* GraphQL */ `
  id name certificationLevel certificateNumber certifiedOn employment employer { id } community { code } registeredAt
`;

export const REGISTER_SOCIAL_WORKER = /* GraphQL */ `
  mutation ($input: RegisterSocialWorkerInput!) { registerSocialWorker(input: $input) { ${SOCIAL_WORKER_FIELDS} } }
`;

export interface SocialWorkerResult {
  id: string;
  name: string;
  certificationLevel: string | null;
  certificateNumber: string | null;
  certifiedOn: string | null;
  employment: 'AGENCY' | 'GOVERNMENT_POST';
  employer: { id: string } | null;
  community: { code: string };
  registeredAt: string;
}

/** A unique certificate number in the national register's shape. */
export function certificateNumber(): string {
  return `S${String(randomInt(10 ** 9)).padStart(9, '0')}${randomInt(10)}`;
}

/** A government-post worker without a certificate, unless overridden. */
export function socialWorkerInput(overrides: Record<string, unknown> = {}) {
  return {
    name: '王小明',
    communityCode: '150204001001',
    employment: 'GOVERNMENT_POST',
    ...overrides,
  };
}

/** A certified worker's certificate fields. */
export function certificate(level = 'INTERMEDIATE', certifiedOn = '2021-06-19') {
  return { certificationLevel: level, certificateNumber: certificateNumber(), certifiedOn };
}

export async function registerSocialWorker(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<SocialWorkerResult> {
  const input = socialWorkerInput(overrides);
  const result = await service.request<{ registerSocialWorker: SocialWorkerResult }>(REGISTER_SOCIAL_WORKER, { input });
  if (result.errors) throw new Error(`registerSocialWorker: ${JSON.stringify(result.errors)}`);
  return result.data!.registerSocialWorker;
}
