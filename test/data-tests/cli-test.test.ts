import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { spawnSync } from 'node:child_process';
import { cliPath, runCli, tempDir, writeTree } from '../helpers.js';
import { rawDataSql, shopDataSql, shopFiles } from './shop-with-tests.js';

const profile = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n';
let root: string;

before(async () => {
  root = writeTree(tempDir('amp-dbt-test-cli-'), { ...shopFiles, 'profiles.yml': profile });
  const adapter = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: 'warehouse.duckdb' }, { baseDir: root });
  await adapter.execute(`${rawDataSql}; ${shopDataSql('main')}`);
  await adapter.close();
});

test('amp-dbt test: PASS lines, exit code 0 when every selected test passes', () => {
  // orders' relationships test reads customers too (and fails): excluding orders leaves it out, as in dbt.
  const { code, stdout, stderr } = runCli(['test', '--project-dir', root, '--select', 'customers', '--exclude', 'orders']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /testing environment 'prod' on target 'dev' \(duckdb, .*warehouse\.duckdb\): 4 tests/);
  assert.deepEqual(stdout.trimEnd().split('\n').slice(0, -1), [
    'PASS not_null_customers_id', 'PASS unique_customers_id', 'PASS accepted_values_customers_status__active__churned', 'PASS assert_customers_have_ids',
  ]);
  assert.match(stdout, /^Done: 4 tests, 4 passed, 0 failed, 0 warned, 0 errors in [\d.]+ s$/m);
});

test('amp-dbt test: FAIL and WARN with the failing rows and where the test is written, ERROR with the location; exit code 1', () => {
  const { code, stdout } = runCli(['test', '--project-dir', root, '--select', 'orders']);
  assert.equal(code, 1);
  assert.match(stdout, /^FAIL unique_orders_id \(1 row\) at models\/_models\.yml:\d+:\d+\n {4}unique_field \| n_records\n {4}-+-\+-+\n {4}2 +\| 2$/m);
  assert.match(stdout, /^FAIL relationships_orders_customer_id__id__ref_customers_ \(1 row\) at models\/_models\.yml:\d+:\d+\n {4}from_field\n {4}-+\n {4}99$/m);
  assert.match(stdout, /^WARN not_null_orders_note \(1 row\) at models\/_models\.yml:\d+:\d+$/m);
  assert.match(stdout, /^ERROR positive_values_orders_amount \(models\/_models\.yml:\d+:\d+\): generic test 'positive_values' is not built in/m);
  assert.match(stdout, /^FAIL assert_no_negative_amount \(1 row\) at tests\/assert_no_negative_amount\.sql:1:1$/m);
  assert.match(stdout, /^Done: 10 tests, 3 passed, 5 failed, 1 warned, 1 error in/m);
});

test('amp-dbt test --env NAME --json: every test with its status, sample and SQL; a missing environment is an error with a hint', () => {
  const { code, stdout } = runCli(['test', '--project-dir', root, '--env', 'pr-7', '--json', '--select', 'customers']);
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assert.deepEqual(Object.keys(report), ['environment', 'target', 'tests', 'summary', 'errors']);
  assert.equal(report.environment, 'pr-7');
  assert.equal(report.target, 'dev', "the target's name, as in run's --json");
  assert.deepEqual(report.summary, { total: 5, pass: 0, fail: 0, warn: 0, error: 5 }, "customers' tests and orders' relationships test to customers");
  const [first] = report.tests;
  assert.deepEqual({ ...first, ms: 0 }, {
    name: 'not_null_customers_id', kind: 'not_null', model: 'customers', source: null, column: 'id', severity: 'error', status: 'error',
    failures: null, sample: [], sql: 'select *\nfrom "main__pr-7"."customers" as tested\nwhere "id" is null',
    location: { file: 'models/_models.yml', line: 6, column: 17 },
    error: { code: 'missing-relation', message: `model customers ("main__pr-7"."customers") does not exist in environment 'pr-7'`, hint: `build the environment first: amp-dbt run --env pr-7 --project-dir ${root}` },
    ms: 0,
  });
  const passing = JSON.parse(runCli(['test', '--project-dir', root, '--json', '--select', 'source:raw']).stdout);
  // source:raw selects the source's tests and (as in every command) the models reading it: orders.
  assert.deepEqual(passing.tests.slice(0, 3).map((t: { name: string; source: string; status: string }) => [t.name, t.source, t.status]), [
    ['source_not_null_raw_payments_id', 'raw.payments', 'pass'], ['source_unique_raw_payments_id', 'raw.payments', 'pass'], ['not_null_orders_customer_id', null, 'pass'],
  ]);
  assert.equal(passing.tests.length, 12);
  const sources = JSON.parse(runCli(['test', '--project-dir', root, '--json', '--select', 'resource_type:source']).stdout);
  assert.deepEqual(sources.tests.map((t: { name: string; source: string }) => [t.name, t.source]), [
    ['source_not_null_raw_payments_id', 'raw.payments'], ['source_unique_raw_payments_id', 'raw.payments'],
    ['relationships_orders_payment_id__id__source_raw_payments_', null],
  ], "resource_type:source: the source tables' tests and a relationships test reading one, as in dbt");
  const misspelt = runCli(['test', '--project-dir', root, '--select', 'source:raw.paymnts']);
  assert.match(misspelt.stderr, /^warning: selector 'source:raw\.paymnts' matched no models: source 'raw' has no table 'paymnts'; did you mean 'source:raw\.payments'\?$/m);
  assert.match(misspelt.stdout, /^Done: 0 tests/m);
  const testTypo = runCli(['test', '--project-dir', root, '--select', 'source_not_null_raw_payment_id']);
  assert.match(testTypo.stderr, /^warning: selector 'source_not_null_raw_payment_id' matched no models; did you mean 'source_not_null_raw_payments_id'\?$/m, "a test's name is suggested too");
  assert.doesNotMatch(runCli(['test', '--project-dir', root, '--select', 'source_not_null_raw_payments_id']).stderr, /warning/, "a test's own name is no reason to warn");
});

