/**
 * Runs `work` over `items` with at most `concurrency` in flight, in order of start, and reports
 * progress every `every` items. The first failure stops new work and is rethrown.
 */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  progress?: (done: number, total: number) => void,
  every = 500,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= error;
        return;
      }
      done += 1;
      if (progress && (done % every === 0 || done === items.length)) progress(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== null) throw failure;
  return results;
}
