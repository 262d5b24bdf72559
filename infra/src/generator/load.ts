/**
 * Loads a City through the platform's own mutations: registerRegion for the region tree, then the
 * bulk imports (importOrganizations, importVolunteers, importNeeds, importDisputes,
 * importVolunteerRecords) in batches, and the party organizations and stations one founding or
 * opening at a time (party-load.ts), `concurrency` calls in flight, a progress bar per stage.
 *
 * Resumable: every finished batch is appended to a checkpoint file (with the ids it created, which
 * later stages refer to), and a rerun skips what is there. Regions are idempotent on their own
 * (CONFLICT = already registered). A batch is one transaction on the service side, so a crash
 * loses at most the batches in flight, never half of one.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { cityFingerprint, recordOwner, type City } from './city.ts';
import { EVENT_WAIT_MS, forEachConcurrently, GraphQLRequestError, WAITING_FOR_EVENTS, type Client } from '../graphql-client.ts';
import { Progress } from './progress.ts';
import { disputeRecord, needRecord, organizationRecord, serviceRecord, volunteerRecord } from './records.ts';
import { partyPlan, type StreetParty } from './party.ts';
import { loadStreetMeetings, loadStreetParty } from './party-load.ts';

export interface LoadOptions {
  client: Client;
  concurrency: number;
  checkpointPath: string;
  log: (line: string) => void;
  /** Stop after these stages (tests and quick runs); all by default. */
  stages?: readonly StageName[];
}

