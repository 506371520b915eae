import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commit, git } from '../git/git-test-repo.js';
import { spawnSync } from 'node:child_process';
import { cliPath, runCli, tempDir, writeTree } from '../helpers.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { amp, env, rows, runJson, shopFiles, shopRepo, withWarehouse } from './run-project.js';

const statuses = (body: Record<string, any>) => Object.fromEntries((body.models as { model: string; status: string; action: string }[]).map((m) => [m.model, `${m.action}:${m.status}`]));

async function physicalNames(dir: string): Promise<string[]> {
  return withWarehouse(dir, async (w) => (await w.listRelations('amp_dbt_physical')).map((r) => r.name));
}

test('a first run builds every model, creates the environment views and moves the pointer', async () => {
  const { dir, sha } = await shopRepo();
  const run = runJson(dir, '--env', 'pr-1');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(statuses(run.body), { stg_orders: 'build:success', customer_totals: 'build:success', orders_log: 'build:success' });
  assert.deepEqual([run.body.moved, run.body.commit, run.body.status], [true, sha, 'success']);
  assert.deepEqual(await rows(dir, 'select customer, total from "main__pr-1".customer_totals order by customer'), [{ customer: 'ann', total: 20 }, { customer: 'bob', total: 30 }]);
  assert.equal((await physicalNames(dir)).length, 3);
  const again = runJson(dir, '--env', 'pr-1');
  assert.deepEqual(statuses(again.body), { stg_orders: 'reuse:reused', customer_totals: 'reuse:reused', orders_log: 'incremental:success' });
  assert.equal(again.body.views.updated, 0);
  const plan = amp(dir, 'plan', '--env', 'pr-1');
  assert.match(plan.stdout, /^incremental models a run updates with new rows \(reused, not rebuilt\): orders_log\nnothing to build: every model is already built in this environment\n$/m);
  commit(dir, 'a hook', { 'models/stg_orders.sql': "{{ config(post_hook='grant select on {{ this }} to reporter') }}\nselect id, customer, amount from {{ source('raw', 'orders') }}" });
  const hooked = amp(dir, 'run', '--env', 'pr-1');
  assert.match(hooked.stderr, /^warning: pre_hook and post_hook configs are not run by amp-dbt \(stg_orders\)$/m);
  assert.match(hooked.stderr, /^environment 'pr-1': 0 views updated$/m, 'hooks do not change the data: nothing is rebuilt');
  assert.match(amp(dir, 'run', '--env', 'pr-1').stderr, /^environment 'pr-1' already points at [0-9a-f]{12}$/m, 'a run that moves nothing says where the pointer is');
  const clash = amp(dir, 'run', '--env', 'PR-1');
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, /error\[environment-name-clash\] environment 'PR-1' differs from the existing 'pr-1'/);
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs.length, 4, 'no run is recorded for it');
});

test('outside git a run makes the views and says the environment is not recorded (it said views updated, then not created)', async () => {
  const dir = writeTree(tempDir(), shopFiles);
  await withWarehouse(dir, (w) => w.execute("CREATE SCHEMA raw; CREATE TABLE raw.orders AS SELECT 1 AS id, 'ann' AS customer, 5 AS amount"));
  const run = amp(dir, 'run');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^environment 'prod': 3 views updated\nenvironment 'prod' not recorded \(its views stay in the warehouse\): the project is not in a git repository/m);
  assert.doesNotMatch(run.stderr, /not created/);
});

test('promoting a pull-request environment to prod rebuilds no model and copies no row', async () => {
  const { dir } = await shopRepo();
  assert.equal(runJson(dir, '--env', 'prod').code, 0);
  const v2 = commit(dir, 'bigger threshold', { 'models/big_orders.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stg_orders') }} where amount >= 25" });
  const pr = runJson(dir, '--env', 'pr-2');
  assert.equal(pr.code, 0, pr.stderr);
  assert.deepEqual(statuses(pr.body), { stg_orders: 'reuse:reused', customer_totals: 'build:success', orders_log: 'incremental:success' });
  const before = await physicalNames(dir);
  const tableRows = await rows(dir, 'select count(*) as n from "main__pr-2".customer_totals');
  const promote = amp(dir, 'env', 'promote', 'pr-2', 'prod', '--json');
  assert.equal(promote.code, 0, promote.stderr);
  const body = JSON.parse(promote.stdout);
  assert.deepEqual([body.environment.commit, body.views.updated], [v2, 1]);
  assert.deepEqual(await physicalNames(dir), before, 'no relation was built');
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), tableRows);
  assert.deepEqual(await rows(dir, 'select customer from main.customer_totals'), [{ customer: 'bob' }]);
  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: dir });
  try {
    assert.equal((await store.listRuns('acme/shop#dev')).length, 2, 'promotion is no run');
  } finally {
    await store.close();
  }
  for (const command of ['test', 'status']) {
    const typo = amp(dir, command, '--env', 'pr-3', '--json');
    assert.equal(typo.code, 1, `${command}: ${typo.stderr}`);
    assert.deepEqual(JSON.parse(typo.stdout).error, {
      code: 'environment-not-found', message: "environment 'pr-3' of acme/shop (target 'dev') does not exist", hint: "did you mean 'pr-2'?",
    }, command);
  }
  assert.equal(amp(dir, 'test', '--threads', '0').code, 2);
  const rollback = amp(dir, 'env', 'rollback', 'prod');
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.deepEqual(await rows(dir, 'select customer from main.customer_totals order by 1'), [{ customer: 'ann' }, { customer: 'bob' }]);
  // prod is at the first commit now, HEAD at the second: test says whose tests it runs.
  const tested = amp(dir, 'test');
  assert.match(tested.stderr, /^warning: environment 'prod' points at [0-9a-f]{12}, not at HEAD \([0-9a-f]{12}\): the tests are the working tree's/m);
  assert.doesNotMatch(amp(dir, 'test', '--env', 'pr-2').stderr, /warning: environment/, 'pr-2 is at HEAD');
});

