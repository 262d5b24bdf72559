/**
 * `pnpm bench:op-costs`: what one request of each operation of the read/write mix costs in CPU,
 * split by process — the gateway, each subgraph, PostgreSQL (every server process, WAL writer
 * included) and NATS — with the events a write sets off in other services counted in.
 *
 * The k6 scenarios say how many requests a second the machine serves; this says where each one's
 * CPU goes. Each operation is sent `--requests` times, a few at a time, on the dataset `pnpm
 * generate` loaded; the probe then waits for every event to be published and consumed, and takes
 * off what the processes burn with nothing sent over the same span (measured first).
 *
 *   pnpm bench:op-costs [--requests 400] [--concurrency 4] [--warmup 300] [--profile] [--ops community-page,street-dashboard,record-service,report-need,district-dashboard]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCity, CITY_SCALE } from '../src/generator/city.ts';
import { checkpointPath } from '../src/generator/main.ts';
import { ProcSampler, type SamplerGroup } from './src/proc-sampler.ts';
import { postmasterPid } from './src/postgres-processes.ts';
import { BENCH_DIR, startBenchStack, vacuumBenchDatabases, waitForEventsSettled } from './src/stack.ts';
import { dashboardPeriods, writeDates } from './src/periods.ts';
import { readServicePairs } from './src/targets.ts';
// The documents the k6 scenarios send, as they send them.
import { COMMUNITY_PAGE, DISTRICT_DASHBOARD, RECORD_SERVICE, REPORT_NEED } from './k6/queries.js';

const log = (line: string) => console.error(`[op-costs] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidsOf(command: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', command], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Milliseconds of CPU each group spent while `work` ran, and how long it ran. */
async function cpuDuring(groups: SamplerGroup[], work: () => Promise<void>): Promise<{ ms: Record<string, number>; spanMs: number }> {
  const sampler = new ProcSampler(groups);
  const started = performance.now();
  sampler.start();
  await work();
  const figures = sampler.stop();
  const spanMs = performance.now() - started;
  return { spanMs, ms: Object.fromEntries(Object.entries(figures).map(([group, f]) => [group, f.cpuCores * spanMs])) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '400' },
      concurrency: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '300' },
      // CPU profiles of every subgraph and the gateway, under .local/bench/profiles/<time>/.
      profile: { type: 'boolean', default: false },
      ops: { type: 'string', default: 'community-page,street-dashboard,record-service,report-need' },
    },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const warmup = Number(values.warmup);
  const city = buildCity(CITY_SCALE);
  const profileDir = values.profile ? join(BENCH_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined;
  const stack = await startBenchStack({ log, profileDir, gatewayEnv: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000000' } });
  try {
    const urlFor = (db: string) => stack.pg.urlFor(db);
    await waitForEventsSettled(urlFor, stack.nats.url, log);
    // As the benchmark does: tables a backlog has just rewritten would measure autovacuum.
    await vacuumBenchDatabases(urlFor, log);
    const token = await stack.districtToken(city.districtCodes);
    const until = city.config.until;
    const streets = [...new Set(city.communities.map((c) => c.streetCode))];
    const periods = dashboardPeriods(city);
    const communities = city.communities.map((c) => c.code);
    const pairs = readServicePairs(city, checkpointPath(city, 'bench'), 4000);
    const dates = writeDates(city);
    // A random start: repeated probes record for other volunteer/date pairs (a volunteer's day
    // holds at most 24 h of service), and 5-minute records keep far from that.
    let serial = Math.floor(Math.random() * 1_000_000);

    const ops: Record<string, () => { name: string; query: string; variables: Record<string, unknown> }> = {
      'community-page': () => ({ name: 'CommunityPage', query: COMMUNITY_PAGE, variables: { code: communities[serial++ % communities.length] } }),
      'street-dashboard': () => ({
        name: 'DistrictDashboard',
        query: DISTRICT_DASHBOARD,
        variables: { codes: [streets[serial++ % streets.length]], from: `${until.slice(0, 4)}-01-01`, to: until },
      }),
      // The k6 dashboard scenario's request: a district and its streets over one of the presets.
      'district-dashboard': () => {
        const period = periods[serial % periods.length]!;
        return { name: 'DistrictDashboard', query: DISTRICT_DASHBOARD, variables: { codes: [city.districtCodes[serial++ % city.districtCodes.length]], from: period.from, to: period.to } };
      },
      'record-service': () => {
        const pair = pairs[serial++ % pairs.length]!;
        return {
          name: 'RecordService',
          query: RECORD_SERVICE,
          variables: { input: { ...pair, activity: '社区环境清洁', serviceDate: dates[serial % dates.length], minutes: 5 } },
        };
      },
      'report-need': () => ({
        name: 'ReportNeed',
        query: REPORT_NEED,
        variables: { input: { communityCode: communities[serial++ % communities.length], category: 'ELDERLY_CARE', urgency: 'NORMAL', summary: '独居老人需要助餐', reporter: { name: '王芳', phone: '13800000000' } } },
      }),
    };

    // PostgreSQL: every server process (WAL writer and the rest), not only the services' backends,
    // and those that end while an operation runs (parallel and autovacuum workers): the postmaster's tree.
    const postmaster = await postmasterPid(stack.adminUrl);
    const groups: SamplerGroup[] = [
      ...stack.platform.processes.map((p) => ({ name: p.name, pid: p.child.pid! })),
      { name: 'postgres', pid: postmaster, includeEnded: true },
      { name: 'nats', pids: pidsOf('nats-server') },
    ];
    const send = async (op: ReturnType<(typeof ops)[string]>) => {
      const res = await fetch(stack.platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: op.query, variables: op.variables, operationName: op.name }),
      });
      const body = (await res.json()) as { errors?: { message: string }[] };
      if (res.status !== 200 || body.errors?.length) throw new Error(`${op.name}: ${res.status} ${JSON.stringify(body.errors?.[0] ?? body).slice(0, 200)}`);
    };

    // What everything burns with nothing sent: relays polling, consumers idling, PostgreSQL's own.
    const idle = await cpuDuring(groups, () => sleep(10_000));
    log(`idle: ${Object.entries(idle.ms).map(([k, v]) => `${k} ${((v / idle.spanMs) * 1000).toFixed(1)} ms/s`).join(', ')}`);

    const table: { op: string; perRequest: Record<string, number>; total: number; failures: number }[] = [];
    for (const name of values.ops.split(',')) {
      const make = ops[name];
      if (!make) throw new Error(`unknown op ${name}; ops: ${Object.keys(ops).join(', ')}`);
      // Warm-up: query plans in every gateway worker, pools, prepared statements, V8's JIT.
      for (let i = 0; i < warmup; i += 1) await send(make()).catch(() => {});
      await waitForEventsSettled(urlFor, stack.nats.url, log);
      let failures = 0;
      let next = 0;
      // The span's bounds on the monotonic clock V8's profiles stamp their samples with, so that
      // profile-summary.ts --window can read only this operation's samples out of a whole-life profile.
      const windowStart = process.hrtime.bigint() / 1000n;
      const used = await cpuDuring(groups, async () => {
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < requests) {
              next += 1;
              await send(make()).catch((error) => {
                failures += 1;
                if (failures <= 3) log(String(error));
              });
            }
          }),
        );
        // Until the last event the requests set off has been consumed everywhere.
        await waitForEventsSettled(urlFor, stack.nats.url, log);
      });
      const perRequest: Record<string, number> = {};
      let total = 0;
      for (const [group, ms] of Object.entries(used.ms)) {
        perRequest[group] = (ms - (idle.ms[group]! * used.spanMs) / idle.spanMs) / requests;
        total += perRequest[group]!;
      }
      if (profileDir) log(`${name}: profile window ${windowStart}..${process.hrtime.bigint() / 1000n} (profile-summary.ts --window)`);
      table.push({ op: name, perRequest, total, failures });
      log(`${name}: ${total.toFixed(2)} ms CPU per request (${failures} failures)`);
    }
    const names = groups.map((g) => g.name);
    console.log(`| op | ${names.join(' | ')} | total ms | failures |`);
    console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
    for (const row of table) console.log(`| ${row.op} | ${names.map((n) => row.perRequest[n]!.toFixed(2)).join(' | ')} | ${row.total.toFixed(2)} | ${row.failures} |`);
  } finally {
    await stack.stop();
    if (profileDir) log(`CPU profiles: ${profileDir}`);
  }
}

await main();
