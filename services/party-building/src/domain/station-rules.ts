import { z } from 'zod';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { streetOf } from './hierarchy.ts';

/** Seed 000: stations sit at the community, its grids (网格), buildings (楼栋) and units (单元). */
export const STATION_PLACEMENTS = ['community', 'grid', 'building', 'unit'] as const;
export type StationPlacement = (typeof STATION_PLACEMENTS)[number];

const stationInput = z.object({
  name: z.string().trim().min(2, 'a name has 2 to 100 characters').max(100, 'a name has 2 to 100 characters'),
  communityCode: z.string().regex(/^\d{12}$/, 'a community code has 12 digits'),
  placement: z.enum(STATION_PLACEMENTS),
  // "3号楼2单元", "第二网格": where residents find it.
  locationLabel: z.string().trim().min(1, 'a location label has 1 to 100 characters').max(100, 'a location label has 1 to 100 characters'),
  partyOrganizationId: z.string().nullish(),
  // Checked by parsePastDay, which names the field in its own words.
  openedOn: z.string().nullish(),
});

export type StationInput = z.output<typeof stationInput>;

export function parseStationInput(input: unknown): StationInput {
  return parseInput(stationInput, input);
}

/**
 * The party organization running a station serves that community: it belongs to the community,
 * or it is the working committee of the community's street.
 */
export function checkStationHost(communityCode: string, host: { kind: string; regionCode: string }, field = 'input.partyOrganizationId'): void {
  const serves = host.regionCode === communityCode || (host.kind === 'street_working_committee' && host.regionCode === streetOf(communityCode));
  if (!serves) {
    throw new DomainError('RULE_VIOLATION', `the party organization of ${host.regionCode} does not serve community ${communityCode}`, field);
  }
}
