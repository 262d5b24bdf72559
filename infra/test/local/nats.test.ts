import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawn } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNats, freePort, isPortOpen, readNatsInfo, type NatsTarget } from '../../src/local/index.ts';

// On a bare machine these parts are skipped; 'absent' and NATS_URL are always tested.
const localJetStream = (await readNatsInfo('127.0.0.1', 4222))?.jetstream === true;
const natsServerOnPath = (process.env.PATH ?? '')
  .split(delimiter)
  .some((dir) => dir && existsSync(join(dir, 'nats-server')));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ensureNats', () => {
  const toStop: NatsTarget[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.allSettled(toStop.map((t) => t.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sanshe-nats-'));
    dirs.push(d);
    return d;
  };

  it.runIf(localJetStream)('finds the NATS with JetStream on 127.0.0.1:4222', async () => {
    const lines: string[] = [];
    const target = await ensureNats({ env: {}, log: (l) => lines.push(l) });
    expect(target.mode).toBe('local');
    expect(target.url).toBe('nats://127.0.0.1:4222');
    expect(target.describe()).toMatch(/JetStream at 127\.0\.0\.1:4222/);
    expect(lines[0]).toMatch(/^using NATS .*JetStream/);
    await target.stop(); // not ours: must leave it running
    expect((await readNatsInfo('127.0.0.1', 4222))?.jetstream).toBe(true);
  });

  it('uses NATS_URL when it is set', async () => {
    const target = await ensureNats({ env: { NATS_URL: 'nats://nats.example:4333' }, log: () => {} });
    expect(target.mode).toBe('env');
    expect(target.url).toBe('nats://nats.example:4333');
    expect(target.describe()).toContain('NATS_URL');
  });

  it.runIf(natsServerOnPath)('spawns nats-server with JetStream on another port and stop() kills it', async () => {
    const lines: string[] = [];
    const storeDir = tempDir();
    const target = await ensureNats({ env: {}, skipLocal: true, storeDir, log: (l) => lines.push(l) });
    toStop.push(target);
    expect(target.mode).toBe('spawned');
    const port = Number(new URL(target.url).port);
    expect(port).not.toBe(4222);
    expect(target.pid).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(`spawned`) && l.includes(String(port)))).toBe(true);

    const nc = await connect({ servers: target.url, timeout: 3000 });
    try {
      const reply = await nc.request('$JS.API.INFO', '', { timeout: 3000 });
      const info = reply.json<{ type: string; error?: unknown; streams: number; limits: unknown }>();
      expect(info.type).toBe('io.nats.jetstream.api.v1.account_info_response');
      expect(info.error).toBeUndefined();
      expect(info.streams).toBe(0);
    } finally {
      await nc.close();
    }

    await target.stop();
    expect(isAlive(target.pid!)).toBe(false);
    expect(await isPortOpen('127.0.0.1', port, 500)).toBe(false);
  });

  it('is absent, with install advice, when nothing is found and nats-server is not on PATH', async () => {
    const lines: string[] = [];
    const target = await ensureNats({ env: { PATH: '/nonexistent' }, skipLocal: true, log: (l) => lines.push(l) });
    expect(target.mode).toBe('absent');
    expect(target.url).toBe('nats://127.0.0.1:4222');
    const message = lines.join('\n');
    expect(message).toContain('apt-get install nats-server');
    expect(message).toContain('NATS_URL');
    expect(message).toContain('outbox');
    await target.stop();
  });

  it.runIf(natsServerOnPath)('passes over a NATS without JetStream and says so', async () => {
    const port = await freePort();
    const plain = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !(await isPortOpen('127.0.0.1', port, 200)); i++) await new Promise((r) => setTimeout(r, 100));
      expect((await readNatsInfo('127.0.0.1', port))?.jetstream).not.toBe(true);

      const lines: string[] = [];
      const target = await ensureNats({ env: { PATH: '/nonexistent' }, localPort: port, log: (l) => lines.push(l) });
      expect(target.mode).toBe('absent');
      expect(lines[0]).toContain(`127.0.0.1:${port} answers but JetStream is not enabled`);
    } finally {
      plain.kill('SIGTERM');
    }
  });
});
