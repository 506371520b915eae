import assert from 'node:assert/strict';
import { renderTestOutcome } from '../../core/test/render-test-outcome.js';
import { columnSql } from '../../core/test/generic-test-sql.js';
import { after, before, test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import type { Target } from '../../core/project/project-types.js';
import { collectDataTests } from '../../core/test/collect-data-tests.js';
import { compileWithTests } from '../../core/test/compile-with-tests.js';
import { memoryFileSource } from '../../core/util/file-source.js';
import { genericTestName } from '../../core/test/generic-test-name.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { rawDataSql, runShopTests, shopDataSql, shopFiles } from './shop-with-tests.js';

const target: Target = { name: 'dev', type: 'duckdb', schema: 'main', path: ':memory:' };
let adapter: WarehouseAdapter;

before(async () => {
  adapter = await openWarehouse(target, { baseDir: '/' });
  await adapter.execute(`${rawDataSql}; ${shopDataSql('main')}; ${shopDataSql('main__dev', { orders: false })}`);
});
after(() => adapter.close());

/** The tests of `files` run in prod over relations `create` makes (the project's models, built by hand), dropped after. */
async function testsOver(files: Record<string, string>, create: string, drop: string) {
  await adapter.execute(create);
  try {
    return await runShopTests(adapter, target, 'prod', undefined, files);
  } finally {
    await adapter.execute(drop);
  }
}

test('test names follow dbt: <test>_<model>_<column>, arguments in key order, source tests prefixed', () => {
  assert.equal(genericTestName('relationships', 'fct_transfers', { column_name: 'block_num', to: "ref('stg_blocks')", field: 'block_num' }),
    'relationships_fct_transfers_block_num__block_num__ref_stg_blocks_');
  assert.equal(genericTestName('accepted_values', 'orders', { column_name: 'status', values: ['a', 'b c'], quote: false }), 'accepted_values_orders_status__False__a__b_c');
});

test("a column_name that is an expression is put in as SQL, as dbt does (composite keys); names are quoted when lower case", () => {
  const quote = (s: string) => `"${s}"`;
  assert.equal(columnSql("(a || '-' || b)", undefined, quote), "(a || '-' || b)");
  assert.equal(columnSql('coalesce(a, b)', undefined, quote), 'coalesce(a, b)');
  assert.deepEqual(['id', 'Id', 'my col'].map((name) => columnSql(name, undefined, quote)), ['"id"', 'Id', '"my col"']);
  assert.equal(columnSql('Id', true, quote), '"Id"');
});

test('every generic kind passes and fails with the number of failing rows; singular tests; warn; unsupported tests error', async () => {
  const { byName, summary, outcomes } = await runShopTests(adapter, target, 'prod');
  const statuses = Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`]));
  assert.deepEqual(statuses, {
    source_not_null_raw_payments_id: 'pass:0',
    source_unique_raw_payments_id: 'pass:0',
    not_null_customers_id: 'pass:0',
    unique_customers_id: 'pass:0',
    accepted_values_customers_status__active__churned: 'pass:0',
    not_null_active_customers_id: 'pass:0',
    not_null_orders_customer_id: 'pass:0',
    not_null_orders_id: 'fail:1',
    unique_orders_id: 'fail:1',
    accepted_values_orders_status__placed__shipped: 'fail:1',
    relationships_orders_customer_id__id__ref_customers_: 'fail:1',
    relationships_orders_payment_id__id__source_raw_payments_: 'pass:0',
    accepted_values_orders_quantity__False__1__2__3: 'pass:0',
    not_null_orders_note: 'warn:1',
    positive_values_orders_amount: 'error:null',
    assert_no_negative_amount: 'fail:1',
    assert_customers_have_ids: 'pass:0',
  });
  assert.deepEqual(summary, { total: 17, pass: 10, fail: 5, warn: 1, error: 1 });
  assert.deepEqual(byName.unique_orders_id.sample, [{ unique_field: 2, n_records: 2 }]);
  assert.deepEqual(byName.accepted_values_orders_status__placed__shipped.sample, [{ value_field: 'lost', n_records: 1 }]);
  assert.deepEqual(byName.relationships_orders_customer_id__id__ref_customers_.sample, [{ from_field: 99 }]);
  assert.deepEqual(byName.assert_no_negative_amount.sample, [{ id: 2, amount: -1 }]);
  assert.equal(byName.not_null_orders_id.sample.length, 1);
  assert.equal(byName.positive_values_orders_amount.error?.code, 'unsupported-test');
  assert.deepEqual(byName.not_null_orders_id.test.location, { file: 'models/_models.yml', line: 21, column: 17 });
  assert.match(byName.not_null_active_customers_id.sql, /from \(\nselect \* from "main"\."customers" where active\n\) as tested/);
  assert.match(byName.assert_no_negative_amount.sql, /from "main"\."orders" where amount < 0/);
});

test('another environment reads <schema>__<env>; a relation it lacks is an error with a hint to run it', async () => {
  const { byName, summary } = await runShopTests(adapter, target, 'dev');
  assert.equal(byName.unique_customers_id.status, 'pass');
  assert.match(byName.unique_customers_id.sql, /"main__dev"\."customers"/);
  const missing = byName.not_null_orders_id;
  assert.equal(missing.status, 'error');
  assert.deepEqual(missing.error, {
    code: 'missing-relation',
    message: `model orders ("main__dev"."orders") does not exist in environment 'dev'`,
    hint: 'build the environment first: amp-dbt run --env dev',
  });
  assert.equal(byName.assert_no_negative_amount.error?.code, 'missing-relation');
  assert.equal(summary.error, 10);
});

test("a relationships test may name a seed (to: ref('countries')); a seed not loaded is an error with a hint to load it", async () => {
  const files = {
    'dbt_project.yml': 'name: geo\n',
    'seeds/countries.csv': 'code,name\nde,Germany\n',
    'seeds/regions.csv': 'code\neu\n',
    'models/offices.sql': "select 'de' as country union all select 'xx'",
    'models/_models.yml': "models:\n  - name: offices\n    columns:\n      - name: country\n        tests:\n          - relationships: {to: \"ref('countries')\", field: code}\n"
      + "          - relationships: {to: \"ref('regions')\", field: code}\n",
  };
  const { byName } = await testsOver(files, "CREATE TABLE main.countries AS SELECT 'de' AS code; CREATE VIEW main.offices AS SELECT 'de' AS country UNION ALL SELECT 'xx'", 'DROP TABLE main.countries; DROP VIEW main.offices');
  const countries = byName.relationships_offices_country__code__ref_countries_;
  assert.deepEqual([countries.status, countries.failures, countries.sample], ['fail', 1, [{ from_field: 'xx' }]]);
  assert.match(countries.sql, /"main"\."countries"/);
  assert.deepEqual(byName.relationships_offices_country__code__ref_regions_.error, {
    code: 'missing-relation', message: `seed regions ("main"."regions") does not exist in environment 'prod'`, hint: 'load the seeds first: amp-dbt seed',
  });
});

test('custom generic tests: {% test %} blocks in tests/generic/ or macros/, with arguments and where, on models and sources', async () => {
  const files = {
    'dbt_project.yml': 'name: geo\n',
    'tests/generic/at_least.sql': '{% test at_least(model, column_name, minimum=0) %}\nselect {{ column_name }} from {{ model }} where {{ column_name }} < {{ minimum }}\n{% endtest %}\n',
    'macros/checks.sql': "{%- test no_rows_labelled(model, label_value) -%}select * from {{ model }} where label = '{{ label_value }}'{%- endtest -%}\n{% macro other() %}1{% endmacro %}\n",
    'models/amounts.sql': "select 1 as id, 5 as amount, 'a' as label union all select 2, -3, 'b'",
    'models/_models.yml': `models:
  - name: amounts
    data_tests:
      - no_rows_labelled: {label_value: b}
    columns:
      - name: amount
        data_tests:
          - at_least
          - at_least: {minimum: 10, config: {where: "id = 1"}}
          - dbt_utils.accepted_range: {min_value: 0}
          - nowhere_defined
`,
  };
  const { outcomes } = await testsOver(files, "CREATE VIEW main.amounts AS SELECT 1 AS id, 5 AS amount, 'a' AS label UNION ALL SELECT 2, -3, 'b'", 'DROP VIEW main.amounts');
  assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`])), {
    no_rows_labelled_amounts_b: 'fail:1',
    at_least_amounts_amount: 'fail:1',
    at_least_amounts_amount__10: 'fail:1',
    dbt_utils_accepted_range_amounts_amount__0: 'error:null',
    nowhere_defined_amounts_amount: 'error:null',
  });
  const byName = Object.fromEntries(outcomes.map((o) => [o.test.name, o]));
  assert.deepEqual(byName.at_least_amounts_amount.sample, [{ amount: -3 }]);
  assert.deepEqual(byName.at_least_amounts_amount__10.sample, [{ amount: 5 }], 'where: id = 1 filters the tested relation first');
  assert.match(byName.at_least_amounts_amount__10.sql, /from \(select \* from "main"\."amounts" where id = 1\) as dbt_subquery where amount < 10/);
  assert.match(byName.dbt_utils_accepted_range_amounts_amount__0.error!.message, /comes from a package, and dbt packages are not installed/);
  assert.match(byName.nowhere_defined_amounts_amount.error!.message, /is not built in, and no macro defines it/);
});

