import { createHash } from 'node:crypto';

/**
 * HSDS needs UUIDs for records this service does not store as rows: one service per service field
 * of an organization, its identifiers and its phone. Each is the organization's UUID XOR a mask
 * derived from a label ("service:elderly", "identifier:credit-code"): deterministic, the same on
 * every request and every machine, and reversible — the organization behind a service id is found
 * by undoing the mask of each possible label. Masks keep the version and variant bits, so a
 * derived id is shaped like the organization's own (v4) UUID.
 */
function mask(label: string): Buffer {
  const bytes = createHash('sha1').update(`sanshe:hsds:${label}`).digest().subarray(0, 16);
  bytes[6]! &= 0x0f;
  bytes[8]! &= 0x3f;
  return bytes;
}

const masks = new Map<string, Buffer>();
const maskOf = (label: string) => masks.get(label) ?? masks.set(label, mask(label)).get(label)!;

function toBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function toUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The derived id of `label` for the organization `organizationId` (its own inverse). */
export function derivedId(organizationId: string, label: string): string {
  const bytes = toBytes(organizationId.toLowerCase());
  const m = maskOf(label);
  for (let i = 0; i < 16; i += 1) bytes[i] = bytes[i]! ^ m[i]!;
  return toUuid(bytes);
}

export const serviceId = (organizationId: string, field: string) => derivedId(organizationId, `service:${field}`);

/** The organization a derived id would come from, for each label. */
export const candidatesFor = (id: string, labels: readonly string[]) => labels.map((label) => ({ label, organizationId: derivedId(id, label) }));
