import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OrganizationRow } from '../../src/db/schema.ts';
import { ORGANIZATION_STATES } from '../../src/domain/lifecycle.ts';
import { candidatesFor, derivedId, serviceId } from '../../src/open-data/hsds-ids.ts';
import { hsdsOrganization, hsdsService, legalStatus, serviceStatus, type PublishedOrganization } from '../../src/open-data/hsds-mapping.ts';
import { assertValid, hsdsValidators } from '../factories/hsds.ts';
import { validCreditCode } from '../factories/organizations.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function row(overrides: Partial<PublishedOrganization> = {}): PublishedOrganization {
  const now = new Date('2025-03-01T08:00:00.000Z');
  return {
    id: randomUUID(),
    name: '先锋道邻里互助会',
    track: 'registered',
    state: 'registered',
    suspendedFrom: null,
    category: 'community_service',
    serviceFields: ['elderly', 'volunteering'],
    legalForm: 'social_group',
    creditCode: validCreditCode('1'),
    filingNumber: '青先备-001',
    description: null,
    phone: null,
    email: null,
    website: null,
    hubKind: null,
    communityCode: '150204001001',
    streetCode: '150204001',
    districtCode: '150204',
    staffCount: 3,
    memberCount: 40,
    establishedOn: '2019-05-20',
    grade: null,
    gradeValidUntil: null,
    filedAt: null,
    registeredAt: now,
    deregisteredAt: null,
    createdAt: now,
    updatedAt: now,
    communityName: '先锋道第一社区',
    ...overrides,
  } satisfies OrganizationRow & { communityName: string | null };
}

describe('derived HSDS ids', () => {
  it('are deterministic, shaped like v4 UUIDs, distinct per label, and reversible', () => {
    const id = randomUUID();
    const a = serviceId(id, 'elderly');
    expect(a).toMatch(V4);
    expect(serviceId(id, 'elderly')).toBe(a);
    expect(serviceId(id.toUpperCase(), 'elderly')).toBe(a);
    expect(serviceId(id, 'youth')).not.toBe(a);
    expect(derivedId(a, 'service:elderly')).toBe(id);
    expect(candidatesFor(a, ['service:youth', 'service:elderly']).find((c) => c.organizationId === id)?.label).toBe('service:elderly');
  });
});

describe('HSDS mapping', () => {
  const validators = hsdsValidators();

  it('maps every published state to a valid organization and services', () => {
    for (const state of ORGANIZATION_STATES.filter((s) => s !== 'preparing')) {
      const r = row({ state, suspendedFrom: state === 'suspended' ? 'registered' : null });
      assertValid(validators.organization, hsdsOrganization(r), state);
      for (const field of r.serviceFields) assertValid(validators.service, hsdsService(r, field), `${state} ${field}`);
    }
    expect(ORGANIZATION_STATES.map((state) => serviceStatus(row({ state })))).toEqual(['active', 'active', 'active', 'active', 'inactive', 'defunct']);
    expect(legalStatus(row({ state: 'recommended', track: 'filed' }))).toBe('社区社会组织，街道备案（已推荐登记）');
    expect(legalStatus(row({ legalForm: 'foundation' }))).toBe('基金会，民政部门登记');
  });

  it('omits absent values instead of publishing nulls, and leaves out internal fields', () => {
    const organization = hsdsOrganization(row());
    expect(Object.values(organization).includes(null as never)).toBe(false);
    expect(organization).not.toHaveProperty('email');
    expect(organization.phones).toEqual([]);
    expect(JSON.stringify(organization)).not.toMatch(/staff|member|suspended|grade/i);
  });

  it('has validators that really refuse what HSDS forbids', () => {
    const good = hsdsOrganization(row());
    const { description: _d, ...noDescription } = good;
    expect(validators.organization(noDescription)).toBe(false);
    expect(validators.organization({ ...good, id: 'not-a-uuid' })).toBe(false);
    expect(validators.organization({ ...good, email: 'not-an-email' })).toBe(false);
    expect(validators.organization({ ...good, organization_identifiers: [{ id: randomUUID(), identifier_type: 'x' }] })).toBe(false);
    const service = hsdsService(row(), 'elderly');
    expect(validators.service({ ...service, status: 'open' })).toBe(false);
    expect(validators.service({ ...service, last_modified: 'yesterday' })).toBe(false);
    expect(validators.serviceList({ total_items: 'many', contents: [] })).toBe(false);
    expect(validators.serviceList({ total_items: 1, contents: [{ id: randomUUID(), name: 'x' }] })).toBe(false);
    expect(validators.organizationList({ total_items: 1, contents: [{ id: randomUUID(), name: 'x', description: 'y' }] })).toBe(true);
  });
});
