/** GraphQL enums are upper case; the domain and the database speak lower case. */
export const upper = <T extends string>(value: string) => value.toUpperCase() as T;
export const lower = <T extends string = string>(value: string) => value.toLowerCase() as T;
export const lowerOrNull = <T extends string = string>(value: string | null | undefined) => (value ? lower<T>(value) : null);

/** Lower-cases the enum-valued keys of an input object (arrays element-wise). */
export function lowerEnums<T extends Record<string, unknown>>(input: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...input };
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string') out[key] = value.toLowerCase();
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v));
  }
  return out as T;
}

export const ORGANIZATION_ENUMS = ['category', 'serviceFields', 'legalForm'] as const;
