import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';
import { amp, env } from './run-project.js';
import { runCli } from '../helpers.js';

const postgres = usePostgresServer();

const files = (url: string) => ({
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': 'name: osc\n',
  'profiles.yml': `osc:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      url: ${url}\n      schema: osc\n      physical_schema: osc_physical\n      sslmode: disable\n`,
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: osc_raw\n    tables:\n      - name: events\n',
  'models/events_log.sql': [
    "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', on_schema_change='sync_all_columns') }}",
    "select * from {{ source('raw', 'events') }}",
    '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
  ].join('\n'),
});

test("on_schema_change='sync_all_columns' through amp-dbt run on PostgreSQL: a source's new column shows in every environment's view; dropped and widened columns remake the views, which a view of someone else's over one stops", async () => {
  const dir = initRepo();
  commit(dir, 'osc', files(postgres.database));
  const w = await openWarehouse(postgresTarget(postgres.database), { baseDir: '/' });
  const run = (...args: string[]) => runCli(['run', ...args], { cwd: dir, env });
  const columns = async (schema: string, name: string) => (await w.columns(schema, name))?.map((c) => `${c.name} ${c.type}`);
  try {
    await w.execute("CREATE SCHEMA osc_raw; CREATE TABLE osc_raw.events (id int, kind text, amount int); INSERT INTO osc_raw.events VALUES (1, 'a', 10), (2, 'b', 20)");
    assert.equal(run().code, 0);
    assert.equal(run('--env', 'pr-1').code, 0);
    await w.execute("CREATE SCHEMA reports; CREATE VIEW reports.by_kind AS SELECT kind, sum(amount) AS total FROM osc.events_log GROUP BY kind");
    // Added: the views are replaced in place, so the report over prod stays.
    await w.execute("ALTER TABLE osc_raw.events ADD COLUMN note text; INSERT INTO osc_raw.events VALUES (3, 'c', 30, 'hello')");
    const grown = run();
    assert.equal(grown.code, 0, grown.stderr);
    assert.match(grown.stderr, /OK +events_log \(incremental, 1 row, columns added: note TEXT\) in/);
    for (const schema of ['osc', 'osc__pr-1']) assert.deepEqual(await columns(schema, 'events_log'), ['id INTEGER', 'kind TEXT', 'amount INTEGER', 'note TEXT'], schema);
    assert.deepEqual((await w.query('select id, note from "osc__pr-1".events_log order by id')).rows, [{ id: 1, note: null }, { id: 2, note: null }, { id: 3, note: 'hello' }]);
    assert.deepEqual((await w.query("select total from reports.by_kind where kind = 'c'")).rows, [{ total: 30 }]);
    // Dropped and widened: the environment views go and come back, which the report over prod's stops.
    await w.execute("ALTER TABLE osc_raw.events DROP COLUMN kind; ALTER TABLE osc_raw.events ALTER COLUMN amount TYPE bigint; INSERT INTO osc_raw.events VALUES (4, 40, 'bye')");
    const stopped = run();
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /'events_log' \(on_schema_change\): its table osc_physical\.events_log__\w+ was left as it was: views read the columns it would drop or retype, and PostgreSQL keeps a view's columns as they were when it was made; PostgreSQL says: cannot drop view osc\.events_log because other objects depend on it \(view reports\.by_kind depends on view osc\.events_log\)/);
    assert.deepEqual(await columns('osc', 'events_log'), ['id INTEGER', 'kind TEXT', 'amount INTEGER', 'note TEXT'], 'nothing changed');
    await w.execute('DROP VIEW reports.by_kind');
    const synced = run('--env', 'pr-1');
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stderr, /OK +events_log \(incremental, 1 row, columns dropped: kind; retyped: amount INTEGER to BIGINT\) in/);
    for (const schema of ['osc', 'osc__pr-1']) assert.deepEqual(await columns(schema, 'events_log'), ['id INTEGER', 'amount BIGINT', 'note TEXT'], schema);
    assert.deepEqual((await w.query('select * from osc.events_log where id >= 3 order by id')).rows, [{ id: 3, amount: 30, note: 'hello' }, { id: 4, amount: 40, note: 'bye' }]);
    // A full refresh makes the table what the SQL gives now, a narrowed type too (its rows are replaced).
    await w.execute('ALTER TABLE osc_raw.events ALTER COLUMN amount TYPE int');
    const full = run('--full-refresh');
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stderr, /OK +events_log \(incremental, rebuilt in place, 4 rows, columns retyped: amount BIGINT to INTEGER\) in/);
    for (const schema of ['osc', 'osc__pr-1']) assert.deepEqual(await columns(schema, 'events_log'), ['id INTEGER', 'amount INTEGER', 'note TEXT'], schema);
    assert.match(amp(dir, 'drift', '--env', 'prod').stdout, /\nno drift \(0 missing, 0 stale, 0 unexpected, 0 orphaned\)\n$/, 'the views made again are amp-dbt\'s, at the same version');
  } finally {
    await w.close();
  }
});

