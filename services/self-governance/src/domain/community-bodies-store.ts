import { selfGovernance as contracts } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import { recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { residentGroups, serviceStations, type ResidentGroupRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { parsePerson, type PersonInput } from './personal-data.ts';
import { guarded, lockById, requireCommunity } from './store-kit.ts';
import { optionalIsoDate, optionalText, text, wholeNumber } from './validation.ts';

/** 社区工作站 (居站分设: the station does public services, the committee self-governance) and 居民小组. */

export async function openServiceStation(
  db: Db,
  input: { communityCode: string; name: string; address?: string | null; openedOn?: string | null; separatedFromCommittee: boolean },
  access: WriteAccess,
) {
  const name = text(input.name, 'input.name', { min: 2, max: 100 });
  const address = optionalText(input.address, 'input.address', { max: 200 });
  const openedOn = optionalIsoDate(input.openedOn, 'input.openedOn');
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [row] = await guarded(
      () =>
        tx
          .insert(serviceStations)
          .values({ communityCode: input.communityCode, name, address, openedOn, separatedFromCommittee: input.separatedFromCommittee })
          .returning(),
      { field: 'input.name', message: `the community already has a station named ${name}` },
    );
    await recordEvent(
      tx,
      contracts.serviceStationOpened,
      { stationId: row!.id, communityCode: row!.communityCode, name, separatedFromCommittee: row!.separatedFromCommittee },
      { subject: row!.id },
    );
    await access.audit(tx, 'CommunityServiceStation', row!.id);
    return row!;
  });
}

export const listServiceStations = (db: Db, communityCode: string, args: PageArgs) =>
  tablePage(
    db,
    serviceStations,
    { time: serviceStations.createdAt, id: serviceStations.id, direction: 'asc' },
    eq(serviceStations.communityCode, communityCode),
    args,
  );

export async function formResidentGroup(
  db: Db,
  input: { communityCode: string; name: string; households?: number | null; leader?: PersonInput | null },
  access: WriteAccess,
) {
  const name = text(input.name, 'input.name', { max: 100 });
  const households = input.households == null ? null : wholeNumber(input.households, 'input.households', { max: 100_000 });
  const leader = input.leader ? parsePerson(input.leader, 'input.leader') : null;
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [row] = await guarded(
      () =>
        tx
          .insert(residentGroups)
          .values({
            communityCode: input.communityCode,
            name,
            households,
            leaderName: leader?.name ?? null,
            leaderPhone: leader?.phone ?? null,
            leaderAppointedAt: leader ? new Date() : null,
          })
          .returning(),
      { field: 'input.name', message: `the community already has a resident group named ${name}` },
    );
    await recordEvent(tx, contracts.residentGroupFormed, { groupId: row!.id, communityCode: row!.communityCode, name, hasLeader: leader !== null }, { subject: row!.id });
    await access.audit(tx, 'ResidentGroup', row!.id);
    return row!;
  });
}

export async function appointGroupLeader(db: Db, input: { groupId: string; leader: PersonInput }, access: WriteAccess) {
  const leader = parsePerson(input.leader, 'input.leader');
  return db.transaction(async (tx) => {
    const group = await lockById<ResidentGroupRow>(tx, residentGroups, input.groupId, 'input.groupId', 'resident group');
    access.allow({ regionCode: group.communityCode }, 'input.groupId');
    const [row] = await tx
      .update(residentGroups)
      .set({ leaderName: leader.name, leaderPhone: leader.phone, leaderAppointedAt: new Date() })
      .where(eq(residentGroups.id, group.id))
      .returning();
    await recordEvent(tx, contracts.residentGroupLeaderAppointed, { groupId: group.id, communityCode: group.communityCode }, { subject: group.id });
    await access.audit(tx, 'ResidentGroup', group.id);
    return row!;
  });
}

export const listResidentGroups = (db: Db, communityCode: string, args: PageArgs) =>
  tablePage(
    db,
    residentGroups,
    { time: residentGroups.createdAt, id: residentGroups.id, direction: 'asc' },
    eq(residentGroups.communityCode, communityCode),
    args,
  );
