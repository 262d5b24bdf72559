import { z } from 'zod';
import { and, arrayContains, eq, gte, ilike, sql, type SQL } from 'drizzle-orm';
import { communityCode, streetCode } from '@sanshe/events';
import { parseInput, tablePage, type PageArgs, type TimeIdOrder, districtDate } from '@sanshe/service-kit';
import { ORGANIZATION_STATES, organizations } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { SERVICE_FIELDS } from './labels.ts';
import { CATEGORIES } from './organization-rules.ts';

const filterSchema = z.object({
  name: z.string().trim().min(1, 'a name to search for has at least 1 character').max(100).nullish(),
  communityCode: communityCode.nullish(),
  streetCode: streetCode.nullish(),
  track: z.enum(['filed', 'registered']).nullish(),
  category: z.enum(CATEGORIES).nullish(),
  serviceField: z.enum(SERVICE_FIELDS as [string, ...string[]]).nullish(),
  grade: z.number().int().min(1, 'grades are 1 to 5').max(5, 'grades are 1 to 5').nullish(),
  state: z.enum(ORGANIZATION_STATES).nullish(),
  hubKind: z.enum(['federation', 'alliance', 'hub']).nullish(),
});

export type OrganizationFilter = z.output<typeof filterSchema>;

export function parseFilter(filter: unknown): OrganizationFilter {
  return parseInput(filterSchema, filter ?? {}, 'filter');
}

/** Newest first: how portals and the district list organizations. */
export const NEWEST_FIRST: TimeIdOrder = { time: organizations.createdAt, id: organizations.id, direction: 'desc' };

/** `%` and `_` in a searched name are literal characters, not wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A name contains the searched text, case-insensitively (ILIKE decides). For two characters or
 * more, also: the name's two-character pieces include the text's — implied by the match, and
 * what lets the bigram index (migrations 0006–0007) find the candidates instead of reading every name.
 */
export function nameConditions(name: string, column: SQL | typeof organizations.name = organizations.name): SQL[] {
  const match = ilike(column, `%${escapeLike(name)}%`);
  if ([...name].length < 2) return [match];
  return [match, sql`text_bigrams(lower(${column})) @> text_bigrams(lower(${name}::text))`];
}

export function filterConditions(filter: OrganizationFilter, today: string = districtDate()): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.name) conditions.push(...nameConditions(filter.name));
  if (filter.communityCode) conditions.push(eq(organizations.communityCode, filter.communityCode));
  if (filter.streetCode) conditions.push(eq(organizations.streetCode, filter.streetCode));
  if (filter.track) conditions.push(eq(organizations.track, filter.track));
  if (filter.category) conditions.push(eq(organizations.category, filter.category));
  if (filter.serviceField) conditions.push(arrayContains(organizations.serviceFields, [filter.serviceField]));
  // The grade in force: an expired grade no longer counts.
  if (filter.grade) conditions.push(eq(organizations.grade, filter.grade), gte(organizations.gradeValidUntil, today));
  if (filter.state) conditions.push(eq(organizations.state, filter.state));
  if (filter.hubKind) conditions.push(eq(organizations.hubKind, filter.hubKind));
  return conditions.length ? and(...conditions) : undefined;
}

/** Search across the district, newest first, keyset-paged; `visible` narrows rows and count alike to what the caller may see. */
export function searchOrganizations(db: Db, filter: OrganizationFilter, args: PageArgs, visible?: SQL) {
  const where = and(filterConditions(filter), visible);
  return tablePage(db, organizations, NEWEST_FIRST, where, args);
}