test('a failed model skips its descendants, the others build, and the environment stays as it was', async () => {
  const { dir, sha } = await shopRepo();
  assert.equal(runJson(dir, '--env', 'prod').code, 0);
  commit(dir, 'broken', { 'models/stg_orders.sql': "select id, customer, amount,\n  no_such_column\nfrom {{ source('raw', 'orders') }}", 'models/other.sql': 'select 1 as x' });
  const run = runJson(dir, '--env', 'prod');
  assert.equal(run.code, 1);
  assert.deepEqual(statuses(run.body), { other: 'build:success', stg_orders: 'build:error', customer_totals: 'build:skipped', orders_log: 'build:skipped' });
  assert.match(run.body.models.find((m: { model: string }) => m.model === 'stg_orders').error, /no_such_column[\s\S]*LINE 2:/, "the engine's line is the model's");
  assert.deepEqual([run.body.moved, run.body.commit, run.body.status, run.body.views], [false, sha, 'partial', null]);
  assert.deepEqual(await rows(dir, "select count(*) as n from information_schema.tables where table_schema = 'main' and table_name = 'other'"), [{ n: 0 }]);
  const text = amp(dir, 'run');
  assert.equal(text.code, 1);
  assert.match(text.stderr, /ERROR\s+stg_orders.*\n\s+models\/stg_orders\.sql:2:3: Binder Error: Referenced column "no_such_column" not found/, 'located in the file, where it names the column');
  assert.match(text.stderr, /SKIP\s+customer_totals \(table\)\n\s+skipped: upstream 'stg_orders' failed/);
  assert.match(text.stderr, /pointer not moved: the run failed/);
  const fresh = amp(dir, 'run', '--env', 'pr-new');
  assert.match(fresh.stderr, /^environment 'pr-new' not created: the run failed$/m, 'a failed first run does not talk of the environment as there');
  assert.doesNotMatch(fresh.stderr, /left as it was|views left/);
});

test('incremental models take in new rows by unique key (also with one thread); --full-refresh rebuilds', async () => {
  const { dir } = await shopRepo();
  assert.equal(runJson(dir).code, 0);
  await withWarehouse(dir, (w) => w.execute("INSERT INTO raw.orders VALUES (4, 'cy', 40), (5, 'cy', 1)"));
  // One connection: the update's transaction holds it (reading the table's columns inside it waited forever).
  const run = runJson(dir, '--threads', '1');
  assert.equal(run.code, 0, run.stderr);
  const log = run.body.models.find((m: { model: string }) => m.model === 'orders_log');
  assert.deepEqual([log.action, log.rows], ['incremental', 2]);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.orders_log'), [{ n: 5 }]);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), [{ n: 2 }], 'tables are built once per fingerprint');
  const full = runJson(dir, '--full-refresh', '--select', 'customer_totals');
  assert.deepEqual(statuses(full.body).customer_totals, 'rebuild:success');
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), [{ n: 3 }]);
});

test('a table reading an incremental model (through a view too) is rebuilt in place when the run adds rows to it, and reused when it adds none', async () => {
  const { dir } = await shopRepo();
  commit(dir, 'log stats', {
    'models/log_view.sql': "select * from {{ ref('orders_log') }}",
    'models/log_stats.sql': "{{ config(materialized='table') }}\nselect count(*) as n, sum(amount) as total from {{ ref('log_view') }}",
  });
  assert.equal(runJson(dir).code, 0);
  const quiet = runJson(dir);
  assert.deepEqual([statuses(quiet.body).orders_log, statuses(quiet.body).log_stats], ['incremental:success', 'reuse:reused'], 'no new rows: nothing to refresh');
  // plan says so before a run: the table is refilled when the incremental model takes in rows.
  assert.match(amp(dir, 'plan', '--env', 'prod').stdout, /^tables a run rebuilds in place when those take in rows: log_stats \(reads log_view\)$/m);
  const planned = JSON.parse(amp(dir, 'plan', '--env', 'prod', '--json').stdout) as { reuse: { name: string; refreshedBy?: string }[] };
  assert.deepEqual(planned.reuse.filter((m) => m.refreshedBy).map((m) => [m.name, m.refreshedBy]), [['log_stats', 'log_view']]);
  await withWarehouse(dir, (w) => w.execute("INSERT INTO raw.orders VALUES (4, 'cy', 40)"));
  const text = amp(dir, 'run');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /OK\s+log_stats \(table, rebuilt in place, 1 row\)/);
  assert.match(text.stderr, /run \d+ success: 0 built, 1 rebuilt in place, 1 incremental updated, /);
  assert.deepEqual(await rows(dir, 'select n from main.log_stats'), [{ n: 4 }], 'the table shows what its parent holds after the run');
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), [{ n: 2 }], 'a table reading the source, not the incremental model, is built once per fingerprint');
});

