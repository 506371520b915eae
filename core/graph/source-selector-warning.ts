import { nearest } from '../util/did-you-mean.js';
import { isGlob } from './glob-to-regexp.js';
import { valueMatcher } from './match-selector.js';
import type { SelectorAtom } from './parse-selector.js';

/** How many table names a warning lists when none is close to the one asked for. */
const LISTED = 5;

/**
 * The warning for a `source:` selector that matched no models, given every declared `source.table`: there is
 * no such source, or the source has no such table (each with the nearest declared name, or the source's
 * tables), or no model reads it. dbt only says that nothing matched. Undefined when the source's name is a
 * glob (the caller's plain warning fits).
 */
export function sourceSelectorWarning(atom: SelectorAtom, declared: readonly string[]): string | undefined {
  const dot = atom.value.indexOf('.');
  const source = dot === -1 ? atom.value : atom.value.slice(0, dot);
  if (isGlob(source)) return undefined;
  const tables = declared.filter((key) => key.startsWith(`${source}.`)).map((key) => key.slice(source.length + 1));
  if (tables.length === 0) {
    const names = new Set(declared.map((key) => key.slice(0, key.indexOf('.'))));
    const suggestion = nearest(source, names);
    const table = suggestion !== undefined && dot !== -1 && declared.includes(`${suggestion}${atom.value.slice(dot)}`) ? atom.value.slice(dot) : '';
    const instead = suggestion ? `; did you mean 'source:${suggestion}${table}'?` : names.size ? '' : ' (the project declares no sources)';
    return `selector '${atom.raw}' matched no models: there is no source '${source}'${instead}`;
  }
  if (dot === -1) return `selector '${atom.raw}' matched no models: no model reads source '${source}'`;
  const table = atom.value.slice(dot + 1);
  if (tables.some(valueMatcher(table))) return `selector '${atom.raw}' matched no models: no model reads source table ${source}.${table}`;
  const what = isGlob(table) ? `no table matching '${table}'` : `no table '${table}'`;
  const suggestion = isGlob(table) ? undefined : nearest(table, tables);
  if (suggestion) return `selector '${atom.raw}' matched no models: source '${source}' has ${what}; did you mean 'source:${source}.${suggestion}'?`;
  const listed = tables.slice(0, LISTED).join(', ') + (tables.length > LISTED ? `, and ${tables.length - LISTED} more` : '');
  return `selector '${atom.raw}' matched no models: source '${source}' has ${what} (its tables: ${listed})`;
}
