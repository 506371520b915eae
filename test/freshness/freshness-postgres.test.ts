import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFreshness } from '../../core/freshness/check-freshness.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { compileFiles, tempDir } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';

const pg = usePostgresServer();

test('checkFreshness on PostgreSQL: numeric and bigint block columns, timestamptz, a freshness filter', async () => {
  const target = postgresTarget(pg.database);
  const { result, errors } = compileFiles({
    'dbt_project.yml': 'name: chain\nmonitoring:\n  warn_after: {count: 10, period: block}\n',
    'models/_sources.yml': `version: 2
sources:
  - name: eth
    tables:
      - name: blocks
        loaded_at_field: ts
        freshness:
          warn_after: {count: 30, period: minute}
          filter: "ts < now()"
`,
    'models/_models.yml': 'version: 2\nmodels:\n  - name: latest\n    config:\n      track_column: at\n      freshness:\n        error_after: {count: 1, period: day}\n',
    'models/head.sql': "select block_num from {{ source('eth', 'blocks') }}",
    'models/latest.sql': 'select now() as at',
  }, { target });
  assert.deepEqual(errors, []);
  const warehouse = await openWarehouse(target, { baseDir: tempDir() });
  try {
    await warehouse.execute(`
      CREATE SCHEMA eth;
      CREATE TABLE eth.blocks AS SELECT g::numeric(20, 0) AS block_num, now() - interval '1 hour' AS ts FROM generate_series(1, 500) g;
      INSERT INTO eth.blocks VALUES (501, now() + interval '1 hour');
      CREATE VIEW public.head AS SELECT 480::bigint AS block_num;
      CREATE TABLE public.latest AS SELECT now() - interval '2 days' AS at;
    `);
    const report = await checkFreshness({ warehouse, result: result!, environment: 'prod', models: ['head', 'latest'], sources: ['eth.blocks'], now: new Date() });
    assert.equal(report.chainHead, 501);
    assert.deepEqual(report.rows.map((r) => [r.name, r.trackKind, r.status]), [['eth.blocks', 'timestamp', 'warn'], ['head', 'block', 'warn'], ['latest', 'timestamp', 'error']]);
    // The filter leaves out the row stamped in the future: the latest counted row is an hour old.
    assert.ok(report.rows[0].age.seconds! >= 3600 && report.rows[0].age.seconds! < 3700, String(report.rows[0].age.seconds));
    assert.deepEqual([report.rows[0].latestBlock, report.rows[1].age.blocks], [500, 21]);
  } finally {
    await warehouse.close();
  }
});
