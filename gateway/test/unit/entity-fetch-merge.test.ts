import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { entityOperation, mergeEntityFetches, splitEntityResponse } from '../../src/entity-fetch-merge.ts';

// What a subgraph schema holds for entity fetches (federation's `_entities`, `_Any`, `_Entity`),
// to validate merged operations against.
const schema = buildSchema(`
  scalar _Any
  union _Entity = RegionStatistics
  type RegionStatistics { id: ID! organizations: Int! byTrack(top: Int): [Int!]! }
  type Query { _entities(representations: [_Any!]!): [_Entity]! }
`);

// Shaped like the fetches Apollo's planner writes: an operation name, `$representations`, and
// here a fragment and a forwarded client variable, which both need renaming.
const district = `query Dashboard__organizations__1($representations: [_Any!]!, $top: Int) {
  _entities(representations: $representations) { ...Figures }
}
fragment Figures on RegionStatistics { id organizations byTrack(top: $top) }`;
const streets = `query Dashboard__organizations__2($representations: [_Any!]!) {
  _entities(representations: $representations) { ...Figures }
}
fragment Figures on RegionStatistics { organizations }`;

describe('entity fetch merging', () => {
  it('accepts plain entity fetches only', () => {
    expect(entityOperation(district)).not.toBeNull();
    expect(entityOperation('query Q { community(code: "1") { name } }')).toBeNull();
    expect(entityOperation('query Q($r: [_Any!]!) { e: _entities(representations: $r) { __typename } }')).toBeNull();
    expect(entityOperation('mutation M($r: [_Any!]!) { _entities(representations: $r) { __typename } }')).toBeNull();
    expect(entityOperation('query Q($r: [_Any!]!) @skip(if: true) { _entities(representations: $r) { __typename } }')).toBeNull();
    expect(entityOperation('query Q($r: [_Any!]!) { _entities(representations: $r) { __typename } __typename }')).toBeNull();
    expect(entityOperation('query {')).toBeNull();
  });

  it('renames each fetch’s variables and fragments, so the merged operation is valid and keeps each selection', () => {
    const representations = [{ __typename: 'RegionStatistics', id: 'a' }];
    const merged = mergeEntityFetches([
      { query: district, variables: { representations, top: 3 } },
      { query: streets, variables: { representations: [...representations, { __typename: 'RegionStatistics', id: 'b' }] } },
    ]);
    expect(validate(schema, parse(merged.query))).toEqual([]);
    expect(merged.operationName).toBe('Dashboard__organizations__1__merged_2');
    expect(merged.variables).toEqual({ representations__0: representations, top__0: 3, representations__1: expect.any(Array) });
    expect(merged.query).toContain('_e0: _entities(representations: $representations__0)');
    expect(merged.query).toContain('_e1: _entities(representations: $representations__1)');
    // Same fragment name, different selections: each fetch keeps its own.
    expect(merged.query).toContain('fragment Figures__0 on RegionStatistics {\n  id\n  organizations\n  byTrack(top: $top__0)\n}');
    expect(merged.query).toContain('fragment Figures__1 on RegionStatistics {\n  organizations\n}');
  });

  it('gives each fetch its own list, its own errors with the path it expects, and shared errors once', () => {
    const response = {
      data: { _e0: [{ organizations: 1 }], _e1: [{ organizations: 2 }, null] },
      errors: [
        { message: 'street b failed', path: ['_e1', 1, 'organizations'] },
        { message: 'district warning', path: ['_e0', 0] },
        { message: 'request-wide' },
      ],
      extensions: { note: 1 },
    };
    expect(splitEntityResponse(response, 0)).toEqual({
      data: { _entities: [{ organizations: 1 }] },
      errors: [{ message: 'district warning', path: ['_entities', 0] }, { message: 'request-wide' }],
      extensions: { note: 1 },
    });
    expect(splitEntityResponse(response, 1)).toEqual({
      data: { _entities: [{ organizations: 2 }, null] },
      errors: [{ message: 'street b failed', path: ['_entities', 1, 'organizations'] }],
    });
  });

  it('passes a null data on to every fetch', () => {
    const response = { data: null, errors: [{ message: 'boom', path: ['_e1'] }] };
    expect(splitEntityResponse(response, 0)).toEqual({ data: null });
    expect(splitEntityResponse(response, 1)).toEqual({ data: null, errors: [{ message: 'boom', path: ['_entities'] }] });
  });
});
