import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePostgres, isPortOpen } from '../../src/local/index.ts';

// This machine runs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres).
const localAnswers = await isPortOpen('127.0.0.1', 5432, 1000);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

describe.runIf(localAnswers)('PostgreSQL server modes', () => {
  const created: string[] = [];
  let admin: postgres.Sql;
  beforeAll(() => {
    admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    for (const name of created) await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.end();
  });
  const randomName = (prefix: string) => {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    created.push(name);
    return name;
  };

  it('finds the local server and creates a database on it', async () => {
    const lines: string[] = [];
    const target = await ensurePostgres({ env: {}, log: (l) => lines.push(l) });
    expect(target.mode).toBe('local');
    expect(target.describe()).toBe('PostgreSQL at 127.0.0.1:5432');
    expect(target.supportsTemplates).toBe(true);
    expect(target.supportsListen).toBe(true);
    expect(target.maxConnections).toBeGreaterThan(1);
    expect(lines).toEqual(['using PostgreSQL at 127.0.0.1:5432']);

    const name = randomName('sanshe_local');
    expect(target.urlFor(name)).toBe(`postgres://postgres@127.0.0.1:5432/${name}`);
    const before = await admin`select 1 from pg_database where datname = ${name}`;
    expect(before.length).toBe(0);

    const url = await target.ensureDatabase(name);
    expect(url).toBe(target.urlFor(name));
    expect(await target.ensureDatabase(name)).toBe(url); // already there: no error

    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      const [row] = await sql`select current_database() as d`;
      expect(row?.d).toBe(name);
      await sql`create table t (v int)`;
      await sql`insert into t values (7)`;
      expect((await sql`select v from t`).map((r) => r.v)).toEqual([7]);
    } finally {
      await sql.end();
    }

    // supportsTemplates: a copy made with CREATE DATABASE ... TEMPLATE has the table
    const copy = randomName('sanshe_copy');
    await admin`create database ${admin(copy)} template ${admin(name)}`;
    const copied = postgres(target.urlFor(copy), { max: 1 });
    expect((await copied`select v from t`).map((r) => r.v)).toEqual([7]);
    await copied.end();

    await target.stop();
  });

  it('LISTEN/NOTIFY works across connections on the server', async () => {
    const target = await ensurePostgres({ env: {}, log: () => {} });
    const sql = postgres(target.urlFor('postgres'), { max: 2, onnotice: () => {} });
    try {
      const got: string[] = [];
      let arrive = () => {};
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      await sql.listen('sanshe_local_test', (payload) => {
        got.push(payload);
        arrive();
      });
      await sql.notify('sanshe_local_test', 'hello');
      await arrived;
      expect(got).toEqual(['hello']);
    } finally {
      await sql.end();
    }
  });

  it('uses DATABASE_URL when it is set, replacing only the database name', async () => {
    const lines: string[] = [];
    const target = await ensurePostgres({
      env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/ignored?application_name=sanshe_env' },
      log: (l) => lines.push(l),
    });
    expect(target.mode).toBe('env');
    expect(target.describe()).toBe('PostgreSQL at 127.0.0.1:5432 (DATABASE_URL)');
    const name = randomName('sanshe_env');
    expect(target.urlFor(name)).toBe(`postgresql://postgres@127.0.0.1:5432/${name}?application_name=sanshe_env`);

    const url = await target.ensureDatabase(name);
    const sql = postgres(url, { max: 1 });
    const [row] = await sql`select current_database() as d, current_setting('application_name') as app`;
    await sql.end();
    expect(row).toEqual({ d: name, app: 'sanshe_env' });
  });

  it('rejects a DATABASE_URL that is not a postgres URL', async () => {
    await expect(ensurePostgres({ env: { DATABASE_URL: 'mysql://x@y/z' }, log: () => {} })).rejects.toThrow(/postgres:\/\//);
  });
});
