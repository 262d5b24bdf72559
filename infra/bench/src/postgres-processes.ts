/**
 * The PostgreSQL server as processes of this machine, for the CPU sampler: its postmaster (the root
 * of every server process) and which of its children serve the bench databases.
 */
import { commandLine, parentPid } from './proc-sampler.ts';
import { withDatabase } from './stack.ts';

/**
 * Whether a process is a backend serving one of `databases`, by its process title
 * ("postgres: 15/main: postgres bench_organizations 127.0.0.1(51234) idle"): unlike a list taken
 * once, it also catches the connections a pool opens while a scenario runs.
 */
export function isBackendOf(databases: readonly string[]): (pid: number) => boolean {
  const names = new Set(databases);
  return (pid) => {
    const title = commandLine(pid);
    const database = title === null ? null : backendDatabase(title);
    return database !== null && names.has(database);
  };
}

/**
 * The database a backend's title names, or null for a title that is not a client backend's (the
 * postmaster, the WAL writer …). A client backend's title is "postgres: [cluster: ]user database
 * client activity", the client being host(port) or [local]; the database is the word before the
 * client, so a user or an activity that happens to spell a database's name is not taken for it.
 */
export function backendDatabase(title: string): string | null {
  if (!title.startsWith('postgres:')) return null;
  const words = title.split(' ');
  const client = words.findIndex((word) => word === '[local]' || /^\S+\(\d+\)$/.test(word));
  return client >= 3 ? words[client - 1]! : null;
}

/** The PostgreSQL server's postmaster: the parent of a backend of ours. */
export async function postmasterPid(adminUrl: string): Promise<number> {
  // Read while the connection is open: once it closes, its backend exits and has no parent to read.
  const parent = await withDatabase(adminUrl, async (sql) => {
    const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    return parentPid(row!.pid);
  });
  if (parent === null) throw new Error('the PostgreSQL server is not a process of this machine: its CPU cannot be read');
  return parent;
}
