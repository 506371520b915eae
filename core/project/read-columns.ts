import { nearest } from '../util/did-you-mean.js';
import { describeEntry, type MappingReader } from './mapping-reader.js';
import type { ColumnProperties } from './project-types.js';
import { readTests } from './read-tests.js';

const columnKeys: ReadonlySet<string> = new Set([
  'name', 'data_type', 'type', 'description', 'tests', 'data_tests', 'constraints', 'meta', 'tags', 'quote', 'config',
  'policy_tags', 'granularity',
]);

/** `columns:` of a model or source table. */
export function readColumns(owner: MappingReader): ColumnProperties[] {
  const out: ColumnProperties[] = [];
  const seen = new Set<string>();
  for (const column of owner.mappingItems('columns', (item) => `${describeEntry('column', item)} of ${owner.where}`)) {
    column.checkKeys(columnKeys);
    const name = readRequiredName(column, `column of ${owner.where}`);
    if (name === undefined) continue;
    if (seen.has(name.toLowerCase())) {
      column.diagnostics.error('duplicate-column', `column '${name}' is listed twice in ${owner.where}`, column.locate('name', 'value'), 'remove or merge one of the two entries');
      continue;
    }
    seen.add(name.toLowerCase());
    out.push(readColumn(column, name));
  }
  return out;
}

function readColumn(column: MappingReader, name: string): ColumnProperties {
  const out: ColumnProperties = { name, tests: readTests(column), location: column.locate('name') };
  const dataType = column.string('data_type') ?? column.string('type');
  const description = column.string('description');
  const meta = column.mapping('meta');
  const tags = column.stringList('tags');
  const constraints = column.list('constraints');
  const quote = column.boolean('quote');
  if (dataType !== undefined) out.data_type = dataType;
  if (description !== undefined) out.description = description;
  if (meta) out.meta = meta;
  if (tags) out.tags = tags;
  if (constraints) out.constraints = constraints;
  if (quote !== undefined) out.quote = quote;
  return out;
}

/**
 * The entry's `name:` (a non-empty string), reported as missing or invalid otherwise; not as missing when a
 * misspelt key (`nmae:`) is there, which checkKeys reports as an unknown key with "did you mean 'name'?".
 */
export function readRequiredName(entry: MappingReader, what: string): string | undefined {
  if (!entry.has('name')) {
    const misspelt = Object.keys(entry.value).some((key) => nearest(key, ['name']) !== undefined);
    if (!misspelt) entry.diagnostics.error('missing-key', `a ${what} has no 'name'`, entry.locate('', 'key'), "add 'name: ...' to the entry");
    return undefined;
  }
  const name = entry.value.name === null ? '' : entry.text('name');
  return name === '' ? entry.invalid('name', 'a non-empty name') : name;
}
