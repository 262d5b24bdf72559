import { describe, expect, it } from 'vitest';
import { anonymous, type Identity } from '../../src/identity.ts';
import { inScope, mayReadPersonalData, mayWriteRegion, requireWrite, scopeFilter } from '../../src/auth/policy.ts';
import { DomainError } from '../../src/errors.ts';

const who = (roles: string[], scope: string[]): Identity => ({ subject: 'u', roles, scope, organizationId: null, partnerId: null });
const community = '150204004001';
const neighbour = '150204004002';
const otherStreet = '150204005001';

describe('role × scope', () => {
  const cases: [string, Identity, boolean, boolean, boolean][] = [
    // who, identity, personal data of `community`, of `neighbour`, of `otherStreet`
    ['district office', who(['district_office'], ['150204']), true, true, true],
    ['street office', who(['street_office'], ['150204004']), true, true, false],
    ['community worker', who(['community_worker'], [community]), true, false, false],
    ['social worker', who(['social_worker'], [community]), true, false, false],
    ['org admin', who(['org_admin'], []), false, false, false],
    ['partner agency', who(['partner_agency'], ['150204']), false, false, false],
    ['resident', who(['resident'], []), false, false, false],
    ['public', anonymous, false, false, false],
  ];
  it.each(cases)('%s reads personal data only within scope', (_name, identity, own, next, far) => {
    expect([community, neighbour, otherStreet].map((code) => mayReadPersonalData(identity, code))).toEqual([own, next, far]);
  });

  it('writes: government staff within scope only', () => {
    expect(mayWriteRegion(who(['street_office'], ['150204004']), community)).toBe(true);
    expect(mayWriteRegion(who(['street_office'], ['150204004']), otherStreet)).toBe(false);
    expect(mayWriteRegion(who(['social_worker'], [community]), community)).toBe(false);
    expect(inScope(who(['district_office'], ['150204']), '150205001001')).toBe(false);
  });

  it('refuses with UNAUTHENTICATED for anonymous callers and FORBIDDEN otherwise', () => {
    const code = (identity: Identity) => {
      try {
        requireWrite(identity, false, 'input.communityCode');
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'allowed';
    };
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
    expect(code(who(['resident'], []))).toBe('FORBIDDEN');
  });

  it('narrows non-public lists to the caller’s scope', () => {
    expect(scopeFilter(who(['street_office'], ['150204004']))).toEqual(['150204004']);
    expect(scopeFilter(anonymous)).toEqual([]);
  });
});
