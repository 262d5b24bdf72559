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
    return title !== null && title.startsWith('postgres:') && title.split(' ').some((word) => names.has(word));
  };
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
