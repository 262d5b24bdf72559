/**
 * `pnpm partners <command>` — the platform administrator's side of partner subscriptions.
 *
 *   check                          validate infra/partners/registry.json against the event contracts
 *   server                         the partner-facing events server on this machine, in the foreground:
 *                                  builds nats-server (pinned 2.10+) if missing, writes the config and
 *                                  credentials, starts it, provisions, runs the control plane (replay
 *                                  requests, partner dead letters). Prints NATS_URL for `pnpm start`.
 *   provision [--prune]            regenerate the config from the registry, reload the running server,
 *                                  create/update every partner's consumer (--prune: delete consumers of
 *                                  partners no longer in the registry)
 *   status                         each partner's consumer: pending, in flight, redelivered
 *   replay <partner> (--since <ISO time> | --seq <n>)
 *                                  restart a partner's consumer from a time or a stream sequence
 *   dlq list [--consumer <durable>] [--json]
 *   dlq redrive (<seq>… | --all [--consumer <durable>])
 *                                  dead letters of every consumer, the platform's own included
 *   credentials <partner>          path of the credentials file to hand to the partner
 *   platform-url                   the NATS_URL the platform's services use with this server
 *   platform-env                   NATS_URL, NATS_USER and NATS_PASSWORD for the platform's services,
 *                                  one per line: `env $(pnpm -s partners platform-env) pnpm start`
 *
 * Options: --dir <dir> (default .local/partners), --nats <url> (default: the server `server`
 * started; with --nats the admin commands also work on a server without auth, e.g. the shared
 * development server for `dlq`), --prefix (default $EVENT_PREFIX or sanshe), --port/--ws-port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { listDeadLetters, redriveAllDeadLetters, redriveDeadLetter, streamNameFor } from '@sanshe/service-kit';
import { startControlPlane } from './control-plane.ts';
import { credentialsPath, DEFAULT_PARTNERS_DIR, loadOrCreateSecrets } from './credentials.ts';
import { connectAdmin, partnerStatus, provisionPartners, type AdminConnection } from './provision.ts';
import { loadRegistry, REGISTRY_PATH, type Registry } from './registry.ts';
import { parseReplayFrom, replayPartner } from './replay.ts';
import { localSettings, startPartnerServer, writeServerConfig, writeServerState, type ServerState } from './server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    nats: { type: 'string' },
    prefix: { type: 'string' },
    port: { type: 'string' },
    'ws-port': { type: 'string' },
    registry: { type: 'string' },
    since: { type: 'string' },
    seq: { type: 'string' },
    consumer: { type: 'string' },
    all: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const dir = values.dir ?? DEFAULT_PARTNERS_DIR;
const prefix = values.prefix ?? (process.env.EVENT_PREFIX || 'sanshe');
const registryPath = values.registry ?? REGISTRY_PATH;
const out = (line: string) => console.log(line);
const die = (message: string): never => {
  console.error(`partners: ${message}`);
  process.exit(1);
};

function state(): ServerState | undefined {
  const path = join(dir, 'server.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ServerState) : undefined;
}

/** The admin connection: --nats as given (no credentials unless it is our server), else our server. */
async function admin(): Promise<AdminConnection> {
  const ours = state();
  const url = values.nats ?? ours?.url ?? die('no partner server recorded in ' + dir + ': run `pnpm partners server`, or pass --nats <url>');
  const secrets = ours && url === ours.url ? loadOrCreateSecrets(dir) : undefined;
  return connectAdmin(url, secrets ? { user: secrets.adminUser, pass: secrets.adminPassword } : undefined);
}

function registry(): Registry {
  try {
    return loadRegistry(registryPath);
  } catch (error) {
    return die((error as Error).message);
  }
}

const command = positionals[0];
if (!command || values.help) {
  out(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*?/, '').replace(/^ \* ?/gm, ''));
  process.exit(command ? 0 : 1);
}

