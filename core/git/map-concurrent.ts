/** How many object reads are kept in flight: enough to overlap IO, few enough to keep memory flat. */
export const readConcurrency = 32;

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, so thousands of object reads
 * neither run one by one nor open thousands of files at once. Results keep the order of `items`.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
