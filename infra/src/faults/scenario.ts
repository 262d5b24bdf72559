/**
 * Jepsen-style fault scenario for the event pipeline, with real processes:
 *
 *   self-governance (subgraph + its outbox relay)  ──►  nats-server (our own; JetStream file store,
 *   organizations   (subgraph + its inbox consumer) ◄──   sync_interval: always, partner accounts)
 *   partner app     (partner SDK, own database)     ◄──   a bystander partner not entitled to them
 *
 * While `size` registerRegion mutations run through self-governance's GraphQL API, it SIGKILLs in
 * turn the relay (the self-governance process: the relay runs inside it), a consumer (the
 * organizations process), nats-server and the partner app, restarting each. Then it waits for the
 * pipeline to settle and compares sets:
 *
 *   committed   regions rows in self-governance's database, and the outbox events written with them
 *   reached     every committed event in organizations' inbox and known_regions, and in the partner's table
 *   nothing extra  no event anywhere that was not committed; the bystander got none
 *   once        one inbox row and one known_regions row per event; one partner row per event
 *               (redeliveries after kills are counted: they happened, and were absorbed)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { selfGovernance } from '@sanshe/events';
import { durableName, encodeIdentity, listDeadLetters, type Identity } from '@sanshe/service-kit';
import { freePort } from '../local/ports.ts';
import { repoRoot } from '../services.ts';
import { spawnNode, waitForHttp, type ManagedProcess } from '../stack/processes.ts';
import { startControlPlane } from '../partners/control-plane.ts';
import { credentialsPath } from '../partners/credentials.ts';
import { connectAdmin, provisionPartners } from '../partners/provision.ts';
import { parseRegistry, partnerDurable } from '../partners/registry.ts';
import { localSettings, startPartnerServer, writeServerConfig } from '../partners/server.ts';

export interface FaultScenarioOptions {
  /** registerRegion mutations (communities), each one event. */
  size: number;
  /** Migrated databases: self-governance's, organizations', and an empty one for the partner app. */
  databaseUrls: { selfGovernance: string; organizations: string; partner: string };
  /** Scratch directory: nats-server config, store and logs. */
  workDir: string;
  /** Kill rounds: each SIGKILLs relay, consumer, nats-server and partner app once (default 1). */
  rounds?: number;
  concurrency?: number;
  /** LISTEN/NOTIFY works (real PostgreSQL); otherwise the relay polls. */
  outboxListen?: boolean;
  poolMax?: number;
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface KillRecord {
  target: 'relay' | 'consumer' | 'nats-server' | 'partner';
  atCommitted: number;
  downMs: number;
  /** What was still on its way when it died. */
  note: string;
}

export interface SetComparison {
  expected: number;
  got: number;
  missing: number;
  extra: number;
  duplicates: number;
}

export interface FaultReport {
  size: number;
  durationMs: number;
  mutations: { attempted: number; committed: number; retried: number; refused: number; committedBeforeRetry: number };
  kills: KillRecord[];
  committed: { regions: number; events: number; unpublished: number; eventsPerRegionMismatch: number };
  stream: { stored: number; duplicatesStored: number };
  organizations: { inbox: SetComparison; knownRegions: SetComparison };
  partner: SetComparison & { deliveries: number; redelivered: number };
  bystander: { delivered: number; pending: number };
  deadLetters: number;
  settledInMs: number;
  /** When each was complete, in ms after the last mutation. */
  settle: { outboxMs?: number; organizationsMs?: number; partnerMs?: number };
  ok: boolean;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function compare(expected: Set<string>, got: string[]): SetComparison {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const id of got) {
    if (seen.has(id)) duplicates += 1;
    seen.add(id);
  }
  let missing = 0;
  for (const id of expected) if (!seen.has(id)) missing += 1;
  let extra = 0;
  for (const id of seen) if (!expected.has(id)) extra += 1;
  return { expected: expected.size, got: got.length, missing, extra, duplicates };
}

/** 12-digit community codes under 150204 (Qingshan): street 001…, community 001…999. */
export function communityCodes(size: number): { streets: string[]; communities: string[] } {
  const streets: string[] = [];
  const communities: string[] = [];
  for (let i = 0; i < size; i++) {
    const street = `150204${String(Math.floor(i / 999) + 1).padStart(3, '0')}`;
    if (streets.at(-1) !== street) streets.push(street);
    communities.push(`${street}${String((i % 999) + 1).padStart(3, '0')}`);
  }
  if (streets.length > 999) throw new Error('size too large: at most 998001 communities under one district');
  return { streets, communities };
}

