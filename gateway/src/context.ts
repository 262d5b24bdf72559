import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseContext } from '@apollo/server';
import { anonymous, type Identity } from '@sanshe/service-kit';

/** What every operation through the gateway carries; the data source forwards `identity`. */
export interface GatewayContext extends BaseContext {
  identity: Identity;
}

/**
 * Builds the context for one request. This is the one place authentication will plug in: verify
 * the caller here and put their Identity on the context (or answer 401 on `res` and return null).
 * Until then every caller is anonymous. Client-sent identity headers are never trusted or
 * forwarded: subgraphs only ever see the identity the gateway puts on the context.
 */
export async function createGatewayContext(_req: IncomingMessage, _res: ServerResponse): Promise<GatewayContext | null> {
  return { identity: anonymous };
}
