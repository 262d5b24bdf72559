import { z } from 'zod';
import { regionCode, socialWork as contracts } from '@sanshe/events';
import { and, arrayContains, count, inArray, isNotNull, sql, eq } from 'drizzle-orm';
import { DomainError, isUniqueViolation, recordEvent, requireCommunity, tablePage, type Identity, type PageArgs, districtDate } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import {
  statisticsRollup,
  volunteerCommendations,
  volunteers,
  volunteerServiceRecords,
  volunteerTrainings,
  type VolunteerCommendationRow,
  type VolunteerRow,
  type VolunteerTrainingRow,
} from '../db/schema.ts';
import type { Db } from '../context.ts';
import { allOf, idEquals, parseFilter, withinRegion } from './listing.ts';
import { requireVolunteer } from './lookup.ts';
import { addToRollup } from './statistics-rollup.ts';
import { matchesNothing, visible, type Viewer } from './visibility.ts';
import type { VolunteerCommendationInput, VolunteerTrainingInput } from './training-rules.ts';
import { VOLUNTEER_SKILLS, type RegisterVolunteerInput } from './volunteer-rules.ts';

export async function registerVolunteer(db: Db, input: RegisterVolunteerInput, actor: Identity): Promise<VolunteerRow> {
  return db.transaction(async (tx) => {
    authorizeMutation(actor, 'registerVolunteer', { communityCode: input.communityCode });
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    let row: VolunteerRow;
    try {
      [row] = (await tx.insert(volunteers).values(input).returning()) as [VolunteerRow];
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'a volunteer with this ID number is already registered', 'input.idNumber');
      throw error;
    }
    await addToRollup(tx, [{ communityCode: row.communityCode, day: districtDate(row.registeredAt), volunteersRegistered: 1 }]);
    await recordEvent(tx, contracts.volunteerRegistered, { volunteerId: row.id, communityCode: row.communityCode, skills: row.skills }, { subject: row.id });
    await auditMutation(tx, actor, 'registerVolunteer', 'Volunteer', row.id, { communityCode: row.communityCode });
    return row;
  });
}

export async function recordVolunteerTraining(db: Db, input: VolunteerTrainingInput, actor: Identity): Promise<VolunteerTrainingRow> {
  return db.transaction(async (tx) => {
    const volunteer = await requireVolunteer(tx, input.volunteerId, 'input.volunteerId');
    authorizeMutation(actor, 'recordVolunteerTraining', { communityCode: volunteer.communityCode });
    const [row] = (await tx.insert(volunteerTrainings).values(input).returning()) as [VolunteerTrainingRow];
    await recordEvent(
      tx,
      contracts.volunteerTrained,
      { trainingId: row.id, volunteerId: row.volunteerId, trainedOn: row.trainedOn, minutes: row.minutes },
      { subject: row.volunteerId },
    );
    await auditMutation(tx, actor, 'recordVolunteerTraining', 'VolunteerTraining', row.id, { volunteerId: row.volunteerId });
    return row;
  });
}

export async function recordVolunteerCommendation(db: Db, input: VolunteerCommendationInput, actor: Identity): Promise<VolunteerCommendationRow> {
  return db.transaction(async (tx) => {
    const volunteer = await requireVolunteer(tx, input.volunteerId, 'input.volunteerId');
    authorizeMutation(actor, 'recordVolunteerCommendation', { communityCode: volunteer.communityCode });
    const [row] = (await tx.insert(volunteerCommendations).values(input).returning()) as [VolunteerCommendationRow];
    await recordEvent(
      tx,
      contracts.volunteerCommended,
      { commendationId: row.id, volunteerId: row.volunteerId, title: row.title, conferredOn: row.conferredOn },
      { subject: row.volunteerId },
    );
    await auditMutation(tx, actor, 'recordVolunteerCommendation', 'VolunteerCommendation', row.id, { volunteerId: row.volunteerId });
    return row;
  });
}

const volunteerFilter = z.object({
  within: regionCode.nullish(),
  skill: z.enum(VOLUNTEER_SKILLS).nullish(),
});


/** Volunteers the viewer may see, in registration order. */
export function listVolunteers(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(volunteerFilter, filter);
  const where = allOf(
    visible.volunteer(viewer),
    f.within && withinRegion(volunteers.communityCode, f.within),
    f.skill && arrayContains(volunteers.skills, [f.skill]),
  );
  const order = { time: volunteers.registeredAt, id: volunteers.id, direction: 'asc' as const };
  return tablePage(db, volunteers, order, where, args);
}

export function listVolunteerTrainings(db: Db, volunteerId: string, args: PageArgs) {
  const order = { time: volunteerTrainings.createdAt, id: volunteerTrainings.id, direction: 'asc' as const };
  return tablePage(db, volunteerTrainings, order, idEquals(volunteerTrainings.volunteerId, volunteerId), args);
}

