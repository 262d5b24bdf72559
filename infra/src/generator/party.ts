/**
 * The city's party organizations and service stations, street by street, as the founding and
 * opening calls that record them (foundPartyOrganization, openPartyServiceStation) with their
 * founding and opening days: a working committee per street, a committee per community, branches
 * in a quarter of the social organizations and joint branches over a further sixth, and stations
 * at roughly one per 1,200 residents (seed 000's Qingshan: 471 stations for 53 communities),
 * and the joint meetings (区域党建联席会议) the committees convene with their resident units,
 * about one a quarter each over the data's years.
 *
 * Pure and deterministic like the rest of the city: built from the city and the organizations'
 * own records, so a branch is never founded before the organization it covers existed.
 */
import type { City, CityCommunity } from './city.ts';
import { datasetPeriod, dateOf, dayNumber, organizationDay, organizationRecord } from './records.ts';
import { derive, int, type Random } from './prng.ts';

// Past the record kinds of records.ts (2–6): party plans draw from sub-streams of their own.
const PARTY_STREAM = 7;

export type PartyKind = 'STREET_WORKING_COMMITTEE' | 'COMMUNITY_COMMITTEE' | 'BRANCH' | 'JOINT_BRANCH';

export interface PartyFounding {
  /** Unique in the street: how a resumed load recognises one already founded. */
  name: string;
  kind: PartyKind;
  regionCode: string;
  /** The name of its parent in the same street plan, founded before it. */
  parentName: string | null;
  fullMembers: number;
  probationaryMembers: number;
  /** Global organization indices (records.ts) it covers. */
  organizations: number[];
  foundedOn: string;
}

export interface StationOpening {
  /** Unique in its community. */
  name: string;
  communityCode: string;
  placement: 'COMMUNITY' | 'GRID' | 'BUILDING' | 'UNIT';
  locationLabel: string;
  /** The community committee running it. */
  hostName: string;
  openedOn: string;
}

export interface JointMeetingRecord {
  /** The working committee or community committee convening it; (host, day) is unique. */
  hostName: string;
  heldOn: string;
  participatingUnits: string[];
  topics: string[];
}

export interface StreetParty {
  streetCode: string;
  /** Parents before children. */
  foundings: PartyFounding[];
  stations: StationOpening[];
  meetings: JointMeetingRecord[];
}

/** Share of a community's organizations with a branch of their own, and in a joint branch. */
export const BRANCH_SHARE = 0.25;
export const JOINT_SHARE = 1 / 6;
/** Residents per service station. */
export const RESIDENTS_PER_STATION = 1200;

const YEAR = 365;
/** Chance that a committee convenes its quarter's meeting. */
export const MEETING_CHANCE = 0.8;

// 驻区单位 by kind (seed 000/003: enterprises, schools, hospitals, agencies in the area) and what they meet about.
const UNIT_KINDS = ['中学', '小学', '幼儿园', '医院', '卫生服务中心', '派出所', '供电所', '银行支行', '物业服务中心', '商场', '邮政支局', '税务所'];
const TOPICS = ['停车难', '老旧小区改造', '垃圾分类', '养老服务', '社区安全', '文明创建', '就业帮扶', '困难群众帮扶', '环境整治', '便民服务', '青少年暑期托管', '消防隐患排查'];

/** A committee's meetings: one in most quarters from its founding (or the data's start) to the end of the data. */
function meetingsOf(city: City, hostName: string, place: string, foundedDay: number, random: Random): JointMeetingRecord[] {
  const { fromDay, untilDay } = datasetPeriod(city);
  const meetings: JointMeetingRecord[] = [];
  for (let quarter = fromDay; quarter + 91 <= untilDay + 1; quarter += 91) {
    if (random() >= MEETING_CHANCE) continue;
    const day = quarter + int(random, 0, 90);
    if (day < foundedDay) continue;
    const units = new Set<string>();
    const wanted = int(random, 1, 4);
    while (units.size < wanted) units.add(`${place}${UNIT_KINDS[int(random, 0, UNIT_KINDS.length - 1)]!}`);
    const topics = new Set<string>();
    const topicCount = int(random, 1, 3);
    while (topics.size < topicCount) topics.add(TOPICS[int(random, 0, TOPICS.length - 1)]!);
    meetings.push({ hostName, heldOn: dateOf(day), participatingUnits: [...units], topics: [...topics] });
  }
  return meetings;
}

/** A day between `from` and the end of the data, `after` days past `from` at most. */
const dayAfter = (random: Random, from: number, until: number, min: number, max: number) => Math.min(until, from + int(random, min, max));