test("on_schema_change: 'ignore' leaves out a column the is_incremental() SQL adds, as dbt does; 'fail' stops the run naming it, rows left as they were", async () => {
  const { dir } = await shopRepo();
  const model = (setting: string) => [
    `{{ config(materialized='incremental', unique_key='id', on_schema_change='${setting}') }}`,
    "select id, amount{% if is_incremental() %}, 'x' as extra{% endif %} from {{ source('raw', 'orders') }}",
  ].join('\n');
  commit(dir, 'grows', { 'models/growing.sql': model('ignore') });
  assert.equal(runJson(dir).code, 0);
  await withWarehouse(dir, (w) => w.execute("INSERT INTO raw.orders VALUES (4, 'cy', 40)"));
  const ignored = runJson(dir);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.growing'), [{ n: 4 }]);
  commit(dir, 'fails', { 'models/growing.sql': model('fail') });
  assert.equal(runJson(dir).code, 0, 'a new version is built in full');
  await withWarehouse(dir, (w) => w.execute("INSERT INTO raw.orders VALUES (5, 'cy', 50)"));
  const failed = runJson(dir);
  assert.equal(failed.code, 1);
  const error = failed.body.models.find((m: { model: string }) => m.model === 'growing').error as string;
  assert.match(error, /'growing' \(on_schema_change='fail'\): the rows this run would add have columns its table lacks \(extra\); the table is amp_dbt_physical\.growing__\w+\nhint: make the is_incremental\(\) SQL give the same columns as the full SQL/);
  const text = amp(dir, 'run');
  assert.match(text.stderr, /^ +hint: make the is_incremental\(\) SQL give the same columns as the full SQL, or change the model so a new version is built \(on_schema_change='append_new_columns' or 'sync_all_columns' alter the table instead\)$/m, 'the run prints what to do');
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.growing'), [{ n: 4 }], 'nothing was inserted');
});

test('a merge whose new rows hold a unique_key twice fails, naming the key (DuckDB would keep either row, PostgreSQL refuses)', async () => {
  const { dir } = await shopRepo();
  commit(dir, 'merging', {
    'models/merged.sql': [
      "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}",
      "select id, amount from {{ source('raw', 'orders') }}{% if is_incremental() %} union all select 1, 999{% endif %}",
    ].join('\n'),
  });
  assert.equal(runJson(dir).code, 0);
  const twice = runJson(dir);
  assert.equal(twice.code, 1);
  const error = twice.body.models.find((m: { model: string }) => m.model === 'merged').error as string;
  assert.match(error, /'merged': the rows this run would merge hold the unique_key \(id\) more than once \(id = 1: 2 rows\)/);
  assert.deepEqual(await rows(dir, 'select amount from main.merged where id = 1'), [{ amount: 5 }], 'the table is left as it was');
});

test('--full-refresh refills a table by column name; columns that changed under its version are an error, not misplaced values', async () => {
  const { dir } = await shopRepo();
  commit(dir, 'a copy', { 'models/orders_copy.sql': "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'orders') }}" });
  assert.equal(runJson(dir).code, 0);
  // The source's columns come in another order: the copy's SQL, so its version, is the same.
  await withWarehouse(dir, (w) => w.execute('CREATE TABLE raw.reordered AS SELECT customer, amount, id FROM raw.orders; DROP TABLE raw.orders; ALTER TABLE raw.reordered RENAME TO orders'));
  const full = runJson(dir, '--full-refresh', '--select', 'orders_copy');
  assert.equal(full.code, 0, full.stderr);
  assert.deepEqual(await rows(dir, 'select id, customer from main.orders_copy order by id limit 1'), [{ id: 1, customer: 'ann' }]);
  await withWarehouse(dir, (w) => w.execute('ALTER TABLE raw.orders ADD COLUMN note VARCHAR'));
  const grown = runJson(dir, '--full-refresh', '--select', 'orders_copy');
  assert.equal(grown.code, 1);
  assert.match(JSON.stringify(grown.body), /'orders_copy' now gives columns \(customer, amount, id, note\), but its table amp_dbt_physical\.orders_copy__\w+ has \(id, customer, amount\)/);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.orders_copy'), [{ n: 3 }], 'the table is left as it was');
});

test('a view in a custom schema the next commit no longer uses is dropped, by a run and by a rollback', async () => {
  const { dir } = await shopRepo();
  const finance = shopFiles['models/customer_totals.sql'].replace("materialized='table'", "materialized='table', schema='finance'");
  commit(dir, 'finance', { 'models/customer_totals.sql': finance });
  assert.equal(runJson(dir).code, 0);
  const views = async () => (await rows(dir, "select schema_name || '.' || view_name as v from duckdb_views() where not internal and view_name = 'customer_totals' order by 1")).map((r) => r.v);
  assert.deepEqual(await views(), ['main_finance.customer_totals']);
  commit(dir, 'back', { 'models/customer_totals.sql': shopFiles['models/customer_totals.sql'] });
  assert.equal(runJson(dir).code, 0);
  assert.deepEqual(await views(), ['main.customer_totals'], 'the run dropped the view in main_finance');
  assert.equal(amp(dir, 'env', 'rollback', 'prod').code, 0);
  assert.deepEqual(await views(), ['main_finance.customer_totals']);
  assert.equal(amp(dir, 'env', 'rollback', 'prod').code, 0);
  assert.deepEqual(await views(), ['main.customer_totals'], 'the rollback dropped it too');
});

