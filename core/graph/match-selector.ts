import { SelectionError } from '../errors.js';
import { globToRegExp, isGlob } from './glob-to-regexp.js';
import type { GraphNode, ModelGraph } from './model-graph.js';
import { SELECTOR_HINT, type SelectorAtom } from './parse-selector.js';

/** Named sets of models for `state:<name>` selectors, e.g. `{ modified: [...], new: [...] }`. */
export type SelectorState = Record<string, Iterable<string>>;

type Matcher = (text: string) => boolean;

/** The models an atom's method selects, before graph operators, sorted by name. */
export function matchSelector(graph: ModelGraph, atom: SelectorAtom, state?: SelectorState): string[] {
  if (atom.method === 'state') return matchState(graph, atom, state);
  if (atom.method === 'name') {
    // A model name (or glob), or as in dbt a fully qualified name: `staging` (a folder), `shop.staging.*`.
    const byName = valueMatcher(atom.value);
    const byFqn = fqnMatcher(atom.value);
    return graph.nodes().filter((node) => byName(node.name) || (node.fqn !== undefined && byFqn(node.fqn))).map((node) => node.name);
  }
  if (atom.method === 'resource_type') return matchResourceType(graph, atom);
  const test = nodeTest(atom);
  return graph.nodes().filter(test).map((node) => node.name);
}

/**
 * dbt's fqn selector: the dot-separated parts of `value` begin the model's fully qualified name, with or
 * without the project name (`staging`, `shop.staging`, `staging.stg_orders`); from the first part with a
 * wildcard, the rest of the name (joined by dots) must match it as a glob. A single part also matches the
 * model's own name (`fqn:stg_orders`), as in dbt.
 */
function fqnMatcher(value: string): (fqn: readonly string[]) => boolean {
  const parts = value.split('.');
  const wild = parts.findIndex((part) => isGlob(part));
  const fixed = wild < 0 ? parts.length : wild;
  const rest = wild < 0 ? null : globToRegExp(parts.slice(wild).join('.'));
  const prefixOf = (fqn: readonly string[]) => {
    if (fqn.length < parts.length) return false;
    for (let i = 0; i < fixed; i++) if (fqn[i] !== parts[i]) return false;
    return rest === null || rest.test(fqn.slice(fixed).join('.'));
  };
  // As in dbt, a value naming the model itself (the fqn's last part) matches too: `fqn:stg_orders`.
  const leaf = parts.length === 1 ? valueMatcher(value) : null;
  return (fqn) => prefixOf(fqn) || prefixOf(fqn.slice(1)) || (leaf !== null && fqn.length > 0 && leaf(fqn[fqn.length - 1]));
}

/** A string matcher for a selector value: a glob, or exact equality. */
export function valueMatcher(value: string): Matcher {
  if (!isGlob(value)) return (text) => text === value;
  const pattern = globToRegExp(value);
  return (text) => pattern.test(text);
}

function nodeTest(atom: SelectorAtom): (node: GraphNode) => boolean {
  switch (atom.method) {
    case 'path': return pathTest(atom.value);
    case 'tag': {
      const matches = valueMatcher(atom.value);
      return (node) => node.tags.some(matches);
    }
    case 'config': {
      // Booleans match in any letter case (`config.enabled:True`), as dbt reads them.
      const matches = valueMatcher(/^(?:true|false)$/i.test(atom.value) ? atom.value.toLowerCase() : atom.value);
      return (node) => configStrings(node, atom.key).some(matches);
    }
    case 'source': return sourceTest(atom.value);
    case 'fqn': {
      const matches = fqnMatcher(atom.value);
      return (node) => node.fqn !== undefined && matches(node.fqn);
    }
    case 'package': {
      // dbt's package: the project a node belongs to (the first part of its fqn); no packages are installed.
      const matches = valueMatcher(atom.value);
      return (node) => node.fqn !== undefined && matches(node.fqn[0]);
    }
    case 'file': {
      // dbt's file: the file's name, with or without `.sql` (a glob matches either).
      const matches = valueMatcher(atom.value);
      return ({ path }) => {
        const name = path.slice(path.lastIndexOf('/') + 1);
        return matches(name) || matches(name.replace(/\.sql$/i, ''));
      };
    }
    default: {
      const matches = valueMatcher(atom.value);
      return (node) => matches(node.name);
    }
  }
}

