import { anonymous, type Identity } from '@sanshe/service-kit';

/**
 * The callers of the authorization matrix, and the two targets every case is tried on. The
 * expectations in the case tables are written out by hand from the rules in the README — never
 * computed from src/authorization.ts — so the matrix tests the rules, not their restatement.
 */

export const DISTRICT = '150204';
export const STREET = '150204004';
/** The in-scope target: a community of Qingshan's 150204004 street. */
export const IN = '150204004001';
/** Its neighbour, the community of the "other" community worker. */
export const NEIGHBOUR = '150204004002';
/** The out-of-scope target: a community of another district (150205). */
export const OUT = '150205001001';

export type Target = 'in' | 'out';
export const TARGETS: Record<Target, string> = { in: IN, out: OUT };

/** The organization the org admin acts for (a UUID: micro-wish claims and micro-projects name it). */
export const ADMIN_ORGANIZATION = '5f0c2b9e-3a41-4c6d-8e7f-0a1b2c3d4e5f';
export const OTHER_ORGANIZATION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const who = (subject: string, roles: string[], scope: string[], extra: Partial<Identity> = {}): Identity => ({
  subject,
  roles,
  scope,
  organizationId: null,
  partnerId: null,
  ...extra,
});

export const CALLERS = {
  districtOffice: who('district-office-150204', ['district_office'], [DISTRICT]),
  streetOffice: who('street-office-150204004', ['street_office'], [STREET]),
  communityWorker: who('community-worker-150204004001', ['community_worker'], [IN]),
  otherCommunityWorker: who('community-worker-150204004002', ['community_worker'], [NEIGHBOUR]),
  socialWorker: who('social-worker-150204004001', ['social_worker'], [IN]),
  orgAdmin: who('org-admin', ['org_admin'], [], { organizationId: ADMIN_ORGANIZATION }),
  partner: who('partner-agency', ['partner_agency'], [DISTRICT], { partnerId: 'partner-qingshan' }),
  resident: who('resident-1', ['resident'], []),
  anonymous,
} satisfies Record<string, Identity>;

export type Caller = keyof typeof CALLERS;
export const CALLER_NAMES = Object.keys(CALLERS) as Caller[];

/** `caller@target` keys, for the hand-written expectation sets. */
export type At = `${Caller}@${Target}`;
export const at = (caller: Caller, target: Target): At => `${caller}@${target}`;

/** Government staff whose scope covers the in-scope target. */
export const STAFF_IN: At[] = ['districtOffice@in', 'streetOffice@in', 'communityWorker@in'];
/** Who sees residents' personal data unmasked: staff and the social worker of the community. */
export const PERSONAL_READERS: At[] = [...STAFF_IN, 'socialWorker@in'];
/** Who reads non-public records (disputes, needs, wish details): the above and the partner agency of the district. */
export const RECORD_READERS: At[] = [...PERSONAL_READERS, 'partner@in'];
