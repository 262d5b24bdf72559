import { qingshanRegions, type DemoRegion } from '../demo/qingshan.ts';
import { creditCode, mobileNumber, residentId, spread } from './identifiers.ts';
import { birthDate, personName } from './names.ts';
import { QINGSHAN } from './qingshan-figures.ts';

/**
 * What the Qingshan dataset writes, as plain records: built here without any service, so a unit
 * test can check the article's totals before a single mutation runs.
 */
type Rec = Record<string, unknown>;

export const regions = (): DemoRegion[] => qingshanRegions();
export const communities = () => regions().filter((r) => r.level === 'COMMUNITY');
/** Communities and villages: where organizations, volunteers and disputes live. */
export const grassroots = () => regions().filter((r) => r.level === 'COMMUNITY' || r.level === 'VILLAGE');
export const streets = () => regions().filter((r) => r.level === 'STREET');

const OTHER_FIELDS = ['YOUTH', 'CHILDREN', 'DISABILITY', 'ENVIRONMENT', 'CULTURE_AND_SPORTS', 'VOLUNTEERING', 'LEGAL_AID', 'PSYCHOLOGICAL_HELP', 'HOUSEKEEPING', 'POVERTY_RELIEF', 'COMMUNITY_AFFAIRS'];
const FIELD_LABEL: Record<string, string> = {
  ELDERLY: '为老服务',
  YOUTH: '青少年服务',
  CHILDREN: '儿童关爱',
  DISABILITY: '助残',
  ENVIRONMENT: '环保',
  CULTURE_AND_SPORTS: '文体',
  VOLUNTEERING: '志愿服务',
  LEGAL_AID: '法律援助',
  PSYCHOLOGICAL_HELP: '心理关爱',
  HOUSEKEEPING: '家政服务',
  POVERTY_RELIEF: '帮困',
  COMMUNITY_AFFAIRS: '社区事务',
};

export interface PlannedOrganization extends Rec {
  /** What the dataset uses the organization for later (grants, stations, claims). */
  role: 'agency' | 'elderly' | 'other';
  communityCode: string;
}

/**
 * 769 organizations: the 53 community social-work agencies, the 43 elderly-service
 * organizations, and 673 others spread over the communities and villages. 200 registered with
 * the district (all agencies and elderly-service ones, 104 others), the rest filed with their street.
 */
export function organizations(): PlannedOrganization[] {
  const out: PlannedOrganization[] = [];
  let serial = 1;
  const registered = (legalForm: 'SOCIAL_GROUP' | 'SOCIAL_SERVICE_AGENCY') => ({
    track: 'REGISTERED',
    legalForm,
    creditCode: creditCode(legalForm, QINGSHAN.districtCode, serial),
  });
  const filed = (communityCode: string) => ({ track: 'FILED', filingNumber: `青备${communityCode.slice(6)}-${String(serial).padStart(4, '0')}` });

  for (const community of communities()) {
    out.push({
      role: 'agency',
      name: `${community.name}社会工作服务中心`,
      communityCode: community.code,
      category: 'COMMUNITY_SERVICE',
      serviceFields: ['COMMUNITY_AFFAIRS', 'PSYCHOLOGICAL_HELP'],
      staffCount: 6,
      memberCount: 12,
      ...registered('SOCIAL_SERVICE_AGENCY'),
    });
    serial += 1;
  }
  const places = grassroots();
  for (let i = 0; i < QINGSHAN.elderlyServiceOrganizations; i += 1) {
    const place = places[i % places.length]!;
    out.push({
      role: 'elderly',
      name: `${place.name}${i < places.length ? '' : '第二'}为老服务站`,
      communityCode: place.code,
      category: 'COMMUNITY_SERVICE',
      serviceFields: ['ELDERLY', 'VOLUNTEERING'],
      staffCount: 5,
      memberCount: 20,
      ...registered('SOCIAL_GROUP'),
    });
    serial += 1;
  }
  const others = QINGSHAN.organizations - out.length;
  const registeredOthers = QINGSHAN.registeredOrganizations - out.length;
  let other = 0;
  spread(others, places.length).forEach((count, p) => {
    const place = places[p]!;
    for (let k = 0; k < count; k += 1) {
      const field = OTHER_FIELDS[(p + k) % OTHER_FIELDS.length]!;
      out.push({
        role: 'other',
        name: `${place.name}${FIELD_LABEL[field]}${k < OTHER_FIELDS.length ? '' : '二'}队`,
        communityCode: place.code,
        category: other % 9 === 0 ? 'CHARITY' : 'COMMUNITY_SERVICE',
        serviceFields: [field],
        memberCount: 8 + (k % 20),
        ...(other < registeredOthers ? registered('SOCIAL_GROUP') : filed(place.code)),
      });
      serial += 1;
      other += 1;
    }
  });
  return out;
}

