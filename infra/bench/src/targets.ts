import { existsSync } from 'node:fs';
import { cityFingerprint, type City } from '../../src/generator/city.ts';
import { Checkpoint } from '../../src/generator/load.ts';
import { derive } from '../../src/generator/prng.ts';

/**
 * Volunteer–organization pairs of the same street for the read/write mix's writes, from the ids
 * the generator's checkpoint kept; none when the dataset was loaded elsewhere.
 */
export function readServicePairs(city: City, path: string, count: number): { volunteerId: string; organizationId: string }[] {
  if (!existsSync(path)) return [];
  const checkpoint = new Checkpoint(path, cityFingerprint(city));
  const { organizations, volunteers } = city.config;
  let organizationIds: string[];
  let volunteerIds: string[];
  try {
    organizationIds = checkpoint.ids('organizations', Math.ceil(organizations / 1000), 1000, organizations);
    volunteerIds = checkpoint.ids('volunteers', Math.ceil(volunteers / 1000), 1000, volunteers);
  } catch {
    return [];
  }
  const random = derive(city.config.seed, 99);
  const pairs: { volunteerId: string; organizationId: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const volunteer = Math.floor(random() * volunteers);
    const community = city.communities[city.volunteerCommunity[volunteer]!]!;
    const nearby = city.organizationsByStreet.get(community.streetCode) ?? [];
    if (nearby.length === 0) continue;
    const organization = nearby[Math.floor(random() * nearby.length)]!;
    pairs.push({ volunteerId: volunteerIds[volunteer]!, organizationId: organizationIds[organization]! });
  }
  return pairs;
}
