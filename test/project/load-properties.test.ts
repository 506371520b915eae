import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import { memoryFileSource } from '../../core/util/file-source.js';

function load(files: Record<string, string>) {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource({ 'dbt_project.yml': 'name: shop\n', ...files }), root: '/p' }, diagnostics);
  return { project, diagnostics: diagnostics.sorted(), warnings: diagnostics.warnings };
}

const schemaYml = `version: 2
models:
  - name: orders
    description: One row per order
    tags: [core]
    config:
      materialized: table
      tags: finance
    columns:
      - name: id
        data_type: bigint
        tests:
          - not_null
          - unique
      - name: status
        type: varchar
        data_tests:
          - accepted_values:
              values: [open, closed]
              quote: false
      - name: customer_id
        tests:
          - relationships:
              to: ref('customers')
              field: id
    tests:
      - dbt_utils.expression_is_true:
          arguments:
            expression: "id > 0"
  - name: customers
sources:
  - name: raw
    schema: '_/eth_firehose@1.0.0'
    loaded_at_field: block_time
    freshness:
      warn_after: {count: 12, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: logs
        identifier: raw_logs
        columns:
          - name: address
      - name: blocks
        freshness: null
      - name: txs
        loaded_at_field: ts
        freshness:
          warn_after: {count: 100, period: block}
`;

test('model properties: description, columns with types and tests, config with tags folded in', () => {
  const { project, diagnostics } = load({ 'models/orders.sql': 'select 1', 'models/customers.sql': 'select 1', 'models/schema.yml': schemaYml });
  assert.deepEqual(diagnostics, []);
  const orders = project?.modelProperties.get('orders');
  assert.ok(orders);
  assert.equal(orders.description, 'One row per order');
  assert.deepEqual(orders.location, { file: 'models/schema.yml', line: 3, column: 5 });
  assert.deepEqual(orders.config, { tags: ['core', 'finance'], materialized: 'table' });
  assert.deepEqual(orders.columns.map((c) => [c.name, c.data_type, c.location.line]), [['id', 'bigint', 10], ['status', 'varchar', 15], ['customer_id', undefined, 21]]);
  assert.deepEqual(orders.columns[0].tests, [
    { name: 'not_null', args: {}, location: { file: 'models/schema.yml', line: 13, column: 13 } },
    { name: 'unique', args: {}, location: { file: 'models/schema.yml', line: 14, column: 13 } },
  ]);
  assert.deepEqual(orders.columns[1].tests.map((t) => [t.name, t.args, t.location.line]), [['accepted_values', { values: ['open', 'closed'], quote: false }, 18]]);
  assert.deepEqual(orders.columns[2].tests[0].args, { to: "ref('customers')", field: 'id' });
  assert.deepEqual(orders.tests.map((t) => [t.name, t.args]), [['dbt_utils.expression_is_true', { expression: 'id > 0' }]]);
  assert.deepEqual(project?.modelProperties.get('customers')?.columns, []);
});

test('sources: schema default and Amp datasets, freshness inherited by tables, merged with their own or disabled', () => {
  const { project } = load({ 'models/orders.sql': 'select 1', 'models/customers.sql': 'select 1', 'models/schema.yml': schemaYml });
  const raw = project?.sources[0];
  assert.ok(raw);
  assert.equal(raw.schema, '_/eth_firehose@1.0.0');
  assert.deepEqual(raw.location, { file: 'models/schema.yml', line: 32, column: 5 });
  const [logs, blocks, txs] = raw.tables;
  assert.deepEqual([logs.name, logs.identifier, logs.loaded_at_field, logs.columns.map((c) => c.name)], ['logs', 'raw_logs', 'block_time', ['address']]);
  assert.deepEqual(logs.freshness, { warn_after: { count: 12, period: 'hour' }, error_after: { count: 1, period: 'day' } });
  assert.equal(blocks.identifier, 'blocks');
  assert.equal(blocks.freshness, null);
  // A table's freshness is merged key by key over its source's, as dbt-core does: its warn_after, the source's error_after.
  assert.deepEqual(txs.freshness, { warn_after: { count: 100, period: 'block' }, error_after: { count: 1, period: 'day' } });
  assert.equal(txs.loaded_at_field, 'ts');
  // Where each table's loaded_at_field is written (status names it when the column is not there): its own, else its source's.
  assert.deepEqual([logs.loadedAtFieldAt, txs.loadedAtFieldAt], [{ file: 'models/schema.yml', line: 34, column: 22 }, { file: 'models/schema.yml', line: 46, column: 26 }]);
  const { project: other } = load({ 'models/s.yml': 'sources:\n  - name: app\n    tables: [{name: users}]\n' });
  assert.deepEqual(other?.sources.map((s) => [s.name, s.schema, s.tables[0].freshness]), [['app', 'app', undefined]]);
});

