import DataLoader from 'dataloader';
import type { AnyPgTx } from '../outbox/record-event.ts';
import { auditLog } from './audit-table.ts';

type AuditRow = typeof auditLog.$inferInsert;

/**
 * A request's handle for the audit lines of personal-data reads (`recordAudit` / `revealPersonal`
 * write through it): each `insert(auditLog).values(row)` joins the request's batch, and the batch
 * is one multi-row insert — one statement per tick of the request, however many personal fields a
 * page of volunteers or residents reveals, where a line per field would make the statement count
 * grow with the list. A failed insert fails every field waiting on it, so nothing is revealed that
 * was not logged. Made per request (in the loaders), never shared: a batch belongs to one caller.
 *
 * Mutations keep writing their audit line with their own transaction (recordAudit(tx, …)): it
 * must commit or roll back with the change.
 */
export function batchedAuditHandle(db: AnyPgTx): AnyPgTx {
  const batch = new DataLoader<AuditRow, true>(
    async (rows) => {
      await db.insert(auditLog).values([...rows]);
      return rows.map(() => true as const);
    },
    { cache: false },
  );
  const handle = {
    insert(table: unknown) {
      if (table !== auditLog) throw new Error('the personal-data audit handle writes the audit log only');
      return { values: (row: AuditRow) => batch.load(row) };
    },
  };
  return handle as unknown as AnyPgTx;
}
