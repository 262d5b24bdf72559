import { describe, expect, it } from 'vitest';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { selectedFields } from '../../src/index.ts';

/** The resolve info of the document's first root field, as graphql-js would hand it to its resolver. */
function infoOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectedFields', () => {
  it('lists the direct selection and a nested one, through inline and named fragments', () => {
    const info = infoOf(`{
      stats { id ... on Stats { population } ...F children { id ... on Stats { ...G } } }
    }
    fragment F on Stats { households children { needs } }
    fragment G on Stats { disputes }`);
    expect(selectedFields(info)).toEqual(new Set(['id', 'population', 'households', 'children']));
    // Both selections of `children` count, wherever they were written.
    expect(selectedFields(info, ['children'])).toEqual(new Set(['needs', 'id', 'disputes']));
  });

  it('is null for a path that is not selected, and survives fragments that spread each other', () => {
    const info = infoOf(`{ stats { id ...A } } fragment A on Stats { name ...B } fragment B on Stats { ...A level }`);
    expect(selectedFields(info, ['children'])).toBeNull();
    expect(selectedFields(info)).toEqual(new Set(['id', 'name', 'level']));
  });
});
