import assert from 'node:assert/strict';
import { physicalName } from '../../core/plan/physical-relation.js';
import { test } from 'node:test';
import { runEnvironment } from '../../core/run/run-environment.js';
import { dropEnvironmentViews } from '../../core/run/repoint-environment.js';
import type { Target } from '../../core/project/project-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { compileFiles } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';
import { env, shopFiles } from './run-project.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { spawnCli } from '../amp/spawn-cli.js';

const postgres = usePostgresServer();


async function run(adapter: WarehouseAdapter, target: Target, files: Record<string, string>, environment: string, fullRefresh = false) {
  const { result, errors } = compileFiles(files, { target });
  assert.deepEqual(errors, []);
  const report = await runEnvironment({ result: result!, adapter, environment, selected: new Set(result!.models.map((m) => m.name)), fullRefresh, threads: 3 });
  return Object.fromEntries(report.outcomes.map((o) => [o.model, `${o.action}:${o.status}${o.error ? ` ${o.error}` : ''}`]));
}

test('runs on PostgreSQL: views, tables, ephemeral CTEs, incremental merge, environments sharing versions', async () => {
  const target = postgresTarget(postgres.database);
  const adapter = await openWarehouse(target, { baseDir: '/', threads: 3 });
  try {
    await adapter.execute(`CREATE SCHEMA raw; CREATE TABLE raw.orders (id int, customer text, amount int);
      INSERT INTO raw.orders VALUES (1, 'ann', 5), (2, 'ann', 20), (3, 'bob', 30)`);
    const files = { ...shopFiles, 'models/orders_log.sql': shopFiles['models/orders_log.sql'].replace("unique_key='id'", "unique_key='id', incremental_strategy='merge'") };
    assert.deepEqual(await run(adapter, target, files, 'prod'), { stg_orders: 'build:success', customer_totals: 'build:success', orders_log: 'build:success' });
    assert.deepEqual((await adapter.query('select customer, total from public.customer_totals order by 1')).rows, [{ customer: 'ann', total: 20 }, { customer: 'bob', total: 30 }]);
    await adapter.execute("INSERT INTO raw.orders VALUES (4, 'cy', 40)");
    assert.deepEqual(await run(adapter, target, files, 'pr-1'), { stg_orders: 'reuse:reused', customer_totals: 'reuse:reused', orders_log: 'incremental:success' });
    assert.deepEqual((await adapter.query('select count(*) as n from "public__pr-1".orders_log')).rows, [{ n: 4 }]);
    // Deleting the environment drops its views and then its emptied schema.
    const { result } = compileFiles(files, { target });
    assert.equal((await dropEnvironmentViews(adapter, target, 'pr-1', result!.models)).length, 3);
    assert.deepEqual((await adapter.query("select count(*)::int as n from pg_namespace where nspname = 'public__pr-1'")).rows, [{ n: 0 }]);
    assert.deepEqual(await run(adapter, target, files, 'pr-1'), { stg_orders: 'reuse:reused', customer_totals: 'reuse:reused', orders_log: 'incremental:success' });
    // A changed column list: PostgreSQL views cannot be replaced in place, so they are dropped and created.
    const changed = { ...files, 'models/stg_orders.sql': "select id, customer, amount, amount * 2 as double_amount from {{ source('raw', 'orders') }}" };
    assert.deepEqual(await run(adapter, target, changed, 'prod'), { stg_orders: 'build:success', customer_totals: 'build:success', orders_log: 'build:success' });
    assert.deepEqual((await adapter.query('select max(double_amount) as m from public.stg_orders')).rows, [{ m: 80 }]);
    assert.deepEqual(await run(adapter, target, changed, 'prod', true), { stg_orders: 'rebuild:success', customer_totals: 'rebuild:success', orders_log: 'rebuild:success' });
    assert.deepEqual((await adapter.query('select count(*) as n from public.orders_log')).rows, [{ n: 4 }]);
    // Model names near PostgreSQL's 63-byte limit: two versions of each (the physical name is shortened with a hash).
    const long = 'stg_orders_enriched_with_customer_totals_and_more_columns_v';
    const longFiles = (n: number) => ({ ...changed, [`models/${long}1.sql`]: `select ${n} as n`, [`models/${long}2.sql`]: `select ${n} as n` });
    const first = await run(adapter, target, longFiles(1), 'prod');
    assert.deepEqual([first[`${long}1`], first[`${long}2`]], ['build:success', 'build:success']);
    const second = await run(adapter, target, longFiles(2), 'prod');
    assert.deepEqual([second[`${long}1`], second[`${long}2`]], ['build:success', 'build:success']);
    assert.deepEqual((await adapter.query(`select n from public.${long}2`)).rows, [{ n: 2 }]);
  } finally {
    await adapter.close();
  }
});