test("a project's own {% test not_null %} replaces the built-in one; a config() in a {% test %} block applies where its use does not say otherwise", async () => {
  const files = {
    'dbt_project.yml': 'name: own\n',
    'tests/generic/not_null.sql': '{% test not_null(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} is null and id > 1\n{% endtest %}\n',
    'tests/generic/soft.sql': "{% test soft(model, column_name) %}{{ config(severity='warn') }}select * from {{ model }} where {{ column_name }} < 0{% endtest %}\n",
    'models/amounts.sql': 'select 1 as id',
    'models/_models.yml': `models:
  - name: amounts
    columns:
      - name: note
        data_tests: [not_null]
      - name: amount
        data_tests:
          - soft
          - soft: {config: {severity: error}, name: strict_soft}
`,
  };
  const { outcomes } = await testsOver(files, "CREATE VIEW main.amounts AS SELECT 1 AS id, NULL AS note, -1 AS amount", 'DROP VIEW main.amounts');
  assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`])), {
    not_null_amounts_note: 'pass:0', soft_amounts_amount: 'warn:1', strict_soft: 'fail:1',
  });
});

test("dbt_project.yml's data_tests: tree configures tests by project, folder and name; a test's own config wins", async () => {
  const files = {
    'dbt_project.yml': 'name: tree\ndata_tests:\n  tree:\n    +severity: warn\n    marts:\n      not_null_amounts_id:\n        +enabled: false\n',
    'models/marts/amounts.sql': 'select 1 as id',
    'models/marts/_models.yml': `models:
  - name: amounts
    columns:
      - name: id
        data_tests: [not_null]
      - name: note
        data_tests:
          - not_null
          - unique: {config: {severity: error}}
`,
    'tests/no_negative.sql': "select * from {{ ref('amounts') }} where id is null",
  };
  const { outcomes } = await testsOver(files, 'CREATE VIEW main.amounts AS SELECT NULL::INT AS id, NULL AS note UNION ALL SELECT NULL, 1 UNION ALL SELECT NULL, 1', 'DROP VIEW main.amounts');
  assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`])), {
    not_null_amounts_note: 'warn:1', unique_amounts_note: 'fail:1', no_negative: 'warn:3',
  });
});

