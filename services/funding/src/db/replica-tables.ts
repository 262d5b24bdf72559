import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/**
 * Evaluation grades (1A–5A) as organizations announced them (`organizations.organization.graded`):
 * eligibility rules such as "3A or above" read it. The shared known_organizations replica does
 * not carry grades, so funding keeps its own table from its own consumer.
 */
export const organizationGrades = pgTable(
  'organization_grades',
  {
    organizationId: uuid('organization_id').primaryKey(),
    grade: integer('grade').notNull(),
    score: integer('score').notNull(),
    validUntil: date('valid_until').notNull(),
    gradedAt: instant('graded_at').notNull(),
  },
  (t) => [check('organization_grades_grade_range', sql`${t.grade} between 1 and 5`)],
);

export type OrganizationGradeRow = typeof organizationGrades.$inferSelect;
