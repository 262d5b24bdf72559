import { funding as contracts } from '@sanshe/events';
import { and, eq, type SQL } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { funds, type FundRow } from '../db/fund-tables.ts';
import { catalogueItems, programmes, type CatalogueItemRow, type ProgrammeRow } from '../db/programme-tables.ts';
import type { Db } from '../context.ts';
import { translateViolations } from './db-errors.ts';
import { checkCursor, uuidEquals } from './filters.ts';
import { depositInto, insertFund } from './fund-store.ts';
import { findOrRefuse } from './locks.ts';
import { parseFen } from './money.ts';
import { requireRegion } from './regions.ts';
import { optionalText, requiredText } from './rules/text.ts';

export interface CreateProgrammeInput {
  name: string;
  kind: ProgrammeRow['kind'];
  budgetFen: unknown;
  fundId?: string | null;
  fundSource?: FundRow['source'] | null;
  ownerRegionCode?: string | null;
  description?: string | null;
}

const defaultSource = (kind: ProgrammeRow['kind']): FundRow['source'] => (kind === 'party_building_subsidy' ? 'party_service' : 'district_budget');

/**
 * A programme draws on a fund. Named: the programme's budget caps what it may commit out of that
 * fund. Not named (the original API): the programme gets a fund of its own, appropriated its
 * budget from the source, so a programme created as before can award up to its budget as before.
 */
export async function createProgramme(db: Db, input: CreateProgrammeInput): Promise<ProgrammeRow> {
  const name = requiredText(input.name, 'input.name', 2, 100);
  const budgetFen = parseFen(input.budgetFen, 'input.budgetFen');
  const description = optionalText(input.description, 'input.description', 2000);
  if (input.fundId && input.fundSource) throw new DomainError('BAD_USER_INPUT', 'a source is given for a new fund, not an existing one', 'input.fundSource');
  return db.transaction(async (tx) => {
    const ownerRegionCode = input.ownerRegionCode ? (await requireRegion(tx, input.ownerRegionCode, 'input.ownerRegionCode')).code : null;
    const fund = input.fundId
      ? await findOrRefuse((id) => tx.select().from(funds).where(eq(funds.id, id)), input.fundId, 'fund', 'input.fundId')
      : await insertFund(tx, { name: `${name}专项资金`, source: input.fundSource ?? defaultSource(input.kind), purpose: 'general', regionCode: ownerRegionCode });
    const [programme] = (await tx
      .insert(programmes)
      .values({ name, kind: input.kind, budgetFen, fundId: fund.id, ownerRegionCode, description })
      .returning()) as [ProgrammeRow];
    await recordEvent(
      tx,
      contracts.programmeCreated,
      { programmeId: programme.id, fundId: fund.id, name, kind: programme.kind, budgetFen, ownerRegionCode },
      { subject: programme.id },
    );
    if (!input.fundId && budgetFen > 0) await depositInto(tx, fund, budgetFen, `${name}预算入账`, { programmeId: programme.id });
    return programme;
  });
}

export interface ProgrammeFilter {
  kind?: ProgrammeRow['kind'] | null;
  fundId?: string | null;
  ownerRegionCode?: string | null;
}

export function listProgrammes(db: Db, filter: ProgrammeFilter, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(programmes.kind, filter.kind));
  if (filter.fundId) conditions.push(uuidEquals(programmes.fundId, filter.fundId));
  if (filter.ownerRegionCode) conditions.push(eq(programmes.ownerRegionCode, filter.ownerRegionCode));
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, programmes, { time: programmes.createdAt, id: programmes.id, direction: 'desc' }, where, args);
}

export async function addCatalogueItem(
  db: Db,
  input: { programmeId: string; code: string; name: string; category: string; ceilingFen?: unknown },
): Promise<CatalogueItemRow> {
  const code = requiredText(input.code, 'input.code', 1, 20);
  const name = requiredText(input.name, 'input.name', 2, 100);
  const category = requiredText(input.category, 'input.category', 2, 50);
  const ceilingFen = input.ceilingFen == null ? null : parseFen(input.ceilingFen, 'input.ceilingFen', { positive: true });
  return db.transaction(async (tx) => {
    const programme = await findOrRefuse((id) => tx.select().from(programmes).where(eq(programmes.id, id)), input.programmeId, 'programme', 'input.programmeId');
    if (programme.kind !== 'purchase_of_services') {
      throw new DomainError('RULE_VIOLATION', 'only purchase-of-services programmes have a catalogue', 'input.programmeId', { kind: programme.kind });
    }
    const [item] = (await translateViolations(() => tx.insert(catalogueItems).values({ programmeId: programme.id, code, name, category, ceilingFen }).returning(), {
      unique: { catalogue_items_programme_code_key: ['input.code', `the catalogue already has an item ${code}`] },
    })) as [CatalogueItemRow];
    await recordEvent(tx, contracts.catalogueItemAdded, { programmeId: programme.id, catalogueItemId: item.id, code, name, ceilingFen }, { subject: programme.id });
    return item;
  });
}

export function listCatalogue(db: Db, programmeId: string, args: PageArgs) {
  const where = eq(catalogueItems.programmeId, programmeId);
  checkCursor(args);
  return tablePage(db, catalogueItems, { time: catalogueItems.createdAt, id: catalogueItems.id, direction: 'asc' }, where, args);
}