export const STAGES = ['regions', 'organizations', 'party', 'meetings', 'volunteers', 'needs', 'disputes', 'volunteerRecords'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageSummary {
  stage: StageName;
  records: number;
  calls: number;
  skipped: number;
  seconds: number;
}

export interface LoadSummary {
  fingerprint: string;
  stages: StageSummary[];
  seconds: number;
}

/** Request bodies stay under the gateway's and subgraphs' 1 MB limit. */
export const MAX_BODY_BYTES = 900_000;

interface CheckpointLine {
  fingerprint: string;
  stage: StageName;
  batch: number;
  ids?: string[];
}

export class Checkpoint {
  readonly #path: string;
  readonly #fingerprint: string;
  readonly done = new Map<StageName, Map<number, string[] | undefined>>();

  constructor(path: string, fingerprint: string) {
    this.#path = path;
    this.#fingerprint = fingerprint;
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as CheckpointLine;
      if (entry.fingerprint !== fingerprint) continue;
      const stage = this.done.get(entry.stage) ?? new Map();
      stage.set(entry.batch, entry.ids);
      this.done.set(entry.stage, stage);
    }
  }

  has(stage: StageName, batch: number): boolean {
    return this.done.get(stage)?.has(batch) ?? false;
  }

  record(stage: StageName, batch: number, ids?: string[]): void {
    const line: CheckpointLine = { fingerprint: this.#fingerprint, stage, batch, ...(ids ? { ids } : {}) };
    appendFileSync(this.#path, `${JSON.stringify(line)}\n`);
    const map = this.done.get(stage) ?? new Map();
    map.set(batch, ids);
    this.done.set(stage, map);
  }

  /** Ids of every batch of a stage, in batch order (batches of `size` records). */
  ids(stage: StageName, batches: number, size: number, total: number): string[] {
    const out = new Array<string>(total);
    for (let b = 0; b < batches; b += 1) {
      const ids = this.done.get(stage)?.get(b);
      if (!ids) throw new Error(`checkpoint has no ids for ${stage} batch ${b}`);
      ids.forEach((id, i) => (out[b * size + i] = id));
    }
    return out;
  }

  forget(): void {
    rmSync(this.#path, { force: true });
    this.done.clear();
  }
}

const REGISTER_REGION = `mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`;
const OWNER: Record<Exclude<StageName, 'regions' | 'party' | 'meetings'>, string> = {
  organizations: 'organizations',
  volunteers: 'social-work',
  needs: 'self-governance',
  disputes: 'self-governance',
  volunteerRecords: 'social-work',
};
const IMPORT = {
  organizations: `mutation ($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { count ids } }`,
  volunteers: `mutation ($input: ImportVolunteersInput!) { importVolunteers(input: $input) { count ids } }`,
  needs: `mutation ($input: ImportNeedsInput!) { importNeeds(input: $input) { count } }`,
  disputes: `mutation ($input: ImportDisputesInput!) { importDisputes(input: $input) { count } }`,
  volunteerRecords: `mutation ($input: ImportVolunteerRecordsInput!) { importVolunteerRecords(input: $input) { count minutes } }`,
} as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Halves a list of records until each part's JSON fits in MAX_BODY_BYTES. */
export function splitBySize<T>(records: T[], maxBytes = MAX_BODY_BYTES): T[][] {
  if (records.length <= 1 || Buffer.byteLength(JSON.stringify(records)) <= maxBytes) return [records];
  const middle = Math.ceil(records.length / 2);
  return [...splitBySize(records.slice(0, middle), maxBytes), ...splitBySize(records.slice(middle), maxBytes)];
}

export async function loadCity(city: City, options: LoadOptions): Promise<LoadSummary> {
  const fingerprint = cityFingerprint(city);
  const checkpoint = new Checkpoint(options.checkpointPath, fingerprint);
  const wanted = new Set(options.stages ?? STAGES);
  const { client, concurrency, log } = options;
  const summaries: StageSummary[] = [];
  const started = performance.now();

  // A checkpoint from a database that was dropped since: its ids point nowhere.
  const someOrganization = checkpoint.done.get('organizations')?.values().next().value;
  if (someOrganization?.[0]) {
    const found = await client
      .request<{ organization: { id: string } | null }>(`query ($id: ID!) { organization(id: $id) { id } }`, { id: someOrganization[0] }, { service: 'organizations' })
      .then((d) => d.organization !== null, () => false);
    if (!found) {
      log('checkpoint does not match this database (its organizations are gone): starting over');
      checkpoint.forget();
    }
  }

  /**
   * Runs a stage's batches not in the checkpoint, `concurrency` at once, each recorded when done
   * (with the ids it returns); batches already there count as skipped. `sizes[b]` is batch b's
   * number of records, for the progress bar.
   */
  const batches = async (
    name: Exclude<StageName, 'regions'>,
    sizes: readonly number[],
    run: (b: number, progress: Progress) => Promise<{ calls: number; ids?: string[] }>,
  ) => {
    const total = sizes.reduce((n, size) => n + size, 0);
    const progress = new Progress({ label: name, total, unit: 'records' });
    const todo = range(sizes.length).filter((b) => !checkpoint.has(name, b));
    const skipped = range(sizes.length).reduce((n, b) => n + (checkpoint.has(name, b) ? sizes[b]! : 0), 0);
    if (skipped > 0) progress.skip(skipped);
    let calls = 0;
    await forEachConcurrently(todo, concurrency, async (b) => {
      const done = await run(b, progress);
      calls += done.calls;
      checkpoint.record(name, b, done.ids);
    });
    summaries.push({ stage: name, records: total, calls, skipped, seconds: progress.finish() / 1000 });
  };

  /** A bulk-import stage: builds batch b's records, sends them in parts under the body limit, keeps the ids. */
  const stage = async (
    name: Exclude<StageName, 'regions' | 'party' | 'meetings'>,
    total: number,
    size: number,
    build: (index: number) => Record<string, unknown>,
    keepIds: boolean,
  ) => {
    if (!wanted.has(name)) return;
    const sizes = range(Math.ceil(total / size)).map((b) => Math.min(size, total - b * size));
    await batches(name, sizes, async (b, progress) => {
      const records = range(sizes[b]!).map((i) => build(b * size + i));
      const ids: string[] = [];
      let calls = 0;
      for (const part of splitBySize(records)) {
        const data = await client.request<Record<string, { count: number; ids?: string[] }>>(IMPORT[name], { input: { records: part } }, { retryCodes: WAITING_FOR_EVENTS, waitMs: EVENT_WAIT_MS, service: OWNER[name] });
        const result = Object.values(data)[0]!;
        if (result.count !== part.length) throw new Error(`${name} batch ${b}: imported ${result.count} of ${part.length}`);
        if (keepIds) ids.push(...(result.ids ?? []));
        calls += 1;
        progress.add(part.length);
      }
      return { calls, ids: keepIds ? ids : undefined };
    });
  };

  // --- regions: parents first, level by level; CONFLICT = registered by an earlier run ---------
  if (wanted.has('regions')) {
    const progress = new Progress({ label: 'regions', total: city.regions.length, unit: 'regions' });
    let calls = 0;
    let skipped = 0;
    const levels = [['DISTRICT'], ['STREET', 'TOWNSHIP'], ['COMMUNITY', 'VILLAGE']];
    for (const level of levels) {
      const regions = city.regions.filter((r) => level.includes(r.level));
      await forEachConcurrently(regions, concurrency, async (region) => {
        try {
          await client.request(REGISTER_REGION, { input: region }, { service: 'self-governance' });
          calls += 1;
        } catch (error) {
          if (!(error instanceof GraphQLRequestError && error.code === 'CONFLICT')) throw error;
          skipped += 1;
        }
        progress.add(1);
      });
    }
    summaries.push({ stage: 'regions', records: city.regions.length, calls, skipped, seconds: progress.finish() / 1000 });
  }

  const { config } = city;
  await stage('organizations', config.organizations, 1000, (i) => organizationRecord(city, i), true);

  // --- party organizations and stations, then joint meetings: a street per checkpoint batch,
  // one call per record (there are no bulk imports for them) ---------------------------------
  const streets = wanted.has('party') || wanted.has('meetings') ? partyPlan(city) : [];
  const streetStage = async (name: 'party' | 'meetings', size: (s: StreetParty) => number, load: (s: StreetParty, done: (n: number) => void) => Promise<number>) => {
    if (!wanted.has(name)) return;
    await batches(name, streets.map(size), async (b, progress) => ({ calls: await load(streets[b]!, (n) => progress.add(n)) }));
  };
  if (wanted.has('party')) {
    const organizationIds = checkpoint.ids('organizations', Math.ceil(config.organizations / 1000), 1000, config.organizations);
    await streetStage('party', (s) => s.foundings.length + s.stations.length, (s, done) => loadStreetParty(client, s, organizationIds, done));
  }
  await streetStage('meetings', (s) => s.meetings.length, (s, done) => loadStreetMeetings(client, s, done));

  await stage('volunteers', config.volunteers, 1000, (i) => volunteerRecord(city, i), true);

  const communityOf = (kind: 'needs' | 'disputes') => {
    const out = new Uint32Array(config[kind]);
    city.communities.forEach((c, ci) => out.fill(ci, c[kind].start, c[kind].start + c[kind].count));
    return out;
  };
  const needCommunity = communityOf('needs');
  await stage('needs', config.needs, 1000, (i) => needRecord(city, i, needCommunity[i]!), false);
  const disputeCommunity = communityOf('disputes');
  await stage('disputes', config.disputes, 1000, (i) => disputeRecord(city, i, disputeCommunity[i]!), false);

  if (wanted.has('volunteerRecords')) {
    const organizationIds = checkpoint.ids('organizations', Math.ceil(config.organizations / 1000), 1000, config.organizations);
    const volunteerIds = checkpoint.ids('volunteers', Math.ceil(config.volunteers / 1000), 1000, config.volunteers);
    await stage(
      'volunteerRecords',
      config.volunteerRecords,
      5000,
      (i) => {
        const { volunteer, nth } = recordOwner(city, i);
        return serviceRecord(city, volunteer, nth, organizationIds, volunteerIds);
      },
      false,
    );
  }

  const seconds = (performance.now() - started) / 1000;
  return { fingerprint, stages: summaries, seconds };
}