/** Party service stations: 471 over the 53 communities, in courtyards (grids), buildings and units. */
export function partyStations(): { communityCode: string; name: string; placement: string; locationLabel: string }[] {
  const placements = ['GRID', 'BUILDING', 'UNIT'] as const;
  const label = { GRID: '院落', BUILDING: '楼栋', UNIT: '单元' };
  return spread(QINGSHAN.partyServiceStations, QINGSHAN.communities).flatMap((count, c) => {
    const community = communities()[c]!;
    return Array.from({ length: count }, (_, k) => {
      const placement = placements[k % 3]!;
      return { communityCode: community.code, name: `${community.name}${label[placement]}党群服务点${k + 1}`, placement, locationLabel: `${k + 1}号${label[placement]}` };
    });
  });
}

export function deliberationPlatforms(): { communityCode: string; name: string }[] {
  return spread(QINGSHAN.deliberationPlatforms, QINGSHAN.communities).flatMap((count, c) => {
    const community = communities()[c]!;
    return Array.from({ length: count }, (_, k) => ({ communityCode: community.code, name: `${community.name}居民议事平台${k + 1}` }));
  });
}

/** 553 certified social workers by level, over the communities; agency staff or community posts. */
export function certifiedSocialWorkers(agencyOf: (communityCode: string) => string): Rec[] {
  const levels = Object.entries(QINGSHAN.certifiedByLevel).flatMap(([level, n]) => Array<string>(n).fill(level));
  const perCommunity = spread(QINGSHAN.certifiedSocialWorkers, QINGSHAN.communities);
  let serial = 0;
  return perCommunity.flatMap((count, c) => {
    const community = communities()[c]!;
    return Array.from({ length: count }, (_, k) => {
      const level = levels[serial]!;
      const year = 2008 + (serial % 9);
      serial += 1;
      const agency = k % 3 === 0;
      return {
        name: personName(10_000 + serial),
        communityCode: community.code,
        certificationLevel: level,
        certificateNumber: `${level[0]}${year}150204${String(serial).padStart(4, '0')}`,
        certifiedOn: `${year}-11-20`,
        employment: agency ? 'AGENCY' : 'GOVERNMENT_POST',
        ...(agency ? { employerOrganizationId: agencyOf(community.code) } : {}),
      };
    });
  });
}

/** 87 social-work graduates (科班) working in the community agencies, not (yet) certified. */
export function socialWorkGraduates(agencyOf: (communityCode: string) => string): Rec[] {
  return spread(QINGSHAN.socialWorkGraduatesInOrganizations, QINGSHAN.communities).flatMap((count, c) => {
    const community = communities()[c]!;
    return Array.from({ length: count }, (_, k) => ({
      name: personName(20_000 + c * 10 + k),
      communityCode: community.code,
      employment: 'AGENCY',
      employerOrganizationId: agencyOf(community.code),
      socialWorkGraduate: true,
    }));
  });
}

const SKILLS = ['ELDERLY_CARE', 'CHILD_CARE', 'DISABILITY_SUPPORT', 'MEDICAL', 'PSYCHOLOGICAL', 'LEGAL', 'REPAIR', 'ENVIRONMENT', 'EDUCATION', 'CULTURE_AND_SPORTS', 'IT', 'EMERGENCY_RESCUE'];

