import type { AnySubgraph } from '@sanshe/testing';
import { qingshanSample } from '../../../self-governance/test/factories/regions.ts';

/**
 * Writes the Qingshan sample straight into the service's `known_regions` replica, as the region
 * consumer would. For tests about organizations, not about how regions arrive (organizations.test.ts
 * covers that path end to end).
 */
export async function seedKnownRegions(service: AnySubgraph): Promise<void> {
  for (const region of qingshanSample) {
    const level = region.level.toLowerCase();
    const code = region.code;
    const parentCode = code.length === 6 ? null : code.slice(0, code.length === 9 ? 6 : 9);
    const streetCode = code.length >= 9 ? code.slice(0, 9) : null;
    await service.database.sql`
      insert into known_regions (code, name, level, parent_code, district_code, street_code, population, households)
      values (${code}, ${region.name}, ${level}, ${parentCode}, ${code.slice(0, 6)}, ${streetCode}, ${region.population ?? null}, ${region.households ?? null})
      on conflict (code) do nothing`;
  }
}
