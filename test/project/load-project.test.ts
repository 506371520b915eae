import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../core/errors.js';
import { folderConfigFor } from '../../core/project/folder-config.js';
import { loadProject } from '../../core/project/load-project.js';
import { memoryFileSource } from '../../core/util/file-source.js';

function load(files: Record<string, string>, vars?: Record<string, unknown>) {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource(files), root: '/p', vars }, diagnostics);
  return { project, diagnostics: diagnostics.sorted(), warnings: diagnostics.warnings };
}

const projectYml = [
  'name: shop',
  'version: 1.0',
  'vars:',
  '  start_block: 100',
  '  network: mainnet',
  '  shop:',
  '    scoped: yes',
  'models:',
  '  shop:',
  '    +materialized: view',
  '    tags: x',
  '    staging:',
  "      +tags: ['staging']",
].join('\n');

test('loads settings, models, macros and tests sorted by path', () => {
  const { project, diagnostics } = load({
    'dbt_project.yml': projectYml,
    'models/staging/stg_b.sql': 'select 2',
    'models/staging/stg_a.sql': 'select 1',
    'models/fct.sql': "select * from {{ ref('stg_a') }}",
    'macros/m.sql': '{% macro m() %}1{% endmacro %}',
    'tests/generic/positive.sql': '{% test positive(model, column_name) %}select 1{% endtest %}',
    'tests/no_negatives.sql': 'select 1 where false',
  });
  assert.deepEqual(diagnostics, []);
  assert.ok(project);
  assert.equal(project.name, 'shop');
  assert.equal(project.version, '1');
  assert.equal(project.profile, 'shop');
  assert.deepEqual(project.modelPaths, ['models']);
  assert.deepEqual(project.models.map((m) => [m.name, m.path, m.folders, m.modelPath]), [
    ['fct', 'models/fct.sql', [], 'models'],
    ['stg_a', 'models/staging/stg_a.sql', ['staging'], 'models'],
    ['stg_b', 'models/staging/stg_b.sql', ['staging'], 'models'],
  ]);
  assert.equal(project.models[0].content, "select * from {{ ref('stg_a') }}");
  assert.deepEqual(project.macros.map((m) => m.path), ['macros/m.sql', 'tests/generic/positive.sql']);
  assert.deepEqual(project.tests.map((t) => [t.name, t.path]), [['no_negatives', 'tests/no_negatives.sql']]);
  assert.deepEqual(folderConfigFor(project, project.models[1]), { materialized: 'view', tags: ['x', 'staging'] });
});

test('--vars override project vars key by key; vars scoped to the project apply too', () => {
  const { project } = load({ 'dbt_project.yml': projectYml }, { network: 'base', extra: true });
  assert.deepEqual(project?.vars, { start_block: 100, network: 'base', scoped: 'yes', extra: true });
});

test('missing-file: no dbt_project.yml', () => {
  const { project, diagnostics } = load({ 'models/a.sql': 'select 1' });
  assert.equal(project, null);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'missing-file');
  assert.equal(diagnostics[0].file, 'dbt_project.yml');
  assert.match(diagnostics[0].message, /no dbt_project\.yml in memory/);
  assert.match(diagnostics[0].hint ?? '', /amp-dbt init/);
});

test('yaml-syntax in dbt_project.yml stops loading', () => {
  const { project, diagnostics } = load({ 'dbt_project.yml': 'name: shop\nmodels: [a, b\n' });
  assert.equal(project, null);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]), [['yaml-syntax', 'dbt_project.yml', 2, 9, "invalid YAML: this '[' is never closed with ']'"]]);
});

test('a dbt_project.yml that is not a mapping says what it is', () => {
  for (const [text, got] of [['- name: shop\n', 'a list'], ['shop\n', "the string 'shop'"], ['', 'an empty file']]) {
    const { project, diagnostics } = load({ 'dbt_project.yml': text });
    assert.equal(project, null);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['invalid-value', `dbt_project.yml must be a mapping of settings (name: ..., version: ...), got ${got}`]]);
  }
});

