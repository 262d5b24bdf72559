import { describe, expect, it } from 'vitest';
import { EntityFetchBatcher } from '../../src/entity-fetch-batch.ts';
import type { FetchResponse } from '../../src/entity-fetch-merge.ts';

const fetchOf = (name: string) => `query ${name}($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }`;

/** A batcher whose "subgraph" records what it is sent and answers each alias with its representations. */
function recordingBatcher(fail?: Error) {
  const sent: { label: string; query: string; variables: Record<string, unknown> }[] = [];
  const batcher = new EntityFetchBatcher<string>(async (label, request) => {
    sent.push({ label, query: request.query, variables: request.variables });
    if (fail) throw fail;
    if (!request.query.includes('_e0:')) return { data: { _entities: request.variables.representations } } as FetchResponse;
    const data: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(request.variables)) data[`_e${name.split('__')[1]}`] = value;
    return { data };
  });
  return { batcher, sent };
}

describe('entity fetch batcher', () => {
  it('merges the fetches one request sends in the same pass, and answers each with its own entities', async () => {
    const { batcher, sent } = recordingBatcher();
    const request = {};
    const answers = await Promise.all([
      batcher.fetch(request, { options: 'first', query: fetchOf('A'), variables: { representations: ['a'] } }),
      batcher.fetch(request, { options: 'second', query: fetchOf('B'), variables: { representations: ['b1', 'b2'] } }),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.label).toBe('first');
    expect(answers.map((a) => a.data)).toEqual([{ _entities: ['a'] }, { _entities: ['b1', 'b2'] }]);
    expect(batcher.merged).toEqual({ fetches: 2, operations: 1 });
  });

  it('never merges two requests’ fetches, and sends a lone fetch as it is', async () => {
    const { batcher, sent } = recordingBatcher();
    await Promise.all([
      batcher.fetch({}, { options: 'one', query: fetchOf('A'), variables: { representations: ['a'] } }),
      batcher.fetch({}, { options: 'two', query: fetchOf('A'), variables: { representations: ['b'] } }),
    ]);
    expect(sent.map((s) => s.query)).toEqual([fetchOf('A'), fetchOf('A')]);
    expect(batcher.merged).toEqual({ fetches: 0, operations: 0 });
  });

  it('starts a new batch for a fetch that arrives after the first was sent', async () => {
    const { batcher, sent } = recordingBatcher();
    const request = {};
    await batcher.fetch(request, { options: 'first', query: fetchOf('A'), variables: { representations: ['a'] } });
    await batcher.fetch(request, { options: 'later', query: fetchOf('B'), variables: { representations: ['b'] } });
    expect(sent.map((s) => s.label)).toEqual(['first', 'later']);
  });

  it('fails every member of a batch whose request failed', async () => {
    const { batcher } = recordingBatcher(new Error('timed out'));
    const request = {};
    const results = await Promise.allSettled([
      batcher.fetch(request, { options: 'first', query: fetchOf('A'), variables: { representations: ['a'] } }),
      batcher.fetch(request, { options: 'second', query: fetchOf('B'), variables: { representations: ['b'] } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('accepts entity fetches only', () => {
    expect(EntityFetchBatcher.accepts(fetchOf('A'))).toBe(true);
    expect(EntityFetchBatcher.accepts('{ community(code: "1") { name } }')).toBe(false);
  });
});