test('Jinja in the arguments and where of built-in tests is rendered as dbt renders it: a whole {{ expression }} keeps its type', async () => {
  const files = {
    'dbt_project.yml': 'name: tpl\nvars:\n  statuses: [a, b]\n  min_id: 1\n',
    'models/m.sql': 'select 1 as id',
    'models/_m.yml': `models:
  - name: m
    columns:
      - name: status
        data_tests:
          - accepted_values:
              values: "{{ var('statuses') }}"
              config: {where: "id > {{ var('min_id') }}"}
          - not_null: {config: {where: "id >= {{ var('min_id') }} and '{{ target.name }}' = 'dev'"}}
`,
  };
  const { outcomes } = await testsOver(files, "CREATE VIEW main.m AS SELECT 1 AS id, 'x' AS status UNION ALL SELECT 2, 'c' UNION ALL SELECT 3, NULL", 'DROP VIEW main.m');
  const byKind = Object.fromEntries(outcomes.map((o) => [o.test.kind, o]));
  assert.deepEqual(byKind.accepted_values.test.args.values, ['a', 'b']);
  assert.deepEqual([byKind.accepted_values.status, byKind.accepted_values.failures], ['fail', 1], "'x' of id 1 is filtered out by where");
  assert.equal(byKind.not_null.test.where, "id >= 1 and 'dev' = 'dev'");
  assert.deepEqual([byKind.not_null.status, byKind.not_null.failures], ['fail', 1]);
});

