import * as op from './operations.ts';
import { inPool } from './pool.ts';
import { spread } from './identifiers.ts';
import * as plan from './qingshan-plan.ts';
import { QINGSHAN } from './qingshan-figures.ts';
import { CONCURRENCY, importOrganizationsInBatches, progress, registerRegions } from './seed-district.ts';
import type { SubgraphClient } from './subgraph-client.ts';

/**
 * Loads the seed-000 dataset through the services' own mutations, in the order the linkage
 * needs: regions first (every service learns communities from self-governance's events), then
 * organizations (party-building, social work and funding learn them by event), then the rest.
 */
export async function loadQingshan(client: SubgraphClient, log: (line: string) => void): Promise<void> {
  const step = progress('qingshan', log);

  await registerRegions(client, 'qingshan', plan.regions(), log);

  const planned = plan.organizations();
  const ids = await importOrganizationsInBatches(client, planned.map(({ role: _role, ...record }) => record));
  const agencies = new Map(planned.flatMap((o, i) => (o.role === 'agency' ? [[o.communityCode, ids[i]!] as const] : [])));
  const agencyOf = (communityCode: string) => agencies.get(communityCode)!;
  log(`qingshan: ${ids.length} organizations imported`);

  // Party organizations: a working committee per street, a committee per community, and in each
  // street a joint branch for two filed organizations too small for a branch of their own.
  const streetCommittees = new Map<string, string>();
  for (const street of plan.streets()) {
    streetCommittees.set(street.code, await op.foundPartyOrganization(client, { name: `${street.name}党工委`, kind: 'STREET_WORKING_COMMITTEE', regionCode: street.code, fullMembers: 25 }));
  }
  const communityCommittees = new Map<string, string>();
  await inPool(plan.communities(), CONCURRENCY, async (community, i) => {
    const id = await op.foundPartyOrganization(client, {
      name: `${community.name}党委`,
      kind: 'COMMUNITY_COMMITTEE',
      regionCode: community.code,
      parentId: streetCommittees.get(community.code.slice(0, 9)),
      fullMembers: 40 + (i % 50),
      probationaryMembers: i % 4,
    });
    communityCommittees.set(community.code, id);
  });
  for (const street of plan.streets()) {
    const first = plan.communities().find((c) => c.code.startsWith(street.code))!;
    // Small organizations of the street: two "other" ones, filed ones first.
    const small = planned.flatMap((o, i) => (o.role === 'other' && o.communityCode.startsWith(street.code) ? [{ id: ids[i]!, filed: o.track === 'FILED' }] : []));
    const filed = [...small.filter((o) => o.filed), ...small.filter((o) => !o.filed)].slice(0, 2).map((o) => o.id);
    await op.foundPartyOrganization(client, {
      name: `${street.name}社会组织联合党支部`,
      kind: 'JOINT_BRANCH',
      regionCode: first.code,
      parentId: communityCommittees.get(first.code),
      fullMembers: 5,
      probationaryMembers: 1,
      organizationIds: filed,
    });
  }
  log(`qingshan: ${streetCommittees.size + communityCommittees.size + plan.streets().length} party organizations`);
  await inPool(plan.partyStations(), CONCURRENCY, (s) => op.openPartyServiceStation(client, { ...s, partyOrganizationId: communityCommittees.get(s.communityCode) }), step('party service stations'));

  await inPool(plan.deliberationPlatforms(), CONCURRENCY, (p) => op.createDeliberationPlatform(client, p), step('deliberation platforms'));

  await inPool(plan.communities(), CONCURRENCY, (c) =>
    op.openSocialWorkStation(client, { name: `${c.name}社工站`, kind: 'STATION', communityCode: c.code, operatorOrganizationId: agencyOf(c.code), openedOn: '2016-03-01' }),
  );
  await inPool([...plan.certifiedSocialWorkers(agencyOf), ...plan.socialWorkGraduates(agencyOf)], CONCURRENCY, (w) => op.registerSocialWorker(client, w), step('social workers'));

  await inPool(op.batches(plan.volunteers(), 1000), 2, (batch) => op.importVolunteers(client, batch), step('volunteer batches'), 5);
  await inPool(op.batches(plan.resolvedDisputes(), 1000), 2, (batch) => op.importDisputes(client, batch), step('dispute batches'), 3);

  // Money. Grants go to communities' agencies (posts) and the elderly-service organizations (purchase).
  const posts = await op.createProgramme(client, { name: '青山区购买社会工作岗位服务', kind: 'SOCIAL_WORK_POSTS', budgetFen: QINGSHAN.socialWorkPostsFen, ownerRegionCode: QINGSHAN.districtCode });
  const postAmounts = spread(QINGSHAN.socialWorkPostsFen, QINGSHAN.communities);
  await inPool(plan.communities(), CONCURRENCY, (c, i) =>
    op.awardGrant(client, { programmeId: posts, title: `${c.name}社会工作岗位`, communityCode: c.code, organizationId: agencyOf(c.code), amountFen: postAmounts[i], socialWorkPosts: QINGSHAN.socialWorkPostsPerCommunity }),
  );
  const purchase = await op.createProgramme(client, { name: '青山区政府购买社会力量项目服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: QINGSHAN.purchaseOfServicesFen, ownerRegionCode: QINGSHAN.districtCode });
  const elderly = planned.flatMap((o, i) => (o.role === 'elderly' ? [{ name: o.name as string, communityCode: o.communityCode, id: ids[i]! }] : []));
  const purchaseAmounts = spread(QINGSHAN.purchaseOfServicesFen, elderly.length);
  await inPool(elderly, CONCURRENCY, (o, i) =>
    op.awardGrant(client, { programmeId: purchase, title: `${o.name}日间照料服务`, communityCode: o.communityCode, organizationId: o.id, amountFen: purchaseAmounts[i] }),
  );
  const activity = await op.createProgramme(client, {
    name: '青山区社区活动经费',
    kind: 'COMMUNITY_ACTIVITY_FUND',
    budgetFen: QINGSHAN.communityActivityFundFen * QINGSHAN.communities,
    ownerRegionCode: QINGSHAN.districtCode,
  });
  await inPool(plan.communities(), CONCURRENCY, (c) =>
    op.awardGrant(client, { programmeId: activity, title: `${c.name}年度活动经费`, communityCode: c.code, amountFen: QINGSHAN.communityActivityFundFen }),
  );
  const crowdfund = await op.createFund(client, { name: '青山区街镇众筹公益创投基金', source: 'CROWDFUNDING', initialDepositFen: QINGSHAN.crowdfundedVentureFen, regionCode: QINGSHAN.districtCode });
  await op.createProgramme(client, { name: '“三社”微型组织公益项目创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: QINGSHAN.crowdfundedVentureFen, fundId: crowdfund, ownerRegionCode: QINGSHAN.districtCode });
  log('qingshan: programmes and grants');

  // 先锋道's micro-fund: micro-projects, then micro-wishes pledged, claimed by the community's
  // agency and fulfilled — funding books each spend when the fulfilment event arrives.
  const microFund = await op.createFund(client, {
    name: '先锋道街道公益微基金',
    source: 'DONATION',
    purpose: 'MICRO_FUND',
    regionCode: QINGSHAN.microFundStreet,
    initialDepositFen: QINGSHAN.microFundFen,
  });
  await inPool(plan.microProjects(), CONCURRENCY, (p) => op.planMicroProject(client, p), step('micro-projects'));
  await inPool(
    plan.microWishes(),
    CONCURRENCY,
    async (wish, i) => {
      const communityCode = wish.post.communityCode as string;
      const microWishId = await op.postMicroWish(client, wish.post);
      await op.pledgeMicroWish(client, { fundId: microFund, microWishId, communityCode, amountFen: wish.amountFen, description: `微心愿${i + 1}` });
      await op.claimMicroWish(client, { microWishId, claimant: { kind: 'ORGANIZATION', id: agencyOf(communityCode) } });
      await op.fulfillMicroWish(client, { microWishId });
    },
    step('micro-wishes'),
    1000,
  );
  log('qingshan: loaded');
}
