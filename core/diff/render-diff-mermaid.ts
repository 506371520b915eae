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
};

/** The mermaid class of a changed model: downstream models are the ones modified only because of a parent. */
export function changeClass(diff: ModelDiff | undefined): string {
  if (!diff) return 'downstream';
  if (diff.change === 'modified') return isDownstreamOnly(diff) ? 'downstream' : 'modified';
  if (diff.change === 'added' || diff.change === 'removed') return diff.change;
  return 'formatting';
}

/** A mermaid flowchart of `names` (edges between them), each node styled by how it changed. */
export function renderDiffMermaid(graph: ModelGraph, names: Iterable<string>, changes: ReadonlyMap<string, ModelDiff>): string {
  const view = graphView(graph, names);
  const ids = mermaidIds();
  const lines = ['flowchart LR'];
  const used = new Set<string>();
  for (const node of view.nodes) {
    const style = changeClass(changes.get(node.name));
    used.add(style);
    lines.push(`  ${ids(node.name)}["${node.name.replace(/"/g, '#quot;')}"]:::${style}`);
  }
  for (const edge of view.edges) lines.push(`  ${ids(edge.from)} --> ${ids(edge.to)}`);
  for (const [name, style] of Object.entries(CLASSES)) if (used.has(name)) lines.push(`  classDef ${name} ${style}`);
  return `${lines.join('\n')}\n`;
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
