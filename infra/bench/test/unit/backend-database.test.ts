/**
 * Which database a PostgreSQL backend serves, read off its process title: the bench counts the
 * CPU of the backends of its own databases only (postgres-processes.ts).
 */
import { describe, expect, it } from 'vitest';
import { backendDatabase } from '../../src/postgres-processes.ts';

describe('backendDatabase', () => {
  it('is the word before the client, with or without a cluster name, over TCP or the socket', () => {
    expect(backendDatabase('postgres: 15/main: postgres bench_organizations 127.0.0.1(51234) idle')).toBe('bench_organizations');
    expect(backendDatabase('postgres: postgres bench_funding 127.0.0.1(40000) SELECT')).toBe('bench_funding');
    expect(backendDatabase('postgres: 15/main: postgres bench_party_building [local] idle in transaction')).toBe('bench_party_building');
    expect(backendDatabase('postgres: 15/main: postgres bench_funding ::1(5544) idle')).toBe('bench_funding');
  });

  it('is not a user, or an activity, that spells a database name', () => {
    // The user is named like a bench database; the database is another.
    expect(backendDatabase('postgres: 15/main: bench_funding sanshe 127.0.0.1(51234) idle')).toBe('sanshe');
  });

  it('is null for the server processes that serve no client', () => {
    expect(backendDatabase('postgres: 15/main: walwriter')).toBeNull();
    expect(backendDatabase('postgres: 15/main: autovacuum launcher')).toBeNull();
    expect(backendDatabase('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf')).toBeNull();
    expect(backendDatabase('node services/funding/src/main.ts bench_funding 127.0.0.1(1)')).toBeNull();
  });
});
