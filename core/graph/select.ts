import { compareNames } from './compare-names.js';
import { matchSelector, type SelectorState } from './match-selector.js';
import type { ModelGraph } from './model-graph.js';
import { parseSelector, type SelectorAtom } from './parse-selector.js';
import { SourceTables, type SelectableSource } from './source-tables.js';
import { onlySourcesWarning, sourceSelectorWarning } from './source-selector-warning.js';
import { noMatchWarning } from './suggest-selector.js';

export type { SelectableSource } from './source-tables.js';

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
   * Every declared source table, with its tags: `tag:` selects the tagged ones, and a `source:` selector
   * naming a source or table that is not declared says so. Without it, the tables models read (untagged).
   */
  sources?: readonly SelectableSource[];
  /**
   * The command acts on selected source tables (test runs their tests, status measures them): a selector
   * matching source tables and no model is then no reason for a warning.
   */
  selectsSources?: boolean;
  /** Other names a plain selector may mean (in `test`, the tests' names): suggested too when it matches nothing. */
  otherNames?: Iterable<string>;
  /**
   * Seeds by name, with the models that ref them: as in dbt, `countries+` selects those models and what is
   * downstream of them (`countries+1` those models, `@countries` their ancestors too); the seed is no model.
   */
  seedReaders?: ReadonlyMap<string, readonly string[]>;
}

export interface Selection {
  /** Selected models in topological order. */
  selected: string[];
  /**
   * Selected source tables (`source.table`), sorted: those `source:` and `tag:` match, with the tables read
   * by the ancestors `+m` and `@m` add. Without --select every table, less those --exclude removes.
   */
  sources: string[];
  /** Selectors that matched nothing, with suggestions. */
  warnings: string[];
}

/** What a selector picks: models, and source tables (`source.table`). */
interface Picked {
  models: Set<string>;
  sources: Set<string>;
}

interface Context {
  graph: ModelGraph;
  tables: SourceTables;
  options: SelectOptions;
  warnings: string[];
}

/**
 * dbt's node selection: unions (spaces, or several arguments), intersections (commas), methods,
 * graph operators and `exclude`. Source tables are nodes too, as in dbt: `source:` and `tag:` match them
 * (`source:` also the models reading them, as it always has here), `+` walks from them to the models
 * reading them and from models up to the tables they read. Throws SelectionError for a malformed selector,
 * before matching anything.
 */
export function selectModels(graph: ModelGraph, options: SelectOptions): Selection {
  const include = (options.select ?? []).flatMap(parseSelector);
  const exclude = (options.exclude ?? []).flatMap(parseSelector);
  const context: Context = { graph, tables: new SourceTables(graph, options.sources), options, warnings: [] };
  const chosen = include.length === 0 ? null : evaluateUnion(context, include, false);
  const removed = evaluateUnion(context, exclude, true);
  const selected = graph.topologicalOrder().filter((name) => (chosen === null || chosen.models.has(name)) && !removed.models.has(name));
  const sources = (chosen === null ? context.tables.keys() : [...chosen.sources]).filter((key) => !removed.sources.has(key)).sort(compareNames);
  return { selected, sources, warnings: [...new Set(context.warnings)] };
}

function evaluateUnion(context: Context, terms: SelectorAtom[][], excluding: boolean): Picked {
  const union: Picked = { models: new Set(), sources: new Set() };
  for (const term of terms) {
    const picked = evaluateTerm(context, term, excluding);
    for (const name of picked.models) union.models.add(name);
    for (const key of picked.sources) union.sources.add(key);
  }
  return union;
}

/**
 * What one term (atoms joined by commas) picks. `excluding`: an --exclude term, which may pick source tables
 * only (leaving the models reading them selected) without a warning that would advise `X+`.
 */