test('unknown-key at the top level of dbt_project.yml, with did-you-mean', () => {
  const { diagnostics } = load({ 'dbt_project.yml': 'name: shop\nmodel-path: [models]\n' });
  assert.deepEqual(diagnostics, [{
    file: 'dbt_project.yml', line: 2, column: 1, code: 'unknown-key',
    message: "unknown key 'model-path' in dbt_project.yml", hint: "did you mean 'model-paths'?",
  }]);
});

test('warnings, as dbt gives them: a folder config that applies to no model, hooks, snapshots, analyses and unit tests that are not run, and a packages file (packages are not installed)', () => {
  const { project, diagnostics, warnings } = load({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    archive:\n      +materialized: table\n    staging:\n      old:\n        +tags: [x]\non-run-end: ["grant usage on schema main to reporter"]\non-run-start: []\nsources:\n  shop:\n    raw:\n      +tags: [nightly]\n',
    'models/staging/a.sql': 'select 1',
    'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n',
    'snapshots/orders_snapshot.sql': "{% snapshot orders_snapshot %}select 1{% endsnapshot %}",
    'analyses/revenue.sql': 'select 1',
    'models/_unit.yml': 'unit_tests:\n  - name: t\n    model: a\n',
    'models/staging/py_model.py': 'def model(dbt, session):\n    return None\n',
  });
  assert.deepEqual(diagnostics, []);
  assert.ok(project);
  assert.deepEqual(warnings.map((d) => [d.code, d.file, d.line, d.column, d.message, d.hint]), [
    ['not-supported', 'dbt_project.yml', 11, 1, "configs under 'sources:' in dbt_project.yml (+tags, +freshness, +enabled ...) are not read by amp-dbt",
      'set tags: and freshness: on the sources in their property files beside the models'],
    ['hooks-not-run', 'dbt_project.yml', 9, 1, 'on-run-end hooks in dbt_project.yml are not run by amp-dbt', 'run such statements outside amp-dbt (a grant, say, once per schema)'],
    ['packages-unsupported', 'packages.yml', 1, 1, 'packages.yml is not read: amp-dbt does not install dbt packages, so their models and macros are not available',
      'copy the macros the project uses, from dbt_utils say, into macros/'],
    ['not-supported', 'snapshots/orders_snapshot.sql', 1, 1, 'snapshots are not run by amp-dbt: the file under the snapshot paths is ignored', null],
    ['not-supported', 'analyses/revenue.sql', 1, 1, 'analyses are not compiled by amp-dbt: the file under the analysis paths is ignored', 'to have amp-dbt compile one, make it a model (ephemeral, if it should build nothing)'],
    ['not-supported', 'models/staging/py_model.py', 1, 1, 'Python models are not supported: models/staging/py_model.py is ignored', 'write the model in SQL'],
    ['unused-config-path', 'dbt_project.yml', 4, 5, "models.shop.archive in dbt_project.yml applies to no model (no folder 'archive' holds one, nor is a model so named there)", 'folders and models here: staging'],
    ['unused-config-path', 'dbt_project.yml', 7, 7, "models.shop.staging.old in dbt_project.yml applies to no model (no folder 'staging/old' holds one, nor is a model so named there)", 'folders and models here: a'],
    ['not-supported', 'models/_unit.yml', 1, 1, "unit tests are not run by amp-dbt: the 1 under 'unit_tests' here are ignored", null],
  ]);
});

test('unknown-key in the folder config tree: not a folder and not a config', () => {
  const { diagnostics } = load({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    stagin:\n      +materialized: table\n    staging:\n      +materialised: table\n  shopp:\n    +tags: x\n',
    'models/staging/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 4, 5, "unknown key 'stagin' under 'models: shop' in dbt_project.yml: it is neither a folder of the model paths nor a model config",
      "did you mean 'staging'?"],
    ['unknown-key', 7, 7, "unknown key 'materialised' in config under 'models: shop: staging' in dbt_project.yml", "did you mean 'materialized'?"],
    ['unknown-key', 8, 3, "unknown key 'shopp' under 'models' in dbt_project.yml: it is neither the project name ('shop') nor a model config",
      "did you mean 'shop'?"],
  ]);
});

