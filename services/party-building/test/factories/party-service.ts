import type { AnySubgraph, GraphQLResponse, TestSubgraphs } from '@sanshe/testing';
import { partyBuildingSubgraph } from '../../src/app.ts';
import { announceRegions } from './replica-events.ts';

export const SUBSIDY_FEN = 300_000;

/**
 * Party-building alone on its own database and the file's bus, with the Qingshan regions
 * replicated from events. A long outbox poll keeps the relay's background queries out of
 * statement counts; tests publish with flushOutbox().
 */
export async function startPartyBuilding(subgraphs: TestSubgraphs, options: { fundShareBasisPoints?: number } = {}): Promise<AnySubgraph> {
  const definition = partyBuildingSubgraph({ jointBranchSubsidyFen: SUBSIDY_FEN, partyServiceFundShareBasisPoints: options.fundShareBasisPoints });
  const service = await subgraphs.start('party-building', definition, { OUTBOX_POLL_MS: '600000' });
  await service.eventsReady;
  await announceRegions(subgraphs.bus, service);
  return service;
}

/** Runs an operation that must succeed and returns its data. */
export async function ok<T>(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await service.request<T>(query, variables);
  if (result.errors) throw new Error(`${query.trim().slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** The refusal a client sees: data null, and the first error's code and field. */
export function refusalOf(result: GraphQLResponse<unknown>): { code: unknown; field: unknown } {
  if (!result.errors?.length) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`);
  const extensions = result.errors[0]!.extensions ?? {};
  return { code: extensions.code, field: extensions.field };
}

/** Row counts of the tables a refused write must leave untouched. */
export async function tableCounts(service: AnySubgraph, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await service.database.sql.unsafe(`select count(*)::int as n from ${table}`);
    counts[table] = row!.n as number;
  }
  return counts;
}
