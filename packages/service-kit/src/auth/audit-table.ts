import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log: every read of unmasked personal data and every mutation. A trigger in
 * each service's migrations refuses UPDATE and DELETE on it, whoever asks.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    subject: text('subject'),
    roles: text('roles').array().notNull(),
    kind: text('kind', { enum: ['mutation', 'personal_data_read'] }).notNull(),
    operation: text('operation').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    details: jsonb('details'),
  },
  (t) => [index('audit_log_subject_idx').on(t.subject, t.at)],
);

/** SQL for the append-only trigger, put in a custom migration of each service. */
export const AUDIT_APPEND_ONLY_SQL = `
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete or truncate on audit_log
  for each statement execute function audit_log_append_only();
`;