export async function runFaultScenario(options: FaultScenarioOptions): Promise<FaultReport> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(`[faults] ${line}`));
  const rounds = options.rounds ?? 1;
  const concurrency = options.concurrency ?? 16;
  const prefix = `f${randomBytes(4).toString('hex')}`;
  const logDir = join(options.workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const problems: string[] = [];
  const orgDurable = durableName('organizations', 'self-governance');

  // --- the events server, with a partner entitled to region events and one that is not ---------
  const registry = parseRegistry({
    partners: [
      {
        id: 'fault-partner',
        name: 'Partner app under faults',
        kind: 'other',
        contact: 'faults@example.org',
        events: ['self-governance.region.registered.v1'],
        // Redeliveries after kills must never exhaust it: this run is about loss, not poison.
        delivery: { maxDeliver: 1000, ackWaitSeconds: 5, maxAckPending: 512 },
      },
      { id: 'bystander', name: 'Not entitled to region events', kind: 'other', contact: 'b@example.org', events: ['organizations.organization.filed.v1'] },
    ],
  });
  const partnersDir = join(options.workDir, 'partners');
  const settings = await localSettings(partnersDir, { prefix });
  const generated = writeServerConfig(partnersDir, registry, settings);
  const nats = await startPartnerServer({ configPath: generated.configPath, settings, log, logPath: join(logDir, 'nats-server.log') });
  const admin = await connectAdmin(nats.url, { user: generated.secrets.adminUser, pass: generated.secrets.adminPassword }, 'faults-admin');
  const { stream } = await provisionPartners(admin.jsm, registry, { prefix });
  const control = await startControlPlane({ nc: admin.nc, jsm: admin.jsm, js: admin.js, registry: () => registry, prefix, stream, log: () => {} });

  // --- the services and the partner app, as processes ----------------------------------------
  const secret = randomBytes(24).toString('hex');
  const ports = { selfGovernance: await freePort(), organizations: await freePort() };
  const serviceEnv = (port: number, databaseUrl: string): Record<string, string> => ({
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(options.poolMax ?? 6),
    SUBGRAPH_SECRET: secret,
    NATS_URL: nats.url,
    NATS_USER: generated.secrets.platformUser,
    NATS_PASSWORD: generated.secrets.platformPassword,
    EVENT_PREFIX: prefix,
    OUTBOX_LISTEN: String(options.outboxListen ?? true),
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '2000',
  });
  const specs = {
    relay: {
      name: 'self-governance',
      script: join(repoRoot, 'services', 'self-governance', 'src', 'main.ts'),
      env: serviceEnv(ports.selfGovernance, options.databaseUrls.selfGovernance),
      ready: `http://127.0.0.1:${ports.selfGovernance}/healthz`,
    },
    consumer: {
      name: 'organizations',
      script: join(repoRoot, 'services', 'organizations', 'src', 'main.ts'),
      env: serviceEnv(ports.organizations, options.databaseUrls.organizations),
      ready: `http://127.0.0.1:${ports.organizations}/healthz`,
    },
    partner: {
      name: 'partner-app',
      script: join(repoRoot, 'infra', 'src', 'faults', 'partner-app.ts'),
      env: { PARTNER_CREDENTIALS: credentialsPath(partnersDir, 'fault-partner'), PARTNER_DATABASE_URL: options.databaseUrls.partner, PARTNER_ACK_DELAY_MS: '5' },
      ready: undefined,
    },
  } as const;
  const running: Record<keyof typeof specs, ManagedProcess | null> = { relay: null, consumer: null, partner: null };
  const launch = async (key: keyof typeof specs) => {
    const spec = specs[key];
    const proc = spawnNode({ name: spec.name, script: spec.script, env: spec.env, output: { kind: 'file', path: join(logDir, `${spec.name}.log`) } });
    running[key] = proc;
    if (spec.ready) await waitForHttp(spec.ready, proc, 60_000);
    return proc;
  };

  const sgSql = postgres(options.databaseUrls.selfGovernance, { max: 2, onnotice: () => {} });
  const orgSql = postgres(options.databaseUrls.organizations, { max: 2, onnotice: () => {} });
  const partnerSql = postgres(options.databaseUrls.partner, { max: 2, onnotice: () => {} });
  const kills: KillRecord[] = [];
  const mutations = { attempted: 0, committed: 0, retried: 0, refused: 0, committedBeforeRetry: 0 };
  let settledInMs = 0;

  try {
    await Promise.all([launch('relay'), launch('consumer'), launch('partner')]);
    log(`nats-server ${nats.url} (pid ${nats.pid()}), self-governance :${ports.selfGovernance}, organizations :${ports.organizations}, partner app; prefix ${prefix}`);

    // --- mutations ----------------------------------------------------------------------------
    const identity: Identity = { subject: 'faults-harness', roles: ['district_office'], scope: ['150204'], organizationId: null, partnerId: null };
    const headers = { 'content-type': 'application/json', 'x-sanshe-subgraph-secret': secret, 'x-sanshe-identity': encodeIdentity(identity, secret) };
    const url = `http://127.0.0.1:${ports.selfGovernance}/graphql`;
    const mutation = 'mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }';
    /** Until a definitive answer: created, or CONFLICT (a retry of one that committed before its answer was lost). */
    const register = async (input: Record<string, unknown>): Promise<'created' | 'existed' | 'refused'> => {
      mutations.attempted += 1;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) mutations.retried += 1;
        try {
          const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: mutation, variables: { input } }), signal: AbortSignal.timeout(15_000) });
          if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
          if (response.status === 401) {
            problems.push(`registerRegion ${String(input.code)}: 401 — the harness's secret or identity is refused`);
            mutations.refused += 1;
            return 'refused';
          }
          const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
          const code = body.errors?.[0]?.extensions?.code;
          if (!body.errors) return 'created';
          if (code === 'CONFLICT') {
            if (attempt > 0) mutations.committedBeforeRetry += 1;
            return 'existed';
          }
          if (code === 'INTERNAL_SERVER_ERROR') throw new Error(body.errors[0]!.message);
          problems.push(`registerRegion ${String(input.code)} refused: ${code} ${body.errors[0]!.message}`);
          mutations.refused += 1;
          return 'refused';
        } catch {
          await sleep(Math.min(100 * 2 ** Math.min(attempt, 4), 1000)); // down, being restarted, or timed out: try again
        }
      }
    };

    const { streets, communities } = communityCodes(options.size);
    await register({ code: '150204', name: '青山区', level: 'DISTRICT' });
    for (const street of streets) await register({ code: street, name: `街道${street.slice(6)}`, level: 'STREET' });

    // Kill schedule: by progress, `rounds` times relay → consumer → nats-server → partner.
    const targets: KillRecord['target'][] = ['relay', 'consumer', 'nats-server', 'partner'];
    const schedule: { at: number; target: KillRecord['target'] }[] = [];
    for (let r = 0; r < rounds; r++) {
      targets.forEach((target, i) => {
        schedule.push({ at: Math.floor(((r + (i + 1) / (targets.length + 1)) / rounds) * communities.length * 0.9), target });
      });
    }
    const kill = async (target: KillRecord['target']) => {
      const atCommitted = mutations.committed;
      const t0 = Date.now();
      const [unpublished] = await sgSql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`.catch(() => [{ n: -1 }]);
      const note = `${unpublished?.n ?? '?'} event(s) in the outbox`;
      if (target === 'nats-server') {
        await nats.kill('SIGKILL');
        await sleep(1000);
        await nats.restart();
      } else {
        const proc = running[target];
        proc?.child.kill('SIGKILL');
        await proc?.exited;
        await sleep(300);
        await launch(target);
      }
      kills.push({ target, atCommitted, downMs: Date.now() - t0, note });
      log(`SIGKILL ${target} at ${atCommitted} committed (${note}); back after ${Date.now() - t0} ms`);
    };

    let next = 0;
    let killing: Promise<void> | null = null;
    const queue = [...communities];
    const workers = Array.from({ length: concurrency }, async () => {
      for (;;) {
        // At a kill's threshold: start it — or, while the previous kill is still under way, wait
        // for it. Every kill thus lands with mutations running before, during and after it.
        while (next < schedule.length && mutations.committed >= schedule[next]!.at) {
          if (killing) {
            await killing;
            continue;
          }
          const { target } = schedule[next]!;
          next += 1;
          killing = kill(target).finally(() => {
            killing = null;
          });
        }
        const code = queue.shift();
        if (!code) return;
        const result = await register({ code, name: `社区${code.slice(9)}`, level: 'COMMUNITY', population: 1000 + Number(code.slice(9)) });
        if (result !== 'refused') mutations.committed += 1;
      }
    });
    await Promise.all(workers);
    await killing;
    while (next < schedule.length) await kill(schedule[next++]!.target);
    log(`${mutations.committed} communities committed (${mutations.retried} retries, ${mutations.committedBeforeRetry} had committed before their answer was lost); waiting for the pipeline to settle`);

    // --- settle ---------------------------------------------------------------------------------
    const settleStart = Date.now();
    const settle: FaultReport['settle'] = {};
    const deadline = settleStart + (options.convergeTimeoutMs ?? 120_000);
    for (;;) {
      const [[events], [unpublished], [inboxRows], [partnerRows]] = await Promise.all([
        sgSql<{ n: number }[]>`select count(*)::int as n from outbox where type = ${selfGovernance.regionRegistered.type}`,
        sgSql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`,
        orgSql<{ n: number }[]>`select count(*)::int as n from inbox where consumer = ${orgDurable}`,
        partnerSql<{ n: number }[]>`select count(*)::int as n from partner_received`.catch(() => [{ n: 0 }]),
      ]);
      const now = Date.now() - settleStart;
      if (unpublished!.n === 0) settle.outboxMs ??= now;
      if (inboxRows!.n >= events!.n) settle.organizationsMs ??= now;
      if (partnerRows!.n >= events!.n) settle.partnerMs ??= now;
      const done = unpublished!.n === 0 && inboxRows!.n >= events!.n && partnerRows!.n >= events!.n;
      if (done || Date.now() > deadline) {
        if (!done) problems.push(`did not settle within ${options.convergeTimeoutMs ?? 120_000} ms`);
        break;
      }
      await sleep(250);
    }
    settledInMs = Date.now() - settleStart;
    await sleep(1000); // anything late (a duplicate) would show now

    // --- compare ------------------------------------------------------------------------------
    const regions = await sgSql<{ code: string }[]>`select code from regions`;
    const outbox = await sgSql<{ id: string; code: string; published: boolean }[]>`
      select id, envelope->'data'->>'code' as code, published_at is not null as published from outbox where type = ${selfGovernance.regionRegistered.type}`;
    const eventIds = new Set(outbox.map((o) => o.id));
    const regionCodes = new Set(regions.map((r) => r.code));
    const eventsByCode = new Map<string, number>();
    for (const o of outbox) eventsByCode.set(o.code, (eventsByCode.get(o.code) ?? 0) + 1);
    let eventsPerRegionMismatch = 0;
    for (const code of regionCodes) if (eventsByCode.get(code) !== 1) eventsPerRegionMismatch += 1;
    for (const code of eventsByCode.keys()) if (!regionCodes.has(code)) eventsPerRegionMismatch += 1;

    const subject = `${prefix}.${selfGovernance.regionRegistered.subject}`;
    const streamInfo = await admin.jsm.streams.info(stream, { subjects_filter: subject });
    const stored = streamInfo.state.subjects?.[subject] ?? 0;

    const inbox = await orgSql<{ event_id: string }[]>`select event_id from inbox where consumer = ${orgDurable}`;
    const known = await orgSql<{ code: string }[]>`select code from known_regions`;
    const partnerRows = await partnerSql<{ event_id: string; deliveries: number }[]>`select event_id, deliveries from partner_received`;
    const bystander = await admin.jsm.consumers.info(stream, partnerDurable('bystander'));
    const deadLetters = (await listDeadLetters(admin.nc, admin.jsm, prefix)).length;

    const partnerCompare = compare(eventIds, partnerRows.map((r) => r.event_id));
    const deliveries = partnerRows.reduce((sum, r) => sum + r.deliveries, 0);
    const report: FaultReport = {
      size: options.size,
      durationMs: Date.now() - started,
      mutations,
      kills,
      committed: { regions: regions.length, events: outbox.length, unpublished: outbox.filter((o) => !o.published).length, eventsPerRegionMismatch },
      stream: { stored, duplicatesStored: Math.max(0, stored - eventIds.size) },
      organizations: { inbox: compare(eventIds, inbox.map((r) => r.event_id)), knownRegions: compare(regionCodes, known.map((r) => r.code)) },
      partner: { ...partnerCompare, deliveries, redelivered: deliveries - partnerRows.length },
      bystander: { delivered: bystander.delivered.stream_seq, pending: bystander.num_pending },
      deadLetters,
      settledInMs,
      settle,
      ok: false,
      problems,
    };
    const check = (cond: boolean, what: string) => {
      if (!cond) problems.push(what);
    };
    check(report.committed.regions === 1 + streets.length + communities.length - mutations.refused, `regions ${report.committed.regions} ≠ mutations committed`);
    check(report.committed.eventsPerRegionMismatch === 0, `${eventsPerRegionMismatch} regions without exactly one event`);
    check(report.committed.unpublished === 0, `${report.committed.unpublished} events never left the outbox`);
    check(stored === eventIds.size, `stream holds ${stored} region events for ${eventIds.size} committed`);
    for (const [name, c] of [
      ['organizations inbox', report.organizations.inbox],
      ['organizations known_regions', report.organizations.knownRegions],
      ['partner', report.partner],
    ] as const) {
      check(c.missing === 0, `${name}: ${c.missing} missing (lost)`);
      check(c.extra === 0, `${name}: ${c.extra} never committed`);
      check(c.duplicates === 0, `${name}: ${c.duplicates} applied twice`);
    }
    check(report.bystander.delivered === 0 && report.bystander.pending === 0, 'the bystander partner received region events');
    check(deadLetters === 0, `${deadLetters} dead letters`);
    check(kills.length === rounds * 4, `only ${kills.length} of ${rounds * 4} kills happened`);
    report.ok = problems.length === 0;
    return report;
  } finally {
    await Promise.all(Object.values(running).map((p) => p?.stop(5000)));
    await control.stop().catch(() => {});
    await admin.close().catch(() => {});
    await nats.stop();
    await Promise.all([sgSql.end({ timeout: 1 }), orgSql.end({ timeout: 1 }), partnerSql.end({ timeout: 1 })]);
  }
}