test('Jinja in the arguments and where of custom generic tests ({% test %} blocks) is rendered too, a whole {{ expression }} keeping its type, {% %} to its text', async () => {
  const files = {
    'dbt_project.yml': 'name: tpl\nvars:\n  cap: 2\n  allowed: [a, b]\n  min_id: 1\n',
    'models/m.sql': 'select 1 as id',
    'tests/generic/at_most.sql': '{% test at_most(model, column_name, max_value) %}select * from {{ model }} where {{ column_name }} > {{ max_value }}{% endtest %}',
    'tests/generic/one_of.sql': "{% test one_of(model, column_name, choices, label) %}select '{{ label }}' as label, * from {{ model }} where {{ column_name }} not in ('{{ choices | join(\"', '\") }}'){% endtest %}",
    'models/_m.yml': `models:
  - name: m
    columns:
      - name: id
        data_tests:
          - at_most: {max_value: "{{ var('cap') }}", config: {where: "id > {{ var('min_id') }}"}}
      - name: status
        data_tests:
          - one_of: {choices: "{{ var('allowed') }}", label: "status of {{ target.name }}"}
          - at_most:
              name: capped_by_target
              max_value: "{% if target.name == 'dev' %}4{% else %}0{% endif %}{# dev data is small #}"
`,
  };
  const { outcomes } = await testsOver(files, "CREATE VIEW main.m AS SELECT 1 AS id, 'a' AS status UNION ALL SELECT 3, 'c' UNION ALL SELECT 5, 'b'", 'DROP VIEW main.m');
  const byKind = Object.fromEntries(outcomes.filter((o) => o.test.name !== 'capped_by_target').map((o) => [o.test.kind, o]));
  assert.match(byKind.at_most.test.query!.canonicalSql, /where id > 2/);
  assert.match(byKind.at_most.test.query!.canonicalSql, /where id > 1\)/);
  assert.deepEqual([byKind.at_most.status, byKind.at_most.failures], ['fail', 2], 'ids 3 and 5 pass where, and are over 2');
  assert.match(byKind.one_of.test.query!.canonicalSql, /not in \('a', 'b'\)/);
  assert.deepEqual([byKind.one_of.status, byKind.one_of.failures, byKind.one_of.sample[0]?.label], ['fail', 1, 'status of dev']);
  // {% %} and {# #} render to their text, as dbt renders the argument.
  const capped = outcomes.find((o) => o.test.name === 'capped_by_target')!;
  assert.match(capped.test.query!.canonicalSql, /where status > 4$/);
});

