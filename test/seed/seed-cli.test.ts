import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { spawnSync } from 'node:child_process';
import { cliPath, runCli, writeTree } from '../helpers.js';
import { makeProject, projectFiles } from './seed-project.js';

const profile = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n';

test('amp-dbt seed: progress on stderr, a summary, exit code 0 (--full-refresh accepted, as dbt has it)', () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile });
  const { code, stdout, stderr } = runCli(['seed', '--project-dir', root, '--full-refresh']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /^seed countries -> "main"\."countries" \(3 rows\) \.\.\. ok$/m);
  assert.match(stderr, /^seed blocks -> "_\/eth@1\.0\.0"\."blocks" \(3 rows\) \.\.\. ok$/m);
  assert.match(stderr, /^Done: 2 seeds loaded \(6 rows\) into target 'dev' in [\d.]+ s$/m);
});

test('amp-dbt seed with a target that cannot be used loads nothing into the embedded default in its place', async () => {
  const { existsSync } = await import('node:fs');
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile.replace('target: dev', 'target: prod') });
  const { code, stderr } = runCli(['seed', '--project-dir', root]);
  assert.equal(code, 1);
  assert.match(stderr, /error\[unknown-target\] target 'prod' is not an output of profile 'shop'/);
  assert.doesNotMatch(stderr, /^seed |Done:/m);
  assert.equal(existsSync(join(root, 'warehouse.duckdb')), false);
  assert.equal(existsSync(join(root, '.amp-dbt', 'warehouse.duckdb')), false);
});

test('amp-dbt seed with a mistyped key in its target (shcema:) loads nothing where the half-read target points', async () => {
  const { existsSync } = await import('node:fs');
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile.replace('schema: main', 'shcema: staging') });
  const { code, stderr } = runCli(['seed', '--project-dir', root]);
  assert.equal(code, 1);
  assert.match(stderr, /profiles\.yml:7:7: error\[unknown-key\] unknown key 'shcema' in target 'dev' of profile 'shop'/);
  assert.doesNotMatch(stderr, /^seed |Done:/m);
  assert.equal(existsSync(join(root, 'warehouse.duckdb')), false);
});

test('a seed that would be loaded where a model is built is duplicate-relation and not loaded (it replaced the model\'s view)', async () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile, 'models/countries.sql': "select 'model' as kind\n" });
  const { code, stdout, stderr } = runCli(['seed', '--project-dir', root, '--json']);
  assert.equal(code, 1, stderr);
  const out = JSON.parse(stdout);
  const countries = out.seeds.find((s: { file: string }) => s.file === 'seeds/countries.csv');
  assert.equal(countries.status, 'error');
  assert.equal(countries.error.code, 'duplicate-relation');
  assert.match(countries.error.message, /seed 'countries' and model 'countries' \(models\/countries\.sql\) would both be main\.countries/);
  assert.deepEqual(out.summary, { total: 2, ok: 1, error: 1, rows: 3 });
  const adapter = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: 'warehouse.duckdb' }, { baseDir: root });
  try {
    assert.equal((await adapter.listRelations('main')).some((r) => r.name === 'countries'), false, 'nothing was loaded there');
  } finally {
    await adapter.close();
  }
});

test('two seed files loading into one table: neither is loaded (which would win is arbitrary); the summary counts the error', () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile, 'seeds/sub/countries.csv': 'code\nXX\n' });
  const { code, stderr } = runCli(['seed', '--project-dir', root]);
  assert.equal(code, 1);
  assert.match(stderr, /error\[duplicate-seed\] seeds\/sub\/countries\.csv and seeds\/countries\.csv both load into main\.countries: neither is loaded/);
  assert.doesNotMatch(stderr, /^seed countries /m);
  assert.match(stderr, /^Done: 1 seed loaded \(3 rows\), 1 error into target 'dev'/m);
});

test('a file in a folder named after a source that lacks its table is loaded where its schema config says, and the warning says where', () => {
  const root = makeProject({
    ...projectFiles, 'profiles.yml': profile, 'seeds/eth/extra.csv': 'a\n1\n',
    'dbt_project.yml': 'name: shop\nversion: "1.0.0"\nprofile: shop\nseeds:\n  shop:\n    +schema: lookups\n',
  });
  const { code, stderr } = runCli(['seed', '--project-dir', root]);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /warning: seeds\/eth\/extra\.csv: source 'eth' declares no table 'extra', so it is loaded as main_lookups\.extra/);
  assert.match(stderr, /^seed extra -> "main_lookups"\."extra" \(1 row\) \.\.\. ok$/m);
});

