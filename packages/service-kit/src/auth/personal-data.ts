import type { Identity } from '../identity.ts';
import type { AnyPgTx } from '../outbox/record-event.ts';
import { recordAudit } from './audit.ts';
import { mayReadPersonalData } from './policy.ts';

/**
 * One personal-data field's value for this caller: unmasked (and the read written to the audit
 * log) when the caller's role and scope allow it for `regionCode`, masked otherwise.
 */
export async function revealPersonal(
  ctx: { identity: Identity; db: AnyPgTx },
  value: string | null,
  options: { regionCode: string; mask: (value: string) => string; entity: string; entityId: string; field: string },
): Promise<string | null> {
  if (value === null) return null;
  if (!mayReadPersonalData(ctx.identity, options.regionCode)) return options.mask(value);
  await recordAudit(ctx.db, ctx.identity, {
    kind: 'personal_data_read',
    operation: `${options.entity}.${options.field}`,
    entity: options.entity,
    entityId: options.entityId,
  });
  return value;
}
