/**
 * The Open Referral HSDS 3 JSON schemas (shared/standards/hsds-3, beside the repository) loaded
 * into ajv, and validators for each endpoint's response as openapi.json defines it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under native ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

/** `<repo>/../shared/standards/hsds-3`: the CI checkout has `shared/` beside the repository. */
export const HSDS_DIR = fileURLToPath(new URL('../../../../../shared/standards/hsds-3/', import.meta.url));

const read = (name: string) => JSON.parse(readFileSync(`${HSDS_DIR}${name}`, 'utf8')) as Record<string, any>;

/** How openapi.json refers to each compiled schema. */
const COMPILED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/';
const SCHEMA_FILES = ['organization.json', 'service.json', 'organization_list.json', 'service_list.json'];

/** Keywords of the HSDS schemas that describe the tabular (CSV) form, not the JSON: known, not validated. */
const HSDS_ANNOTATIONS = ['name', 'path', 'datapackage_metadata', 'constraints', 'example', 'core', 'tabular_required', 'datapackage_type'];

export interface HsdsValidators {
  meta: ValidateFunction;
  organizationList: ValidateFunction;
  organization: ValidateFunction;
  serviceList: ValidateFunction;
  service: ValidateFunction;
}

/** Replaces `#/components/schemas/X` with the schema itself (openapi.json is not a JSON Schema document). */
function inlineComponents(node: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineComponents(n, components));
  if (node && typeof node === 'object') {
    const ref = (node as { $ref?: string }).$ref;
    if (ref?.startsWith('#/components/schemas/')) return inlineComponents(components[ref.split('/').at(-1)!], components);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineComponents(v, components)]));
  }
  return node;
}

let cached: HsdsValidators | null = null;

export function hsdsValidators(): HsdsValidators {
  if (cached) return cached;
  const openapi = read('openapi.json');
  // openapi.json declares the 2020-12 dialect for its schemas.
  if (openapi.jsonSchemaDialect !== 'https://json-schema.org/draft/2020-12/schema') throw new Error(`unexpected dialect ${openapi.jsonSchemaDialect}`);
  // Strict, except the openapi list schemas give `properties` without `type: object`.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(HSDS_ANNOTATIONS);
  for (const file of SCHEMA_FILES) ajv.addSchema(read(file), `${COMPILED}${file}`);
  const response = (path: string) => {
    const schema = openapi.paths[path].get.responses['200'].content['application/json'].schema;
    return ajv.compile(inlineComponents(schema, openapi.components.schemas) as object);
  };
  cached = {
    meta: response('/'),
    organizationList: response('/organizations'),
    organization: response('/organizations/{id}'),
    serviceList: response('/services'),
    service: response('/services/{id}'),
  };
  return cached;
}

/** Asserts a body against a validator, with ajv's errors as the message. */
export function assertValid(validate: ValidateFunction, body: unknown, what: string): void {
  if (!validate(body)) throw new Error(`${what} does not match the HSDS schema: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

/** Every key anywhere in a JSON value. */
export function allKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      allKeys(v, into);
    }
  }
  return into;
}
