import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Target } from '../../core/project/project-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { QueryValue, WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { amp } from './run-project.js';

/**
 * A warehouse the scenarios run on: `output` is the profile's target (its `type` and connection lines),
 * `target` the same for opening it from the tests; `viewsKeepColumns` as the adapter's capability
 * (PostgreSQL refuses to drop a column a view reads).
 */
export interface UserViewEngine {
  setup(): Promise<{ output: string; target: Target }>;
  viewsKeepColumns: boolean;
}

const profile = (output: string) => `uv:\n  target: dev\n  outputs:\n    dev:\n${output.split('\n').map((l) => `      ${l}`).join('\n')}\n      schema: uv\n      physical_schema: uv_physical\n`;
const sources = 'version: 2\nsources:\n  - name: raw\n    schema: uv_raw\n    tables:\n      - name: orders\n      - name: events\n';
const incremental = (setting: string) => [
  `{{ config(materialized='incremental', on_schema_change='${setting}') }}`,
  "select * from {{ source('raw', 'events') }}",
  '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
].join('\n');

async function withTarget<T>(target: Target, dir: string, work: (w: WarehouseAdapter) => Promise<T>): Promise<T> {
  // Opened for each step: the CLI needs DuckDB's file to itself.
  const w = await openWarehouse(target, { baseDir: dir });
  try {
    return await work(w);
  } finally {
    await w.close();
  }
}

/** What a project's warehouse is asked by the scenarios. */
function warehouse(target: Target, dir: string) {
  return {
    execute: (sql: string) => withTarget(target, dir, (w) => w.execute(sql)),
    rows: (sql: string): Promise<Record<string, QueryValue>[]> => withTarget(target, dir, async (w) => (await w.query(sql)).rows),
    /** The name in uv_physical of the version of `model` (the one whose name the SQL `like` picks, when several). */
    physical: (model: string) => withTarget(target, dir, async (w) => (await w.listRelations('uv_physical')).map((r) => r.name).filter((n) => n.startsWith(`${model}__`))),
    /** The definitions of views, by `schema.name` (null: gone). */
    definitions: (views: readonly string[]) => withTarget(target, dir, async (w) => {
      const all = await w.listViews();
      return Object.fromEntries(views.map((v) => [v, all.find((r) => `${r.schema}.${r.name}` === v)?.definition ?? null]));
    }),
    columns: (schema: string, name: string) => withTarget(target, dir, async (w) => (await w.columns(schema, name))?.map((c) => c.name)),
  };
}

const json = (result: { code: number | null; stdout: string; stderr: string }) => {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, any>;
};

/**
 * The scenarios of a user's own `select * from <physical schema>.<version>` view (no alias: what amp-dbt's
 * views looked like before they had `amp_dbt_view`), in the environments' schemas and in one of its own:
 * amp-dbt never drops or replaces it, while the views it made without the alias (older databases) are
 * still its own where a model's view is.
 */