test('tests declared on seeds in property files run against the seed table (built-in and custom generic tests)', async () => {
  const files = {
    'dbt_project.yml': 'name: seeded\n',
    'seeds/countries.csv': 'code,name\nde,Germany\nde,Deutschland\n',
    'tests/generic/no_empty.sql': "{% test no_empty(model, column_name) %}select * from {{ model }} where {{ column_name }} = ''{% endtest %}",
    'seeds/_seeds.yml': `seeds:
  - name: countries
    columns:
      - name: code
        data_tests: [unique, not_null, no_empty]
  - name: missing
    columns:
      - name: id
        data_tests: [not_null]
`,
    'models/m.sql': 'select 1 as id',
  };
  const { outcomes } = await testsOver(files, "CREATE TABLE main.countries AS SELECT * FROM (VALUES ('de', 'Germany'), ('de', 'Deutschland')) t(code, name)", 'DROP TABLE main.countries');
  assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`])), {
    unique_countries_code: 'fail:1', not_null_countries_code: 'pass:0', no_empty_countries_code: 'pass:0', not_null_missing_id: 'error:null',
  });
  const missing = outcomes.find((o) => o.test.name === 'not_null_missing_id')!;
  assert.match(missing.error!.message, /no seed file is named 'missing'/);
});

test('accepted_values with integers too long for a number (quote: false) compares their digits; the name spells them as dbt does', async () => {
  const files = {
    'dbt_project.yml': 'name: wei\n',
    'seeds/amounts.csv': 'n,big\n1,18446744073709551615\n2,-5\n',
    'seeds/_seeds.yml': `seeds:
  - name: amounts
    columns:
      - name: big
        data_tests:
          - accepted_values: {values: [18446744073709551615, -5], quote: false}
`,
    'models/m.sql': 'select 1 as id',
  };
  const { outcomes } = await testsOver(files, 'CREATE TABLE main.amounts AS SELECT * FROM (VALUES (1, 18446744073709551615::HUGEINT), (2, -5)) t(n, big)', 'DROP TABLE main.amounts');
  assert.deepEqual(outcomes.map((o) => `${o.test.name} ${o.status}:${o.failures}`), ['accepted_values_amounts_big__False__18446744073709551615___5 pass:0']);
});

test("warn_if and error_if judge the number of failing rows, as dbt does (both default to '!= 0'); limit and fail_calc count them", async () => {
  const files = {
    'dbt_project.yml': 'name: geo\n',
    'models/amounts.sql': "select 1 as id, null as note union all select 2, null union all select 3, 'x'",
    'models/_models.yml': `models:
  - name: amounts
    columns:
      - name: note
        data_tests:
          - not_null: {config: {error_if: '> 5', warn_if: '>= 2'}}
          - not_null: {name: few_nulls, config: {error_if: '>= 2'}}
          - not_null: {name: lenient, config: {warn_if: '> 5', error_if: '> 5'}}
          - not_null: {name: odd_condition, config: {error_if: 'lots'}}
          - not_null: {name: capped, config: {limit: 1}}
          - not_null: {name: summed, config: {fail_calc: 'sum(id)'}}
`,
  };
  const { outcomes } = await testsOver(files, "CREATE VIEW main.amounts AS SELECT 1 AS id, NULL AS note UNION ALL SELECT 2, NULL UNION ALL SELECT 3, 'x'", 'DROP VIEW main.amounts');
  assert.deepEqual(Object.fromEntries(outcomes.map((o) => [o.test.name, `${o.status}:${o.failures}`])), {
    not_null_amounts_note: 'warn:2', few_nulls: 'fail:2', lenient: 'pass:2', odd_condition: 'error:null', capped: 'fail:1', summed: 'fail:3',
  });
  assert.match(outcomes.find((o) => o.test.name === 'odd_condition')!.error!.message, /'lots' is not a condition on the number of failing rows/);
  const byName = Object.fromEntries(outcomes.map((o) => [o.test.name, o]));
  assert.equal(byName.capped.sample.length, 1, 'no more sample rows than limit counted');
  assert.match(renderTestOutcome(byName.capped)[0], /^FAIL capped \(1 row\) at models\/[\w.]+\.yml:\d+:\d+$/);
  assert.equal(byName.summed.sample.length, 2);
  assert.match(renderTestOutcome(byName.summed).filter((line) => !line.startsWith('    ')).join('\n'), /^FAIL summed \(fail_calc sum\(id\) = 3\) at models\/[\w.]+\.yml:\d+:\d+$/, 'a computed value, not a number of rows');
});

test('selection: tests of selected models (a relationships test of the model its to: names too); source tests without --select or with source:; a test by its name', async () => {
  const names = async (selection: Parameters<typeof runShopTests>[3]) => (await runShopTests(adapter, target, 'prod', selection)).outcomes.map((o) => o.test.name);
  const customerTests = ['not_null_customers_id', 'unique_customers_id', 'accepted_values_customers_status__active__churned', 'assert_customers_have_ids'];
  assert.deepEqual(await names({ select: ['customers'] }), [...customerTests.slice(0, 3), 'relationships_orders_customer_id__id__ref_customers_', customerTests[3]],
    "as dbt's eager selection: orders' relationships test reads customers");
  assert.deepEqual(await names({ select: ['customers'], exclude: ['orders'] }), customerTests, 'a test reading an excluded model does not run');
  assert.deepEqual(await names({ select: ['source:raw'] }), [
    'source_not_null_raw_payments_id', 'source_unique_raw_payments_id',
    ...(await names({ select: ['orders'] })),
  ]);
  assert.ok(!(await names({ exclude: ['source:raw.payments'] })).some((name) => name.startsWith('source_')));
  assert.deepEqual((await names({ select: ['+orders'] })).filter((name) => name.startsWith('source_')), ['source_not_null_raw_payments_id', 'source_unique_raw_payments_id'],
    "as in dbt, +orders selects the source tables orders reads, and so their tests");
  // A test by its own name, as in dbt (the name selects no model).
  assert.deepEqual(await names({ select: ['unique_orders_id assert_no_negative_amount'] }), ['unique_orders_id', 'assert_no_negative_amount']);
  assert.ok(!(await names({ exclude: ['unique_customers_id'] })).includes('unique_customers_id'));
});

test("selection: a source's tags and its tables' (tags: or config: tags:) select its tables' tests; tag:X+ the models reading them too", async () => {
  const files = {
    ...shopFiles,
    'models/_sources.yml': `version: 2
sources:
  - name: raw
    tags: [nightly]
    tables:
      - name: payments
        config:
          tags: pii
        columns:
          - name: id
            tests: [not_null, unique]
`,
  };
  const run = (selection: Parameters<typeof runShopTests>[3]) => runShopTests(adapter, target, 'prod', selection, files);
  const names = async (selection: Parameters<typeof runShopTests>[3]) => (await run(selection)).outcomes.map((o) => o.test.name);
  const sourceTests = ['source_not_null_raw_payments_id', 'source_unique_raw_payments_id'];
  // orders.payment_id's relationships test reads the source table too (dbt's eager selection).
  const readingPayments = [...sourceTests, 'relationships_orders_payment_id__id__source_raw_payments_'];
  const tagged = await run({ select: ['tag:nightly'] });
  assert.deepEqual(tagged.outcomes.map((o) => o.test.name), readingPayments);
  assert.deepEqual(tagged.warnings, [], 'the tag selects source tables, whose tests run: nothing to warn about');
  assert.deepEqual(await names({ select: ['tag:pii'] }), readingPayments, "the table's own tag");
  assert.deepEqual(await names({ select: ['tag:nightly+'] }), [...sourceTests, ...(await names({ select: ['orders'] }))]);
  assert.deepEqual(await names({ select: ['tag:nightly,source:raw.payments'] }), readingPayments);
  assert.deepEqual(await names({ select: ['tag:nightly'], exclude: ['orders'] }), sourceTests);
  assert.deepEqual(await names({ select: ['tag:pii'], exclude: ['source:raw'] }), []);
  assert.ok(!(await names({ exclude: ['tag:nightly'] })).some((name) => name.startsWith('source_')));
  assert.deepEqual((await run({ select: ['tag:nigthly'] })).warnings, ["selector 'tag:nigthly' matched no models; did you mean 'tag:nightly'?"]);
});

test('a singular test is compiled like a model and may set test configs such as severity', () => {
  const diagnostics = new Diagnostics();
  const files = { ...shopFiles, 'tests/soft.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('orders') }} where amount < {{ var('floor', 0) }}\n" };
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual' }, diagnostics)!;
  const compiled = compileWithTests(project, { target, env: {} }, diagnostics);
  assert.deepEqual(diagnostics.sorted(), []);
  const soft = collectDataTests(compiled).find((t) => t.name === 'soft')!;
  assert.deepEqual([soft.kind, soft.severity, soft.models, soft.location.file], ['singular', 'warn', ['orders'], 'tests/soft.sql']);
  assert.ok(!compiled.result.project.models.some((m) => m.path.startsWith('tests/')), 'the project itself is unchanged');
});

test("a mistake in a {% test %} block or in a use's arguments names the test and where it is used, not the block's internal macro or model", () => {
  const diagnostics = new Diagnostics();
  const files = {
    'dbt_project.yml': 'name: blocks\n',
    'models/orders.sql': 'select 1 as id',
    'tests/generic/t.sql': '{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ nofn() }}\n{% endtest %}\n'
      + '{% test small(model, column_name) %}select 1{% endtest %}\n',
    'models/p.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [positive, {small: {extra: 1}}]\n',
  };
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual' }, diagnostics)!;
  compileWithTests(project, { target, env: {} }, diagnostics);
  assert.deepEqual(diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`), [
    "models/p.yml:5:33 test 'small' takes no keyword argument 'extra'",
    "tests/generic/t.sql:2:36 'nofn' is not a macro or function (in test 'positive', used at models/p.yml:5:22)",
  ]);
});

