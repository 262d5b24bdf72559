import type { AnySubgraph } from '@sanshe/testing';

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterRegionInput!) {
    registerRegion(input: $input) { code name level }
  }
`;

export interface RegionFixture {
  code: string;
  name: string;
  level: 'DISTRICT' | 'STREET' | 'TOWNSHIP' | 'COMMUNITY' | 'VILLAGE';
  population?: number;
  households?: number;
}

/** Qingshan district, Baotou (seed 000) with two of its streets and three communities. */
export const qingshanSample: RegionFixture[] = [
  { code: '150204', name: '青山区', level: 'DISTRICT' },
  { code: '150204001', name: '先锋道街道', level: 'STREET' },
  { code: '150204002', name: '幸福路街道', level: 'STREET' },
  { code: '150204001001', name: '先锋道第一社区', level: 'COMMUNITY', population: 8600, households: 3100 },
  { code: '150204001002', name: '先锋道第二社区', level: 'COMMUNITY', population: 7200, households: 2600 },
  { code: '150204002001', name: '幸福路第一社区', level: 'COMMUNITY', population: 9100, households: 3300 },
];

/** Registers regions through the service's own mutation, parents first. */
export async function registerRegions(service: AnySubgraph, regions: RegionFixture[] = qingshanSample) {
  for (const input of regions) {
    const result = await service.request(REGISTER, { input });
    if (result.errors) throw new Error(`registerRegion ${input.code}: ${result.errors[0]!.message}`);
  }
}