test("dbt_project.yml's seeds: tree: +schema, +column_types and +enabled, by project, folder and seed; ref() follows the schema", async () => {
  const root = makeProject({
    ...projectFiles, 'profiles.yml': profile,
    'dbt_project.yml': 'name: shop\nversion: "1.0.0"\nprofile: shop\nseeds:\n  shop:\n    +schema: lookups\n    countries:\n      +column_types: {code: varchar, population: double}\n    old:\n      +enabled: false\n',
    'seeds/countries.csv': 'code,population\n1,83000000\n',
    'seeds/old/legacy.csv': 'a\n1\n',
    'models/big.sql': "select code from {{ ref('countries') }}",
  });
  const { code, stdout, stderr } = runCli(['seed', '--project-dir', root, '--json']);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.seeds.map((s: { file: string; relation: string }) => `${s.file} -> ${s.relation}`), [
    'seeds/countries.csv -> "main_lookups"."countries"', 'seeds/eth/blocks.csv -> "_/eth@1.0.0"."blocks"',
  ], 'a seed filling a source table keeps the source\'s schema; the disabled folder is left out');
  const compiled = JSON.parse(runCli(['compile', '--json', '--project-dir', root, '--select', 'big']).stdout);
  assert.equal(compiled.models[0].compiled_sql, 'select code from "main_lookups"."countries"');
  const warehouse = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: join(root, 'warehouse.duckdb') }, { baseDir: root });
  try {
    assert.deepEqual(await warehouse.columns('main_lookups', 'countries'), [{ name: 'code', type: 'VARCHAR' }, { name: 'population', type: 'DOUBLE' }]);
  } finally {
    await warehouse.close();
  }
  // A project's own generate_schema_name names the seed's schema, as a model's.
  writeTree(root, { 'macros/schemas.sql': '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}' });
  const named = JSON.parse(runCli(['seed', '--project-dir', root, '--json', '--select', 'countries']).stdout);
  assert.deepEqual(named.seeds.map((s: { relation: string }) => s.relation), ['"lookups"."countries"']);
  const anchored = runCli(['seed', '--project-dir', root, '--json', '--select', 'countries+']);
  assert.deepEqual([anchored.stderr, JSON.parse(anchored.stdout).seeds.map((s: { relation: string }) => s.relation)], ['', ['"lookups"."countries"']], 'as dbt seed --select countries+ does');
  assert.equal(JSON.parse(runCli(['compile', '--json', '--project-dir', root, '--select', 'big']).stdout).models[0].compiled_sql, 'select code from "lookups"."countries"');
  // And its generate_alias_name the seed's table, as dbt's does.
  writeTree(root, { 'macros/aliases.sql': "{% macro generate_alias_name(custom_alias_name, node) %}{{ node.resource_type }}_{{ node.name }}{% endmacro %}" });
  const aliased = runCli(['seed', '--project-dir', root, '--json', '--select', 'countries']);
  assert.deepEqual(JSON.parse(aliased.stdout).seeds.map((s: { relation: string }) => s.relation), ['"lookups"."seed_countries"'], aliased.stderr);
  assert.equal(JSON.parse(runCli(['compile', '--json', '--project-dir', root, '--select', 'big']).stdout).models[0].compiled_sql, 'select code from "lookups"."seed_countries"');
});

test('amp-dbt seed --json: {target, seeds: [{file, relation, rows, status, error?}], summary, errors}; exit code 1 on a failure', () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile, 'seeds/broken.csv': 'n\n1\n2\nthree\n' , 'seeds/_seeds.yml': 'seeds:\n  - name: broken\n    config:\n      column_types: {n: bigint}\n' });
  const { code, stdout } = runCli(['seed', '--project-dir', root, '--json', '--select', 'broken', 'countries']);
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assert.equal(report.target, 'dev', "the target's name, as in run's and test's --json");
  assert.deepEqual(report.summary, { total: 2, ok: 1, error: 1, rows: 3 });
  assert.deepEqual(report.errors, []);
  const [broken, countries] = report.seeds;
  assert.deepEqual({ ...countries, ms: 0 }, {
    file: 'seeds/countries.csv', relation: '"main"."countries"', schema: 'main', table: 'countries', source: null, rows: 3, status: 'ok', ms: 0,
  });
  assert.equal(broken.status, 'error');
  assert.equal(broken.rows, null);
  assert.deepEqual([broken.error.file, broken.error.line, broken.error.code], ['seeds/broken.csv', 4, 'seed-parse-error']);
});

test('amp-dbt seed --help and a usage error', () => {
  const help = runCli(['seed', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: amp-dbt seed \[--select NAME\.\.\.\]/);
  const root = writeTree(makeProject(), { 'profiles.yml': profile });
  assert.equal(runCli(['seed', '--project-dir', root, '--bogus']).code, 2);
});

test('amp-dbt seed --select a term that matches no seed warns with a did-you-mean, on stderr with --json too', () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile });
  const text = runCli(['seed', '--project-dir', root, '--select', 'countrys']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /^warning: --select 'countrys' matches no seed; did you mean 'countries'\?$/m);
  const json = runCli(['seed', '--project-dir', root, '--json', '--select', 'source:eth.blocks', 'nothing_like_it']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).summary, { total: 0, ok: 0, error: 0, rows: 0 });
  assert.match(json.stderr, /^warning: --select 'source:eth\.blocks' matches no seed; did you mean 'eth\.blocks'\?$/m, "dbt's source: prefix points at the source table's seed");
  assert.match(json.stderr, /^warning: --select 'nothing_like_it' matches no seed$/m);
});

