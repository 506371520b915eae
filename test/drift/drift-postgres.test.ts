import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDrift } from '../../core/drift/detect-drift.js';
import type { DriftInputs } from '../../core/drift/drift-inputs.js';
import type { Manifest, ManifestModel } from '../../core/state/state-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { tempDir } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';

const pg = usePostgresServer();

const model = (name: string, fingerprint: string, config: Record<string, unknown> = {}, materialized = 'view'): ManifestModel => ({
  name, path: `models/${name}.sql`, blobId: null, config, materialized, refs: [], sources: [], datasets: {},
  contentHash: fingerprint, fingerprint, columns: [], usedMacros: [], usedVars: [], definitionId: `definition-${name}`,
});
const manifest = (commit: string, models: ManifestModel[]): Manifest => ({ commit, parents: [], recordedAt: '2026-01-01T00:00:00Z', projectName: 'shop', models, macros: [], vars: {}, compilerRevision: 1 });

test('detectDrift on PostgreSQL reads pg_get_viewdef definitions (views in a pr environment schema)', async () => {
  const target = postgresTarget(pg.database);
  const warehouse = await openWarehouse(target, { baseDir: tempDir() });
  try {
    const a = '1'.repeat(64);
    const b = '2'.repeat(64);
    const current = manifest('c'.repeat(40), [model('orders', a), model('Totals', b, { schema: 'marts' }), model('eph', '3'.repeat(64), {}, 'ephemeral')]);
    await warehouse.execute(`
      CREATE SCHEMA amp_dbt_physical; CREATE SCHEMA "public__pr-2"; CREATE SCHEMA "public_marts__pr-2";
      CREATE TABLE amp_dbt_physical.orders__111111111111 AS SELECT 1 AS id;
      CREATE TABLE amp_dbt_physical."Totals__222222222222" AS SELECT 1 AS n;
      CREATE TABLE amp_dbt_physical.orders__999999999999 AS SELECT 9 AS id;
      CREATE VIEW "public__pr-2".orders AS SELECT * FROM amp_dbt_physical.orders__999999999999;
      CREATE VIEW "public_marts__pr-2"."Totals" AS SELECT * FROM amp_dbt_physical."Totals__222222222222";
      CREATE VIEW "public__pr-2".old AS SELECT * FROM amp_dbt_physical.orders__999999999999;
      CREATE VIEW "public__pr-2".plain AS SELECT 1 AS x;
    `);
    const inputs: DriftInputs = {
      environment: { name: 'pr-2', commit: current.commit, createdAt: '', updatedAt: '', updatedBy: 't' },
      manifest: current,
      environments: [{ name: 'pr-2', commit: current.commit, manifest: current }, { name: 'gone', commit: 'f'.repeat(40), manifest: null }],
      lastDeploy: null,
    };
    const report = await detectDrift(warehouse, target, inputs);
    assert.deepEqual(report.schemas, ['public__pr-2', 'public_marts__pr-2']);
    assert.deepEqual(report.missing, []);
    assert.deepEqual(report.stale.map((s) => [s.view, s.actual]), [['public__pr-2.orders', 'amp_dbt_physical.orders__999999999999']]);
    assert.deepEqual(report.unexpected, [{ view: 'public__pr-2.old', reads: ['amp_dbt_physical.orders__999999999999'] }]);
    assert.deepEqual(report.orphaned, [], 'the stale and the unexpected view read orders__999999999999: it is in use');
    assert.deepEqual([report.unrecordedEnvironments, report.drift], [['gone'], true]);
  } finally {
    await warehouse.close();
  }
});