test("sources: tags of a source and of its tables, under tags: or config: (dbt 1.10), a string being one tag", () => {
  const { project, diagnostics } = load({
    'models/s.yml': 'sources:\n  - name: app\n    tags: nightly\n    config: {tags: [pii, nightly]}\n    tables:\n      - name: users\n        tags: [core]\n        config:\n          tags: gdpr\n      - name: events\n',
  });
  assert.deepEqual(diagnostics, []);
  const app = project!.sources[0];
  assert.deepEqual([app.tags, app.tables.map((t) => t.tags)], [['nightly', 'pii'], [['core', 'gdpr'], undefined]]);
});

test('unknown-key in a property file: model, column and file level, with did-you-mean', () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/schema.yml': 'version: 2\nmodel:\n  - name: x\nmodels:\n  - name: orders\n    descripton: hi\n    columns:\n      - name: id\n        data_typ: int\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 'models/schema.yml', 2, 1, "unknown key 'model' in property file models/schema.yml", "did you mean 'models'?"],
    ['unknown-key', 'models/schema.yml', 6, 5, "unknown key 'descripton' in model 'orders'", "did you mean 'description'?"],
    ['unknown-key', 'models/schema.yml', 9, 9, "unknown key 'data_typ' in column 'id' of model 'orders'", "did you mean 'data_type'?"],
  ]);
});

test("a misspelt 'name:' is one error, the unknown key with its did-you-mean; an entry with no name at all is missing-key", () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/schema.yml': 'models:\n  - name: orders\n    columns:\n      - nam: id\n      - description: x\n'
      + 'sources:\n  - name: raw\n    tables:\n      - nmae: logs\n  - tables: []\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 4, 9, "unknown key 'nam' in an unnamed column of model 'orders'", "did you mean 'name'?"],
    ['missing-key', 5, 9, "a column of model 'orders' has no 'name'", "add 'name: ...' to the entry"],
    ['unknown-key', 9, 9, "unknown key 'nmae' in an unnamed table of source 'raw'", "did you mean 'name'?"],
    ['missing-key', 10, 5, "a source has no 'name'", "add 'name: ...' to the entry"],
  ]);
});

test('unknown-model: an entry naming no model file is a warning (as in dbt), not an error', () => {
  const { project, diagnostics, warnings } = load({
    'models/stg_orders.sql': 'select 1',
    'models/schema.yml': 'models:\n  - name: stg_order\n',
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(warnings, [{
    file: 'models/schema.yml', line: 2, column: 11, code: 'unknown-model',
    message: "model 'stg_order' is described here but no model file is named 'stg_order.sql'", hint: "did you mean 'stg_orders'?",
  }]);
  assert.equal(project?.modelProperties.size, 0);
});

test('duplicate-model: the same model described in two property files', () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/a.yml': 'models:\n  - name: orders\n',
    'models/b.yml': 'version: 2\n\nmodels:\n  - name: orders\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]), [
    ['duplicate-model', 'models/b.yml', 4, 11, "model 'orders' is described twice: models/a.yml:2 and models/b.yml:4"],
  ]);
});

test('duplicate-source: the same source table twice', () => {
  const { diagnostics } = load({
    'models/a.yml': 'sources:\n  - name: raw\n    tables:\n      - name: logs\n',
    'models/b.yml': 'sources:\n  - name: raw\n    tables:\n      - name: blocks\n      - name: logs\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]), [
    ['duplicate-source', 'models/b.yml', 5, 15, "source table 'raw.logs' is defined twice: models/a.yml:4 and models/b.yml:5"],
  ]);
});

test('invalid-value: wrong types, bad tests and bad freshness at the exact value', () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/schema.yml': [
      'models:',
      '  - name: orders',
      '    columns: id',
      '    tests:',
      '      - accepted_values: {quote: true}',
      '      - {unique: {}, not_null: {}}',
      '    config:',
      '      materialized: snapshot',
      'sources:',
      '  - name: raw',
      '    freshness:',
      '      warn_after: {count: 0, period: hour}',
      '      error_after: {count: 2}',
      '    tables: logs',
    ].join('\n'),
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
    ['invalid-value', 3, 14, "'columns' in model 'orders' must be a list (lines starting with '- '), got the string 'id'"],
    ['invalid-value', 5, 9, "test 'accepted_values' of model 'orders' needs 'values'"],
    ['invalid-value', 6, 9, "each test of model 'orders' must be a test name or a mapping of one test name to its arguments, got a mapping with keys unique, not_null"],
    ['invalid-value', 8, 21, "'materialized' in config of model 'orders' must be one of view, table, incremental, ephemeral, got the string 'snapshot'"],
    ['invalid-value', 12, 27, "'count' in 'warn_after' of 'freshness' of source 'raw' must be a whole number of at least 1, got the number 0"],
    ['invalid-value', 13, 20, "'error_after' in 'freshness' of source 'raw' must be a duration with both count and period, got a mapping"],
    ['invalid-value', 14, 13, "'tables' in source 'raw' must be a list (lines starting with '- '), got the string 'logs'"],
  ]);
});