test('an error on the line of a {% test %} tag is at its column in the file as written (it was 6 further right, 7 after an endtest)', () => {
  const diagnostics = new Diagnostics();
  const files = {
    'dbt_project.yml': 'name: columns\n',
    'models/orders.sql': 'select 1 as id',
    'macros/t.sql': '{% test first(model) %}select * from {{ model }} where {{ nofn() }}{% endtest %}'
      + '{% test second(model) %}select 1 where {{ other() }}{% endtest %}\n',
    'tests/generic/bad.sql': '{% test broken(model) %}select {{ 1 + }} from {{ model }}{% endtest %}\n',
    'models/p.yml': 'models:\n  - name: orders\n    data_tests: [first, second]\n',
  };
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual' }, diagnostics)!;
  compileWithTests(project, { target, env: {} }, diagnostics);
  const written = (path: string, needle: string) => `${path}:1:${files[path as keyof typeof files].indexOf(needle) + 1}`;
  assert.deepEqual(diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column} ${d.message.split(' (')[0]}`), [
    `${written('macros/t.sql', 'nofn')} 'nofn' is not a macro or function`,
    `${written('macros/t.sql', 'other')} 'other' is not a macro or function`,
    `${written('tests/generic/bad.sql', '}} from')} '}}' is not expected here`,
  ]);
});

test("an unknown config key in a {% test %} block used twice is one error, at the block; severity there is a test config, no error", () => {
  const diagnostics = new Diagnostics();
  const files = {
    'dbt_project.yml': 'name: block_config\n',
    'models/orders.sql': 'select 1 as id, 2 as amount',
    'tests/generic/t.sql': "{% test soft(model, column_name) %}\n{{ config(severity='warn', materialzed='x') }}select 1{% endtest %}\n",
    'models/p.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [soft]\n      - name: amount\n        data_tests: [soft]\n',
  };
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual' }, diagnostics)!;
  compileWithTests(project, { target, env: {} }, diagnostics);
  assert.deepEqual(diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`), [
    "tests/generic/t.sql:2:28 unknown key 'materialzed' in model config",
  ]);
});