test('an environment whose schema name would pass 63 bytes is refused by plan, and by run before anything is built or recorded', async () => {
  const { dir } = await shopRepo();
  const name = `pr-${'a'.repeat(58)}`;
  const plan = amp(dir, 'plan', '--env', name);
  assert.equal(plan.code, 1);
  assert.match(plan.stderr, /error\[invalid-environment-name\].*longer than 63 bytes/);
  const long = runJson(dir, '--env', name);
  assert.equal(long.code, 1);
  assert.match(long.stderr + JSON.stringify(long.body), /invalid-environment-name/);
  assert.deepEqual(await rows(dir, "select count(*) as n from duckdb_views() where schema_name like 'main__pr-%'"), [{ n: 0 }]);
  assert.deepEqual(await rows(dir, "select count(*) as n from duckdb_tables() where schema_name = 'amp_dbt_physical'"), [{ n: 0 }], 'nothing was built');
  assert.match(amp(dir, 'state', 'runs').stdout + amp(dir, 'state', 'runs').stderr, /no runs/, 'nor recorded');
});

test("an incremental model's full_refresh config wins over --full-refresh; a strategy amp-dbt does not apply is an error", async () => {
  const { dir } = await shopRepo();
  commit(dir, 'keep', { 'models/orders_log.sql': shopFiles['models/orders_log.sql'].replace("unique_key='id'", "unique_key='id', full_refresh=false") });
  assert.equal(runJson(dir).code, 0);
  const full = runJson(dir, '--full-refresh');
  assert.equal(statuses(full.body).orders_log, 'incremental:success', 'full_refresh=false: never rebuilt');
  commit(dir, 'typo', { 'models/orders_log.sql': shopFiles['models/orders_log.sql'].replace("unique_key='id'", "unique_key='id', incremental_strategy='mergee'") });
  const typo = amp(dir, 'compile');
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /models\/orders_log\.sql:1:\d+: error\[invalid-value\].*incremental_strategy.*\n\s+hint: did you mean 'merge'\?/);
  commit(dir, 'microbatch', { 'models/orders_log.sql': shopFiles['models/orders_log.sql'].replace("unique_key='id'", "incremental_strategy='microbatch'") });
  assert.match(amp(dir, 'compile').stderr, /incremental_strategy.*must be one of 'append', 'delete\+insert', 'merge'|one of/);
});

test('selection: unselected models that were never built block their selected children (the run fails); selecting nothing runs nothing', async () => {
  const { dir, sha } = await shopRepo();
  const none = runJson(dir, '--select', 'no_such_model', '--env', 'pr-9');
  assert.equal(none.code, 0, none.stderr);
  assert.deepEqual([none.body.status, none.body.moved, none.body.models], ['nothing-selected', false, []]);
  assert.equal(JSON.parse(amp(dir, 'env', 'list', '--json').stdout).environments.length, 0, 'the environment is not created');
  const typo = runJson(dir, '--select', 'customer_total', '--env', 'pr-9');
  assert.equal(typo.body.status, 'nothing-selected');
  assert.match(typo.stderr, /^warning: selector 'customer_total' matched no models; did you mean 'customer_totals'\?$/m, 'with --json, the warning is on stderr as without');
  assert.match(amp(dir, 'run', '--select', 'no_such_model').stderr, /warning: selector 'no_such_model' matched no models\nnothing to run: no model is selected/);
  const run = runJson(dir, '--select', 'customer_totals');
  assert.equal(run.code, 1, 'the selected model was not built');
  assert.equal(run.body.status, 'error');
  assert.deepEqual(statuses(run.body), { stg_orders: 'unbuilt:skipped', customer_totals: 'blocked:skipped', orders_log: 'unbuilt:skipped' });
  assert.equal(run.body.moved, false);
  assert.match(run.body.notMoved, /not built/);
  const plus = runJson(dir, '--select', '+customer_totals');
  assert.deepEqual(statuses(plus.body), { stg_orders: 'build:success', customer_totals: 'build:success', orders_log: 'unbuilt:skipped' });
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), [{ n: 2 }]);
  // A selection into a new environment makes its views: the environment is created (at the run's commit), so they can be deleted.
  const feature = runJson(dir, '--select', 'stg_orders', '--env', 'feat');
  assert.equal(feature.code, 0, feature.stderr);
  assert.equal(feature.body.moved, false);
  assert.match(feature.body.notMoved, /not built[\s\S]*the environment was created at [0-9a-f]{12}, the commit of the run/);
  assert.equal(JSON.parse(amp(dir, 'env', 'show', 'feat', '--json').stdout).commit, sha);
  assert.deepEqual(JSON.parse(amp(dir, 'env', 'delete', 'feat', '--json').stdout).droppedViews.sort(), ['main__feat.customer_totals', 'main__feat.stg_orders']);
  assert.deepEqual(await rows(dir, "select count(*) as n from duckdb_schemas() where schema_name = 'main__feat'"), [{ n: 0 }], 'its emptied schema is dropped too');
});

test('a model reading a seed that is not loaded fails with a hint to run seed first; ref() of a seed reads its table', async () => {
  const { dir } = await shopRepo();
  commit(dir, 'a seed', {
    'seeds/countries.csv': 'code,name\nde,Germany\n', 'models/stg_countries.sql': 'select * from main.countries',
    'models/country_names.sql': "select name from {{ ref('countries') }}",
  });
  const run = runJson(dir, '--select', 'stg_countries');
  assert.equal(run.code, 1);
  const failed = (run.body.models as { model: string; error: string | null }[]).find((m) => m.model === 'stg_countries')!;
  assert.match(failed.error ?? '', /Table with name countries does not exist[\s\S]*\nhint: 'countries' is a seed of this project that is not loaded: run `amp-dbt seed` first$/);
  // The error says where: the ref() of the table the warehouse lacks.
  const viaRef = amp(dir, 'run', '--select', 'country_names');
  assert.equal(viaRef.code, 1);
  assert.match(viaRef.stderr, /ERROR +country_names \(view\) in [\d.]+s\n +models\/country_names\.sql:1:21: Catalog Error: Table with name countries does not exist/);
  const seeded = amp(dir, 'seed');
  assert.equal(seeded.code, 0);
  assert.match(seeded.stderr, /^seed countries -> "main"\."countries" \(1 row\) \.\.\. ok\nDone: 1 seed loaded \(1 row\)/m, 'one row, one seed: singular');
  assert.equal(runJson(dir, '--select', 'stg_countries').code, 0, 'once the seed is loaded');
  const named = runJson(dir, '--select', 'country_names', '--env', 'pr-3');
  assert.equal(named.code, 0, named.stderr);
  assert.deepEqual(await rows(dir, 'select name from "main__pr-3".country_names'), [{ name: 'Germany' }], "ref('countries') reads the seed's table");
});

