import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECRET_HEADER, sendJson, type Logger, type Route } from '@sanshe/service-kit';
import type { GatewayEnvironment } from '../environment.ts';

/** Public path on the gateway; the organizations subgraph serves the same resources under /hsds. */
export const OPEN_DATA_HSDS_PREFIX = '/open-data/hsds';

/** Resource paths are a few plain segments (organizations/{uuid}); anything else never leaves the gateway. */
const SAFE_PATH = /^(\/[A-Za-z0-9_-]{1,64}){0,2}\/?$/;

/** The organizations subgraph's /hsds URL for `rest`, beside its /graphql (as readyzUrl does for /readyz). */
export function hsdsUpstreamUrl(subgraphUrl: string, rest: string, search: string): string {
  const base = new URL(subgraphUrl);
  base.search = '';
  base.hash = '';
  base.pathname = base.pathname.replace(/\/+$/, '');
  const url = new URL(`hsds${rest.replace(/\/+$/, '')}`, base);
  url.search = search;
  return url.toString();
}

const CORS = { 'access-control-allow-origin': '*' };

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } }, CORS);
}

function isTimeout(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth += 1) {
    if (e.name === 'TimeoutError') return true;
  }
  return false;
}

/**
 * /open-data/hsds/… — the Open Referral HSDS 3 read API, public and anonymous. The gateway only
 * relays GET requests to the organizations subgraph with that subgraph's secret, bounded by
 * SUBGRAPH_TIMEOUT_MS; the subgraph decides what is public.
 */
export function openDataRoutes(env: GatewayEnvironment, logger?: Logger): Route[] {
  const target = env.subgraphs.organizations;
  const timeoutMs = env.gateway.SUBGRAPH_TIMEOUT_MS;
  const route: Route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== OPEN_DATA_HSDS_PREFIX && !url.pathname.startsWith(`${OPEN_DATA_HSDS_PREFIX}/`)) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'open data is read with GET' } }, { ...CORS, allow: 'GET' });
      return true;
    }
    const rest = url.pathname.slice(OPEN_DATA_HSDS_PREFIX.length);
    if (!SAFE_PATH.test(rest)) {
      fail(res, 404, 'NOT_FOUND', 'no such open-data resource');
      return true;
    }
    let upstream: Response;
    try {
      upstream = await fetch(hsdsUpstreamUrl(target.url, rest, url.search), {
        headers: { [SECRET_HEADER]: target.secret, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error)) {
        logger?.warn({ subgraph: 'organizations', timeoutMs }, 'open data: subgraph timed out');
        fail(res, 504, 'SUBGRAPH_TIMEOUT', `the organizations subgraph did not answer within ${timeoutMs} ms`);
      } else {
        logger?.warn({ subgraph: 'organizations', err: error }, 'open data: subgraph unreachable');
        fail(res, 502, 'SUBGRAPH_UNAVAILABLE', 'the organizations subgraph is unavailable');
      }
      return true;
    }
    let body: string;
    try {
      body = await upstream.text();
    } catch (error) {
      logger?.warn({ subgraph: 'organizations', err: error }, 'open data: subgraph response failed');
      fail(res, isTimeout(error) ? 504 : 502, isTimeout(error) ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_ERROR', 'the organizations subgraph failed');
      return true;
    }
    // 401/403 means the gateway's secret is wrong, and 5xx is the subgraph's fault: neither is the caller's.
    if (upstream.status === 401 || upstream.status === 403 || upstream.status >= 500) {
      logger?.error({ subgraph: 'organizations', status: upstream.status }, 'open data: subgraph answered with an error');
      fail(res, 502, 'SUBGRAPH_ERROR', `the organizations subgraph failed (HTTP ${upstream.status})`);
      return true;
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...CORS,
    });
    res.end(body);
    return true;
  };
  return [route];
}
