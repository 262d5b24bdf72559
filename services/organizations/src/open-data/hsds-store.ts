import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { isUuid, knownRegions } from '@sanshe/service-kit';
import { organizations, type OrganizationState } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { SERVICE_FIELD_LABELS, SERVICE_FIELDS } from '../domain/labels.ts';
import { nameConditions } from '../domain/organization-search.ts';
import { candidatesFor } from './hsds-ids.ts';
import type { PublishedOrganization } from './hsds-mapping.ts';

/** Everything that has been filed or registered is public; an organization still preparing is not. */
export const PUBLISHED_STATES: OrganizationState[] = ['filed', 'recommended', 'registered', 'suspended', 'deregistered'];

export interface PageRequest {
  page: number;
  perPage: number;
}

const published = inArray(organizations.state, PUBLISHED_STATES);

async function withCommunityNames(db: Db, where: SQL | undefined, order?: { limit: number; offset: number }): Promise<PublishedOrganization[]> {
  const base = db
    .select({ organization: organizations, communityName: knownRegions.name })
    .from(organizations)
    .leftJoin(knownRegions, eq(knownRegions.code, organizations.communityCode))
    .where(where)
    .orderBy(asc(organizations.createdAt), asc(organizations.id));
  const rows = order ? await base.limit(order.limit).offset(order.offset) : await base;
  return rows.map((r) => ({ ...r.organization, communityName: r.communityName }));
}

/** Organizations in the order they were recorded, page by page. */
export async function listPublishedOrganizations(db: Db, request: PageRequest & { search: string | null }) {
  const where = and(published, ...(request.search ? nameConditions(request.search) : []));
  const [rows, [total]] = await Promise.all([
    withCommunityNames(db, where, { limit: request.perPage, offset: (request.page - 1) * request.perPage }),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findPublishedOrganization(db: Db, id: string): Promise<PublishedOrganization | null> {
  if (!isUuid(id)) return null;
  const [row] = await withCommunityNames(db, and(published, eq(organizations.id, id.toLowerCase())));
  return row ?? null;
}

/** Fields whose Chinese label contains `search`, so 养老 finds every 养老服务. */
const fieldsLabelled = (search: string) => SERVICE_FIELDS.filter((f) => SERVICE_FIELD_LABELS[f]!.includes(search));

/**
 * One service per (organization, service field), in the organizations' order and then the order
 * of their fields: the flattening is done in SQL so paging never loads more than a page.
 */
export async function listPublishedServices(db: Db, request: PageRequest & { search: string | null; organizationId: string | null }) {
  const conditions: SQL[] = [sql`o.state in ${PUBLISHED_STATES}`];
  if (request.organizationId) conditions.push(sql`o.id = ${request.organizationId.toLowerCase()}::uuid`);
  if (request.search) {
    // The organizations' name search (with its bigram index), or a field whose label matches.
    const byName = and(...nameConditions(request.search, sql`o.name`))!;
    const labelled = fieldsLabelled(request.search);
    conditions.push(labelled.length ? sql`(${byName} or f.field in ${labelled})` : byName);
  }
  const where = sql.join(conditions, sql` and `);
  const from = sql`organizations o cross join lateral unnest(o.service_fields) with ordinality as f(field, ord)`;
  const [page, totals] = await Promise.all([
    db.execute<{ id: string; field: string }>(
      sql`select o.id, f.field from ${from} where ${where} order by o.created_at, o.id, f.ord limit ${request.perPage} offset ${(request.page - 1) * request.perPage}`,
    ),
    db.execute<{ n: number }>(sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  const ids = [...new Set(page.map((r) => r.id))];
  const rows = ids.length ? await withCommunityNames(db, inArray(organizations.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { services: page.map((r) => ({ organization: byId.get(r.id)!, field: r.field })), total: totals[0]?.n ?? 0 };
}

/** The organization and field behind a derived service id, if it is published and has that field. */
export async function findPublishedService(db: Db, id: string): Promise<{ organization: PublishedOrganization; field: string } | null> {
  if (!isUuid(id)) return null;
  const candidates = candidatesFor(id.toLowerCase(), SERVICE_FIELDS.map((f) => `service:${f}`));
  const rows = await withCommunityNames(db, and(published, inArray(organizations.id, candidates.map((c) => c.organizationId))));
  for (const { label, organizationId } of candidates) {
    const organization = rows.find((r) => r.id === organizationId);
    const field = label.slice('service:'.length);
    if (organization?.serviceFields.includes(field)) return { organization, field };
  }
  return null;
}