test("a singular test's config(severity='fatal') or limit='ten' is an invalid-value error at the key, as in a property file", () => {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource({
    'dbt_project.yml': 'name: t\n',
    'models/a.sql': 'select 1 as id',
    'tests/fatal.sql': "{{ config(severity='fatal') }}\nselect * from {{ ref('a') }} where id < 0",
    'tests/limited.sql': "{{ config(limit='ten', severity='WARN') }}\nselect * from {{ ref('a') }} where id < 0",
    'tests/typo.sql': "{{ config(severity='wrn') }}\nselect * from {{ ref('a') }} where id < 0",
  }), root: '/virtual' }, diagnostics)!;
  compileWithTests(project, { target, env: {} }, diagnostics);
  // Worded, and hinted, as in a property file and dbt_project.yml's data_tests: (one check: TEST_CONFIGS).
  assert.deepEqual(diagnostics.sorted().map((e) => [e.code, e.file, e.line, e.column, e.message, e.hint]), [
    ['invalid-value', 'tests/fatal.sql', 1, 11, "'severity' in the config of test tests/fatal.sql must be warn or error, got the string 'fatal'", null],
    ['invalid-value', 'tests/limited.sql', 1, 11, "'limit' in the config of test tests/limited.sql must be a whole number of at least 0, got the string 'ten'", null],
    ['invalid-value', 'tests/typo.sql', 1, 11, "'severity' in the config of test tests/typo.sql must be warn or error, got the string 'wrn'", "did you mean 'warn'?"],
  ]);
});

