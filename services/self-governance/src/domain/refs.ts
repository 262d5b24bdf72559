/** Parents of GraphQL types that are not rows of their own. */

/** A resident's stored (unmasked) data; resolvers mask it on the way out. */
export interface ContactRef {
  name: string;
  phone: string | null;
}

export interface AttendanceRef {
  eligible: number;
  present: number;
}

export interface OrganizationRef {
  id: string;
}
