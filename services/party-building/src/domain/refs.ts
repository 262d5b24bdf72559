/** Entities owned by other subgraphs, known here by their keys. */
export interface CommunityRef {
  code: string;
}
export interface OrganizationRef {
  id: string;
}
