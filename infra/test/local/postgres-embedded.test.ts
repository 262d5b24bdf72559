import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePostgres, type PostgresTarget } from '../../src/local/index.ts';

describe('embedded PGlite over the wire protocol', () => {
  const targets: PostgresTarget[] = [];
  afterAll(async () => {
    await Promise.allSettled(targets.map((t) => t.stop()));
  });

  it('serves a database to the postgres driver: DDL, insert, select, transactions', { timeout: 20_000 }, async () => {
    const lines: string[] = [];
    const target = await ensurePostgres({ forceEmbedded: true, dataDir: ':memory:', log: (l) => lines.push(l) });
    targets.push(target);
    expect(target.mode).toBe('embedded');
    expect(target.supportsTemplates).toBe(false);
    expect(target.supportsListen).toBe(false);
    expect(target.maxConnections).toBe(1);
    expect(() => target.urlFor('x')).toThrow(/ensureDatabase/);

    const url = await target.ensureDatabase('x');
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/x$/);
    expect(target.urlFor('x')).toBe(url);
    expect(await target.ensureDatabase('x')).toBe(url); // idempotent, same instance
    expect(target.describe()).toContain(`x@127.0.0.1:${new URL(url).port}`);
    expect(lines.some((l) => l.includes('embedded PGlite for x'))).toBe(true);

    const sql = postgres(url, { max: target.maxConnections, onnotice: () => {} });
    try {
      // what the drizzle migrator does
      await sql`create schema if not exists drizzle`;
      await sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
      await sql.begin(async (tx) => {
        await tx.unsafe('create table member (id serial primary key, name text not null, joined timestamptz not null default now())');
        await tx.unsafe('create index member_name_idx on member (name)');
        await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${'abc'}, ${1700000000000})`;
      });
      const migrations = await sql`select hash, created_at from drizzle.__drizzle_migrations`;
      expect(migrations.map((r) => ({ ...r }))).toEqual([{ hash: 'abc', created_at: '1700000000000' }]);

      const inserted = await sql`insert into member ${sql([{ name: 'alice' }, { name: 'bob' }])} returning id, name`;
      expect(inserted.map((r) => r.name)).toEqual(['alice', 'bob']);

      // same statement twice: prepared statement reuse
      expect((await sql`select name from member where id = ${inserted[0]!.id}`)[0]?.name).toBe('alice');
      expect((await sql`select name from member where id = ${inserted[1]!.id}`)[0]?.name).toBe('bob');

      const count = await sql.begin(async (tx) => {
        await tx`insert into member (name) values (${'carol'})`;
        return (await tx`select count(*)::int as n from member`)[0]?.n;
      });
      expect(count).toBe(3);

      await expect(
        sql.begin(async (tx) => {
          await tx`insert into member (name) values (${'dave'})`;
          throw new Error('roll me back');
        }),
      ).rejects.toThrow('roll me back');
      const names = await sql`select name from member order by id`;
      expect(names.map((r) => r.name)).toEqual(['alice', 'bob', 'carol']);

      await expect(sql`select * from no_such_table`).rejects.toThrow(/does not exist/);
      const [row] = await sql`select ${sql.json({ a: [1, 2] })}::jsonb as j, ${[1, 2, 3]}::int[] as arr`;
      expect(row).toEqual({ j: { a: [1, 2] }, arr: [1, 2, 3] });

      // PGlite ignores the database name of the connection: it is always "postgres"
      expect((await sql`select current_database() as d`)[0]?.d).toBe('postgres');
    } finally {
      await sql.end({ timeout: 1 });
    }

    await target.stop();
    const late = postgres(url, { max: 1, connect_timeout: 1 });
    await expect(late`select 1`).rejects.toThrow(); // nothing listens on the port any more
    await late.end({ timeout: 0 });
    await expect(target.ensureDatabase('y')).rejects.toThrow(/stopped/);
  });

  it('keeps each database in its own instance and persists it under dataDir', { timeout: 20_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'sanshe-pglite-'));
    try {
      const first = await ensurePostgres({ forceEmbedded: true, dataDir: root, log: () => {} });
      targets.push(first);
      const [urlA, urlB] = await Promise.all([first.ensureDatabase('alpha'), first.ensureDatabase('beta')]);
      expect(new URL(urlA).port).not.toBe(new URL(urlB).port);
      expect(readFileSync(join(root, 'alpha.lock'), 'utf8').trim()).toBe(String(process.pid));

      const a = postgres(urlA, { max: 1 });
      const b = postgres(urlB, { max: 1 });
      await a`create table kept (v int)`;
      await a`insert into kept values (42)`;
      await expect(b`select * from kept`).rejects.toThrow(/does not exist/);
      await a.end();
      await b.end();

      // a second target may not open the same data directory while the first runs
      const second = await ensurePostgres({ forceEmbedded: true, dataDir: root, log: () => {} });
      targets.push(second);
      await expect(second.ensureDatabase('alpha')).rejects.toThrow(/already open/);

      await first.stop();
      expect(existsSync(join(root, 'alpha.lock'))).toBe(false);
      expect(existsSync(join(root, 'alpha', 'PG_VERSION'))).toBe(true);

      const urlAgain = await second.ensureDatabase('alpha');
      const again = postgres(urlAgain, { max: 1 });
      expect((await again`select v from kept`).map((r) => r.v)).toEqual([42]);
      await again.end();
      await second.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects database names that are not plain identifiers', async () => {
    const target = await ensurePostgres({ forceEmbedded: true, dataDir: ':memory:', log: () => {} });
    await expect(target.ensureDatabase('../etc')).rejects.toThrow(/invalid database name/);
    await expect(target.ensureDatabase('a-b')).rejects.toThrow(/invalid database name/);
    await target.stop();
  });
});
