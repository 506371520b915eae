/**
 * Breadth-first walk from `starts` along `adjacency`, up to `depth` steps (undefined: no limit).
 * Returns every node reached in at least one step, each once, in the order reached; a start is only
 * included if it is reachable from a start (another one, or itself through a cycle). Linear in the edges
 * walked; the result is also the queue (no array per level: a diff walks thousands of nodes).
 */
export function walkGraph(starts: Iterable<number>, adjacency: number[][], depth?: number): number[] {
  const seen = new Uint8Array(adjacency.length);
  const reached: number[] = [];
  if (depth !== undefined && depth < 1) return reached;
  for (const u of starts) {
    for (const v of adjacency[u]) {
      if (seen[v]) continue;
      seen[v] = 1;
      reached.push(v);
    }
  }
  let next = 0;
  for (let level = 1; next < reached.length && (depth === undefined || level < depth); level++) {
    for (const end = reached.length; next < end; next++) {
      for (const v of adjacency[reached[next]]) {
        if (seen[v]) continue;
        seen[v] = 1;
        reached.push(v);
      }
    }
  }
  return reached;
}
