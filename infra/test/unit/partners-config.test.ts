import { describe, expect, it } from 'vitest';
import { allContracts } from '@sanshe/events';
import {
  loadRegistry,
  parseRegistry,
  partnerAccount,
  partnerConsumerConfig,
  partnerDurable,
  partnerPublishAllow,
  renderServerConfig,
  RegistryError,
} from '../../src/partners/index.ts';

const settings = {
  prefix: 'sanshe',
  stream: 'SANSHE_EVENTS',
  serverName: 'test',
  host: '127.0.0.1',
  port: 4223,
  websocketHost: '127.0.0.1',
  websocketPort: 4280,
  storeDir: '/tmp/x',
  syncInterval: 'always',
  monitorPort: 0,
};

describe('partner registry', () => {
  it('the committed registry names only existing event contracts', () => {
    const registry = loadRegistry();
    expect(registry.partners.length).toBeGreaterThan(0);
    const subjects = new Set(allContracts.map((c) => c.subject));
    for (const partner of registry.partners) for (const event of partner.events) expect(subjects.has(event), `${partner.id}: ${event}`).toBe(true);
  });

  it('refuses unknown events, duplicate ids and bad ids', () => {
    const partner = { id: 'a-b', name: 'A', kind: 'foundation', contact: 'x', events: ['funding.grant.awarded.v1'] };
    expect(() => parseRegistry({ partners: [{ ...partner, events: ['funding.grant.awarded.v9'] }] })).toThrow(RegistryError);
    expect(() => parseRegistry({ partners: [partner, partner] })).toThrow(/appears twice/);
    expect(() => parseRegistry({ partners: [{ ...partner, id: 'A_B' }] })).toThrow(RegistryError);
    expect(parseRegistry({ partners: [partner] }).partners[0]!.delivery).toEqual({ maxDeliver: 10, ackWaitSeconds: 30, maxAckPending: 100, deliverFrom: 'all' });
  });
});

describe('generated nats-server configuration', () => {
  const registry = parseRegistry({
    partners: [
      { id: 'alpha', name: 'Alpha', kind: 'foundation', contact: 'a', events: ['funding.grant.awarded.v1', 'self-governance.region.registered.v1'] },
      { id: 'beta', name: 'Beta', kind: 'bureau', contact: 'b', events: ['funding.subsidy.paid.v1'], replay: { selfService: false } },
    ],
  });
  const config = renderServerConfig(registry, { adminUser: 'admin', adminPassword: 'pw1', platformUser: 'platform', platformPassword: 'pw2' }, { alpha: 'UALPHA', beta: 'UBETA' }, settings);

  it('puts each partner in an account of its own that imports only its own durable, acks and replay subject', () => {
    expect(config).toContain(`${partnerAccount('alpha')} {`);
    expect(config).toContain(`{ service: "$JS.API.CONSUMER.MSG.NEXT.SANSHE_EVENTS.partner-alpha", response_type: "stream", accounts: ["PARTNER_ALPHA"] }`);
    expect(config).toContain('{ service: { account: "EVENTS", subject: "sanshe-partners.alpha.replay" } }');
    expect(config).not.toContain('sanshe-partners.beta.replay'); // self-service replay off
    const alphaAccount = config.slice(config.indexOf('PARTNER_ALPHA {'), config.indexOf('PARTNER_BETA {'));
    expect(alphaAccount).not.toContain('partner-beta');
    expect(alphaAccount).not.toMatch(/jetstream/);
    expect(alphaAccount).toContain('allowed_connection_types: ["WEBSOCKET"]');
  });

  it('allows a partner to publish only to its own consumer API, acks and replay request', () => {
    expect(partnerPublishAllow(settings, 'alpha', true)).toEqual([
      'JS.EVENTS.API.CONSUMER.INFO.SANSHE_EVENTS.partner-alpha',
      'JS.EVENTS.API.CONSUMER.MSG.NEXT.SANSHE_EVENTS.partner-alpha',
      '$JS.ACK.SANSHE_EVENTS.partner-alpha.>',
      'sanshe-partners.alpha.replay',
    ]);
  });

  it('fsyncs every write and keeps the platform on the loopback client port', () => {
    expect(config).toMatch(/sync_interval: always/);
    // No anonymous connection is anyone: the services present the platform user.
    expect(config).not.toContain('no_auth_user');
    expect(config).toMatch(/user: "platform", password: "pw2", allowed_connection_types: \["STANDARD"\]/);
  });

  it("filters each partner's consumer to its registry events", () => {
    const alpha = partnerConsumerConfig(registry.partners[0]!, 'sanshe');
    expect(alpha.durable_name).toBe(partnerDurable('alpha'));
    expect(alpha.filter_subjects).toEqual(['sanshe.funding.grant.awarded.v1', 'sanshe.self-governance.region.registered.v1']);
    expect(alpha.max_deliver).toBe(10);
  });
});
