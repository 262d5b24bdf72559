/**
 * Partner subscriptions against a real nats-server (2.10+, built by the project when missing),
 * configured from a registry exactly as `pnpm partners server` does: accounts, nkeys, the
 * WebSocket listener, per-partner durable consumers, the control plane.
 *
 * The refusals are checked on the wire with a raw NATS client holding a partner's key — not only
 * through the SDK, which would never try.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@nats-io/nkeys';
import { connect, nkeyAuthenticator, wsconnect, type NatsConnection } from '@nats-io/transport-node';
import { createCloudEvent, funding, organizations, selfGovernance, type EventContract, type EventData } from '@sanshe/events';
import { connectNats, createLogger, getJetStreamManager, listDeadLetters, redriveDeadLetter, streamNameFor } from '@sanshe/service-kit';
import { connectPartner, type Delivery, type PartnerClient } from '../../../packages/partner-sdk/src/index.ts';
import {
  connectAdmin,
  localSettings,
  parseRegistry,
  partnerDurable,
  provisionPartners,
  replayPartner,
  startControlPlane,
  startPartnerServer,
  writeServerConfig,
  type AdminConnection,
  type GeneratedConfig,
  type RunningControlPlane,
  type RunningPartnerServer,
} from '../../src/partners/index.ts';
import { repoRoot } from '../../src/services.ts';
import { dataSchema } from '../../src/partners/asyncapi.ts';
import { exampleFor } from '../../src/partners/examples.ts';

const prefix = `p${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'sanshe-partners-'));
const registry = parseRegistry({
  partners: [
    {
      id: 'alpha-foundation',
      name: 'Alpha Foundation',
      kind: 'foundation',
      contact: 'a@example.org',
      events: ['self-governance.region.registered.v1', 'organizations.organization.filed.v1'],
      delivery: { maxDeliver: 2, ackWaitSeconds: 2 },
      replay: { selfService: true, minIntervalSeconds: 30 },
    },
    {
      id: 'beta-agency',
      name: 'Beta Social Work Agency',
      kind: 'social-work-agency',
      contact: 'b@example.org',
      events: ['funding.grant.awarded.v1'],
    },
  ],
});
const A = 'alpha-foundation';
const B = 'beta-agency';

let server: RunningPartnerServer;
let generated: GeneratedConfig;
let admin: AdminConnection;
let control: RunningControlPlane;
let stream: string;
const cleanups: (() => Promise<unknown>)[] = [];

async function publish<C extends EventContract>(contract: C, data: EventData<C>, subject = 'test'): Promise<string> {
  const event = createCloudEvent(contract, data, { subject });
  await admin.js.publish(`${prefix}.${contract.subject}`, JSON.stringify(event), { msgID: event.id });
  return event.id;
}

/** Valid data for any contract (the AsyncAPI example generator), so the test follows contract changes. */
function sample<C extends EventContract>(contract: C): EventData<C> {
  return exampleFor(dataSchema(contract), 'data', `${contract.type}:${randomUUID()}`) as EventData<C>;
}

const region = (code: string) => ({
  code,
  name: `社区${code.slice(-3)}`,
  level: 'community' as const,
  parentCode: code.slice(0, 9),
  districtCode: code.slice(0, 6),
  streetCode: code.slice(0, 9),
  population: null,
  households: null,
});

/** A raw NATS connection holding a partner's key: what a misbehaving partner could do. */
async function rawPartner(id: string, transport: 'ws' | 'tcp' = 'ws'): Promise<NatsConnection> {
  const seed = generated.credentials[id]!.seed;
  const options = { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), timeout: 3000, reconnect: false };
  const nc = transport === 'ws' ? await wsconnect({ servers: server.partnerUrl, ...options }) : await connect({ servers: server.url, ...options });
  cleanups.push(() => nc.close());
  return nc;
}

async function partner(id: string): Promise<PartnerClient> {
  const client = await connectPartner({ credentials: generated.credentials[id]!, requestTimeoutMs: 5000 });
  cleanups.push(() => client.close());
  return client;
}

