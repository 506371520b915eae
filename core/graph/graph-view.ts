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

/** The part of a graph to draw: selected nodes, edges between them, and the sources they read; all sorted. */
export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  sources: SourceView[];
}

export function graphView(graph: ModelGraph, names: Iterable<string>): GraphView {
  const selected = new Set([...names].filter((name) => graph.has(name)));
  const nodes = [...selected].sort(compareNames).map((name) => graph.node(name) as GraphNode);
  const edges: GraphEdge[] = []; // sorted by from, then to: nodes and children are both in name order
  const sources = new Map<string, Set<string>>();
  for (const node of nodes) {
    for (const child of graph.children(node.name)) {
      if (selected.has(child)) edges.push({ from: node.name, to: child });
    }
    for (const source of node.sources) {
      if (!sources.has(source)) sources.set(source, new Set());
      sources.get(source)?.add(node.name);
    }
  }
  const sourceViews = [...sources.keys()].sort(compareNames).map((name) => ({ name, children: [...(sources.get(name) ?? [])] }));
  return { nodes, edges, sources: sourceViews };
}
