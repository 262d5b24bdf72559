import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid, unique } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions, auditLog } from '@sanshe/service-kit';

export const ORGANIZATION_STATES = ['preparing', 'filed', 'recommended', 'registered', 'suspended', 'deregistered'] as const;
export type OrganizationState = (typeof ORGANIZATION_STATES)[number];

// Millisecond precision on every timestamp: keyset cursors carry it through a JS Date without loss.
const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // Null while preparing: the track is chosen by filing or registering.
    track: text('track', { enum: ['filed', 'registered'] }),
    state: text('state', { enum: ORGANIZATION_STATES }).notNull().default('preparing'),
    // The state a suspension interrupted; reinstatement returns to it.
    suspendedFrom: text('suspended_from', { enum: ORGANIZATION_STATES }),
    category: text('category').notNull(),
    serviceFields: text('service_fields').array().notNull().default(sql`'{}'::text[]`),
    legalForm: text('legal_form'),
    creditCode: text('credit_code').unique('organizations_credit_code_key'),
    filingNumber: text('filing_number').unique('organizations_filing_number_key'),
    description: text('description'),
    // The organization's own public contact points (organizational, not personal, data).
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    hubKind: text('hub_kind', { enum: ['federation', 'alliance', 'hub'] }),
    communityCode: text('community_code').notNull(),
    streetCode: text('street_code').notNull(),
    districtCode: text('district_code').notNull(),
    staffCount: integer('staff_count').notNull().default(0),
    memberCount: integer('member_count').notNull().default(0),
    // The day it was first filed or registered (districts' calendar).
    establishedOn: date('established_on', { mode: 'string' }),
    // The current evaluation grade, kept with the row so search can filter on it.
    grade: smallint('grade'),
    gradeValidUntil: date('grade_valid_until', { mode: 'string' }),
    // When it was filed, registered and deregistered (the instants of those history steps, or the
    // historical times a bulk import gave). Kept on the row so region statistics can count the
    // organizations that existed at the end of a period without reading the history.
    filedAt: timestamp('filed_at', { withTimezone: true, precision: 3 }),
    registeredAt: timestamp('registered_at', { withTimezone: true, precision: 3 }),
    deregisteredAt: timestamp('deregistered_at', { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first within a community: the portal's default order, and the keyset for paging.
    index('organizations_community_idx').on(t.communityCode, t.createdAt.desc(), t.id.desc()),
    index('organizations_street_idx').on(t.streetCode, t.createdAt.desc(), t.id.desc()),
    index('organizations_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // Region statistics read one district's organizations, not the city's, and only these
    // columns of them: all in the index, so the read is an index-only scan of a few pages
    // instead of visiting each organization's wide row (domain/region-statistics.ts).
    index('organizations_district_statistics_idx').on(
      t.districtCode,
      t.communityCode,
      t.id,
      t.category,
      t.filedAt,
      t.registeredAt,
      t.deregisteredAt,
      t.serviceFields,
    ),
    index('organizations_state_idx').on(t.state),
    index('organizations_service_fields_idx').using('gin', t.serviceFields),
    // Name search by two-character pieces (text_bigrams, migration 0006; domain/organization-search.ts).
    index('organizations_name_bigrams_idx').using('gin', sql`text_bigrams(lower(${t.name}))`),
    check('organizations_state_check', sql`${t.state} in ('preparing', 'filed', 'recommended', 'registered', 'suspended', 'deregistered')`),
    check('organizations_track_check', sql`(${t.state} = 'preparing') = (${t.track} is null)`),
    check('organizations_registered_check', sql`${t.track} is distinct from 'registered' or (${t.creditCode} is not null and ${t.legalForm} is not null)`),
    check('organizations_filed_check', sql`${t.track} is distinct from 'filed' or ${t.filingNumber} is not null`),
    check('organizations_suspended_check', sql`(${t.state} = 'suspended') = (${t.suspendedFrom} is not null)`),
    check('organizations_grade_check', sql`${t.grade} between 1 and 5`),
    // Filed or registered (whatever the state since) exactly when it has a track; deregistered with its instant.
    check('organizations_established_check', sql`(${t.track} is null) = (${t.filedAt} is null and ${t.registeredAt} is null)`),
    check('organizations_deregistered_check', sql`(${t.state} = 'deregistered') = (${t.deregisteredAt} is not null)`),
  ],
);

export type OrganizationRow = typeof organizations.$inferSelect;

/** Every lifecycle step of an organization, in order: the history on its page. */
export const organizationTransitions = pgTable(
  'organization_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    action: text('action').notNull(),
    fromState: text('from_state', { enum: ORGANIZATION_STATES }),
    toState: text('to_state', { enum: ORGANIZATION_STATES }).notNull(),
    reason: text('reason'),
    // The event recorded with the step, so history and the event stream can be matched (null only
    // for steps imported from before the history existed whose event is no longer in the outbox).
    eventId: uuid('event_id'),
    occurredAt: createdAt(),
  },
  (t) => [index('organization_transitions_org_idx').on(t.organizationId, t.occurredAt, t.id)],
);

export type TransitionRow = typeof organizationTransitions.$inferSelect;

export const annualInspections = pgTable(
  'annual_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    year: smallint('year').notNull(),
    result: text('result', { enum: ['passed', 'basic_pass', 'failed', 'not_submitted'] }).notNull(),
    recordedAt: createdAt(),
  },
  (t) => [unique('annual_inspections_org_year_key').on(t.organizationId, t.year)],
);

export type InspectionRow = typeof annualInspections.$inferSelect;

