// `pnpm asyncapi`: the AsyncAPI 3.0 document of the platform's events, generated from the event
// contracts (packages/events), with a readable HTML page and the partner SDK's typed catalog.
//
//   docs/asyncapi/asyncapi.json                     channels = NATS subjects, messages = CloudEvents
//                                                   whose `data` is the contract's JSON Schema
//   docs/asyncapi/index.html                        the same, as a static page (no scripts, no network)
//   packages/partner-sdk/src/catalog.generated.ts   CloudEvents type → contract, for typed events
//
// All three are committed; infra/test/unit/asyncapi.test.ts fails when one is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import * as events from '@sanshe/events';
import type { EventContract } from '@sanshe/events';
import { REPO_ROOT } from '../local/paths.ts';
import { exampleFor, stableUuid, type JsonSchema } from './examples.ts';
import { renderAsyncApiHtml } from './asyncapi-html.ts';

export const ASYNCAPI_JSON_PATH = join(REPO_ROOT, 'docs', 'asyncapi', 'asyncapi.json');
export const ASYNCAPI_HTML_PATH = join(REPO_ROOT, 'docs', 'asyncapi', 'index.html');
export const SDK_CATALOG_PATH = join(REPO_ROOT, 'packages', 'partner-sdk', 'src', 'catalog.generated.ts');

/** The contract modules of @sanshe/events, by the name they are exported under. */
const MODULES = {
  selfGovernance: events.selfGovernance,
  organizations: events.organizations,
  partyBuilding: events.partyBuilding,
  socialWork: events.socialWork,
  funding: events.funding,
} as const;

export interface ContractEntry {
  contract: EventContract;
  module: keyof typeof MODULES;
  exportName: string;
}

function isContract(value: unknown): value is EventContract {
  return typeof value === 'object' && value !== null && 'subject' in value && 'schema' in value && 'producer' in value;
}