export function formatReport(report: FaultReport): string {
  const c = (s: SetComparison) => `${s.got}/${s.expected} (missing ${s.missing}, extra ${s.extra}, twice ${s.duplicates})`;
  return [
    `fault run: ${report.size} mutations in ${(report.durationMs / 1000).toFixed(1)} s — ${report.ok ? 'OK' : 'FAILED'}`,
    `  mutations      attempted ${report.mutations.attempted}, committed ${report.mutations.committed}, retried ${report.mutations.retried} (answer lost but committed: ${report.mutations.committedBeforeRetry}), refused ${report.mutations.refused}`,
    `  kills          ${report.kills.map((k) => `${k.target}@${k.atCommitted} (${k.downMs} ms, ${k.note})`).join('; ')}`,
    `  committed      ${report.committed.regions} regions, ${report.committed.events} region events in the outbox, ${report.committed.unpublished} unpublished, ${report.committed.eventsPerRegionMismatch} regions without exactly one event`,
    `  stream         ${report.stream.stored} region events stored, ${report.stream.duplicatesStored} duplicates`,
    `  organizations  inbox ${c(report.organizations.inbox)}; known_regions ${c(report.organizations.knownRegions)}`,
    `  partner        ${c(report.partner)}; ${report.partner.deliveries} deliveries, ${report.partner.redelivered} redeliveries absorbed`,
    `  bystander      delivered ${report.bystander.delivered}, pending ${report.bystander.pending}`,
    `  dead letters   ${report.deadLetters}`,
    `  settled in     ${report.settledInMs} ms after the last mutation (outbox empty ${report.settle.outboxMs ?? '-'} ms, organizations ${report.settle.organizationsMs ?? '-'} ms, partner ${report.settle.partnerMs ?? '-'} ms)`,
    ...(report.problems.length ? ['  PROBLEMS', ...report.problems.map((p) => `    - ${p}`)] : []),
  ].join('\n');
}
