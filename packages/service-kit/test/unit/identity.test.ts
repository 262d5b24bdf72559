import { describe, expect, it } from 'vitest';
import { anonymous, decodeIdentity, encodeIdentity, type Identity } from '../../src/identity.ts';

const secret = 'subgraph-secret-0123456789';
const officer: Identity = { subject: 'u-1', roles: ['street_office'], scope: ['150204004'], organizationId: null, partnerId: null };

describe('forwarded identity', () => {
  it('round-trips when signed with the subgraph secret', () => {
    expect(decodeIdentity(encodeIdentity(officer, secret), secret)).toEqual(officer);
    expect(decodeIdentity(encodeIdentity(anonymous, secret), secret)).toEqual(anonymous);
  });

  it('refuses an identity signed with another secret, tampered with, or missing', () => {
    expect(decodeIdentity(encodeIdentity(officer, 'another-secret-0123456789'), secret)).toBeNull();
    const [payload, signature] = encodeIdentity(officer, secret).split('.');
    const widened = Buffer.from(JSON.stringify({ ...officer, scope: ['150204'] })).toString('base64url');
    expect(decodeIdentity(`${widened}.${signature}`, secret)).toBeNull();
    expect(decodeIdentity(`${payload}.`, secret)).toBeNull();
    expect(decodeIdentity(payload, secret)).toBeNull();
    expect(decodeIdentity(undefined, secret)).toBeNull();
  });
});