/** Every contract with where it is exported: by producer, then by subject. */
export function contractEntries(): ContractEntry[] {
  const entries: ContractEntry[] = [];
  for (const [module, namespace] of Object.entries(MODULES) as [keyof typeof MODULES, Record<string, unknown>][]) {
    for (const [exportName, value] of Object.entries(namespace)) {
      if (isContract(value)) entries.push({ contract: value, module, exportName });
    }
  }
  // Sorted here: the order of a module namespace's keys differs between Node (alphabetical) and
  // vitest (declaration order), and the generated files must not depend on who generates them.
  const producer = (c: EventContract) => PRODUCERS.indexOf(c.producer);
  return entries.sort((a, b) => producer(a.contract) - producer(b.contract) || (a.contract.subject < b.contract.subject ? -1 : a.contract.subject > b.contract.subject ? 1 : 0));
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const camel = (s: string) => {
  const p = pascal(s);
  return p[0]!.toLowerCase() + p.slice(1);
};

export const DEFAULT_PREFIX = 'sanshe';

// zod writes its own (long) regular expression beside these formats; the format says it.
const FORMATS_WITHOUT_PATTERN = new Set(['uuid', 'date', 'date-time', 'email']);

function dropFormatPatterns(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropFormatPatterns(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as JsonSchema;
  if (typeof schema.format === 'string' && FORMATS_WITHOUT_PATTERN.has(schema.format)) delete schema.pattern;
  for (const value of Object.values(schema)) dropFormatPatterns(value);
}

/** JSON Schema (draft-07, AsyncAPI's default schema format) of a contract's `data`. */
export function dataSchema(contract: EventContract): JsonSchema {
  const schema = z.toJSONSchema(contract.schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as JsonSchema;
  delete schema.$schema;
  dropFormatPatterns(schema);
  return schema;
}

/** An example CloudEvent for the contract, or undefined when no generated example satisfies it. */
export function exampleEvent(contract: EventContract, schema: JsonSchema): Record<string, unknown> | undefined {
  const data = exampleFor(schema, 'data', contract.type);
  if (!contract.schema.safeParse(data).success) return undefined;
  const values = data as Record<string, unknown>;
  const subjectKey = Object.keys(values).find((k) => k === 'code' || k.endsWith('Id')) ?? Object.keys(values)[0];
  return {
    specversion: '1.0',
    id: stableUuid(`event:${contract.type}`),
    source: `/sanshe/${contract.producer}`,
    type: contract.type,
    time: '2026-05-01T08:00:00.000Z',
    subject: String((subjectKey && values[subjectKey]) ?? stableUuid(`subject:${contract.type}`)),
    datacontenttype: 'application/json',
    data,
  };
}

/** The CloudEvents 1.0 envelope (structured JSON) every message shares. */
const CLOUD_EVENT_SCHEMA = {
  type: 'object',
  description: 'CloudEvents 1.0, structured JSON mode.',
  required: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', format: 'uuid', description: 'Unique per event; the same on every delivery, redelivery and replay: dedupe on it.' },
    source: { type: 'string', description: '`/sanshe/<producer>`: the service that owns the event.' },
    type: { type: 'string', description: '`cn.sanshe.<producer>.<aggregate>.<action>.v<N>`' },
    time: { type: 'string', format: 'date-time', description: 'When the change was committed.' },
    subject: { type: 'string', minLength: 1, description: 'The entity the event is about (an id or a region code).' },
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
  },
};

export const PRODUCERS = ['self-governance', 'organizations', 'party-building', 'social-work', 'funding'] as const;

const DESCRIPTION = `Domain events of the 三社联动 community-governance platform (communities, social organizations,
social workers, party building, funding), for partner agencies: foundations, social-work agencies,
other bureaus.

**Wire format.** CloudEvents 1.0, structured JSON mode: one JSON object per NATS message with
\`specversion\`, \`id\`, \`source\`, \`type\`, \`time\`, \`subject\`, \`datacontenttype\` and \`data\`.

**Naming.** Contract \`<producer>.<aggregate>.<action>\`, version \`N\`:
NATS subject \`<prefix>.<producer>.<aggregate>.<action>.v<N>\` (this document uses the prefix \`sanshe\`);
CloudEvents \`type\` \`cn.sanshe.<producer>.<aggregate>.<action>.v<N>\`; CloudEvents \`source\`
\`/sanshe/<producer>\`; CloudEvents \`subject\` the id or code of the entity the event is about.
A breaking change to \`data\` is a new version on a new channel, published beside the old one.

**Delivery.** Each partner pulls from one durable JetStream consumer the platform created for it,
filtered to the event types it is registered for, with its own credentials (nkey) over WebSocket.
Delivery is at least once: dedupe on \`id\`. Events are kept 30 days; an administrator (or the partner,
through the replay request) can restart the consumer from a time or a stream sequence. Deliveries not
acknowledged after the partner's \`maxDeliver\` attempts go to the platform's dead letters and can be
re-driven. See the README, "Partner agencies".`;

export function buildAsyncApi(prefix = DEFAULT_PREFIX): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const { contract } of contractEntries()) {
    const id = camel(contract.subject);
    const dataName = `${pascal(contract.subject)}Data`;
    const schema = dataSchema(contract);
    schemas[dataName] = schema;
    const example = exampleEvent(contract, schema);
    messages[id] = {
      name: contract.type,
      title: `${contract.name} v${contract.version}`,
      summary: contract.description,
      traits: [{ $ref: '#/components/messageTraits/cloudEventOverNats' }],
      payload: {
        allOf: [
          { $ref: '#/components/schemas/CloudEvent' },
          {
            type: 'object',
            properties: {
              source: { const: `/sanshe/${contract.producer}` },
              type: { const: contract.type },
              data: { $ref: `#/components/schemas/${dataName}` },
            },
          },
        ],
      },
      ...(example ? { examples: [{ name: 'example', summary: `A ${contract.name} event`, payload: example }] } : {}),
      'x-contract': { name: contract.name, version: contract.version, producer: contract.producer },
    };
    channels[id] = {
      address: `${prefix}.${contract.subject}`,
      title: contract.type,
      summary: contract.description,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      tags: [{ name: contract.producer }],
    };
    operations[`send${pascal(contract.subject)}`] = {
      action: 'send',
      title: `${contract.producer} publishes ${contract.name} v${contract.version}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: '三社联动 platform events',
      version: '1.0.0',
      description: DESCRIPTION,
      tags: PRODUCERS.map((p) => ({ name: p, description: `Events the ${p} service publishes.` })),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      partners: {
        host: 'events.sanshe.example',
        protocol: 'wss',
        description:
          'The partner listener: NATS over WebSocket (TLS in production). Authenticate with the nkey in your credentials file; JetStream API under the prefix JS.EVENTS.API; pull from your own durable consumer only.',
        security: [{ $ref: '#/components/securitySchemes/partnerNkey' }],
      },
      local: {
        host: '127.0.0.1:4280',
        protocol: 'ws',
        description: 'The same on a development machine (`pnpm partners server`).',
        security: [{ $ref: '#/components/securitySchemes/partnerNkey' }],
      },
    },
    channels,
    operations,
    components: {
      schemas: { CloudEvent: CLOUD_EVENT_SCHEMA, ...schemas },
      messages,
      messageTraits: {
        cloudEventOverNats: {
          contentType: 'application/cloudevents+json',
          headers: {
            type: 'object',
            properties: {
              'Nats-Msg-Id': {
                type: 'string',
                description:
                  "JetStream's deduplication key: the CloudEvent id when the platform publishes the event; `redrive:…` when it is re-driven from the dead letters (the CloudEvent id is unchanged).",
              },
            },
          },
        },
      },
      securitySchemes: {
        partnerNkey: {
          type: 'asymmetricEncryption',
          description:
            "NATS nkey (Ed25519): the server sends a nonce, the client signs it with the partner's seed. The seed is in the partner's credentials file; the platform keeps only the public key.",
        },
      },
    },
  };
}

export function renderAsyncApiJson(prefix = DEFAULT_PREFIX): string {
  return `${JSON.stringify(buildAsyncApi(prefix), null, 2)}\n`;
}

export function renderSdkCatalog(): string {
  const entries = contractEntries();
  const used = [...new Set(entries.map((e) => e.module))].sort();
  const lines = [
    '// Generated by `pnpm asyncapi` (infra/src/partners/asyncapi.ts) from packages/events. Do not edit.',
    `import { ${used.join(', ')} } from '@sanshe/events';`,
    '',
    '/** Every event contract, by its CloudEvents `type`. */',
    'export const catalog = {',
    ...entries.map((e) => `  '${e.contract.type}': ${e.module}.${e.exportName},`),
    '} as const;',
    '',
  ];
  return lines.join('\n');
}

export function renderAll(): { json: string; html: string; catalog: string } {
  const doc = buildAsyncApi();
  return { json: `${JSON.stringify(doc, null, 2)}\n`, html: renderAsyncApiHtml(doc), catalog: renderSdkCatalog() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { json, html, catalog } = renderAll();
  writeFileSync(ASYNCAPI_JSON_PATH, json);
  writeFileSync(ASYNCAPI_HTML_PATH, html);
  writeFileSync(SDK_CATALOG_PATH, catalog);
  const doc = JSON.parse(json) as { channels: Record<string, unknown>; components: { messages: Record<string, { examples?: unknown[] }> } };
  const withExamples = Object.values(doc.components.messages).filter((m) => m.examples).length;
  console.log(
    `wrote ${ASYNCAPI_JSON_PATH}, ${ASYNCAPI_HTML_PATH} and ${SDK_CATALOG_PATH}: ${Object.keys(doc.channels).length} channels, ${withExamples} with examples`,
  );
}
