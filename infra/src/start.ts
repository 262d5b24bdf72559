/**
 * `pnpm start`: the whole platform on one machine.
 *
 *   PostgreSQL  DATABASE_URL, else 127.0.0.1:5432 if it answers, else embedded PGlite (.local/pglite)
 *   NATS        NATS_URL, else 127.0.0.1:4222 if it answers, else `nats-server -js` if installed,
 *               else a message — services still serve and keep their events in their outboxes
 *   then        five databases created and migrated, five subgraphs, the gateway on :4000,
 *               and the Qingshan demo loaded once.
 */
import { join } from 'node:path';
import { DEMO_USERS, DEV_ISSUER_PORT, startDevIssuer } from '@sanshe/auth';
import { ensureNats, ensurePostgres } from './local/index.ts';
import { SERVICES, SERVICE_DATABASE, repoRoot, type ServiceName } from './services.ts';
import { startPlatform } from './stack/platform.ts';
import { isDemoLoaded, loadDemo } from './demo/load-demo.ts';
import { DEMO_COMMUNITY } from './demo/qingshan.ts';
import { DATASETS, isDatasetLoaded, isDatasetName, loadDataset } from './datasets/load-dataset.ts';

const log = (line: string) => console.log(`[start] ${line}`);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4000);

// SANSHE_POSTGRES=embedded skips DATABASE_URL and the local server: the bare-machine path, on demand.
const pg = await ensurePostgres({ log, forceEmbedded: process.env.SANSHE_POSTGRES === 'embedded' });
const nats = await ensureNats({ log });

// A local identity provider, so `pnpm token <role>` tokens work against this gateway.
const issuer = await startDevIssuer({ keyPath: join(repoRoot, '.local', 'auth', 'dev-key.json'), port: DEV_ISSUER_PORT });

const databaseUrls = {} as Record<ServiceName, string>;
for (const service of SERVICES) databaseUrls[service] = await pg.ensureDatabase(SERVICE_DATABASE[service]);

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform({
    databaseUrls,
    natsUrl: nats.url,
    eventPrefix: process.env.EVENT_PREFIX ?? 'sanshe',
    gatewayPort,
    poolMax: pg.maxConnections,
    outboxListen: pg.supportsListen,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    gatewayEnv: { AUTH_JWKS_URL: issuer.jwksUrl, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience },
  });
} catch (error) {
  console.error(`[start] the platform did not come up: ${(error as Error).message}`);
  await nats.stop();
  await pg.stop();
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping the gateway and the subgraphs`);
  await platform.stop();
  await issuer.stop();
  await nats.stop();
  await pg.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const url = platform.gatewayUrl;
/**
 * What to load: `demo` (default: a handful of Qingshan records), or the seed-true datasets —
 * `pnpm start --dataset qingshan`, `--dataset nanguan`, `--dataset qingshan,nanguan` (or
 * SANSHE_DATASET=…) — or `none`. The full Qingshan dataset replaces the demo (same district).
 */
const datasetArg = process.argv.indexOf('--dataset');
const wanted = (datasetArg >= 0 ? process.argv[datasetArg + 1] : process.env.SANSHE_DATASET) ?? 'demo';
const datasets = wanted.split(',').map((name) => name.trim()).filter(Boolean);
if (nats.mode === 'absent') {
  log('NATS is absent: no data is loaded, because linked writes wait for events. Start NATS and run `pnpm start` again.');
} else if (datasets.includes('demo')) {
  if (await isDemoLoaded(url)) {
    log('demo data already loaded');
  } else {
    try {
      const { subject, ...claims } = DEMO_USERS.district_office!;
      await loadDemo(url, await issuer.mint(subject, claims), log);
    } catch (error) {
      log(`demo could not be loaded: ${(error as Error).message}`);
    }
  }
} else {
  for (const name of datasets) {
    if (name === 'none') continue;
    if (!isDatasetName(name)) {
      log(`unknown dataset "${name}" (known: demo, ${Object.keys(DATASETS).join(', ')}, none)`);
      continue;
    }
    if (await isDatasetLoaded(platform, name)) {
      log(`dataset ${name} already loaded`);
      continue;
    }
    const started = Date.now();
    try {
      await loadDataset(platform, name, log);
      log(`dataset ${name} loaded in ${Math.round((Date.now() - started) / 1000)} s`);
    } catch (error) {
      log(`dataset ${name} could not be loaded: ${(error as Error).message}`);
    }
  }
}

const example = `{ community(code: "${DEMO_COMMUNITY}") { name street { name } organizations { totalCount edges { node { name track } } } partyOrganizations { totalCount } certifiedSocialWorkerCount funding { awardedFen subsidiesPaidFen } } }`;
console.log(`
  三社联动 platform is up.

  GraphQL gateway   ${url}
  PostgreSQL        ${pg.describe()}
  NATS              ${nats.describe()}

  Try:
    curl -s ${url} -H 'content-type: application/json' \\
      -d '${JSON.stringify({ query: example })}'

  Signed in as a demo user (roles: ${Object.keys(DEMO_USERS).join(', ')}):
    curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $(pnpm -s token street_office)" -d '…'

  Ctrl-C stops everything.
`);