export function userViewScenarios(engine: UserViewEngine): void {
  test("a user's select * view over a version survives env create, promote, rollback, delete and prune; alias-less views amp-dbt made before are still repointed and dropped", async () => {
    const { output, target } = await engine.setup();
    const dir = initRepo();
    commit(dir, 'a', {
      '.gitignore': '.amp-dbt/\n',
      'dbt_project.yml': 'name: uv\nmodels:\n  uv:\n    +materialized: view\n',
      'profiles.yml': profile(output),
      'models/sources.yml': sources,
      'models/stg_orders.sql': "select id, customer, amount from {{ source('raw', 'orders') }}",
      'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, sum(amount) as total from {{ ref('stg_orders') }} group by customer",
      'models/legacy.sql': 'select 1 as x',
    });
    const w = warehouse(target, dir);
    await w.execute("CREATE SCHEMA uv_raw; CREATE TABLE uv_raw.orders AS SELECT * FROM (VALUES (1, 'ann', 5), (2, 'bob', 20)) AS t(id, customer, amount)");
    json(amp(dir, 'run', '--json'));
    const [[stgA], [totalsA], [legacy]] = [await w.physical('stg_orders'), await w.physical('customer_totals'), await w.physical('legacy')];
    // Yours: one in prod's schema under a name no model has, one under a model's name in a schema of yours.
    // amp-dbt's as an older amp-dbt made them (no alias): prod's customer_totals and legacy.
    await w.execute(`CREATE VIEW uv.my_orders AS SELECT * FROM uv_physical.${stgA};
      CREATE SCHEMA uv_reports; CREATE VIEW uv_reports.stg_orders AS SELECT * FROM uv_physical.${stgA};
      DROP VIEW uv.customer_totals; CREATE VIEW uv.customer_totals AS SELECT * FROM uv_physical.${totalsA};
      DROP VIEW uv.legacy; CREATE VIEW uv.legacy AS SELECT * FROM uv_physical.${legacy}`);
    assert.doesNotMatch((await w.definitions(['uv.customer_totals']))['uv.customer_totals']!, /amp_dbt_view/);
    const created = json(amp(dir, 'env', 'create', 'pr-1', '--json'));
    assert.equal(created.views.updated, 3);
    // B changes stg_orders (so customer_totals too) and removes legacy.
    rmSync(join(dir, 'models/legacy.sql'));
    commit(dir, 'b', { 'models/stg_orders.sql': "select id, customer, amount, amount * 2 as doubled from {{ source('raw', 'orders') }}" });
    assert.deepEqual(json(amp(dir, 'run', '--env', 'pr-1', '--json')).views.dropped, ['uv__pr-1.legacy']);
    const totalsB = (await w.physical('customer_totals')).find((n) => n !== totalsA)!;
    await w.execute(`CREATE VIEW "uv__pr-1".mine AS SELECT * FROM uv_physical.${totalsB}`);
    const mine = ['uv.my_orders', 'uv_reports.stg_orders', 'uv__pr-1.mine'];
    const before = await w.definitions(mine);
    const promoted = json(amp(dir, 'env', 'promote', 'pr-1', 'prod', '--json'));
    assert.deepEqual(promoted.views, { updated: 2, dropped: ['uv.legacy'] }, 'the older alias-less legacy view is dropped, yours is not');
    const totals = (await w.definitions(['uv.customer_totals']))['uv.customer_totals']!;
    assert.ok(totals.includes(totalsB) && /amp_dbt_view/.test(totals), `the older customer_totals view is repointed (${totals})`);
    assert.deepEqual(await w.rows('select doubled from uv.stg_orders order by id'), [{ doubled: 10 }, { doubled: 40 }]);
    assert.deepEqual(await w.definitions(mine), before);
    json(amp(dir, 'env', 'rollback', 'prod', '--json'));
    assert.deepEqual(await w.rows('select x from uv.legacy'), [{ x: 1 }], 'rolled back: legacy is shown again');
    assert.deepEqual(await w.definitions(mine), before);
    // C changes stg_orders again: B's versions are no environment's, but your view reads B's customer_totals.
    commit(dir, 'c', { 'models/stg_orders.sql': "select id, customer, amount, amount * 3 as tripled from {{ source('raw', 'orders') }}" });
    json(amp(dir, 'run', '--env', 'pr-1', '--json'));
    const pruned = json(amp(dir, 'prune', '--keep-history', '0', '--json'));
    const dropped = (pruned.dropped as { relation: string }[]).map((r) => r.relation.replace('uv_physical.', ''));
    assert.ok(!dropped.includes(totalsB) && !dropped.includes(stgA), `what your views read is kept (dropped: ${dropped.join(', ')})`);
    assert.equal(dropped.filter((n) => n.startsWith('stg_orders__')).length, 1, `B's stg_orders is dropped (dropped: ${dropped.join(', ')})`);
    assert.deepEqual(await w.definitions(mine), before);
    const deleted = json(amp(dir, 'env', 'delete', 'pr-1', '--json'));
    assert.deepEqual([...deleted.droppedViews].sort(), ['uv__pr-1.customer_totals', 'uv__pr-1.stg_orders']);
    assert.deepEqual(await w.definitions(mine), before, 'yours are all left as they were');
    assert.deepEqual(await w.rows('select total from "uv__pr-1".mine order by customer'), [{ total: 5 }, { total: 20 }]);
  });

  test("a run whose on_schema_change alters a table leaves a user's select * view over it alone (where PostgreSQL must drop a column it reads, the run stops naming it); alias-less views amp-dbt made before are made again", async () => {
    const { output, target } = await engine.setup();
    const dir = initRepo();
    commit(dir, 'a', {
      '.gitignore': '.amp-dbt/\n',
      'dbt_project.yml': 'name: uv\n',
      'profiles.yml': profile(output),
      'models/sources.yml': sources,
      'models/events_append.sql': incremental('append_new_columns'),
      'models/events_sync.sql': incremental('sync_all_columns'),
    });
    const w = warehouse(target, dir);
    await w.execute("CREATE SCHEMA uv_raw; CREATE TABLE uv_raw.events AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) AS t(id, kind, amount)");
    json(amp(dir, 'run', '--json'));
    json(amp(dir, 'run', '--env', 'pr-1', '--json'));
    const [[append], [sync]] = [await w.physical('events_append'), await w.physical('events_sync')];
    await w.execute(`CREATE VIEW uv.my_append AS SELECT * FROM uv_physical.${append};
      CREATE SCHEMA uv_reports; CREATE VIEW uv_reports.events_sync AS SELECT * FROM uv_physical.${sync};
      CREATE VIEW "uv__pr-1".mine AS SELECT * FROM uv_physical.${sync};
      DROP VIEW uv.events_append; CREATE VIEW uv.events_append AS SELECT * FROM uv_physical.${append};
      DROP VIEW "uv__pr-1".events_sync; CREATE VIEW "uv__pr-1".events_sync AS SELECT * FROM uv_physical.${sync}`);
    const mine = ['uv.my_append', 'uv_reports.events_sync', 'uv__pr-1.mine'];
    const before = await w.definitions(mine);
    // Added: every environment's view shows the column, the older alias-less ones too; yours are as you made them.
    await w.execute("ALTER TABLE uv_raw.events ADD COLUMN note VARCHAR(10); INSERT INTO uv_raw.events VALUES (3, 'c', 30, 'hi')");
    const grown = json(amp(dir, 'run', '--json'));
    assert.deepEqual(grown.models.map((m: { altered?: { added: string[] } }) => m.altered?.added.length), [1, 1]);
    for (const [schema, name] of [['uv', 'events_append'], ['uv__pr-1', 'events_sync'], ['uv', 'events_sync'], ['uv__pr-1', 'events_append']]) {
      assert.deepEqual(await w.columns(schema, name), ['id', 'kind', 'amount', 'note'], `${schema}.${name}`);
    }
    assert.match((await w.definitions(['uv__pr-1.events_sync']))['uv__pr-1.events_sync']!, /amp_dbt_view/, 'made again as amp-dbt makes them now');
    assert.deepEqual(await w.definitions(mine), before);
    // Dropped: sync_all_columns drops kind, which your views read.
    await w.execute("ALTER TABLE uv_raw.events DROP COLUMN kind; INSERT INTO uv_raw.events VALUES (4, 40, 'bye')");
    if (engine.viewsKeepColumns) {
      const stopped = amp(dir, 'run');
      assert.equal(stopped.code, 1, stopped.stderr);
      assert.match(stopped.stderr, /'events_sync' \(on_schema_change\): its table uv_physical\.events_sync__\w+ was left as it was: views read the columns it would drop or retype, .*PostgreSQL says: cannot drop column kind of table uv_physical\.events_sync__\w+ because other objects depend on it \(view .*\)/);
      for (const view of ['view uv_reports.events_sync depends', 'view "uv__pr-1".mine depends']) assert.ok(stopped.stderr.includes(view), `names ${view}: ${stopped.stderr}`);
      assert.deepEqual(await w.columns('uv', 'events_sync'), ['id', 'kind', 'amount', 'note'], 'the table was left as it was');
      assert.deepEqual(await w.definitions(mine), before);
      await w.execute('DROP VIEW uv_reports.events_sync; DROP VIEW "uv__pr-1".mine');
    }
    const synced = json(amp(dir, 'run', '--json'));
    assert.deepEqual(synced.models.map((m: { model: string; altered?: { dropped: string[] } }) => [m.model, m.altered?.dropped ?? []]), [['events_append', []], ['events_sync', ['kind']]]);
    for (const schema of ['uv', 'uv__pr-1']) assert.deepEqual(await w.columns(schema, 'events_sync'), ['id', 'amount', 'note'], schema);
    const left = engine.viewsKeepColumns ? ['uv.my_append'] : mine;
    assert.deepEqual(await w.definitions(left), Object.fromEntries(left.map((v) => [v, before[v]])), 'yours are as you made them');
    assert.deepEqual(await w.rows('select id, kind from uv.my_append order by id'), [{ id: 1, kind: 'a' }, { id: 2, kind: 'b' }, { id: 3, kind: 'c' }, { id: 4, kind: null }]);
    json(amp(dir, 'prune', '--keep-history', '0', '--json'));
    assert.deepEqual(await w.definitions(left), Object.fromEntries(left.map((v) => [v, before[v]])));
  });
}
