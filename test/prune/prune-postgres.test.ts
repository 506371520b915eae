import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPrune } from '../../core/prune/apply-prune.js';
import { planPrune } from '../../core/prune/plan-prune.js';
import type { Target } from '../../core/project/project-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';
import { env } from '../run/run-project.js';

const postgres = usePostgresServer();


async function withWarehouse<T>(target: Target, work: (w: WarehouseAdapter) => Promise<T>): Promise<T> {
  const adapter = await openWarehouse(target, { baseDir: '/' });
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

const physicalNames = (w: WarehouseAdapter) => w.listRelations('amp_dbt_physical').then((list) => list.map((r) => r.name));

test('prune on PostgreSQL: a chain of orphaned views is dropped readers first, tables after; a view of the user keeps its version', async () => {
  const target = postgresTarget(postgres.database);
  const profile = `shop:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${target.host}\n      port: ${target.port}\n      user: ${target.user}\n      password: ${target.password}\n      dbname: ${target.dbname}\n      schema: public\n`;
  const dir = initRepo();
  const a = (n: number) => `{{ config(materialized='table') }}\nselect ${n} as id`;
  commit(dir, 'v1', {
    '.gitignore': '.amp-dbt/\n', 'dbt_project.yml': 'name: shop\n', 'profiles.yml': profile,
    'models/a.sql': a(1), 'models/b.sql': "select * from {{ ref('a') }}", 'models/c.sql': "select * from {{ ref('b') }}",
    'models/inc.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ref('a') }}",
    'models/kept.sql': "{{ config(materialized='table') }}\nselect 7 as k",
  });
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  assert.equal(cli('run').code, 0);
  const first = await withWarehouse(target, physicalNames);
  commit(dir, 'v2', { 'models/a.sql': a(2), 'models/kept.sql': "{{ config(materialized='table') }}\nselect 8 as k" });
  assert.equal(cli('run').code, 0);
  const v1 = Object.fromEntries(first.map((n) => [n.split('__')[0], n]));
  await withWarehouse(target, (w) => w.execute(`CREATE SCHEMA reports; CREATE VIEW reports.old_k AS SELECT k FROM amp_dbt_physical."${v1.kept}" AS r`));

  const pruned = cli('prune', '--keep-history', '0', '--json');
  assert.equal(pruned.code, 0, pruned.stderr);
  const body = JSON.parse(pruned.stdout);
  assert.deepEqual(body.dropped.map((d: { relation: string; kind: string }) => `${d.relation} ${d.kind}`), [
    `amp_dbt_physical.${v1.c} view`, `amp_dbt_physical.${v1.b} view`, `amp_dbt_physical.${v1.a} table`, `amp_dbt_physical.${v1.inc} table`,
  ]);
  assert.equal(body.dropped[3].incremental, true);
  assert.deepEqual(body.failed, []);
  assert.match(pruned.stderr, /^dropped 4\/4\n$/);
  await withWarehouse(target, async (w) => {
    const left = await physicalNames(w);
    assert.ok(left.includes(v1.kept), 'reports.old_k reads it');
    assert.equal(left.filter((n) => first.includes(n)).length, 1);
    assert.deepEqual((await w.query('select id from public.c')).rows, [{ id: 2 }]);
    assert.deepEqual((await w.query('select k from reports.old_k')).rows, [{ k: 7 }]);
  });
  assert.equal(cli('drift', '--env', 'prod').code, 0);
});

test('prune on PostgreSQL: a relation someone reads through a view made after prune decided is kept, reported as failed (never CASCADE)', async () => {
  const target = postgresTarget(await postgres.server.createDatabase());
  await withWarehouse(target, async (w) => {
    await w.execute(`CREATE SCHEMA amp_dbt_physical; CREATE TABLE amp_dbt_physical.t__0123456789ab AS SELECT 1 AS x;
      CREATE TABLE amp_dbt_physical.u__0123456789ab AS SELECT 1 AS x`);
    const plan = planPrune({
      physicalSchema: 'amp_dbt_physical', relations: await w.listRelations('amp_dbt_physical'), views: await w.listViews(),
      inputs: { environments: [], history: [], keepHistory: 1 },
    });
    assert.deepEqual(plan.drop.map((d) => d.name), ['t__0123456789ab', 'u__0123456789ab']);
    await w.execute('CREATE VIEW public.late AS SELECT x FROM amp_dbt_physical.t__0123456789ab AS late');
    const report = await applyPrune(w, plan, async () => undefined);
    assert.deepEqual(report.dropped.map((d) => d.name), ['u__0123456789ab']);
    assert.deepEqual(report.failed.map((f) => f.name), ['t__0123456789ab']);
    assert.match(report.failed[0].error, /cannot drop table amp_dbt_physical\.t__0123456789ab because other objects depend on it/);
    assert.deepEqual((await w.query('select x from public.late')).rows, [{ x: 1 }]);
  });
});
