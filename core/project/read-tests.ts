import { MappingReader, describeValue, isMapping, type Mapping } from './mapping-reader.js';
import type { ColumnTest, Location } from './project-types.js';
import type { Locate } from './yaml-file.js';
import { TEST_CONFIGS } from './resource-configs.js';

/**
 * `tests:` and `data_tests:` of a model, column or source table. Each entry is a test name
 * (`- not_null`) or a one-key mapping of the name to its arguments (`- accepted_values: {values: [...]}`).
 */
export function readTests(reader: MappingReader): ColumnTest[] {
  const out: ColumnTest[] = [];
  for (const key of ['tests', 'data_tests']) {
    const list = reader.list(key);
    if (!list) continue;
    const locateItem = reader.locateInside(list, key);
    list.forEach((item, index) => {
      const test = readTest(reader, item, locateItem(String(index)));
      if (test) out.push(test);
    });
  }
  return out;
}

function readTest(reader: MappingReader, item: unknown, location: Location): ColumnTest | undefined {
  if (typeof item === 'string') return { name: item, args: {}, location };
  const keys = isMapping(item) ? Object.keys(item) : [];
  if (!isMapping(item) || keys.length !== 1) {
    const got = keys.length > 1 ? `a mapping with keys ${keys.join(', ')}` : describeValue(item);
    const message = `each test of ${reader.where} must be a test name or a mapping of one test name to its arguments, got ${got}`;
    reader.diagnostics.error('invalid-value', message, location, "for example '- not_null' or '- accepted_values: {values: [a, b]}'");
    return undefined;
  }
  const name = keys[0];
  const test = new MappingReader(item, reader.locateInside(item, name), reader.context, reader.where);
  const value = item[name];
  if (value !== null && !isMapping(value)) return test.invalid(name, "a mapping of the test's arguments");
  const args = flattenArguments(value ?? {});
  const argReader = new MappingReader(args, locateArgs(test, name, value ?? {}), reader.context, `test '${name}' of ${reader.where}`);
  checkTestConfig(argReader);
  return checkKnownTest(name, argReader) ? { name, args, location: test.locate(name, 'key') } : undefined;
}

/**
 * The configs a run of the test reads, directly under the test or under its `config:`, checked as dbt checks
 * them (`severity: fatal` would otherwise run as error, `limit: ten` count every row). A value in Jinja is
 * left as written.
 */
function checkTestConfig(args: MappingReader): void {
  const config = isMapping(args.value.config) ? args.child('config', `config of ${args.where}`) : undefined;
  for (const reader of [args, config]) if (reader) checkTestConfigValues(reader);
}

/** A test's `severity` and `limit` in one mapping, checked as TEST_CONFIGS checks them (a value in Jinja is left as written). */
export function checkTestConfigValues(reader: MappingReader): void {
  for (const name of ['severity', 'limit']) {
    const value = reader.value[name];
    if (value === undefined || value === null || (typeof value === 'string' && value.includes('{{'))) continue;
    const expected = TEST_CONFIGS.check?.(name, value);
    if (expected) reader.invalid(name, expected, TEST_CONFIGS.hint?.(name, value) ?? null);
  }
}

/** Arguments may sit directly under the test name or under its `arguments:`; anything else points at the name. */
function locateArgs(test: MappingReader, name: string, value: Mapping): Locate {
  const direct = test.locateInside(value, name);
  const nested = isMapping(value.arguments) ? test.locateInside(value.arguments, name) : undefined;
  return (key, part) => {
    if (nested && key in (value.arguments as Mapping)) return nested(key, part);
    return key in value ? direct(key, part) : test.locate(name, 'key');
  };
}

/** dbt 1.10 writes arguments under `arguments:`; both forms give the same args. */
function flattenArguments(value: Mapping): Mapping {
  if (!isMapping(value.arguments)) return value;
  const { arguments: nested, ...rest } = value;
  return { ...rest, ...(nested as Mapping) };
}

/** Required arguments of the built-in tests. */
function checkKnownTest(name: string, args: MappingReader): boolean {
  if (name === 'accepted_values') {
    args.boolean('quote');
    // A Jinja string (`"{{ var('statuses') }}"`) is rendered when the tests are compiled.
    const templated = typeof args.value.values === 'string' && args.value.values.includes('{{');
    return required(args, 'values', () => (templated ? args.value.values : args.list('values')));
  }
  if (name === 'relationships') return required(args, 'to', () => args.string('to')) && required(args, 'field', () => args.string('field'));
  return true;
}

function required(args: MappingReader, key: string, read: () => unknown): boolean {
  if (args.has(key)) return read() !== undefined;
  const example = key === 'values' ? 'values: [a, b]' : key === 'to' ? "to: ref('customers')" : 'field: id';
  args.diagnostics.error('invalid-value', `${args.where} needs '${key}'`, args.locate('', 'key'), `add '${example}'`);
  return false;
}
