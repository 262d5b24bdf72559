import { sql, type SQL } from 'drizzle-orm';

/**
 * Many rows as ONE statement parameter: `jsonb_to_recordset` turns the JSON array back into typed
 * rows (`columns`, e.g. `id uuid, minutes int`). A bulk write is then one statement whatever its
 * size, without thousands of bind parameters (Postgres allows 65,535 per statement) — and the
 * driver passes a string, which it always can (it does not bind JS arrays here).
 */
export function recordset(rows: readonly object[], alias: string, columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(alias)}(${sql.raw(columns)})`;
}

/** A list of strings as one parameter, as rows of `value`. */
export function textValues(values: readonly string[]): SQL {
  return sql`jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)`;
}
