import { selfGovernance as contracts } from '@sanshe/events';
import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import { DomainError, isString, readPage, recordEvent, tablePage, toConnection, type AnyPgTx, type PageArgs } from '@sanshe/service-kit';
import { areaLeaders, buildings, grids, units, type AreaLeaderRow, type BuildingRow, type GridRow, type UnitRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { parsePerson, type PersonInput } from './personal-data.ts';
import { guarded, lockById, optionalEq, requireCommunity } from './store-kit.ts';
import { text, wholeNumber } from './validation.ts';

/**
 * 网格 → 楼栋 → 单元 and the 三长 who collect needs at each level (seed 003). A grid's code is its
 * community's 12 digits followed by its own number in 3 digits (150204001001 + 007).
 */
export const gridCodeOf = (communityCode: string, number: number) => `${communityCode}${String(number).padStart(3, '0')}`;

export async function drawGrid(db: Db, input: { communityCode: string; number: number; name: string }, access: WriteAccess) {
  const number = wholeNumber(input.number, 'input.number', { min: 1, max: 999 });
  const name = text(input.name, 'input.name', { max: 100 });
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const code = gridCodeOf(input.communityCode, number);
    const [row] = await guarded(() => tx.insert(grids).values({ code, communityCode: input.communityCode, name }).returning(), {
      field: 'input.number',
      message: `grid ${code} is already drawn`,
    });
    await recordEvent(tx, contracts.gridDrawn, { gridCode: code, communityCode: input.communityCode, name }, { subject: code });
    await access.audit(tx, 'Grid', code);
    return row!;
  });
}

/** The grid a write names, which must lie in `communityCode` when one is given. */
export async function requireGrid(tx: AnyPgTx, code: string, field: string, communityCode?: string): Promise<GridRow> {
  const [grid] = /^\d{15}$/.test(code) ? await tx.select().from(grids).where(eq(grids.code, code)) : [];
  if (!grid) throw new DomainError('NOT_FOUND', `no grid ${code}`, field);
  if (communityCode !== undefined && grid.communityCode !== communityCode) {
    throw new DomainError('RULE_VIOLATION', `grid ${code} is not in community ${communityCode}`, field);
  }
  return grid;
}

export async function registerBuilding(db: Db, input: { gridCode: string; label: string }, access: WriteAccess) {
  const label = text(input.label, 'input.label', { max: 50 });
  return db.transaction(async (tx) => {
    const grid = await requireGrid(tx, input.gridCode, 'input.gridCode');
    access.allow({ regionCode: grid.communityCode }, 'input.gridCode');
    const [row] = await guarded(() => tx.insert(buildings).values({ gridCode: grid.code, communityCode: grid.communityCode, label }).returning(), {
      field: 'input.label',
      message: `grid ${grid.code} already has a building ${label}`,
    });
    await recordEvent(tx, contracts.buildingRegistered, { buildingId: row!.id, gridCode: grid.code, communityCode: grid.communityCode, label }, { subject: row!.id });
    await access.audit(tx, 'Building', row!.id);
    return row!;
  });
}

export async function registerUnit(db: Db, input: { buildingId: string; label: string }, access: WriteAccess) {
  const label = text(input.label, 'input.label', { max: 50 });
  return db.transaction(async (tx) => {
    const building = await lockById<BuildingRow>(tx, buildings, input.buildingId, 'input.buildingId', 'building');
    access.allow({ regionCode: building.communityCode }, 'input.buildingId');
    const [row] = await guarded(
      () => tx.insert(units).values({ buildingId: building.id, gridCode: building.gridCode, communityCode: building.communityCode, label }).returning(),
      { field: 'input.label', message: `the building already has a unit ${label}` },
    );
    await recordEvent(
      tx,
      contracts.unitRegistered,
      { unitId: row!.id, buildingId: building.id, gridCode: building.gridCode, communityCode: building.communityCode, label },
      { subject: row!.id },
    );
    await access.audit(tx, 'BuildingUnit', row!.id);
    return row!;
  });
}

type Level = AreaLeaderRow['level'];

/** Resolves the area a leader is appointed to: a grid code, or a building or unit id. */
async function locateArea(tx: AnyPgTx, level: Level, area: string) {
  if (level === 'grid') {
    const grid = await requireGrid(tx, area, 'input.areaId');
    return { area: grid.code, gridCode: grid.code, buildingId: null, unitId: null, communityCode: grid.communityCode };
  }
  if (level === 'building') {
    const b = await lockById<BuildingRow>(tx, buildings, area, 'input.areaId', 'building');
    return { area: b.id, gridCode: b.gridCode, buildingId: b.id, unitId: null, communityCode: b.communityCode };
  }
  const u = await lockById<UnitRow>(tx, units, area, 'input.areaId', 'unit');
  return { area: u.id, gridCode: u.gridCode, buildingId: u.buildingId, unitId: u.id, communityCode: u.communityCode };
}

/** Appoints a 网格长, 楼栋长 or 单元长; whoever served there steps down in the same transaction. */
export async function appointAreaLeader(db: Db, input: { level: Level; areaId: string; leader: PersonInput }, access: WriteAccess) {
  const person = parsePerson(input.leader, 'input.leader');
  return db.transaction(async (tx) => {
    const place = await locateArea(tx, input.level, input.areaId);
    access.allow({ regionCode: place.communityCode }, 'input.areaId');
    const now = new Date();
    const [replaced] = await tx
      .update(areaLeaders)
      .set({ steppedDownAt: now })
      .where(and(eq(areaLeaders.area, place.area), isNull(areaLeaders.steppedDownAt)))
      .returning({ id: areaLeaders.id });
    const [row] = await guarded(() => tx.insert(areaLeaders).values({ level: input.level, ...place, ...person, appointedAt: now }).returning(), {
      field: 'input.areaId',
      message: 'another leader was appointed to this area at the same moment',
    });
    await recordEvent(
      tx,
      contracts.areaLeaderAppointed,
      {
        leaderId: row!.id,
        level: input.level,
        gridCode: place.gridCode,
        buildingId: place.buildingId,
        unitId: place.unitId,
        communityCode: place.communityCode,
        replacedLeaderId: replaced?.id ?? null,
      },
      { subject: row!.id },
    );
    await access.audit(tx, 'AreaLeader', row!.id);
    return row!;
  });
}

export async function listGrids(db: Db, communityCode: string, args: PageArgs) {
  const page = readPage(args, isString);
  const where = eq(grids.communityCode, communityCode);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(grids)
      .where(page.after ? and(where, gt(grids.code, page.after)) : where)
      .orderBy(asc(grids.code))
      .limit(page.fetch),
    db.select({ n: count() }).from(grids).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => r.code);
}

export const listBuildings = (db: Db, gridCode: string, args: PageArgs) =>
  tablePage(db, buildings, { time: buildings.createdAt, id: buildings.id, direction: 'asc' }, eq(buildings.gridCode, gridCode), args);

export const listUnits = (db: Db, buildingId: string, args: PageArgs) =>
  tablePage(db, units, { time: units.createdAt, id: units.id, direction: 'asc' }, eq(units.buildingId, buildingId), args);

/** The 三长 serving in a community, optionally of one level, in order of appointment. */
export const listAreaLeaders = (db: Db, communityCode: string, level: Level | null | undefined, args: PageArgs) =>
  tablePage(
    db,
    areaLeaders,
    { time: areaLeaders.appointedAt, id: areaLeaders.id, direction: 'asc' },
    and(eq(areaLeaders.communityCode, communityCode), isNull(areaLeaders.steppedDownAt), optionalEq(areaLeaders.level, level)),
    args,
  );
