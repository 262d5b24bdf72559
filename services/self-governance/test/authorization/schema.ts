import { readFileSync } from 'node:fs';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';

/**
 * What the authorization matrix is generated from: schema.graphql itself. A new Mutation field or
 * a new @personal field shows up here, and the tests fail until it has a case.
 */
const document = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

const objectTypes = document.definitions.filter(
  (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
) as ObjectTypeDefinitionNode[];

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const has = (node: { directives?: readonly { name: { value: string } }[] }, name: string) => (node.directives ?? []).some((d) => d.name.value === name);

export function mutationFields(): string[] {
  return objectTypes.filter((t) => t.name.value === 'Mutation').flatMap((t) => (t.fields ?? []).map((f) => f.name.value));
}

/** Every field carrying @personal, as `Type.field`. */
export function personalFields(): string[] {
  return objectTypes.flatMap((t) => (t.fields ?? []).filter((f) => has(f, 'personal')).map((f) => `${t.name.value}.${f.name.value}`));
}

/**
 * Every way a caller reaches a @personal value: `Parent.field.leaf` when the personal field sits on
 * a value type (ResidentContact, DisputeParty …) reached from a record — one path per record
 * field of that type — or `Type.field` when it sits on a record (an entity) itself.
 */
export function personalPaths(): string[] {
  const paths: string[] = [];
  for (const type of objectTypes) {
    for (const field of (type.fields ?? []).filter((f) => has(f, 'personal'))) {
      if (has(type, 'key')) {
        paths.push(`${type.name.value}.${field.name.value}`);
        continue;
      }
      const parents: [ObjectTypeDefinitionNode, FieldDefinitionNode][] = objectTypes.flatMap((p) =>
        (p.fields ?? []).filter((f) => namedType(f.type) === type.name.value).map((f) => [p, f] as [ObjectTypeDefinitionNode, FieldDefinitionNode]),
      );
      if (parents.length === 0) paths.push(`${type.name.value}.${field.name.value}`);
      for (const [p, f] of parents) paths.push(`${p.name.value}.${f.name.value}.${field.name.value}`);
    }
  }
  return paths.sort();
}

/** The directive is declared in the schema itself (subgraph-local, not composed). */
export function declaresPersonalDirective(): boolean {
  return document.definitions.some((d) => d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === 'personal');
}

/** `mutation ($input: XInput!) { name(input: $input) { __typename } }` for a Mutation field taking `input`. */
export function mutationDocument(name: string): string {
  const field = objectTypes.filter((t) => t.name.value === 'Mutation').flatMap((t) => t.fields ?? []).find((f) => f.name.value === name);
  const input = field?.arguments?.find((a) => a.name.value === 'input');
  if (!input) throw new Error(`Mutation.${name} takes no input argument`);
  return `mutation ($input: ${namedType(input.type)}!) { ${name}(input: $input) { __typename } }`;
}
