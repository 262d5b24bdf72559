/**
 * Migration 0003 puts what funding held before the ledger onto it: each programme gets a fund of
 * its own holding its budget, each grant a commitment and one tranche, each subsidy its district's
 * party service fund. Migrates an empty database to 0001, writes rows the old way, migrates on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabaseMigratedTo, testInfra } from '@sanshe/testing';
import { ledgerViolations } from '../factories/ledger-invariants.ts';

const infra = testInfra();
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(!infra.adminUrl)('migration onto the ledger', () => {
  it('backfills programmes, grants and subsidies as balanced journal entries', async () => {
    // As it was before the ledger: only the first two migrations.
    const database = await createDatabaseMigratedTo('funding', '0001_organization_state');
    cleanups.push(() => database.drop());
    const db = database.connect({});
    const sql = db.sql;
    const [programme] = await sql`insert into programmes (name, kind, budget_fen) values ('青山区2017年政府购买服务', 'purchase_of_services', 800000000) returning id`;
    const [empty] = await sql`insert into programmes (name, kind, budget_fen) values ('未使用的项目', 'micro_fund', 0) returning id`;
    await sql`insert into grants (programme_id, title, community_code, amount_fen) values
      (${programme!.id}, '青少年成长支持', '150204004001', 15000000), (${programme!.id}, '居家养老', '150204004002', 5000000)`;
    const branch = randomUUID();
    await sql`insert into known_regions (code, name, level, district_code) values ('150204', '青山区', 'district', '150204')`;
    await sql`insert into subsidy_payments (party_organization_id, community_code, amount_fen) values (${branch}, '150204004001', 300000)`;

    await database.migrateOn();

    const programmes = await sql`select p.name, f.name as fund, f.source from programmes p join funds f on f.id = p.fund_id order by p.name`;
    expect(programmes).toEqual([
      { name: '未使用的项目', fund: '未使用的项目专项资金', source: 'district_budget' },
      { name: '青山区2017年政府购买服务', fund: '青山区2017年政府购买服务专项资金', source: 'district_budget' },
    ]);
    const [available] = await sql`select sum(e.amount_fen)::bigint::text as fen from ledger_entries e join programmes p on e.account = 'fund:' || p.fund_id || ':available' where p.id = ${programme!.id}`;
    expect(available!.fen).toBe(String(800_000_000 - 20_000_000));
    const tranches = await sql`select t.seq, t.amount_fen::int as amount, t.status from tranches t join grants g on g.id = t.grant_id order by amount`;
    expect(tranches).toEqual([
      { seq: 1, amount: 5_000_000, status: 'pending' },
      { seq: 1, amount: 15_000_000, status: 'pending' },
    ]);
    const [subsidy] = await sql`select f.name, f.purpose, f.region_code, t.kind from subsidy_payments s join funds f on f.id = s.fund_id join ledger_transactions t on t.id = s.transaction_id`;
    expect(subsidy).toEqual({ name: '青山区党组织服务群众专项经费', purpose: 'party_service', region_code: '150204', kind: 'subsidy' });
    const [emptyFund] = await sql`select count(*)::int as n from ledger_transactions t join programmes p on p.fund_id = t.fund_id where p.id = ${empty!.id}`;
    expect(emptyFund!.n).toBe(0);
    expect(await ledgerViolations({ database: { sql } })).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [], grantsChecked: 2 });
    const nulls = await sql`select (select count(*)::int from programmes where fund_id is null) as p, (select count(*)::int from grants where fund_id is null) as g`;
    expect(nulls).toEqual([{ p: 0, g: 0 }]);
  });
});
