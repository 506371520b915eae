import { compareNames } from './compare-names.js';
import type { GraphNode, ModelGraph } from './model-graph.js';

export interface GraphEdge {
  from: string;
  to: string;
}

export interface SourceView {
  /** `source.table`. */
  name: string;
  /** Selected models that read it, sorted. */
  children: string[];
}

/** The part of a graph to draw: selected nodes, edges between them, and the sources and seeds they read; all sorted. */
export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  sources: SourceView[];
  /** Seeds the selected models ref (name and readers, as sources). */
  seeds: SourceView[];
}

export function graphView(graph: ModelGraph, names: Iterable<string>, seeds: ReadonlyMap<string, readonly string[]> = new Map()): GraphView {
  const selected = new Set([...names].filter((name) => graph.has(name)));
  const nodes = [...selected].sort(compareNames).map((name) => graph.node(name) as GraphNode);
  const edges: GraphEdge[] = []; // sorted by from, then to: nodes and children are both in name order
  const sources = new Map<string, Set<string>>();
  const seedReaders = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, reader: string) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)?.add(reader);
  };
  for (const node of nodes) {
    for (const child of graph.children(node.name)) {
      if (selected.has(child)) edges.push({ from: node.name, to: child });
    }
    for (const source of node.sources) add(sources, source, node.name);
  }
  // Seeds (by name, with the models reading them) the selected models read.
  for (const [seed, readers] of seeds) for (const reader of readers) if (selected.has(reader)) add(seedReaders, seed, reader);
  const views = (map: Map<string, Set<string>>) => [...map.keys()].sort(compareNames).map((name) => ({ name, children: [...(map.get(name) ?? [])] }));
  return { nodes, edges, sources: views(sources), seeds: views(seedReaders) };
}
