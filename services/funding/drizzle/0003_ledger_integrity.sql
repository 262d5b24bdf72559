-- The ledger's rules, enforced by the database as well as by the code that writes it
-- (src/domain/ledger/journal.ts). See src/domain/ledger/accounts.ts for the chart of accounts.
--
-- 1. Every journal transaction has at least two entries and its entries sum to zero (debits =
--    credits). Checked by DEFERRED constraint triggers, i.e. at COMMIT, after all entries of the
--    transaction were inserted: a transaction that does not balance cannot commit.
-- 2. No account ends a database transaction on its wrong side: money in a fund, in a grant's or
--    pledge's payable account and paid to a payee is never negative; a source account is never
--    positive (it only gives). Also deferred. (The code's row locks are what make this hold under
--    concurrency; this check is the last line of defence.)
-- 3. The ledger is append-only: entries and transactions are never updated or deleted. A mistake
--    is corrected by a further, reversing transaction.

ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_type_check"
  CHECK ("type" IN ('source', 'fund_available', 'grant_payable', 'pledge_payable', 'payee'));
--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_kind_check"
  CHECK ("kind" IN ('deposit', 'transfer', 'commitment', 'release', 'disbursement', 'refund', 'subsidy', 'pledge', 'micro_spend'));
--> statement-breakpoint
CREATE FUNCTION ledger_check_transaction(tx uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  total numeric;
BEGIN
  SELECT count(*), coalesce(sum(amount_fen), 0) INTO n, total FROM ledger_entries WHERE transaction_id = tx;
  IF n < 2 THEN
    RAISE EXCEPTION 'ledger transaction % has % entries; a journal transaction needs at least two', tx, n
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
  END IF;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance: debits minus credits = % fen', tx, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION ledger_transactions_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_check_transaction(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced
  AFTER INSERT ON ledger_transactions DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_transactions_balanced();
--> statement-breakpoint
CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  side text;
  balance numeric;
BEGIN
  -- An entry added to a transaction committed earlier unbalances it: checked here too.
  PERFORM ledger_check_transaction(NEW.transaction_id);
  SELECT type INTO side FROM ledger_accounts WHERE code = NEW.account;
  SELECT coalesce(sum(amount_fen), 0) INTO balance FROM ledger_entries WHERE account = NEW.account;
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
CREATE CONSTRAINT TRIGGER ledger_entries_balanced
  AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_balanced();
--> statement-breakpoint
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused; post a reversing transaction instead', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
-- Backfill: programmes, grants and subsidies written before the ledger existed get the journal
-- entries they would have had. Each programme gets a fund of its own holding its budget (what
-- createProgramme does today without a fundId); each grant a commitment and one tranche of its
-- whole amount; each subsidy its district's party service fund, appropriated and paid.
DO $$
DECLARE
  p record;
  g record;
  s record;
  f uuid;
  t uuid;
  src text;
  district text;
BEGIN
  FOR p IN SELECT * FROM programmes WHERE fund_id IS NULL ORDER BY created_at, id LOOP
    src := CASE WHEN p.kind = 'party_building_subsidy' THEN 'party_service' ELSE 'district_budget' END;
    INSERT INTO funds (name, source, purpose, created_at) VALUES (p.name || '专项资金', src, 'general', p.created_at) RETURNING id INTO f;
    UPDATE programmes SET fund_id = f WHERE id = p.id;
    INSERT INTO ledger_accounts (code, type, fund_id) VALUES ('fund:' || f || ':available', 'fund_available', f);
    INSERT INTO ledger_accounts (code, type) VALUES ('source:' || src, 'source') ON CONFLICT DO NOTHING;
    IF p.budget_fen > 0 THEN
      INSERT INTO ledger_transactions (kind, memo, fund_id, programme_id, occurred_at)
        VALUES ('deposit', '项目预算入账（迁移补记）', f, p.id, p.created_at) RETURNING id INTO t;
      INSERT INTO ledger_entries (transaction_id, account, amount_fen)
        VALUES (t, 'fund:' || f || ':available', p.budget_fen), (t, 'source:' || src, -p.budget_fen);
    END IF;
  END LOOP;

  FOR g IN SELECT gr.*, pr.fund_id AS programme_fund FROM grants gr JOIN programmes pr ON pr.id = gr.programme_id
           WHERE gr.fund_id IS NULL ORDER BY gr.awarded_at, gr.id LOOP
    UPDATE grants SET fund_id = g.programme_fund, updated_at = g.awarded_at WHERE id = g.id;
    INSERT INTO ledger_accounts (code, type, fund_id, grant_id) VALUES ('grant:' || g.id || ':payable', 'grant_payable', g.programme_fund, g.id);
    INSERT INTO tranches (grant_id, seq, amount_fen, milestone) VALUES (g.id, 1, g.amount_fen, '全额拨付');
    INSERT INTO ledger_transactions (kind, memo, fund_id, programme_id, grant_id, community_code, occurred_at)
      VALUES ('commitment', '资助决定（迁移补记）', g.programme_fund, g.programme_id, g.id, g.community_code, g.awarded_at) RETURNING id INTO t;
    INSERT INTO ledger_entries (transaction_id, account, amount_fen)
      VALUES (t, 'grant:' || g.id || ':payable', g.amount_fen), (t, 'fund:' || g.programme_fund || ':available', -g.amount_fen);
  END LOOP;

  FOR s IN SELECT * FROM subsidy_payments WHERE transaction_id IS NULL ORDER BY paid_at LOOP
    district := left(s.community_code, 6);
    SELECT id INTO f FROM funds WHERE purpose = 'party_service' AND region_code = district;
    IF f IS NULL THEN
      INSERT INTO funds (name, source, purpose, region_code)
        VALUES (coalesce((SELECT name FROM known_regions WHERE code = district), district) || '党组织服务群众专项经费', 'party_service', 'party_service', district)
        RETURNING id INTO f;
      INSERT INTO ledger_accounts (code, type, fund_id) VALUES ('fund:' || f || ':available', 'fund_available', f);
    END IF;
    INSERT INTO ledger_accounts (code, type) VALUES ('source:party_service', 'source') ON CONFLICT DO NOTHING;
    INSERT INTO ledger_accounts (code, type) VALUES ('payee:party-organization:' || s.party_organization_id, 'payee') ON CONFLICT DO NOTHING;
    INSERT INTO ledger_transactions (kind, memo, fund_id, occurred_at)
      VALUES ('deposit', '党建补助拨款（迁移补记）', f, s.paid_at) RETURNING id INTO t;
    INSERT INTO ledger_entries (transaction_id, account, amount_fen)
      VALUES (t, 'fund:' || f || ':available', s.amount_fen), (t, 'source:party_service', -s.amount_fen);
    INSERT INTO ledger_transactions (kind, memo, fund_id, party_organization_id, community_code, occurred_at)
      VALUES ('subsidy', '联合党支部一次性党建补助（迁移补记）', f, s.party_organization_id, s.community_code, s.paid_at) RETURNING id INTO t;
    INSERT INTO ledger_entries (transaction_id, account, amount_fen)
      VALUES (t, 'payee:party-organization:' || s.party_organization_id, s.amount_fen), (t, 'fund:' || f || ':available', -s.amount_fen);
    UPDATE subsidy_payments SET fund_id = f, transaction_id = t WHERE party_organization_id = s.party_organization_id;
    f := NULL;
  END LOOP;
END $$;
