// nats-server configuration of the partner-facing events server, generated from the registry.
//
// Accounts:
//   EVENTS                  holds JetStream (the events stream, dead letters, advisories) and the
//                           platform's users: `platform` (the services; full rights) and `admin`
//                           (provisioning, replay, dead letters; full rights).
//   PARTNER_<ID> (one each) no JetStream of its own. It imports from EVENTS exactly four services:
//                           INFO and MSG.NEXT of its own durable (under PARTNER_API_PREFIX), acks of
//                           its own durable, and its replay request subject. Nothing else of EVENTS
//                           exists for it: no stream, no other consumer, no consumer creation, no
//                           direct or by-sequence gets, no event subjects.
//
// Why accounts and not users with permissions inside EVENTS: NATS checks a pull request's
// *subject*, not its reply subject, and JetStream delivers to whatever reply subject the request
// names. A partner user inside EVENTS could send a pull request for its own durable with an
// event subject (`sanshe.funding.subsidy.paid.v1`) as reply and make the server publish into the
// events stream. Across an account boundary the reply is remapped (`_R_…`) and lands back in the
// partner's own account. (Found by experiment against 2.14.9; infra/test/partners checks it.)
// Each partner user also carries an allow-list of exactly those subjects, as a second fence.
//
// Listeners: the client port (TCP) is for the platform and binds to loopback (a private network in
// production). Nothing connects anonymously: the services present the `platform` user
// (NATS_USER / NATS_PASSWORD, service-kit's environment), the tools the `admin` user. Partners
// connect to the WebSocket listener only, with their nkey (`allowed_connection_types`), and
// `platform`/`admin` cannot use it.
import { PARTNER_API_PREFIX, partnerAccount, partnerDurable, replaySubject, type Registry } from './registry.ts';
import type { ServerSecrets } from './credentials.ts';

export interface PartnerServerSettings {
  /** Event subject prefix of the deployment (`sanshe`). */
  prefix: string;
  /** The events stream (`SANSHE_EVENTS`). */
  stream: string;
  serverName: string;
  /** Platform (TCP) listener. */
  host: string;
  port: number;
  /** Partner (WebSocket) listener. */
  websocketHost: string;
  websocketPort: number;
  storeDir: string;
  /** `always`: fsync before every acknowledgement (see infra/partners/README.md, Durability). */
  syncInterval: string;
  /** HTTP monitoring port (loopback), or 0 for none. */
  monitorPort: number;
}

const q = (value: string) => JSON.stringify(value);

/** The subjects one partner may publish: its own durable's API and acks, its replay request. */
export function partnerPublishAllow(settings: Pick<PartnerServerSettings, 'prefix' | 'stream'>, id: string, selfServiceReplay: boolean): string[] {
  const durable = partnerDurable(id);
  const allow = [
    `${PARTNER_API_PREFIX}.CONSUMER.INFO.${settings.stream}.${durable}`,
    `${PARTNER_API_PREFIX}.CONSUMER.MSG.NEXT.${settings.stream}.${durable}`,
    `$JS.ACK.${settings.stream}.${durable}.>`,
  ];
  if (selfServiceReplay) allow.push(replaySubject(settings.prefix, id));
  return allow;
}

/** Spelled out although the allow-list already excludes them: what a partner must never reach. */
export const PARTNER_PUBLISH_DENY = [
  '$JS.API.>',
  `${PARTNER_API_PREFIX}.CONSUMER.CREATE.>`,
  `${PARTNER_API_PREFIX}.CONSUMER.DURABLE.CREATE.>`,
  `${PARTNER_API_PREFIX}.CONSUMER.DELETE.>`,
  `${PARTNER_API_PREFIX}.DIRECT.GET.>`,
  `${PARTNER_API_PREFIX}.STREAM.>`,
];

