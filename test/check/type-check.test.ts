import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseBinderError } from '../../core/check/binder-error.js';
import { checkModels } from '../../core/check/check-models.js';
import { Diagnostics } from '../../core/errors.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { compileFiles, fixture, runCli, tempDir, writeTree } from '../helpers.js';

const sources = `version: 2
sources:
  - name: raw
    tables:
      - name: orders
        columns:
          - name: id
            data_type: UInt64
          - name: amount
            data_type: Decimal128(38, 2)
          - name: placed_at
            data_type: Timestamp(Nanosecond, +00:00)
      - name: events
`;

/** A staging model renames `amount`; the marts still read the old name. */
const project = {
  'dbt_project.yml': 'name: shop\n',
  'models/staging/_sources.yml': sources,
  'models/staging/stg_orders.sql': `-- amount is now order_total
select
    id as order_id,
    amount as order_total,
    placed_at
from {{ source('raw', 'orders') }}
`,
  'models/marts/order_totals.sql': `select
    order_id,
    sum(amount) as total
from {{ ref('stg_orders') }}
group by order_id
`,
  'models/marts/per_day.sql': `-- @import: o = models.staging.stg_orders
select cast(placed_at as date) as day, count(*) as n
from :o
where amount > 0
group by 1
`,
  'models/marts/report.sql': "select * from {{ ref('order_totals') }}\n",
  'models/marts/latest.sql': `{{ config(materialized='incremental') }}
select order_id, placed_at from {{ ref('stg_orders') }}
{% if is_incremental() %}
where placed_at > (select max(placed_on) from {{ this }})
{% endif %}
`,
  'models/staging/stg_events.sql': "select * from {{ source('raw', 'events') }}\n",
  'models/marts/event_count.sql': "select count(*) as n from {{ ref('stg_events') }}\n",
  'models/staging/stg_ok.sql': "select order_id, order_total from {{ ref('stg_orders') }}\n",
};

test('parseBinderError takes DuckDB messages apart', () => {
  const column = parseBinderError('Binder Error: Referenced column "hash" not found in FROM clause!\nCandidate bindings: "block_hash"\n\nLINE 4:   hash\n          ^');
  assert.deepEqual(column, { summary: 'Referenced column "hash" not found in FROM clause', kind: 'column', identifier: 'hash', line: 4, column: 3, candidates: ['block_hash'] });
  assert.equal(parseBinderError('Binder Error: Table "s" does not have a column named "x"\n\nLINE 1: select s.x').identifier, 'x');
  const table = parseBinderError('Catalog Error: Table with name nope does not exist!\nDid you mean "x"?\n\nLINE 1: select * from main.nope\n                      ^');
  assert.deepEqual([table.kind, table.identifier, table.line], ['table', 'nope', 1]);
  assert.deepEqual(parseBinderError('something else'), { summary: 'something else', kind: 'other', identifier: undefined, candidates: [] });
  assert.equal(parseBinderError('Parser Error: syntax error at end of input\n\nLINE 4: where\n              ^').kind, 'syntax', 'a statement cut short is a syntax error too');
});

test('checkModels reports every model that does not bind, at its file and line', async () => {
  const { result, errors } = compileFiles(project);
  assert.deepEqual(errors, []);
  const warehouse = await openWarehouse({ name: 'check', type: 'duckdb', schema: 'main', path: ':memory:' }, { baseDir: tempDir() });
  const diagnostics = new Diagnostics();
  try {
    const outcome = await checkModels(result!, result!.models.map((m) => m.name), warehouse, diagnostics);
    assert.deepEqual(outcome.passed, ['stg_orders', 'stg_ok']);
    assert.deepEqual(outcome.failed.sort(), ['latest', 'order_totals', 'per_day']);
    assert.deepEqual(outcome.skipped, [{ model: 'stg_events', reason: "source 'raw.events' declares no columns" }]);
    assert.deepEqual(outcome.notChecked.sort((a, b) => a.model.localeCompare(b.model)), [
      { model: 'event_count', because: "'stg_events' was skipped" },
      { model: 'report', because: "'order_totals' failed the check" },
    ]);
  } finally {
    await warehouse.close();
  }
  const found = diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
  assert.deepEqual(found, [
    'models/marts/latest.sql:4:31 unknown-column',
    'models/marts/order_totals.sql:3:9 unknown-column',
    'models/marts/per_day.sql:4:7 unknown-column',
  ]);
  const totals = diagnostics.sorted()[1];
  assert.match(totals.message, /'order_totals' does not bind: Referenced column "amount" not found/);
  assert.match(totals.hint!, /did you mean .*'order_total'/);
  assert.match(diagnostics.sorted()[0].message, /\(incremental SQL\)/);
});

