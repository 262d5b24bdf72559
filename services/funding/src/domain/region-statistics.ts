import { sql } from 'drizzle-orm';
import { batchByPeriod, regionBounds, type StatisticsKey } from '@sanshe/service-kit';
import type { Queryable } from '../context.ts';
import type { ProgrammeMoneyRow } from './money-report.ts';
import { fenFromSum } from './money.ts';

/** Funding's part of `RegionStatistics` for one region and period (README, "Statistics"). */
export interface FundingStatistics {
  id: string;
  grantsAwarded: number;
  awardedFen: number;
  paidFen: number;
  /** Per programme (`programmeId` null: money paid outside programmes), in programme creation order, null last. */
  moneyByProgramme: ProgrammeMoneyRow[];
  microFundSpentFen: number;
}

interface Row extends Record<string, unknown> {
  code: string;
  programme_id: string | null;
  grants: number;
  awarded: string;
  paid: string;
  micro: string;
}

/**
 * The payment kinds: what moves money into payee accounts (or back out of them, for refunds).
 * Written into the statement, not bound: the planner must see that `ledger_transactions_payments_idx`
 * (a partial index on exactly these kinds) applies, also to a cached generic plan.
 */
const PAYMENT_KINDS = sql.raw(['disbursement', 'refund', 'subsidy', 'micro_spend'].map((k) => `'${k}'`).join(', '));

/**
 * Funding's statistics for any number of regions: ONE statement per distinct period, however
 * many regions. The same money as `moneyByRegion` (money-report.ts) — awarded = awards made,
 * paid = the net flow into payee accounts — but for a whole batch of regions at once: each
 * community's flows are added up once (within the range of community codes the batch spans, so
 * the indexes apply: grants by community code and award time, `ledger_transactions_payments_idx`
 * by community code and booking time), then handed to the community's district, street and
 * community (its 6-, 9- and 12-digit prefixes), joined by equality to the regions asked for.
 *
 *   awards     grants whose award time lies in [startsAt, endsAt) — a grant terminated later still
 *              was awarded then; its amount is the commitment booked with it
 *   payments   payee entries of disbursements, subsidies and micro-wish spends, less refunds,
 *              whose transaction happened in [startsAt, endsAt)
 *   micro-fund the micro_spend part of the payments
 */
export async function fundingStatistics(db: Queryable, keys: readonly StatisticsKey[]): Promise<Map<string, FundingStatistics>> {
  const result = new Map<string, FundingStatistics>();
  for (const batch of batchByPeriod(keys)) {
    const { lo, hi } = regionBounds(batch.regionCodes);
    const codes = sql.join(
      batch.regionCodes.map((c) => sql`${c}`),
      sql`, `,
    );
    const startsAt = sql`${batch.startsAt.toISOString()}::timestamptz`;
    const endsAt = sql`${batch.endsAt.toISOString()}::timestamptz`;
    const rows = (await db.execute(sql`
      with targets(code) as (select distinct unnest(array[${codes}]::text[])),
      flows(community, programme_id, grants, awarded, paid, micro) as (
        select g.community_code, g.programme_id, count(*), sum(g.amount_fen), 0, 0
        from grants g
        where g.community_code between ${lo} and ${hi} and g.awarded_at >= ${startsAt} and g.awarded_at < ${endsAt}
        group by g.community_code, g.programme_id
        union all
        select t.community_code, t.programme_id, 0, 0, sum(e.amount_fen), coalesce(sum(e.amount_fen) filter (where t.kind = 'micro_spend'), 0)
        from ledger_transactions t
        -- payee:* accounts (domain/ledger/accounts.ts): what reached grantees, joint branches and micro-wishes.
        join ledger_entries e on e.transaction_id = t.id and e.account like 'payee:%'
        where t.kind in (${PAYMENT_KINDS}) and t.community_code between ${lo} and ${hi} and t.occurred_at >= ${startsAt} and t.occurred_at < ${endsAt}
        group by t.community_code, t.programme_id
      )
      select r.code, f.programme_id,
        sum(f.grants)::int as grants, sum(f.awarded)::text as awarded, sum(f.paid)::text as paid, sum(f.micro)::text as micro
      from flows f
      -- A community's flows also count for its street and district: its code's prefixes.
      cross join lateral (select distinct left(f.community, n) as code from unnest(array[6, 9, 12]) as n) up
      join targets r on r.code = up.code
      left join programmes p on p.id = f.programme_id
      group by r.code, f.programme_id, p.created_at
      order by r.code, p.created_at nulls last, f.programme_id
    `)) as unknown as Row[];
    const byRegion = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byRegion.get(row.code);
      if (list) list.push(row);
      else byRegion.set(row.code, [row]);
    }
    for (const key of keys) {
      if (key.from !== batch.from || key.to !== batch.to) continue;
      result.set(key.id, statisticsOf(key.id, byRegion.get(key.regionCode) ?? []));
    }
  }
  return result;
}

function statisticsOf(id: string, rows: readonly Row[]): FundingStatistics {
  const figures: FundingStatistics = { id, grantsAwarded: 0, awardedFen: 0, paidFen: 0, moneyByProgramme: [], microFundSpentFen: 0 };
  for (const row of rows) {
    const money: ProgrammeMoneyRow = { programmeId: row.programme_id, awardedFen: fenFromSum(row.awarded), paidFen: fenFromSum(row.paid), grantCount: row.grants };
    figures.grantsAwarded += money.grantCount;
    figures.awardedFen += money.awardedFen;
    figures.paidFen += money.paidFen;
    figures.microFundSpentFen += fenFromSum(row.micro);
    figures.moneyByProgramme.push(money);
  }
  return figures;
}