test('an uncommitted change runs but does not move the pointer; a comment-only change still counts as HEAD', async () => {
  const { dir, sha } = await shopRepo();
  writeTree(dir, { 'models/stg_orders.sql': "-- staged orders\nselect id, customer, amount from {{ source('raw', 'orders') }}" });
  const same = runJson(dir, '--env', 'dev');
  assert.deepEqual([same.body.moved, same.body.commit], [true, sha]);
  writeTree(dir, { 'models/stg_orders.sql': "select id, customer, amount * 2 as amount from {{ source('raw', 'orders') }}" });
  const dirty = runJson(dir, '--env', 'dev');
  assert.equal(dirty.code, 0, dirty.stderr);
  assert.deepEqual([dirty.body.moved, dirty.body.commit], [false, sha]);
  assert.match(dirty.body.notMoved, /working tree differs/);
  assert.deepEqual(await rows(dir, 'select total from main__dev.customer_totals where customer = \'bob\''), [{ total: 60 }]);
  const plan = amp(dir, 'plan', '--env', 'dev');
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stderr, /warning: uncommitted changes: the working tree compiles to other versions of 4 models than HEAD \(big_orders, customer_totals, orders_log, stg_orders\); this plan is of HEAD/);
  assert.doesNotMatch(amp(dir, 'plan', '--env', 'dev', '--commit', 'HEAD').stderr, /uncommitted/, 'a plan of a named commit does not look at the working tree');
  // A new environment is created at the commit the working tree is based on: its views can be listed and deleted.
  const fresh = runJson(dir, '--env', 'dev2');
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.deepEqual([fresh.body.moved, fresh.body.commit], [false, sha]);
  assert.match(fresh.body.notMoved, /working tree differs[\s\S]*the environment was created at [0-9a-f]{12}, the commit the working tree is based on/);
  assert.equal(JSON.parse(amp(dir, 'env', 'show', 'dev2', '--json').stdout).commit, sha);
  assert.equal(JSON.parse(amp(dir, 'env', 'delete', 'dev2', '--json').stdout).droppedViews.length, 3);
  const runs = amp(dir, 'state', 'runs');
  assert.match(runs.stdout.split('\n')[0], new RegExp(`\\t${sha.slice(0, 12)}\\+dirty\\t`), 'the text says the run was of a working tree');
  const runId = runs.stdout.split('\t')[0];
  assert.match(amp(dir, 'state', 'run', runId).stdout, new RegExp(`commit ${sha.slice(0, 12)}\\+dirty,`));
});

const pick = (body: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(keys.map((key) => [key, body[key]]));

test('run --require-move: a commit that would not deploy as recorded stops before building anything; a run that leaves the pointer exits 1', async () => {
  const { dir } = await shopRepo();
  const runWith = (factor: string, ...args: string[]) => runCli(['run', '--require-move', ...args], { cwd: dir, env: { ...env, FACTOR: factor } });
  const sha = commit(dir, 'an env var', { 'models/scaled.sql': "select customer, total * {{ env_var('FACTOR', '1') }} as total from {{ ref('customer_totals') }}" });
  assert.equal(runCli(['state', 'record'], { cwd: dir, env: { ...env, FACTOR: '1' } }).code, 0);
  const refused = runWith('3', '--json', '--env', 'q', '--commit', sha);
  assert.equal(refused.code, 1, refused.stderr);
  const { error } = JSON.parse(refused.stdout) as { error: { code: string; message: string; hint: string } };
  assert.equal(error.code, 'not-movable');
  assert.match(error.message, new RegExp(`^environment 'q' could not move to the run's commit: commit ${sha.slice(0, 12)} compiles to other versions of 1 model \\(scaled\\)`));
  assert.match(error.hint, new RegExp(`nothing was built \\(--require-move\\).*recorded as ${sha.slice(0, 12)}\\+env`));
  assert.equal(amp(dir, 'env', 'show', 'q').code, 1, 'no environment was made');
  assert.deepEqual(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs, [], 'and no run started');
  // A --select run of a commit that deploys as recorded runs, but leaves models of the commit unbuilt: exit 1.
  const partial = runWith('1', '--env', 'p', '--commit', sha, '--select', 'stg_orders');
  assert.equal(partial.code, 1);
  assert.match(partial.stderr, /^error\[not-moved\] environment 'p' was not moved \(--require-move\): some models of the commit are not built/m);
  assert.match(partial.stderr, /^ {2}hint: what was built stays; a run of every model of the commit \(no --select\) moves 'p' to it$/m);
  const moved = runWith('1', '--json', '--env', 'r', '--commit', sha);
  assert.equal(moved.code, 0, moved.stderr);
  assert.deepEqual(pick(JSON.parse(moved.stdout), 'moved', 'commit', 'notMoved'), { moved: true, commit: sha, notMoved: null });
  // The --select run made 'p' at the commit (so its views can be listed and deleted): a full run finds it there.
  const completed = runWith('1', '--json', '--env', 'p', '--commit', sha);
  assert.equal(completed.code, 0, 'already at the commit: nothing to move');
  assert.deepEqual(pick(JSON.parse(completed.stdout), 'moved', 'commit', 'notMoved'), { moved: false, commit: sha, notMoved: null });
  const none = runWith('1', '--env', 'p', '--select', 'nothing_like_it');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error\[not-moved\] environment 'p' was not moved \(--require-move\): no model is selected/m);
});