export function listVolunteerCommendations(db: Db, volunteerId: string, args: PageArgs) {
  const order = {
    time: volunteerCommendations.createdAt,
    id: volunteerCommendations.id,
    direction: 'asc' as const,
  };
  return tablePage(db, volunteerCommendations, order, idEquals(volunteerCommendations.volunteerId, volunteerId), args);
}

type RollupFigure = 'volunteersRegistered' | 'verifiedMinutes';

/**
 * A per-community figure of volunteers or their service, in at most two grouped statements per
 * batch. A community inside the viewer's regions (all of them for `regions: null`) shows all of its
 * records, and its month rows of the statistics rollup hold exactly that total, so a district
 * office reads ≤ 12 rows a year per community, never the thousands of records behind them.
 * Elsewhere only what the viewer may see counts: `fromRecords` computes that from the records for
 * the communities outside scope (null when the viewer sees none there).
 */
async function perCommunity(
  db: Db,
  codes: readonly string[],
  viewer: Viewer,
  figure: RollupFigure,
  fromRecords: ((outside: string[]) => Promise<{ code: string; n: number | string }[]>) | null,
): Promise<number[]> {
  const inScope = (code: string) => viewer.regions === null || viewer.regions.some((prefix) => code.startsWith(prefix));
  const whole = [...new Set(codes.filter(inScope))];
  const outside = [...new Set(codes.filter((code) => !inScope(code)))];
  const byCode = new Map<string, number>();
  if (whole.length) {
    const rows = await db
      .select({ code: statisticsRollup.regionCode, n: sql<string>`coalesce(sum(${statisticsRollup[figure]}), 0)` })
      .from(statisticsRollup)
      .where(and(inArray(statisticsRollup.regionCode, whole), eq(statisticsRollup.grain, 'month')))
      .groupBy(statisticsRollup.regionCode);
    for (const r of rows) byCode.set(r.code, Number(r.n));
  }
  if (outside.length && fromRecords) {
    for (const r of await fromRecords(outside)) byCode.set(r.code, Number(r.n));
  }
  return codes.map((c) => byCode.get(c) ?? 0);
}

/**
 * Volunteers the viewer may see per community (perCommunity): within the viewer's regions the
 * rollup's registrations (volunteers never leave or move); elsewhere an organization's own
 * volunteers (those it recorded service for); anonymous callers see none.
 */
export async function countVolunteers(db: Db, codes: readonly string[], viewer: Viewer): Promise<number[]> {
  const seen = visible.volunteer(viewer);
  if (matchesNothing(seen)) return codes.map(() => 0);
  return perCommunity(db, codes, viewer, 'volunteersRegistered', (outside) =>
    db
      .select({ code: volunteers.communityCode, n: count() })
      .from(volunteers)
      .where(and(inArray(volunteers.communityCode, outside), seen))
      .groupBy(volunteers.communityCode),
  );
}

const minutesSum = sql<string>`coalesce(sum(${volunteerServiceRecords.minutes}), 0)`;

/**
 * Verified minutes (of the records the viewer may see) of each community's volunteers
 * (perCommunity): within the viewer's regions the rollup's; elsewhere an organization's own
 * records, summed by the organization index.
 */
export async function sumVolunteerMinutesByCommunity(db: Db, codes: readonly string[], viewer: Viewer): Promise<number[]> {
  return perCommunity(
    db,
    codes,
    viewer,
    'verifiedMinutes',
    viewer.organizationId
      ? (outside) =>
          db
            .select({ code: volunteers.communityCode, n: minutesSum })
            .from(volunteerServiceRecords)
            .innerJoin(volunteers, eq(volunteers.id, volunteerServiceRecords.volunteerId))
            .where(and(inArray(volunteers.communityCode, outside), isNotNull(volunteerServiceRecords.verifiedAt), visible.volunteerRecord(viewer)))
            .groupBy(volunteers.communityCode)
      : null,
  );
}

/** Verified minutes of each volunteer (of the records the viewer may see), in one grouped statement. */
export async function sumVerifiedMinutesByVolunteer(db: Db, ids: readonly string[], viewer: Viewer): Promise<number[]> {
  const rows = await db
    .select({ id: volunteerServiceRecords.volunteerId, minutes: minutesSum })
    .from(volunteerServiceRecords)
    .where(and(inArray(volunteerServiceRecords.volunteerId, [...ids]), isNotNull(volunteerServiceRecords.verifiedAt), visible.volunteerRecord(viewer)))
    .groupBy(volunteerServiceRecords.volunteerId);
  const byId = new Map(rows.map((r) => [r.id, Number(r.minutes)]));
  return ids.map((id) => byId.get(id) ?? 0);
}
