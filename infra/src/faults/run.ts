/**
 * `pnpm faults [--size 5000] [--rounds 2] [--concurrency 16]`: the fault scenario at full size,
 * printing the counts (scenario.ts). Uses PostgreSQL as `pnpm start` finds it (three fresh
 * databases, dropped afterwards) and its own nats-server (built into .local/bin if missing).
 * Exits 1 when anything was lost, extra or applied twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { runMigrations } from '@sanshe/service-kit';
import { ensurePostgres } from '../local/postgres.ts';
import { repoRoot } from '../services.ts';
import { formatReport, runFaultScenario } from './scenario.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const rounds = Number(values.rounds);
if (!Number.isInteger(size) || size < 10) throw new Error('--size must be an integer ≥ 10');

const log = (line: string) => console.log(`[faults] ${line}`);
const pg = await ensurePostgres({ log, dataDir: ':memory:' });
const run = randomBytes(4).toString('hex');
const names = { selfGovernance: `faults_sg_${run}`, organizations: `faults_org_${run}`, partner: `faults_partner_${run}` };
const urls = {
  selfGovernance: await pg.ensureDatabase(names.selfGovernance),
  organizations: await pg.ensureDatabase(names.organizations),
  partner: await pg.ensureDatabase(names.partner),
};
await runMigrations(urls.selfGovernance, join(repoRoot, 'services', 'self-governance', 'drizzle'));
await runMigrations(urls.organizations, join(repoRoot, 'services', 'organizations', 'drizzle'));
const workDir = mkdtempSync(join(tmpdir(), 'sanshe-faults-'));
let ok = false;
try {
  const report = await runFaultScenario({
    size,
    rounds,
    concurrency: Number(values.concurrency),
    databaseUrls: urls,
    workDir,
    outboxListen: pg.supportsListen,
    poolMax: Math.min(6, pg.maxConnections),
    convergeTimeoutMs: 300_000,
    log,
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  ok = report.ok;
} finally {
  if (values.keep) log(`databases kept: ${Object.values(urls).join(' ')}`);
  else if (pg.supportsTemplates) {
    const admin = postgres(pg.urlFor('postgres'), { max: 1, onnotice: () => {} });
    for (const name of Object.values(names)) await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
  }
  await pg.stop();
  if (values.keep) log(`logs and nats-server store kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
