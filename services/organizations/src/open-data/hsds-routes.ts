import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUuid, sendJson, type Route } from '@sanshe/service-kit';
import type { Db } from '../context.ts';
import { hsdsOrganization, hsdsOrganizationSummary, hsdsService, hsdsServiceSummary } from './hsds-mapping.ts';
import { findPublishedOrganization, findPublishedService, listPublishedOrganizations, listPublishedServices, type PageRequest } from './hsds-store.ts';

/** Mounted here in the subgraph; the gateway serves it as /open-data/hsds/… */
export const HSDS_PREFIX = '/hsds';
export const HSDS_VERSION = '3.0';
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

class BadRequest extends Error {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

function positiveInt(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new BadRequest(`${name} must be a whole number from 1 to ${max}`, name);
  return Number(raw);
}

function readPage(params: URLSearchParams): PageRequest {
  return { page: positiveInt(params, 'page', 1, 1_000_000), perPage: positiveInt(params, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE) };
}

function readSearch(params: URLSearchParams): string | null {
  const search = params.get('search')?.trim() ?? '';
  if (search.length > 100) throw new BadRequest('search has at most 100 characters', 'search');
  // PostgreSQL stores no NUL in text: the statement would fail, an internal error to the caller.
  if (search.includes('\u0000')) throw new BadRequest('search may not contain a NUL character (U+0000)', 'search');
  return search || null;
}

/** The HSDS Page envelope (openapi.json components.schemas.Page) around `contents`. */
function page<T>(request: PageRequest, total: number, contents: T[]) {
  const totalPages = Math.ceil(total / request.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: request.page,
    size: contents.length,
    first_page: request.page === 1,
    last_page: request.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const notFound = (res: ServerResponse, what: string) => sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no ${what} with this id` } });

async function answer(db: Db, path: string, params: URLSearchParams, res: ServerResponse): Promise<void> {
  const [collection, id, ...rest] = path.split('/').filter(Boolean);
  if (rest.length > 0) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no such open-data resource' } });
  if (collection === undefined) return sendJson(res, 200, { version: HSDS_VERSION, profile: 'https://docs.openreferral.org/en/3.0/' });
  if (collection === 'organizations' && id === undefined) {
    const request = { ...readPage(params), search: readSearch(params) };
    const { rows, total } = await listPublishedOrganizations(db, request);
    return sendJson(res, 200, page(request, total, rows.map(hsdsOrganizationSummary)));
  }
  if (collection === 'organizations') {
    const row = await findPublishedOrganization(db, id!);
    return row ? sendJson(res, 200, hsdsOrganization(row)) : notFound(res, 'organization');
  }
  if (collection === 'services' && id === undefined) {
    const organizationId = params.get('organization_id');
    if (organizationId !== null && !isUuid(organizationId)) throw new BadRequest('organization_id must be a UUID', 'organization_id');
    const request = { ...readPage(params), search: readSearch(params), organizationId };
    const { services, total } = await listPublishedServices(db, request);
    return sendJson(res, 200, page(request, total, services.map((s) => hsdsServiceSummary(s.organization, s.field))));
  }
  if (collection === 'services') {
    const found = await findPublishedService(db, id!);
    return found ? sendJson(res, 200, hsdsService(found.organization, found.field)) : notFound(res, 'service');
  }
  return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no such open-data resource' } });
}

/**
 * The HSDS 3 read API (Open Referral): /hsds, /hsds/organizations[/{id}], /hsds/services[/{id}].
 * Behind the subgraph secret like /graphql (the service kit guards every route): only the gateway
 * calls it.
 */
export function hsdsRoutes(options: { db: Db }): Route[] {
  const route: Route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== HSDS_PREFIX && !url.pathname.startsWith(`${HSDS_PREFIX}/`)) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'open data is read with GET' } }, { allow: 'GET' });
      return true;
    }
    try {
      await answer(options.db, url.pathname.slice(HSDS_PREFIX.length), url.searchParams, res);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      sendJson(res, 400, { error: { code: 'BAD_USER_INPUT', message: error.message, field: error.field } });
    }
    return true;
  };
  return [route];
}
