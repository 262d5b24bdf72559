import type postgres from 'postgres';

/**
 * One hash over every row a request could write, so a test can say a refused request changed
 * nothing. The outbox counts by id, type and envelope only: its relay may stamp published_at at any
 * time. The inbox is left out (consumers write it, not requests), and so is what `unwatched` names.
 */
export async function databaseFingerprint(sql: postgres.Sql, unwatched: readonly string[] = []): Promise<string> {
  const tables = (
    await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
  )
    .map((row) => row.name)
    .filter((name) => name !== 'inbox' && name !== 'outbox' && !unwatched.includes(name));
  const parts = tables.map((name) => `select '${name}:' || t::text as x from "${name}" t`);
  parts.push(`select 'outbox:' || id::text || type || envelope::text from outbox`);
  const [row] = await sql.unsafe<{ hash: string }[]>(`select md5(coalesce(string_agg(x, '|' order by x), '')) as hash from (${parts.join(' union all ')}) s`);
  return row!.hash;
}
