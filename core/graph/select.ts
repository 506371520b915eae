import { matchSelector, type SelectorState } from './match-selector.js';
import type { ModelGraph } from './model-graph.js';
import { parseSelector, type SelectorAtom } from './parse-selector.js';
import { sourceSelectorWarning } from './source-selector-warning.js';
import { noMatchWarning } from './suggest-selector.js';

export interface SelectOptions {
  /** CLI arguments; each may hold several space-separated terms. None: every model. */
  select?: string[];
  exclude?: string[];
  /** Model sets for `state:<key>` selectors (e.g. modified, new), computed against another environment. */
  state?: SelectorState;
  /**
   * Names that are not models of the graph, and why (`failed`: a model file that did not compile, already
   * reported; `seed`): a selector naming one gets no misleading did-you-mean.
   */
  notInGraph?: ReadonlyMap<string, 'failed' | 'seed'>;
  /**
   * Every declared source table (`source.table`): a `source:` selector naming a source or table that is
   * not declared says so. Without it, such a selector only matches no models.
   */
  sources?: readonly string[];
}

export interface Selection {
  /** Selected models in topological order. */
  selected: string[];
  /** Selectors that matched nothing, with suggestions. */
  warnings: string[];
}

/**
 * dbt's node selection: unions (spaces, or several arguments), intersections (commas), methods,
 * graph operators and `exclude`. Throws SelectionError for a malformed selector, before matching anything.
 */
export function selectModels(graph: ModelGraph, options: SelectOptions): Selection {
  const include = (options.select ?? []).flatMap(parseSelector);
  const exclude = (options.exclude ?? []).flatMap(parseSelector);
  const warnings: string[] = [];
  const evaluate = (terms: SelectorAtom[][]) => evaluateUnion(graph, terms, options, warnings);
  const chosen = include.length === 0 ? null : evaluate(include);
  const removed = evaluate(exclude);
  const selected = graph.topologicalOrder().filter((name) => (chosen === null || chosen.has(name)) && !removed.has(name));
  return { selected, warnings: [...new Set(warnings)] };
}

function evaluateUnion(graph: ModelGraph, terms: SelectorAtom[][], options: SelectOptions, warnings: string[]): Set<string> {
  const union = new Set<string>();
  for (const term of terms) {
    for (const name of evaluateTerm(graph, term, options, warnings)) union.add(name);
  }
  return union;
}

function evaluateTerm(graph: ModelGraph, term: SelectorAtom[], options: SelectOptions, warnings: string[]): Set<string> {
  let result: Set<string> | null = null;
  let allMatched = true;
  for (const atom of term) {
    const matched = matchSelector(graph, atom, options.state);
    if (matched.length === 0) {
      const other = atom.method === 'name' ? options.notInGraph?.get(atom.value) : undefined;
      if (other === 'seed') warnings.push(`selector '${atom.raw}' names a seed, not a model: seeds are loaded by 'amp-dbt seed' (which takes --select too)`);
      else if (other === undefined) warnings.push(unmatchedWarning(graph, atom, options));
      allMatched = false;
    }
    const expanded = expand(graph, atom, matched);
    result = result === null ? expanded : intersect(result, expanded);
  }
  const selected = result ?? new Set<string>();
  if (selected.size === 0 && allMatched) warnings.push(noMatchWarning(graph, null, term.map((atom) => atom.raw).join(',')));
  return selected;
}

function unmatchedWarning(graph: ModelGraph, atom: SelectorAtom, options: SelectOptions): string {
  const source = atom.method === 'source' && options.sources ? sourceSelectorWarning(atom, options.sources) : undefined;
  return source ?? noMatchWarning(graph, atom, atom.raw);
}

/** Apply an atom's graph operators to the models its method matched. */
function expand(graph: ModelGraph, atom: SelectorAtom, matched: string[]): Set<string> {
  const result = new Set(matched);
  const add = (names: string[]) => names.forEach((name) => result.add(name));
  if (atom.childrensParents) {
    add(graph.descendantsOfAll(matched));
    add(graph.ancestorsOfAll([...result]));
  }
  if (atom.parentsDepth !== null) add(graph.ancestorsOfAll(matched, depthLimit(atom.parentsDepth)));
  if (atom.childrenDepth !== null) add(graph.descendantsOfAll(matched, depthLimit(atom.childrenDepth)));
  return result;
}

function depthLimit(depth: number): number | undefined {
  return depth === Infinity ? undefined : depth;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((name) => large.has(name)));
}
