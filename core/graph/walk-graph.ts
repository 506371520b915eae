/**
 * Breadth-first walk from `starts` along `adjacency`, up to `depth` steps (undefined: no limit).
 * Returns every node reached in at least one step, each once; a start is only included if it is
 * reachable from a start (another one, or itself through a cycle). Linear in the edges walked.
 */
export function walkGraph(starts: Iterable<number>, adjacency: number[][], depth?: number): number[] {
  const seen = new Uint8Array(adjacency.length);
  const reached: number[] = [];
  let frontier = [...starts];
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const v of adjacency[u]) {
        if (seen[v]) continue;
        seen[v] = 1;
        reached.push(v);
        next.push(v);
      }
    }
    frontier = next;
  }
  return reached;
}
