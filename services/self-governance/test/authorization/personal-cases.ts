import type { Driver } from './driver.ts';

/**
 * One case per way of reaching a @personal value (test/authorization/schema.ts#personalPaths):
 * test/unit/authorization.test.ts fails when a path has no case, and the integration matrix
 * reads each one as every caller, on a record of the in-scope and of the out-of-scope community.
 * Each audit line names the path as its operation and the record (first segment) as its entity.
 */

export interface PersonalFixture {
  community: string;
  memberId: string;
  groupId: string;
  gridCode: string;
  leaderId: string;
  needId: string;
  wishId: string;
  disputeId: string;
  proposalId: string;
}

export interface PersonalCase {
  /** A public record is reachable by anyone (masked); a non-public one only by those who may read it. */
  public: boolean;
  query(f: PersonalFixture): string;
  /** The value, or undefined when the record itself was not returned. */
  pick(data: any): string | null | undefined;
  raw: string;
  masked: string;
  /** The id of the record the audit line names. */
  entityId(f: PersonalFixture): string;
}

const MEMBER = { name: '王秀英', phone: '13812345678' };
const GROUP_LEADER = { name: '孙志刚', phone: '13600001111' };
const AREA_LEADER = { name: '郑海', phone: '15800002222' };
const REPORTER = { name: '赵淑芬', phone: '13912345678' };
const POSTER = { name: '钱玉珍', phone: '13712345678' };
const PARTY = { name: '张建华', phone: '13912340000', idNumber: '11010519491231002X' };
const PROPOSER = '李桂兰';
const CLAIMANT = '郭志强';

const member = (f: PersonalFixture, leaf: string) =>
  `{ community(code: "${f.community}") { residentsCommittee { terms { edges { node { members { edges { node { person { ${leaf} } } } } } } } } } }`;
const pickMember = (leaf: string) => (d: any) => d.community.residentsCommittee.terms.edges[0].node.members.edges[0].node.person[leaf];
const group = (f: PersonalFixture, leaf: string) => `{ residentGroup(id: "${f.groupId}") { leader { ${leaf} } } }`;
const areaLeader = (f: PersonalFixture, leaf: string) => `{ grid(code: "${f.gridCode}") { leader { person { ${leaf} } } } }`;
const need = (f: PersonalFixture, leaf: string) => `{ need(id: "${f.needId}") { reporter { ${leaf} } } }`;
const wish = (f: PersonalFixture, selection: string) => `{ microWish(id: "${f.wishId}") { ${selection} } }`;
const dispute = (f: PersonalFixture, leaf: string) => `{ dispute(id: "${f.disputeId}") { parties { ${leaf} } } }`;

export const PERSONAL_CASES: Record<string, PersonalCase> = {
  'CommitteeMember.person.name': { public: true, query: (f) => member(f, 'name'), pick: pickMember('name'), raw: MEMBER.name, masked: '王**', entityId: (f) => f.memberId },
  'CommitteeMember.person.phone': { public: true, query: (f) => member(f, 'phone'), pick: pickMember('phone'), raw: MEMBER.phone, masked: '138****5678', entityId: (f) => f.memberId },
  'ResidentGroup.leader.name': { public: true, query: (f) => group(f, 'name'), pick: (d) => d.residentGroup.leader.name, raw: GROUP_LEADER.name, masked: '孙**', entityId: (f) => f.groupId },
  'ResidentGroup.leader.phone': { public: true, query: (f) => group(f, 'phone'), pick: (d) => d.residentGroup.leader.phone, raw: GROUP_LEADER.phone, masked: '136****1111', entityId: (f) => f.groupId },
  'AreaLeader.person.name': { public: true, query: (f) => areaLeader(f, 'name'), pick: (d) => d.grid.leader.person.name, raw: AREA_LEADER.name, masked: '郑*', entityId: (f) => f.leaderId },
  'AreaLeader.person.phone': { public: true, query: (f) => areaLeader(f, 'phone'), pick: (d) => d.grid.leader.person.phone, raw: AREA_LEADER.phone, masked: '158****2222', entityId: (f) => f.leaderId },
  'Need.reporter.name': { public: false, query: (f) => need(f, 'name'), pick: (d) => d.need?.reporter.name, raw: REPORTER.name, masked: '赵**', entityId: (f) => f.needId },
  'Need.reporter.phone': { public: false, query: (f) => need(f, 'phone'), pick: (d) => d.need?.reporter.phone, raw: REPORTER.phone, masked: '139****5678', entityId: (f) => f.needId },
  'MicroWish.poster.name': { public: true, query: (f) => wish(f, 'poster { name }'), pick: (d) => d.microWish.poster.name, raw: POSTER.name, masked: '钱**', entityId: (f) => f.wishId },
  'MicroWish.poster.phone': { public: true, query: (f) => wish(f, 'poster { phone }'), pick: (d) => d.microWish.poster.phone, raw: POSTER.phone, masked: '137****5678', entityId: (f) => f.wishId },
  'MicroWish.claimant.label': { public: true, query: (f) => wish(f, 'claimant { label }'), pick: (d) => d.microWish.claimant.label, raw: CLAIMANT, masked: '郭**', entityId: (f) => f.wishId },
  'Dispute.parties.name': { public: false, query: (f) => dispute(f, 'name'), pick: (d) => d.dispute?.parties[0].name, raw: PARTY.name, masked: '张**', entityId: (f) => f.disputeId },
  'Dispute.parties.phone': { public: false, query: (f) => dispute(f, 'phone'), pick: (d) => d.dispute?.parties[0].phone, raw: PARTY.phone, masked: '139****0000', entityId: (f) => f.disputeId },
  'Dispute.parties.idNumber': {
    public: false,
    query: (f) => dispute(f, 'idNumber'),
    pick: (d) => d.dispute?.parties[0].idNumber,
    raw: PARTY.idNumber,
    masked: '1101**********002X',
    entityId: (f) => f.disputeId,
  },
  'Proposal.proposer.label': {
    public: true,
    query: (f) => `{ proposal(id: "${f.proposalId}") { proposer { label } } }`,
    pick: (d) => d.proposal.proposer.label,
    raw: PROPOSER,
    masked: '李**',
    entityId: (f) => f.proposalId,
  },
};

