import type { Logger } from '@sanshe/service-kit';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Apollo's formatError for the gateway. Errors with a code (validation, subgraph codes, the
 * subgraphs' domain codes passed through with `serviceName`) go out as they are; anything
 * uncoded is a gateway bug, so it is logged here and its message and stack stay inside.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const serviceName = formatted.extensions?.serviceName;
    // Subgraphs already mask their own internal errors; only log what the gateway itself produced.
    if (serviceName === undefined) {
      logger.error({ err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path }, 'gateway error');
    }
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(serviceName !== undefined ? { serviceName } : {}) },
    };
  };
}
