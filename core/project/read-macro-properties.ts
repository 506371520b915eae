import { didYouMean } from '../util/did-you-mean.js';
import { describeEntry, type MappingReader } from './mapping-reader.js';
import { readRequiredName } from './read-columns.js';

/** What a `macros:` entry of a property file may hold (dbt's macro properties). */
const macroKeys: ReadonlySet<string> = new Set(['name', 'description', 'arguments', 'docs', 'meta', 'config']);

/**
 * Checks the `macros:` entries of one property file (amp-dbt reads nothing else of them): an unknown key is
 * an error at it; an entry naming no macro of `macros` (the project's macro names) a warning, with the nearest.
 */
export function checkMacroProperties(file: MappingReader, macros: ReadonlySet<string>): void {
  for (const entry of file.mappingItems('macros', (item) => describeEntry('macro', item))) {
    entry.checkKeys(macroKeys);
    const name = readRequiredName(entry, 'macro entry');
    if (name === undefined || macros.has(name)) continue;
    const hint = didYouMean(name, macros) || `define it with {% macro ${name}(...) %} in a file under macros/, or fix the name`;
    entry.diagnostics.warn('unknown-macro', `${entry.where} is described here but no macro is named '${name}'`, entry.locate('name', 'value'), hint);
  }
}
