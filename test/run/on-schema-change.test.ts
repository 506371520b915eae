import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commit } from '../git/git-test-repo.js';
import { amp, rows, runJson, shopRepo, withWarehouse } from './run-project.js';

const model = (setting: string) => [
  `{{ config(materialized='incremental', unique_key='id', on_schema_change='${setting}') }}`,
  "select * from {{ source('raw', 'events') }}",
  '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
].join('\n');

const sources = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n      - name: events\n';
const outcome = (body: Record<string, any>, name: string) => body.models.find((m: { model: string }) => m.model === name) as Record<string, any>;
const columns = (dir: string, relation: string) => rows(dir, `select column_name || ' ' || data_type as c from information_schema.columns where table_schema || '.' || table_name = '${relation}' order by ordinal_position`).then((r) => r.map((x) => x.c));

async function eventsRepo(setting: string): Promise<string> {
  const { dir } = await shopRepo();
  await withWarehouse(dir, (w) => w.execute("CREATE TABLE raw.events AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) AS t(id, kind, amount)"));
  commit(dir, 'events', { 'models/sources.yml': sources, 'models/events_log.sql': model(setting), 'models/event_ids.sql': "select id from {{ ref('events_log') }}" });
  assert.equal(runJson(dir).code, 0);
  assert.equal(runJson(dir, '--env', 'pr-1').code, 0);
  return dir;
}

test("on_schema_change='append_new_columns': a source's new column is added to the incremental table of an unchanged `select *` model (old rows NULL), one it lost is NULL in new rows", async () => {
  const dir = await eventsRepo('append_new_columns');
  const [physical] = (await rows(dir, "select table_name as t from information_schema.tables where table_schema = 'amp_dbt_physical' and table_name like 'events_log__%'")).map((r) => r.t);
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events ADD COLUMN note VARCHAR; INSERT INTO raw.events VALUES (3, 'c', 30, 'hello')"));
  const grown = runJson(dir);
  assert.equal(grown.code, 0, grown.stderr);
  assert.deepEqual([outcome(grown.body, 'events_log').action, outcome(grown.body, 'events_log').rows], ['incremental', 1], 'the model\'s version is the same: its table takes in the rows');
  assert.deepEqual(outcome(grown.body, 'events_log').altered, { added: ['note VARCHAR'], dropped: [], retyped: [] });
  assert.deepEqual(await columns(dir, `amp_dbt_physical.${String(physical)}`), ['id INTEGER', 'kind VARCHAR', 'amount INTEGER', 'note VARCHAR']);
  assert.deepEqual(await rows(dir, 'select id, note from main.events_log order by id'), [{ id: 1, note: null }, { id: 2, note: null }, { id: 3, note: 'hello' }]);
  assert.deepEqual(await rows(dir, 'select note from "main__pr-1".events_log where id = 3'), [{ note: 'hello' }], 'every environment showing the version shows the column');
  assert.deepEqual(await rows(dir, 'select * from main.event_ids order by id'), [{ id: 1 }, { id: 2 }, { id: 3 }], 'a model\'s view over the table is left as it was made');
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events DROP COLUMN kind; INSERT INTO raw.events VALUES (4, 40, 'bye')"));
  const shrunk = amp(dir, 'run');
  assert.equal(shrunk.code, 0, shrunk.stderr);
  assert.match(shrunk.stderr, /OK +events_log \(incremental, 1 row\) in/, 'nothing altered, nothing said');
  assert.deepEqual(await columns(dir, 'main.events_log'), ['id INTEGER', 'kind VARCHAR', 'amount INTEGER', 'note VARCHAR'], 'append drops nothing');
  assert.deepEqual(await rows(dir, 'select id, kind, amount, note from main.events_log where id >= 3 order by id'), [{ id: 3, kind: 'c', amount: 30, note: 'hello' }, { id: 4, kind: null, amount: 40, note: 'bye' }]);
  // A full refresh makes the table what the SQL gives now (dbt creates it again); its name stays, views keep reading it.
  const full = runJson(dir, '--full-refresh', '--select', 'events_log');
  assert.equal(full.code, 0, full.stderr);
  assert.deepEqual([outcome(full.body, 'events_log').action, outcome(full.body, 'events_log').rows, outcome(full.body, 'events_log').altered], ['rebuild', 4, { added: [], dropped: ['kind'], retyped: [] }]);
  assert.deepEqual(await columns(dir, `amp_dbt_physical.${String(physical)}`), ['id INTEGER', 'amount INTEGER', 'note VARCHAR']);
  assert.deepEqual(await columns(dir, 'main__pr-1.events_log'), ['id INTEGER', 'amount INTEGER', 'note VARCHAR']);
});