export const evaluationGrades = pgTable(
  'evaluation_grades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    grade: smallint('grade').notNull(),
    score: smallint('score').notNull(),
    gradedOn: date('graded_on', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    recordedAt: createdAt(),
  },
  (t) => [
    index('evaluation_grades_org_idx').on(t.organizationId, t.gradedOn),
    check('evaluation_grades_score_check', sql`${t.score} between 0 and 1000 and ${t.grade} between 1 and 5`),
  ],
);

export type GradeRow = typeof evaluationGrades.$inferSelect;

export const incubationCenters = pgTable(
  'incubation_centers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique('incubation_centers_name_key'),
    kind: text('kind', { enum: ['center', 'park'] }).notNull(),
    // The district, street or community it serves (6, 9 or 12 digits).
    regionCode: text('region_code').notNull(),
    districtCode: text('district_code').notNull(),
    areaSquareMetres: numeric('area_sqm', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    capacity: integer('capacity').notNull(),
    operator: text('operator').notNull(),
    openedOn: date('opened_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('incubation_centers_region_idx').on(t.regionCode),
    index('incubation_centers_created_idx').on(t.createdAt.desc(), t.id.desc()),
    check('incubation_centers_capacity_check', sql`${t.capacity} > 0 and ${t.areaSquareMetres} > 0`),
  ],
);

export type IncubationCenterRow = typeof incubationCenters.$inferSelect;

export const INCUBATION_STAGES = ['seed', 'growth', 'mature', 'graduated', 'withdrawn'] as const;

export const incubationStints = pgTable(
  'incubation_stints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    centerId: uuid('center_id').notNull().references(() => incubationCenters.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    stage: text('stage', { enum: INCUBATION_STAGES }).notNull().default('seed'),
    admittedOn: date('admitted_on', { mode: 'string' }).notNull(),
    stageChangedOn: date('stage_changed_on', { mode: 'string' }).notNull(),
    // Set when the stint ends: by graduation (出壳) or withdrawal.
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    // One stint at a time per organization.
    uniqueIndex('incubation_stints_active_key').on(t.organizationId).where(sql`${t.endedOn} is null`),
    index('incubation_stints_center_idx').on(t.centerId),
  ],
);

export type IncubationStintRow = typeof incubationStints.$inferSelect;

export const federationMemberships = pgTable(
  'federation_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    federationId: uuid('federation_id').notNull().references(() => organizations.id),
    memberId: uuid('member_id').notNull().references(() => organizations.id),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('federation_memberships_active_key').on(t.federationId, t.memberId).where(sql`${t.leftOn} is null`),
    index('federation_memberships_member_idx').on(t.memberId),
    check('federation_memberships_self_check', sql`${t.federationId} <> ${t.memberId}`),
  ],
);

export type MembershipRow = typeof federationMemberships.$inferSelect;

/** Space lent to an organization (zero rent unless stated), e.g. a community office room. */
export const venueLoans = pgTable(
  'venue_loans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    venueName: text('venue_name').notNull(),
    communityCode: text('community_code').notNull(),
    streetCode: text('street_code').notNull(),
    areaSquareMetres: numeric('area_sqm', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    monthlyRentFen: integer('monthly_rent_fen').notNull().default(0),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('venue_loans_org_idx').on(t.organizationId),
    index('venue_loans_community_idx').on(t.communityCode),
    check('venue_loans_dates_check', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
    check('venue_loans_area_check', sql`${t.areaSquareMetres} > 0 and ${t.monthlyRentFen} >= 0`),
  ],
);

export type VenueLoanRow = typeof venueLoans.$inferSelect;

export const PROJECT_STATUSES = ['active', 'suspended', 'completed', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * An organization's funded projects (项目), one per grant the funding service awarded to it
 * (funding.grant.awarded), its status kept true by funding's later grant events. Funding owns the
 * money; this is the organization's record of the work it was funded for.
 */
export const organizationProjects = pgTable(
  'organization_projects',
  {
    // The grant's id in funding: one project per grant, so a redelivered award cannot add a second.
    grantId: uuid('grant_id').primaryKey(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    programmeId: uuid('programme_id').notNull(),
    programmeKind: text('programme_kind'),
    fundingRoundId: uuid('funding_round_id'),
    // Where the work happens: the grant's community, which may differ from the organization's.
    communityCode: text('community_code').notNull(),
    title: text('title').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('active'),
    evaluationRating: text('evaluation_rating', { enum: ['excellent', 'good', 'pass', 'fail'] }),
    // The award event's time: when funding awarded the grant, not when this service heard of it.
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
    awardEventId: uuid('award_event_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // An organization's projects, newest first: the keyset of Organization.projects.
    index('organization_projects_org_idx').on(t.organizationId, t.startedAt.desc(), t.grantId.desc()),
    // Projects started in a period (region statistics).
    index('organization_projects_started_idx').on(t.startedAt),
    check('organization_projects_money_check', sql`${t.amountFen} > 0 and ${t.paidFen} >= 0`),
  ],
);

export type ProjectRow = typeof organizationProjects.$inferSelect;

/**
 * Grant awards this service did not turn into a project, and why: an organization id it does not
 * know. Organizations create every organization before funding can hear of it, so this only
 * happens when databases disagree (a restore, a foreign dataset); operators look here.
 */
export const ignoredGrantAwards = pgTable('ignored_grant_awards', {
  eventId: uuid('event_id').primaryKey(),
  grantId: uuid('grant_id').notNull(),
  organizationId: uuid('organization_id').notNull(),
  reason: text('reason').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
