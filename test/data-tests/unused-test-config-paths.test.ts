import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import { warnAboutUnknownTests } from '../../core/test/unknown-tests.js';
import { memoryFileSource } from '../../core/util/file-source.js';

function warningsOf(files: Record<string, string>) {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource(files), root: '/p' }, diagnostics);
  assert.ok(project);
  warnAboutUnknownTests(project, diagnostics);
  assert.deepEqual(diagnostics.sorted(), []);
  return diagnostics.warnings.map((d) => [d.code, d.line, d.column, d.message, d.hint]);
}

test("a data_tests: key naming no folder and no test written in the folders above it is dbt's unused-config-path warning, with the nearest test name", () => {
  const warnings = warningsOf({
    'dbt_project.yml': [
      'name: shop',
      'data_tests:',
      '  shop:',
      '    +severity: warn',
      '    nothere:',
      '      +enabled: false',
      '    no_negative:',
      '      +severity: error',
      '    not_null_orders_id:',
      '      +severity: error',
      '    staging:',
      '      not_null_orders_id:',
      '        +enabled: false',
      '      not_null_order_id:',
      '        +severity: warn',
      '      accepted_values_orders_status__a__b:',
      '        +severity: warn',
    ].join('\n'),
    'models/staging/orders.sql': "select 1 as id, 'a' as status",
    'models/staging/_staging.yml': [
      'version: 2',
      'models:',
      '  - name: orders',
      '    columns:',
      '      - name: id',
      '        tests: [not_null]',
      '      - name: status',
      '        tests: [{accepted_values: {values: [a, b]}}]',
    ].join('\n'),
    'tests/no_negative.sql': "select * from {{ ref('orders') }} where id < 0",
  });
  // no_negative (tests/), staging's not_null_orders_id (disabled by the tree: still a test it names) and
  // accepted_values_... are tests; not_null_orders_id is not written directly in models/ or tests/.
  assert.deepEqual(warnings, [
    ['unused-config-path', 5, 5, 'data_tests.shop.nothere in dbt_project.yml applies to no test (it is not a folder here, nor the name of a test written directly in a model or test path)', null],
    ['unused-config-path', 9, 5, 'data_tests.shop.not_null_orders_id in dbt_project.yml applies to no test (it is not a folder here, nor the name of a test written directly in a model or test path)', null],
    ['unused-config-path', 14, 7, "data_tests.shop.staging.not_null_order_id in dbt_project.yml applies to no test (it is not a folder here, nor the name of a test written in folder 'staging')", "did you mean 'not_null_orders_id'?"],
  ]);
});