export function volunteers(): Rec[] {
  const places = grassroots();
  let serial = 0;
  return spread(QINGSHAN.volunteers, places.length).flatMap((count, p) =>
    Array.from({ length: count }, () => {
      serial += 1;
      return {
        name: personName(serial),
        phone: mobileNumber(15_020_000 + serial),
        idNumber: residentId(QINGSHAN.districtCode, birthDate(serial), serial),
        communityCode: places[p]!.code,
        skills: [SKILLS[serial % SKILLS.length]],
      };
    }),
  );
}

const DISPUTE_CATEGORIES = ['NEIGHBOURHOOD', 'FAMILY', 'PROPERTY_MANAGEMENT', 'HOUSING', 'LABOUR', 'DEBT', 'ENVIRONMENT', 'OTHER'];

/** 8,363 disputes mediated to resolution between 2014 and mid-2017, over communities and villages. */
export function resolvedDisputes(): Rec[] {
  const places = grassroots();
  const start = Date.parse('2014-03-01T02:00:00Z');
  const span = Date.parse('2017-06-01T02:00:00Z') - start;
  let serial = 0;
  return spread(QINGSHAN.disputesResolved, places.length).flatMap((count, p) =>
    Array.from({ length: count }, () => {
      serial += 1;
      const reportedAt = new Date(start + Math.floor((span * serial) / QINGSHAN.disputesResolved));
      const resolvedAt = new Date(reportedAt.getTime() + (1 + (serial % 20)) * 86_400_000);
      return {
        communityCode: places[p]!.code,
        category: DISPUTE_CATEGORIES[serial % DISPUTE_CATEGORIES.length],
        summary: `${DISPUTE_CATEGORIES[serial % DISPUTE_CATEGORIES.length] === 'NEIGHBOURHOOD' ? '邻里' : '居民'}矛盾调解（第${serial}件）`,
        parties: [{ name: personName(40_000 + serial) }, { name: personName(80_000 + serial) }],
        reportedAt: reportedAt.toISOString(),
        resolvedAt: resolvedAt.toISOString(),
        resolution: '经居民议事平台多元民主协商化解',
      };
    }),
  );
}

const PROJECT_CATEGORIES = ['ELDERLY_CARE', 'CHILD_CARE', 'DISABILITY', 'HEALTH', 'CULTURE_SPORTS', 'ENVIRONMENT', 'SAFETY', 'LEGAL', 'EMPLOYMENT', 'POVERTY_RELIEF', 'NEIGHBOURHOOD', 'VOLUNTEERING', 'FACILITIES'];

/** The micro-fund street's communities. */
export const microFundCommunities = () => communities().filter((c) => c.code.startsWith(QINGSHAN.microFundStreet));

/** 1,742 micro-projects in 13 categories under the 先锋道 street micro-fund. */
export function microProjects(): Rec[] {
  const places = microFundCommunities();
  return Array.from({ length: QINGSHAN.microProjects }, (_, i) => ({
    communityCode: places[i % places.length]!.code,
    title: `微项目${i + 1}`,
    category: PROJECT_CATEGORIES[i % PROJECT_CATEGORIES.length],
    summary: '微基金支持的社区微项目',
    budgetFen: 0,
  }));
}

const WISH_CATEGORIES = ['ELDERLY_CARE', 'CHILD_CARE', 'DISABILITY', 'HEALTH', 'HOUSING_REPAIR', 'POVERTY_RELIEF', 'NEIGHBOURHOOD'];

export interface PlannedWish {
  post: Rec;
  amountFen: number;
}

/** 5,316 micro-wishes, each pledged 10–50 yuan from the micro-fund and fulfilled. */
export function microWishes(): PlannedWish[] {
  const places = microFundCommunities();
  return Array.from({ length: QINGSHAN.microWishesFulfilled }, (_, i) => ({
    post: {
      communityCode: places[i % places.length]!.code,
      title: `微心愿${i + 1}`,
      category: WISH_CATEGORIES[i % WISH_CATEGORIES.length],
      poster: { name: personName(60_000 + i), phone: mobileNumber(30_000_000 + i) },
    },
    amountFen: 1000 + (i % 5) * 1000,
  }));
}