test('run --commit REF that compiles to other models now than as recorded (env_var) does not move the pointer: the run is <sha>+env', async () => {
  const { dir, sha: first } = await shopRepo();
  const withFactor = (factor: string, ...args: string[]) => runCli(args, { cwd: dir, env: { ...env, FACTOR: factor } });
  const runWith = (factor: string, ...args: string[]) => {
    const result = withFactor(factor, 'run', '--json', ...args);
    return { code: result.code, stderr: result.stderr, body: JSON.parse(result.stdout) as Record<string, any> };
  };
  assert.equal(runWith('1', '--env', 'q').body.moved, true);
  const sha = commit(dir, 'an env var', { 'models/scaled.sql': "select customer, total * {{ env_var('FACTOR', '1') }} as total from {{ ref('customer_totals') }}" });
  assert.equal(withFactor('1', 'state', 'record').code, 0, 'recorded with FACTOR=1');
  const other = runWith('3', '--env', 'q', '--commit', sha);
  assert.equal(other.code, 0, other.stderr);
  assert.deepEqual([other.body.moved, other.body.commit, other.body.recordedAs], [false, first, `${sha}+env`]);
  assert.match(other.body.notMoved, new RegExp(`^commit ${sha.slice(0, 12)} compiles to other versions of 1 model \\(scaled\\) now than as recorded \\(the environment variables its models read with env_var\\(\\), or the target's settings, differ from the recording's\\): the run is recorded as ${sha.slice(0, 12)}\\+env`));
  assert.deepEqual(await rows(dir, "select total from main__q.scaled where customer = 'bob'"), [{ total: 90 }], 'the views show what the run built');
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs[0].commit, `${sha}+env`);
  assert.equal(JSON.parse(amp(dir, 'env', 'show', 'q', '--json').stdout).commit, first, 'the pointer stays');
  const text = withFactor('3', 'run', '--env', 'q', '--commit', sha);
  assert.match(text.stderr, new RegExp(`^environment 'q' pointer not moved: commit ${sha.slice(0, 12)} compiles to other versions of 1 model \\(scaled\\)`, 'm'));
  const fresh = runWith('3', '--env', 'q2', '--commit', sha);
  assert.deepEqual([fresh.body.moved, fresh.body.commit], [false, sha], 'a new environment is created at the commit the run is based on');
  assert.match(fresh.body.notMoved, new RegExp(`^commit ${sha.slice(0, 12)} compiles to other versions[\\s\\S]*; the environment was created at ${sha.slice(0, 12)}, the commit of the run$`), 'the commit given with --commit, not the working tree');
  // So is one a --select run of it makes views in, leaving scaled (at FACTOR=5) unbuilt: the commit is still --commit's.
  const selected = runWith('5', '--env', 'q3', '--commit', sha, '--select', 'stg_orders');
  assert.deepEqual([selected.body.moved, selected.body.commit, selected.body.recordedAs], [false, sha, `${sha}+env`]);
  assert.match(selected.body.notMoved, new RegExp(`^some models of the commit are not built[\\s\\S]*; the environment was created at ${sha.slice(0, 12)}, the commit of the run$`));
  const recorded = runWith('1', '--env', 'q', '--commit', sha);
  assert.deepEqual([recorded.body.moved, recorded.body.commit, recorded.body.recordedAs, recorded.body.notMoved], [true, sha, sha, null], 'with the values it was recorded with, the commit deploys');
  assert.deepEqual(await rows(dir, "select total from main__q.scaled where customer = 'bob'"), [{ total: 30 }]);
  assert.equal(withFactor('1', 'drift', '--env', 'q').code, 0);
  // From a clean working tree at that commit, the same: the tree is as committed, only the env_var() value differs.
  const tree = runWith('3', '--env', 'q');
  assert.equal(tree.code, 0, tree.stderr);
  assert.deepEqual([tree.body.moved, tree.body.commit, tree.body.recordedAs], [false, sha, `${sha}+env`]);
  assert.match(tree.body.notMoved, new RegExp(`^the working tree's models, macros and vars are as committed, but HEAD ${sha.slice(0, 12)} compiles to other versions of 1 model \\(scaled\\) now than as recorded \\(the environment variables its models read with env_var\\(\\)`));
  assert.doesNotMatch(tree.body.notMoved, /differs from every commit/);
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs[0].commit, `${sha}+env`);
  // --commit takes a git ref: an environment's name is refused with the commit to pass instead.
  const named = withFactor('1', 'run', '--commit', 'q', '--json');
  assert.equal(named.code, 1);
  assert.deepEqual(JSON.parse(named.stdout).error, {
    code: 'unknown-commit', message: `no commit, branch or tag 'q' in the git repository at ${dir}`,
    hint: `'q' is an environment of acme/shop (target 'dev'), at ${sha.slice(0, 12)}: run --commit takes a git ref; pass --commit ${sha.slice(0, 12)}`,
  });
});