test("on PostgreSQL the models materialized as views over the table (through views too) are made again with its columns, in place when columns are only added; a table over it is rebuilt with them; a view of someone else's stops a drop, everything left as it was", async () => {
  const dir = initRepo();
  const project = files(postgres.database);
  const profiles = project['profiles.yml'].replace(/osc/g, 'osv');
  commit(dir, 'osv', {
    ...project, 'profiles.yml': profiles, 'dbt_project.yml': 'name: osv\n',
    'models/sources.yml': project['models/sources.yml'].replace('osc_raw', 'osv_raw'),
    'models/events_view.sql': "select * from {{ ref('events_log') }}",
    'models/events_flagged.sql': "select *, true as flagged from {{ ref('events_view') }}",
    'models/events_copy.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('events_flagged') }}",
  });
  const w = await openWarehouse(postgresTarget(postgres.database), { baseDir: '/' });
  const columns = async (schema: string, name: string) => (await w.columns(schema, name))?.map((c) => c.name);
  const physical = async (model: string) => (await w.listRelations('osv_physical')).map((r) => r.name).find((n) => n.startsWith(`${model}__`))!;
  try {
    await w.execute("CREATE SCHEMA osv_raw; CREATE TABLE osv_raw.events (id int, kind text, amount int); INSERT INTO osv_raw.events VALUES (1, 'a', 10)");
    assert.equal(amp(dir, 'run').code, 0);
    assert.equal(amp(dir, 'run', '--env', 'pr-1').code, 0);
    await w.execute('CREATE SCHEMA osv_reports; CREATE VIEW osv_reports.flagged AS SELECT id, flagged FROM osv.events_flagged');
    // Added: events_view is replaced in place; events_flagged's SQL puts the new column before `flagged`, so it is dropped and made again.
    await w.execute("ALTER TABLE osv_raw.events ADD COLUMN note text; INSERT INTO osv_raw.events VALUES (2, 'b', 20, 'hi')");
    const grown = amp(dir, 'run');
    assert.equal(grown.code, 1, 'a view of someone else\'s over a view version that must be made again stops the run');
    assert.match(grown.stderr, /'events_log' \(on_schema_change\): its table osv_physical\.events_log__\w+ was left as it was: .*PostgreSQL says: cannot drop view osv\.events_flagged because other objects depend on it \(view osv_reports\.flagged depends on view osv\.events_flagged\)/);
    assert.deepEqual(await columns('osv_physical', await physical('events_log')), ['id', 'kind', 'amount'], 'the table was left as it was');
    assert.deepEqual(await columns('osv', 'events_view'), ['id', 'kind', 'amount']);
    await w.execute('DROP VIEW osv_reports.flagged; CREATE VIEW osv_reports.by_view AS SELECT id FROM osv.events_view');
    const added = amp(dir, 'run');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /OK +events_log \(incremental, 1 row, columns added: note TEXT\)/);
    assert.match(added.stderr, /OK +events_copy \(table, rebuilt in place, 2 rows, columns added: note TEXT\)/);
    for (const schema of ['osv', 'osv__pr-1']) {
      assert.deepEqual(await columns(schema, 'events_view'), ['id', 'kind', 'amount', 'note'], schema);
      assert.deepEqual(await columns(schema, 'events_flagged'), ['id', 'kind', 'amount', 'note', 'flagged'], schema);
      assert.deepEqual(await columns(schema, 'events_copy'), ['id', 'kind', 'amount', 'flagged', 'note'], schema);
    }
    assert.deepEqual((await w.query('select id, note from "osv__pr-1".events_copy order by id')).rows, [{ id: 1, note: null }, { id: 2, note: 'hi' }]);
    assert.deepEqual((await w.query('select id from osv_reports.by_view order by id')).rows, [{ id: 1 }, { id: 2 }], 'a view of yours over a view replaced in place stays');
    // Dropped: every view over the table goes first and comes back; the table over them loses the column too.
    await w.execute('DROP VIEW osv_reports.by_view');
    await w.execute("ALTER TABLE osv_raw.events DROP COLUMN kind; INSERT INTO osv_raw.events VALUES (3, 30, 'bye')");
    const synced = amp(dir, 'run');
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stderr, /OK +events_log \(incremental, 1 row, columns dropped: kind\)/);
    assert.match(synced.stderr, /OK +events_copy \(table, rebuilt in place, 3 rows, columns dropped: kind\)/);
    for (const schema of ['osv', 'osv__pr-1']) {
      assert.deepEqual(await columns(schema, 'events_view'), ['id', 'amount', 'note'], schema);
      assert.deepEqual(await columns(schema, 'events_flagged'), ['id', 'amount', 'note', 'flagged'], schema);
      assert.deepEqual(await columns(schema, 'events_copy'), ['id', 'amount', 'flagged', 'note'], schema);
    }
    assert.deepEqual((await w.query('select * from osv.events_flagged order by id')).rows, [
      { id: 1, amount: 10, note: null, flagged: true }, { id: 2, amount: 20, note: 'hi', flagged: true }, { id: 3, amount: 30, note: 'bye', flagged: true },
    ]);
    // A view of someone else's reading a view version stops a retype; nothing is altered.
    await w.execute(`CREATE VIEW osv_reports.raw_view AS SELECT v.id, v.amount FROM osv_physical.${await physical('events_view')} AS v WHERE v.amount > 0`);
    await w.execute('ALTER TABLE osv_raw.events ALTER COLUMN amount TYPE bigint; INSERT INTO osv_raw.events VALUES (4, 40, null)');
    const stopped = amp(dir, 'run');
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /'events_log' \(on_schema_change\): its table osv_physical\.events_log__\w+ was left as it was: .*PostgreSQL says: cannot drop view osv_physical\.events_view__\w+ because other objects depend on it \(view osv_reports\.raw_view depends on view osv_physical\.events_view__\w+/);
    assert.deepEqual((await w.columns('osv', 'events_view'))?.map((c) => `${c.name} ${c.type}`), ['id INTEGER', 'amount INTEGER', 'note TEXT'], 'nothing changed');
    assert.deepEqual((await w.query('select count(*)::int as n from osv.events_log')).rows, [{ n: 3 }]);
    await w.execute('DROP VIEW osv_reports.raw_view');
    const retyped = amp(dir, 'run', '--env', 'pr-1');
    assert.equal(retyped.code, 0, retyped.stderr);
    assert.match(retyped.stderr, /OK +events_copy \(table, rebuilt in place, 4 rows, columns retyped: amount INTEGER to BIGINT\)/);
    for (const schema of ['osv', 'osv__pr-1']) assert.deepEqual((await w.columns(schema, 'events_flagged'))?.map((c) => `${c.name} ${c.type}`), ['id INTEGER', 'amount BIGINT', 'note TEXT', 'flagged BOOLEAN'], schema);
    assert.match(amp(dir, 'drift', '--env', 'prod').stdout, /\nno drift \(0 missing, 0 stale, 0 unexpected, 0 orphaned\)\n$/, 'the views made again are amp-dbt\'s, at the same versions');
  } finally {
    await w.close();
  }
});

