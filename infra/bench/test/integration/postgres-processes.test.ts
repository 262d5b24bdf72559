/**
 * The bench's view of the PostgreSQL server as processes, against the real server the tests use:
 * the postmaster is found (its backend is gone once the connection that asked closes, so it must be
 * read while that connection is open), and a backend is told apart by its database in its title.
 */
import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestDatabase, testInfra } from '@sanshe/testing';
import { isBackendOf, postmasterPid } from '../../src/postgres-processes.ts';
import { commandLine, parentPid } from '../../src/proc-sampler.ts';

const { adminUrl, postgresMode } = testInfra();

describe.skipIf(adminUrl === null || postgresMode === 'embedded')('PostgreSQL processes', () => {
  it('finds the postmaster: the parent of every backend, a PostgreSQL process itself', async () => {
    const postmaster = await postmasterPid(adminUrl!);
    // A database of its own, so its name is in no other word of the title (the user's is "postgres").
    const database = await createTestDatabase('organizations');
    const name = new URL(database.url).pathname.slice(1);
    const sql = postgres(database.url, { max: 1 });
    try {
      const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
      expect(parentPid(row!.pid)).toBe(postmaster);
      expect(commandLine(postmaster)).toMatch(/postgres/);
      // A backend's title names its database; the postmaster's names none.
      expect(isBackendOf([name])(row!.pid)).toBe(true);
      expect(isBackendOf(['bench_organizations'])(row!.pid)).toBe(false);
      expect(isBackendOf([name])(postmaster)).toBe(false);
    } finally {
      await sql.end({ timeout: 5 });
      await database.drop();
    }
  });
});
