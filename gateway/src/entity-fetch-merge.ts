import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';

/**
 * Merging a query plan's `_entities` fetches to one subgraph into one operation, and splitting
 * its answer back. Pure functions over documents and responses: entity-fetch-batch.ts decides
 * when; this file decides how.
 *
 * Why: a plan can send one subgraph several entity fetches at once — the district dashboard asks
 * every subgraph for the district's figures and, in parallel, for its streets' figures. Sent as
 * one operation, with each fetch's `_entities` under its own alias, the subgraph resolves all
 * representations in one execution, so its DataLoaders batch them: one set-based statement where
 * there were two, and one HTTP round trip.
 *
 * Member i of a merge keeps its meaning by renaming: its `_entities` field is aliased `_e<i>`, its
 * variables become `<name>__<i>`, its fragments `<name>__<i>`. Nothing else in the selection
 * changes, so the subgraph sees exactly the fields each fetch asked for.
 */

/** What the merge needs of one fetch: its operation text and variables. */
export interface EntityFetch {
  query: string;
  variables: Record<string, unknown>;
}

export interface MergedFetch {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

/** The part of a subgraph answer the gateway reads. */
export interface FetchResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

const ENTITIES = '_entities';
const aliasOf = (index: number) => `_e${index}`;
const MEMBER_ALIAS = /^_e\d+$/;
const renamed = (name: string, index: number) => `${name}__${index}`;

// Fetch texts come from cached query plans, so the same few strings recur: parse and merge each
// distinct text (or combination of texts) once. Bounded, in case plans churn.
const MAX_CACHED = 2000;
const parsed = new Map<string, OperationDefinitionNode | null>();
const merged = new Map<string, { query: string; operationName: string }>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The fetch's operation when it is an entity fetch that can be merged: one `query` operation
 * without directives whose only root selection is an unaliased `_entities` field. Anything else
 * (a root-field fetch, a mutation) is sent on its own. Null when not mergeable.
 */
export function entityOperation(query: string): OperationDefinitionNode | null {
  const known = parsed.get(query);
  if (known !== undefined) return known;
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return remember(parsed, query, null);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.length === 1 ? operations[0]! : null;
  const root = operation?.selectionSet.selections;
  const mergeable =
    operation !== null &&
    operation.operation === 'query' &&
    !operation.directives?.length &&
    root?.length === 1 &&
    root[0]!.kind === Kind.FIELD &&
    (root[0] as FieldNode).name.value === ENTITIES &&
    !(root[0] as FieldNode).alias;
  return remember(parsed, query, mergeable ? operation : null);
}

/** One operation for all the fetches (each must be mergeable), with their variables renamed. */
export function mergeEntityFetches(fetches: readonly EntityFetch[]): MergedFetch {
  const key = fetches.map((f) => f.query).join('\u0000');
  const text = merged.get(key) ?? remember(merged, key, mergeTexts(fetches));
  const variables: Record<string, unknown> = {};
  fetches.forEach((fetch, index) => {
    for (const [name, value] of Object.entries(fetch.variables)) variables[renamed(name, index)] = value;
  });
  return { ...text, variables };
}

function mergeTexts(fetches: readonly EntityFetch[]): { query: string; operationName: string } {
  const definitions: DocumentNode['definitions'][number][] = [];
  const variableDefinitions: NonNullable<OperationDefinitionNode['variableDefinitions']>[number][] = [];
  const selections: FieldNode[] = [];
  fetches.forEach((fetch, index) => {
    const document = parse(fetch.query, { noLocation: true });
    const renamedDocument = visit(document, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: renamed(node.name.value, index) } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: renamed(node.name.value, index) } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: renamed(node.name.value, index) } }),
    });
    for (const definition of renamedDocument.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) {
        definitions.push(definition);
        continue;
      }
      variableDefinitions.push(...(definition.variableDefinitions ?? []));
      const field = definition.selectionSet.selections[0] as FieldNode;
      selections.push({ ...field, alias: { kind: Kind.NAME, value: aliasOf(index) } });
    }
  });
  const first = entityOperation(fetches[0]!.query);
  const operationName = `${first?.name?.value ?? 'entities'}__merged_${fetches.length}`;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: operationName },
    variableDefinitions,
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  return { query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...definitions] }), operationName };
}

/**
 * Member `index`'s answer from the merged one: its aliased list back under `_entities`, the
 * errors whose path starts at its alias with that path rewritten — so the gateway places them on
 * the right entity — and, for the first member only, the errors that name no member (a request
 * error, say) and the extensions, so they reach the client once, not once per member.
 *
 * A failure of one member's whole `_entities` list nulls `data` for all of them: the merged
 * operation has one `data`. Entity-level errors null only their own entity, as before.
 */
export function splitEntityResponse(response: FetchResponse, index: number): FetchResponse {
  const alias = aliasOf(index);
  const errors = (response.errors ?? []).flatMap((error) => {
    const head = error.path?.[0];
    if (head === alias) return [{ ...error, path: [ENTITIES, ...error.path!.slice(1)] }];
    const namesAMember = typeof head === 'string' && MEMBER_ALIAS.test(head);
    return !namesAMember && index === 0 ? [error] : [];
  });
  const data = response.data ? { [ENTITIES]: response.data[alias] ?? null } : response.data;
  return {
    data,
    ...(errors.length ? { errors } : {}),
    ...(index === 0 && response.extensions ? { extensions: response.extensions } : {}),
  };
}
