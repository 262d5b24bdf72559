import { next, type Driver } from './driver.ts';
import { ADMIN_ORGANIZATION, STAFF_IN, type At } from './identities.ts';

/**
 * One case per Mutation field (test/unit/authorization.test.ts fails when one is missing): how to
 * prepare a fresh target in a community — as the test operator — and who may make the change,
 * written out by hand (`caller@target`, see identities.ts). The integration matrix tries every
 * case as every caller on the in-scope and the out-of-scope community.
 */

export interface TargetPlace {
  community: string;
  street: string;
}

export interface MutationCase {
  /** The mutation's input, for a target that is new (or still in the right state) in `place`. */
  prepare(driver: Driver, place: TargetPlace): Promise<Record<string, unknown>>;
  /** Exactly these callers may make the change; everyone else is refused. */
  allowed: readonly At[];
  /** The entity of the audit line when it is not the type returned (a bulk import audits each record). */
  auditEntity?: string;
}

/** Government staff of the community. */
const STAFF = STAFF_IN;
/** Needs and micro-wishes: staff and the social worker of the community, and residents wherever they name. */
const REPORTERS: At[] = [...STAFF_IN, 'socialWorker@in', 'resident@in', 'resident@out'];
/** Staff of the community, or the administrator of the organization concerned — wherever it is. */
const STAFF_OR_ORGANIZATION: At[] = [...STAFF_IN, 'orgAdmin@in', 'orgAdmin@out'];

const person = (name = '孙志刚') => ({ name, phone: '13600001111' });

async function one(driver: Driver, query: string, params: unknown[]): Promise<string | null> {
  const [row] = await driver.sql(query, params);
  return row ? String(Object.values(row)[0]) : null;
}

async function committee(driver: Driver, community: string): Promise<string> {
  const existing = await one(driver, 'select id from residents_committees where community_code = $1', [community]);
  if (existing) return existing;
  const data = await driver.ok(`mutation { establishResidentsCommittee(input: { communityCode: "${community}", name: "居民委员会" }) { id } }`);
  return data.establishResidentsCommittee.id;
}

async function term(driver: Driver, community: string): Promise<string> {
  const n = next();
  const data = await driver.ok(
    `mutation { startCommitteeTerm(input: { committeeId: "${await committee(driver, community)}", number: ${n}, startsOn: "${2100 + n}-01-01", endsOn: "${2100 + n}-12-31" }) { id } }`,
  );
  return data.startCommitteeTerm.id;
}

async function group(driver: Driver, community: string): Promise<string> {
  const data = await driver.ok(`mutation { formResidentGroup(input: { communityCode: "${community}", name: "小组${next()}" }) { id } }`);
  return data.formResidentGroup.id;
}

async function grid(driver: Driver, community: string): Promise<string> {
  const existing = await one(driver, 'select code from grids where community_code = $1 order by code limit 1', [community]);
  if (existing) return existing;
  const data = await driver.ok(`mutation { drawGrid(input: { communityCode: "${community}", number: ${next()}, name: "网格" }) { code } }`);
  return data.drawGrid.code;
}

async function building(driver: Driver, community: string): Promise<string> {
  const data = await driver.ok(`mutation { registerBuilding(input: { gridCode: "${await grid(driver, community)}", label: "${next()}号楼" }) { id } }`);
  return data.registerBuilding.id;
}

async function platform(driver: Driver, community: string): Promise<string> {
  const existing = await one(driver, 'select id from deliberation_platforms where community_code = $1 limit 1', [community]);
  if (existing) return existing;
  const data = await driver.ok(`mutation { createDeliberationPlatform(input: { communityCode: "${community}", name: "议事会${next()}" }) { id } }`);
  return data.createDeliberationPlatform.id;
}

async function meeting(driver: Driver, community: string): Promise<string> {
  const data = await driver.ok(
    `mutation { scheduleDeliberationMeeting(input: { platformId: "${await platform(driver, community)}", kind: WORK_HEARING, title: "听证会", scheduledAt: "2030-05-01T19:30:00+08:00", agenda: ["加装电梯"] }) { id } }`,
  );
  return data.scheduleDeliberationMeeting.id;
}

const VOTE = '{ eligible: 9, present: 7, votesFor: 6, votesAgainst: 1, abstentions: 0 }';
const PROPOSAL_STEPS = [
  (id: string) => `mutation { jointReviewProposal(input: { proposalId: "${id}", vote: ${VOTE} }) { id } }`,
  (id: string) => `mutation { deliberateProposal(input: { proposalId: "${id}", participantCount: 30, summary: "入户征求意见" }) { id } }`,
  (id: string) => `mutation { resolveProposal(input: { proposalId: "${id}", vote: ${VOTE} }) { id } }`,
];

/** A proposal that has completed `steps` of 合议, 群议, 决议. */
async function proposal(driver: Driver, community: string, steps = 0): Promise<string> {
  const data = await driver.ok(
    `mutation { submitProposal(input: { platformId: "${await platform(driver, community)}", title: "提案${next()}", description: "加装电梯", proposer: { kind: COMMITTEE, label: "居委会" } }) { id } }`,
  );
  const id = data.submitProposal.id as string;
  for (const step of PROPOSAL_STEPS.slice(0, steps)) await driver.ok(step(id));
  return id;
}

