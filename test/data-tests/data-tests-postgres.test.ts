import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Target } from '../../core/project/project-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { runCli, tempDir, writeTree } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { rawDataSql, shopDataSql, shopFiles } from './shop-with-tests.js';

const postgres = usePostgresServer();

test('amp-dbt test on PostgreSQL: the same counts as on DuckDB, through the CLI', async () => {
  const u = new URL(postgres.database);
  const target: Target = {
    name: 'pg', type: 'postgres', schema: 'public', host: u.hostname, port: Number(u.port),
    user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), dbname: u.pathname.slice(1),
  };
  const adapter = await openWarehouse(target, { baseDir: '/' });
  try {
    await adapter.execute(`${rawDataSql}; ${shopDataSql('public')}`);
  } finally {
    await adapter.close();
  }
  const profile = `shop:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${target.host}\n      port: ${target.port}\n      user: ${target.user}\n      password: ${target.password}\n      dbname: ${target.dbname}\n      schema: public\n`;
  const root = writeTree(tempDir('amp-dbt-test-pg-'), { ...shopFiles, 'profiles.yml': profile });
  const { code, stdout, stderr } = runCli(['test', '--project-dir', root, '--json']);
  assert.equal(code, 1, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.target, 'pg');
  assert.deepEqual(report.summary, { total: 17, pass: 10, fail: 5, warn: 1, error: 1 });
  const failures = Object.fromEntries(report.tests.map((t: { name: string; failures: number | null }) => [t.name, t.failures]));
  assert.equal(failures.unique_orders_id, 1);
  assert.equal(failures.relationships_orders_customer_id__id__ref_customers_, 1);
  assert.equal(failures.accepted_values_orders_quantity__False__1__2__3, 0);
  assert.equal(failures.assert_no_negative_amount, 1);
  const missing = JSON.parse(runCli(['test', '--project-dir', root, '--json', '--env', 'dev', '--select', 'orders']).stdout);
  assert.equal(missing.tests[0].error.hint, `build the environment first: amp-dbt run --env dev --project-dir ${root}`);
});
