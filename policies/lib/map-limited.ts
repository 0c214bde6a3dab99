/**
 * Maps `fn` over `items` with at most `limit` calls running at once; the results keep the order
 * of `items`. (p-map does this, but its current majors are ES modules only, which this CommonJS
 * build cannot require on Node 20.)
 */
export async function mapLimited<T, R>(
    items: readonly T[],
    limit: number,
    fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
    return out;
}