test("a property file under tests/ is read: a data_tests: entry's config applies to its singular test (the file's config() wins), its mistakes are reported there", () => {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource({
    'dbt_project.yml': 'name: t\ndata_tests:\n  t:\n    +limit: 7\n',
    'models/a.sql': 'select 1 as id',
    'tests/big.sql': "select * from {{ ref('a') }} where id > 5",
    'tests/capped.sql': "{{ config(severity='error') }}\nselect * from {{ ref('a') }} where id > 5",
    'tests/schema.yml': [
      'version: 2', 'data_tests:', '  - name: big', '    description: ids past five', '    config: {severity: warn, limit: 3}',
      '  - name: capped', '    config: {severity: warn}', '  - name: bg', '    config: {severity: wrn}', '  - name: big', '    colour: red', '',
    ].join('\n'),
  }), root: '/virtual' }, diagnostics)!;
  const compiled = compileWithTests(project, { target, env: {} }, diagnostics);
  assert.deepEqual(diagnostics.sorted().map((e) => [e.file, e.line, e.column, e.message, e.hint]), [
    ['tests/schema.yml', 9, 24, "'severity' in config of singular test 'bg' must be warn or error, got the string 'wrn'", "did you mean 'warn'?"],
    ['tests/schema.yml', 11, 5, "unknown key 'colour' in singular test 'big'", 'valid keys: name, description, config, docs, meta'],
  ]);
  assert.deepEqual(diagnostics.warnings.map((w) => [w.code, w.file, w.line, w.hint]), [['unknown-test', 'tests/schema.yml', 8, "did you mean 'big'?"]]);
  const tests = collectDataTests(compiled).map((t) => [t.name, t.severity, t.limit]);
  assert.deepEqual(tests, [['big', 'warn', 3], ['capped', 'error', 7]]);
});
