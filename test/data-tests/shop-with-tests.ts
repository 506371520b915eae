import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import type { Target } from '../../core/project/project-types.js';
import { chooseTests } from '../../core/test/choose-tests.js';
import { collectDataTests } from '../../core/test/collect-data-tests.js';
import { compileWithTests } from '../../core/test/compile-with-tests.js';
import { runDataTests } from '../../core/test/run-data-tests.js';
import { TestRelations } from '../../core/test/test-relations.js';
import { memoryFileSource } from '../../core/util/file-source.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';

/** A project whose tests cover every generic kind, a model-level test, an ephemeral model, a warn and singular tests. */
export const shopFiles: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: "1.0.0"\nprofile: shop\n',
  'models/customers.sql': 'select 1 as id, \'active\' as status, true as active\n',
  'models/orders.sql': "select * from {{ ref('customers') }}, {{ source('raw', 'payments') }}\n",
  'models/active_customers.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('customers') }} where active\n",
  'models/_sources.yml': `version: 2
sources:
  - name: raw
    tables:
      - name: payments
        columns:
          - name: id
            tests: [not_null, unique]
`,
  'models/_models.yml': `version: 2
models:
  - name: customers
    columns:
      - name: id
        tests: [not_null, unique]
      - name: status
        tests:
          - accepted_values:
              values: [active, churned]
  - name: active_customers
    columns:
      - name: id
        tests: [not_null]
  - name: orders
    tests:
      - not_null:
          column_name: customer_id
    columns:
      - name: id
        tests: [not_null, unique]
      - name: status
        tests:
          - accepted_values:
              values: [placed, shipped]
      - name: customer_id
        tests:
          - relationships:
              to: ref('customers')
              field: id
      - name: payment_id
        tests:
          - relationships:
              to: source('raw', 'payments')
              field: id
      - name: quantity
        tests:
          - accepted_values:
              values: [1, 2, 3]
              quote: false
      - name: note
        tests:
          - not_null:
              config:
                severity: warn
      - name: amount
        tests: [positive_values]
`,
  'tests/assert_no_negative_amount.sql': "-- amounts are never negative\nselect id, amount from {{ ref('orders') }} where amount < 0\n",
  'tests/customers/assert_customers_have_ids.sql': "select * from {{ ref('customers') }} where id is null;\n",
};

/** The relations of the environment whose models live in `schema`, built directly (no `amp-dbt run`). */
export function shopDataSql(schema: string, options: { orders?: boolean } = {}): string {
  const customers = `create table "${schema}".customers as select * from (values (1, 'active', true), (2, 'churned', false)) as t(id, status, active)`;
  const orders = `create table "${schema}".orders as select * from (values
    (1, 'placed', 1, 10, 1, 5, 'a'), (2, 'shipped', 2, 11, 2, 7, null), (2, 'lost', 99, null, 3, -1, 'c'), (null, 'placed', 1, 10, 1, 3, 'd')
  ) as t(id, status, customer_id, payment_id, quantity, amount, note)`;
  return [`create schema if not exists "${schema}"`, customers, ...(options.orders === false ? [] : [orders])].join(';\n');
}

export const rawDataSql = "create schema if not exists raw; create table raw.payments as select * from (values (10), (11)) as t(id)";

/** Compiles the project and runs its selected tests in `environment` (the CLI's steps, without the CLI). */
export async function runShopTests(
  adapter: WarehouseAdapter, target: Target, environment: string, selection: { select?: string[]; exclude?: string[] } = {}, files = shopFiles,
) {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual' }, diagnostics)!;
  const compiled = compileWithTests(project, { target, env: {} }, diagnostics);
  if (diagnostics.hasErrors) throw new Error(JSON.stringify(diagnostics.sorted()));
  const all = collectDataTests(compiled);
  const { tests, warnings } = chooseTests(compiled, all, selection.select, selection.exclude);
  const report = await runDataTests(tests, adapter, new TestRelations(compiled.result, environment), { threads: 2 });
  return { ...report, all, warnings, byName: Object.fromEntries(report.outcomes.map((o) => [o.test.name, o])) };
}
