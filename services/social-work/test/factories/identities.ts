import { anonymous, type Identity } from '@sanshe/service-kit';

/** A caller without rights to personal data: sees public records, personal fields masked. */
export const publicReader: Identity = anonymous;

/**
 * A partner agency whose agreement covers the district: sees the district's non-public records
 * (volunteers, cases) but never personal data unmasked.
 */
export const partnerReader: Identity = {
  subject: 'test-partner',
  roles: ['partner_agency'],
  scope: ['150204'],
  organizationId: null,
  partnerId: 'test-partner',
};
