import { organizations as contracts } from '@sanshe/events';
import { and, count, eq, isNull, like, type SQL } from 'drizzle-orm';
import { DomainError, isUuid, knownRegions, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { incubationCenters, incubationStints, organizations, type IncubationCenterRow, type IncubationStintRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { auditMutation, authorize, mayReadOrganization, type Caller } from '../authorization.ts';
import { assertAdmissible, assertGraduating, assertNotBefore, nextStage, type StintAction } from './incubation.ts';
import type { CenterInput } from './incubation-rules.ts';
import { lockOrganization, lockVisibleOrganization, refOf, withConflicts, type OrgTx } from './organization-refs.ts';

export async function createIncubationCenter(db: Db, caller: Caller, input: CenterInput): Promise<IncubationCenterRow> {
  return withConflicts({ incubation_centers_name_key: 'input.name' }, () =>
    db.transaction(async (tx) => {
      authorize(caller, { regionCode: input.regionCode, field: 'input.regionCode' });
      const [region] = await tx.select().from(knownRegions).where(eq(knownRegions.code, input.regionCode));
      if (!region) throw new DomainError('NOT_FOUND', `no region with code ${input.regionCode} is known`, 'input.regionCode');
      const [row] = await tx
        .insert(incubationCenters)
        .values({ ...input, districtCode: region.districtCode })
        .returning();
      await auditMutation(tx, caller, 'IncubationCenter', row!.id);
      return row!;
    }),
  );
}

/** Centres serving `regionCode` or a region within it, newest first. */
export function listIncubationCenters(db: Db, args: PageArgs & { regionCode?: string | null }) {
  const where = args.regionCode ? like(incubationCenters.regionCode, `${args.regionCode}%`) : undefined;
  return tablePage(db, incubationCenters, { time: incubationCenters.createdAt, id: incubationCenters.id, direction: 'desc' }, where, args);
}

async function lockCenter(tx: OrgTx, id: string, field: string): Promise<IncubationCenterRow> {
  const [row] = isUuid(id) ? await tx.select().from(incubationCenters).where(eq(incubationCenters.id, id)).for('update') : [];
  if (!row) throw new DomainError('NOT_FOUND', `no incubation centre with id ${id}`, field);
  return row;
}

async function lockStint(tx: OrgTx, id: string, field = 'id'): Promise<IncubationStintRow> {
  const [row] = isUuid(id) ? await tx.select().from(incubationStints).where(eq(incubationStints.id, id)).for('update') : [];
  if (!row) throw new DomainError('NOT_FOUND', `no incubation stint with id ${id}`, field);
  return row;
}

const activeAt = (centerId: string) => and(eq(incubationStints.centerId, centerId), isNull(incubationStints.endedOn));

export async function admitToIncubation(
  db: Db,
  caller: Caller,
  input: { centerId: string; organizationId: string; admittedOn: string },
): Promise<IncubationStintRow> {
  return withConflicts({ incubation_stints_active_key: 'input.organizationId' }, () =>
    db.transaction(async (tx) => {
      // The centre is locked first: two admissions to one centre queue, so capacity holds.
      const center = await lockCenter(tx, input.centerId, 'input.centerId');
      const organization = await lockVisibleOrganization(tx, caller.identity, input.organizationId, 'input.organizationId');
      authorize(caller, { regionCode: center.regionCode, field: 'input.centerId' });
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(incubationStints).where(activeAt(center.id));
      assertAdmissible(organization.state, { capacity: center.capacity, occupancy: n });
      const [stint] = (await tx
        .insert(incubationStints)
        .values({ centerId: center.id, organizationId: organization.id, admittedOn: input.admittedOn, stageChangedOn: input.admittedOn })
        .returning()) as [IncubationStintRow];
      await recordEvent(
        tx,
        contracts.incubationAdmitted,
        { stintId: stint.id, centerId: center.id, ...refOf(organization), admittedOn: stint.admittedOn },
        { subject: stint.id },
      );
      await auditMutation(tx, caller, 'IncubationStint', stint.id);
      return stint;
    }),
  );
}

/** Advance, graduate or withdraw: one step of the stint's stage machine, dated on or after the last. */
export async function moveStint(db: Db, caller: Caller, id: string, action: StintAction, on: string): Promise<IncubationStintRow> {
  return db.transaction(async (tx) => {
    // Organization before stint, the order deregistration locks them in.
    const [found] = isUuid(id) ? await tx.select().from(incubationStints).where(eq(incubationStints.id, id)) : [];
    if (!found) throw new DomainError('NOT_FOUND', `no incubation stint with id ${id}`, 'id');
    // A stint of an organization the caller may not see is as unknown as the organization.
    const [incubated] = await tx.select().from(organizations).where(eq(organizations.id, found.organizationId));
    if (!mayReadOrganization(caller.identity, incubated!)) throw new DomainError('NOT_FOUND', `no incubation stint with id ${id}`, 'id');
    const [center] = await tx.select().from(incubationCenters).where(eq(incubationCenters.id, found.centerId));
    authorize(caller, { regionCode: center!.regionCode, organizationId: found.organizationId });
    const organization = action === 'graduate' ? await lockOrganization(tx, found.organizationId) : null;
    const stint = await lockStint(tx, id);
    const stage = nextStage(stint.stage, action);
    const field = action === 'graduate' ? 'graduatedOn' : action === 'withdraw' ? 'endedOn' : 'on';
    assertNotBefore(on, stint.stageChangedOn, field);
    if (organization) assertGraduating(organization.state);
    const ends = stage === 'graduated' || stage === 'withdrawn';
    const [moved] = (await tx
      .update(incubationStints)
      .set({ stage, stageChangedOn: on, ...(ends ? { endedOn: on } : {}) })
      .where(eq(incubationStints.id, stint.id))
      .returning()) as [IncubationStintRow];
    if (organization) {
      await recordEvent(
        tx,
        contracts.incubationGraduated,
        { stintId: moved.id, centerId: moved.centerId, ...refOf(organization), admittedOn: moved.admittedOn, graduatedOn: on },
        { subject: moved.id },
      );
    }
    await auditMutation(tx, caller, 'IncubationStint', moved.id);
    return moved;
  });
}

/** A deregistered organization leaves incubation the same day. */
export async function withdrawActiveStintOf(tx: OrgTx, organizationId: string, on: string): Promise<void> {
  const active: SQL = and(eq(incubationStints.organizationId, organizationId), isNull(incubationStints.endedOn))!;
  const [stint] = await tx.select().from(incubationStints).where(active);
  if (!stint) return;
  const date = on < stint.stageChangedOn ? stint.stageChangedOn : on;
  await tx.update(incubationStints).set({ stage: 'withdrawn', stageChangedOn: date, endedOn: date }).where(eq(incubationStints.id, stint.id));
}
