import { z } from 'zod';

/**
 * Roles as the districts work (seed 000, 001, 003): the district civil-affairs office, a street
 * office, a community worker, a social organization's administrator, a social worker, a partner
 * agency reading what its agreement names, a resident, and the public.
 */
export const ROLES = [
  'district_office',
  'street_office',
  'community_worker',
  'org_admin',
  'social_worker',
  'partner_agency',
  'resident',
  'public',
] as const;

export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

/** The scope each role's region codes must have: a district office acts within a 6-digit code … */
export const SCOPE_LENGTH: Partial<Record<Role, number>> = {
  district_office: 6,
  street_office: 9,
  community_worker: 12,
};
