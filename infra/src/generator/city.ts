/**
 * The city-scale dataset as numbers: the region tree (districts → streets and townships →
 * communities and villages) and how many organizations, volunteers, service records, needs and
 * disputes each community gets. Pure and deterministic: the same config always gives the same
 * city, so a load can resume and two benchmark runs see the same data.
 */
import { apportion, derive, int, mulberry32, skewed, type Random } from './prng.ts';

export interface CityConfig {
  seed: number;
  /** Ten districts of one city (at most DISTRICTS.length). */
  districts: number;
  /** Communities and villages over all districts. */
  communities: number;
  organizations: number;
  volunteers: number;
  volunteerRecords: number;
  needs: number;
  disputes: number;
  /** Last district-local day of the data (YYYY-MM-DD); records fall in the `years` before it. */
  until: string;
  years: number;
}

/** The city: ten districts, ~500 communities, 10k organizations, 250k volunteers, 5 M records, 100k needs. */
export const CITY_SCALE: CityConfig = {
  seed: 20_261_122,
  districts: 10,
  communities: 500,
  organizations: 10_000,
  volunteers: 250_000,
  volunteerRecords: 5_000_000,
  needs: 100_000,
  disputes: 20_000,
  // Fixed, not "yesterday": the dataset must not change with the day it is generated.
  until: '2026-10-31',
  years: 3,
};

/** The same city with every record count multiplied by `factor` (regions unchanged): quick runs. */
export function scaled(config: CityConfig, factor: number): CityConfig {
  const n = (x: number) => Math.max(1, Math.round(x * factor));
  return {
    ...config,
    organizations: n(config.organizations),
    volunteers: n(config.volunteers),
    volunteerRecords: n(config.volunteerRecords),
    needs: n(config.needs),
    disputes: n(config.disputes),
  };
}

export type RegionLevel = 'DISTRICT' | 'STREET' | 'TOWNSHIP' | 'COMMUNITY' | 'VILLAGE';

export interface CityRegion {
  code: string;
  name: string;
  level: RegionLevel;
  population?: number;
  households?: number;
}

export interface CityCommunity {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  population: number;
  /** Index ranges [start, start + count) into the global lists of each kind. */
  organizations: { start: number; count: number };
  volunteers: { start: number; count: number };
  needs: { start: number; count: number };
  disputes: { start: number; count: number };
}

export interface City {
  config: CityConfig;
  /** Parents before children: districts, then streets and townships, then communities and villages. */
  regions: CityRegion[];
  communities: CityCommunity[];
  districtCodes: string[];
  /** Service records per volunteer (index = volunteer), adding up to config.volunteerRecords. */
  recordsPerVolunteer: Uint32Array;
  /** recordStart[v] = records of volunteers before v (length volunteers + 1). */
  recordStart: Float64Array;
  /** Organization indices per street code: volunteers serve with organizations near them. */
  organizationsByStreet: Map<string, number[]>;
  /** Volunteer index → its community's index in `communities`. */
  volunteerCommunity: Uint32Array;
  organizationCommunity: Uint32Array;
}

/** Guangzhou's districts (GB/T 2260): real codes and names, invented streets and communities. */
export const DISTRICTS = [
  { code: '440103', name: '荔湾区', rural: false },
  { code: '440104', name: '越秀区', rural: false },
  { code: '440105', name: '海珠区', rural: false },
  { code: '440106', name: '天河区', rural: false },
  { code: '440111', name: '白云区', rural: true },
  { code: '440112', name: '黄埔区', rural: true },
  { code: '440113', name: '番禺区', rural: true },
  { code: '440114', name: '花都区', rural: true },
  { code: '440115', name: '南沙区', rural: true },
  { code: '440117', name: '从化区', rural: true },
  { code: '440118', name: '增城区', rural: true },
] as const;

const STREET_WORDS = ['东湖', '西关', '南华', '北京路', '沙面', '华林', '逢源', '多宝', '昌华', '岭南', '金花', '彩虹', '龙津', '站前', '白鹤洞', '石围塘', '冲口', '花地', '海龙', '东漖', '中南', '茶滘', '桥中', '新港', '滨江', '素社', '凤阳', '瑞宝', '江海', '琶洲', '南石头', '沙园', '五羊', '林和', '天园', '车陂', '棠下', '员村', '猎德', '冼村'];
const COMMUNITY_WORDS = ['和平', '幸福', '康乐', '花园', '新村', '明珠', '翠苑', '锦绣', '阳光', '丽景', '红棉', '荔枝湾', '金沙', '文昌', '怡乐', '丰泽', '福禄', '安居', '同德', '永兴'];

const pad3 = (n: number) => String(n).padStart(3, '0');

/** Splits `total` communities over `districts`, then streets, deterministically. */
function regionTree(random: Random, config: CityConfig) {
  const districts = DISTRICTS.slice(0, config.districts);
  const perDistrict = apportion(
    config.communities,
    districts.map(() => 0.6 + random()),
  );
  const regions: CityRegion[] = districts.map((d) => ({ code: d.code, name: d.name, level: 'DISTRICT' as const }));
  const units: { code: string; name: string; level: 'STREET' | 'TOWNSHIP'; districtCode: string; communities: number }[] = [];
  districts.forEach((district, di) => {
    const total = perDistrict[di]!;
    // Urban districts are streets only; outer districts also have townships with villages.
    const townships = district.rural ? int(random, 1, 2) : 0;
    const streets = Math.max(1, Math.round(total / int(random, 8, 11)) - townships);
    const weights = Array.from({ length: streets + townships }, () => 0.5 + random());
    const counts = apportion(total, weights);
    for (let s = 0; s < streets + townships; s += 1) {
      const township = s >= streets;
      const word = STREET_WORDS[(di * 7 + s * 3) % STREET_WORDS.length]!;
      units.push({
        code: `${district.code}${township ? pad3(100 + s - streets + 1) : pad3(s + 1)}`,
        name: township ? `${word}镇` : `${word}街道`,
        level: township ? 'TOWNSHIP' : 'STREET',
        districtCode: district.code,
        communities: counts[s]!,
      });
    }
  });
  return { regions, units };
}

