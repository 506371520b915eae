import assert from 'node:assert/strict';
import { test } from 'node:test';
import { physicalReferences } from '../../core/drift/physical-reference.js';
import { physicalName } from '../../core/plan/physical-relation.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';

const env = { AMP_DBT_REPO: 'acme/drift', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };
const project = initRepo({
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: .amp-dbt/warehouse.duckdb, schema: main}\n',
  'models/a.sql': 'select 1 as id',
  'models/b.sql': "select * from {{ ref('a') }} join {{ ref('eph') }} using (id)",
  'models/eph.sql': "{{ config(materialized='ephemeral') }} select 1 as id",
  'models/c.sql': "{{ config(schema='marts') }} select id from {{ ref('b') }}",
});
commit(project, 'v1');
const cli = (...args: string[]) => runCli(args, { cwd: project, env });
const created = cli('env', 'create', 'prod');
assert.equal(created.code, 0, created.stderr);
commit(project, 'v2', { 'models/a.sql': 'select 2 as id' });
assert.equal(cli('env', 'create', 'pr-1').code, 0);

/** Fingerprint of each model at the commit an environment points at. */
async function fingerprints(name: string): Promise<Record<string, string>> {
  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: project });
  try {
    const environment = (await store.getEnvironment('acme/drift#dev', name))!;
    const manifest = (await store.getManifest('acme/drift#dev', environment.commit))!;
    return Object.fromEntries(manifest.models.map((m) => [m.name, physicalName(m.name, m.fingerprint)]));
  } finally {
    await store.close();
  }
}
const prod = await fingerprints('prod');
const pr = await fingerprints('pr-1');

async function sql(text: string): Promise<void> {
  const warehouse = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: '.amp-dbt/warehouse.duckdb' }, { baseDir: project });
  try {
    await warehouse.execute(text);
  } finally {
    await warehouse.close();
  }
}

await sql(`
  CREATE SCHEMA amp_dbt_physical; CREATE SCHEMA main_marts;
  CREATE TABLE amp_dbt_physical.${prod.a} AS SELECT 1 AS id;
  CREATE TABLE amp_dbt_physical.${pr.a} AS SELECT 2 AS id;
  CREATE VIEW amp_dbt_physical.${prod.b} AS SELECT * FROM amp_dbt_physical.${prod.a};
  CREATE TABLE amp_dbt_physical.${prod.c} AS SELECT 1 AS id;
  CREATE TABLE amp_dbt_physical.old_model__000000000000 AS SELECT 1 AS id;
  CREATE VIEW main.a AS SELECT * FROM amp_dbt_physical.${prod.a};
  CREATE VIEW "main"."b" AS SELECT * FROM "amp_dbt_physical"."${prod.b}";
  CREATE VIEW main_marts.c AS SELECT * FROM amp_dbt_physical.${prod.c};
  CREATE TABLE main.users_own_table AS SELECT 1 AS x;
`);

interface Report {
  environment: string; drift: boolean; schemas: string[];
  missing: Array<{ model: string; kind: string; relation: string }>;
  stale: Array<{ model: string; view: string; expected: string; actual: string | null }>;
  unexpected: Array<{ view: string; reads: string[] }>;
  orphaned: Array<{ relation: string; kind: string }>;
}
const drift = (name: string) => {
  const result = cli('drift', '--env', name, '--json');
  return { code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) as Report };
};

test('drift: an environment whose views and physical relations are all there has no drift; orphans are informational', async () => {
  const { code, report, stderr } = drift('prod');
  assert.equal(code, 0, stderr);
  assert.deepEqual([report.drift, report.missing, report.stale, report.unexpected], [false, [], [], []]);
  assert.deepEqual(report.schemas, ['main', 'main_marts']);
  // pr-1's version of a is referenced by pr-1's manifest; only the old model's table is orphaned.
  assert.deepEqual(report.orphaned, [{ relation: 'amp_dbt_physical.old_model__000000000000', kind: 'table' }]);
  const text = cli('drift', '--env', 'prod');
  assert.equal(text.code, 0);
  assert.match(text.stdout, /ORPHANED .*\n {2}amp_dbt_physical\.old_model__000000000000 {2}\(table\)\n/);
  assert.match(text.stdout, /\nno drift \(0 missing, 0 stale, 0 unexpected, 1 orphaned\)\n$/);
  // A view anywhere in the warehouse reading it (another state database's environment, one someone wrote): in use.
  await sql('CREATE SCHEMA elsewhere; CREATE VIEW elsewhere.reader AS SELECT * FROM amp_dbt_physical.old_model__000000000000');
  assert.deepEqual(drift('prod').report.orphaned, []);
  await sql('DROP VIEW elsewhere.reader; DROP SCHEMA elsewhere');
  // A physical view no one reads is orphaned (its own definition naming it does not count as reading it).
  await sql('CREATE VIEW amp_dbt_physical.unused__000000000000 AS SELECT 1 AS n');
  assert.deepEqual(drift('prod').report.orphaned.map((o) => o.relation).sort(), ['amp_dbt_physical.old_model__000000000000', 'amp_dbt_physical.unused__000000000000']);
  await sql('DROP VIEW amp_dbt_physical.unused__000000000000');
  // A version only an orphaned physical view reads is orphaned too: the chain goes as a whole (amp-dbt prune).
  await sql('CREATE VIEW amp_dbt_physical.old_reader__000000000000 AS SELECT * FROM amp_dbt_physical.old_model__000000000000');
  assert.deepEqual(drift('prod').report.orphaned.map((o) => o.relation).sort(), ['amp_dbt_physical.old_model__000000000000', 'amp_dbt_physical.old_reader__000000000000']);
  await sql('DROP VIEW amp_dbt_physical.old_reader__000000000000');
});

