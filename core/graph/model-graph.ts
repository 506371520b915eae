import { CompileError } from '../errors.js';
import { compareNames } from './compare-names.js';
import { findCycles } from './find-cycles.js';
import { acyclicOrder, topologicalOrder } from './topological-order.js';
import { walkGraph } from './walk-graph.js';

export interface RefLocation {
  file: string;
  line: number;
  column: number;
}

export interface GraphNode {
  name: string;
  /** Relative to the project root, posix, e.g. `models/staging/stg_transfers.sql`. */
  path: string;
  tags: string[];
  materialized: string;
  config: Record<string, unknown>;
  /** Models this model refs. Names that are not nodes of the graph are ignored. */
  parents: string[];
  /** `source.table` names this model reads. */
  sources: string[];
  /** dbt's fully qualified name: the project, the folders under the model path, the model (`shop.staging.stg_orders`). */
  fqn?: string[];
  /** Where the ref to each parent is written. */
  parentLocations?: Record<string, RefLocation>;
}

/**
 * The model dependency graph. Immutable; nodes are numbered in name order so that comparing
 * ids compares names. Edges go from a model to the parents it refs (deduplicated, sorted).
 */
export class ModelGraph {
  private readonly nodeList: GraphNode[];
  private readonly ids = new Map<string, number>();
  private readonly parentIds: number[][];
  private readonly childIds: number[][];
  private order: string[] | undefined;
  private cycles: string[][] | undefined;
  /** Whether the graph has no cycle (known once it is ordered). */
  private acyclic: boolean | undefined;

  constructor(nodes: GraphNode[]) {
    this.nodeList = [...nodes].sort((a, b) => compareNames(a.name, b.name));
    this.nodeList.forEach((node, id) => this.register(node, id));
    this.parentIds = this.nodeList.map((node) => this.resolve(node.parents));
    this.childIds = invert(this.parentIds);
  }

  get size(): number {
    return this.nodeList.length;
  }

  has(name: string): boolean {
    return this.ids.has(name);
  }

  node(name: string): GraphNode | undefined {
    const id = this.ids.get(name);
    return id === undefined ? undefined : this.nodeList[id];
  }

  /** All nodes, sorted by name. */
  nodes(): GraphNode[] {
    return [...this.nodeList];
  }

  /** All model names, sorted. */
  names(): string[] {
    return this.nodeList.map((node) => node.name);
  }

  /** Parents in the graph, sorted. */
  parents(name: string): string[] {
    return this.namesOf(this.parentIds[this.idOf(name)] ?? []);
  }

  /** Models that ref `name`, sorted. */
  children(name: string): string[] {
    return this.namesOf(this.childIds[this.idOf(name)] ?? []);
  }

  /** Models upstream of `name` within `depth` refs (default: all), sorted, without `name` itself. */
  ancestors(name: string, depth?: number): string[] {
    return this.walk([name], this.parentIds, depth).filter((n) => n !== name).sort(compareNames);
  }

  /** Models downstream of `name` within `depth` refs (default: all), sorted, without `name` itself. */
  descendants(name: string, depth?: number): string[] {
    return this.walk([name], this.childIds, depth).filter((n) => n !== name).sort(compareNames);
  }

  /** Everything upstream of any of `names` (unordered); a start is included only if it is upstream of a start. */
  ancestorsOfAll(names: Iterable<string>, depth?: number): string[] {
    return this.walk(names, this.parentIds, depth);
  }

  /** Everything downstream of any of `names` (unordered); a start is included only if it is downstream of a start. */
  descendantsOfAll(names: Iterable<string>, depth?: number): string[] {
    return this.walk(names, this.childIds, depth);
  }

  /**
   * Parents before children; among models that are ready at the same time the smallest name
   * goes first, so the order only depends on the graph. Never throws: the models of a cycle come
   * together, by name, where the cycle as a whole fits (report cycles with `cycleDiagnostics`).
   */
  topologicalOrder(): string[] {
    if (!this.order) {
      const plain = acyclicOrder(this.parentIds, this.childIds);
      this.acyclic = plain !== null;
      this.order = this.namesOf(plain ?? topologicalOrder(this.parentIds, this.childIds));
    }
    return [...this.order];
  }

  /** Every distinct cycle, each starting at its smallest name (`['a','b']` reads a refs b refs a), sorted. */
  findCycles(): string[][] {
    // Ordering the graph tells whether it has a cycle at all: nearly always not, and then no search is needed.
    if (this.acyclic === undefined) this.topologicalOrder();
    this.cycles ??= this.acyclic ? [] : findCycles(this.parentIds).map((cycle) => this.namesOf(cycle));
    return this.cycles.map((cycle) => [...cycle]);
  }

  private register(node: GraphNode, id: number): void {
    const previous = this.nodeList[id - 1];
    if (previous !== undefined && previous.name === node.name) {
      throw new CompileError('duplicate-model', `model '${node.name}' is defined twice: ${previous.path} and ${node.path}`, {
        location: { file: node.path, line: 1, column: 1 },
        hint: 'model names must be unique across the project: rename or delete one of the files',
      });
    }
    this.ids.set(node.name, id);
  }

  /** Ids of `names` in the graph, ascending, each once. */
  private resolve(names: string[]): number[] {
    const ids: number[] = [];
    let ascending = true;
    for (const name of names) {
      const id = this.ids.get(name);
      if (id === undefined) continue;
      if (ids.length > 0 && id <= ids[ids.length - 1]) ascending = false;
      ids.push(id);
    }
    // Compiled models list their refs sorted and unique, and ids follow name order: usually nothing to do.
    return ascending ? ids : [...new Set(ids)].sort((a, b) => a - b);
  }

  private idOf(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  private namesOf(ids: number[]): string[] {
    return ids.map((id) => this.nodeList[id].name);
  }

  private walk(names: Iterable<string>, adjacency: number[][], depth?: number): string[] {
    const starts: number[] = [];
    for (const name of names) {
      const id = this.ids.get(name);
      if (id !== undefined) starts.push(id);
    }
    return this.namesOf(walkGraph(starts, adjacency, depth));
  }
}

/** Children lists from parent lists; sorted because ids are visited in order. */
function invert(parentIds: number[][]): number[][] {
  const childIds = parentIds.map((): number[] => []);
  parentIds.forEach((parents, child) => {
    for (const parent of parents) childIds[parent].push(child);
  });
  return childIds;
}