test('compile --check: exit 1, errors at the mart, warnings for what was not checked; --json has the outcome', () => {
  const dir = writeTree(tempDir(), project);
  const text = runCli(['compile', '--check', '--project-dir', dir]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stderr, /^models\/marts\/order_totals\.sql:3:9: error\[unknown-column\] 'order_totals' does not bind: Referenced column "amount" not found in FROM clause$/m);
  assert.match(text.stderr, /warning: type check skipped 'stg_events': source 'raw\.events' declares no columns/);
  assert.match(text.stderr, /warning: type check did not check 'report': 'order_totals' failed the check/);
  assert.match(text.stderr, /type check: 2 models bind, 3 fail, 1 skipped, 2 not checked/);

  const json = runCli(['compile', '--check', '--json', '--project-dir', dir, '--select', 'stg_ok']);
  assert.equal(json.code, 0, json.stderr);
  const body = JSON.parse(json.stdout);
  assert.deepEqual([body.check.passed, body.check.failed, body.errors], [['stg_orders', 'stg_ok'], [], []]);
});

test('compile --check leaves the models of a cycle unchecked: the cycle is the one error', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: loop\n',
    'models/a.sql': "select * from {{ ref('b') }}",
    'models/b.sql': "select * from {{ ref('c') }}",
    'models/c.sql': "select * from {{ ref('a') }}",
    'models/d.sql': "select * from {{ ref('c') }}",
  });
  const json = runCli(['compile', '--check', '--json', '--project-dir', dir]);
  const body = JSON.parse(json.stdout);
  assert.deepEqual(body.errors.map((e: { code: string }) => e.code), ['cycle']);
  assert.deepEqual(body.check.notChecked.map((n: { model: string }) => n.model).sort(), ['a', 'b', 'c', 'd']);
});

test('compile --check knows the seeds, with the types seed loads them with: by ref() and by their relation', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: shop\n',
    'seeds/countries.csv': 'code,name,population\nde,Germany,83000000\n',
    'seeds/_seeds.yml': 'seeds:\n  - name: countries\n    config:\n      column_types: {population: double}\n',
    'models/big.sql': "select code, population / 1e6 as millions from {{ ref('countries') }} where population > 1",
    'models/named.sql': 'select upper(name) as name from main.countries',
    'models/wrong.sql': "select\n  capital\nfrom {{ ref('countries') }}",
  });
  const text = runCli(['compile', '--check', '--project-dir', dir]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stderr, /^models\/wrong\.sql:2:3: error\[unknown-column\] 'wrong' does not bind: Referenced column "capital" not found in FROM clause$/m);
  assert.match(text.stderr, /type check: 2 models bind, 1 fails/);
});

test('compile --check: a described column the model does not produce is an error when it has tests, else a warning; a data_type of another kind is a warning', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: shop\n',
    'models/orders.sql': 'select 1 as id, 2 as Amount',
    'models/_models.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_type: UInt64\n      - name: amount\n        data_type: varchar\n      - name: total\n        tests: [not_null]\n      - name: note\n',
  });
  const text = runCli(['compile', '--check', '--project-dir', dir]);
  assert.equal(text.code, 1);
  assert.match(text.stderr, /^models\/_models\.yml:8:9: error\[missing-column\] column 'total' of 'orders' has tests here, but the model does not produce it$/m);
  assert.match(text.stderr, /^type check: 1 model binds, 1 tested column missing$/m, 'the summary does not read as all well');
  // Warnings say where as errors do: file:line:column (of the column's name in the property file).
  assert.match(text.stderr, /^warning: models\/_models\.yml:10:9: column 'note' of 'orders' is described here, but the model does not produce it$/m);
  assert.match(text.stderr, /^warning: models\/_models\.yml:6:9: column 'amount' of 'orders' is declared varchar here, but the model produces INTEGER$/m);
  const json = JSON.parse(runCli(['compile', '--check', '--json', '--project-dir', dir]).stdout);
  const at = (line: number) => ({ file: 'models/_models.yml', line, location: { file: 'models/_models.yml', line, column: 9 } });
  assert.deepEqual(json.check.missingColumns, [
    { model: 'orders', column: 'total', ...at(8), tested: true },
    { model: 'orders', column: 'note', ...at(10), tested: false },
  ]);
  assert.deepEqual(json.check.typeMismatches, [
    { model: 'orders', column: 'amount', ...at(6), declared: 'varchar', produced: 'INTEGER' },
  ], 'UInt64 and INTEGER are both integers');
  assert.deepEqual(json.check.warnings, [
    "models/_models.yml:10:9: column 'note' of 'orders' is described here, but the model does not produce it",
    "models/_models.yml:6:9: column 'amount' of 'orders' is declared varchar here, but the model produces INTEGER",
  ]);
});