/** Takes `n` deliveries (acking each unless told otherwise), failing after `timeoutMs`. */
async function take(client: PartnerClient, n: number, options: { timeoutMs?: number; ack?: boolean } = {}): Promise<Delivery[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  const out: Delivery[] = [];
  try {
    for await (const d of client.deliveries({ signal: controller.signal, expiresMs: 2000 })) {
      out.push(d);
      if (options.ack !== false) await d.ack();
      if (out.length >= n) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/** Expects a request to be refused by the server (a permissions violation or no such service). */
async function refused(nc: NatsConnection, subject: string, body: unknown = {}): Promise<string> {
  try {
    const reply = await nc.request(subject, JSON.stringify(body), { timeout: 1500 });
    // The partner account has no JetStream: its own API (if a subject reached it) answers with an error.
    const text = reply.string();
    expect(text, `${subject} answered`).toMatch(/"error"/);
    return text;
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  const settings = await localSettings(dir, { prefix });
  generated = writeServerConfig(dir, registry, settings);
  server = await startPartnerServer({ configPath: generated.configPath, settings, log: () => {} });
  admin = await connectAdmin(server.url, { user: generated.secrets.adminUser, pass: generated.secrets.adminPassword });
  stream = (await provisionPartners(admin.jsm, registry, { prefix })).stream;
  control = await startControlPlane({ nc: admin.nc, jsm: admin.jsm, js: admin.js, registry: () => registry, prefix, stream, log: () => {} });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await control?.stop();
  await admin?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('provisioning', () => {
  it('creates one durable per partner, filtered to its registry events, and converges on re-run', async () => {
    const a = await admin.jsm.consumers.info(stream, partnerDurable(A));
    expect(a.config.filter_subjects?.sort()).toEqual([`${prefix}.organizations.organization.filed.v1`, `${prefix}.self-governance.region.registered.v1`]);
    expect(a.config.max_deliver).toBe(2);
    const again = await provisionPartners(admin.jsm, registry, { prefix });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged.sort()).toEqual([partnerDurable(A), partnerDurable(B)].sort());
  });

  it('runs the server with fsync on every write', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(generated.configPath, 'utf8')).toMatch(/sync_interval: always/);
  });
});

describe('each partner receives its own event types, typed', () => {
  it('delivers exactly the registered types to each partner', async () => {
    const r1 = await publish(selfGovernance.regionRegistered, region('150204004001'), '150204004001');
    const grant = await publish(funding.grantAwarded, sample(funding.grantAwarded));
    const filed = await publish(organizations.organizationFiled, sample(organizations.organizationFiled));
    await publish(funding.subsidyPaid, sample(funding.subsidyPaid));

    const alpha = await partner(A);
    const got = await take(alpha, 2);
    expect(got.map((d) => d.event.id)).toEqual([r1, filed]);
    const first = got[0]!.event;
    if (first.type !== 'cn.sanshe.self-governance.region.registered.v1') throw new Error(`unexpected ${first.type}`);
    expect(first.data.code).toBe('150204004001'); // typed: data is the contract's
    expect(got[0]!.subject).toBe(`${prefix}.self-governance.region.registered.v1`);

    const beta = await partner(B);
    const betaGot = await take(beta, 1);
    expect(betaGot.map((d) => [d.event.type, d.event.id])).toEqual([['cn.sanshe.funding.grant.awarded.v1', grant]]);
    expect((await alpha.state()).pending).toBe(0);
    expect((await beta.state()).pending).toBe(0);
  });
});

describe('what a partner cannot do', () => {
  it('cannot create a consumer, by any API subject', async () => {
    const nc = await rawPartner(A);
    const before = (await admin.jsm.consumers.list(stream).next()).map((c) => c.name).sort();
    const config = { stream_name: stream, config: { ack_policy: 'none', filter_subject: `${prefix}.>` } };
    for (const subject of [
      `JS.EVENTS.API.CONSUMER.CREATE.${stream}`,
      `JS.EVENTS.API.CONSUMER.CREATE.${stream}.mine`,
      `JS.EVENTS.API.CONSUMER.DURABLE.CREATE.${stream}.mine`,
      `$JS.API.CONSUMER.CREATE.${stream}`,
      `$JS.API.CONSUMER.CREATE.${stream}.mine`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.mine`,
      // Re-creating its own durable with a wider filter is creation too.
      `JS.EVENTS.API.CONSUMER.CREATE.${stream}.${partnerDurable(A)}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${partnerDurable(A)}`,
    ]) {
      expect(await refused(nc, subject, config)).toMatch(/Permissions Violation|error/i);
    }
    const after = (await admin.jsm.consumers.list(stream).next()).map((c) => c.name).sort();
    expect(after).toEqual(before);
    expect((await admin.jsm.consumers.info(stream, partnerDurable(A))).config.filter_subjects).toHaveLength(2);
  });

  it("cannot read another partner's consumer", async () => {
    const nc = await rawPartner(A);
    const other = partnerDurable(B);
    for (const subject of [
      `JS.EVENTS.API.CONSUMER.INFO.${stream}.${other}`,
      `JS.EVENTS.API.CONSUMER.MSG.NEXT.${stream}.${other}`,
      `$JS.API.CONSUMER.INFO.${stream}.${other}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${other}`,
    ]) {
      expect(await refused(nc, subject, { batch: 1, expires: 1_000_000_000 })).toMatch(/Permissions Violation|error/i);
    }
    // Nor through the SDK with its own key and the other durable's name.
    const impostor = await connectPartner({
      credentials: { ...generated.credentials[A]!, durable: other },
      requestTimeoutMs: 2000,
    });
    cleanups.push(() => impostor.close());
    await expect(impostor.state()).rejects.toThrow();
    await publish(funding.grantAwarded, sample(funding.grantAwarded));
    expect(await take(impostor, 1, { timeoutMs: 2500 })).toEqual([]);
    expect((await admin.jsm.consumers.info(stream, other)).num_pending).toBe(1); // still there for beta
    const beta = await partner(B);
    expect(await take(beta, 1)).toHaveLength(1);
  });

  it('cannot fetch a message by sequence (stream get or direct get)', async () => {
    const nc = await rawPartner(A);
    for (const subject of [
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `JS.EVENTS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}`,
      `JS.EVENTS.API.DIRECT.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}.${prefix}.funding.grant.awarded.v1`,
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.CONSUMER.LIST.${stream}`,
    ]) {
      expect(await refused(nc, subject, { seq: 1 })).toMatch(/Permissions Violation|error/i);
    }
  });

  it('cannot subscribe to event subjects, nor make the server publish into the stream through a reply subject', async () => {
    const nc = await rawPartner(A);
    const violation = new Promise<string>((resolve) => {
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') resolve(String((s as { error: Error }).error.message));
      })();
    });
    nc.subscribe(`${prefix}.>`);
    await nc.flush().catch(() => {});
    expect(await violation).toMatch(/Permissions Violation for Subscription/);

    // A pull request for its own durable whose reply is an event subject: in a shared account the
    // server would deliver the message there — into the events stream. Across accounts it cannot.
    const before = (await admin.jsm.streams.info(stream)).state.messages;
    nc.publish(`JS.EVENTS.API.CONSUMER.MSG.NEXT.${stream}.${partnerDurable(A)}`, JSON.stringify({ batch: 1, expires: 1_000_000_000 }), {
      reply: `${prefix}.funding.subsidy.paid.v1`,
    });
    await publish(selfGovernance.regionRegistered, region('150204004099'), '150204004099'); // something to deliver
    await new Promise((r) => setTimeout(r, 1500));
    expect((await admin.jsm.streams.info(stream)).state.messages).toBe(before + 1);
    // The bait is still waiting for alpha (unacked or pending), not lost.
    const alpha = await partner(A);
    expect((await take(alpha, 1, { timeoutMs: 6000 })).map((d) => d.event.subject)).toEqual(['150204004099']);
  });

  it('authenticates only with its own nkey, only on the WebSocket listener', async () => {
    await expect(rawPartner(A, 'tcp')).rejects.toThrow(/Authorization/i);
    await expect(wsconnect({ servers: server.partnerUrl, timeout: 3000, reconnect: false })).rejects.toThrow(/Authorization/i);
    const stranger = createUser().getSeed(); // a valid key the server does not know
    await expect(wsconnect({ servers: server.partnerUrl, authenticator: nkeyAuthenticator(stranger), timeout: 3000, reconnect: false })).rejects.toThrow(
      /Authorization|authentication/i,
    );
  });

  it('admits no anonymous connection on the platform port; the services connect as the platform user', async () => {
    await expect(connect({ servers: server.url, timeout: 3000, reconnect: false })).rejects.toThrow(/Authorization/i);
    // connectNats is what every service uses, with NATS_USER / NATS_PASSWORD from its environment.
    const nc = await connectNats(server.url, 'partners-test-platform', createLogger('partners-test', 'silent'), {
      user: generated.secrets.platformUser,
      pass: generated.secrets.platformPassword,
    });
    cleanups.push(() => nc.close());
    const jsm = await getJetStreamManager(nc);
    expect((await jsm.streams.info(streamNameFor(prefix))).config.name).toBe(streamNameFor(prefix));
  });

  it("cannot ask for another partner's replay", async () => {
    const nc = await rawPartner(A);
    expect(await refused(nc, `${prefix}-partners.${B}.replay`, { seq: 1 })).toMatch(/Permissions Violation|no responders|error/i);
  });
});

