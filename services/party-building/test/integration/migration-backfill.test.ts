/**
 * Migrations that give existing rows a history, so the statistics over any period stay what they
 * were: 0006 gives every organization already in the replica its last announced state since
 * -infinity (coverage); 0007 gives every party organization its current member counts since its
 * founding (members). Each migrates an empty database to the migration before, writes rows the
 * old way, migrates on, and asks the statistics.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStatisticsId } from '@sanshe/service-kit';
import { createDatabaseMigratedTo, testInfra } from '@sanshe/testing';
import * as schema from '../../src/db/schema.ts';
import { partyStatistics } from '../../src/domain/statistics-store.ts';

const infra = testInfra();
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(!infra.adminUrl)('migrations that give existing rows a history', () => {
  it('gives each replicated organization its last state since -infinity, and coverage stays what it was', async () => {
    const database = await createDatabaseMigratedTo('party-building', '0005_known_organizations_region_indexes');
    cleanups.push(() => database.drop());
    const db = database.connect(schema);
    const { sql } = db;
    const [filed, registered, suspended] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [id, state] of [[filed, 'filed'], [registered, 'registered'], [suspended, 'suspended']] as const) {
      await sql`insert into known_organizations (id, name, track, state, community_code, street_code, district_code)
        values (${id}, ${`社会组织${state}`}, ${state === 'filed' ? 'filed' : 'registered'}, ${state}, '150204001001', '150204001', '150204')`;
    }
    const [branch] = await sql`insert into party_organizations (name, kind, region_code, full_members, founded_at)
      values ('先锋道第一社区第一党支部', 'branch', '150204001001', 3, '2016-03-01T09:00:00+08:00') returning id`;
    await sql`insert into coverage (organization_id, party_organization_id) values (${filed}, ${branch!.id})`;

    await database.migrateOn();

    const states = await sql`select organization_id, state, community_code, since::text, until from organization_states order by state`;
    expect(states).toEqual([
      { organization_id: filed, state: 'filed', community_code: '150204001001', since: '-infinity', until: null },
      { organization_id: registered, state: 'registered', community_code: '150204001001', since: '-infinity', until: null },
      { organization_id: suspended, state: 'suspended', community_code: '150204001001', since: '-infinity', until: null },
    ]);
    // Two active (the suspended one is out), one covered by a branch founded in 2016: 500 ‰ at the
    // end of 2016, 0 ‰ at the end of 2010 — the backfilled organizations count in both periods.
    const figures = await partyStatistics(db.db, ['150204001001@2016-01-01..2016-12-31', '150204001001@2010-01-01..2010-12-31'].map(parseStatisticsId));
    expect(figures.get('150204001001@2016-01-01..2016-12-31')!.partyCoveragePerMille).toBe(500);
    expect(figures.get('150204001001@2010-01-01..2010-12-31')!.partyCoveragePerMille).toBe(0);
  });

  it('gives each party organization its current members from its founding, and the members figure stays what it was', async () => {
    const database = await createDatabaseMigratedTo('party-building', '0006_organization_states');
    cleanups.push(() => database.drop());
    const db = database.connect(schema);
    const { sql } = db;
    const [branch] = await sql`insert into party_organizations (name, kind, region_code, full_members, probationary_members, founded_at)
      values ('先锋道第一社区第一党支部', 'branch', '150204001001', 5, 2, '2016-03-01T09:00:00+08:00') returning id`;

    await database.migrateOn();

    const history = await sql`select full_members, probationary_members, since = '2016-03-01T09:00:00+08:00'::timestamptz as from_founding, until
      from party_membership_history where party_organization_id = ${branch!.id}`;
    expect(history).toEqual([{ full_members: 5, probationary_members: 2, from_founding: true, until: null }]);
    const figures = await partyStatistics(db.db, ['150204001001@2016-01-01..2016-12-31', '150204001001@2015-01-01..2015-12-31'].map(parseStatisticsId));
    expect(figures.get('150204001001@2016-01-01..2016-12-31')!.partyMembers).toBe(7);
    expect(figures.get('150204001001@2015-01-01..2015-12-31')!.partyMembers).toBe(0);
  });
});