test('test --select SEED+ of a seed no model reads runs its tests without warning that nothing matched', async () => {
  const { tempDir } = await import('../helpers.js');
  const root = writeTree(tempDir(), {
    'dbt_project.yml': 'name: s\n',
    'seeds/countries.csv': 'code,name\nde,Germany\n',
    'seeds/_seeds.yml': 'seeds:\n  - name: countries\n    columns:\n      - name: code\n        data_tests: [unique]\n',
    'models/m.sql': 'select 1 as n',
  });
  assert.equal(runCli(['seed', '--project-dir', root]).code, 0);
  const tested = runCli(['test', '--select', 'countries+', '--project-dir', root]);
  assert.equal(tested.code, 0, tested.stderr);
  assert.match(tested.stdout, /^PASS unique_countries_code$/m);
  assert.doesNotMatch(tested.stderr, /warning/);
});

test("test --select of a seed without tests says the seed has none, not a did-you-mean at a model; a near miss suggests the seed", async () => {
  const { tempDir } = await import('../helpers.js');
  const root = writeTree(tempDir(), {
    'dbt_project.yml': 'name: s\n',
    'seeds/raw_orders.csv': 'id,amount\n1,10\n',
    'models/stg_orders.sql': "select id from {{ ref('raw_orders') }}",
    'models/_models.yml': 'models:\n  - name: stg_orders\n    columns:\n      - name: id\n        data_tests: [unique]\n',
  });
  const bare = runCli(['test', '--select', 'raw_orders', '--project-dir', root]);
  assert.equal(bare.code, 0, bare.stderr);
  assert.match(bare.stderr, /^warning: selector 'raw_orders' names seed 'raw_orders', which has no tests; 'raw_orders\+' selects the tests of the models reading it$/m);
  assert.doesNotMatch(bare.stderr, /did you mean/);
  const typo = runCli(['test', '--select', 'raw_orderz', '--project-dir', root]);
  assert.match(typo.stderr, /^warning: selector 'raw_orderz' matched no models; did you mean 'raw_orders'\?$/m);
});

test("seed notes the tables reading the source tables it filled (directly or through views) that keep their rows, as run rebuilds a table only when its model changes, and the run that rebuilds them; not those reading a seed's own table", async () => {
  const { tempDir } = await import('../helpers.js');
  const root = writeTree(tempDir(), {
    'dbt_project.yml': 'name: s\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
    'seeds/raw/orders.csv': 'id,amount\n1,10\n',
    'seeds/countries.csv': 'code\nde\n',
    'models/stg_orders.sql': "select id, amount from {{ source('raw', 'orders') }}",
    'models/totals.sql': "{{ config(materialized='table') }}select sum(amount) as total from {{ ref('stg_orders') }}",
    'models/per_total.sql': "{{ config(materialized='table') }}select * from {{ ref('totals') }}",
    'models/log.sql': "{{ config(materialized='incremental') }}select id from {{ ref('stg_orders') }}",
    'models/log_count.sql': "{{ config(materialized='table') }}select count(*) as n from {{ ref('log') }}",
    'models/country_table.sql': "{{ config(materialized='table') }}select * from {{ ref('countries') }}",
  });
  const seeded = runCli(['seed', '--project-dir', root]);
  assert.equal(seeded.code, 0, seeded.stderr);
  assert.match(seeded.stderr, /^note: 'amp-dbt run' rebuilds a table only when its model changes \(dbt rebuilds every table\), so table totals, reading the source tables these seeds fill, keeps the rows a run built before this load gave it; to rebuild it and what reads it: amp-dbt run --full-refresh --select totals\+$/m,
    'per_total (past another such table), log_count (past an incremental model, rebuilt when it takes in rows) and country_table (its seed\'s file is part of its version) are not named');
  const other = runCli(['seed', '--select', 'countries', '--project-dir', root]);
  assert.doesNotMatch(other.stderr, /note:/, 'a table reading the seed\'s own table is built anew by run when the file changes');
  assert.doesNotMatch(runCli(['seed', '--json', '--project-dir', root]).stdout, /note/);
});

test('amp-dbt seed on a terminal names the file loading now on a status line, cleared before its result line (through script(1))', { skip: spawnSync('script', ['--version']).status !== 0 && 'script(1) is not installed' }, () => {
  const root = makeProject({ ...projectFiles, 'profiles.yml': profile });
  const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} seed --project-dir ${JSON.stringify(root)} --select countries`, '/dev/null'], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout.replaceAll('\r\u001b[2K', '<cleared>'), /^running: countries \(0s\)<cleared>seed countries -> "main"\."countries" \(3 rows\) \.\.\. ok\r?$/m);
});