test("on_schema_change='fail' on PostgreSQL: a source's column whose type changed stops the run, naming it and both types", async () => {
  const dir = initRepo();
  const project = files(postgres.database);
  commit(dir, 'osf', {
    ...project, 'profiles.yml': project['profiles.yml'].replace(/osc/g, 'osf'), 'dbt_project.yml': 'name: osf\n',
    'models/sources.yml': project['models/sources.yml'].replace('osc_raw', 'osf_raw'),
    'models/events_log.sql': project['models/events_log.sql'].replace("on_schema_change='sync_all_columns'", "on_schema_change='fail'"),
  });
  const w = await openWarehouse(postgresTarget(postgres.database), { baseDir: '/' });
  const run = (...args: string[]) => runCli(['run', ...args], { cwd: dir, env });
  try {
    await w.execute("CREATE SCHEMA osf_raw; CREATE TABLE osf_raw.events (id int, kind varchar(10), amount int); INSERT INTO osf_raw.events VALUES (1, 'a', 10), (2, 'b', 20)");
    assert.equal(run().code, 0);
    await w.execute("ALTER TABLE osf_raw.events ALTER COLUMN kind TYPE varchar(20); INSERT INTO osf_raw.events VALUES (3, 'c', 30)");
    const failed = run();
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /'events_log' \(on_schema_change='fail'\): the rows this run would add have column kind of type CHARACTER VARYING\(20\), but CHARACTER VARYING\(10\) in its table; the table is osf_physical\.events_log__\w+/);
    assert.deepEqual((await w.query('select count(*)::int as n from osf.events_log')).rows, [{ n: 2 }], 'nothing was inserted');
    await w.execute('ALTER TABLE osf_raw.events ALTER COLUMN kind TYPE varchar(10)');
    const same = run();
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual((await w.query('select count(*)::int as n from osf.events_log')).rows, [{ n: 3 }]);
  } finally {
    await w.close();
  }
});
