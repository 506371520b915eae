import { describeEntry, type MappingReader } from './mapping-reader.js';
import type { ColumnProperties, ColumnTest } from './project-types.js';
import { readColumns, readRequiredName } from './read-columns.js';
import { readTests } from './read-tests.js';

/** The data tests a property file's `seeds:` entry declares (on the seed, and on its columns). */
export interface SeedTests {
  name: string;
  tests: ColumnTest[];
  columns: ColumnProperties[];
}

/** `seeds:` entries of one property file with tests, added to `found` by seed name (their column_types are read with the seeds). */
export function readSeedTests(file: MappingReader, found: Map<string, SeedTests>): void {
  for (const entry of file.mappingItems('seeds', (item) => describeEntry('seed', item))) {
    const name = readRequiredName(entry, 'seed entry');
    if (name === undefined) continue;
    const tests = readTests(entry);
    const columns = readColumns(entry).filter((column) => column.tests.length > 0);
    if (tests.length > 0 || columns.length > 0) found.set(name, { name, tests, columns });
  }
}
