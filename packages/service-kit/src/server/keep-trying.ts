import type { Logger } from '../logger.ts';

/** How long keepTrying waits after its `failures`-th failure: 0.5 s, 1 s, 2 s … at most 10 s. */
export function backoffMs(failures: number): number {
  return Math.min(500 * 2 ** (failures - 1), 10_000);
}

/**
 * Runs `attempt` until it succeeds, logging each failure and waiting longer after each
 * (backoffMs), and gives up only when `stopped()` says the service is shutting
 * down (then: null). For what a service needs from NATS before its events flow — JetStream,
 * the stream, its consumers: NATS restarting in the middle of that is a transient failure, and
 * giving up would leave a service that serves but never applies another event.
 */
export async function keepTrying<T>(
  what: string,
  attempt: () => Promise<T>,
  options: { logger: Logger; stopped: () => boolean; delayMs?: (failures: number) => number; onFailure?: () => void },
): Promise<T | null> {
  const delayMs = options.delayMs ?? backoffMs;
  for (let failures = 0; !options.stopped(); ) {
    try {
      return await attempt();
    } catch (error) {
      failures += 1;
      options.onFailure?.();
      options.logger.warn({ err: error, failures }, `${what}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs(failures)));
    }
  }
  return null;
}