test('env create over built versions makes views only; env delete drops them', async () => {
  const { dir, sha } = await shopRepo();
  assert.equal(runJson(dir, '--env', 'prod').code, 0);
  const before = await physicalNames(dir);
  const created = amp(dir, 'env', 'create', 'dev-ann', '--json');
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual([JSON.parse(created.stdout).environment.commit, JSON.parse(created.stdout).views.updated], [sha, 3]);
  assert.deepEqual(await physicalNames(dir), before);
  assert.deepEqual(await rows(dir, 'select count(*) as n from "main__dev-ann".orders_log'), [{ n: 3 }]);
  const physical = (await withWarehouse(dir, (w) => w.listRelations('amp_dbt_physical'))).find((r) => r.name.startsWith('stg_orders__'))!.name;
  await withWarehouse(dir, (w) => w.execute(`CREATE TABLE "main__dev-ann".mine AS SELECT 1 AS x;
    CREATE VIEW "main__dev-ann".my_view AS SELECT o.id FROM amp_dbt_physical."${physical}" o WHERE o.amount > 10;
    DROP VIEW "main__dev-ann".stg_orders; CREATE VIEW "main__dev-ann".stg_orders AS SELECT * FROM amp_dbt_physical."${physical}"`));
  const views = await withWarehouse(dir, (w) => w.listRelations('main__dev-ann'));
  assert.match(views.find((r) => r.name === 'orders_log')!.definition ?? '', / AS amp_dbt_view;$/);
  const deleted = amp(dir, 'env', 'delete', 'dev-ann', '--json');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(JSON.parse(deleted.stdout).droppedViews.length, 3, 'a view made before views had the amp_dbt_view alias (SELECT * of one physical relation) is still known');
  assert.deepEqual((await withWarehouse(dir, (w) => w.listRelations('main__dev-ann'))).map((r) => r.name), ['mine', 'my_view'],
    "other objects are kept, a user's view over the physical schema too");
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.orders_log'), [{ n: 3 }], 'prod is untouched');
});

