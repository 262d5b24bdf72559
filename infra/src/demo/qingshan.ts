/**
 * Qingshan district, Baotou (seed 000): "共辖有8个街道、53个社区;2个镇、21个村".
 * The region tree is complete in count; community names are placeholders where the article names
 * none. A handful of records per domain make every Community field show something.
 */
export const DISTRICT = { code: '150204', name: '青山区' } as const;

const STREETS = ['万青路街道', '青山路街道', '幸福路街道', '先锋道街道', '自由路街道', '富强路街道', '科学路街道', '钢铁大街街道'];
const TOWNS = ['兴胜镇', '青福镇'];
/** 53 communities over 8 streets; 21 villages over 2 towns. */
const COMMUNITIES_PER_STREET = [7, 7, 7, 7, 7, 6, 6, 6];
const VILLAGES_PER_TOWN = [11, 10];

export interface DemoRegion {
  code: string;
  name: string;
  level: 'DISTRICT' | 'STREET' | 'TOWNSHIP' | 'COMMUNITY' | 'VILLAGE';
  population?: number;
  households?: number;
}

const pad = (n: number) => String(n).padStart(3, '0');

export function qingshanRegions(): DemoRegion[] {
  const regions: DemoRegion[] = [{ ...DISTRICT, level: 'DISTRICT' }];
  STREETS.forEach((street, i) => {
    const streetCode = `${DISTRICT.code}${pad(i + 1)}`;
    regions.push({ code: streetCode, name: street, level: 'STREET' });
    for (let c = 1; c <= COMMUNITIES_PER_STREET[i]!; c += 1) {
      // Deterministic, plausible sizes: 4,000–12,000 residents, ~2.6 per household.
      const population = 4000 + ((i * 7 + c) * 1373) % 8000;
      regions.push({
        code: `${streetCode}${pad(c)}`,
        name: `${street.replace('街道', '')}第${c}社区`,
        level: 'COMMUNITY',
        population,
        households: Math.round(population / 2.6),
      });
    }
  });
  TOWNS.forEach((town, i) => {
    const townCode = `${DISTRICT.code}${pad(100 + i)}`;
    regions.push({ code: townCode, name: town, level: 'TOWNSHIP' });
    for (let v = 1; v <= VILLAGES_PER_TOWN[i]!; v += 1) {
      const population = 800 + ((i * 11 + v) * 331) % 2000;
      regions.push({
        code: `${townCode}${pad(200 + v)}`,
        name: `${town.replace('镇', '')}${v}村`,
        level: 'VILLAGE',
        population,
        households: Math.round(population / 2.8),
      });
    }
  });
  return regions;
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
