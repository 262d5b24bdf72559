/**
 * Qingshan district, Baotou (seed 000): "共辖有8个街道、53个社区;2个镇、21个村".
 * The region tree is complete in count; community names are placeholders where the article names
 * none. A handful of records per domain make every Community field show something.
 */
import { numbered, regionTree, sizing, type Division, type Region } from '../datasets/seed-district.ts';

export const DISTRICT = { code: '150204', name: '青山区' } as const;

const STREETS = ['万青路街道', '青山路街道', '幸福路街道', '先锋道街道', '自由路街道', '富强路街道', '科学路街道', '钢铁大街街道'];
const TOWNS = ['兴胜镇', '青福镇'];
/** 53 communities over 8 streets; 21 villages over 2 towns. */
const COMMUNITIES_PER_STREET = [7, 7, 7, 7, 7, 6, 6, 6];
const VILLAGES_PER_TOWN = [11, 10];

/** The name the demo and qingshan-plan.ts have always used for the shared region record. */
export type DemoRegion = Region;

// 4,000–12,000 residents, ~2.6 per household; villages 800–2,800, ~2.8 per household.
const communitySize = sizing({ base: 4000, range: 8000, stride: 7, step: 1373, perHousehold: 2.6 });
const villageSize = sizing({ base: 800, range: 2000, stride: 11, step: 331, perHousehold: 2.8 });

/** Streets 001–008 with communities 001…; towns 100–101 with villages 201…. */
export function qingshanRegions(): Region[] {
  const streets = STREETS.map((street, i): Division => ({
    serial: i + 1,
    name: street,
    level: 'STREET',
    places: numbered(COMMUNITIES_PER_STREET[i]!).map((c) => ({ serial: c, name: `${street.replace('街道', '')}第${c}社区`, level: 'COMMUNITY', ...communitySize(i, c) })),
  }));
  const towns = TOWNS.map((town, i): Division => ({
    serial: 100 + i,
    name: town,
    level: 'TOWNSHIP',
    places: numbered(VILLAGES_PER_TOWN[i]!).map((v) => ({ serial: 200 + v, name: `${town.replace('镇', '')}${v}村`, level: 'VILLAGE', ...villageSize(i, v) })),
  }));
  return regionTree(DISTRICT, [...streets, ...towns]);
}

/** The community the demo's records hang off: 先锋道街道's first community. */
export const DEMO_COMMUNITY = '150204004001';
export const DEMO_STREET = '150204004';

export const demoOrganizations = {
  filed: [
    { name: '先锋道夕阳红志愿服务队', category: 'COMMUNITY_SERVICE', serviceFields: ['ELDERLY', 'VOLUNTEERING'], filingNumber: '青先备2017001' },
    { name: '先锋道邻里调解协会', category: 'COMMUNITY_SERVICE', serviceFields: ['LEGAL_AID', 'COMMUNITY_AFFAIRS'], filingNumber: '青先备2017002' },
  ],
  registered: [
    {
      name: '包头市青山区启航社会工作服务中心',
      category: 'CHARITY',
      serviceFields: ['YOUTH', 'PSYCHOLOGICAL_HELP'],
      legalForm: 'SOCIAL_SERVICE_AGENCY',
      creditCode: '52150204MJY000011M',
    },
    {
      name: '青山区老年文体协会',
      category: 'COMMUNITY_SERVICE',
      serviceFields: ['ELDERLY', 'CULTURE_AND_SPORTS'],
      legalForm: 'SOCIAL_GROUP',
      creditCode: '51150204MJY0000230',
    },
  ],
} as const;
