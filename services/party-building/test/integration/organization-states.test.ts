/**
 * The organization state history party coverage over a period reads (`organization_states`):
 * each announced state holds from its event's time until the next one. Called directly on a real
 * database, as the consumer calls it inside its inbox transaction.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '@sanshe/service-kit';
import { createTestDatabase, type TestDatabase } from '@sanshe/testing';
import * as schema from '../../src/db/schema.ts';
import { recordOrganizationState } from '../../src/events/organization-states.ts';

const COMMUNITY = '150204001001';
let database: TestDatabase;
let db: DatabaseHandle<typeof schema>;

beforeAll(async () => {
  database = await createTestDatabase('party-building');
  db = connectDatabase(database.url, schema);
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

async function record(organizationId: string, state: string, at: string, communityCode = COMMUNITY): Promise<void> {
  await db.db.transaction((tx) => recordOrganizationState(tx, { organizationId, communityCode, state, at: new Date(at) }));
}

const utc = (column: string) => db.sql.unsafe(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')`);

async function history(organizationId: string) {
  // UTC instants as text: the test client leaves timestamps unparsed (strings in the session's zone).
  return db.sql`select state, community_code, ${utc('since')} as since, ${utc('until')} as until
    from organization_states where organization_id = ${organizationId} order by organization_states.since`;
}

describe('organization state history', () => {
  it('ends the open state where the next one begins, and keeps the community each event carried', async () => {
    const id = randomUUID();
    await record(id, 'filed', '2016-03-01T09:00:00+08:00');
    await record(id, 'suspended', '2016-06-15T09:00:00+08:00', '150204001002');
    await record(id, 'registered', '2017-02-01T09:00:00+08:00', '150204001002');

    expect(await history(id)).toEqual([
      { state: 'filed', community_code: COMMUNITY, since: '2016-03-01T01:00Z', until: '2016-06-15T01:00Z' },
      { state: 'suspended', community_code: '150204001002', since: '2016-06-15T01:00Z', until: '2017-02-01T01:00Z' },
      { state: 'registered', community_code: '150204001002', since: '2017-02-01T01:00Z', until: null },
    ]);
  });

  it('closes the open state where it began when the next change is stamped before it (clock skew)', async () => {
    const id = randomUUID();
    await record(id, 'filed', '2016-03-01T09:00:00+08:00');
    // Stamped a minute before the state it ends: without the guard the filed row would end
    // before it starts, an interval no period could fall into consistently.
    await record(id, 'registered', '2016-03-01T08:59:00+08:00');

    expect(await history(id)).toEqual([
      { state: 'registered', community_code: COMMUNITY, since: '2016-03-01T00:59Z', until: null },
      { state: 'filed', community_code: COMMUNITY, since: '2016-03-01T01:00Z', until: '2016-03-01T01:00Z' },
    ]);
  });

  it('takes a second announcement at the same instant as the state from then on, with one open row', async () => {
    const id = randomUUID();
    await record(id, 'filed', '2016-03-01T09:00:00+08:00');
    await record(id, 'registered', '2016-03-01T09:00:00+08:00');

    expect(await history(id)).toEqual([{ state: 'registered', community_code: COMMUNITY, since: '2016-03-01T01:00Z', until: null }]);
  });
});