export function renderServerConfig(registry: Registry, secrets: ServerSecrets, publicKeys: Record<string, string>, settings: PartnerServerSettings): string {
  const lines: string[] = [];
  const push = (line = '') => lines.push(line);
  push('# Generated from infra/partners/registry.json by infra/src/partners/server-config.ts. Do not edit:');
  push('# change the registry and run `pnpm partners provision` (regenerates this file and reloads the server).');
  push(`server_name: ${q(settings.serverName)}`);
  push(`host: ${q(settings.host)}`);
  push(`port: ${settings.port}`);
  if (settings.monitorPort > 0) push(`http: ${q(`${settings.host}:${settings.monitorPort}`)}`);
  push('max_payload: 1048576');
  push('');
  push('jetstream {');
  push(`  store_dir: ${q(settings.storeDir)}`);
  push('  # fsync before acknowledging every write: a publish the relay saw acknowledged survives a power loss.');
  push('  # The default (2 min) only survives a process crash. See infra/partners/README.md, "Durability".');
  push(`  sync_interval: ${settings.syncInterval === 'always' ? 'always' : q(settings.syncInterval)}`);
  push('}');
  push('');
  push('# Partners connect here, and only here, with their nkey. Production: replace no_tls with a tls { } block.');
  push('websocket {');
  push(`  host: ${q(settings.websocketHost)}`);
  push(`  port: ${settings.websocketPort}`);
  push('  no_tls: true');
  push('}');
  push('');
  push('accounts {');
  push('  EVENTS {');
  push('    jetstream: enabled');
  push('    users: [');
  push(`      { user: ${q(secrets.platformUser)}, password: ${q(secrets.platformPassword)}, allowed_connection_types: ["STANDARD"] }`);
  push(`      { user: ${q(secrets.adminUser)}, password: ${q(secrets.adminPassword)}, allowed_connection_types: ["STANDARD"] }`);
  push('    ]');
  push('    exports: [');
  for (const partner of registry.partners) {
    const account = q(partnerAccount(partner.id));
    const durable = partnerDurable(partner.id);
    push(`      # ${partner.id}: ${partner.name}`);
    push(`      { service: ${q(`$JS.API.CONSUMER.INFO.${settings.stream}.${durable}`)}, accounts: [${account}] }`);
    push(`      { service: ${q(`$JS.API.CONSUMER.MSG.NEXT.${settings.stream}.${durable}`)}, response_type: "stream", accounts: [${account}] }`);
    push(`      { service: ${q(`$JS.ACK.${settings.stream}.${durable}.>`)}, accounts: [${account}] }`);
    if (partner.replay.selfService) push(`      { service: ${q(replaySubject(settings.prefix, partner.id))}, accounts: [${account}] }`);
  }
  push('    ]');
  push('  }');
  for (const partner of registry.partners) {
    const durable = partnerDurable(partner.id);
    const publicKey = publicKeys[partner.id];
    if (!publicKey) throw new Error(`no public key for partner ${partner.id}`);
    const allow = partnerPublishAllow(settings, partner.id, partner.replay.selfService);
    push(`  # ${partner.name} — may receive: ${partner.events.join(', ')}`);
    push(`  ${partnerAccount(partner.id)} {`);
    push('    users: [');
    push(`      { nkey: ${q(publicKey)}, allowed_connection_types: ["WEBSOCKET"], permissions: {`);
    push(`          publish: { allow: [${allow.map(q).join(', ')}], deny: [${PARTNER_PUBLISH_DENY.map(q).join(', ')}] }`);
    push('          subscribe: { allow: ["_INBOX.>"] }');
    push('      } }');
    push('    ]');
    push('    imports: [');
    push(
      `      { service: { account: "EVENTS", subject: ${q(`$JS.API.CONSUMER.INFO.${settings.stream}.${durable}`)} }, to: ${q(`${PARTNER_API_PREFIX}.CONSUMER.INFO.${settings.stream}.${durable}`)} }`,
    );
    push(
      `      { service: { account: "EVENTS", subject: ${q(`$JS.API.CONSUMER.MSG.NEXT.${settings.stream}.${durable}`)} }, to: ${q(`${PARTNER_API_PREFIX}.CONSUMER.MSG.NEXT.${settings.stream}.${durable}`)} }`,
    );
    push(`      { service: { account: "EVENTS", subject: ${q(`$JS.ACK.${settings.stream}.${durable}.>`)} } }`);
    if (partner.replay.selfService) push(`      { service: { account: "EVENTS", subject: ${q(replaySubject(settings.prefix, partner.id))} } }`);
    push('    ]');
    push('  }');
  }
  push('}');
  push('');
  return lines.join('\n');
}
