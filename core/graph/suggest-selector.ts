import { nearest } from '../util/did-you-mean.js';
import { isGlob } from './glob-to-regexp.js';
import { configStrings, folders, sourceName } from './match-selector.js';
import type { ModelGraph } from './model-graph.js';
import type { SelectorAtom } from './parse-selector.js';

/**
 * `selector 'x' matched no models`, with a did-you-mean for plain values when one is close (among the graph's
 * values for the atom's method, and `more`: the source tables' tags for `tag:`).
 */
export function noMatchWarning(graph: ModelGraph, atom: SelectorAtom | null, raw: string, more: Iterable<string> = []): string {
  const suggestion = atom === null ? undefined : suggestSelector(graph, atom, more);
  return `selector '${raw}' matched no models${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
}

/** The nearest existing value for a selector that matched nothing, written as a selector. */
export function suggestSelector(graph: ModelGraph, atom: SelectorAtom, more: Iterable<string> = []): string | undefined {
  if (isGlob(atom.value) || atom.method === 'state') return undefined;
  // A config key no model has (config.materialzed:table): the nearest key, with the value as written.
  if (atom.method === 'config' && atom.key && !graph.nodes().some((node) => configStrings(node, atom.key!).length > 0)) {
    const keys = new Set(['materialized', 'tags', 'enabled', ...graph.nodes().flatMap((node) => Object.keys(node.config))]);
    const key = nearest(atom.key, keys);
    return key === undefined ? undefined : `config.${key}:${atom.value}`;
  }
  const match = nearest(atom.value, [...candidates(graph, atom), ...more]);
  if (match === undefined) return undefined;
  if (atom.method === 'name') return match;
  return `${atom.method}${atom.key ? `.${atom.key}` : ''}:${match}`;
}

function candidates(graph: ModelGraph, atom: SelectorAtom): Set<string> {
  const values = new Set<string>();
  for (const node of graph.nodes()) {
    for (const value of nodeValues(node, atom)) values.add(value);
  }
  return values;
}

function nodeValues(node: ReturnType<ModelGraph['nodes']>[number], atom: SelectorAtom): string[] {
  switch (atom.method) {
    case 'tag': return node.tags;
    case 'config': return configStrings(node, atom.key);
    case 'source': return atom.value.includes('.') ? node.sources : node.sources.map(sourceName);
    case 'path': return [node.path, ...folders(node.path)];
    case 'package': return node.fqn ? [node.fqn[0]] : [];
    case 'file': return [node.path.slice(node.path.lastIndexOf('/') + 1)];
    // A dotted name is a path through the project's folders (staging.stg_orders): each dotted tail of the fqn.
    default: return atom.value.includes('.') && node.fqn ? node.fqn.map((_, i) => node.fqn!.slice(i).join('.')) : [node.name];
  }
}