test('a physical name over 63 bytes is cut, with a hash of the model name keeping it unique', () => {
  const fp = 'abcdef0123456789';
  assert.equal(physicalName('orders', fp), 'orders__abcdef012345');
  const a = physicalName(`${'x'.repeat(60)}_a`, fp);
  const b = physicalName(`${'x'.repeat(60)}_b`, fp);
  assert.ok(Buffer.byteLength(a) <= 63 && Buffer.byteLength(b) <= 63);
  assert.notEqual(a, b);
  assert.match(a, /^x+_[0-9a-f]{8}__abcdef012345$/);
  assert.ok(Buffer.byteLength(physicalName('é'.repeat(40), fp)) <= 63);
});

test('two environments deploying the same new version at once on PostgreSQL: both succeed, it is built once (by one of them; the other reuses it)', async () => {
  const target = postgresTarget(postgres.database);
  const [first, second] = [await openWarehouse(target, { baseDir: '/', threads: 2 }), await openWarehouse(target, { baseDir: '/', threads: 2 })];
  try {
    const files = {
      'dbt_project.yml': 'name: race\n',
      'models/slow_table.sql': "{{ config(materialized='table') }}select 7 as n from pg_sleep(0.4)",
      'models/slow_view.sql': "select n from {{ ref('slow_table') }}",
    };
    const [a, b] = await Promise.all([run(first, target, files, 'race-a'), run(second, target, files, 'race-b')]);
    // Each version is built by one run; the other's CREATE finds it, and takes it as built by another run meanwhile.
    for (const model of ['slow_table', 'slow_view']) assert.deepEqual([a[model], b[model]].sort(), ['build:reused', 'build:success'], model);
    for (const schema of ['public__race-a', 'public__race-b']) {
      assert.deepEqual((await first.query(`select n from "${schema}".slow_view`)).rows, [{ n: 7 }]);
    }
    const physical = (await first.listRelations('amp_dbt_physical')).map((r) => r.name).filter((name) => name.startsWith('slow_'));
    assert.equal(physical.length, 2, physical.join(', '));
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('two environments adding to one incremental table at once on PostgreSQL: each new row is added once', async () => {
  const target = postgresTarget(postgres.database);
  const [first, second] = [await openWarehouse(target, { baseDir: '/', threads: 2 }), await openWarehouse(target, { baseDir: '/', threads: 2 })];
  try {
    await first.execute('CREATE SCHEMA feed; CREATE TABLE feed.events (id int); INSERT INTO feed.events VALUES (1), (2)');
    const files = {
      'dbt_project.yml': 'name: feed\n',
      'models/sources.yml': 'version: 2\nsources:\n  - name: feed\n    tables:\n      - name: events\n',
      'models/appended.sql': [
        "{{ config(materialized='incremental') }}",
        "select id from {{ source('feed', 'events') }}",
        '{% if is_incremental() %}where id > (select max(id) from {{ this }}) and pg_sleep(0.3) is not null{% endif %}',
      ].join('\n'),
      'models/keyed.sql': [
        "{{ config(materialized='incremental', unique_key='id') }}",
        "select id from {{ source('feed', 'events') }}",
        '{% if is_incremental() %}where id > (select max(id) from {{ this }}) and pg_sleep(0.3) is not null{% endif %}',
      ].join('\n'),
    };
    assert.deepEqual(await run(first, target, files, 'feed-a'), { appended: 'build:success', keyed: 'build:success' });
    await first.execute('INSERT INTO feed.events VALUES (3), (4)');
    const [a, b] = await Promise.all([run(first, target, files, 'feed-a'), run(second, target, files, 'feed-b')]);
    for (const outcome of [a, b]) assert.deepEqual(outcome, { appended: 'incremental:success', keyed: 'incremental:success' });
    for (const model of ['appended', 'keyed']) {
      assert.deepEqual((await first.query(`select id from "public__feed-b".${model} order by id`)).rows, [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }], model);
    }
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test("a view of someone else's reading an environment's view stays valid while versions keep its columns; otherwise the run says so and leaves the environment as it was", async () => {
  const target = postgresTarget(postgres.database);
  const adapter = await openWarehouse(target, { baseDir: '/', threads: 2 });
  try {
    const files = { 'dbt_project.yml': 'name: dep\n', 'models/dep_model.sql': 'select 0 as n' };
    assert.deepEqual(await run(adapter, target, files, 'dep'), { dep_model: 'build:success' });
    await adapter.execute('CREATE SCHEMA reports; CREATE VIEW reports.dep_report AS SELECT n FROM "public__dep".dep_model');
    // The same columns, and a column added after them: the view is replaced in place, the report reads the new version.
    assert.deepEqual(await run(adapter, target, { ...files, 'models/dep_model.sql': 'select 5 as n' }, 'dep'), { dep_model: 'build:success' });
    assert.deepEqual((await adapter.query('select n from reports.dep_report')).rows, [{ n: 5 }]);
    assert.deepEqual(await run(adapter, target, { ...files, 'models/dep_model.sql': "select 1 as n, 'x' as more" }, 'dep'), { dep_model: 'build:success' });
    assert.deepEqual((await adapter.query('select n from reports.dep_report')).rows, [{ n: 1 }]);
    assert.deepEqual((await adapter.query('select more from "public__dep".dep_model')).rows, [{ more: 'x' }]);
    // Columns that differ (n's type): the view must be dropped, which the report prevents.
    const { result } = compileFiles({ ...files, 'models/dep_model.sql': "select 'two' as n" }, { target });
    await assert.rejects(
      runEnvironment({ result: result!, adapter, environment: 'dep', selected: new Set(['dep_model']), fullRefresh: false, threads: 2 }),
      (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'view-has-dependents');
        assert.match(error.message, /^environment 'dep' was left as it was: .*cannot drop view "?public__dep"?\.dep_model .*\(view reports\.dep_report depends on view/);
        assert.doesNotMatch(error.hint ?? '', /CASCADE/);
        return true;
      });
    assert.deepEqual((await adapter.query('select n from reports.dep_report')).rows, [{ n: 1 }]);
  } finally {
    await adapter.close();
  }
});

test('a unique_key written in other letter case than its column (ID for id) works on PostgreSQL, as dbt\'s unquoted key does', async () => {
  const target = postgresTarget(postgres.database);
  const adapter = await openWarehouse(target, { baseDir: '/', threads: 2 });
  try {
    const model = (strategy: string) => `{{ config(materialized='incremental', unique_key='ID', incremental_strategy='${strategy}') }}\nselect 1 as id, 'x' as v`;
    const files = { 'dbt_project.yml': 'name: keys\n', 'models/merged_key.sql': model('merge'), 'models/replaced_key.sql': model('delete+insert') };
    assert.deepEqual(await run(adapter, target, files, 'keys'), { merged_key: 'build:success', replaced_key: 'build:success' });
    assert.deepEqual(await run(adapter, target, files, 'keys'), { merged_key: 'incremental:success', replaced_key: 'incremental:success' });
    for (const name of ['merged_key', 'replaced_key']) {
      assert.deepEqual((await adapter.query(`select id, v from "public__keys".${name}`)).rows, [{ id: 1, v: 'x' }], name);
    }
  } finally {
    await adapter.close();
  }
});

test('interrupt cancels the statements running on PostgreSQL (a second Ctrl-C): the server does not run them on', async () => {
  const target = postgresTarget(postgres.database);
  const adapter = await openWarehouse(target, { baseDir: '/', threads: 2 });
  const watcher = await openWarehouse(target, { baseDir: '/', threads: 1 });
  try {
    await adapter.interrupt(); // nothing running: nothing to do
    const running = adapter.transaction(async (s) => {
      await s.execute('CREATE TABLE public.interrupted (n int)');
      await s.execute('SELECT pg_sleep(120)');
    });
    running.catch(() => undefined);
    const active = async () => Number((await watcher.query("select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(120)%' and state = 'active' and pid <> pg_backend_pid()")).rows[0]!.n);
    while ((await active()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await adapter.interrupt();
    await assert.rejects(running, /cancel/i);
    assert.equal(await active(), 0);
    assert.equal(await watcher.columns('public', 'interrupted'), null, 'its transaction rolled back');
  } finally {
    await Promise.all([adapter.close(), watcher.close()]);
  }
});

test("amp-dbt run whose version another run built meanwhile says so: REUSE 'built by another run meanwhile', counted as reused (builtMeanwhile in --json), not as built", async () => {
  const target = { ...postgresTarget(postgres.database), name: 'dev', schema: 'race_cli', physical_schema: 'race_cli_physical' };
  const files = {
    '.gitignore': '.amp-dbt/\n',
    'dbt_project.yml': 'name: race_cli\n',
    'profiles.yml': `race_cli:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      url: ${postgres.database}\n      schema: race_cli\n      physical_schema: race_cli_physical\n      sslmode: disable\n`,
    'models/slow_table.sql': "{{ config(materialized='table') }}select 7 as n",
  };
  const dir = initRepo();
  commit(dir, 'race', files);
  const { result, errors } = compileFiles(files, { target });
  assert.deepEqual(errors, []);
  const model = result!.models.find((m) => m.name === 'slow_table')!;
  const physical = physicalName(model.name, model.fingerprint);
  // Another run's CREATE of the same version, not committed yet: both runs plan to build it, and their CREATE waits on it.
  const other = await openWarehouse(target, { baseDir: '/', threads: 2 });
  try {
    await other.execute('CREATE SCHEMA race_cli_physical');
    const built = other.transaction(async (s) => {
      await s.execute(`CREATE TABLE race_cli_physical.${physical} AS SELECT 7 AS n`);
      // Both runs' CREATE waits on this one (a lock on the new name) before it commits.
      for (;;) {
        const waiting = await other.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'create table%race_cli_physical%'");
        if (waiting.rows[0].n === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const runs = Promise.all([spawnCli(dir, ['run', '--env', 'race-a'], { ...env, NO_COLOR: '1' }), spawnCli(dir, ['run', '--env', 'race-b', '--json'], { ...env, NO_COLOR: '1' })]);
    await built;
    const [text, json] = await runs;
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /^1\/1 REUSE +slow_table \(table, built by another run meanwhile, 1 row\) in \d+\.\d\ds$/m);
    assert.match(text.stderr, /^run \d+ success: 0 built, 1 reused \(1 built by another run meanwhile\), 0 failed, 0 skipped$/m);
    assert.match(text.stderr, /^environment 'race-a' now points at [0-9a-f]{12}$/m);
    assert.equal(json.code, 0, json.stderr);
    const [outcome] = JSON.parse(json.stdout).models;
    assert.deepEqual([outcome.action, outcome.status, outcome.builtMeanwhile, outcome.rows, outcome.physical], ['build', 'reused', true, 1, `race_cli_physical.${physical}`]);
    assert.deepEqual((await other.query('select n from "race_cli__race-b".slow_table')).rows, [{ n: 7 }]);
  } finally {
    await other.close();
  }
});
