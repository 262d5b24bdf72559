/**
 * Who may do what in social work — the one place the rules are written down.
 *
 * - MUTATION_RULES: every Mutation field, who may call it for which target. Enforced in two steps:
 *   `gateMutation` before the input is read (a role that can never be allowed is refused at once:
 *   UNAUTHENTICATED for anonymous callers, FORBIDDEN otherwise), then `authorizeMutation` at the
 *   start of the mutation's transaction, once the rows the rule looks at are loaded. The same
 *   transaction writes the change and its audit line (`auditMutation`), so a refused mutation
 *   writes nothing and an allowed one is logged exactly when it commits.
 * - PERSONAL_FIELDS: every `@personal` field of schema.graphql, how it is masked, which region
 *   decides and who else may see it. `revealField` serves it unmasked (and audited) or masked.
 * - READS: every query, list and count, public or narrowed to what the caller may see
 *   (the SQL is in domain/visibility.ts).
 *
 * test/integration/authorization.test.ts reads schema.graphql and fails when a mutation, a
 * `@personal` field or a list is missing here, then checks every rule against the running service.
 */
import {
  maskIdNumber,
  maskName,
  maskPhone,
  recordAudit,
  requireWrite,
  revealPersonal,
  hasRole,
  inScope,
  isUuid,
  type AnyPgTx,
  type Identity,
} from '@sanshe/service-kit';
import type { SocialWorkerRow, VolunteerCertificateRow, VolunteerRow } from './db/schema.ts';
import type { Mutation } from './generated/resolvers-types.ts';
import type { Context } from './context.ts';

export type Role = 'district_office' | 'street_office' | 'community_worker' | 'org_admin' | 'social_worker' | 'partner_agency' | 'resident' | 'public';

/** District and street offices: they buy the social-work posts and run the stations. */
const OFFICES = ['district_office', 'street_office'] as const satisfies Role[];
/** Government staff of a region, community offices included. */
const STAFF = ['district_office', 'street_office', 'community_worker'] as const satisfies Role[];

/** A district or street office whose scope covers `regionCode`. */
export function isOfficeFor(identity: Identity, regionCode: string): boolean {
  return hasRole(identity, ...OFFICES) && inScope(identity, regionCode);
}

/** District, street or community staff whose scope covers `regionCode`. */
export function isStaffFor(identity: Identity, regionCode: string): boolean {
  return hasRole(identity, ...STAFF) && inScope(identity, regionCode);
}

/** The organization an org_admin acts for (null for everyone else, or a malformed id). */
export function adminOrganization(identity: Identity): string | null {
  return hasRole(identity, 'org_admin') && identity.organizationId && isUuid(identity.organizationId) ? identity.organizationId : null;
}

/** An org_admin acting for exactly `organizationId`. */
export function isAdminOf(identity: Identity, organizationId: string | null): boolean {
  return organizationId !== null && adminOrganization(identity) === organizationId;
}

/**
 * How a signed-in social worker is matched to their SocialWorker row: the row's
 * `account_subject` (set by `registerSocialWorker` or `linkSocialWorkerAccount`) equals the
 * token subject. Null for anyone who is not signed in as a social worker.
 */
export function socialWorkerAccount(identity: Identity): string | null {
  return hasRole(identity, 'social_worker') && identity.subject ? identity.subject : null;
}

