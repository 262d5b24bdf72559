/**
 * Matching a reported need to whoever takes the case (社区发现需求 → 社会组织实施项目 / 社工提供专业服务).
 *
 * The rule:
 *  1. Social workers: those assigned to the need's community; when the community has none, those
 *     of its street (the community code's first 9 digits). Social workers are generalists: any
 *     category.
 *  2. Organizations: those known in the need's community, not suspended or deregistered, whose
 *     service fields include one of the fields the need's category maps to (CATEGORY_FIELDS).
 *  3. An URGENT need goes to a certified social worker when there is one among (1): only certified
 *     workers are then candidates. Otherwise every candidate of (1) and (2) competes.
 *  4. Candidates are ranked by current load — their open cases — fewest first; ties go to a social
 *     worker before an organization (professional service first), then to the higher certification
 *     level, then to the smaller id (stable and arbitrary, but deterministic).
 *  5. No candidate: the case opens unassigned, to be assigned by hand.
 */

/** Need category (self-governance) → organization service fields (organizations) that can serve it. */
export const CATEGORY_FIELDS: Record<string, readonly string[]> = {
  elderly_care: ['elderly'],
  child_care: ['children', 'youth'],
  disability: ['disability'],
  health: ['elderly', 'disability'],
  psychological: ['psychological_help'],
  legal: ['legal_aid'],
  housing_repair: ['housekeeping'],
  environment: ['environment'],
  employment: ['poverty_relief', 'youth'],
  poverty_relief: ['poverty_relief'],
  neighbourhood: ['community_affairs', 'culture_and_sports'],
  other: ['community_affairs', 'volunteering'],
};

const INACTIVE_STATES = new Set(['suspended', 'deregistered']);
const LEVEL_RANK: Record<string, number> = { senior: 3, intermediate: 2, assistant: 1 };

export interface NeedToMatch {
  communityCode: string;
  category: string;
  urgency: string;
}

export interface WorkerCandidate {
  id: string;
  communityCode: string;
  certificationLevel: string | null;
  openCases: number;
}

export interface OrganizationCandidate {
  id: string;
  communityCode: string;
  state: string;
  serviceFields: readonly string[];
  openCases: number;
}

export type Assignee = { kind: 'social_worker'; id: string } | { kind: 'organization'; id: string };

export function streetOf(communityCode: string): string {
  return communityCode.slice(0, 9);
}

export function fieldsFor(category: string): readonly string[] {
  return CATEGORY_FIELDS[category] ?? CATEGORY_FIELDS.other!;
}

/** Which of the given workers (of the community and its street) may take the need. */
export function eligibleWorkers(need: NeedToMatch, workers: readonly WorkerCandidate[]): WorkerCandidate[] {
  const inCommunity = workers.filter((w) => w.communityCode === need.communityCode);
  if (inCommunity.length > 0) return inCommunity;
  return workers.filter((w) => streetOf(w.communityCode) === streetOf(need.communityCode));
}

export function eligibleOrganizations(need: NeedToMatch, organizations: readonly OrganizationCandidate[]): OrganizationCandidate[] {
  const fields = fieldsFor(need.category);
  return organizations.filter(
    (o) => o.communityCode === need.communityCode && !INACTIVE_STATES.has(o.state) && o.serviceFields.some((f) => fields.includes(f)),
  );
}

interface Ranked {
  assignee: Assignee;
  openCases: number;
  kindRank: number;
  levelRank: number;
}

function compare(a: Ranked, b: Ranked): number {
  return (
    a.openCases - b.openCases ||
    a.kindRank - b.kindRank ||
    b.levelRank - a.levelRank ||
    (a.assignee.id < b.assignee.id ? -1 : a.assignee.id > b.assignee.id ? 1 : 0)
  );
}

/** The assignee for a need, or null when nobody fits. */
export function matchCase(
  need: NeedToMatch,
  pool: { workers: readonly WorkerCandidate[]; organizations: readonly OrganizationCandidate[] },
): Assignee | null {
  const workers = eligibleWorkers(need, pool.workers);
  const certified = workers.filter((w) => w.certificationLevel !== null);
  const ranked: Ranked[] = [];
  const addWorkers = (list: readonly WorkerCandidate[]) =>
    ranked.push(
      ...list.map((w) => ({
        assignee: { kind: 'social_worker' as const, id: w.id },
        openCases: w.openCases,
        kindRank: 0,
        levelRank: LEVEL_RANK[w.certificationLevel ?? ''] ?? 0,
      })),
    );
  if (need.urgency === 'urgent' && certified.length > 0) {
    addWorkers(certified);
  } else {
    addWorkers(workers);
    ranked.push(
      ...eligibleOrganizations(need, pool.organizations).map((o) => ({
        assignee: { kind: 'organization' as const, id: o.id },
        openCases: o.openCases,
        kindRank: 1,
        levelRank: 0,
      })),
    );
  }
  ranked.sort(compare);
  return ranked[0]?.assignee ?? null;
}
