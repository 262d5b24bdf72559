import { and, eq, sql, type SQL } from 'drizzle-orm';
import { DomainError, isUuid, requireCommunity, tablePage, type Identity, type PageArgs } from '@sanshe/service-kit';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';
import { partyOrganizations, serviceStations, type ServiceStationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkStationHost, parseStationInput, type StationPlacement } from './station-rules.ts';
import { parsePastDay } from './past-day.ts';
import { inRegion } from './region-scope.ts';

/**
 * Opens a party service station (党组织服务站点) at a community's community, grid, building or unit
 * level — now, or on the past day `openedOn` gives.
 */
export async function openServiceStation(db: Db, identity: Identity, raw: unknown, now: Date = new Date()): Promise<ServiceStationRow> {
  authorizeCaller(identity, 'openPartyServiceStation');
  const input = parseStationInput(raw);
  const openedOn = parsePastDay(input.openedOn, 'input.openedOn', now);
  const hostId = input.partyOrganizationId ?? null;
  if (hostId !== null && !isUuid(hostId)) throw new DomainError('NOT_FOUND', `no party organization ${hostId}`, 'input.partyOrganizationId');
  return db.transaction(async (tx) => {
    authorizeWrite(identity, 'openPartyServiceStation', { regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (hostId !== null) {
      // FOR SHARE: the host cannot disappear between the check and the insert.
      const [host] = await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, hostId)).for('share');
      if (!host) throw new DomainError('NOT_FOUND', `no party organization ${hostId}`, 'input.partyOrganizationId');
      checkStationHost(input.communityCode, host);
    }
    const [row] = (await tx
      .insert(serviceStations)
      .values({
        name: input.name,
        communityCode: input.communityCode,
        placement: input.placement,
        locationLabel: input.locationLabel,
        partyOrganizationId: hostId,
        // A station that has run for years is recorded with the day it opened, so the
        // statistics of past periods count it; the host is today's, whenever it was founded.
        ...(openedOn ? { openedAt: openedOn.at } : {}),
      })
      .returning()) as [ServiceStationRow];
    await auditMutation(tx, identity, 'openPartyServiceStation', row.id, { regionCode: row.communityCode });
    return row;
  });
}

export interface StationFilter {
  regionCode: string;
  placement?: StationPlacement | null;
  partyOrganizationId?: string | null;
}

/** Stations of a district, street or community, in opening order. */
export function listServiceStations(db: Db, filter: StationFilter, args: PageArgs) {
  const conditions: SQL[] = [inRegion(serviceStations.communityCode, filter.regionCode)];
  if (filter.placement) conditions.push(eq(serviceStations.placement, filter.placement));
  if (filter.partyOrganizationId != null) {
    conditions.push(isUuid(filter.partyOrganizationId) ? eq(serviceStations.partyOrganizationId, filter.partyOrganizationId) : sql`false`);
  }
  const where = and(...conditions);
  return tablePage(db, serviceStations, { time: serviceStations.openedAt, id: serviceStations.id, direction: 'asc' }, where, args);
}