test("on_schema_change='sync_all_columns': added, dropped and widened columns of a source are synced to the table; a lossy type change stops the run, the table left as it was", async () => {
  const dir = await eventsRepo('sync_all_columns');
  await withWarehouse(dir, (w) => w.execute(`ALTER TABLE raw.events DROP COLUMN kind; ALTER TABLE raw.events ALTER COLUMN amount TYPE BIGINT;
    ALTER TABLE raw.events ADD COLUMN note VARCHAR; INSERT INTO raw.events VALUES (3, 30, 'hello')`));
  const synced = runJson(dir, '--env', 'pr-1');
  assert.equal(synced.code, 0, synced.stderr);
  assert.deepEqual([outcome(synced.body, 'events_log').action, outcome(synced.body, 'events_log').rows], ['incremental', 1]);
  const altered = { added: ['note VARCHAR'], dropped: ['kind'], retyped: ['amount INTEGER to BIGINT'] };
  assert.deepEqual(outcome(synced.body, 'events_log').altered, altered);
  const recorded = JSON.parse(amp(dir, 'state', 'run', String(synced.body.runId), '--json').stdout) as { models: { model: string; details: unknown }[] };
  assert.deepEqual(recorded.models.find((m) => m.model === 'events_log')?.details, { altered }, 'the run\'s record keeps what was altered');
  assert.match(amp(dir, 'state', 'run', String(synced.body.runId)).stdout, /^ +success +events_log 1 row [\d.]+s, columns added: note VARCHAR; dropped: kind; retyped: amount INTEGER to BIGINT$/m);
  assert.deepEqual(await columns(dir, 'main.events_log'), ['id INTEGER', 'amount BIGINT', 'note VARCHAR'], 'prod\'s view shows the table as it is now (DuckDB views read the columns at each query)');
  assert.deepEqual(await rows(dir, 'select * from "main__pr-1".events_log order by id'), [{ id: 1, amount: 10, note: null }, { id: 2, amount: 20, note: null }, { id: 3, amount: 30, note: 'hello' }]);
  await withWarehouse(dir, (w) => w.execute('ALTER TABLE raw.events ALTER COLUMN amount TYPE SMALLINT; INSERT INTO raw.events VALUES (4, 40, null)'));
  const refused = amp(dir, 'run');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /'events_log' \(on_schema_change='sync_all_columns'\): column amount of the rows this run would add is SMALLINT, but BIGINT in its table amp_dbt_physical\.events_log__\w+; amp-dbt alters a column's type only where every value converts without loss/);
  assert.match(refused.stderr, /^ +hint: cast amount to BIGINT in the model's SQL, or change the model so a new version is built in full with the new type$/m);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.events_log'), [{ n: 3 }], 'nothing was inserted');
  assert.deepEqual(await columns(dir, 'main.events_log'), ['id INTEGER', 'amount BIGINT', 'note VARCHAR']);
  const full = amp(dir, 'run', '--full-refresh');
  assert.equal(full.code, 0, full.stderr);
  assert.match(full.stderr, /OK +events_log \(incremental, rebuilt in place, 4 rows, columns retyped: amount BIGINT to SMALLINT\) in/, 'a full refresh replaces the rows: any type change is made');
  assert.deepEqual(await columns(dir, 'main.events_log'), ['id INTEGER', 'amount SMALLINT', 'note VARCHAR']);
  assert.deepEqual(await rows(dir, 'select sum(amount)::int as total from main.events_log'), [{ total: 100 }]);
});

test("on_schema_change='fail': a source's column whose type changed stops the run, naming it and both types, rows left as they were", async () => {
  const dir = await eventsRepo('fail');
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events ALTER COLUMN amount TYPE BIGINT; INSERT INTO raw.events VALUES (3, 'c', 30)"));
  const failed = runJson(dir);
  assert.equal(failed.code, 1);
  assert.match(outcome(failed.body, 'events_log').error as string, /^'events_log' \(on_schema_change='fail'\): the rows this run would add have column amount of type BIGINT, but INTEGER in its table; the table is amp_dbt_physical\.events_log__\w+\nhint: make the is_incremental\(\) SQL give the same columns as the full SQL \(casting amount to INTEGER\)/);
  assert.deepEqual(await rows(dir, 'select count(*) as n from main.events_log'), [{ n: 2 }], 'nothing was inserted');
  await withWarehouse(dir, (w) => w.execute('ALTER TABLE raw.events ALTER COLUMN amount TYPE INTEGER'));
  const same = runJson(dir);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual([outcome(same.body, 'events_log').action, outcome(same.body, 'events_log').rows], ['incremental', 1], 'the same types: the rows go in');
});

