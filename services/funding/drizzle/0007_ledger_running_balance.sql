-- Migrations run in one transaction: when an earlier migration of the same run wrote ledger entries
-- (0003's backfill of a database from before the ledger), their deferred checks are still pending
-- and ALTER TABLE would refuse. Run those checks now; deferred again at the end of this file.
SET CONSTRAINTS ALL IMMEDIATE;
--> statement-breakpoint
-- Generated from src/db: the running-balance column, and the indexes of the statistics
-- (payments by community and time) and of the award check (a programme's awards and releases).
ALTER TABLE "ledger_entries" ADD COLUMN "balance_after_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "grants_programme_amount_idx" ON "grants" USING btree ("programme_id","amount_fen");--> statement-breakpoint
CREATE INDEX "ledger_transactions_payments_idx" ON "ledger_transactions" USING btree ("community_code","occurred_at","kind","programme_id","id") WHERE "ledger_transactions"."kind" in ('disbursement', 'refund', 'subsidy', 'micro_spend');--> statement-breakpoint
CREATE INDEX "ledger_transactions_releases_idx" ON "ledger_transactions" USING btree ("programme_id") WHERE "ledger_transactions"."kind" = 'release';--> statement-breakpoint
-- Running balances (src/db/ledger-tables.ts). Before this migration every balance check summed
-- all of an account's entries — in the code under the fund's lock and again in the commit-time
-- trigger of 0003 — so a micro-fund's 5,000th pledge read 5,000 entries twice. Now each entry
-- carries its account's balance after it, the database computes it (nobody else), and a balance
-- is one index lookup: the account's latest entry. SUM(amount_fen) still gives the same number.
--
-- 1. Existing entries: the running sum in booking (id) order. The append-only trigger is lifted
--    for this one backfill, inside the migration's transaction.
ALTER TABLE "ledger_entries" DISABLE TRIGGER "ledger_entries_append_only";
--> statement-breakpoint
UPDATE "ledger_entries" e SET "balance_after_fen" = r.running
  FROM (SELECT id, sum(amount_fen) OVER (PARTITION BY account ORDER BY id) AS running FROM "ledger_entries") r
  WHERE r.id = e.id;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ENABLE TRIGGER "ledger_entries_append_only";
--> statement-breakpoint
-- 2. New entries, whoever writes them: lock the account's row (held to the end of the transaction,
--    so writers of one account follow one another), read the latest entry's running balance, add
--    this amount, and number the entry only now — ids of one account then follow the order in
--    which its writers got the lock, and "latest" is "highest id". A running balance given in the
--    INSERT is ignored. FOR NO KEY UPDATE: the entries' foreign-key checks take KEY SHARE on the
--    account row, which must not wait for the lock (see src/domain/locks.ts).
CREATE FUNCTION ledger_entries_running_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous bigint;
BEGIN
  PERFORM 1 FROM ledger_accounts WHERE code = NEW.account FOR NO KEY UPDATE;
  SELECT balance_after_fen INTO previous FROM ledger_entries WHERE account = NEW.account ORDER BY id DESC LIMIT 1;
  NEW.id := nextval(pg_get_serial_sequence('ledger_entries', 'id'));
  NEW.balance_after_fen := coalesce(previous, 0) + NEW.amount_fen;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_running_balance BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_running_balance();
--> statement-breakpoint
-- 3. The commit-time side check of 0003 reads the account's balance from its latest entry instead
--    of summing all its entries (the transaction still holds the account's lock: latest = final).
CREATE OR REPLACE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  side text;
  balance bigint;
BEGIN
  -- An entry added to a transaction committed earlier unbalances it: checked here too.
  PERFORM ledger_check_transaction(NEW.transaction_id);
  SELECT type INTO side FROM ledger_accounts WHERE code = NEW.account;
  SELECT balance_after_fen INTO balance FROM ledger_entries WHERE account = NEW.account ORDER BY id DESC LIMIT 1;
  IF side = 'source' AND balance > 0 THEN
    RAISE EXCEPTION 'account % would hold % fen; a source account only gives', NEW.account, balance
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_side';
  ELSIF side <> 'source' AND balance < 0 THEN
    RAISE EXCEPTION 'account % would be overdrawn: % fen', NEW.account, balance
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_account_side';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
SET CONSTRAINTS ALL DEFERRED;
