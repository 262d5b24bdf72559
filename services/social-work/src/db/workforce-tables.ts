import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

/** Social-work stations (社工站) and centres (社工服务中心), e.g. Minkang's 筑梦、启航、初心、心悦. */
export const socialWorkStations = pgTable(
  'social_work_stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['station', 'centre'] }).notNull(),
    communityCode: text('community_code').notNull(),
    // The agency running it, if any (a known organization); null: run by the street or community.
    operatorOrganizationId: uuid('operator_organization_id'),
    openedOn: date('opened_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('social_work_stations_community_name_key').on(t.communityCode, t.name),
    index('social_work_stations_community_idx').on(t.communityCode, t.createdAt, t.id),
  ],
);

export const socialWorkers = pgTable(
  'social_workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Personal data: stored because certificates and service records need it, served masked.
    name: text('name').notNull(),
    certificationLevel: text('certification_level', { enum: ['assistant', 'intermediate', 'senior'] }),
    certificateNumber: text('certificate_number').unique('social_workers_certificate_number_key'),
    certifiedOn: date('certified_on'),
    employment: text('employment', { enum: ['agency', 'government_post'] }).notNull(),
    employerOrganizationId: uuid('employer_organization_id'),
    communityCode: text('community_code').notNull(),
    stationId: uuid('station_id').references((): AnyPgColumn => socialWorkStations.id),
    registeredAt: timestamp('registered_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    // The token subject of the worker's platform account: how a signed-in social worker is matched
    // to their own record (see src/authorization.ts). Never served.
    accountSubject: text('account_subject').unique('social_workers_account_subject_key'),
    // A social-work graduate (科班): counted among the professionals in social organizations when
    // employed by an agency (Qingshan's "87 professionals inside organizations").
    socialWorkGraduate: boolean('social_work_graduate').notNull().default(false),
  },
  (t) => [
    index('social_workers_community_idx').on(t.communityCode, t.registeredAt, t.id),
    index('social_workers_station_idx').on(t.stationId),
  ],
);

export const socialWorkerTrainings = pgTable(
  'social_worker_trainings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    socialWorkerId: uuid('social_worker_id').notNull().references(() => socialWorkers.id),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    trainedOn: date('trained_on').notNull(),
    minutes: integer('minutes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('social_worker_trainings_worker_idx').on(t.socialWorkerId, t.createdAt, t.id), check('social_worker_trainings_minutes_check', sql`${t.minutes} > 0`)],
);

/** 督导: one social worker supervising another. */
export const supervisions = pgTable(
  'supervisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    supervisorId: uuid('supervisor_id').notNull().references(() => socialWorkers.id),
    superviseeId: uuid('supervisee_id').notNull().references(() => socialWorkers.id),
    supervisedOn: date('supervised_on').notNull(),
    minutes: integer('minutes').notNull(),
    topics: text('topics').array().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('supervisions_supervisor_idx').on(t.supervisorId),
    index('supervisions_supervisee_idx').on(t.superviseeId),
    check('supervisions_distinct_check', sql`${t.supervisorId} <> ${t.superviseeId}`),
  ],
);

/** 绩效评估 by a third party, of a station or of a social worker. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluatorOrganizationId: uuid('evaluator_organization_id').notNull(),
    stationId: uuid('station_id').references(() => socialWorkStations.id),
    socialWorkerId: uuid('social_worker_id').references(() => socialWorkers.id),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    score: integer('score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluations_station_idx').on(t.stationId),
    index('evaluations_worker_idx').on(t.socialWorkerId),
    check('evaluations_one_subject_check', sql`(${t.stationId} is null) <> (${t.socialWorkerId} is null)`),
    check('evaluations_score_check', sql`${t.score} between 0 and 100`),
  ],
);

export type SocialWorkerRow = typeof socialWorkers.$inferSelect;
export type SocialWorkStationRow = typeof socialWorkStations.$inferSelect;
export type SocialWorkerTrainingRow = typeof socialWorkerTrainings.$inferSelect;
export type SupervisionRow = typeof supervisions.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;