describe('replay', () => {
  it('an administrator restarts a partner from a sequence; the same events come again', async () => {
    const alpha = await partner(A);
    await take(alpha, 10, { timeoutMs: 1500 }); // drain
    const result = await replayPartner(admin.jsm, registry.partners[0]!, { prefix, stream, from: { seq: 1 } });
    expect(result.pending).toBe(3); // two regions and one filing since sequence 1
    const again = await take(alpha, 3);
    expect(again.map((d) => d.event.type)).toEqual([
      'cn.sanshe.self-governance.region.registered.v1',
      'cn.sanshe.organizations.organization.filed.v1',
      'cn.sanshe.self-governance.region.registered.v1',
    ]);
  });

  it('a partner asks for a replay from a time with its own credentials; the control plane checks it', async () => {
    const alpha = await partner(A);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const later = await publish(selfGovernance.regionRegistered, region('150204004100'), '150204004100');
    await take(alpha, 1);
    const reply = await alpha.requestReplay({ since });
    expect(reply).toMatchObject({ ok: true, pending: 1 });
    expect((await take(alpha, 1)).map((d) => d.event.id)).toEqual([later]);
    expect(await alpha.requestReplay({ since })).toMatchObject({ ok: false, error: expect.stringMatching(/one replay per 30 s/) });
    const beta = await partner(B);
    expect(await beta.requestReplay({ since: 'yesterday' })).toMatchObject({ ok: false, error: expect.stringMatching(/ISO 8601/) });
  });

  it('the partner CLI tails and replays with nothing but the credentials file', async () => {
    const { writeFileSync } = await import('node:fs');
    const credentials = join(dir, 'beta.json');
    writeFileSync(credentials, JSON.stringify(generated.credentials[B]));
    const cli = join(repoRoot, 'packages', 'partner-sdk', 'src', 'cli.ts');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args, '--credentials', credentials], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const replay = await run(['replay', '--seq', '1', '--tail', '--idle-exit', '2']);
    expect(replay.code, replay.stderr).toBe(0);
    const lines = replay.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; event: { type: string } });
    expect(lines.map((l) => l.event.type)).toEqual(['cn.sanshe.funding.grant.awarded.v1', 'cn.sanshe.funding.grant.awarded.v1']);
    const tail = await run(['tail', '--idle-exit', '1']);
    expect(tail.code, tail.stderr).toBe(0);
    expect(tail.stdout).toBe(''); // everything was acknowledged by the replay's tail
  });
});