test("a test's severity and limit are checked where written, directly under the test or under its config: (Jinja left to the run)", () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/schema.yml': [
      'models:',
      '  - name: orders',
      '    columns:',
      '      - name: id',
      '        tests:',
      '          - not_null: {severity: fatal}',
      '          - unique: {config: {severity: wrn, limit: ten}}',
      '          - not_null: {severity: WARN, limit: 5}',
      '          - unique:',
      `              severity: "{{ 'error' if target.name == 'prod' else 'warn' }}"`,
    ].join('\n'),
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['invalid-value', 6, 34, "'severity' in test 'not_null' of column 'id' of model 'orders' must be warn or error, got the string 'fatal'", null],
    ['invalid-value', 7, 41, "'severity' in config of test 'unique' of column 'id' of model 'orders' must be warn or error, got the string 'wrn'", "did you mean 'warn'?"],
    ['invalid-value', 7, 53, "'limit' in config of test 'unique' of column 'id' of model 'orders' must be a whole number of at least 0, got the string 'ten'", null],
  ]);
});

test('a property file whose entry holds itself through an alias is a yaml-syntax error, not a crash', () => {
  const { diagnostics } = load({
    'models/orders.sql': 'select 1',
    'models/schema.yml': 'models:\n  - &x {name: orders, description: *x}\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column]), [['yaml-syntax', 'models/schema.yml', 2, 36]]);
});

test('yaml-syntax in a property file is reported and the rest of the project still loads', () => {
  const { project, diagnostics } = load({ 'models/a.sql': 'select 1', 'models/bad.yml': 'models:\n  - name: a\n   description: x\n' });
  assert.ok(project);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file]), [['yaml-syntax', 'models/bad.yml']]);
});

test("a seeds: entry's config is checked as the seeds: tree's: a typo of a seed config warns with it, a wrong value is an error", () => {
  const { diagnostics, warnings } = load({
    'seeds/people.csv': 'id,name\n1,a\n',
    'seeds/props.yml': 'version: 2\nseeds:\n  - name: people\n    config:\n      colum_typs: {id: int}\n      enabled: yes_please\n      my_custom: 1\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
    [['invalid-value', 6, 16, "'enabled' in the config of seed 'people' must be true or false, got the string 'yes_please'"]]);
  assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column, w.hint]), [['unknown-config', 5, 7, "did you mean 'column_types'?"]]);
});

test('a seeds: entry with an unknown key is an error at it; one naming no seed file a warning with the nearest name', () => {
  const { diagnostics, warnings } = load({
    'seeds/countries.csv': 'id,name\n1,a\n',
    'seeds/lookups/rates.parquet': '',
    'seeds/props.yml': 'version: 2\nseeds:\n  - name: countrie\n    column_typs: {id: int}\n  - name: countries\n    description: ok\n    column_types: {id: bigint}\n  - name: rates\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message, d.hint]),
    [['unknown-key', 'seeds/props.yml', 4, 5, "unknown key 'column_typs' in seed 'countrie'", "did you mean 'column_types'?"]]);
  assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column, w.message, w.hint]),
    [['unknown-seed', 3, 11, "seed 'countrie' is described here but no seed file is named 'countrie.csv'", "did you mean 'countries'?"]]);
});

test("a property file's version other than 2 is an error at it", () => {
  const { diagnostics } = load({ 'models/a.sql': 'select 1 as id', 'models/p.yml': 'version: 3\nmodels:\n  - name: a\n', 'models/q.yml': 'version: 2\n', 'models/r.yml': 'models: []\n' });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]),
    [['invalid-value', 'models/p.yml', 1, 10, "'version' in property file models/p.yml must be 2, got the number 3"]]);
});

test('a macros: entry with an unknown key is an error at it; one naming no macro a warning with the nearest name', () => {
  const { diagnostics, warnings } = load({
    'macros/money.sql': '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}',
    'tests/generic/positive.sql': '{% test positive(model, column_name) %}select 1{% endtest %}',
    'models/props.yml': 'version: 2\nmacros:\n  - name: cents_to_dollar\n    descripton: x\n  - name: cents_to_dollars\n    arguments:\n      - name: c\n  - name: test_positive\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message, d.hint]),
    [['unknown-key', 'models/props.yml', 4, 5, "unknown key 'descripton' in macro 'cents_to_dollar'", "did you mean 'description'?"]]);
  assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column, w.message, w.hint]),
    [['unknown-macro', 3, 11, "macro 'cents_to_dollar' is described here but no macro is named 'cents_to_dollar'", "did you mean 'cents_to_dollars'?"]]);
});

test('property files under macro-paths are read too (where macros: entries usually are)', () => {
  const { diagnostics, warnings } = load({
    'macros/money.sql': '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}',
    'macros/money.yml': 'version: 2\nmacros:\n  - name: cents_to_dollar\n    description: x\n',
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(warnings.map((w) => [w.code, w.file, w.line]), [['unknown-macro', 'macros/money.yml', 3]]);
});
