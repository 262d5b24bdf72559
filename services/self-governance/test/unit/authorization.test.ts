import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIT_APPEND_ONLY_SQL, anonymous, DomainError, type Identity } from '@sanshe/service-kit';
import { MUTATION_RULES, mayMutate, writeAccess, type MutationName } from '../../src/authorization.ts';
import * as dbSchema from '../../src/db/schema.ts';
import { inReadScope, mayReadDisclosure, mayReadNeed, mayReadWishDetails } from '../../src/read-access.ts';
import { resolvers } from '../../src/resolvers/index.ts';
import { ADMIN_ORGANIZATION, at, CALLER_NAMES, CALLERS, IN, OUT, RECORD_READERS, TARGETS, type Target } from '../authorization/identities.ts';
import { MUTATION_CASES } from '../authorization/mutation-cases.ts';
import { PERSONAL_CASES } from '../authorization/personal-cases.ts';
import { declaresPersonalDirective, mutationFields, personalFields, personalPaths } from '../authorization/schema.ts';

/**
 * The generated half of the authorization matrix: schema.graphql is parsed, and every Mutation
 * field and every @personal field must have its rule and its test case. Adding a field without
 * them fails here; test/integration/authorization.test.ts then runs every case against the service.
 */

describe('generated from schema.graphql', () => {
  it('declares the subgraph-local @personal directive and uses it', () => {
    expect(declaresPersonalDirective()).toBe(true);
    expect(personalFields().length).toBeGreaterThan(0);
  });

  it('has a rule in src/authorization.ts for every Mutation field, and none for a field that is gone', () => {
    expect(Object.keys(MUTATION_RULES).sort()).toEqual(mutationFields().sort());
  });

  it('has a test case for every Mutation field', () => {
    expect(Object.keys(MUTATION_CASES).sort()).toEqual(mutationFields().sort());
  });

  it('has a test case for every way of reaching a @personal field', () => {
    expect(Object.keys(PERSONAL_CASES).sort()).toEqual(personalPaths());
  });

  it('resolves every @personal field itself (through revealPersonal in src/resolvers/personal.ts), never by default', () => {
    const map = resolvers as unknown as Record<string, Record<string, unknown>>;
    const missing = personalFields().filter((path) => {
      const [type, field] = path.split('.') as [string, string];
      return typeof map[type]?.[field] !== 'function';
    });
    expect(missing).toEqual([]);
  });
});

describe('mutation rules, role × scope', () => {
  // The same hand-written expectations the integration matrix checks against the running service.
  const target = (t: Target) => ({ regionCode: TARGETS[t], organizationId: ADMIN_ORGANIZATION });

  it.each(mutationFields())('%s', (name) => {
    const allowed = CALLER_NAMES.flatMap((caller) => (['in', 'out'] as const).filter((t) => mayMutate(CALLERS[caller], name as MutationName, target(t))).map((t) => at(caller, t)));
    expect(allowed.sort()).toEqual([...MUTATION_CASES[name]!.allowed].sort());
  });

  it('refuses a caller whose roles could never make the change before reading the input', () => {
    const code = (identity: Identity, name: MutationName) => {
      try {
        writeAccess(identity, name);
        return 'passed';
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(code(anonymous, 'reportNeed')).toBe('UNAUTHENTICATED');
    expect(code(CALLERS.resident, 'reportDispute')).toBe('FORBIDDEN');
    expect(code(CALLERS.partner, 'publishDisclosure')).toBe('FORBIDDEN');
    expect(code(CALLERS.streetOffice, 'registerRegion')).toBe('FORBIDDEN');
    expect(code(CALLERS.resident, 'reportNeed')).toBe('passed');
    expect(code(CALLERS.orgAdmin, 'claimMicroWish')).toBe('passed');
  });

  it('lets an org admin act for their own organization only', () => {
    expect(mayMutate(CALLERS.orgAdmin, 'claimMicroWish', { regionCode: OUT, organizationId: ADMIN_ORGANIZATION })).toBe(true);
    expect(mayMutate(CALLERS.orgAdmin, 'claimMicroWish', { regionCode: IN, organizationId: 'another' })).toBe(false);
    expect(mayMutate(CALLERS.orgAdmin, 'claimMicroWish', { regionCode: IN, organizationId: null })).toBe(false);
    expect(mayMutate({ ...CALLERS.orgAdmin, organizationId: null }, 'claimMicroWish', { regionCode: IN, organizationId: null })).toBe(false);
    expect(mayMutate(CALLERS.orgAdmin, 'cancelMicroProject', { regionCode: IN, organizationId: ADMIN_ORGANIZATION })).toBe(false);
  });
});

describe('reads', () => {
  it('narrows non-public records to the caller’s scope', () => {
    const readers = CALLER_NAMES.flatMap((caller) => (['in', 'out'] as const).filter((t) => inReadScope(CALLERS[caller], TARGETS[t])).map((t) => at(caller, t)));
    expect(readers.sort()).toEqual([...RECORD_READERS].sort());
  });

  it('shows a resident the needs they reported, and only those', () => {
    const need = { communityCode: OUT, reportedBy: CALLERS.resident.subject };
    expect(mayReadNeed(CALLERS.resident, need)).toBe(true);
    expect(mayReadNeed({ ...CALLERS.resident, subject: 'resident-2' }, need)).toBe(false);
    expect(mayReadNeed(CALLERS.communityWorker, need)).toBe(false);
    // The subject alone is not enough: a staff token with the same subject reads by scope only.
    expect(mayReadNeed({ ...CALLERS.otherCommunityWorker, subject: CALLERS.resident.subject }, need)).toBe(false);
  });

  it('shows a wish’s details to its poster and to the organization that claimed it', () => {
    const wish = { communityCode: OUT, postedBy: 'resident-1', claimantKind: 'organization', claimantId: ADMIN_ORGANIZATION };
    expect(mayReadWishDetails(CALLERS.resident, wish)).toBe(true);
    expect(mayReadWishDetails(CALLERS.orgAdmin, wish)).toBe(true);
    expect(mayReadWishDetails(CALLERS.orgAdmin, { ...wish, claimantKind: 'volunteer' })).toBe(false);
    expect(mayReadWishDetails(anonymous, wish)).toBe(false);
  });

  it('publishes published disclosures and keeps withdrawn ones in scope', () => {
    expect(mayReadDisclosure(anonymous, { communityCode: IN, status: 'published' })).toBe(true);
    expect(mayReadDisclosure(anonymous, { communityCode: IN, status: 'withdrawn' })).toBe(false);
    expect(mayReadDisclosure(CALLERS.communityWorker, { communityCode: IN, status: 'withdrawn' })).toBe(true);
  });
});

describe('audit log', () => {
  it('is part of the service’s schema and made append-only by a migration that is exactly AUDIT_APPEND_ONLY_SQL', () => {
    expect(dbSchema.auditLog).toBeDefined();
    const folder = new URL('../../drizzle/', import.meta.url);
    const file = readdirSync(folder).find((f) => f.endsWith('_audit_log_append_only.sql'));
    expect(file).toBeDefined();
    expect(readFileSync(new URL(file!, folder), 'utf8').trim()).toBe(AUDIT_APPEND_ONLY_SQL.trim());
  });
});