test("on_schema_change='sync_all_columns' with incremental_strategy='merge': matched rows are updated, the table's dropped column gone", async () => {
  const { dir } = await shopRepo();
  await withWarehouse(dir, (w) => w.execute("CREATE TABLE raw.events AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) AS t(id, kind, amount)"));
  commit(dir, 'events', {
    'models/sources.yml': sources,
    'models/events_log.sql': "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', on_schema_change='sync_all_columns') }}\nselect * from {{ source('raw', 'events') }}",
  });
  assert.equal(runJson(dir).code, 0);
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events DROP COLUMN kind; ALTER TABLE raw.events ADD COLUMN note VARCHAR; UPDATE raw.events SET amount = 11, note = 'x' WHERE id = 1"));
  const run = runJson(dir);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await rows(dir, 'select * from main.events_log order by id'), [{ id: 1, amount: 11, note: 'x' }, { id: 2, amount: 20, note: null }]);
});

test('a model materialized as a view over a table on_schema_change alters is made again with its columns, and a table over it rebuilt in place takes them, as dbt\'s run would', async () => {
  const { dir } = await shopRepo();
  await withWarehouse(dir, (w) => w.execute("CREATE TABLE raw.events AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) AS t(id, kind, amount)"));
  commit(dir, 'events', {
    'models/sources.yml': sources, 'models/events_log.sql': model('sync_all_columns'),
    'models/events_view.sql': "select * from {{ ref('events_log') }}",
    'models/events_copy.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('events_view') }}",
  });
  assert.equal(runJson(dir).code, 0);
  assert.equal(runJson(dir, '--env', 'pr-1').code, 0);
  const [view] = (await rows(dir, "select table_name as t from information_schema.tables where table_schema = 'amp_dbt_physical' and table_name like 'events_view__%'")).map((r) => String(r.t));
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events ADD COLUMN note VARCHAR; INSERT INTO raw.events VALUES (3, 'c', 30, 'hello')"));
  const grown = runJson(dir);
  assert.equal(grown.code, 0, grown.stderr);
  assert.deepEqual(outcome(grown.body, 'events_copy').altered, { added: ['note VARCHAR'], dropped: [], retyped: [] }, 'rebuilt in place with the new column, not columns-changed');
  assert.equal(outcome(grown.body, 'events_copy').action, 'rebuild');
  for (const relation of [`amp_dbt_physical.${view}`, 'main.events_view', 'main__pr-1.events_view', 'main.events_copy', 'main__pr-1.events_copy']) {
    assert.deepEqual(await columns(dir, relation), ['id INTEGER', 'kind VARCHAR', 'amount INTEGER', 'note VARCHAR'], `${relation}: DuckDB's catalog shows the view made again`);
  }
  assert.deepEqual(await rows(dir, 'select id, note from "main__pr-1".events_copy order by id'), [{ id: 1, note: null }, { id: 2, note: null }, { id: 3, note: 'hello' }]);
  // Only the incremental model runs: the table keeps its columns until it is rebuilt, then takes the table's.
  await withWarehouse(dir, (w) => w.execute("ALTER TABLE raw.events DROP COLUMN kind; INSERT INTO raw.events VALUES (4, 40, 'bye')"));
  const shrunk = runJson(dir, '--select', 'events_log');
  assert.equal(shrunk.code, 0, shrunk.stderr);
  assert.deepEqual(outcome(shrunk.body, 'events_log').altered, { added: [], dropped: ['kind'], retyped: [] });
  assert.deepEqual(await columns(dir, 'main.events_view'), ['id INTEGER', 'amount INTEGER', 'note VARCHAR']);
  assert.deepEqual(await columns(dir, 'main.events_copy'), ['id INTEGER', 'kind VARCHAR', 'amount INTEGER', 'note VARCHAR'], 'not selected: left as it was');
  const refreshed = amp(dir, 'run', '--select', 'events_copy', '--full-refresh');
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.match(refreshed.stderr, /OK +events_copy \(table, rebuilt in place, 4 rows, columns dropped: kind\) in/);
  assert.deepEqual(await columns(dir, 'main__pr-1.events_copy'), ['id INTEGER', 'amount INTEGER', 'note VARCHAR']);
});
