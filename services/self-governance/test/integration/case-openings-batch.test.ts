/**
 * Case openings applied as a batch (applyCasesOpened, the case-opened consumer's handleBatch),
 * against the real database: each need still reported goes into service under its case, as one
 * opening at a time would, with one need.service-started event each; what is not this service's
 * or not applicable is skipped; a batch of 30 costs the statements of a batch of 3; and closings
 * are applied in the order the database locks openings in.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfGovernance as contracts } from '@sanshe/events';
import { inTransaction, testSubgraphs } from '@sanshe/testing';
import { applyCasesOpened, inNeedOrder } from '../../src/domain/fulfilment.ts';
import { COMMUNITY, OTHER_COMMUNITY, reportNeed, startSelfGovernance, type SelfGovernance } from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
let service: SelfGovernance;

beforeAll(async () => {
  // No relay: a relay woken by each commit would add its statements to the counts compared below.
  service = await startSelfGovernance(subgraphs, { RELAY_ENABLED: 'false' });
});

const opening = (needId: string, caseId: string = randomUUID(), communityCode = COMMUNITY) => ({ caseId, needId, communityCode, socialWorkerId: randomUUID(), organizationId: null });

async function needRows(ids: string[]) {
  return service.database.sql<{ id: string; status: string; service_case_id: string | null }[]>`
    select id, status, service_case_id from needs where id in ${service.database.sql(ids)} order by id`;
}

async function startedEvents(ids: string[]): Promise<string[]> {
  const rows = await service.database.sql<{ subject: string }[]>`
    select envelope->>'subject' as subject from outbox where type = ${contracts.needServiceStarted.type} and envelope->>'subject' in ${service.database.sql(ids)} order by position`;
  return rows.map((r) => r.subject);
}

describe('case openings as a batch', () => {
  it('starts each reported need under its case, once, and skips what it cannot apply', async () => {
    const [a, b, c, d] = [await reportNeed(service), await reportNeed(service), await reportNeed(service), await reportNeed(service)] as [string, string, string, string];
    const [caseA, caseA2, caseB, caseD] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await inTransaction(service.database, (tx) => applyCasesOpened(tx, [opening(d, caseD)]));
    await inTransaction(service.database, (tx) =>
      applyCasesOpened(tx, [
        opening(b, caseB),
        opening(a, caseA),
        opening(a, caseA2), // the same need opened again in the batch: the first case keeps it
        opening(c, randomUUID(), OTHER_COMMUNITY), // not the community this service recorded it in
        opening(d, randomUUID()), // already in service
        opening(randomUUID()), // a need this service never recorded
        opening('not-a-uuid'),
      ]),
    );
    const byId = Object.fromEntries((await needRows([a, b, c, d])).map((row) => [row.id, [row.status, row.service_case_id]]));
    expect(byId).toEqual({ [a]: ['in_service', caseA], [b]: ['in_service', caseB], [c]: ['reported', null], [d]: ['in_service', caseD] });
    // One event per need started, in need order within the batch.
    expect(await startedEvents([a, b, c, d])).toEqual([d, ...[a, b].sort()]);
  });

  it('sends as many statements for 30 openings as for 3', async () => {
    const statementsFor = async (n: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const ids: string[] = [];
        for (let i = 0; i < n; i += 1) ids.push(await reportNeed(service));
        const before = service.database.statementCount();
        await inTransaction(service.database, (tx) => applyCasesOpened(tx, ids.map((id) => opening(id))));
        least = Math.min(least, service.database.statementCount() - before);
        expect((await needRows(ids)).every((row) => row.status === 'in_service')).toBe(true);
      }
      return least;
    };
    expect(await statementsFor(30)).toBe(await statementsFor(3));
  });

  it('applies closings in the order the database sorts their needs, ids in upper case too', async () => {
    // 'B…' sorts before 'a…' as a string and after it as a uuid: the pair that would take two
    // batches' locks in opposite orders.
    const ids = ['b0000000-0000-4000-8000-000000000001'.toUpperCase(), 'a0000000-0000-4000-8000-000000000002'];
    for (let i = 0; i < 30; i += 1) ids.push(i % 2 === 0 ? randomUUID().toUpperCase() : randomUUID());
    const sorted = await service.database.sql<{ id: string }[]>`
      select id from unnest(string_to_array(${ids.join(',')}, ',')::uuid[]) as id order by id`;
    expect(inNeedOrder(ids.map((needId) => ({ needId }))).map(({ needId }) => needId.toLowerCase())).toEqual(sorted.map((row) => row.id));
  });
});
