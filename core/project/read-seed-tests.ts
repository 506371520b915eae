import { didYouMean } from '../util/did-you-mean.js';
import { describeEntry, isMapping, type MappingReader } from './mapping-reader.js';
import { checkConfigMapping, SEED_CONFIGS } from './resource-configs.js';
import type { ColumnProperties, ColumnTest } from './project-types.js';
import { readColumns, readRequiredName } from './read-columns.js';
import { readTests } from './read-tests.js';

/** The data tests a property file's `seeds:` entry declares (on the seed, and on its columns). */
export interface SeedTests {
  name: string;
  tests: ColumnTest[];
  columns: ColumnProperties[];
}

/** What a `seeds:` entry may hold (dbt's seed properties; `column_types` also outside `config:`, as amp-dbt reads it). */
const seedKeys: ReadonlySet<string> = new Set([
  'name', 'description', 'columns', 'config', 'tests', 'data_tests', 'meta', 'docs', 'tags', 'column_types', 'group',
]);

/**
 * `seeds:` entries of one property file with tests, added to `found` by seed name (their column_types are read
 * with the seeds). An unknown key is an error; an entry naming no seed of `seeds` (when given) a warning.
 */
export function readSeedTests(file: MappingReader, found: Map<string, SeedTests>, seeds?: ReadonlySet<string>): void {
  for (const entry of file.mappingItems('seeds', (item) => describeEntry('seed', item))) {
    entry.checkKeys(seedKeys);
    const config = isMapping(entry.value.config) ? entry.child('config', `the config of ${entry.where}`) : undefined;
    if (config) checkConfigMapping(config, SEED_CONFIGS, 'seed');
    const name = readRequiredName(entry, 'seed entry');
    if (name === undefined) continue;
    if (seeds && !seeds.has(name)) {
      const hint = didYouMean(name, seeds) || `add seeds/${name}.csv or fix the name`;
      entry.diagnostics.warn('unknown-seed', `${entry.where} is described here but no seed file is named '${name}.csv'`, entry.locate('name', 'value'), hint);
    }
    const tests = readTests(entry);
    const columns = readColumns(entry).filter((column) => column.tests.length > 0);
    if (tests.length > 0 || columns.length > 0) found.set(name, { name, tests, columns });
  }
}