test('drift: a dropped view and physical relation are missing, a stray view unexpected, a repointed view stale', async () => {
  await sql(`
    DROP VIEW main.b; DROP VIEW amp_dbt_physical.${prod.b};
    CREATE VIEW main.stray AS SELECT * FROM amp_dbt_physical.old_model__000000000000;
    DROP VIEW main_marts.c; CREATE VIEW main_marts.c AS SELECT * FROM amp_dbt_physical.${pr.a};
  `);
  const { code, report } = drift('prod');
  assert.equal(code, 1);
  assert.equal(report.drift, true);
  assert.deepEqual(report.missing, [
    { model: 'b', kind: 'physical', relation: `amp_dbt_physical.${prod.b}` },
    { model: 'b', kind: 'view', relation: 'main.b' },
  ]);
  assert.deepEqual(report.stale.map((s) => [s.model, s.view, s.expected, s.actual]), [['c', 'main_marts.c', `amp_dbt_physical.${prod.c}`, `amp_dbt_physical.${pr.a}`]]);
  assert.deepEqual(report.unexpected, [{ view: 'main.stray', reads: ['amp_dbt_physical.old_model__000000000000'] }]);
  const text = cli('drift', '--env', 'prod');
  assert.equal(text.code, 1);
  assert.match(text.stdout, /MISSING .*\n {2}amp_dbt_physical\.b__[0-9a-f]{12} {2}\(physical relation of b\)\n {2}main\.b {2}\(view of b\)\n/);
  // The stray view reads the old model's table: in use, so no longer orphaned.
  assert.deepEqual(report.orphaned, []);
  assert.match(text.stdout, /\ndrift: 2 missing, 1 stale, 1 unexpected, 0 orphaned\n$/);
  assert.match(text.stderr, /^hint: amp-dbt run --env prod --commit [0-9a-f]{12} builds what is missing and repoints the stale views$/m);
  assert.equal(cli('drift', '--env', 'prod', '--json').stderr, '', 'with --json, nothing on stderr');
  const repair = cli(...text.stderr.match(/^hint: amp-dbt (run .*) builds/m)![1].split(' '));
  assert.equal(repair.code, 0, repair.stderr);
  const after = drift('prod');
  assert.deepEqual([after.report.missing, after.report.stale], [[], []], 'the hinted run repairs what it says');
  // The stray view is named as no model: someone's `select *` over a version, which no run drops (amp-dbt's own have an alias).
  assert.deepEqual([after.code, after.report.unexpected.map((u) => u.view)], [1, ['main.stray']]);
  await sql('DROP VIEW main.stray');
  assert.equal(drift('prod').code, 0);
});

test("drift: a model's view replaced by a table is stale, and the hint says to drop it first (a run does not replace what amp-dbt did not make)", async () => {
  await sql(`DROP VIEW main.b; CREATE TABLE main.b AS SELECT 1 AS x;`);
  const text = cli('drift', '--env', 'prod');
  assert.equal(text.code, 1);
  assert.match(text.stdout, /main\.b is a table, not a view over amp_dbt_physical/);
  assert.match(text.stderr, /^hint: drop or rename main\.b first \(not a view amp-dbt made, so a run does not replace it\); then amp-dbt run --env prod --commit [0-9a-f]{12} builds what is missing and repoints the stale views$/m);
  const refused = cli(...text.stderr.match(/then amp-dbt (run .*) builds/m)![1].split(' '));
  assert.match(refused.stderr, /relation-conflict/, 'as the hint says, the run alone does not repair it');
  await sql('DROP TABLE main.b');
  const repair = cli(...cli('drift', '--env', 'prod').stderr.match(/^hint: amp-dbt (run .*) builds/m)![1].split(' '));
  assert.equal(repair.code, 0, repair.stderr);
  assert.equal(drift('prod').code, 0);
});

test('drift: an environment that does not exist is environment-not-found with a did-you-mean', () => {
  const result = cli('drift', '--env', 'prd', '--json');
  assert.equal(result.code, 1);
  const error = JSON.parse(result.stdout).error;
  assert.equal(error.code, 'environment-not-found');
  assert.match(error.hint, /prod/);
  const text = cli('drift', '--env', 'prd');
  assert.equal(text.code, 1);
  assert.match(text.stderr, /error\[environment-not-found\] environment 'prd' of acme\/drift \(target 'dev'\) does not exist/);
  assert.equal(cli('drift').code, 2);
});

test('physicalReferences reads bare, quoted and database-qualified names', () => {
  assert.deepEqual(physicalReferences('CREATE VIEW a AS SELECT * FROM amp_dbt_physical.a__0123456789ab;', 'amp_dbt_physical'), ['a__0123456789ab']);
  assert.deepEqual(physicalReferences('SELECT * FROM "wh"."amp_dbt_physical"."My ""x"""', 'amp_dbt_physical'), ['My "x"']);
  assert.deepEqual(physicalReferences('SELECT * FROM x.amp_dbt_physical_2.a, not_amp_dbt_physical.b', 'amp_dbt_physical'), []);
});
