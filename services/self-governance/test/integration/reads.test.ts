import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { COMMUNITY, JOINT_REVIEW, createPlatform, ok, postWish, refused, startSelfGovernance, submitProposal, vote, type SelfGovernance } from '../factories/self-governance.ts';

/** Reads a portal makes: nested lists in a bounded number of statements, and no input that makes a 500. */
const subgraphs = testSubgraphs();
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
  const platformId = await createPlatform(service);
  for (let i = 0; i < 12; i += 1) {
    const { id } = await submitProposal(service, platformId, `提案${i}`);
    await ok(service, JOINT_REVIEW, { input: { proposalId: id, vote: vote(9, 7, 6) } });
    await postWish(service, `心愿${i}`);
  }
});

async function statementsFor(query: string): Promise<number> {
  const before = service.database.statementCount();
  await ok(service, query);
  return service.database.statementCount() - before;
}

describe('nested fields', () => {
  it('cost the same number of statements for 2 rows as for 12', async () => {
    const query = (n: number) => `{ community(code: "${COMMUNITY}") {
      proposals(first: ${n}) { edges { node { title platform { name } community { code street { code } } history { action vote { outcome } } votes { outcome } } } }
      microWishes(first: ${n}) { edges { node { title poster { name } need { status microWish { id } } community { code } } } } } }`;
    // The outbox relay shares the pool's counter; the least of three runs leaves out its polls.
    const least = async (n: number) => {
      const counts: number[] = [];
      for (let run = 0; run < 3; run += 1) counts.push(await statementsFor(query(n)));
      return Math.min(...counts);
    };
    const small = await least(2);
    const large = await least(12);
    // One statement per nested field and batch, not per row: ten more rows would be ten more statements each.
    expect(large).toBeLessThanOrEqual(small + 2);
    expect(large).toBeLessThanOrEqual(16);
  });
});

describe('never a 500', () => {
  it('answers ids that are not UUIDs, and codes of the wrong shape, with null', async () => {
    const data = await ok(
      service,
      `{ proposal(id: "1; drop table proposals") { id } need(id: "") { id } grid(code: "abc") { code } building(id: "x") { id } region(code: "abc") { code }
         community(code: "nope") { code } residentsCommittee(id: "00000000-0000-4000-8000-000000000000") { id } }`,
    );
    expect(Object.values(data).every((v) => v === null)).toBe(true);
  });

  it('refuses bad filters, cursors and NUL characters as the caller’s input errors', async () => {
    const cases = [
      [`{ community(code: "${COMMUNITY}") { needs(gridCode: "1") { totalCount } } }`, 'gridCode'],
      [`{ community(code: "${COMMUNITY}") { proposals(after: "not-a-cursor") { totalCount } } }`, 'after'],
      [`{ community(code: "${COMMUNITY}") { proposals(first: 101) { totalCount } } }`, 'first'],
      [`{ disputes(within: "abc") { totalCount } }`, 'within'],
      [`{ disclosures(period: "2024-Q9") { totalCount } }`, 'period'],
      // A NUL character is refused wherever it is (service-kit's text-arguments.ts), a lookup's code too.
      [`{ region(code: "\\u0000") { code } }`, 'code'],
      [`mutation { reportNeed(input: { communityCode: "${COMMUNITY}", category: OTHER, urgency: LOW, summary: "a\\u0000b", reporter: { name: "x" } }) { id } }`, 'input.summary'],
    ] as const;
    for (const [query, field] of cases) expect(await refused(service, query), query).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('reads a cursor only in the list it came from', async () => {
    const page = await ok(service, `{ community(code: "${COMMUNITY}") { grids { pageInfo { endCursor } } proposals(first: 1) { pageInfo { endCursor } } } }`);
    const cursor = page.community.proposals.pageInfo.endCursor;
    expect(await refused(service, `query ($after: String) { community(code: "${COMMUNITY}") { grids(after: $after) { totalCount } } }`, { after: cursor })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});
