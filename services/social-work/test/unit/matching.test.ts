import { describe, expect, it } from 'vitest';
import {
  CATEGORY_FIELDS,
  eligibleOrganizations,
  eligibleWorkers,
  matchCase,
  type NeedToMatch,
  type OrganizationCandidate,
  type WorkerCandidate,
} from '../../src/domain/matching.ts';

const COMMUNITY = '150204001001';
const NEIGHBOUR = '150204001002'; // same street
const ELSEWHERE = '150204002001'; // another street

const need = (overrides: Partial<NeedToMatch> = {}): NeedToMatch => ({ communityCode: COMMUNITY, category: 'elderly_care', urgency: 'normal', ...overrides });
const worker = (id: string, overrides: Partial<WorkerCandidate> = {}): WorkerCandidate => ({
  id,
  communityCode: COMMUNITY,
  certificationLevel: null,
  openCases: 0,
  ...overrides,
});
const org = (id: string, overrides: Partial<OrganizationCandidate> = {}): OrganizationCandidate => ({
  id,
  communityCode: COMMUNITY,
  state: 'filed',
  serviceFields: ['elderly'],
  openCases: 0,
  ...overrides,
});

describe('candidates', () => {
  it("takes the community's social workers, else its street's, never another street's", () => {
    const pool = [worker('w1'), worker('w2', { communityCode: NEIGHBOUR }), worker('w3', { communityCode: ELSEWHERE })];
    expect(eligibleWorkers(need(), pool).map((w) => w.id)).toEqual(['w1']);
    expect(eligibleWorkers(need(), pool.slice(1)).map((w) => w.id)).toEqual(['w2']);
    expect(eligibleWorkers(need(), [pool[2]!])).toEqual([]);
  });

  it('takes organizations of the community whose service fields fit the category, skipping suspended and deregistered ones', () => {
    const pool = [
      org('o1'),
      org('o2', { serviceFields: ['environment'] }),
      org('o3', { state: 'suspended' }),
      org('o4', { state: 'deregistered' }),
      org('o5', { state: 'registered', serviceFields: ['volunteering', 'elderly'] }),
      org('o6', { state: 'recommended' }),
      org('o7', { communityCode: NEIGHBOUR }),
    ];
    expect(eligibleOrganizations(need(), pool).map((o) => o.id)).toEqual(['o1', 'o5', 'o6']);
    expect(eligibleOrganizations(need({ category: 'environment' }), pool).map((o) => o.id)).toEqual(['o2']);
  });

  it('maps every need category to at least one organization service field', () => {
    const categories = ['elderly_care', 'child_care', 'disability', 'health', 'psychological', 'legal', 'housing_repair', 'environment', 'employment', 'poverty_relief', 'neighbourhood', 'other'];
    expect(Object.keys(CATEGORY_FIELDS).sort()).toEqual([...categories].sort());
    for (const c of categories) expect(CATEGORY_FIELDS[c]!.length, c).toBeGreaterThan(0);
  });
});

describe('matchCase', () => {
  it('prefers the community: a street worker is used only when the community has none', () => {
    const street = worker('w-street', { communityCode: NEIGHBOUR, openCases: 0 });
    const local = worker('w-local', { openCases: 5 });
    expect(matchCase(need(), { workers: [street, local], organizations: [] })).toEqual({ kind: 'social_worker', id: 'w-local' });
    expect(matchCase(need(), { workers: [street], organizations: [] })).toEqual({ kind: 'social_worker', id: 'w-street' });
  });

  it('ranks by open-case load, fewest first, across workers and organizations', () => {
    const pool = { workers: [worker('w1', { openCases: 3 }), worker('w2', { openCases: 2 })], organizations: [org('o1', { openCases: 1 })] };
    expect(matchCase(need(), pool)).toEqual({ kind: 'organization', id: 'o1' });
    expect(matchCase(need(), { ...pool, organizations: [org('o1', { openCases: 4 })] })).toEqual({ kind: 'social_worker', id: 'w2' });
  });

  it('breaks ties deterministically: worker before organization, higher certificate, then smaller id', () => {
    expect(matchCase(need(), { workers: [worker('w9', { openCases: 1 })], organizations: [org('o0', { openCases: 1 })] })).toEqual({ kind: 'social_worker', id: 'w9' });
    const workers = [worker('wb'), worker('wa'), worker('wc', { certificationLevel: 'assistant' }), worker('wd', { certificationLevel: 'intermediate' })];
    expect(matchCase(need(), { workers, organizations: [] })).toEqual({ kind: 'social_worker', id: 'wd' });
    expect(matchCase(need(), { workers: workers.slice(0, 2), organizations: [] })).toEqual({ kind: 'social_worker', id: 'wa' });
    expect(matchCase(need(), { workers: [...workers].reverse().slice(2), organizations: [] })).toEqual({ kind: 'social_worker', id: 'wa' });
    expect(matchCase(need(), { workers: [], organizations: [org('ob'), org('oa')] })).toEqual({ kind: 'organization', id: 'oa' });
  });

  it('sends an urgent need to a certified social worker even when others carry less', () => {
    const pool = {
      workers: [worker('w-free'), worker('w-cert', { certificationLevel: 'assistant', openCases: 4 }), worker('w-senior', { certificationLevel: 'senior', openCases: 6 })],
      organizations: [org('o-free')],
    };
    expect(matchCase(need({ urgency: 'urgent' }), pool)).toEqual({ kind: 'social_worker', id: 'w-cert' });
    // Not urgent: load decides (the uncertified worker wins the tie with the organization).
    expect(matchCase(need({ urgency: 'high' }), pool)).toEqual({ kind: 'social_worker', id: 'w-free' });
    // Urgent without any certified worker: everyone competes as usual.
    expect(matchCase(need({ urgency: 'urgent' }), { workers: [worker('w1', { openCases: 2 })], organizations: [org('o1')] })).toEqual({
      kind: 'organization',
      id: 'o1',
    });
  });

  it('urgent: a certified worker of the street counts when the community has no worker', () => {
    const pool = { workers: [worker('w-street', { communityCode: NEIGHBOUR, certificationLevel: 'senior', openCases: 9 })], organizations: [org('o1')] };
    expect(matchCase(need({ urgency: 'urgent' }), pool)).toEqual({ kind: 'social_worker', id: 'w-street' });
  });

  it('skips suspended organizations and organizations of other fields; nobody left means no match', () => {
    const organizations = [org('o-suspended', { state: 'suspended' }), org('o-legal', { serviceFields: ['legal_aid'] }), org('o-gone', { state: 'deregistered' })];
    expect(matchCase(need(), { workers: [], organizations })).toBeNull();
    expect(matchCase(need({ category: 'legal' }), { workers: [], organizations })).toEqual({ kind: 'organization', id: 'o-legal' });
    expect(matchCase(need(), { workers: [worker('w-far', { communityCode: ELSEWHERE })], organizations: [] })).toBeNull();
  });
});