test('amp-dbt test: a singular test that does not compile is reported at its file, and nothing runs', () => {
  const broken = writeTree(tempDir('amp-dbt-test-cli-'), { ...shopFiles, 'profiles.yml': profile, 'tests/bad.sql': "select * from {{ ref('nope') }}\n" });
  const { code, stdout, stderr } = runCli(['test', '--project-dir', broken]);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^tests\/bad\.sql:1:\d+: error\[unknown-ref\]/m);
  assert.equal(runCli(['test', '--project-dir', root, '--env', 'bad name']).code, 1);
  assert.match(runCli(['test', '--help']).stdout, /Usage: amp-dbt test \[--env NAME\]/);
});

test("amp-dbt test: a misspelled built-in test's ERROR hint names the built-in one", () => {
  const typo = writeTree(tempDir('amp-dbt-test-cli-'), {
    ...shopFiles, 'profiles.yml': profile, 'models/_typo.yml': 'version: 2\nsources:\n  - name: raw2\n    tables:\n      - name: t\n        columns:\n          - name: id\n            tests: [not_nul]\n',
  });
  const { stdout } = runCli(['test', '--project-dir', typo, '--select', 'source:raw2']);
  assert.match(stdout, /^ERROR source_not_nul_raw2_t_id \(models\/_typo\.yml:8:21\): generic test 'not_nul' is not built in, and no macro defines it\n {2}hint: did you mean 'not_null'\? or define it with \{% test not_nul\(model, column_name\) %\}/m);
});

test("amp-dbt test --select tag:X selects the tests tagged X themselves (a singular test's config(tags=...), a generic test's config: tags:), as in dbt", async () => {
  const dir = writeTree(tempDir('amp-dbt-test-tags-'), {
    'dbt_project.yml': 'name: shop\nprofile: shop\n', 'profiles.yml': profile,
    'models/customers.sql': 'select 1 as id\n',
    'models/_models.yml': 'models:\n  - name: customers\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config:\n                tags: [critical]\n          - not_null\n',
    'tests/assert_ids.sql': "{{ config(tags=['sanity']) }}\nselect * from {{ ref('customers') }} where id < 0\n",
  });
  const adapter = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: 'warehouse.duckdb' }, { baseDir: dir });
  await adapter.execute('create table main.customers as select 1 as id');
  await adapter.close();
  const sanity = runCli(['test', '--project-dir', dir, '--select', 'tag:sanity']);
  assert.equal(sanity.code, 0, sanity.stderr);
  assert.deepEqual(sanity.stdout.trimEnd().split('\n').slice(0, -1), ['PASS assert_ids']);
  assert.doesNotMatch(sanity.stderr, /matched no models/, 'the tag is a test\'s');
  const critical = runCli(['test', '--project-dir', dir, '--select', 'tag:critical tag:sanity']);
  assert.deepEqual(critical.stdout.trimEnd().split('\n').slice(0, -1), ['PASS unique_customers_id', 'PASS assert_ids']);
  const rest = runCli(['test', '--project-dir', dir, '--select', 'customers', '--exclude', 'tag:critical']);
  assert.deepEqual(rest.stdout.trimEnd().split('\n').slice(0, -1), ['PASS not_null_customers_id', 'PASS assert_ids']);
  assert.match(runCli(['test', '--project-dir', dir, '--select', 'tag:nope']).stderr, /^warning: selector 'tag:nope' matched no models$/m);
});

test('amp-dbt test on a terminal names the tests running now on a status line (stderr), cleared before each result line (through script(1))', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, () => {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} test --project-dir ${JSON.stringify(root)} --select unique_customers_id`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout.replaceAll('\r\u001b[2K', '<cleared>'), /^running: unique_customers_id \(0s\)<cleared>PASS unique_customers_id\r?$/m);
});
