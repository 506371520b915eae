import { graphView } from '../graph/graph-view.js';
import type { ModelGraph } from '../graph/model-graph.js';
import { isDownstreamOnly } from './describe-change.js';
import type { ModelDiff } from './diff-types.js';

const CLASSES: Record<string, string> = {
  added: 'fill:#d9f0d3,stroke:#4e9a06,stroke-width:2px',
  removed: 'fill:#fde0dd,stroke:#cc0000,stroke-dasharray:4 4',
  modified: 'fill:#fdf2d0,stroke:#c4a000,stroke-width:2px',
  downstream: 'fill:#ffffff,stroke:#c4a000',
  formatting: 'fill:#ffffff,stroke:#888888,stroke-dasharray:2 2',
  metadata: 'fill:#eef3fb,stroke:#3465a4,stroke-dasharray:2 2',
};

const HEADER = 'flowchart LR';
/** The characters of a node's line besides its name (twice) and the newline, with the shortest class name. */
const MIN_NODE_LINE = '  m_[""]:::'.length + Math.min(...Object.keys(CLASSES).map((name) => name.length)) + 1;

/**
 * The largest diagram drawn. Mermaid (GitHub's, and by default everyone's) refuses diagrams above 50,000
 * characters or 500 edges; the character limit leaves room for the rest of a comment.
 */
export const MERMAID_LIMITS: MermaidLimits = Object.freeze({ maxChars: 40_000, maxEdges: 500 });

export interface MermaidLimits {
  readonly maxChars: number;
  readonly maxEdges: number;
}

/** The mermaid class of a changed model: downstream models are the ones modified only because of a parent. */
export function changeClass(diff: ModelDiff | undefined): string {
  if (!diff) return 'downstream';
  if (diff.change === 'modified') return isDownstreamOnly(diff) ? 'downstream' : 'modified';
  if (diff.change === 'added' || diff.change === 'removed') return diff.change;
  return diff.change === 'metadata-only' ? 'metadata' : 'formatting';
}

/**
 * A mermaid flowchart of `names` (edges between them), each node styled by how it changed; null when it
 * would exceed `limits` (mermaid could not draw it). Gives up as soon as it knows: a diff of thousands of
 * affected models does not build a diagram nobody can draw.
 */
export function renderDiffMermaid(
  graph: ModelGraph, names: Iterable<string>, changes: ReadonlyMap<string, ModelDiff>, limits: MermaidLimits = MERMAID_LIMITS,
): string | null {
  const selected = new Set<string>();
  // Every node's line is at least `  m_<name>["<name>"]:::added` and a newline: past the size limit with
  // the nodes alone, a diagram is given up before its edges are counted or its lines written.
  let least = HEADER.length + 1;
  for (const name of names) {
    if (!graph.has(name)) continue;
    selected.add(name);
    least += MIN_NODE_LINE + 2 * name.length;
    if (least > limits.maxChars) return null;
  }
  if (edgesWithin(graph, selected, limits.maxEdges) > limits.maxEdges) return null;
  const view = graphView(graph, selected);
  const ids = mermaidIds();
  const lines = [HEADER];
  let size = lines[0].length + 1;
  const add = (line: string) => {
    lines.push(line);
    size += line.length + 1;
    return size <= limits.maxChars;
  };
  const used = new Set<string>();
  for (const node of view.nodes) {
    const style = changeClass(changes.get(node.name));
    used.add(style);
    if (!add(`  ${ids(node.name)}["${node.name.replace(/"/g, '#quot;')}"]:::${style}`)) return null;
  }
  for (const edge of view.edges) if (!add(`  ${ids(edge.from)} --> ${ids(edge.to)}`)) return null;
  for (const [name, style] of Object.entries(CLASSES)) if (used.has(name) && !add(`  classDef ${name} ${style}`)) return null;
  return `${lines.join('\n')}\n`;
}

/** The edges between `selected` nodes, counted up to one past `max`. */
function edgesWithin(graph: ModelGraph, selected: ReadonlySet<string>, max: number): number {
  let edges = 0;
  for (const name of selected) {
    for (const child of graph.children(name)) if (selected.has(child) && ++edges > max) return edges;
  }
  return edges;
}

/** Mermaid ids (`m_<name>`, letters, digits and `_`), unique even when two names sanitize alike. */
function mermaidIds(): (name: string) => string {
  const assigned = new Map<string, string>();
  const taken = new Set<string>();
  return (name) => {
    let id = assigned.get(name);
    if (id !== undefined) return id;
    const base = `m_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    assigned.set(name, id);
    taken.add(id);
    return id;
  };
}
