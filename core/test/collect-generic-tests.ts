import type { CompileResult } from '../compile/compile-project.js';
import type { ColumnTest, Project } from '../project/project-types.js';
import type { DataTest } from './data-test.js';
import { genericTestName } from './generic-test-name.js';
import { testConfigFromTree, testConfigOf } from './test-config.js';

/** Keys of a test entry that configure it rather than being arguments (dbt keeps them out of the name). */
export const configKeys: ReadonlySet<string> = new Set([
  'config', 'severity', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as',
  'enabled', 'tags', 'meta', 'name', 'description', 'alias', 'database', 'schema',
]);

interface Attachment {
  model?: string;
  source?: string;
  seed?: string;
  /** What the name says it is attached to: the model, or `<source>_<table>`. */
  label: string;
  column?: string;
  /** The column's `quote:` setting. */
  quote?: boolean;
}

/** A test entry's arguments (its configs left out) and its name, as dbt names it. */
function argsAndName(entry: ColumnTest, at: Attachment): { args: Record<string, unknown>; name: string } {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.args)) if (!configKeys.has(key)) args[key] = value;
  if (at.column !== undefined) args.column_name = at.column;
  // A package's test (`dbt_utils.accepted_range`) is named as dbt names it: `dbt_utils_accepted_range_...`.
  const kind = entry.name.replace(/\./g, '_');
  const prefix = at.source ? `source_${kind}` : kind;
  return { args, name: typeof entry.args.name === 'string' ? entry.args.name : genericTestName(prefix, at.label, args) };
}

function toDataTest(entry: ColumnTest, at: Attachment, project: Project): DataTest | undefined {
  const { args, name } = argsAndName(entry, at);
  const column = typeof args.column_name === 'string' ? args.column_name : undefined;
  const nested = entry.args.config !== null && typeof entry.args.config === 'object' ? entry.args.config as Record<string, unknown> : {};
  // dbt_project.yml's data_tests: tree, then the test's own config (under config: or directly under the test).
  const config = { ...testConfigFromTree(project, entry.location.file ?? '', name), ...nested, ...entry.args };
  if (config.enabled === false) return undefined;
  const test: DataTest = {
    name, kind: entry.name, args, location: entry.location, ...testConfigOf(config),
    ...(config.severity !== undefined ? { severityWritten: true } : {}),
    models: at.model ? [at.model] : [], sources: at.source ? [at.source] : [],
  };
  if (at.model) test.model = at.model;
  if (at.source) test.source = at.source;
  if (at.seed) test.seed = at.seed;
  if (column !== undefined) test.column = column;
  if (at.quote !== undefined) test.quoteColumn = at.quote;
  if (typeof config.where === 'string') test.where = config.where;
  return test;
}

/**
 * The generic tests of property files: on source tables and their columns, then on every compiled model
 * (in build order) and its columns. Tests of disabled models are left out, as dbt does.
 */
export function collectGenericTests(result: CompileResult): DataTest[] {
  return genericTestsOf(result.project, result.models.map((m) => m.name));
}

/** The generic tests of property files on the project's sources, seeds and `models` (in that order). */
export function genericTestsOf(project: Project, models: readonly string[]): DataTest[] {
  const out: DataTest[] = [];
  eachTestEntry(project, models, (entry, at) => { const test = toDataTest(entry, at, project); if (test) out.push(test); });
  return out;
}

/**
 * The name of every test of the project, disabled ones too, each with the folders of the file it is written in
 * below its model or test path (as the `data_tests:` tree of dbt_project.yml names them): `marts/unique_orders_id`.
 */
export function testPathsByName(project: Project): Set<string> {
  const paths = new Set<string>();
  const add = (file: string, name: string) => paths.add([...file.split('/').slice(1, -1), name].join('/'));
  eachTestEntry(project, [...project.modelProperties.keys()], (entry, at) => add(entry.location.file ?? '', argsAndName(entry, at).name));
  for (const file of project.tests) add(file.path, file.name);
  return paths;
}

/** Every generic test entry of the property files, with what it is attached to: sources, seeds, then `models`. */
function eachTestEntry(project: Project, models: readonly string[], add: (entry: ColumnTest, at: Attachment) => void): void {
  for (const source of project.sources) {
    for (const table of source.tables) {
      const at: Attachment = { source: `${source.name}.${table.name}`, label: `${source.name}_${table.name}` };
      for (const entry of table.tests ?? []) add(entry, at);
      for (const column of table.columns) {
        for (const entry of column.tests) add(entry, { ...at, column: column.name, quote: column.quote });
      }
    }
  }
  for (const seed of project.seedTests?.values() ?? []) {
    const at: Attachment = { seed: seed.name, label: seed.name };
    for (const entry of seed.tests) add(entry, at);
    for (const column of seed.columns) {
      for (const entry of column.tests) add(entry, { ...at, column: column.name, quote: column.quote });
    }
  }
  for (const model of models) {
    const properties = project.modelProperties.get(model);
    if (!properties) continue;
    const at: Attachment = { model, label: model };
    for (const entry of properties.tests) add(entry, at);
    for (const column of properties.columns) {
      for (const entry of column.tests) add(entry, { ...at, column: column.name, quote: column.quote });
    }
  }
}
