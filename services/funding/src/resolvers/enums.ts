/** GraphQL enums are the database's lower-case values in upper case (PURCHASE_OF_SERVICES ↔ purchase_of_services). */
export const toGraphql = <V extends string>(value: V): Uppercase<V> => value.toUpperCase() as Uppercase<V>;
export const fromGraphql = <V extends string>(value: V): Lowercase<V> => value.toLowerCase() as Lowercase<V>;
export const optionalFromGraphql = <V extends string>(value: V | null | undefined): Lowercase<V> | null => (value ? fromGraphql(value) : null);

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
