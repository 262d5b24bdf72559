import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECRET_HEADER, sendJson, type Logger, type Route } from '@sanshe/service-kit';
import type { ServiceName } from '@sanshe/infra/services';
import type { GatewayEnvironment } from '../environment.ts';

/**
 * Open data the gateway publishes, each served by the subgraph that owns it:
 *   /open-data/hsds/…                  Open Referral HSDS 3 (organizations subgraph, /hsds/…)
 *   /open-data/360giving/grants.json   360Giving package (funding subgraph, same path)
 */
export interface OpenDataMount {
  prefix: string;
  service: ServiceName;
  /** The subgraph's path for the same resources, beside its /graphql. */
  upstreamPrefix: string;
}

export const OPEN_DATA_MOUNTS: OpenDataMount[] = [
  { prefix: '/open-data/hsds', service: 'organizations', upstreamPrefix: 'hsds' },
  { prefix: '/open-data/360giving', service: 'funding', upstreamPrefix: 'open-data/360giving' },
];

/** Resource paths are a few plain segments (organizations/{uuid}, grants.json); nothing else leaves the gateway. */
const SAFE_PATH = /^(\/(?!\.)[A-Za-z0-9_.-]{1,64}){0,2}\/?$/;

/** The subgraph's URL for `rest` under `upstreamPrefix`, beside its /graphql (as readyzUrl does for /readyz). */
export function upstreamUrl(subgraphUrl: string, upstreamPrefix: string, rest: string, search: string): string {
  const base = new URL(subgraphUrl);
  base.search = '';
  base.hash = '';
  base.pathname = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${upstreamPrefix}${rest.replace(/\/+$/, '')}`, base);
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
 * Open data is public and anonymous. The gateway only relays GET requests to the owning subgraph
 * with that subgraph's secret, bounded by SUBGRAPH_TIMEOUT_MS; the subgraph decides what is public.
 */
export function openDataRoutes(env: GatewayEnvironment, logger?: Logger, mounts: OpenDataMount[] = OPEN_DATA_MOUNTS): Route[] {
  return mounts.map((mount) => openDataRoute(env, mount, logger));
}

function openDataRoute(env: GatewayEnvironment, mount: OpenDataMount, logger?: Logger): Route {
  const target = env.subgraphs[mount.service];
  const subgraph = mount.service;
  const timeoutMs = env.gateway.SUBGRAPH_TIMEOUT_MS;
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== mount.prefix && !url.pathname.startsWith(`${mount.prefix}/`)) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'open data is read with GET' } }, { ...CORS, allow: 'GET' });
      return true;
    }
    const rest = url.pathname.slice(mount.prefix.length);
    if (!SAFE_PATH.test(rest)) {
      fail(res, 404, 'NOT_FOUND', 'no such open-data resource');
      return true;
    }
    let upstream: Response;
    try {
      upstream = await fetch(upstreamUrl(target.url, mount.upstreamPrefix, rest, url.search), {
        headers: { [SECRET_HEADER]: target.secret, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error)) {
        logger?.warn({ subgraph, timeoutMs }, 'open data: subgraph timed out');
        fail(res, 504, 'SUBGRAPH_TIMEOUT', `the ${subgraph} subgraph did not answer within ${timeoutMs} ms`);
      } else {
        logger?.warn({ subgraph, err: error }, 'open data: subgraph unreachable');
        fail(res, 502, 'SUBGRAPH_UNAVAILABLE', `the ${subgraph} subgraph is unavailable`);
      }
      return true;
    }
    let body: string;
    try {
      body = await upstream.text();
    } catch (error) {
      logger?.warn({ subgraph, err: error }, 'open data: subgraph response failed');
      fail(res, isTimeout(error) ? 504 : 502, isTimeout(error) ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_ERROR', `the ${subgraph} subgraph failed`);
      return true;
    }
    // 401/403 means the gateway's secret is wrong, and 5xx is the subgraph's fault: neither is the caller's.
    if (upstream.status === 401 || upstream.status === 403 || upstream.status >= 500) {
      logger?.error({ subgraph, status: upstream.status }, 'open data: subgraph answered with an error');
      fail(res, 502, 'SUBGRAPH_ERROR', `the ${subgraph} subgraph failed (HTTP ${upstream.status})`);
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
}
