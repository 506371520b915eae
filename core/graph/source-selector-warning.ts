import { nearest } from '../util/did-you-mean.js';
import { isGlob } from './glob-to-regexp.js';
import { valueMatcher } from './match-selector.js';
import type { SelectorAtom } from './parse-selector.js';
import type { SourceTables } from './source-tables.js';

/** How many table names a warning lists when none is close to the one asked for. */
const LISTED = 5;

/**
 * The warning for a `source:` selector that matched nothing, given every declared `source.table`: there is
 * no such source, or the source has no such table (each with the nearest declared name, or the source's
 * tables). dbt only says that nothing matched. Undefined when the source's name is a glob, or the selector
 * names declared tables (it then matches them).
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
  const table = atom.value.slice(dot + 1);
  if (dot === -1 || tables.some(valueMatcher(table))) return undefined;
  const what = isGlob(table) ? `no table matching '${table}'` : `no table '${table}'`;
  const suggestion = isGlob(table) ? undefined : nearest(table, tables);
  if (suggestion) return `selector '${atom.raw}' matched no models: source '${source}' has ${what}; did you mean 'source:${source}.${suggestion}'?`;
  return `selector '${atom.raw}' matched no models: source '${source}' has ${what} (its tables: ${listed(tables)})`;
}

/**
 * The warning for a selector that picked source tables and no model, in a command that acts on models only:
 * which tables, and `X+` when that would select the models reading them.
 */
export function onlySourcesWarning(raw: string, canAddPlus: boolean, keys: readonly string[], tables: SourceTables): string {
  const what = `selector '${raw}' matched no models, only source ${keys.length === 1 ? 'table' : 'tables'} ${listed(keys)}`;
  const read = tables.readersOf(keys).length > 0;
  if (!read) return `${what}, which no model reads`;
  return canAddPlus ? `${what}: '${raw}+' selects the models reading ${keys.length === 1 ? 'it' : 'them'}` : what;
}

/** Up to LISTED names, then how many more. */
function listed(names: readonly string[]): string {
  return names.slice(0, LISTED).join(', ') + (names.length > LISTED ? `, and ${names.length - LISTED} more` : '');
}
