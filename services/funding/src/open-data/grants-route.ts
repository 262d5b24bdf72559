import { secretsMatch, sendJson, SECRET_HEADER, type Route } from '@sanshe/service-kit';
import type { Queryable } from '../context.ts';
import { publishedGrants } from './published-grants.ts';
import { grantPackage } from './three-sixty-giving.ts';

/** Where the funding subgraph serves the package; the gateway mounts it at the same path. */
export const THREE_SIXTY_GIVING_PATH = '/open-data/360giving/grants.json';

/**
 * GET the 360Giving package. Behind the subgraph secret like /graphql: the gateway fetches it and
 * publishes it. With `subgraphSecret` the route checks the secret itself as well as service-kit's
 * guard does (a missing secret refuses everything). A package holds at least one grant (the
 * standard's minItems), so before the first award the answer is 404.
 */
export function threeSixtyGivingRoute(db: Queryable, subgraphSecret?: () => string | undefined): Route {
  return async (req, res, url) => {
    if (url.pathname !== THREE_SIXTY_GIVING_PATH) return false;
    const given = req.headers[SECRET_HEADER];
    const expected = subgraphSecret?.();
    if (subgraphSecret && (!expected || !secretsMatch(typeof given === 'string' ? given : undefined, expected))) {
      sendJson(res, 401, { errors: [{ message: 'this subgraph answers only the gateway', extensions: { code: 'UNAUTHENTICATED' } }] });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'use GET' }, { allow: 'GET, HEAD' });
      return true;
    }
    const grants = await publishedGrants(db);
    if (grants.length === 0) {
      sendJson(res, 404, { error: 'no grant has been awarded yet; a 360Giving package holds at least one' });
      return true;
    }
    sendJson(res, 200, grantPackage(grants), { 'cache-control': 'public, max-age=300' });
    return true;
  };
}