/** The caller is the social worker whose record this is. */
export function isOwnWorker(identity: Identity, worker: { accountSubject: string | null } | null): boolean {
  const account = socialWorkerAccount(identity);
  return account !== null && worker !== null && worker.accountSubject === account;
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

export type MutationName = Exclude<keyof Mutation, '__typename'>;

/** The facts about a social worker a rule looks at. */
export interface WorkerFacts {
  id: string;
  communityCode: string;
  employerOrganizationId: string | null;
  accountSubject: string | null;
}

/** The facts about a service case a rule looks at, `assignedWorker` being its assigned social worker's row. */
export interface CaseFacts {
  communityCode: string;
  organizationId: string | null;
  assignedWorker: WorkerFacts | null;
}

/** What each mutation's rule is given, loaded in the mutation's transaction. */
export interface MutationTargets {
  registerSocialWorker: { communityCode: string };
  reassignSocialWorker: { from: string; to: string };
  linkSocialWorkerAccount: { worker: WorkerFacts };
  recordSocialWorkerTraining: { worker: WorkerFacts };
  openSocialWorkStation: { communityCode: string };
  recordSupervision: { supervisee: WorkerFacts };
  recordPerformanceEvaluation: { communityCode: string };
  registerVolunteer: { communityCode: string };
  /** Checked for every record of the import. */
  importVolunteers: { communityCode: string };
  recordVolunteerTraining: { communityCode: string };
  recordVolunteerCommendation: { communityCode: string };
  recordVolunteerService: { communityCode: string; organizationId: string };
  verifyVolunteerService: { communityCode: string; organizationId: string };
  /** Checked for every record of the import: its volunteer's community and its recording organization. */
  importVolunteerRecords: { communityCode: string; organizationId: string };
  issueVolunteerCertificate: { communityCode: string; organizationId: string };
  assignServiceCase: { case: CaseFacts };
  recordCaseService: { case: CaseFacts; worker: WorkerFacts };
  closeServiceCase: { case: CaseFacts };
}

export interface MutationRule<T> {
  /** Who may, in words (the README's table says the same). */
  readonly who: string;
  /** The roles that can ever be allowed: any other caller is refused before the input is read. */
  readonly roles: readonly Role[];
  readonly allows: (identity: Identity, target: T) => boolean;
}

/** Volunteers' community staff, or the recording organization ("谁记录、谁证明"). */
const staffOrRecorder = (who: string): MutationRule<{ communityCode: string; organizationId: string }> => ({
  who,
  roles: [...STAFF, 'org_admin'],
  allows: (identity, t) => isStaffFor(identity, t.communityCode) || isAdminOf(identity, t.organizationId),
});

const communityStaff = (who: string): MutationRule<{ communityCode: string }> => ({
  who,
  roles: STAFF,
  allows: (identity, t) => isStaffFor(identity, t.communityCode),
});

const office = (who: string): MutationRule<{ communityCode: string }> => ({
  who,
  roles: OFFICES,
  allows: (identity, t) => isOfficeFor(identity, t.communityCode),
});

export const MUTATION_RULES: { readonly [N in MutationName]: MutationRule<MutationTargets[N]> } = {
  // --- workforce: posts are bought and stations run by the district and street offices --------
  registerSocialWorker: office('district or street office whose scope covers the community'),
  reassignSocialWorker: {
    who: 'district or street office whose scope covers both the current and the new community',
    roles: OFFICES,
    allows: (identity, t) => isOfficeFor(identity, t.from) && isOfficeFor(identity, t.to),
  },
  linkSocialWorkerAccount: {
    who: "district or street office whose scope covers the worker's community",
    roles: OFFICES,
    allows: (identity, t) => isOfficeFor(identity, t.worker.communityCode),
  },
  recordSocialWorkerTraining: {
    who: "district or street office whose scope covers the worker's community, or the org_admin of the worker's employing agency",
    roles: [...OFFICES, 'org_admin'],
    allows: (identity, t) => isOfficeFor(identity, t.worker.communityCode) || isAdminOf(identity, t.worker.employerOrganizationId),
  },
  openSocialWorkStation: office('district or street office whose scope covers the community'),
  recordSupervision: {
    who: "district or street office whose scope covers the supervisee's community, or the org_admin of the supervisee's employing agency",
    roles: [...OFFICES, 'org_admin'],
    allows: (identity, t) => isOfficeFor(identity, t.supervisee.communityCode) || isAdminOf(identity, t.supervisee.employerOrganizationId),
  },
  recordPerformanceEvaluation: office("district or street office whose scope covers the evaluated station's or worker's community (they commission evaluations)"),

  // --- volunteers: registered by community staff; service recorded and certified by the recorder
  registerVolunteer: communityStaff('district, street or community staff whose scope covers the community'),
  importVolunteers: communityStaff("as registerVolunteer, for every record: district, street or community staff whose scope covers each record's community"),
  recordVolunteerTraining: communityStaff("district, street or community staff whose scope covers the volunteer's community"),
  recordVolunteerCommendation: communityStaff("district, street or community staff whose scope covers the volunteer's community"),
  recordVolunteerService: staffOrRecorder("staff whose scope covers the volunteer's community, or the org_admin of the recording organization"),
  verifyVolunteerService: staffOrRecorder("staff whose scope covers the volunteer's community, or the org_admin of the organization that recorded it"),
  importVolunteerRecords: staffOrRecorder(
    "as recordVolunteerService, for every record: staff whose scope covers the record's volunteer's community, or the org_admin of the record's recording organization",
  ),
  issueVolunteerCertificate: staffOrRecorder("staff whose scope covers the volunteer's community, or the org_admin of the issuing (recording) organization"),

  // --- service cases ---------------------------------------------------------------------
  assignServiceCase: {
    who: "district, street or community staff whose scope covers the case's community",
    roles: STAFF,
    allows: (identity, t) => isStaffFor(identity, t.case.communityCode),
  },
  recordCaseService: {
    who:
      "staff whose scope covers the case's community; the social worker named in the input, signed in as themselves, on a case assigned to them or in their scope; " +
      'the org_admin of the organization the case is assigned to, for a worker it employs',
    roles: [...STAFF, 'social_worker', 'org_admin'],
    allows: (identity, t) =>
      isStaffFor(identity, t.case.communityCode) ||
      (isOwnWorker(identity, t.worker) && (t.case.assignedWorker?.id === t.worker.id || inScope(identity, t.case.communityCode))) ||
      (isAdminOf(identity, t.case.organizationId) && t.worker.employerOrganizationId === t.case.organizationId),
  },
  closeServiceCase: {
    who: "staff whose scope covers the case's community, the assigned social worker signed in as themselves, or the org_admin of the assigned organization",
    roles: [...STAFF, 'social_worker', 'org_admin'],
    allows: (identity, t) => isStaffFor(identity, t.case.communityCode) || isOwnWorker(identity, t.case.assignedWorker) || isAdminOf(identity, t.case.organizationId),
  },
};

/** Refuses, before anything is read, a caller whose roles can never be allowed `name`. */
export function gateMutation(identity: Identity, name: MutationName): void {
  requireWrite(identity, hasRole(identity, ...MUTATION_RULES[name].roles));
}

/**
 * The rule of `name` for `target`: call it first thing in the mutation's transaction, once the
 * rows it looks at are read (UNAUTHENTICATED / FORBIDDEN rolls the transaction back). An import
 * calls it for each record, naming the record (`field`) in the refusal.
 */
export function authorizeMutation<N extends MutationName>(identity: Identity, name: N, target: MutationTargets[N], field?: string): void {
  requireWrite(identity, MUTATION_RULES[name].allows(identity, target), field);
}

/** The mutation's audit line, in the mutation's own transaction. */
export function auditMutation(
  tx: AnyPgTx,
  identity: Identity,
  name: MutationName,
  entity: string,
  entityId: string,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(tx, identity, { kind: 'mutation', operation: name, entity, entityId, ...(details ? { details } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Personal data
// ---------------------------------------------------------------------------------------------

export interface PersonalRule<Row extends { id: string }> {
  readonly who: string;
  readonly mask: (value: string) => string;
  readonly value: (row: Row) => string | null;
  /** The region whose staff (and social workers) may see it: the record's community. */
  readonly region: (row: Row, ctx: Context) => string | Promise<string>;
  /** Callers who may see it beyond the region rule, named for the audit line. */
  readonly also?: (identity: Identity, row: Row) => string | null;
}

const IN_SCOPE = 'district, street or community staff and social workers whose scope covers the community';

const ownOrEmployer = (identity: Identity, row: SocialWorkerRow): string | null =>
  isOwnWorker(identity, row) ? 'own record' : isAdminOf(identity, row.employerOrganizationId) ? 'employing agency' : null;

/** Every `@personal` field, by type and field (the matrix test holds schema.graphql to this). */
export const PERSONAL_FIELDS = {
  SocialWorker: {
    name: {
      who: `${IN_SCOPE} of the worker; the worker themselves; the org_admin of the employing agency`,
      mask: maskName,
      value: (row) => row.name,
      region: (row) => row.communityCode,
      also: ownOrEmployer,
    } satisfies PersonalRule<SocialWorkerRow>,
    certificateNumber: {
      who: `${IN_SCOPE} of the worker; the worker themselves; the org_admin of the employing agency`,
      mask: maskIdNumber,
      value: (row) => row.certificateNumber,
      region: (row) => row.communityCode,
      also: ownOrEmployer,
    } satisfies PersonalRule<SocialWorkerRow>,
  },
  Volunteer: {
    name: { who: `${IN_SCOPE} of the volunteer`, mask: maskName, value: (row) => row.name, region: (row) => row.communityCode } satisfies PersonalRule<VolunteerRow>,
    phone: { who: `${IN_SCOPE} of the volunteer`, mask: maskPhone, value: (row) => row.phone, region: (row) => row.communityCode } satisfies PersonalRule<VolunteerRow>,
    idNumber: { who: `${IN_SCOPE} of the volunteer`, mask: maskIdNumber, value: (row) => row.idNumber, region: (row) => row.communityCode } satisfies PersonalRule<VolunteerRow>,
  },
  VolunteerCertificate: {
    handlerName: {
      who: `${IN_SCOPE} of the certified volunteer; the org_admin of the issuing organization (its own handler)`,
      mask: maskName,
      value: (row) => row.handlerName,
      region: async (row, ctx) => {
        const volunteer = await ctx.loaders.volunteerRow.load(row.volunteerId);
        if (!volunteer) throw new Error('dangling reference');
        return volunteer.communityCode;
      },
      also: (identity, row) => (isAdminOf(identity, row.organizationId) ? 'issuing organization' : null),
    } satisfies PersonalRule<VolunteerCertificateRow>,
  },
} as const;

type PersonalRows = { SocialWorker: SocialWorkerRow; Volunteer: VolunteerRow; VolunteerCertificate: VolunteerCertificateRow };

/**
 * A personal field's value for this caller: unmasked and audited when the region rule
 * (`mayReadPersonalData`: staff and social workers in scope) or the field's own `also` allows it,
 * masked otherwise.
 */
export async function revealField<T extends keyof PersonalRows, F extends keyof (typeof PERSONAL_FIELDS)[T]>(
  ctx: Context,
  type: T,
  field: F,
  row: PersonalRows[T],
): Promise<string | null> {
  const rule = PERSONAL_FIELDS[type][field] as PersonalRule<PersonalRows[T]>;
  const value = rule.value(row);
  if (value === null) return null;
  const basis = rule.also?.(ctx.identity, row) ?? null;
  // Through the request's batch: a page of volunteers' names and phones is one audit insert.
  const audit = { identity: ctx.identity, db: ctx.loaders.personalDataAudit };
  if (basis !== null) {
    await recordAudit(audit.db, ctx.identity, {
      kind: 'personal_data_read',
      operation: `${type}.${String(field)}`,
      entity: type,
      entityId: row.id,
      details: { basis },
    });
    return value;
  }
  return revealPersonal(audit, value, { regionCode: await rule.region(row, ctx), mask: rule.mask, entity: type, entityId: row.id, field: String(field) });
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/**
 * `public`: anyone sees it (personal fields still masked). A non-public kind is narrowed to what
 * the caller may see (domain/visibility.ts) in lists, counts, entity lookups and nested fields:
 *
 * - `Volunteer`: staff, social workers and partner agencies whose scope covers the volunteer's
 *   community; an org_admin for volunteers its organization recorded service of.
 * - `VolunteerServiceRecord`, `VolunteerCertificate`: the volunteer's scope as above, or the
 *   org_admin of the recording / issuing organization.
 * - `ServiceCase`: the case community's scope; the org_admin of the assigned organization; the
 *   assigned social worker signed in as themselves.
 * - `Workforce` (trainings, supervisions, evaluations): the scope of the worker's (station's)
 *   community; the org_admin of the employing agency (station operator, evaluator); the worker
 *   themselves.
 * - `withParent`: parts of a record that is itself narrowed (a case's services, a volunteer's
 *   trainings): whoever sees the parent sees them.
 */
export type ReadVisibility = 'public' | 'Volunteer' | 'VolunteerServiceRecord' | 'VolunteerCertificate' | 'ServiceCase' | 'Workforce' | 'withParent';

export const READS: Readonly<Record<string, ReadVisibility>> = {
  // Query
  'Query.socialWorker': 'public',
  'Query.socialWorkers': 'public',
  'Query.socialWorkStation': 'public',
  'Query.socialWorkStations': 'public',
  'Query.supervisions': 'Workforce',
  'Query.performanceEvaluations': 'Workforce',
  'Query.volunteer': 'Volunteer',
  'Query.volunteers': 'Volunteer',
  'Query.volunteerServiceRecord': 'VolunteerServiceRecord',
  'Query.volunteerServiceRecords': 'VolunteerServiceRecord',
  'Query.volunteerCertificate': 'VolunteerCertificate',
  // Numbers are sequential (ZYZM-2024-000001): a public look-up would let anyone walk them all.
  'Query.volunteerCertificateByNumber': 'VolunteerCertificate',
  'Query.volunteerCertificates': 'VolunteerCertificate',
  'Query.serviceCase': 'ServiceCase',
  'Query.serviceCaseByNeed': 'ServiceCase',
  'Query.serviceCases': 'ServiceCase',
  // Community: the directory of workers and stations and the certified count are public statistics;
  // everything counted from volunteers or cases is counted over what the caller may see.
  'Community.code': 'public',
  'Community.socialWorkers': 'public',
  'Community.certifiedSocialWorkerCount': 'public',
  'Community.socialWorkStations': 'public',
  'Community.volunteers': 'Volunteer',
  'Community.volunteerCount': 'Volunteer',
  'Community.volunteerMinutes': 'VolunteerServiceRecord',
  'Community.serviceCases': 'ServiceCase',
  'Community.openServiceCaseCount': 'ServiceCase',
  // Purchased posts: public, like the funding grants that buy them.
  'Community.fundedSocialWorkPosts': 'public',
  'Community.vacantFundedPosts': 'public',
  'Community.fundedPosts': 'public',
  // Region statistics: aggregates only, the same for every caller (the contract of RegionStatistics).
  'RegionStatistics.socialWorkers': 'public',
  'RegionStatistics.certifiedSocialWorkers': 'public',
  'RegionStatistics.certifiedSocialWorkersByLevel': 'public',
  'RegionStatistics.professionalSocialWorkersInOrganizations': 'public',
  'RegionStatistics.socialWorkStationsByKind': 'public',
  'RegionStatistics.volunteers': 'public',
  'RegionStatistics.volunteerMinutes': 'public',
  'RegionStatistics.volunteerRecords': 'public',
  'RegionStatistics.serviceCasesOpened': 'public',
  'RegionStatistics.serviceCasesClosed': 'public',
  'RegionStatistics.fundedSocialWorkPosts': 'public',
  // Nested lists and counts
  'SocialWorker.trainings': 'Workforce',
  'SocialWorker.supervisions': 'Workforce',
  'SocialWorker.evaluations': 'Workforce',
  'SocialWorker.cases': 'ServiceCase',
  'SocialWorker.openCaseCount': 'ServiceCase',
  'SocialWorkStation.socialWorkers': 'public',
  'SocialWorkStation.evaluations': 'Workforce',
  'Volunteer.serviceRecords': 'VolunteerServiceRecord',
  'Volunteer.verifiedTime': 'VolunteerServiceRecord',
  'Volunteer.trainings': 'withParent',
  'Volunteer.commendations': 'withParent',
  'Volunteer.certificates': 'VolunteerCertificate',
  'VolunteerCertificate.records': 'VolunteerServiceRecord',
  'ServiceCase.services': 'withParent',
};
