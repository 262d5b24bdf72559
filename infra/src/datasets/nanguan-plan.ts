import { creditCode, spread } from './identifiers.ts';
import { childCode, numbered, regionTree, sizing, type Division, type Place, type Region } from './seed-district.ts';

/**
 * Nanguan district, Changchun — seed article 003 (中国社区报 2020-12-11). Quoted figures; CHOSEN
 * marks numbers the platform needs that the article does not give.
 */
export const NANGUAN = {
  districtCode: '220102',
  /** 累计登记注册备案各类社区社会组织667家(平均每个社区11.3个) — 667 / 11.3 ≈ 59 communities. */
  organizations: 667,
  communities: 59,
  /** 民康街道: 截至2020年6月,辖区内共有社会组织58家,其中注册社会组织23家,备案社会组织35家 */
  minkang: { code: '220102003', registered: 23, filed: 35 },
  /** 民康街道: 建立“筑梦、启航、初心、心悦”四个社区社会工作服务中心 */
  minkangCentres: ['筑梦', '启航', '初心', '心悦'],
  /** 曙光街道联合会: 已吸纳民政部门登记注册社会组织6家、培育…登记备案社区社会组织65家,组建社会组织党组织41支 */
  shuguang: { code: '220102007', registered: 6, filed: 65, partyOrganizations: 41 },
  /** 鸿城街道: 辖5个社区1个村 … 已吸引14家注册社区社会组织 */
  hongcheng: { code: '220102010', communities: 5, villages: 1, registered: 14 },
  /** “打捆”区委组织部、民政、团委、残联、妇联等部门的1400余万元购买服务资金 — CHOSEN 1400万. */
  bundledPurchaseFen: 1_400_000_000,
  /** 公益创投活动,累计投入资金850万元,吸引…90余家专业社会组织…100多个…项目 — CHOSEN 100 grants to 90 organizations. */
  ventureFen: 850_000_000,
  ventureGrants: 100,
  ventureOrganizations: 90,
  /** 通过“零租金”方式,为460余家社区社会组织免费提供了办公和活动场所 — CHOSEN 460. */
  zeroRentVenues: 460,
  /** 民康: 2020年,街道投入10万元开展公益微创投项目 */
  minkangMicroVentureFen: 10_000_000,
} as const;

/** 1 + 13 (“1+13+X”): twelve streets and one township. Codes are the district's plus three digits. */
const STREETS = ['南岭街道', '自强街道', '民康街道', '新春街道', '长通街道', '全安街道', '曙光街道', '永吉街道', '桃源街道', '鸿城街道', '明珠街道', '富裕街道'];

export type { Region };

// 6,000–15,000 residents, ~2.7 per household.
const communitySize = sizing({ base: 6000, range: 9000, stride: 5, step: 977, perHousehold: 2.7 });

export function nanguanRegions(): Region[] {
  // 鸿城, 民康 and 曙光 have five communities each; the other nine share the remaining 44.
  const others = spread(NANGUAN.communities - 15, 9);
  let other = 0;
  const streets = STREETS.map((name, i): Division => {
    const code = childCode(NANGUAN.districtCode, i + 1);
    const special = [NANGUAN.minkang.code, NANGUAN.shuguang.code, NANGUAN.hongcheng.code].includes(code as never);
    const places: Place[] = numbered(special ? 5 : others[other++]!).map((c) => ({ serial: c, name: `${name.replace('街道', '')}${c}社区`, level: 'COMMUNITY', ...communitySize(i, c) }));
    if (code === NANGUAN.hongcheng.code) places.push({ serial: 201, name: '鸿城村', level: 'VILLAGE', population: 1800, households: 650 });
    return { serial: i + 1, name, level: 'STREET', places };
  });
  // The township (乡) is registered last, after all the streets, with no villages of its own.
  return regionTree({ code: NANGUAN.districtCode, name: '南关区' }, [...streets, { serial: 100, name: '幸福乡', level: 'TOWNSHIP', places: [] }]);
}

export const nanguanCommunities = () => nanguanRegions().filter((r) => r.level === 'COMMUNITY');

export interface NanguanOrganization {
  record: Record<string, unknown>;
  streetCode: string;
}

const FIELDS = ['ELDERLY', 'YOUTH', 'ENVIRONMENT', 'VOLUNTEERING', 'CULTURE_AND_SPORTS', 'LEGAL_AID', 'PSYCHOLOGICAL_HELP', 'HOUSEKEEPING', 'COMMUNITY_AFFAIRS', 'DISABILITY', 'CHILDREN'];

/**
 * 667 community social organizations: 民康 58 (23 registered), 曙光 71 (6 registered), 鸿城 14
 * (all registered), and 524 over the other streets' communities, a third of them registered (CHOSEN).
 */
export function nanguanOrganizations(): NanguanOrganization[] {
  const communities = nanguanCommunities();
  const inStreet = (street: string) => communities.filter((c) => c.code.startsWith(street));
  let serial = 1;
  const make = (community: Region, registered: boolean, k: number): NanguanOrganization => {
    const field = FIELDS[(serial + k) % FIELDS.length]!;
    const record = {
      name: `${community.name}社区社会组织${serial}`,
      communityCode: community.code,
      category: 'COMMUNITY_SERVICE',
      serviceFields: [field],
      memberCount: 10 + (serial % 30),
      ...(registered
        ? { track: 'REGISTERED', legalForm: 'SOCIAL_GROUP', creditCode: creditCode('SOCIAL_GROUP', NANGUAN.districtCode, serial) }
        : { track: 'FILED', filingNumber: `南备${community.code.slice(6)}-${String(serial).padStart(4, '0')}` }),
    };
    serial += 1;
    return { record, streetCode: community.code.slice(0, 9) };
  };
  const out: NanguanOrganization[] = [];
  const place = (street: string, registered: number, filed: number) => {
    const places = inStreet(street);
    for (let k = 0; k < registered + filed; k += 1) out.push(make(places[k % places.length]!, k < registered, k));
  };
  place(NANGUAN.minkang.code, NANGUAN.minkang.registered, NANGUAN.minkang.filed);
  place(NANGUAN.shuguang.code, NANGUAN.shuguang.registered, NANGUAN.shuguang.filed);
  place(NANGUAN.hongcheng.code, NANGUAN.hongcheng.registered, 0);
  const rest = communities.filter((c) => ![NANGUAN.minkang.code, NANGUAN.shuguang.code, NANGUAN.hongcheng.code].some((s) => c.code.startsWith(s)));
  const remaining = NANGUAN.organizations - out.length;
  let k = 0;
  spread(remaining, rest.length).forEach((count, c) => {
    for (let j = 0; j < count; j += 1, k += 1) out.push(make(rest[c]!, k % 3 === 0, j));
  });
  return out;
}