switch (command) {
  case 'check': {
    const r = registry();
    for (const p of r.partners) out(`${p.id}: ${p.events.length} event type(s) — ${p.name}`);
    out(`registry ok (${r.partners.length} partners)`);
    break;
  }

  case 'server': {
    const r = registry();
    const settings = await localSettings(dir, {
      prefix,
      port: Number(values.port ?? 4223),
      websocketPort: Number(values['ws-port'] ?? 4280),
    });
    const generated = writeServerConfig(dir, r, settings);
    const server = await startPartnerServer({ configPath: generated.configPath, settings });
    const conn = await connectAdmin(server.url, { user: generated.secrets.adminUser, pass: generated.secrets.adminPassword });
    const report = await provisionPartners(conn.jsm, r, { prefix });
    writeServerState(dir, { pid: server.pid() ?? 0, controlPid: process.pid, url: server.url, partnerUrl: server.partnerUrl, prefix, stream: report.stream, configPath: generated.configPath });
    let current = r;
    const control = await startControlPlane({ nc: conn.nc, jsm: conn.jsm, js: conn.js, registry: () => current, prefix, stream: report.stream });
    out(`
  Partner-facing events server is up (nats-server, JetStream file store, sync_interval: always).

  Platform services   NATS_URL=${server.url}   (loopback; the platform user, password in ${join(dir, 'secrets.json')})
                      e.g.  env $(pnpm -s partners platform-env) pnpm start
  Partners            ${server.partnerUrl}  (WebSocket, nkey credentials only)
  Credentials         ${join(dir, 'credentials')}/<partner>.json  — hand each partner its own file
  Consumers           created ${report.created.length}, updated ${report.updated.length}, unchanged ${report.unchanged.length}${report.orphans.length ? `, orphans: ${report.orphans.join(', ')}` : ''}
  Control plane       replay requests on ${prefix}-partners.<id>.replay; partner dead letters from advisories

  Ctrl-C stops it. After editing the registry: pnpm partners provision
`);
    const reloadOnHup = () => {
      try {
        current = loadRegistry(registryPath);
        out('registry reloaded');
      } catch (error) {
        console.error((error as Error).message);
      }
    };
    process.on('SIGHUP', reloadOnHup);
    const shutdown = async () => {
      await control.stop();
      await conn.close();
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    break;
  }

  case 'provision': {
    const r = registry();
    const ours = state();
    if (ours && !values.nats) {
      const settings = await localSettings(dir, { prefix: ours.prefix, port: Number(new URL(ours.url).port), websocketPort: Number(new URL(ours.partnerUrl).port) });
      writeServerConfig(dir, r, settings);
      try {
        process.kill(ours.pid, 'SIGHUP'); // nats-server re-reads nats.conf: new accounts, imports, keys
        await new Promise((res) => setTimeout(res, 500));
        out(`reloaded nats-server (pid ${ours.pid})`);
      } catch {
        out(`nats-server pid ${ours.pid} is not running; start it with \`pnpm partners server\``);
      }
      try {
        process.kill(ours.controlPid, 'SIGHUP'); // the control plane re-reads the registry
      } catch {
        // not running: it reads the registry when started
      }
    }
    const conn = await admin();
    try {
      const report = await provisionPartners(conn.jsm, r, { prefix: ours?.prefix ?? prefix, prune: values.prune });
      out(JSON.stringify(report, null, 2));
    } finally {
      await conn.close();
    }
    break;
  }

  case 'status': {
    const conn = await admin();
    try {
      const rows = await partnerStatus(conn.jsm, registry(), state()?.prefix ?? prefix);
      if (values.json) out(JSON.stringify(rows, null, 2));
      else for (const s of rows) out(`${s.partner.padEnd(28)} ${s.exists ? `pending ${s.pending}, in flight ${s.ackPending}, redelivered ${s.redelivered}, acked to #${s.ackFloor}` : 'NO CONSUMER — run pnpm partners provision'}`);
    } finally {
      await conn.close();
    }
    break;
  }

  case 'replay': {
    const id = positionals[1] ?? die('replay <partner> (--since <ISO time> | --seq <n>)');
    const partner = registry().partners.find((p) => p.id === id) ?? die(`no partner ${id} in ${registryPath}`);
    let from;
    try {
      from = parseReplayFrom({ since: values.since, seq: values.seq });
    } catch (error) {
      die((error as Error).message);
    }
    const conn = await admin();
    try {
      const p = state()?.prefix ?? prefix;
      const result = await replayPartner(conn.jsm, partner, { prefix: p, stream: streamNameFor(p), from: from! });
      out(`${result.durable}: replaying from ${result.from}; ${result.pending} event(s) pending`);
    } finally {
      await conn.close();
    }
    break;
  }

  case 'dlq': {
    const sub = positionals[1];
    const conn = await admin();
    const p = state()?.prefix ?? prefix;
    try {
      if (sub === 'list') {
        const letters = await listDeadLetters(conn.nc, conn.jsm, p, values.consumer ? { consumer: values.consumer } : {});
        if (values.json) out(JSON.stringify(letters.map(({ data, ...rest }) => ({ ...rest, data: new TextDecoder().decode(data) })), null, 2));
        else {
          for (const l of letters) {
            out(`#${l.seq} ${l.failedAt} ${l.consumer} ← ${l.originalSubject} (stream #${l.originalSequence}, ${l.attempts} attempt(s))\n    event ${l.eventId ?? '?'}: ${l.reason}`);
          }
          out(`${letters.length} dead letter(s)`);
        }
      } else if (sub === 'redrive') {
        if (!values.all && positionals.length < 3) die('dlq redrive <seq>… | --all [--consumer <durable>]');
        const results = values.all
          ? await redriveAllDeadLetters(conn.nc, conn.jsm, p, values.consumer ? { consumer: values.consumer } : {})
          : await Promise.all(
              positionals.slice(2).map((s) => {
                const seq = Number(s);
                if (!Number.isInteger(seq) || seq < 1) die(`not a dead-letter sequence: ${s}`);
                return redriveDeadLetter(jetstream(conn.nc), conn.jsm, p, seq);
              }),
            );
        for (const r of results) out(`#${r.deadLetterSeq} → ${r.subject} (stream #${r.streamSequence}, event ${r.eventId ?? '?'})`);
        out(`${results.length} re-driven`);
      } else {
        die('dlq list | dlq redrive <seq>… | dlq redrive --all');
      }
    } finally {
      await conn.close();
    }
    break;
  }

  case 'credentials': {
    const id = positionals[1] ?? die('credentials <partner>');
    const path = credentialsPath(dir, id);
    if (!existsSync(path)) die(`no credentials for ${id} in ${dir}: run \`pnpm partners server\` (or provision) first`);
    out(path);
    break;
  }

  case 'platform-url': {
    out(state()?.url ?? die('no partner server recorded: run `pnpm partners server`'));
    break;
  }

  case 'platform-env': {
    // The server admits no anonymous connection: the services present the platform user.
    const url = state()?.url ?? die('no partner server recorded: run `pnpm partners server`');
    const secrets = loadOrCreateSecrets(dir);
    out(`NATS_URL=${url}\nNATS_USER=${secrets.platformUser}\nNATS_PASSWORD=${secrets.platformPassword}`);
    break;
  }

  default:
    die(`unknown command ${command} (pnpm partners --help)`);
}
if (command !== 'server') process.exit(0);
