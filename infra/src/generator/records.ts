/**
 * One import record of each kind, rebuilt from its global index: the same city and index always
 * give the same record. Shapes are the import inputs of the subgraph schemas
 * (OrganizationImportRecordInput, VolunteerImportRecord, VolunteerRecordImportRecord,
 * NeedImportRecord, DisputeImportRecord); identifiers carry valid check characters.
 */
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, residentIdCheckCharacter } from '@sanshe/events';
import type { City } from './city.ts';
import { derive, int, pick, some, weighted, type Random } from './prng.ts';

// Record kinds: the first index of every derived sub-stream, so kinds never share values.
const KIND = { organization: 2, volunteer: 3, record: 4, need: 5, dispute: 6 } as const;

const DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** A district-local (UTC+8) timestamp on that day. */
function at(day: number, hour: number, minute = 0): string {
  return `${dateOf(day)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
}

/** The period the dataset's flow records fall in: [from, until], inclusive district days. */
export function datasetPeriod(city: City): { from: string; until: string; fromDay: number; untilDay: number } {
  const untilDay = dayNumber(city.config.until);
  const fromDay = untilDay - Math.round(city.config.years * 365.25) + 1;
  return { from: dateOf(fromDay), until: city.config.until, fromDay, untilDay };
}

// --- identifiers ------------------------------------------------------------------------------
// Check characters come from @sanshe/events, the implementation the services validate with.

/** A civil-affairs credit code unique to organization `index`: 9 organization-code characters in base 31. */
export function creditCode(districtCode: string, legalForm: LegalForm, index: number): string {
  let n = index + 31 ** 5; // never all zeros; still 9 characters for any index below 31^9
  let body = '';
  for (let i = 0; i < 9; i += 1) {
    body = CREDIT_CODE_ALPHABET[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  const first17 = `5${LEGAL_FORM_KIND[legalForm]}${districtCode}${body}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/**
 * A resident ID unique to volunteer `index`: the birth date steps every 1,000 volunteers and the
 * 3-digit sequence is the index within those 1,000, so no two indices share date and sequence.
 */
export function residentId(addressCode: string, index: number, random: Random): string {
  const birthDay = dayNumber('1950-01-01') + Math.floor(index / 1000) * 61 + int(random, 0, 60);
  const first17 = `${addressCode}${dateOf(birthDay).replaceAll('-', '')}${String(index % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

function mobile(random: Random): string {
  return `1${int(random, 3, 9)}${String(int(random, 0, 999_999_999)).padStart(9, '0')}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鑫波宁欣怡浩宇子轩梓涵雨晨思远佳琪嘉豪志强建国淑珍';

function personName(random: Random): string {
  const given = GIVEN[int(random, 0, GIVEN.length - 1)]! + (random() < 0.6 ? GIVEN[int(random, 0, GIVEN.length - 1)]! : '');
  return SURNAMES[int(random, 0, SURNAMES.length - 1)]! + given;
}

// --- organizations ----------------------------------------------------------------------------

export type LegalForm = 'SOCIAL_GROUP' | 'SOCIAL_SERVICE_AGENCY' | 'FOUNDATION';
const LEGAL_FORM_KIND: Record<LegalForm, string> = { SOCIAL_GROUP: '1', SOCIAL_SERVICE_AGENCY: '2', FOUNDATION: '3' };

const SERVICE_FIELDS = ['ELDERLY', 'YOUTH', 'CHILDREN', 'DISABILITY', 'ENVIRONMENT', 'CULTURE_AND_SPORTS', 'VOLUNTEERING', 'LEGAL_AID', 'PSYCHOLOGICAL_HELP', 'HOUSEKEEPING', 'POVERTY_RELIEF', 'COMMUNITY_AFFAIRS'] as const;
/** Name stems by service field: also the organization-search terms of the benchmark. */
export const ORGANIZATION_STEMS: Record<(typeof SERVICE_FIELDS)[number], readonly string[]> = {
  ELDERLY: ['夕阳红', '长者关爱', '银龄', '敬老'],
  YOUTH: ['青少年成长', '青年志愿', '启航'],
  CHILDREN: ['童心', '儿童之家', '四点半课堂'],
  DISABILITY: ['助残', '康园', '阳光助残'],
  ENVIRONMENT: ['绿色家园', '垃圾分类', '河长护水'],
  CULTURE_AND_SPORTS: ['广场舞', '书画', '粤剧', '太极'],
  VOLUNTEERING: ['志愿服务', '邻里守望', '红马甲'],
  LEGAL_AID: ['法律援助', '人民调解', '普法'],
  PSYCHOLOGICAL_HELP: ['心理关爱', '心灵驿站'],
  HOUSEKEEPING: ['家政互助', '便民服务'],
  POVERTY_RELIEF: ['慈善互助', '帮困'],
  COMMUNITY_AFFAIRS: ['议事', '楼长联谊', '邻里'],
};
const FILED_SUFFIX = ['服务队', '协会', '互助会', '小组', '志愿队'];
const REGISTERED_SUFFIX: Record<LegalForm, readonly string[]> = {
  SOCIAL_GROUP: ['协会', '联合会', '促进会'],
  SOCIAL_SERVICE_AGENCY: ['社会工作服务中心', '服务中心', '社工站'],
  FOUNDATION: ['基金会', '慈善基金会'],
};
const CATEGORIES = ['TRADE_ASSOCIATION', 'SCIENCE_AND_TECHNOLOGY', 'CHARITY', 'COMMUNITY_SERVICE'] as const;

/** When organization `index` was filed or registered: mostly before the period, none in its last year. */
export function organizationDay(city: City, index: number): number {
  const { fromDay, untilDay } = datasetPeriod(city);
  const random = derive(city.config.seed, KIND.organization, index, 1);
  return int(random, fromDay - 8 * 365, untilDay - 365);
}

export function organizationRecord(city: City, index: number): Record<string, unknown> {
  const community = city.communities[city.organizationCommunity[index]!]!;
  const random = derive(city.config.seed, KIND.organization, index);
  const fields = some(random, SERVICE_FIELDS, 3);
  const stem = pick(random, ORGANIZATION_STEMS[fields[0]!]);
  const place = community.name.replace(/第\d+社区$/, '').replace(/村$/, '');
  const category = weighted(random, [
    ['COMMUNITY_SERVICE', 6],
    ['CHARITY', 2],
    ['TRADE_ASSOCIATION', 1],
    ['SCIENCE_AND_TECHNOLOGY', 1],
  ] as const satisfies readonly (readonly [(typeof CATEGORIES)[number], number])[]);
  const day = organizationDay(city, index);
  const base = {
    name: '',
    communityCode: community.code,
    category,
    serviceFields: fields,
    staffCount: int(random, 0, 30),
    memberCount: int(random, 5, 300),
    at: dateOf(day),
  };
  // 社区社会组织 are mostly filed with the street office (备案); the rest registered (登记).
  if (random() < 0.6) {
    return {
      ...base,
      track: 'FILED',
      name: `${place}${stem}${pick(random, FILED_SUFFIX)}`,
      filingNumber: `${community.streetCode}备${String(index).padStart(6, '0')}`,
    };
  }
  const legalForm = weighted<LegalForm>(random, [
    ['SOCIAL_GROUP', 5],
    ['SOCIAL_SERVICE_AGENCY', 4],
    ['FOUNDATION', 1],
  ]);
  const graded = random() < 0.3;
  const gradeDay = Math.min(datasetPeriod(city).untilDay, day + int(random, 200, 1500));
  return {
    ...base,
    track: 'REGISTERED',
    name: `广州市${place}${stem}${pick(random, REGISTERED_SUFFIX[legalForm])}`,
    legalForm,
    creditCode: creditCode(community.districtCode, legalForm, index),
    ...(graded ? { grade: { score: int(random, 500, 960), gradedOn: dateOf(gradeDay) } } : {}),
  };
}

// --- volunteers and their service records ---------------------------------------------------------

const SKILLS = ['ELDERLY_CARE', 'CHILD_CARE', 'DISABILITY_SUPPORT', 'MEDICAL', 'PSYCHOLOGICAL', 'LEGAL', 'REPAIR', 'ENVIRONMENT', 'EDUCATION', 'CULTURE_AND_SPORTS', 'IT', 'EMERGENCY_RESCUE', 'OTHER'] as const;

/** The day volunteer `index` registered: before or early in the period, at least 30 days before its end. */
export function volunteerDay(city: City, index: number): number {
  const { fromDay, untilDay } = datasetPeriod(city);
  return int(derive(city.config.seed, KIND.volunteer, index, 1), fromDay - 3 * 365, untilDay - 30);
}

export function volunteerRecord(city: City, index: number): Record<string, unknown> {
  const community = city.communities[city.volunteerCommunity[index]!]!;
  const random = derive(city.config.seed, KIND.volunteer, index);
  return {
    name: personName(random),
    phone: mobile(random),
    idNumber: residentId(community.districtCode, index, random),
    communityCode: community.code,
    skills: some(random, SKILLS, 3),
    registeredAt: at(volunteerDay(city, index), int(random, 9, 17), int(random, 0, 59)),
  };
}

const ACTIVITIES = ['助老送餐', '社区环境清洁', '垃圾分类督导', '四点半课堂辅导', '文明交通劝导', '探访独居老人', '义诊服务', '法律咨询', '防疫宣传', '图书馆整理', '文艺汇演协助', '便民维修', '河涌巡查', '反诈宣传', '消防安全检查'];

/**
 * Record `nth` of volunteer `volunteer`, served with an organization of the volunteer's street
 * that existed by then, after the volunteer registered, inside the period; verified a few days
 * later. A volunteer's records are spread over its days so that no day holds more than 20 hours
 * (services refuse more than 24; the rest is headroom for the benchmark's own writes): one record
 * a day while there are more days than records, else `perDay` records of at most 1200/perDay minutes.
 */
export function serviceRecord(city: City, volunteer: number, nth: number, organizationIds: readonly string[], volunteerIds: readonly string[]): Record<string, unknown> {
  const community = city.communities[city.volunteerCommunity[volunteer]!]!;
  const random = derive(city.config.seed, KIND.record, volunteer, nth);
  const { fromDay, untilDay } = datasetPeriod(city);
  const first = Math.max(fromDay, volunteerDay(city, volunteer) + 1);
  const days = untilDay - first; // first … untilDay - 1
  const count = city.recordsPerVolunteer[volunteer]!;
  let day: number;
  let maxMinutes = 240;
  if (count <= days) {
    // Disjoint slices of at least one day each: distinct days for distinct records.
    day = first + Math.floor(((nth + random()) * days) / count);
  } else {
    const perDay = Math.ceil(count / days);
    day = first + Math.floor(nth / perDay);
    maxMinutes = Math.max(1, Math.floor(1200 / perDay));
  }
  const nearby = city.organizationsByStreet.get(community.streetCode);
  const pool = nearby && nearby.length > 0 ? nearby : [0];
  // Start at a random organization of the street and take the first one founded before the day.
  const start = Math.floor(random() * pool.length);
  let organization = pool[start]!;
  for (let k = 0; k < pool.length && organizationDay(city, organization) >= day; k += 1) organization = pool[(start + k + 1) % pool.length]!;
  if (organizationDay(city, organization) >= day) organization = oldestOrganization(city);
  const minutes = Math.min(maxMinutes, 30 * int(random, 1, 8));
  return {
    volunteerId: volunteerIds[volunteer],
    organizationId: organizationIds[organization],
    activity: pick(random, ACTIVITIES),
    serviceDate: dateOf(day),
    minutes,
    verifiedAt: at(Math.min(untilDay, day + int(random, 1, 5)), int(random, 9, 17)),
  };
}

const oldest = new WeakMap<City, number>();
function oldestOrganization(city: City): number {
  let found = oldest.get(city);
  if (found === undefined) {
    found = 0;
    for (let o = 1; o < city.config.organizations; o += 1) if (organizationDay(city, o) < organizationDay(city, found)) found = o;
    oldest.set(city, found);
  }
  return found;
}

// --- needs and disputes -----------------------------------------------------------------------

const NEED_CATEGORIES = ['ELDERLY_CARE', 'CHILD_CARE', 'DISABILITY', 'HEALTH', 'PSYCHOLOGICAL', 'LEGAL', 'HOUSING_REPAIR', 'ENVIRONMENT', 'EMPLOYMENT', 'POVERTY_RELIEF', 'NEIGHBOURHOOD', 'OTHER'] as const;
const NEED_SUMMARY: Record<string, string> = {
  ELDERLY_CARE: '独居老人需要助餐和定期探访',
  CHILD_CARE: '双职工家庭放学后无人看护孩子',
  DISABILITY: '残疾居民出行需要无障碍协助',
  HEALTH: '慢病老人需要上门测血压',
  PSYCHOLOGICAL: '居民情绪低落需要心理疏导',
  LEGAL: '租赁纠纷需要法律咨询',
  HOUSING_REPAIR: '老旧楼道灯损坏需要维修',
  ENVIRONMENT: '小区垃圾堆放需要清理',
  EMPLOYMENT: '失业居民需要就业指导',
  POVERTY_RELIEF: '困难家庭需要临时救助',
  NEIGHBOURHOOD: '楼上噪音影响休息需要协调',
  OTHER: '居民反映的其他诉求',
};

export function needRecord(city: City, index: number, communityIndex: number): Record<string, unknown> {
  const community = city.communities[communityIndex]!;
  const random = derive(city.config.seed, KIND.need, index);
  const category = pick(random, NEED_CATEGORIES);
  const { fromDay, untilDay } = datasetPeriod(city);
  return {
    communityCode: community.code,
    category,
    urgency: weighted(random, [
      ['LOW', 3],
      ['NORMAL', 5],
      ['HIGH', 2],
      ['URGENT', 1],
    ]),
    summary: NEED_SUMMARY[category],
    reporter: { name: personName(random), phone: mobile(random) },
    reportedAt: at(int(random, fromDay, untilDay), int(random, 8, 20), int(random, 0, 59)),
  };
}

const DISPUTE_CATEGORIES = ['NEIGHBOURHOOD', 'FAMILY', 'PROPERTY_MANAGEMENT', 'HOUSING', 'LABOUR', 'DEBT', 'ENVIRONMENT', 'OTHER'] as const;

export function disputeRecord(city: City, index: number, communityIndex: number): Record<string, unknown> {
  const community = city.communities[communityIndex]!;
  const random = derive(city.config.seed, KIND.dispute, index);
  const { fromDay, untilDay } = datasetPeriod(city);
  const reported = int(random, fromDay, untilDay);
  const category = pick(random, DISPUTE_CATEGORIES);
  const parties = [{ name: personName(random), phone: mobile(random) }, { name: personName(random) }];
  const resolved = reported < untilDay && random() < 0.65;
  const resolvedDay = Math.min(untilDay, reported + int(random, 1, 30));
  return {
    communityCode: community.code,
    category,
    summary: `${category === 'NEIGHBOURHOOD' ? '邻里' : category === 'PROPERTY_MANAGEMENT' ? '物业' : '居民'}纠纷，双方申请调解`,
    parties,
    reportedAt: at(reported, int(random, 8, 12)),
    ...(resolved ? { resolvedAt: at(resolvedDay, int(random, 14, 18)), resolution: '经多元民主协商，双方达成调解协议' } : {}),
  };
}
