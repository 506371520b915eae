import { compareNames } from './compare-names.js';
import { sourceKeyMatcher, valueMatcher } from './match-selector.js';
import type { ModelGraph } from './model-graph.js';
import type { SelectorAtom } from './parse-selector.js';

/** A declared source table as selection sees it. */
export interface SelectableSource {
  /** `source.table`. */
  key: string;
  /** The table's tags and its source's, as dbt gives a source table its source's tags. */
  tags: readonly string[];
}

/**
 * The source tables selection knows: the declared ones (with their tags), and any other a model reads;
 * which models read each, and which tables each model reads.
 */
export class SourceTables {
  private readonly tagsOf = new Map<string, readonly string[]>();
  private readonly readersByKey = new Map<string, string[]>();

  constructor(private readonly graph: ModelGraph, declared: readonly SelectableSource[] = []) {
    for (const { key, tags } of declared) this.tagsOf.set(key, tags);
    for (const node of graph.nodes()) {
      for (const key of node.sources) {
        if (!this.tagsOf.has(key)) this.tagsOf.set(key, []);
        const readers = this.readersByKey.get(key);
        if (readers) readers.push(node.name);
        else this.readersByKey.set(key, [node.name]);
      }
    }
  }

  /** Every table, sorted. */
  keys(): string[] {
    return [...this.tagsOf.keys()].sort(compareNames);
  }

  /** Every tag of a table. */
  tags(): Set<string> {
    return new Set([...this.tagsOf.values()].flat());
  }

  /** The tables a `source:`, `tag:` or `resource_type:source` atom matches (other methods match no table). */
  match(atom: SelectorAtom): string[] {
    if (atom.method === 'source') return this.keys().filter(sourceKeyMatcher(atom.value));
    if (atom.method === 'resource_type') return atom.value === 'source' ? this.keys() : [];
    if (atom.method !== 'tag' || this.tagsOf.size === 0) return [];
    const matches = valueMatcher(atom.value);
    return this.keys().filter((key) => this.tagsOf.get(key)!.some(matches));
  }

  /** Models reading any of `keys`, each once. */
  readersOf(keys: Iterable<string>): string[] {
    const readers = new Set<string>();
    for (const key of keys) for (const name of this.readersByKey.get(key) ?? []) readers.add(name);
    return [...readers];
  }

  /** Tables any of `models` reads, each once. */
  readBy(models: Iterable<string>): string[] {
    const keys = new Set<string>();
    for (const name of models) for (const key of this.graph.node(name)?.sources ?? []) keys.add(key);
    return [...keys];
  }
}

/** A compile's declared source tables (`source.table` -> definitions) for selection: each with its tags and its source's. */
export function selectableSources(sources: ReadonlyMap<string, { source: { tags?: readonly string[] }; table: { tags?: readonly string[] } }>): SelectableSource[] {
  return [...sources].map(([key, { source, table }]) => ({ key, tags: [...new Set([...source.tags ?? [], ...table.tags ?? []])] }));
}
