import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allContracts } from '@sanshe/events';
import { ASYNCAPI_HTML_PATH, ASYNCAPI_JSON_PATH, SDK_CATALOG_PATH, renderAll } from '../../src/partners/asyncapi.ts';

// The AsyncAPI document, its HTML page and the partner SDK's catalog are generated from the event
// contracts and committed; a contract change without `pnpm asyncapi` leaves partners a stale picture.
describe('AsyncAPI document', () => {
  const fresh = renderAll();
  const doc = JSON.parse(fresh.json) as {
    asyncapi: string;
    channels: Record<string, { address: string; title: string }>;
    components: { messages: Record<string, { name: string; examples?: { payload: { type: string; data: unknown } }[] }> };
  };

  it.each([
    ['docs/asyncapi/asyncapi.json', ASYNCAPI_JSON_PATH, fresh.json],
    ['docs/asyncapi/index.html', ASYNCAPI_HTML_PATH, fresh.html],
    ['packages/partner-sdk/src/catalog.generated.ts', SDK_CATALOG_PATH, fresh.catalog],
  ])('%s is up to date with packages/events', (name, path, content) => {
    expect(readFileSync(path, 'utf8') === content, `run \`pnpm asyncapi\` and commit ${name}`).toBe(true);
  });

  it('is a valid AsyncAPI 3.0 document', () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as new (options: object) => { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown } };
    const addFormats = require('ajv-formats') as (ajv: unknown) => void;
    const schema = JSON.parse(readFileSync(require.resolve('@asyncapi/specs/schemas/3.0.0-without-$id.json'), 'utf8')) as unknown;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(doc.asyncapi).toBe('3.0.0');
  });

  it('has one channel per contract, addressed by its NATS subject, carrying its CloudEvents type', () => {
    const addresses = Object.values(doc.channels).map((c) => c.address).sort();
    expect(addresses).toEqual(allContracts.map((c) => `sanshe.${c.subject}`).sort());
    for (const channel of Object.values(doc.channels)) expect(channel.title).toBe(`cn.${channel.address}`);
  });

  it('gives examples that their contract accepts', () => {
    let checked = 0;
    for (const message of Object.values(doc.components.messages)) {
      const example = message.examples?.[0]?.payload;
      if (!example) continue;
      const contract = allContracts.find((c) => c.type === message.name)!;
      expect(example.type).toBe(contract.type);
      expect(contract.schema.safeParse(example.data).success, message.name).toBe(true);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(allContracts.length * 0.9);
  });
});
