import { availableParallelism } from 'node:os';
import { parseEnvironment, vars, z } from '@sanshe/env';
import { SERVICE_PORT, SERVICES, serviceEnvKey, type ServiceName } from '@sanshe/infra/services';

export interface SubgraphTarget {
  url: string;
  /** Sent as SECRET_HEADER; each subgraph has its own so one leaked secret opens one service. */
  secret: string;
}

/** `<KEY>_URL` and `<KEY>_SECRET` for every subgraph, flat, so each problem names its variable. */
function subgraphSection() {
  const shape: Record<string, z.ZodType> = {};
  for (const service of SERVICES) {
    const key = serviceEnvKey(service);
    shape[`${key}_URL`] = vars.url().default(`http://127.0.0.1:${SERVICE_PORT[service]}/graphql`);
    shape[`${key}_SECRET`] = vars.secret();
  }
  return z.object(shape);
}

export function gatewayEnvironmentSections(source: Record<string, string | undefined>) {
  return {
    gateway: z.object({
      GATEWAY_HOST: vars.string('127.0.0.1'),
      GATEWAY_PORT: vars.port(4000),
      GATEWAY_WORKERS: vars.positiveInt(availableParallelism()),
      // Every subgraph call is bounded: a stuck subgraph costs a client this long, never forever.
      SUBGRAPH_TIMEOUT_MS: vars.positiveInt(10_000),
      SHUTDOWN_GRACE_MS: vars.positiveInt(10_000),
      // On in development for tooling; production turns it off unless asked for.
      INTROSPECTION: vars.bool(source.NODE_ENV !== 'production'),
    }),
    subgraphs: subgraphSection(),
    log: z.object({ LOG_LEVEL: vars.logLevel() }),
  };
}

export interface GatewayEnvironment {
  gateway: {
    GATEWAY_HOST: string;
    GATEWAY_PORT: number;
    GATEWAY_WORKERS: number;
    SUBGRAPH_TIMEOUT_MS: number;
    SHUTDOWN_GRACE_MS: number;
    INTROSPECTION: boolean;
  };
  subgraphs: Record<ServiceName, SubgraphTarget>;
  log: { LOG_LEVEL: string };
}

/**
 * Reads the gateway's variables. Every missing or wrong variable is reported in one message
 * (then exit 1), or thrown as an `EnvironmentError` with `exitOnError: false` for tests.
 */
export function loadGatewayEnvironment(
  source: Record<string, string | undefined> = process.env,
  options?: { exitOnError?: boolean },
): GatewayEnvironment {
  const parsed = parseEnvironment(gatewayEnvironmentSections(source), source, options);
  const flat = parsed.subgraphs as Record<string, string>;
  const subgraphs = Object.fromEntries(
    SERVICES.map((service) => {
      const key = serviceEnvKey(service);
      return [service, { url: flat[`${key}_URL`]!, secret: flat[`${key}_SECRET`]! }];
    }),
  ) as Record<ServiceName, SubgraphTarget>;
  return { gateway: parsed.gateway, subgraphs, log: parsed.log };
}