function evaluateTerm(context: Context, term: SelectorAtom[], excluding: boolean): Picked {
  const { graph, tables, options, warnings } = context;
  let result: Picked | null = null;
  let allMatched = true;
  for (const atom of term) {
    const matched: Picked = { models: new Set(matchSelector(graph, atom, options.state)), sources: new Set(tables.match(atom)) };
    const expanded = expand(context, atom, matched);
    if (matched.models.size === 0 && matched.sources.size === 0 && expanded.models.size === 0) {
      const other = atom.method === 'name' ? options.notInGraph?.get(atom.value) : undefined;
      if (other === 'seed') warnings.push(seedWarning(atom, options.seedReaders?.get(atom.value)));
      else if (other === undefined) warnings.push(unmatchedWarning(context, atom));
      allMatched = false;
    }
    result = result === null ? expanded : intersect(result, expanded);
  }
  const picked = result ?? { models: new Set<string>(), sources: new Set<string>() };
  if (picked.models.size === 0 && allMatched) {
    const raw = term.map((atom) => atom.raw).join(',');
    if (picked.sources.size === 0) warnings.push(noMatchWarning(graph, null, raw));
    else if (!options.selectsSources && !excluding) warnings.push(onlySourcesWarning(raw, term.length === 1 && term[0].childrenDepth === null, [...picked.sources].sort(compareNames), tables));
  }
  return picked;
}

/** A selector naming a seed that picks no model: the seed alone, or a seed no model reads. */
function seedWarning(atom: SelectorAtom, readers: readonly string[] | undefined): string {
  if (atom.childrenDepth !== null || atom.childrensParents) return `selector '${atom.raw}' names seed '${atom.value}', which no model reads`;
  const more = readers?.length ? `; '${atom.value}+' selects the models reading it` : '';
  return `selector '${atom.raw}' names a seed, not a model: seeds are loaded by 'amp-dbt seed' (which takes --select too)${more}`;
}

function unmatchedWarning(context: Context, atom: SelectorAtom): string {
  const { graph, tables, options } = context;
  const source = atom.method === 'source' && options.sources ? sourceSelectorWarning(atom, tables.keys()) : undefined;
  const more = atom.method === 'tag' ? tables.tags() : atom.method === 'name' ? options.otherNames ?? [] : [];
  return source ?? noMatchWarning(graph, atom, atom.raw, more);
}

/**
 * Apply an atom's graph operators to what its method matched. A source table's children are the models
 * reading it (one step); a model's parents include the source tables it reads (one step past the model).
 */
function expand(context: Context, atom: SelectorAtom, matched: Picked): Picked {
  const { graph, tables } = context;
  const models = new Set(matched.models);
  const sources = new Set(matched.sources);
  const addModels = (names: Iterable<string>) => { for (const name of names) models.add(name); };
  const addSources = (keys: Iterable<string>) => { for (const key of keys) sources.add(key); };
  const readers = [...tables.readersOf(matched.sources), ...seedReadersOf(context, atom, matched)];
  if (atom.childrensParents) {
    addModels(readers);
    addModels(graph.descendantsOfAll([...matched.models, ...readers]));
    addModels(graph.ancestorsOfAll([...models]));
    addSources(tables.readBy(models));
  }
  if (atom.parentsDepth !== null && atom.parentsDepth > 0) {
    const depth = atom.parentsDepth;
    const ancestors = graph.ancestorsOfAll(matched.models, depthLimit(depth));
    addModels(ancestors);
    addSources(tables.readBy([...matched.models, ...(depth === Infinity ? ancestors : graph.ancestorsOfAll(matched.models, depth - 1))]));
  }
  if (atom.childrenDepth !== null && atom.childrenDepth > 0) {
    const depth = atom.childrenDepth;
    addModels(graph.descendantsOfAll(matched.models, depthLimit(depth)));
    addModels(readers);
    addModels(graph.descendantsOfAll(readers, depthLimit(depth - 1)));
  }
  return { models, sources };
}

/** The models reading the seed a plain name names, when it names no model (a model wins a ref of its name). */
function seedReadersOf({ options }: Context, atom: SelectorAtom, matched: Picked): readonly string[] {
  if (atom.method !== 'name' || matched.models.size > 0) return [];
  return options.seedReaders?.get(atom.value) ?? [];
}

function depthLimit(depth: number): number | undefined {
  return depth === Infinity ? undefined : depth;
}

function intersect(a: Picked, b: Picked): Picked {
  return { models: intersectSets(a.models, b.models), sources: intersectSets(a.sources, b.sources) };
}

function intersectSets(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((name) => large.has(name)));
}
