import type { Identity } from '../identity.ts';
import type { AnyPgTx } from '../outbox/record-event.ts';
import { auditLog } from './audit-table.ts';

export interface AuditRecord {
  kind: 'mutation' | 'personal_data_read';
  operation: string;
  entity?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log. For a mutation, call it with the mutation's transaction so the log
 * line exists exactly when the change does; for a read, with the request's database handle.
 */
export async function recordAudit(db: AnyPgTx, identity: Identity, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    subject: identity.subject,
    roles: identity.roles,
    kind: record.kind,
    operation: record.operation,
    entity: record.entity ?? null,
    entityId: record.entityId ?? null,
    details: record.details ?? null,
  });
}
