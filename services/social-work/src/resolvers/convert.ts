/** Conversions between GraphQL values and rows: UPPER_CASE enums vs lower_case, ISO times, references. */
export function upper<T extends string>(value: string): T;
export function upper<T extends string>(value: string | null): T | null;
export function upper<T extends string>(value: string | null): T | null {
  return value === null ? null : (value.toUpperCase() as T);
}

/** A copy of `input` with the named enum fields (strings or lists of strings) in lower case. */
export function lowerEnums<T extends object | null | undefined>(input: T, keys: readonly string[]): T {
  if (input == null) return input;
  const out: Record<string, unknown> = { ...input };
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string') out[key] = value.toLowerCase();
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v));
  }
  return out as T;
}

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** A referenced row that must exist (foreign keys guarantee it); a missing one is a server fault. */
export async function must<T>(row: Promise<T | null>): Promise<T> {
  const value = await row;
  if (value === null) throw new Error('dangling reference');
  return value;
}
