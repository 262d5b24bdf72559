import type { DatabaseHandle } from '@sanshe/service-kit';

type Sql = DatabaseHandle<Record<string, unknown>>['sql'];

/**
 * The ledger's invariants, checked with SQL over the whole funding database:
 * - every journal transaction has two or more entries and balances (debits = credits);
 * - no fund, grant or pledge account, and no payee, was ever negative — not only at the end:
 *   the running balance in booking order (entry id) never dips below zero; no source ever holds money;
 * - every grant: paid (net of refunds) ≤ disbursed ≤ awarded, and payable = awarded − disbursed − released;
 * - every entry's running balance (computed by the database, migration 0007) is the sum of its
 *   account's entries up to and including it, in booking order.
 */
export async function ledgerViolations(service: { database: { sql: Sql } }) {
  const sql = service.database.sql;
  const unbalanced = await sql`
    select t.id, count(e.id)::int as entries, coalesce(sum(e.amount_fen), 0)::text as total
    from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
    group by t.id having count(e.id) < 2 or coalesce(sum(e.amount_fen), 0) <> 0`;
  const overdrawn = await sql`
    select account, type, min(running)::text as lowest, max(running)::text as highest from (
      select e.account, a.type, sum(e.amount_fen) over (partition by e.account order by e.id) as running
      from ledger_entries e join ledger_accounts a on a.code = e.account
    ) r
    group by account, type
    having (type <> 'source' and min(running) < 0) or (type = 'source' and max(running) > 0)`;
  const misbooked = await sql`
    select id, account, balance_after_fen::text as recorded, running::text as running from (
      select e.id, e.account, e.balance_after_fen, sum(e.amount_fen) over (partition by e.account order by e.id) as running
      from ledger_entries e
    ) r
    where balance_after_fen <> running`;
  const grants = await sql`
    select g.id, g.amount_fen::text as awarded,
      coalesce(sum(e.amount_fen) filter (where a.type = 'payee'), 0)::text as paid,
      coalesce(sum(e.amount_fen) filter (where a.type = 'grant_payable'), 0)::text as payable,
      coalesce(-sum(e.amount_fen) filter (where a.type = 'grant_payable' and t.kind = 'release'), 0)::text as released,
      coalesce(sum(e.amount_fen) filter (where a.type = 'grant_payable' and t.kind = 'commitment'), 0)::text as committed,
      coalesce(-sum(e.amount_fen) filter (where a.type = 'grant_payable' and t.kind = 'disbursement'), 0)::text as disbursed
    from grants g
    left join ledger_transactions t on t.grant_id = g.id
    left join ledger_entries e on e.transaction_id = t.id
    left join ledger_accounts a on a.code = e.account
    group by g.id`;
  const badGrants = grants.filter((g) => {
    const [awarded, paid, payable, released, committed, disbursed] = [g.awarded, g.paid, g.payable, g.released, g.committed, g.disbursed].map(BigInt) as bigint[] as [
      bigint, bigint, bigint, bigint, bigint, bigint,
    ];
    // paid is net of refunds, so paid ≤ disbursed ≤ awarded.
    return paid < 0n || paid > disbursed || disbursed > awarded || committed !== awarded || payable !== awarded - disbursed - released || payable < 0n;
  });
  return { unbalanced: [...unbalanced], overdrawn: [...overdrawn], misbooked: [...misbooked], badGrants, grantsChecked: grants.length };
}
