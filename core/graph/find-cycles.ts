import { stronglyConnectedComponents } from './strongly-connected-components.js';

/**
 * One cycle per strongly connected component with more than one node (the shortest cycle through
 * its smallest node), plus every self-loop. Node ids rank like names, so each cycle starts at its
 * smallest name. `adjacency` lists must be sorted ascending. Cycles are sorted; linear overall.
 */
export function findCycles(adjacency: number[][]): number[][] {
  const { component, components } = stronglyConnectedComponents(adjacency);
  const cycles: number[][] = [];
  for (const members of components) {
    if (members.length > 1) cycles.push(shortestCycle(members.reduce((a, b) => Math.min(a, b)), adjacency, component));
  }
  adjacency.forEach((targets, v) => {
    if (targets.includes(v)) cycles.push([v]);
  });
  return cycles.sort(compareIdLists);
}

/** Breadth-first from `start` inside its component until an edge leads back to `start`. */
function shortestCycle(start: number, adjacency: number[][], component: Int32Array): number[] {
  const previous = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    for (const v of adjacency[u]) {
      if (v === u || component[v] !== component[start]) continue;
      if (v === start) return pathTo(u, previous);
      if (previous.has(v)) continue;
      previous.set(v, u);
      queue.push(v);
    }
  }
  throw new Error('internal: a strongly connected component without a cycle');
}

function pathTo(end: number, previous: Map<number, number>): number[] {
  const path: number[] = [];
  for (let v = end; v !== -1; v = previous.get(v) as number) path.push(v);
  return path.reverse();
}

function compareIdLists(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
