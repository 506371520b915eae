import { didYouMean } from '../util/did-you-mean.js';
import { describeEntry, type Mapping, type MappingReader } from './mapping-reader.js';
import { readRequiredName } from './read-columns.js';
import { checkTestConfigValues } from './read-tests.js';

/** What a `data_tests:` entry of a property file may hold (dbt's singular test properties). */
const singularTestKeys: ReadonlySet<string> = new Set(['name', 'description', 'config', 'docs', 'meta']);

/**
 * The `data_tests:` entries of one property file (dbt describes singular tests there, usually in tests/*.yml):
 * each entry's `config:` (severity, limit ...) by test name, into `out`. An unknown key is an error at it, an
 * entry naming no singular test (tests/<name>.sql) a warning with the nearest name.
 */
export function readSingularTestProperties(file: MappingReader, singular: ReadonlySet<string>, out: Map<string, Mapping>): void {
  for (const entry of file.mappingItems('data_tests', (item) => describeEntry('singular test', item))) {
    entry.checkKeys(singularTestKeys);
    const name = readRequiredName(entry, 'data_tests entry');
    const config = entry.mapping('config') ? entry.child('config', `config of ${entry.where}`) : undefined;
    if (config) checkTestConfigValues(config);
    if (name === undefined) continue;
    if (!singular.has(name)) {
      const hint = didYouMean(name, singular) || `write the test as tests/${name}.sql, or fix the name`;
      entry.diagnostics.warn('unknown-test', `${entry.where} is described here but no singular test is named '${name}'`, entry.locate('name', 'value'), hint);
    } else if (config) out.set(name, config.value);
  }
}
