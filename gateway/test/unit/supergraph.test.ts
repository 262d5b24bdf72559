import { SERVICES } from '@sanshe/infra/services';
import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../src/compose.ts';
import { readCommittedSupergraph } from '../../src/supergraph-file.ts';

function objectType(document: DocumentNode, name: string): ObjectTypeDefinitionNode {
  const found = document.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name);
  if (!found) throw new Error(`type ${name} is not in the supergraph`);
  return found as ObjectTypeDefinitionNode;
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value && (value.kind === Kind.ENUM || value.kind === Kind.STRING) ? value.value : undefined;
}

/** join__Graph enum value (e.g. PARTY_BUILDING) for each subgraph name (e.g. party-building). */
function graphValues(document: DocumentNode): Map<string, string> {
  const graphs = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = directive && argument(directive, 'name');
      if (name) graphs.set(name, value.name.value);
    }
  }
  return graphs;
}

describe('supergraph', () => {
  // Composed once: composition of five subgraphs takes a moment.
  const composed = composeSupergraph();
  const document = parse(composed.supergraphSdl);

  it('composes the five subgraphs', () => {
    expect([...graphValues(document).keys()].sort()).toEqual([...SERVICES].sort());
  });

  it('is committed as composed (run `pnpm compose` when this fails)', () => {
    expect(readCommittedSupergraph()).toBe(composed.supergraphSdl);
  });

  it('has the root fields clients start from', () => {
    const fields = objectType(document, 'Query').fields?.map((f) => f.name.value) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['community', 'region', 'communities']));
  });

  it('lets every subgraph extend Community by its code', () => {
    const community = objectType(document, 'Community');
    const graphs = graphValues(document);
    for (const service of SERVICES) {
      const graph = graphs.get(service)!;
      const keyed = community.directives?.some(
        (d) => d.name.value === 'join__type' && argument(d, 'graph') === graph && argument(d, 'key') === 'code',
      );
      expect(keyed, `${service} declares Community @key(fields: "code")`).toBe(true);
      // Beyond the shared key: each subgraph contributes at least one field of its own.
      const own = community.fields?.filter((field) =>
        field.directives?.some((d) => d.name.value === 'join__field' && argument(d, 'graph') === graph),
      );
      expect(own?.length ?? 0, `${service} adds fields to Community`).toBeGreaterThan(0);
    }
  });
});
