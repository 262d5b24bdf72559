import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateResolverTypes, resolverTypesPath } from '../../src/codegen.ts';
import { SERVICES } from '../../src/services.ts';

// Typed resolvers are generated from each schema.graphql and committed; a schema change without
// `pnpm codegen` would leave resolvers typed against the old schema.
describe('generated resolver types', () => {
  it.each(SERVICES)('%s is up to date with its schema.graphql', async (service) => {
    const committed = readFileSync(resolverTypesPath(service), 'utf8');
    expect(committed === (await generateResolverTypes(service)), `run \`pnpm codegen\` and commit services/${service}/src/generated`).toBe(true);
  });
});
