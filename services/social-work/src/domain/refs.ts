/** Entities owned by other subgraphs, known here by their keys. */
export interface CommunityRef {
  code: string;
}
export interface OrganizationRef {
  id: string;
}
/** A ServiceDuration is resolved from whole minutes. */
export interface DurationRef {
  minutes: number;
}
export interface GrantRef {
  id: string;
}