describe('dead letters of partner consumers', () => {
  it('an event the partner never acknowledges goes to the dead letters with its reason, and can be re-driven', async () => {
    const alpha = await partner(A);
    await take(alpha, 10, { timeoutMs: 1500 }); // drain
    const id = await publish(selfGovernance.regionRegistered, region('150204004200'), '150204004200');
    const failing = alpha.consume(
      () => {
        throw new Error('our database is down');
      },
      { retryDelayMs: () => 100, expiresMs: 2000 },
    );
    const letters = await eventually(async () => {
      const list = await listDeadLetters(admin.nc, admin.jsm, prefix, { consumer: partnerDurable(A) });
      return list.length > 0 ? list : undefined;
    });
    await failing.stop();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      consumer: partnerDurable(A),
      eventId: id,
      originalSubject: `${prefix}.self-governance.region.registered.v1`,
      attempts: 2,
      reason: expect.stringMatching(/max deliveries/),
    });

    const redriven = await redriveDeadLetter(admin.js, admin.jsm, prefix, letters[0]!.seq);
    expect(redriven.eventId).toBe(id);
    const again = await take(alpha, 1);
    expect(again.map((d) => d.event.id)).toEqual([id]); // the same CloudEvent, delivered anew
    expect(await listDeadLetters(admin.nc, admin.jsm, prefix, { consumer: partnerDurable(A) })).toEqual([]);
  });

  it('a message that breaks its contract is terminated by the SDK and dead-lettered with the reason', async () => {
    const alpha = await partner(A);
    await admin.js.publish(`${prefix}.self-governance.region.registered.v1`, JSON.stringify({ specversion: '1.0', hello: 'world' }));
    const invalid: string[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 3000);
    for await (const d of alpha.deliveries({ signal: controller.signal, expiresMs: 1000, onInvalid: (i) => invalid.push(i.error.message) })) await d.ack();
    expect(invalid).toHaveLength(1);
    const letter = await eventually(async () => (await listDeadLetters(admin.nc, admin.jsm, prefix, { consumer: partnerDurable(A) }))[0]);
    expect(letter.reason).toMatch(/terminated by the partner/);
    expect(control.movedToDeadLetters()).toBeGreaterThanOrEqual(2);
  });
});

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