test("dbt's cross-database macros bind on DuckDB", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: ns\n',
    'models/m.sql': `select {{ dbt.current_timestamp() }} as t, cast(1 as {{ dbt.type_string() }}) as s, {{ dbt.safe_cast("'12'", dbt.type_int()) }} as i,
  {{ dbt.concat(["'a'", "'b'"]) }} as ab, {{ dbt.hash("'x'") }} as h, {{ dbt.date_trunc('month', "date '2024-03-15'") }} as m,
  {{ dbt.dateadd('day', 7, "date '2024-03-15'") }} as w, {{ dbt.datediff("date '2024-01-01'", "date '2024-03-15'", 'day') }} as d,
  {{ dbt.split_part("'a,b'", "','", 2) }} as p, {{ dbt.cast("'2'", dbt.type_bigint()) }} as b, {{ dbt.string_literal(dbt.escape_single_quotes("it's")) }} as l`,
    'models/agg.sql': "select {{ dbt.any_value('s') }} as a, {{ dbt.bool_or('true') }} as b, {{ dbt.listagg('s', \"'|'\", 'order by s') }} as l from {{ ref('m') }}",
  });
  const text = runCli(['compile', '--check', '--project-dir', dir]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /type check: 2 models bind/);
});

test('compile --check: an unknown data_type is an error at its column in the yml', () => {
  const dir = writeTree(tempDir(), {
    ...project,
    'models/staging/_sources.yml': sources.replace('Decimal128(38, 2)', 'Frobnicate'),
  });
  const { code, stderr } = runCli(['compile', '--check', '--project-dir', dir, '--select', 'stg_orders']);
  assert.equal(code, 1);
  assert.match(stderr, /^models\/staging\/_sources\.yml:9:13: error\[unknown-data-type\] column 'amount' of source 'raw\.orders' has data_type 'Frobnicate'/m);
  assert.match(stderr, /type check skipped 'stg_orders': source 'raw\.orders' has a column of unknown type/);
});

test('compile --check passes on the erc20_transfers fixture (Amp datasets declared as sources, EVM functions)', () => {
  const dir = tempDir();
  cpSync(fixture('erc20_transfers'), dir, { recursive: true });
  rmSync(join(dir, '.amp-dbt'), { recursive: true, force: true });
  const { code, stderr } = runCli(['compile', '--check', '--project-dir', dir]);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /type check: 7 models bind\n/);
});

test('checkModels: an ephemeral model is checked in its own file; a model reading it through a CTE in its own', async () => {
  const { result, errors } = compileFiles({
    ...project,
    'models/staging/eph_orders.sql': "{{ config(materialized='ephemeral') }}\nselect order_id, order_total from {{ ref('stg_orders') }}\n",
    'models/marts/uses_eph.sql': "select\n  order_id,\n  amount\nfrom {{ ref('eph_orders') }}\n",
    'models/staging/eph_bad.sql': "{{ config(materialized='ephemeral') }}\nselect order_id, bogus from {{ ref('stg_orders') }}\n",
    'models/marts/uses_eph_bad.sql': "select * from {{ ref('eph_bad') }}\n",
  });
  assert.deepEqual(errors, []);
  const warehouse = await openWarehouse({ name: 'check', type: 'duckdb', schema: 'main', path: ':memory:' }, { baseDir: tempDir() });
  const diagnostics = new Diagnostics();
  try {
    const outcome = await checkModels(result!, ['uses_eph', 'uses_eph_bad'], warehouse, diagnostics);
    assert.deepEqual([outcome.passed, outcome.failed.sort()], [['stg_orders', 'eph_orders'], ['eph_bad', 'uses_eph']]);
    assert.deepEqual(outcome.notChecked, [{ model: 'uses_eph_bad', because: "'eph_bad' failed the check" }]);
  } finally {
    await warehouse.close();
  }
  assert.deepEqual(diagnostics.sorted().map((d) => `${d.file}:${d.line}:${d.column}`), ['models/marts/uses_eph.sql:3:3', 'models/staging/eph_bad.sql:2:18']);
});
