// Secrets of the partner-facing server, kept under .local/partners (git-ignored, mode 0600):
//   secrets.json               the admin password (provisioning, replay, dead letters) and the
//                              platform user's password (the services' NATS_USER / NATS_PASSWORD
//                              on the loopback listener; see server-config.ts)
//   credentials/<partner>.json what the partner gets: its nkey seed, servers, stream, durable…
// A partner's nkey pair is created once and kept; delete its file and run `pnpm partners config`
// (then `provision`, which reloads the server) to rotate it.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, fromSeed } from '@nats-io/nkeys';
import { LOCAL_STATE_DIR } from '../local/paths.ts';
import { PARTNER_API_PREFIX, partnerDurable, replaySubject, type Registry } from './registry.ts';

export const DEFAULT_PARTNERS_DIR = join(LOCAL_STATE_DIR, 'partners');

export interface ServerSecrets {
  adminUser: string;
  adminPassword: string;
  platformUser: string;
  platformPassword: string;
}

/** The file a partner receives. The SDK and the `sanshe-partner` CLI read exactly this. */
export interface PartnerCredentialsFile {
  partner: string;
  /** WebSocket URL(s) of the partner listener. */
  servers: string[];
  prefix: string;
  stream: string;
  durable: string;
  apiPrefix: string;
  replaySubject: string;
  /** The nkey seed (SU…): the partner's private key. Never share it. */
  seed: string;
  publicKey: string;
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function loadOrCreateSecrets(dir: string): ServerSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'secrets.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as ServerSecrets;
  const secrets: ServerSecrets = {
    adminUser: 'admin',
    adminPassword: randomBytes(24).toString('base64url'),
    platformUser: 'platform',
    platformPassword: randomBytes(24).toString('base64url'),
  };
  writePrivate(path, `${JSON.stringify(secrets, null, 2)}\n`);
  return secrets;
}

export function credentialsPath(dir: string, partner: string): string {
  return join(dir, 'credentials', `${partner}.json`);
}

/**
 * Writes (or refreshes) every partner's credentials file, keeping existing keys. Returns the
 * public key per partner, which is all the server configuration needs.
 */
export function ensurePartnerCredentials(
  dir: string,
  registry: Registry,
  where: { servers: string[]; prefix: string; stream: string },
): Record<string, PartnerCredentialsFile> {
  mkdirSync(join(dir, 'credentials'), { recursive: true, mode: 0o700 });
  const out: Record<string, PartnerCredentialsFile> = {};
  for (const partner of registry.partners) {
    const path = credentialsPath(dir, partner.id);
    let seed: string;
    if (existsSync(path)) {
      seed = (JSON.parse(readFileSync(path, 'utf8')) as PartnerCredentialsFile).seed;
    } else {
      seed = new TextDecoder().decode(createUser().getSeed());
    }
    const publicKey = fromSeed(new TextEncoder().encode(seed)).getPublicKey();
    const file: PartnerCredentialsFile = {
      partner: partner.id,
      servers: where.servers,
      prefix: where.prefix,
      stream: where.stream,
      durable: partnerDurable(partner.id),
      apiPrefix: PARTNER_API_PREFIX,
      replaySubject: replaySubject(where.prefix, partner.id),
      seed,
      publicKey,
    };
    writePrivate(path, `${JSON.stringify(file, null, 2)}\n`);
    out[partner.id] = file;
  }
  return out;
}