const RESOURCE_TYPES = ['model', 'seed', 'source', 'test', 'snapshot', 'analysis', 'exposure', 'metric', 'semantic_model', 'unit_test'];

/** `resource_type:model` is every model; the other dbt resource types select no model here (`source` selects the source tables: SourceTables). */
function matchResourceType(graph: ModelGraph, atom: SelectorAtom): string[] {
  if (!RESOURCE_TYPES.includes(atom.value)) {
    throw new SelectionError('invalid-selector', `unknown resource type '${atom.value}' in '${atom.raw}'`, { hint: `one of ${RESOURCE_TYPES.join(', ')}` });
  }
  return atom.value === 'model' ? graph.nodes().map((node) => node.name) : [];
}

/** `path:` matches a folder prefix or a file, with or without `.sql`; globs match either too. */
function pathTest(raw: string): (node: GraphNode) => boolean {
  const value = normalizePath(raw);
  if (value === '') return () => true;
  if (!isGlob(value)) {
    return ({ path }) => path === value || path === `${value}.sql` || path.startsWith(`${value}/`);
  }
  const matches = valueMatcher(value);
  return ({ path }) => matches(path) || matches(path.replace(/\.sql$/i, '')) || folders(path).some(matches);
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '').replace(/^\.$/, '').replace(/\/$/, '');
}

/** `models/a/b.sql` -> ['models', 'models/a']. */
export function folders(path: string): string[] {
  const result: string[] = [];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) result.push(path.slice(0, i));
  return result;
}

/** `source:eth` matches a model reading any table of source eth; `source:eth.logs` one reading that table. */
function sourceTest(value: string): (node: GraphNode) => boolean {
  const matches = sourceKeyMatcher(value);
  return (node) => node.sources.some(matches);
}

/** `source:eth` matches any table (`source.table`) of source eth; `source:eth.logs` that table; globs either. */
export function sourceKeyMatcher(value: string): Matcher {
  const matches = valueMatcher(value);
  const whole = value.includes('.');
  return (key) => matches(whole ? key : sourceName(key));
}

export function sourceName(source: string): string {
  const dot = source.indexOf('.');
  return dot === -1 ? source : source.slice(0, dot);
}

/** String forms of a config value; lists give one per element. `materialized` and `tags` fall back to the node's. */
export function configStrings(node: GraphNode, key: string): string[] {
  let value: unknown = key === 'materialized' ? node.materialized : lookup(node.config, key);
  if (value === undefined && key === 'tags') value = node.tags;
  // Every model in the graph is enabled (disabled ones are left out of it): dbt's default, true.
  if (value === undefined && key === 'enabled') value = true;
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(stringForm);
}

function lookup(config: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(config, key)) return config[key];
  let value: unknown = config;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function stringForm(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function matchState(graph: ModelGraph, atom: SelectorAtom, state?: SelectorState): string[] {
  if (state === undefined) {
    throw new SelectionError('invalid-selector', `selector '${atom.raw}' needs another environment to compare against, and none was given`, {
      hint: 'state: selectors pick models by how they changed between two commits or environments: use them with `amp-dbt diff --base REF --select ...`',
    });
  }
  const models = state[atom.value];
  if (models === undefined) {
    const known = Object.keys(state).sort().map((key) => `state:${key}`).join(', ');
    throw new SelectionError('invalid-selector', `unknown state selector '${atom.raw}'`, {
      hint: known ? `supported state selectors: ${known}` : SELECTOR_HINT,
    });
  }
  return [...new Set(models)].filter((name) => graph.has(name)).sort();
}
