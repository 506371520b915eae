import { graphView, type GraphEdge } from './graph-view.js';
import type { ModelGraph } from './model-graph.js';

export interface GraphJson {
  nodes: { name: string; path: string; materialized: string; tags: string[] }[];
  /** Parent to child, between selected models. */
  edges: GraphEdge[];
  /** Sources read by selected models, with the models that read them. */
  sources: { name: string; children: string[] }[];
  /** Seeds the selected models ref, with the models that ref them. */
  seeds: { name: string; children: string[] }[];
}

const DOT_STYLES: Record<string, string> = {
  view: 'style="rounded"',
  table: 'style="filled", fillcolor="#dbe9f6"',
  incremental: 'style="filled,bold", fillcolor="#d9f0d3"',
  ephemeral: 'style="dashed"',
};

const MERMAID_CLASSES: Record<string, string> = {
  view: 'fill:#ffffff,stroke:#555555',
  table: 'fill:#dbe9f6,stroke:#3465a4',
  incremental: 'fill:#d9f0d3,stroke:#4e9a06,stroke-width:2px',
  ephemeral: 'fill:#ffffff,stroke:#888888,stroke-dasharray:4 4',
  source: 'fill:#fdf2d0,stroke:#c4a000',
  seed: 'fill:#f3e8fd,stroke:#75507b',
};

/** Graphviz DOT, data flowing left to right; sources are cylinders named `source:<source.table>`, seeds notes named `seed:<name>`. */
export function renderDot(graph: ModelGraph, names: Iterable<string>, seeds?: ReadonlyMap<string, readonly string[]>): string {
  const view = graphView(graph, names, seeds);
  const dotId = memo(quoteDot);
  const lines = ['digraph models {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const source of view.sources) lines.push(`  ${dotId(`source:${source.name}`)} [label=${dotId(source.name)}, shape=cylinder];`);
  for (const seed of view.seeds) lines.push(`  ${dotId(`seed:${seed.name}`)} [label=${dotId(seed.name)}, shape=note];`);
  for (const node of view.nodes) {
    const style = Object.hasOwn(DOT_STYLES, node.materialized) ? DOT_STYLES[node.materialized] : undefined;
    lines.push(`  ${dotId(node.name)} [label=${dotId(node.name)}${style ? `, ${style}` : ''}];`);
  }
  for (const source of view.sources) {
    for (const child of source.children) lines.push(`  ${dotId(`source:${source.name}`)} -> ${dotId(child)};`);
  }
  for (const seed of view.seeds) {
    for (const child of seed.children) lines.push(`  ${dotId(`seed:${seed.name}`)} -> ${dotId(child)};`);
  }
  for (const edge of view.edges) lines.push(`  ${dotId(edge.from)} -> ${dotId(edge.to)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A Mermaid flowchart; models are `m_<name>`, sources `s_<name>` cylinders, seeds `d_<name>`, styled by materialization. */
export function renderMermaid(graph: ModelGraph, names: Iterable<string>, seeds?: ReadonlyMap<string, readonly string[]>): string {
  const view = graphView(graph, names, seeds);
  const ids = new MermaidIds();
  const lines = ['flowchart LR'];
  const used = new Set<string>();
  for (const source of view.sources) {
    lines.push(`  ${ids.of('s', source.name)}[(${mermaidLabel(source.name)})]:::source`);
    used.add('source');
  }
  for (const seed of view.seeds) {
    lines.push(`  ${ids.of('d', seed.name)}[/${mermaidLabel(seed.name)}/]:::seed`);
    used.add('seed');
  }
  for (const node of view.nodes) {
    const styled = Object.hasOwn(MERMAID_CLASSES, node.materialized) && node.materialized !== 'source' && node.materialized !== 'seed';
    if (styled) used.add(node.materialized);
    lines.push(`  ${ids.of('m', node.name)}[${mermaidLabel(node.name)}]${styled ? `:::${node.materialized}` : ''}`);
  }
  for (const source of view.sources) {
    for (const child of source.children) lines.push(`  ${ids.of('s', source.name)} --> ${ids.of('m', child)}`);
  }
  for (const seed of view.seeds) {
    for (const child of seed.children) lines.push(`  ${ids.of('d', seed.name)} --> ${ids.of('m', child)}`);
  }
  for (const edge of view.edges) lines.push(`  ${ids.of('m', edge.from)} --> ${ids.of('m', edge.to)}`);
  for (const [name, style] of Object.entries(MERMAID_CLASSES)) {
    if (used.has(name)) lines.push(`  classDef ${name} ${style}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Plain data for `--output json`. */
export function graphToJson(graph: ModelGraph, names: Iterable<string>, seeds?: ReadonlyMap<string, readonly string[]>): GraphJson {
  const view = graphView(graph, names, seeds);
  return {
    nodes: view.nodes.map(({ name, path, materialized, tags }) => ({ name, path, materialized, tags: [...tags] })),
    edges: view.edges,
    sources: view.sources,
    seeds: view.seeds,
  };
}

function memo(f: (text: string) => string): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) cache.set(text, (value = f(text)));
    return value;
  };
}

function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function mermaidLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** Mermaid ids: letters, digits and `_` only, unique even when two names sanitize alike. */
class MermaidIds {
  private readonly assigned = new Map<string, Map<string, string>>();
  private readonly taken = new Set<string>();

  of(prefix: string, name: string): string {
    let names = this.assigned.get(prefix);
    if (names === undefined) this.assigned.set(prefix, (names = new Map()));
    return names.get(name) ?? this.assign(names, prefix, name);
  }

  private assign(names: Map<string, string>, prefix: string, name: string): string {
    const base = `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    names.set(name, id);
    this.taken.add(id);
    return id;
  }
}
