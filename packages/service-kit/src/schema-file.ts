import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { DocumentNode } from 'graphql';

/** Reads a service's schema-first `schema.graphql` once at start. */
export function loadTypeDefs(path: string | URL): DocumentNode {
  return gql(readFileSync(path, 'utf8'));
}
