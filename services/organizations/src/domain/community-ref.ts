/**
 * A Community as this subgraph knows it: by its key. Self-governance owns the rest; the name is
 * also answered here, from the region copy, under Organization.community (see resolvers/community.ts).
 */
export interface CommunityRef {
  code: string;
}
