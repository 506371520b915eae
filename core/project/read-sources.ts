import { describeEntry, type MappingReader } from './mapping-reader.js';
import type { FreshnessConfig, Location, SourceDefinition, SourceTable } from './project-types.js';
import { readColumns, readRequiredName } from './read-columns.js';
import { readFreshness } from './read-freshness.js';
import { readTests } from './read-tests.js';

const sourceKeys: ReadonlySet<string> = new Set([
  'name', 'schema', 'database', 'description', 'loader', 'loaded_at_field', 'loaded_at_query', 'freshness', 'meta',
  'tags', 'quoting', 'config', 'tables', 'overrides',
]);
const tableKeys: ReadonlySet<string> = new Set([
  'name', 'identifier', 'description', 'loaded_at_field', 'loaded_at_query', 'freshness', 'columns', 'meta', 'tags',
  'tests', 'data_tests', 'external', 'quoting', 'config', 'docs',
]);

/** `sources:` of one property file, appended to `sources`; `tables` remembers `source.table` -> where. */
export function readSources(file: MappingReader, sources: SourceDefinition[], tables: Map<string, Location>): void {
  for (const entry of file.mappingItems('sources', (item) => describeEntry('source', item))) {
    entry.checkKeys(sourceKeys);
    const name = readRequiredName(entry, 'source');
    if (name === undefined) continue;
    const source = readSource(entry, name);
    for (const table of entry.mappingItems('tables', (item) => `${describeEntry('table', item)} of source '${name}'`)) {
      const read = readTable(table, source);
      if (read && !isDuplicate(table, `${name}.${read.name}`, tables)) source.tables.push(read);
    }
    sources.push(source);
  }
}

function readSource(entry: MappingReader, name: string): SourceDefinition {
  const out: SourceDefinition = { name, schema: entry.text('schema') ?? name, tables: [], location: entry.locate('name') };
  const config = entry.child('config', `config of ${entry.where}`);
  const freshness = readFreshnessSetting(entry, config);
  setIfDefined(out, 'database', entry.text('database'));
  setIfDefined(out, 'description', entry.string('description'));
  setIfDefined(out, 'loader', entry.string('loader'));
  setIfDefined(out, 'loaded_at_field', entry.string('loaded_at_field'));
  if (out.loaded_at_field !== undefined) out.loadedAtFieldAt = entry.locate('loaded_at_field', 'value');
  setIfDefined(out, 'tags', readTags(entry, config));
  setIfDefined(out, 'meta', entry.mapping('meta'));
  if (freshness !== undefined) out.freshness = freshness;
  entry.mapping('quoting');
  return out;
}

function readTable(table: MappingReader, source: SourceDefinition): SourceTable | undefined {
  table.checkKeys(tableKeys);
  const name = readRequiredName(table, `table of source '${source.name}'`);
  if (name === undefined) return undefined;
  const out: SourceTable = { name, identifier: table.text('identifier') ?? name, columns: readColumns(table), location: table.locate('name') };
  const tests = readTests(table);
  const config = table.child('config', `config of ${table.where}`);
  const freshness = readFreshnessSetting(table, config);
  setIfDefined(out, 'description', table.string('description'));
  const loadedAtField = table.string('loaded_at_field');
  setIfDefined(out, 'loaded_at_field', loadedAtField ?? source.loaded_at_field);
  setIfDefined(out, 'loadedAtFieldAt', loadedAtField !== undefined ? table.locate('loaded_at_field', 'value') : source.loadedAtFieldAt);
  setIfDefined(out, 'tags', readTags(table, config));
  setIfDefined(out, 'meta', table.mapping('meta'));
  if (tests.length) out.tests = tests;
  const merged = tableFreshness(source.freshness, freshness);
  if (merged !== undefined) out.freshness = merged;
  table.mapping('external');
  return out;
}

/**
 * A table's freshness over its source's, merged key by key as dbt-core does (`warn_after`, `error_after` and
 * `filter` each the table's when it sets it, else the source's); `freshness: null` on the table turns it off.
 */
function tableFreshness(source: FreshnessConfig | null | undefined, table: FreshnessConfig | null | undefined): FreshnessConfig | null | undefined {
  if (table === undefined) return source;
  if (table === null || !source) return table;
  return { ...source, ...table };
}

/** `tags:` and `tags:` under `config:` (dbt 1.10), together; a string is one tag. */
function readTags(entry: MappingReader, config: MappingReader | undefined): string[] | undefined {
  const tags = [...entry.stringList('tags') ?? [], ...config?.stringList('tags') ?? []];
  return tags.length === 0 ? undefined : [...new Set(tags)];
}

/** `freshness:` directly or under `config:` (newer dbt); the direct one wins. */
function readFreshnessSetting(entry: MappingReader, config: MappingReader | undefined): FreshnessConfig | null | undefined {
  const inConfig = config ? readFreshness(config, 'freshness') : undefined;
  const direct = readFreshness(entry, 'freshness');
  return direct !== undefined ? direct : inConfig;
}

function isDuplicate(table: MappingReader, key: string, seen: Map<string, Location>): boolean {
  const first = seen.get(key);
  const here = table.locate('name', 'value');
  if (!first) {
    seen.set(key, here);
    return false;
  }
  const message = `source table '${key}' is defined twice: ${first.file}:${first.line} and ${here.file}:${here.line}`;
  table.diagnostics.error('duplicate-source', message, here, 'keep one definition of each source table');
  return true;
}

function setIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
