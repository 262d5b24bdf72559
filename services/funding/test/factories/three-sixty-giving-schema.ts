import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under native ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * Validators for the 360Giving Data Standard 1.4.3 JSON schemas kept beside the repository
 * (`<repo>/../shared/standards/360giving/`, as in CI).
 *
 * Two adjustments, neither loosening a rule: the files name their meta-schema with `http://`
 * where ajv knows draft 2020-12 as `https://` (the `$schema` line is dropped, ajv's 2020 class
 * is used instead), and the package schema points its items at the 1.4.2 URL of the grant schema
 * whose `$id` is 1.4.3 (the grant schema is registered under both). `strict: false` lets ajv
 * accept the standard's annotation keywords (rollUp, codelist …).
 */
const DIR = fileURLToPath(new URL('../../../../../shared/standards/360giving/', import.meta.url));

function load(name: string): Record<string, unknown> {
  const { $schema: _meta, ...schema } = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;
  return schema;
}

export function threeSixtyGivingValidators(): { validatePackage: ValidateFunction; validateGrant: ValidateFunction } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const grant = load('360-giving-schema.json');
  const pkg = load('360-giving-package-schema.json');
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: String(grant.$id).replace('/1.4.3/', '/1.4.2/') });
  return { validatePackage: ajv.compile(pkg), validateGrant: ajv.getSchema(String(grant.$id))! };
}