test('a folder without models (no near match) is accepted like dbt, and its configs are still checked', () => {
  const { diagnostics } = load({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialised: table\n  other_package:\n    +enabled: false\n',
    'models/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.message]), [
    ['unknown-key', 5, "unknown key 'materialised' in config under 'models: shop: marts' in dbt_project.yml"],
  ]);
});

test('a config key names a folder when that folder exists', () => {
  const { project, diagnostics } = load({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    tags:\n      +materialized: table\n',
    'models/tags/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics, []);
  assert.equal(project && folderConfigFor(project, project.models[0]).materialized, 'table');
});

test('invalid-value: a folder config value of the wrong type, at the value', () => {
  const { diagnostics } = load({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: tabel\n    +enabled: "no"\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
    ['invalid-value', 4, 20, "'materialized' in config under 'models: shop' in dbt_project.yml must be one of view, table, incremental, ephemeral, got the string 'tabel'"],
    ['invalid-value', 5, 15, "'enabled' in config under 'models: shop' in dbt_project.yml must be true or false, got the string 'no'"],
  ]);
});

test('invalid-value and missing-key: project name', () => {
  assert.deepEqual(load({ 'dbt_project.yml': 'name: my-shop\n' }).diagnostics.map((d) => [d.code, d.line, d.column, d.hint]), [
    ['invalid-value', 1, 7, "for example 'my_shop'"],
  ]);
  assert.deepEqual(load({ 'dbt_project.yml': 'version: 1\n' }).diagnostics.map((d) => [d.code, d.message]), [['missing-key', "dbt_project.yml has no 'name'"]]);
});

test('two files of one model name: the first is the model, the later ones are kept aside for compiling to choose', () => {
  const { project, diagnostics } = load({
    'dbt_project.yml': 'name: shop\n',
    'models/a/orders.sql': 'select 1',
    'models/b/orders.sql': 'select 2',
  });
  assert.deepEqual(diagnostics, [], 'only two enabled files of a name are an error: compiling tells');
  assert.deepEqual(project?.models.map((m) => m.path), ['models/a/orders.sql']);
  assert.deepEqual(project?.duplicateModels?.map((m) => m.path), ['models/b/orders.sql']);
});

test('missing-file: a configured path that does not exist is an error when it looks like a typo, else a warning (git keeps no empty folder), each at its item', () => {
  const { diagnostics, warnings } = load({
    'dbt_project.yml': 'name: shop\nmodel-paths: [modls]\nmacro-paths: ["macros", more]\n',
    'models/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['missing-file', 2, 15, "folder 'modls' listed in 'model-paths' does not exist", "did you mean 'models'?"],
  ]);
  assert.deepEqual(warnings.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['missing-file', 3, 15, "folder 'macros' listed in 'macro-paths' does not exist", "create the folder 'macros' or change 'macro-paths' in dbt_project.yml"],
    ['missing-file', 3, 25, "folder 'more' listed in 'macro-paths' does not exist", "create the folder 'more' or change 'macro-paths' in dbt_project.yml"],
  ]);
});

test('default paths may be absent; explicit paths are read', () => {
  const { project, diagnostics } = load({
    'dbt_project.yml': 'name: shop\nmodel-paths: ["./sql/", sql]\nmonitoring:\n  warn_after: {count: 1, period: day}\n',
    'sql/x/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(project?.modelPaths, ['sql']);
  assert.deepEqual(project?.models.map((m) => [m.name, m.folders, m.modelPath]), [['a', ['x'], 'sql']]);
  assert.deepEqual(project?.monitoring, { warn_after: { count: 1, period: 'day' } });
});

test("the seeds: and data_tests: trees: a typo of the project, a folder or a seed is unknown-key; a path naming nothing is dbt's warning", () => {
  const { diagnostics, warnings } = load({
    'dbt_project.yml': [
      'name: shop',
      'seeds:',
      '  shop:',
      '    +schema: raw',
      '    enabled: true',
      '    lookups:',
      '      countrie:',
      '        +column_types: {code: varchar}',
      '      currencies:',
      '        +enabled: false',
      '    archive:',
      '      +enabled: false',
      '  shpo:',
      '    +schema: x',
      'data_tests:',
      '  shop:',
      '    stagin:',
      '      +severity: warn',
      '    staging:',
      '      not_null_orders_id:',
      '        +severity: warn',
    ].join('\n'),
    'models/staging/orders.sql': 'select 1 as id',
    'models/staging/_staging.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n',
    'seeds/lookups/countries.csv': 'code\nNL\n',
    'seeds/lookups/currencies.csv': 'code\nEUR\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 7, 7, "unknown key 'countrie' under 'seeds: shop: lookups' in dbt_project.yml: it is not a folder or seed here, so its configs apply to no seed", "did you mean 'countries'?"],
    ['unknown-key', 13, 3, "unknown key 'shpo' under 'seeds' in dbt_project.yml: it is not the project name ('shop'), so its configs apply to no seed", "did you mean 'shop'?"],
    ['unknown-key', 17, 5, "unknown key 'stagin' under 'data_tests: shop' in dbt_project.yml: it is not a folder here, so its configs apply to no test", "did you mean 'staging'?"],
  ]);
  assert.deepEqual(warnings.map((d) => [d.code, d.line, d.message, d.hint]), [
    ['unused-config-path', 11, 'seeds.shop.archive in dbt_project.yml applies to no seed (it is not a folder or seed here)', 'names here: lookups'],
  ]);
});

test("Jinja in the seeds: tree, taken as written, is warned about at its value; in the data_tests: tree it is left to the compile, which renders it", () => {
  const { diagnostics, warnings } = load({
    'dbt_project.yml': `name: shop\nseeds:\n  shop:\n    +schema: "{{ target.name }}_seeds"\ndata_tests:\n  shop:\n    +severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"\n`,
    'models/a.sql': 'select 1',
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(warnings.map((d) => [d.code, d.line, d.column, d.message]), [
    ['not-supported', 4, 14, "Jinja in '+schema' under 'seeds: shop' in dbt_project.yml is not rendered: the value is taken as written"],
  ]);
});

test("the seeds: and data_tests: trees check their configs: a typo of a config's name is a warning with it, a bad value an error at it", () => {
  const { diagnostics, warnings } = load({
    'dbt_project.yml': [
      'name: shop',
      'seeds:',
      '  shop:',
      '    +quote_columns: maybe',
      '    +column_typs: {id: int}',
      '    +my_custom: kept',
      'data_tests:',
      '  shop:',
      '    +severity: fatal',
      '    +sevrity: warn',
      '    +limit: ten',
      '    +store_failures: true',
    ].join('\n'),
    'seeds/countries.csv': 'id\n1\n',
  });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
    ['invalid-value', 4, 21, "'+quote_columns' under 'seeds: shop' in dbt_project.yml must be true or false, got the string 'maybe'"],
    ['invalid-value', 9, 16, "'+severity' under 'data_tests: shop' in dbt_project.yml must be warn or error, got the string 'fatal'"],
    ['invalid-value', 11, 13, "'+limit' under 'data_tests: shop' in dbt_project.yml must be a whole number of at least 0, got the string 'ten'"],
  ]);
  assert.deepEqual(warnings.map((w) => [w.code, w.line, w.message, w.hint]), [
    ['unknown-config', 5, "'+column_typs' under 'seeds: shop' in dbt_project.yml is not a seed config amp-dbt or dbt reads: it is kept, and nothing acts on it", "did you mean 'column_types'?"],
    ['unknown-config', 10, "'+sevrity' under 'data_tests: shop' in dbt_project.yml is not a test config amp-dbt or dbt reads: it is kept, and nothing acts on it", "did you mean 'severity'?"],
  ]);
});
