import type { OrganizationRow } from '../db/schema.ts';
import { CATEGORY_LABELS, LEGAL_FORM_LABELS, SERVICE_FIELD_LABELS, STATE_LABELS } from '../domain/labels.ts';
import { derivedId, serviceId } from './hsds-ids.ts';

/**
 * Organizations and their services in the shape of Open Referral HSDS 3.0. Public fields only:
 * name, description, the organization's own contact e-mail, phone and website, legal status,
 * year, identifiers and service fields. Never: reasons given for suspension or deregistration,
 * staff and member counts, internal states such as what a suspension interrupted.
 */
export type PublishedOrganization = OrganizationRow & { communityName: string | null };

/** The scheme label used for unified social credit codes (GB 32100-2015). */
export const CREDIT_CODE_SCHEME = 'CN-USCC';

/** Omits absent values: HSDS fields are typed strings or numbers, never null. */
function present<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as T;
}

const fieldLabel = (field: string) => SERVICE_FIELD_LABELS[field] ?? field;

export function legalStatus(row: OrganizationRow): string {
  const base = row.track === 'registered' ? `${LEGAL_FORM_LABELS[row.legalForm ?? ''] ?? '社会组织'}，民政部门登记` : '社区社会组织，街道备案';
  return row.state === 'filed' || row.state === 'registered' ? base : `${base}（${STATE_LABELS[row.state]}）`;
}

/** active while filed, recommended or registered; inactive while suspended; defunct once deregistered. */
export function serviceStatus(row: OrganizationRow): 'active' | 'inactive' | 'defunct' {
  if (row.state === 'deregistered') return 'defunct';
  return row.state === 'suspended' ? 'inactive' : 'active';
}

function describe(row: PublishedOrganization): string {
  if (row.description) return row.description;
  const fields = row.serviceFields.map(fieldLabel).join('、');
  return `${CATEGORY_LABELS[row.category] ?? ''}社会组织，服务${row.communityName ?? row.communityCode}${fields ? `，服务领域：${fields}` : ''}。`;
}

/** The one-to-one fields: what /organizations lists. */
export function hsdsOrganizationSummary(row: PublishedOrganization) {
  return present({
    id: row.id,
    name: row.name,
    description: describe(row),
    email: row.email,
    website: row.website,
    legal_status: legalStatus(row),
    year_incorporated: row.establishedOn ? Number(row.establishedOn.slice(0, 4)) : null,
  });
}

function phones(row: OrganizationRow, link: { organization_id?: string; service_id?: string }) {
  return row.phone ? [{ id: derivedId(row.id, `phone:${link.service_id ?? 'organization'}`), ...link, number: row.phone }] : [];
}

export function hsdsServiceSummary(row: PublishedOrganization, field: string) {
  const label = fieldLabel(field);
  return present({
    id: serviceId(row.id, field),
    organization_id: row.id,
    name: `${row.name}${label}`,
    description: `${row.name}在${row.communityName ?? row.communityCode}提供的${label}。`,
    url: row.website,
    email: row.email,
    status: serviceStatus(row),
    last_modified: row.updatedAt.toISOString(),
  });
}

/** /organizations/{id}: the organization with its identifiers, phone and services. */
export function hsdsOrganization(row: PublishedOrganization) {
  const identifiers = [
    row.creditCode && {
      id: derivedId(row.id, 'identifier:credit-code'),
      organization_id: row.id,
      identifier_scheme: CREDIT_CODE_SCHEME,
      identifier_type: '统一社会信用代码',
      identifier: row.creditCode,
    },
    row.filingNumber && {
      id: derivedId(row.id, 'identifier:filing-number'),
      organization_id: row.id,
      identifier_type: '社区社会组织备案编号',
      identifier: row.filingNumber,
    },
  ].filter(Boolean);
  return {
    ...hsdsOrganizationSummary(row),
    organization_identifiers: identifiers,
    phones: phones(row, { organization_id: row.id }),
    services: row.serviceFields.map((field) => hsdsServiceSummary(row, field)),
  };
}

/** /services/{id}: the service with its phone and its organization. */
export function hsdsService(row: PublishedOrganization, field: string) {
  const summary = hsdsServiceSummary(row, field);
  return { ...summary, phones: phones(row, { service_id: summary.id }), organization: hsdsOrganizationSummary(row) };
}