async function dispute(driver: Driver, community: string, mediating = false): Promise<string> {
  const data = await driver.ok(
    `mutation { reportDispute(input: { communityCode: "${community}", category: NEIGHBOURHOOD, summary: "噪音", parties: [{ name: "张建华" }] }) { id } }`,
  );
  const id = data.reportDispute.id as string;
  if (mediating) await driver.ok(`mutation { startDisputeMediation(input: { disputeId: "${id}", mediator: "调解委员会" }) { id } }`);
  return id;
}

async function wish(driver: Driver, community: string, claimedByAdminOrganization = false): Promise<string> {
  const data = await driver.ok(
    `mutation { postMicroWish(input: { communityCode: "${community}", title: "想要一台收音机", category: ELDERLY_CARE, poster: { name: "钱玉珍" } }) { id } }`,
  );
  const id = data.postMicroWish.id as string;
  if (claimedByAdminOrganization) {
    await driver.ok(`mutation { claimMicroWish(input: { microWishId: "${id}", claimant: { kind: ORGANIZATION, id: "${ADMIN_ORGANIZATION}" } }) { id } }`);
  }
  return id;
}

/** A micro-project the org admin's organization implements. */
async function project(driver: Driver, community: string, started = false): Promise<string> {
  const data = await driver.ok(
    `mutation { planMicroProject(input: { communityCode: "${community}", title: "楼道照明", category: FACILITIES, summary: "更换灯具", budgetFen: 500000, implementerOrganizationId: "${ADMIN_ORGANIZATION}" }) { id } }`,
  );
  const id = data.planMicroProject.id as string;
  if (started) await driver.ok(`mutation { startMicroProject(input: { microProjectId: "${id}" }) { id } }`);
  return id;
}

async function disclosure(driver: Driver, community: string): Promise<string> {
  const data = await driver.ok(
    `mutation { publishDisclosure(input: { communityCode: "${community}", category: FINANCE, period: "2024-Q${(next() % 4) + 1}", title: "财务公开", content: "收支明细" }) { id } }`,
  );
  return data.publishDisclosure.id;
}

const staff = (prepare: MutationCase['prepare']): MutationCase => ({ prepare, allowed: STAFF });

