import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import { renderProjectJinja } from '../../core/compile/render-project-jinja.js';
import { genericTestsOf } from '../../core/test/collect-generic-tests.js';
import { memoryFileSource } from '../../core/util/file-source.js';

const files = (testsTree: string[]) => ({
  'dbt_project.yml': ['name: shop', 'vars:', '  lim: 5', ...testsTree].join('\n'),
  'models/orders.sql': 'select 1 as id',
  'models/_models.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
});

function testsFor(tree: string[], targetName: string) {
  const diagnostics = new Diagnostics();
  const loaded = loadProject({ files: memoryFileSource(files(tree)), root: '/p' }, diagnostics);
  assert.ok(loaded);
  const project = renderProjectJinja(loaded, { target: { name: targetName, type: 'duckdb', schema: 'main' }, env: {} }, diagnostics);
  const errors = diagnostics.sorted().map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`);
  return { tests: genericTestsOf(project, ['orders']).map((t) => [t.name, t.severity, t.limit]), errors, warnings: diagnostics.warnings };
}

test("Jinja in dbt_project.yml's test configs is rendered with target and var, as dbt renders it (it was taken as written, with a warning)", () => {
  const tree = ['data_tests:', '  shop:', `    +severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`, `    +limit: "{{ var('lim') }}"`];
  const dev = testsFor(tree, 'dev');
  assert.deepEqual(dev.errors, []);
  assert.deepEqual(dev.warnings, []);
  assert.deepEqual(dev.tests, [['unique_orders_id', 'warn', 5], ['not_null_orders_id', 'warn', 5]]);
  assert.deepEqual(testsFor(tree, 'prod').tests, [['unique_orders_id', 'error', 5], ['not_null_orders_id', 'error', 5]]);
});

test('a test config rendered to a value of the wrong kind is an invalid-value error at the value in dbt_project.yml', () => {
  const { errors } = testsFor(['tests:', '  shop:', `    +severity: "{{ 'fatal' }}"`, '    +limit: "{{ 1 / 0 }}"'], 'dev');
  assert.deepEqual(errors, [
    "invalid-value dbt_project.yml:6:16 '+severity' under 'tests: shop' in dbt_project.yml must be warn or error, got the string 'fatal' (as rendered)",
    "jinja-render dbt_project.yml:7:13 '+limit' under 'tests: shop' in dbt_project.yml: division by zero",
  ]);
});
