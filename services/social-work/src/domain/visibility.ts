/**
 * What of the non-public records a caller may see, as SQL conditions (the rules in words are in
 * src/authorization.ts, READS). Every list, count and entity lookup of a non-public record applies
 * the condition of its kind, so nothing out of scope is served or counted.
 */
import { or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { scopeFilter, type Identity } from '@sanshe/service-kit';
import { adminOrganization, socialWorkerAccount } from '../authorization.ts';
import {
  serviceCases,
  socialWorkers,
  socialWorkStations,
  evaluations,
  volunteerCertificates,
  volunteers,
  volunteerServiceRecords,
} from '../db/schema.ts';

export interface Viewer {
  /** Region-code prefixes non-public records are narrowed to; null: everywhere. */
  regions: readonly string[] | null;
  /** The organization an org_admin acts for. */
  organizationId: string | null;
  /** A signed-in social worker's account subject (their own SocialWorker row). */
  account: string | null;
}

export function viewerOf(identity: Identity): Viewer {
  return { regions: scopeFilter(identity), organizationId: adminOrganization(identity), account: socialWorkerAccount(identity) };
}

const FALSE = sql`false`;

/** `column` (a community code) lies within the viewer's regions. */
function regionIn(column: PgColumn, viewer: Viewer): SQL {
  if (viewer.regions === null) return sql`true`;
  if (viewer.regions.length === 0) return FALSE;
  return or(...viewer.regions.map((prefix) => sql`starts_with(${column}, ${prefix})`))!;
}

/** Any of `conditions`; a condition that is `FALSE` adds nothing, and none at all is `FALSE` itself. */
function anyOf(...conditions: (SQL | null)[]): SQL {
  const present = conditions.filter((c): c is SQL => c !== null && c !== FALSE);
  if (present.length === 0) return FALSE;
  return present.length === 1 ? present[0]! : or(...present)!;
}

/**
 * The condition matches nothing (the viewer sees none of those records anywhere): a count or list
 * under it is empty without asking PostgreSQL, which a public page would otherwise do on every view.
 */
export function matchesNothing(condition: SQL): boolean {
  return condition === FALSE;
}

/** Volunteers in the viewer's regions (as a subquery of ids). */
function volunteersInRegion(viewer: Viewer): SQL {
  return sql`(select ${volunteers.id} from ${volunteers} where ${regionIn(volunteers.communityCode, viewer)})`;
}

/** Social workers whose workforce records the viewer sees: in region, employed by their organization, or themselves. */
function visibleWorkers(viewer: Viewer): SQL {
  const w = socialWorkers;
  const condition = anyOf(
    regionIn(w.communityCode, viewer),
    viewer.organizationId ? sql`${w.employerOrganizationId} = ${viewer.organizationId}` : null,
    viewer.account ? sql`${w.accountSubject} = ${viewer.account}` : null,
  );
  return sql`(select ${w.id} from ${w} where ${condition})`;
}

function visibleStations(viewer: Viewer): SQL {
  const s = socialWorkStations;
  const condition = anyOf(regionIn(s.communityCode, viewer), viewer.organizationId ? sql`${s.operatorOrganizationId} = ${viewer.organizationId}` : null);
  return sql`(select ${s.id} from ${s} where ${condition})`;
}

/** Conditions on each non-public table. */
export const visible = {
  /** On `volunteers`. */
  volunteer(viewer: Viewer): SQL {
    const r = volunteerServiceRecords;
    return anyOf(
      regionIn(volunteers.communityCode, viewer),
      viewer.organizationId
        ? sql`exists (select 1 from ${r} where ${r.volunteerId} = ${volunteers.id} and ${r.organizationId} = ${viewer.organizationId})`
        : null,
    );
  },
  /** On `volunteer_service_records`. */
  volunteerRecord(viewer: Viewer): SQL {
    const r = volunteerServiceRecords;
    return anyOf(sql`${r.volunteerId} in ${volunteersInRegion(viewer)}`, viewer.organizationId ? sql`${r.organizationId} = ${viewer.organizationId}` : null);
  },
  /** On `volunteer_certificates`. */
  certificate(viewer: Viewer): SQL {
    const c = volunteerCertificates;
    return anyOf(sql`${c.volunteerId} in ${volunteersInRegion(viewer)}`, viewer.organizationId ? sql`${c.organizationId} = ${viewer.organizationId}` : null);
  },
  /** On `service_cases`. */
  serviceCase(viewer: Viewer): SQL {
    const c = serviceCases;
    const w = socialWorkers;
    return anyOf(
      regionIn(c.communityCode, viewer),
      viewer.organizationId ? sql`${c.organizationId} = ${viewer.organizationId}` : null,
      viewer.account ? sql`${c.socialWorkerId} in (select ${w.id} from ${w} where ${w.accountSubject} = ${viewer.account})` : null,
    );
  },
  /** Trainings and the like: `workerId` is the worker the record is about. */
  aboutWorker(viewer: Viewer, ...workerIds: PgColumn[]): SQL {
    return anyOf(...workerIds.map((id) => sql`${id} in ${visibleWorkers(viewer)}`));
  },
  /** On `evaluations`: of a visible worker or station, or by the viewer's organization. */
  evaluation(viewer: Viewer): SQL {
    const e = evaluations;
    return anyOf(
      sql`${e.socialWorkerId} in ${visibleWorkers(viewer)}`,
      sql`${e.stationId} in ${visibleStations(viewer)}`,
      viewer.organizationId ? sql`${e.evaluatorOrganizationId} = ${viewer.organizationId}` : null,
    );
  },
};
