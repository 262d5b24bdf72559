/** A durable consumer with events still to apply: not yet delivered, or delivered and not acknowledged. */
export interface ConsumerBehind {
  consumer: string;
  pending: number;
}

/**
 * "b 10, a 3": the consumers still behind, furthest first, so a slow settle says at a glance
 * which consumer it is waiting for.
 */
export function formatBehind(behind: readonly ConsumerBehind[]): string {
  return [...behind]
    .sort((a, b) => b.pending - a.pending || a.consumer.localeCompare(b.consumer))
    .map(({ consumer, pending }) => `${consumer} ${pending}`)
    .join(', ');
}