test('plan counts what the warehouse holds as built', async () => {
  const { dir } = await shopRepo();
  assert.equal(runJson(dir, '--env', 'prod').code, 0);
  commit(dir, 'change', { 'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, sum(amount) as total from {{ ref('big_orders') }} group by customer" });
  const plan = amp(dir, 'plan', '--env', 'prod', '--json');
  assert.equal(plan.code, 0, plan.stderr);
  const body = JSON.parse(plan.stdout);
  assert.deepEqual([body.warehouse, body.build.map((m: { name: string }) => m.name), body.summary.reuse], [true, ['customer_totals'], 2]);
  await withWarehouse(dir, (w) => w.execute('DROP VIEW main.stg_orders; DROP VIEW amp_dbt_physical.' + JSON.parse(plan.stdout).reuse.find((m: { name: string }) => m.name === 'stg_orders').physical.split('.')[1]));
  const after = JSON.parse(amp(dir, 'plan', '--env', 'prod', '--json').stdout);
  assert.deepEqual(after.build.map((m: { name: string }) => m.name), ['stg_orders', 'customer_totals'], 'a dropped version is built again');
});

test('a profile may name the physical schema', async () => {
  const { dir } = await shopRepo();
  writeTree(dir, { 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      physical_schema: versions\n' });
  const run = runJson(dir, '--threads', '2');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.body.models[0].physical, /^versions\.stg_orders__[0-9a-f]{12}$/);
  assert.equal((await withWarehouse(dir, (w) => w.listRelations('versions'))).length, 3);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.customer_totals'), [{ n: 2 }]);
  assert.match(amp(dir, 'run', '--threads', 'many').stderr, /--threads takes a positive whole number/);
  const plan = JSON.parse(amp(dir, 'plan', '--env', 'prod', '--json').stdout);
  assert.ok(plan.reuse.every((m: { physical: string }) => m.physical.startsWith('versions.')), 'plan names the configured physical schema');
});

test('on a terminal the run shows a live progress bar (through script(1) when it is installed)', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, async () => {
  const { dir } = await shopRepo();
  const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} run`, '/dev/null'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1' },
  });
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /\[#+-*\] [12]\/3/);
  assert.match(result.stdout, /running: \w+ \(\d+s\)/);
  assert.match(result.stdout, /[123]\/3 OK +orders_log/);
});

test('state runs and state run ID show the job history', async () => {
  const { dir } = await shopRepo();
  const first = runJson(dir, '--env', 'pr-1');
  commit(dir, 'broken', { 'models/stg_orders.sql': 'select nope' });
  runJson(dir, '--env', 'pr-1');
  const runs = JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs as { id: number; status: string; environment: string }[];
  assert.deepEqual(runs.map((r) => [r.status, r.environment]), [['error', 'pr-1'], ['success', 'pr-1']]);
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--env', 'prod', '--json').stdout).runs.length, 0);
  const run = JSON.parse(amp(dir, 'state', 'run', String(first.body.runId), '--json').stdout);
  assert.deepEqual(run.models.map((m: { model: string; status: string }) => `${m.model}:${m.status}`), ['customer_totals:success', 'orders_log:success', 'stg_orders:success']);
  const text = amp(dir, 'state', 'run', String(runs[0].id));
  assert.match(text.stdout, /^run \d+ error: run --json --env pr-1 \(environment pr-1, commit [0-9a-f]{12}, by tester\)/);
  assert.match(text.stdout, /error +stg_orders/);
  const missing = amp(dir, 'state', 'run', '999');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /run-not-found\] run 999 is not a run of acme\/shop \(target 'dev'\)/);
  const elsewhere = runCli(['state', 'run', String(runs[0].id), '--project-dir', dir], { env: { ...env, AMP_DBT_REPO: 'acme/other' } });
  assert.match(elsewhere.stderr, /run \d+ is not a run of acme\/other \(target 'dev'\)\n {2}hint: it is a run of acme\/shop \(target 'dev'\)/);
  const typo = amp(dir, 'state', 'runs', '--env', 'pr-2');
  assert.equal(typo.code, 1, 'an environment with no runs the state database does not know is a typo');
  assert.match(typo.stderr, /environment-not-found.*\n {2}hint: did you mean 'pr-1'\?/);
});

test('--vars that change the models from the commit as recorded do not move the pointer, with or without --commit', async () => {
  const { dir } = await shopRepo();
  const sha = commit(dir, 'a var', { 'models/scaled.sql': "select customer, total * {{ var('factor', 1) }} as total from {{ ref('customer_totals') }}" });
  assert.deepEqual([runJson(dir, '--env', 'q', '--commit', 'HEAD').body.moved], [true]);
  for (const extra of [['--commit', 'HEAD'], []]) {
    const scaled = runJson(dir, '--env', 'q', ...extra, '--vars', '{"factor": 3}');
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.deepEqual([scaled.body.moved, scaled.body.commit], [false, sha], extra.join(' '));
    assert.match(scaled.body.notMoved, /--vars makes the models differ from commit [0-9a-f]{12} as recorded/);
  }
  // A new environment is created at the commit the run is based on: --commit's, else the one the working tree is based on.
  for (const [name, extra, words] of [['v-commit', ['--commit', 'HEAD'], 'the commit of the run'], ['v-tree', [], 'the commit the working tree is based on']] as const) {
    const fresh = runJson(dir, '--env', name, ...extra, '--vars', '{"factor": 3}');
    assert.deepEqual([fresh.body.moved, fresh.body.commit], [false, sha], name);
    assert.match(fresh.body.notMoved, new RegExp(`; the environment was created at ${sha.slice(0, 12)}, ${words}$`), name);
  }
  const runs = JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs as { commit: string }[];
  assert.equal(runs[0].commit, `${sha}+vars`);
  assert.equal(JSON.parse(amp(dir, 'env', 'show', 'q', '--json').stdout).commit, sha);
  const same = runJson(dir, '--env', 'q', '--commit', 'HEAD', '--vars', '{"factor": 1}');
  assert.doesNotMatch(String(same.body.notMoved ?? ''), /--vars/, 'vars that change nothing deploy the commit');
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs[0].commit, sha);
  // The run records the new commit as git has it: its manifest does not take the run's --vars.
  commit(dir, 'unrelated', { 'models/other.sql': 'select 1 as one' });
  assert.equal(runJson(dir, '--env', 'q', '--vars', '{"factor": 3}').body.moved, false);
  const diff = JSON.parse(amp(dir, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--json').stdout) as { models: Array<{ name: string; change: string }> };
  assert.deepEqual(diff.models.map((m) => [m.name, m.change]), [['other', 'added']]);
  for (const args of [['diff', '--base', 'HEAD~1'], ['plan', '--env', 'q'], ['state', 'record'], ['env', 'create', 'v']]) {
    const refused = amp(dir, ...args, '--vars', '{"factor": 3}');
    assert.equal(refused.code, 2, args.join(' '));
    assert.match(refused.stderr, /--vars does not apply to .*: commits are recorded with the vars committed in their dbt_project.yml/);
  }
});

test('a run creating an environment named as a tag warns that the name now means the environment', async () => {
  const { dir } = await shopRepo();
  git(dir, 'tag', 'staging');
  const created = amp(dir, 'run', '--env', 'staging');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stderr, /^warning: environment 'staging' has the name of a tag: .*name the tag as refs\/tags\/staging$/m);
  assert.doesNotMatch(amp(dir, 'run', '--env', 'staging').stderr, /has the name of a tag/, 'once, when it is created');
});

test("a run that stops at the environment's views (a table of someone else's in the way) says what it did before the error", async () => {
  const { dir } = await shopRepo();
  await withWarehouse(dir, async (w) => {
    await w.ensureSchema('main__pr-2');
    await w.execute('create table "main__pr-2".customer_totals (x int)');
  });
  const stopped = amp(dir, 'run', '--env', 'pr-2');
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /\nrun \d+ error: 3 built, 0 reused, 0 failed, 0 skipped\nenvironment 'pr-2' not created: the run stopped at the error below\nerror\[relation-conflict\] main__pr-2\.customer_totals already exists as a table amp-dbt did not create/);
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs[0].status, 'error');
  // With --json: the run's report (its runId, recorded as error) with the error, on stdout only.
  const json = runJson(dir, '--env', 'pr-2');
  assert.equal(json.code, 1, json.stderr);
  assert.deepEqual([typeof json.body.runId, json.body.status, json.body.moved, json.body.error.code], ['number', 'error', false, 'relation-conflict']);
  // The error as every --json error is: code, message, hint (a location only for an error in a file).
  assert.deepEqual(Object.keys(json.body.error), ['code', 'message', 'hint']);
  assert.match(json.body.error.message, /^main__pr-2\.customer_totals already exists as a table amp-dbt did not create/);
  assert.equal(JSON.parse(amp(dir, 'state', 'runs', '--json').stdout).runs[0].id, json.body.runId);
});
