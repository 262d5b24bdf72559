/** A Community as this subgraph knows it: by its key only; self-governance owns the rest. */
export interface CommunityRef {
  code: string;
}