export function buildCity(config: CityConfig): City {
  if (config.districts > DISTRICTS.length) throw new RangeError(`at most ${DISTRICTS.length} districts`);
  const random = mulberry32(config.seed);
  const { regions, units } = regionTree(random, config);

  const communities: Omit<CityCommunity, 'organizations' | 'volunteers' | 'needs' | 'disputes'>[] = [];
  const lower: CityRegion[] = [];
  for (const unit of units) {
    regions.push({ code: unit.code, name: unit.name, level: unit.level });
    for (let c = 0; c < unit.communities; c += 1) {
      const village = unit.level === 'TOWNSHIP';
      const population = Math.round(village ? 800 + random() * 2200 : Math.min(30_000, 2500 + skewed(random, 6500, 0.5)));
      const word = COMMUNITY_WORDS[(c * 7 + unit.code.charCodeAt(8)) % COMMUNITY_WORDS.length]!;
      const code = `${unit.code}${village ? pad3(200 + c + 1) : pad3(c + 1)}`;
      const name = village ? `${word}村` : `${unit.name.replace('街道', '')}${word}第${c + 1}社区`;
      lower.push({ code, name, level: village ? 'VILLAGE' : 'COMMUNITY', population, households: Math.round(population / (village ? 2.9 : 2.6)) });
      communities.push({ code, name, streetCode: unit.code, districtCode: unit.districtCode, population });
    }
  }
  regions.push(...lower);

  // Activity is population times a per-community factor: some communities are far busier.
  const activity = communities.map((c) => c.population * skewed(random, 1, 0.6));
  const allot = (total: number, weights: number[]) => {
    const counts = apportion(total, weights);
    let start = 0;
    return counts.map((count) => {
      const range = { start, count };
      start += count;
      return range;
    });
  };
  const organizations = allot(config.organizations, activity.map((a) => Math.pow(a, 0.8)));
  const volunteers = allot(config.volunteers, activity);
  const needs = allot(config.needs, activity);
  const disputes = allot(config.disputes, communities.map((c) => c.population));
  const full: CityCommunity[] = communities.map((c, i) => ({
    ...c,
    organizations: organizations[i]!,
    volunteers: volunteers[i]!,
    needs: needs[i]!,
    disputes: disputes[i]!,
  }));

  // Records per volunteer: heavy-tailed, each volunteer's weight from its own sub-stream.
  const weights = new Float64Array(config.volunteers);
  for (let v = 0; v < config.volunteers; v += 1) weights[v] = skewed(derive(config.seed, 1, v), 1, 1.0);
  const recordsPerVolunteer = Uint32Array.from(apportion(config.volunteerRecords, Array.from(weights)));
  const recordStart = new Float64Array(config.volunteers + 1);
  for (let v = 0; v < config.volunteers; v += 1) recordStart[v + 1] = recordStart[v]! + recordsPerVolunteer[v]!;

  const organizationsByStreet = new Map<string, number[]>();
  const organizationCommunity = new Uint32Array(config.organizations);
  const volunteerCommunity = new Uint32Array(config.volunteers);
  full.forEach((c, ci) => {
    const list = organizationsByStreet.get(c.streetCode) ?? [];
    for (let o = c.organizations.start; o < c.organizations.start + c.organizations.count; o += 1) {
      list.push(o);
      organizationCommunity[o] = ci;
    }
    organizationsByStreet.set(c.streetCode, list);
    for (let v = c.volunteers.start; v < c.volunteers.start + c.volunteers.count; v += 1) volunteerCommunity[v] = ci;
  });

  return {
    config,
    regions,
    communities: full,
    districtCodes: DISTRICTS.slice(0, config.districts).map((d) => d.code),
    recordsPerVolunteer,
    recordStart,
    organizationsByStreet,
    volunteerCommunity,
    organizationCommunity,
  };
}

/** The volunteer a global record index belongs to, and which of its records it is. */
export function recordOwner(city: City, record: number): { volunteer: number; nth: number } {
  const starts = city.recordStart;
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= record) lo = mid;
    else hi = mid - 1;
  }
  return { volunteer: lo, nth: record - starts[lo]! };
}

/** Bumped whenever a record builder changes what it produces: old checkpoints then no longer match. */
export const GENERATOR_VERSION = 2;

/** A short fingerprint of the whole city, to tell datasets apart in checkpoints and reports. */
export function cityFingerprint(city: City): string {
  let h = 0x811c9dc5;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  };
  feed(`v${GENERATOR_VERSION}`);
  feed(JSON.stringify(city.config));
  for (const c of city.communities) feed(`${c.code}:${c.population}:${c.organizations.count}:${c.volunteers.count}`);
  return h.toString(16).padStart(8, '0');
}
