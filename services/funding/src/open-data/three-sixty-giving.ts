import { fenToYuan } from '../domain/money.ts';
import { districtDate } from '@sanshe/service-kit';

/**
 * Awarded grants as a 360Giving Data Standard (1.4) package. Public fields only: what was
 * awarded, to which organization, by which funder and programme, for which community, and how
 * much was paid. Reviews, scores, reviewer names, suspensions and ledger details are not published.
 *
 * Identifiers use the platform's own prefix (360Giving's guidance for organizations without a
 * registered 360G prefix yet): grants `360G-sanshe-<grant id>`, organizations
 * `360G-sanshe-org-<id>`, funders `360G-sanshe-region-<division code>` (the district or street
 * office running the programme), communities `360G-sanshe-community-<code>`.
 */
export const PREFIX = '360G-sanshe';
export const SCHEMA_VERSION = '1.4';

export interface PublishedGrant {
  id: string;
  title: string;
  description: string | null;
  amountFen: number;
  paidFen: number;
  awardedAt: Date;
  updatedAt: Date;
  lastBookedAt: Date | null;
  roundId: string | null;
  organization: { id: string; name: string | null } | null;
  community: { code: string; name: string | null };
  funder: { code: string; name: string | null };
  programme: { id: string; name: string };
}

export function grantRecord(g: PublishedGrant) {
  const communityName = g.community.name ?? g.community.code;
  const recipient = g.organization
    ? { id: `${PREFIX}-org-${g.organization.id}`, name: g.organization.name ?? g.organization.id }
    : { id: `${PREFIX}-community-${g.community.code}`, name: `${communityName}居民委员会` };
  const modified = g.lastBookedAt && g.lastBookedAt > g.updatedAt ? g.lastBookedAt : g.updatedAt;
  return {
    id: `${PREFIX}-${g.id}`,
    title: g.title,
    description: g.description ?? `${g.programme.name}：${g.title}`,
    currency: 'CNY',
    amountAwarded: fenToYuan(g.amountFen),
    amountDisbursed: fenToYuan(g.paidFen),
    awardDate: districtDate(g.awardedAt),
    recipientOrganization: [recipient],
    fundingOrganization: [{ id: `${PREFIX}-region-${g.funder.code}`, name: g.funder.name ?? g.funder.code }],
    grantProgramme: [{ code: `${PREFIX}-programme-${g.programme.id}`, title: g.programme.name }],
    beneficiaryLocation: [{ id: g.community.code, name: communityName, countryCode: 'CN', geoCode: g.community.code }],
    fromOpenCall: g.roundId ? 'Yes' : 'No',
    dateModified: modified.toISOString(),
  };
}

export function grantPackage(grants: readonly PublishedGrant[], now: Date = new Date()) {
  return {
    version: SCHEMA_VERSION,
    title: '三社联动资助数据 Sanshe community-governance grants',
    modified: now.toISOString(),
    grants: grants.map(grantRecord),
  };
}
