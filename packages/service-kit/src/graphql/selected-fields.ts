import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a resolver's caller selected under `path` (field names below the
 * resolver's own field; `[]` for its direct selection), through inline fragments and named
 * fragments alike; null when the path is not selected at all.
 *
 * For look-ahead: a resolver that knows which nested fields will be asked for can start their
 * loads together, so a DataLoader answers them in one batch instead of one batch per level.
 * Fields under @skip/@include count as selected: a load that turns out unused costs a statement,
 * never a wrong answer.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[] = []): Set<string> | null {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = fieldsOf(sets, info.fragments)
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
    if (sets.length === 0) return null;
  }
  return new Set(fieldsOf(sets, info.fragments).map((field) => field.name.value));
}

function fieldsOf(sets: readonly SelectionSetNode[], fragments: GraphQLResolveInfo['fragments']): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, new Set(seen).add(selection.name.value));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return fields;
}