export const MUTATION_CASES: Record<string, MutationCase> = {
  registerRegion: {
    // A new community under the target's street: only the district office of the district.
    prepare: async (_d, { street }) => ({ code: `${street}${100 + (next() % 900)}`, name: `新社区${next()}`, level: 'COMMUNITY' }),
    allowed: ['districtOffice@in'],
  },

  establishResidentsCommittee: staff(async (d, { community }) => {
    // One committee per community: the one an earlier attempt established goes first, with its terms.
    const committees = 'select id from residents_committees where community_code = $1';
    await d.sql(`delete from committee_members where term_id in (select id from committee_terms where committee_id in (${committees}))`, [community]);
    await d.sql(`delete from committee_terms where committee_id in (${committees})`, [community]);
    await d.sql('delete from residents_committees where community_code = $1', [community]);
    return { communityCode: community, name: '居民委员会' };
  }),
  startCommitteeTerm: staff(async (d, { community }) => {
    const n = next();
    return { committeeId: await committee(d, community), number: n, startsOn: `${2100 + n}-01-01`, endsOn: `${2100 + n}-12-31` };
  }),
  addCommitteeMember: staff(async (d, { community }) => ({ termId: await term(d, community), role: 'MEMBER', person: person('王秀英') })),
  openServiceStation: staff(async (_d, { community }) => ({ communityCode: community, name: `工作站${next()}`, separatedFromCommittee: true })),
  formResidentGroup: staff(async (_d, { community }) => ({ communityCode: community, name: `小组${next()}`, leader: person() })),
  appointResidentGroupLeader: staff(async (d, { community }) => ({ groupId: await group(d, community), leader: person() })),
  drawGrid: staff(async (_d, { community }) => ({ communityCode: community, number: (next() % 999) + 1, name: "网格" })),
  registerBuilding: staff(async (d, { community }) => ({ gridCode: await grid(d, community), label: `${next()}号楼` })),
  registerBuildingUnit: staff(async (d, { community }) => ({ buildingId: await building(d, community), label: `${next()}单元` })),
  appointAreaLeader: staff(async (d, { community }) => ({ level: 'GRID', areaId: await grid(d, community), leader: person('郑海') })),

  createDeliberationPlatform: staff(async (_d, { community }) => ({ communityCode: community, name: `议事会${next()}` })),
  scheduleDeliberationMeeting: staff(async (d, { community }) => ({
    platformId: await platform(d, community),
    kind: 'PUBLIC_SENTIMENT',
    title: '恳谈会',
    scheduledAt: '2030-05-01T19:30:00+08:00',
    agenda: ['停车'],
  })),
  holdDeliberationMeeting: staff(async (d, { community }) => ({ meetingId: await meeting(d, community), eligible: 40, present: 30, minutes: '纪要' })),
  cancelDeliberationMeeting: staff(async (d, { community }) => ({ meetingId: await meeting(d, community), reason: '改期' })),
  submitProposal: staff(async (d, { community }) => ({
    platformId: await platform(d, community),
    title: '提案',
    description: '加装电梯',
    proposer: { kind: 'RESIDENT', label: '李桂兰' },
  })),
  jointReviewProposal: staff(async (d, { community }) => ({ proposalId: await proposal(d, community, 0), vote: { eligible: 9, present: 7, votesFor: 6, votesAgainst: 1, abstentions: 0 } })),
  deliberateProposal: staff(async (d, { community }) => ({ proposalId: await proposal(d, community, 1), participantCount: 30, summary: '入户征求意见' })),
  resolveProposal: staff(async (d, { community }) => ({ proposalId: await proposal(d, community, 2), vote: { eligible: 45, present: 38, votesFor: 30, votesAgainst: 5, abstentions: 3 } })),
  evaluateProposal: staff(async (d, { community }) => ({ proposalId: await proposal(d, community, 3), rating: 5, summary: '居民满意' })),

  reportDispute: staff(async (_d, { community }) => ({ communityCode: community, category: 'FAMILY', summary: '赡养纠纷', parties: [{ name: '李明' }] })),
  startDisputeMediation: staff(async (d, { community }) => ({ disputeId: await dispute(d, community), mediator: '调解委员会' })),
  resolveDispute: staff(async (d, { community }) => ({ disputeId: await dispute(d, community, true), outcome: '签订调解协议' })),
  referDispute: staff(async (d, { community }) => ({ disputeId: await dispute(d, community, true), referredTo: '人民法院', reason: '分歧较大' })),

  reportNeed: {
    prepare: async (_d, { community }) => ({ communityCode: community, category: 'HEALTH', urgency: 'NORMAL', summary: '需要陪诊', reporter: { name: '赵淑芬' } }),
    allowed: REPORTERS,
  },
  postMicroWish: {
    prepare: async (_d, { community }) => ({ communityCode: community, title: '想要一副老花镜', category: 'ELDERLY_CARE', poster: { name: '钱玉珍' } }),
    allowed: REPORTERS,
  },
  // Bulk imports: for the record's community (one record here, one audit line). Residents report
  // their needs one by one; a grid's backlog is imported by staff or its social workers.
  importNeeds: {
    prepare: async (_d, { community }) => ({
      records: [{ communityCode: community, category: 'HEALTH', urgency: 'NORMAL', summary: '需要陪诊', reporter: { name: '赵淑芬' }, reportedAt: '2016-05-01T09:30:00+08:00' }],
    }),
    allowed: [...STAFF_IN, 'socialWorker@in'],
    auditEntity: 'Need',
  },
  importDisputes: {
    prepare: async (_d, { community }) => ({
      records: [
        {
          communityCode: community,
          category: 'NEIGHBOURHOOD',
          summary: '噪音',
          parties: [{ name: '张建华' }],
          reportedAt: '2016-05-01T09:30:00+08:00',
          resolvedAt: '2016-05-03T16:00:00+08:00',
          resolution: '签订调解协议',
        },
      ],
    }),
    allowed: STAFF,
    auditEntity: 'Dispute',
  },
  claimMicroWish: {
    // Claimed for the org admin's organization: its administrator may, wherever the wish is.
    prepare: async (d, { community }) => ({ microWishId: await wish(d, community), claimant: { kind: 'ORGANIZATION', id: ADMIN_ORGANIZATION } }),
    allowed: STAFF_OR_ORGANIZATION,
  },
  fulfillMicroWish: {
    prepare: async (d, { community }) => ({ microWishId: await wish(d, community, true), note: '已送达' }),
    allowed: STAFF_OR_ORGANIZATION,
  },
  planMicroProject: staff(async (_d, { community }) => ({ communityCode: community, title: '楼道照明', category: 'FACILITIES', summary: '更换灯具', budgetFen: 500000 })),
  startMicroProject: {
    prepare: async (d, { community }) => ({ microProjectId: await project(d, community) }),
    allowed: STAFF_OR_ORGANIZATION,
  },
  completeMicroProject: {
    prepare: async (d, { community }) => ({ microProjectId: await project(d, community, true), beneficiaryCount: 120 }),
    allowed: STAFF_OR_ORGANIZATION,
  },
  cancelMicroProject: staff(async (d, { community }) => ({ microProjectId: await project(d, community), reason: '资金调整' })),

  publishDisclosure: staff(async (_d, { community }) => ({ communityCode: community, category: 'SERVICES', period: '2024', title: '服务公开', content: '服务清单' })),
  withdrawDisclosure: staff(async (d, { community }) => ({ disclosureId: await disclosure(d, community), reason: '数据有误' })),
  recordEvaluation: staff(async (_d, { community }) => ({
    kind: 'RESIDENT_SATISFACTION',
    communityCode: community,
    period: String(1949 + next()),
    satisfied: 30,
    basicallySatisfied: 10,
    dissatisfied: 2,
  })),
};
