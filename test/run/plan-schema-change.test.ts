import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLosslessTypeChange } from '../../core/run/lossless-type-change.js';
import { planSchemaChange, type SchemaChangeInput } from '../../core/run/plan-schema-change.js';

const table = [{ name: 'id', type: 'INTEGER' }, { name: 'kind', type: 'VARCHAR' }, { name: 'amount', type: 'INTEGER' }];
const input = (setting: SchemaChangeInput['setting'], rowColumns: SchemaChangeInput['rowColumns'], keys: string[] = ['id']): SchemaChangeInput => ({
  model: 'events_log', setting, table: 'amp_dbt_physical.events_log__abc', tableColumns: table, rowColumns, keys,
});
const rows = [{ name: 'ID', type: 'INTEGER' }, { name: 'amount', type: 'BIGINT' }, { name: 'note', type: 'VARCHAR' }];

test('on_schema_change: ignore fills the table\'s columns; append adds the rows\' new columns and fills the missing ones with NULL', () => {
  assert.deepEqual(planSchemaChange(input('ignore', rows)), { add: [], drop: [], retype: [], insert: ['id', 'kind', 'amount'] });
  assert.deepEqual(planSchemaChange(input('append_new_columns', rows)), {
    add: [{ name: 'note', type: 'VARCHAR' }], drop: [], retype: [], insert: ['id', 'amount', 'note'],
  }, 'names match whatever their case; a type change is not synced by append');
  assert.deepEqual(planSchemaChange(input('append_new_columns', table)).insert, ['id', 'kind', 'amount']);
});

test('on_schema_change: sync drops the columns the rows lack and alters types where no value is lost', () => {
  assert.deepEqual(planSchemaChange(input('sync_all_columns', rows)), {
    add: [{ name: 'note', type: 'VARCHAR' }], drop: ['kind'], retype: [{ name: 'amount', from: 'INTEGER', to: 'BIGINT' }], insert: ['id', 'amount', 'note'],
  });
  assert.throws(() => planSchemaChange(input('sync_all_columns', [{ name: 'id', type: 'INTEGER' }, { name: 'kind', type: 'VARCHAR' }, { name: 'amount', type: 'SMALLINT' }])),
    /^RunError: 'events_log' \(on_schema_change='sync_all_columns'\): column amount of the rows this run would add is SMALLINT, but INTEGER in its table amp_dbt_physical\.events_log__abc; amp-dbt alters a column's type only where every value converts without loss/);
  assert.throws(() => planSchemaChange(input('sync_all_columns', [{ name: 'amount', type: 'INTEGER' }])), /lack the unique_key column id of its table amp_dbt_physical\.events_log__abc/);
  assert.throws(() => planSchemaChange(input('append_new_columns', [{ name: 'amount', type: 'INTEGER' }])), /lack the unique_key column id/);
  assert.throws(() => planSchemaChange(input('fail', rows)), /'events_log' \(on_schema_change='fail'\): the rows this run would add have columns its table lacks \(note\) and lack columns of its table \(kind\)/);
});

test("on_schema_change: fail compares types too, as dbt's does, naming the column and both types", () => {
  const retyped = [{ name: 'id', type: 'INTEGER' }, { name: 'kind', type: 'VARCHAR' }, { name: 'amount', type: 'BIGINT' }];
  assert.throws(() => planSchemaChange(input('fail', retyped)), (error: Error & { hint?: string }) => {
    assert.equal(error.message, "'events_log' (on_schema_change='fail'): the rows this run would add have column amount of type BIGINT, but INTEGER in its table; the table is amp_dbt_physical.events_log__abc");
    assert.match(error.hint ?? '', /^make the is_incremental\(\) SQL give the same columns as the full SQL \(casting amount to INTEGER\), or change the model/);
    return true;
  });
  assert.throws(() => planSchemaChange(input('fail', rows)), /have columns its table lacks \(note\) and lack columns of its table \(kind\) and have column amount of type BIGINT, but INTEGER in its table;/);
  const two = [{ name: 'id', type: 'BIGINT' }, { name: 'kind', type: 'VARCHAR' }, { name: 'amount', type: 'DOUBLE' }];
  assert.throws(() => planSchemaChange(input('fail', two)), /have columns of other types than its table's \(id BIGINT, but INTEGER in its table; amount DOUBLE, but INTEGER in its table\); the table/);
  assert.deepEqual(planSchemaChange(input('fail', [{ name: 'ID', type: 'integer' }, { name: 'kind', type: 'varchar' }, { name: 'amount', type: 'Integer' }])).insert, ['id', 'kind', 'amount'], 'types compare whatever their spelling\'s case');
});

test('lossless type changes: wider integers, decimals and strings, REAL to DOUBLE, DATE to TIMESTAMP, anything but CHARACTER(n) to text', () => {
  const yes: Array<[string, string]> = [
    ['INTEGER', 'BIGINT'], ['SMALLINT', 'INTEGER'], ['INTEGER', 'NUMERIC'], ['INTEGER', 'DECIMAL(12,2)'], ['DECIMAL(5,2)', 'DECIMAL(8,3)'],
    ['NUMERIC(5,2)', 'NUMERIC'], ['CHARACTER VARYING(3)', 'CHARACTER VARYING(10)'], ['CHARACTER VARYING(3)', 'TEXT'], ['TIMESTAMP WITH TIME ZONE', 'VARCHAR'],
    ['REAL', 'DOUBLE PRECISION'], ['FLOAT', 'DOUBLE'], ['DATE', 'TIMESTAMP'], ['STRUCT(a INTEGER)', 'STRUCT("a" INTEGER)'],
  ];
  const no: Array<[string, string]> = [
    ['BIGINT', 'INTEGER'], ['INTEGER', 'DECIMAL(9,2)'], ['DECIMAL(8,3)', 'DECIMAL(8,2)'], ['NUMERIC', 'NUMERIC(10,2)'], ['VARCHAR', 'INTEGER'],
    ['CHARACTER VARYING(10)', 'CHARACTER VARYING(3)'], ['CHARACTER(3)', 'TEXT'], ['DOUBLE', 'REAL'], ['BIGINT', 'DOUBLE'], ['TIMESTAMP', 'DATE'], ['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE'],
  ];
  for (const [from, to] of yes) assert.equal(isLosslessTypeChange(from, to), true, `${from} to ${to}`);
  for (const [from, to] of no) assert.equal(isLosslessTypeChange(from, to), false, `${from} to ${to}`);
});
