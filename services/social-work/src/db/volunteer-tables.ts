import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

export const volunteers = pgTable(
  'volunteers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Personal data, stored for the records and certificates and served masked.
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    idNumber: text('id_number').notNull().unique('volunteers_id_number_key'),
    communityCode: text('community_code').notNull(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    registeredAt: timestamp('registered_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('volunteers_community_idx').on(t.communityCode, t.registeredAt, t.id)],
);

export const volunteerTrainings = pgTable(
  'volunteer_trainings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id').notNull().references(() => volunteers.id),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    trainedOn: date('trained_on').notNull(),
    minutes: integer('minutes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('volunteer_trainings_volunteer_idx').on(t.volunteerId, t.createdAt, t.id), check('volunteer_trainings_minutes_check', sql`${t.minutes} > 0`)],
);

export const volunteerCommendations = pgTable(
  'volunteer_commendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id').notNull().references(() => volunteers.id),
    title: text('title').notNull(),
    conferredBy: text('conferred_by').notNull(),
    conferredOn: date('conferred_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('volunteer_commendations_volunteer_idx').on(t.volunteerId, t.createdAt, t.id)],
);

/**
 * 志愿服务记录: whole minutes (1–1440), either a time span (starts_at/ends_at) or a duration on a
 * date. Counted towards certificates once the recording organization verified it.
 */
export const volunteerServiceRecords = pgTable(
  'volunteer_service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id').notNull().references(() => volunteers.id),
    organizationId: uuid('organization_id').notNull(),
    activity: text('activity').notNull(),
    serviceDate: date('service_date').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }),
    endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }),
    minutes: integer('minutes').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true, precision: 3 }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_service_records_volunteer_idx').on(t.volunteerId, t.serviceDate),
    index('volunteer_service_records_organization_idx').on(t.organizationId, t.recordedAt, t.id),
    check('volunteer_service_records_minutes_check', sql`${t.minutes} between 1 and 1440`),
    check('volunteer_service_records_span_check', sql`(${t.startsAt} is null) = (${t.endsAt} is null) and (${t.startsAt} is null or ${t.endsAt} > ${t.startsAt})`),
  ],
);

/** 志愿服务记录证明: the issuing organization's verified records of one volunteer up to the issue date. */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique('volunteer_certificates_number_key'),
    volunteerId: uuid('volunteer_id').notNull().references(() => volunteers.id),
    organizationId: uuid('organization_id').notNull(),
    // Personal data of the issuing organization's handler (经办人): served masked.
    handlerName: text('handler_name').notNull(),
    issuedOn: date('issued_on').notNull(),
    totalMinutes: integer('total_minutes').notNull(),
    recordCount: integer('record_count').notNull(),
    firstServiceDate: date('first_service_date').notNull(),
    lastServiceDate: date('last_service_date').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('volunteer_certificates_volunteer_idx').on(t.volunteerId, t.issuedAt, t.id), index('volunteer_certificates_organization_idx').on(t.organizationId)],
);

/** Exactly which records a certificate covers: the total is reproducible from them. */
export const volunteerCertificateRecords = pgTable(
  'volunteer_certificate_records',
  {
    certificateId: uuid('certificate_id').notNull().references(() => volunteerCertificates.id),
    recordId: uuid('record_id').notNull().references(() => volunteerServiceRecords.id),
  },
  (t) => [primaryKey({ columns: [t.certificateId, t.recordId] }), index('volunteer_certificate_records_record_idx').on(t.recordId)],
);

export type VolunteerRow = typeof volunteers.$inferSelect;
export type VolunteerTrainingRow = typeof volunteerTrainings.$inferSelect;
export type VolunteerCommendationRow = typeof volunteerCommendations.$inferSelect;
export type VolunteerServiceRecordRow = typeof volunteerServiceRecords.$inferSelect;
export type VolunteerCertificateRow = typeof volunteerCertificates.$inferSelect;