function communityParty(city: City, community: CityCommunity, ci: number, village: boolean, parentName: string, committeeName: string, committeeDay: number) {
  const { untilDay } = datasetPeriod(city);
  const random = derive(city.config.seed, PARTY_STREAM, 1, ci);
  const foundings: PartyFounding[] = [];
  foundings.push({
    name: committeeName,
    kind: 'COMMUNITY_COMMITTEE',
    regionCode: community.code,
    parentName,
    fullMembers: village ? int(random, 10, 60) : int(random, 20, 120),
    probationaryMembers: int(random, 0, 5),
    organizations: [],
    foundedOn: dateOf(committeeDay),
  });

  // Names of branches follow their organizations' names, which may repeat in a community.
  const taken = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${name}（${n}）`;
    taken.add(candidate);
    return candidate;
  };
  const { start, count } = community.organizations;
  let pending: number[] = [];
  let joints = 0;
  const foundJoint = () => {
    joints += 1;
    const day = Math.max(committeeDay, ...pending.map((o) => organizationDay(city, o)));
    foundings.push({
      name: unique(`${community.name}社会组织第${joints}联合党支部`),
      kind: 'JOINT_BRANCH',
      regionCode: community.code,
      parentName: committeeName,
      fullMembers: int(random, 3, 9),
      probationaryMembers: int(random, 0, 2),
      organizations: pending,
      foundedOn: dateOf(dayAfter(random, day, untilDay, 30, 400)),
    });
    pending = [];
  };
  for (let o = start; o < start + count; o += 1) {
    const roll = random();
    if (roll < BRANCH_SHARE) {
      const day = Math.max(committeeDay, organizationDay(city, o));
      foundings.push({
        name: unique(`${organizationRecord(city, o).name as string}党支部`),
        kind: 'BRANCH',
        regionCode: community.code,
        parentName: committeeName,
        fullMembers: int(random, 3, 15),
        probationaryMembers: int(random, 0, 2),
        organizations: [o],
        foundedOn: dateOf(dayAfter(random, day, untilDay, 30, 400)),
      });
    } else if (roll < BRANCH_SHARE + JOINT_SHARE) {
      // Neighbouring small organizations of a community join one branch, two to four of them.
      pending.push(o);
      if (pending.length === 4 || (pending.length >= 2 && random() < 0.4)) foundJoint();
    }
  }
  if (pending.length >= 2) foundJoint();

  const stations: StationOpening[] = [];
  const total = Math.max(1, Math.round(community.population / RESIDENTS_PER_STATION));
  for (let s = 0; s < total; s += 1) {
    // The community's own 党群服务中心 opens with its committee; grid, building and unit stations later.
    const first = s === 0;
    const placement = first ? 'COMMUNITY' : (['GRID', 'BUILDING', 'UNIT'] as const)[int(random, 0, 2)]!;
    const label = first ? '社区党群服务中心' : placement === 'GRID' ? `第${s}网格` : placement === 'BUILDING' ? `${s}号楼` : `${s}号楼${int(random, 1, 6)}单元`;
    stations.push({
      name: first ? `${community.name}党群服务中心` : `${community.name}第${s}党员服务站`,
      communityCode: community.code,
      placement,
      locationLabel: label,
      hostName: committeeName,
      openedOn: dateOf(first ? committeeDay : dayAfter(random, committeeDay, untilDay, 30, 6 * YEAR)),
    });
  }
  const place = community.name.replace(/第\d+社区$/, '').replace(/村$/, '');
  const meetings = meetingsOf(city, committeeName, place, committeeDay, derive(city.config.seed, PARTY_STREAM, 3, ci));
  return { foundings, stations, meetings };
}

/** Every street's party organizations and stations, in the order a load founds and opens them. */
export function partyPlan(city: City): StreetParty[] {
  const { fromDay } = datasetPeriod(city);
  const streets = new Map<string, StreetParty>();
  const regions = new Map(city.regions.map((r) => [r.code, r]));
  city.communities.forEach((community, ci) => {
    let street = streets.get(community.streetCode);
    if (!street) {
      const random = derive(city.config.seed, PARTY_STREAM, 0, streets.size);
      const unit = regions.get(community.streetCode)!;
      // A township's party committee (镇党委); a street's working committee (街道党工委).
      const name = `${unit.name}${unit.level === 'TOWNSHIP' ? '党委' : '党工委'}`;
      street = {
        streetCode: community.streetCode,
        foundings: [
          {
            name,
            kind: 'STREET_WORKING_COMMITTEE',
            regionCode: community.streetCode,
            parentName: null,
            fullMembers: int(random, 10, 40),
            probationaryMembers: int(random, 0, 3),
            organizations: [],
            // Before any of its communities' committees (one to twelve years before the data).
            foundedOn: dateOf(fromDay - int(random, 13 * YEAR, 20 * YEAR)),
          },
        ],
        stations: [],
        meetings: [],
      };
      const place = unit.name.replace(/(街道|镇)$/, '');
      street.meetings.push(...meetingsOf(city, name, place, dayNumber(street.foundings[0]!.foundedOn), derive(city.config.seed, PARTY_STREAM, 4, streets.size)));
      streets.set(community.streetCode, street);
    }
    const committeeDay = fromDay - int(derive(city.config.seed, PARTY_STREAM, 2, ci), YEAR, 12 * YEAR);
    const committeeName = `${community.name}党委`;
    const village = regions.get(community.code)!.level === 'VILLAGE';
    const part = communityParty(city, community, ci, village, street.foundings[0]!.name, committeeName, committeeDay);
    street.foundings.push(...part.foundings);
    street.stations.push(...part.stations);
    street.meetings.push(...part.meetings);
  });
  return [...streets.values()];
}
