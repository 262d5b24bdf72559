import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Logger, type Route } from '@sanshe/service-kit';
import { REGION_STATISTICS_EXPORT } from './region-statistics-document.ts';
import { statisticsRows, toCsv } from './flatten.ts';

/**
 * GET /exports/region-statistics.csv|json?codes=150204,150204004&from=2014-01-01&to=2017-06-30[&children=true]
 *
 * The district data office's views as files. The route asks this gateway's own /graphql (on the
 * socket the request came in on) with the caller's Authorization header, so an export sees
 * exactly what the same query would: the same identity, limits, rate limit and plan cache.
 */
const PATH = /^\/exports\/region-statistics\.(csv|json)$/;
const MAX_CODES = 1000;

interface GraphQLResponse {
  data?: { regionStatistics?: Record<string, unknown>[] } | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

function refuse(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  sendJson(res, status, { error: { code, message, ...(field ? { field } : {}) } });
}

/** HTTP status for a GraphQL error code: the caller's mistakes are 4xx, anything else 502. */
function statusFor(code: string | undefined): number {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'RATE_LIMITED':
      return 429;
    default:
      return 502;
  }
}

export interface ExportQuery {
  format: 'csv' | 'json';
  codes: string[];
  from: string;
  to: string;
  children: boolean;
}

/** Reads the query string; returns a refusal (code, message, field) instead of throwing. */
export function parseExportQuery(url: URL): ExportQuery | { refusal: { message: string; field: string } } {
  const format = PATH.exec(url.pathname)?.[1] as 'csv' | 'json';
  const codes = (url.searchParams.get('codes') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (codes.length === 0) return { refusal: { message: 'codes: give one or more region codes, comma-separated', field: 'codes' } };
  if (codes.length > MAX_CODES) return { refusal: { message: `codes: at most ${MAX_CODES} regions per export`, field: 'codes' } };
  const from = url.searchParams.get('from');
  if (!from) return { refusal: { message: 'from: the first day of the period (YYYY-MM-DD) is required', field: 'from' } };
  const to = url.searchParams.get('to');
  if (!to) return { refusal: { message: 'to: the last day of the period (YYYY-MM-DD) is required', field: 'to' } };
  const childrenParam = url.searchParams.get('children') ?? 'false';
  if (!['true', 'false', '1', '0'].includes(childrenParam)) return { refusal: { message: 'children: true or false', field: 'children' } };
  return { format, codes, from, to, children: childrenParam === 'true' || childrenParam === '1' };
}

function selfUrl(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') && !address.startsWith('::ffff:') ? `[${address}]` : address.replace(/^::ffff:/, '');
  return `http://${host}:${req.socket.localPort}/graphql`;
}

export function exportRoutes(logger?: Logger, timeoutMs = 30_000): Route[] {
  return [
    async (req, res, url) => {
      if (!url.pathname.startsWith('/exports/')) return false;
      if (!PATH.test(url.pathname)) {
        refuse(res, 404, 'NOT_FOUND', 'exports: region-statistics.csv or region-statistics.json');
        return true;
      }
      if (req.method !== 'GET') {
        refuse(res, 405, 'METHOD_NOT_ALLOWED', 'exports are read with GET');
        return true;
      }
      const query = parseExportQuery(url);
      if ('refusal' in query) {
        refuse(res, 400, 'BAD_USER_INPUT', query.refusal.message, query.refusal.field);
        return true;
      }
      let body: GraphQLResponse;
      try {
        const response = await fetch(selfUrl(req), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            // Apollo's CSRF prevention wants a non-simple request; this header marks one.
            'apollo-require-preflight': 'true',
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          },
          body: JSON.stringify({
            query: REGION_STATISTICS_EXPORT,
            operationName: 'RegionStatisticsExport',
            variables: { codes: query.codes, from: query.from, to: query.to, children: query.children },
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = (await response.json()) as GraphQLResponse;
      } catch (error) {
        logger?.error({ err: error }, 'export: the gateway did not answer itself');
        refuse(res, 502, 'EXPORT_FAILED', 'the statistics could not be computed');
        return true;
      }
      const error = body.errors?.[0];
      const regions = body.data?.regionStatistics;
      if (error || !regions) {
        const code = error?.extensions?.code ?? 'EXPORT_FAILED';
        refuse(res, statusFor(code), code, error?.message ?? 'the statistics could not be computed', error?.extensions?.field);
        return true;
      }
      const filename = `region-statistics-${query.from}_${query.to}.${query.format}`;
      const disposition = `attachment; filename="${filename}"`;
      if (query.format === 'json') {
        const payload = JSON.stringify({ period: { from: query.from, to: query.to }, generatedAt: new Date().toISOString(), regions });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': disposition, 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
      } else {
        const csv = toCsv(statisticsRows(regions));
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition, 'content-length': Buffer.byteLength(csv) });
        res.end(csv);
      }
      return true;
    },
  ];
}
