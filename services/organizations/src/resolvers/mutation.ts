import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { fileOrganization, registerOrganization } from '../domain/organization-store.ts';
import { parseFileInput, parseRegisterInput } from '../domain/organization-rules.ts';

/** GraphQL enums are upper case; the domain speaks lower case. */
function lowerEnums<T extends { category: string; serviceFields: string[]; legalForm?: string }>(input: T): T {
  return {
    ...input,
    category: input.category.toLowerCase(),
    serviceFields: input.serviceFields.map((f) => f.toLowerCase()),
    ...(input.legalForm ? { legalForm: input.legalForm.toLowerCase() } : {}),
  };
}

export const Mutation: MutationResolvers = {
  fileOrganization: (_root, { input }, { db }) => fileOrganization(db, parseFileInput(lowerEnums(input))),
  registerOrganization: (_root, { input }, { db }) => registerOrganization(db, parseRegisterInput(lowerEnums(input))),
};
