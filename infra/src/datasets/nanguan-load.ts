import * as op from './operations.ts';
import { inPool } from './pool.ts';
import { spread } from './identifiers.ts';
import { NANGUAN, nanguanOrganizations, nanguanRegions } from './nanguan-plan.ts';
import { CONCURRENCY, importOrganizationsInBatches, progress, registerRegions } from './seed-district.ts';
import type { SubgraphClient } from './subgraph-client.ts';

/** Loads the seed-003 dataset through the services' own mutations (see qingshan-load.ts for the order). */
export async function loadNanguan(client: SubgraphClient, log: (line: string) => void): Promise<void> {
  const step = progress('nanguan', log);

  await registerRegions(client, 'nanguan', nanguanRegions(), log);

  const planned = nanguanOrganizations();
  // 667 records: they fit in one import call.
  const ids = await importOrganizationsInBatches(client, planned.map((o) => o.record));
  log(`nanguan: ${ids.length} community social organizations imported`);

  // 曙光: the federation's 41 party organizations — a branch for each of 41 member organizations.
  const shuguang = planned.flatMap((o, i) => (o.streetCode === NANGUAN.shuguang.code ? [{ name: o.record.name as string, communityCode: o.record.communityCode as string, id: ids[i]! }] : []));
  // A branch sits under a community committee or general branch, not the street's working committee;
  // the article names neither, so the branches stand on their own.
  await inPool(shuguang.slice(0, NANGUAN.shuguang.partyOrganizations), CONCURRENCY, (org, i) =>
    op.foundPartyOrganization(client, {
      name: `${org.name}党支部`,
      kind: 'BRANCH',
      regionCode: org.communityCode,
      fullMembers: 3 + (i % 5),
      organizationIds: [org.id],
    }),
  );
  log(`nanguan: ${NANGUAN.shuguang.partyOrganizations} party branches in 曙光`);

  const minkangCommunities = nanguanRegions().filter((r) => r.level === 'COMMUNITY' && r.code.startsWith(NANGUAN.minkang.code));
  await inPool(NANGUAN.minkangCentres, CONCURRENCY, (name, i) =>
    op.openSocialWorkStation(client, { name: `${name}社区社会工作服务中心`, kind: 'CENTRE', communityCode: minkangCommunities[i]!.code, openedOn: '2019-09-01' }),
  );

  // 零租金: the first 460 organizations get their space free.
  await inPool(
    planned.slice(0, NANGUAN.zeroRentVenues),
    CONCURRENCY,
    (o, i) =>
      op.lendVenue(client, {
        organizationId: ids[i],
        venueName: `${o.record.communityCode as string}社区功能室`,
        communityCode: o.record.communityCode,
        areaSquareMetres: 40,
        monthlyRentFen: 0,
        startsOn: '2019-01-01',
      }),
    step('zero-rent venues'),
    230,
  );

  const bundled = await op.createFund(client, { name: '南关区打捆购买服务资金', source: 'DEPARTMENTAL_PURCHASE', initialDepositFen: NANGUAN.bundledPurchaseFen, regionCode: NANGUAN.districtCode });
  await op.createProgramme(client, { name: '南关区社区社会组织承接项目', kind: 'PURCHASE_OF_SERVICES', budgetFen: NANGUAN.bundledPurchaseFen, fundId: bundled, ownerRegionCode: NANGUAN.districtCode });
  const venture = await op.createProgramme(client, { name: '南关区公益创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: NANGUAN.ventureFen, ownerRegionCode: NANGUAN.districtCode });
  const registered = planned
    .flatMap((o, i) => (o.record.track === 'REGISTERED' ? [{ communityCode: o.record.communityCode as string, id: ids[i]! }] : []))
    .slice(0, NANGUAN.ventureOrganizations);
  const amounts = spread(NANGUAN.ventureFen, NANGUAN.ventureGrants);
  await inPool(amounts, CONCURRENCY, (amountFen, i) => {
    const org = registered[i % registered.length]!;
    return op.awardGrant(client, { programmeId: venture, title: `公益创投项目${i + 1}`, communityCode: org.communityCode, organizationId: org.id, amountFen });
  });
  await op.createProgramme(client, { name: '民康街道公益微创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: NANGUAN.minkangMicroVentureFen, ownerRegionCode: NANGUAN.minkang.code });
  log('nanguan: loaded');
}
