import type { PlatformClaims } from './claims.ts';

/** One demo user per role, scoped to the Qingshan demo (先锋道街道, its first community). */
export const DEMO_USERS: Record<string, PlatformClaims & { subject: string }> = {
  district_office: { subject: 'demo-district-office', roles: ['district_office'], scope_codes: ['150204'] },
  street_office: { subject: 'demo-street-office', roles: ['street_office'], scope_codes: ['150204004'] },
  community_worker: { subject: 'demo-community-worker', roles: ['community_worker'], scope_codes: ['150204004001'] },
  social_worker: { subject: 'demo-social-worker', roles: ['social_worker'], scope_codes: ['150204004001'] },
  partner_agency: { subject: 'demo-partner', roles: ['partner_agency'], scope_codes: ['150204'], partner: 'demo-foundation' },
  resident: { subject: 'demo-resident', roles: ['resident'], scope_codes: [] },
};