/** Seeds, as the test operator, one record of each kind in `community`, each carrying its personal data. */
export async function seedPersonalFixture(driver: Driver, community: string): Promise<PersonalFixture> {
  const { ok } = driver;
  const committee = await ok(`mutation { establishResidentsCommittee(input: { communityCode: "${community}", name: "居民委员会" }) { id } }`);
  const term = await ok(
    `mutation { startCommitteeTerm(input: { committeeId: "${committee.establishResidentsCommittee.id}", number: 1, startsOn: "2024-01-01", endsOn: "2028-12-31" }) { id } }`,
  );
  const memberRow = await ok(`mutation ($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) { id } }`, {
    input: { termId: term.startCommitteeTerm.id, role: 'DIRECTOR', person: MEMBER },
  });
  const groupRow = await ok(`mutation ($input: FormResidentGroupInput!) { formResidentGroup(input: $input) { id } }`, {
    input: { communityCode: community, name: '第一居民小组', leader: GROUP_LEADER },
  });
  const grid = await ok(`mutation { drawGrid(input: { communityCode: "${community}", number: 1, name: "第一网格" }) { code } }`);
  const leader = await ok(`mutation ($input: AppointAreaLeaderInput!) { appointAreaLeader(input: $input) { id } }`, {
    input: { level: 'GRID', areaId: grid.drawGrid.code, leader: AREA_LEADER },
  });
  const needRow = await ok(`mutation ($input: ReportNeedInput!) { reportNeed(input: $input) { id } }`, {
    input: { communityCode: community, category: 'ELDERLY_CARE', urgency: 'HIGH', summary: '独居老人需要助餐服务', reporter: REPORTER },
  });
  const wishRow = await ok(`mutation ($input: PostMicroWishInput!) { postMicroWish(input: $input) { id } }`, {
    input: { communityCode: community, title: '想要一台收音机', description: '老伴住院，一个人在家想听广播', category: 'ELDERLY_CARE', poster: POSTER },
  });
  await ok(`mutation ($input: ClaimMicroWishInput!) { claimMicroWish(input: $input) { id } }`, {
    input: { microWishId: wishRow.postMicroWish.id, claimant: { kind: 'PARTY_MEMBER', label: CLAIMANT } },
  });
  const disputeRow = await ok(`mutation ($input: ReportDisputeInput!) { reportDispute(input: $input) { id } }`, {
    input: { communityCode: community, category: 'NEIGHBOURHOOD', summary: '楼上漏水纠纷', parties: [PARTY] },
  });
  const platform = await ok(`mutation { createDeliberationPlatform(input: { communityCode: "${community}", name: "居民议事会" }) { id } }`);
  const proposal = await ok(`mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { id } }`, {
    input: { platformId: platform.createDeliberationPlatform.id, title: '加装电梯', description: '3号楼老人多', proposer: { kind: 'RESIDENT', label: PROPOSER } },
  });
  return {
    community,
    memberId: memberRow.addCommitteeMember.id,
    groupId: groupRow.formResidentGroup.id,
    gridCode: grid.drawGrid.code,
    leaderId: leader.appointAreaLeader.id,
    needId: needRow.reportNeed.id,
    wishId: wishRow.postMicroWish.id,
    disputeId: disputeRow.reportDispute.id,
    proposalId: proposal.submitProposal.id,
  };
}
