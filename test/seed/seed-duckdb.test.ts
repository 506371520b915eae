import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { writeTree } from '../helpers.js';
import { blocksCsv, duckdbTarget, makeProject, seed } from './seed-project.js';

const target = duckdbTarget();
let root: string;
let adapter: WarehouseAdapter;

before(async () => {
  root = makeProject();
  adapter = await openWarehouse(target, { baseDir: root });
});
after(() => adapter.close());

const rows = async (sql: string) => (await adapter.query(sql)).rows;

test('a seed in a source folder fills that source table, with its declared types; others go to the target schema', async () => {
  const report = await seed(root, target, adapter);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.results.map((r) => [r.seed.path, r.relation, r.status, r.rows]), [
    ['seeds/countries.csv', '"main"."countries"', 'ok', 3],
    ['seeds/eth/blocks.csv', '"_/eth@1.0.0"."blocks"', 'ok', 3],
  ]);
  assert.equal(report.byName.blocks.seed.source, 'eth.blocks');
  assert.deepEqual(await adapter.columns('_/eth@1.0.0', 'blocks'), [
    { name: 'block_num', type: 'UBIGINT' },
    { name: 'hash', type: 'BLOB' },
    { name: 'timestamp', type: 'TIMESTAMP WITH TIME ZONE' },
    { name: 'base_fee', type: 'DECIMAL(38,0)' },
    { name: 'miner', type: 'BLOB' }, // undeclared, every value 0x-hex: binary
    { name: 'note', type: 'VARCHAR' },
  ]);
  assert.deepEqual(await rows('select * from "_/eth@1.0.0".blocks order by timestamp'), [
    { block_num: '18446744073709551615', hash: `0x${'1'.padStart(64, '0')}`, timestamp: '2024-01-15T10:00:00.000Z', base_fee: 28873000000, miner: '0x1b7d49cbb4656e3da9dd9f26623f250f54846e14', note: 'first' },
    { block_num: 2, hash: `0x${'2'.padStart(64, '0')}`, timestamp: '2024-01-15T10:00:12.000Z', base_fee: null, miner: '0xabcdef', note: 'with, comma' },
    { block_num: 3, hash: null, timestamp: '2024-01-15T10:00:24.500Z', base_fee: 7, miner: null, note: null },
  ]);
  assert.deepEqual(await adapter.columns('main', 'countries'), [
    { name: 'code', type: 'VARCHAR' }, { name: 'name', type: 'VARCHAR' }, { name: 'population', type: 'BIGINT' }, { name: 'member', type: 'BOOLEAN' },
  ]);
});

test('a file that does not parse leaves the old table intact and names file:line', async () => {
  await seed(root, target, adapter);
  writeTree(root, { 'seeds/eth/blocks.csv': `${blocksCsv}not-a-number,,2024-01-15T10:00:36Z,1,,\n` });
  const report = await seed(root, target, adapter, { select: ['blocks'] });
  const failed = report.byName.blocks;
  assert.equal(failed.status, 'error');
  assert.equal(failed.error?.code, 'seed-parse-error');
  assert.equal(failed.error?.file, 'seeds/eth/blocks.csv');
  assert.equal(failed.error?.line, 5);
  assert.match(failed.error!.message, /not-a-number/);
  assert.deepEqual(await rows('select count(*) as n from "_/eth@1.0.0".blocks'), [{ n: 3 }]);
  assert.deepEqual(await adapter.listRelations('_/eth@1.0.0'), [{ schema: '_/eth@1.0.0', name: 'blocks', kind: 'table' }]);
  writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv });
  // A quoted value over two lines before the bad record: the line is the file's, not DuckDB's record number.
  writeTree(root, { 'seeds/spanning.csv': 'id,note\n1,"two\nlines"\nabc,x\n', 'seeds/_spanning.yml': 'seeds:\n  - name: spanning\n    config:\n      column_types: {id: integer}\n' });
  const spanning = (await seed(root, target, adapter, { select: ['spanning'] })).byName.spanning;
  assert.deepEqual([spanning.error?.code, spanning.error?.line], ['seed-parse-error', 4]);
  for (const file of ['spanning.csv', '_spanning.yml']) rmSync(join(root, 'seeds', file));
});

test('a record with another number of fields than the header is an error at its line (DuckDB would load it wrong)', async () => {
  const bad = {
    'seeds/short.csv': 'id,amt\n1,2\n2\n3,4\n',
    'seeds/extra.csv': `id,amt\n${Array.from({ length: 20 }, (_, i) => `${i},${i}.5`).join('\n')}\n21,2,extra\n22,3.5\n`,
    'seeds/quoted.csv': 'id,note\n1,"a, b"\n2,"two\nlines"\n3,plain\n',
    'seeds/empty.csv': '',
  };
  writeTree(root, bad);
  try {
    const report = await seed(root, target, adapter, { select: ['short', 'extra', 'quoted', 'empty'] });
    const error = (name: string) => report.byName[name].error;
    assert.deepEqual([error('short')?.code, error('short')?.line], ['seed-parse-error', 3]);
    assert.match(error('short')!.message, /line 3 has 1 field, and the header has 2/);
    assert.deepEqual([error('extra')?.line], [22]);
    assert.match(error('empty')!.message, /is empty: a seed CSV starts with a header line/);
    assert.equal(report.byName.quoted.status, 'ok', 'quoted delimiters and line breaks are values');
    assert.deepEqual(await rows('select count(*) as n from main.quoted'), [{ n: 3 }]);
  } finally {
    for (const path of Object.keys(bad)) rmSync(join(root, path));
    await adapter.execute('DROP TABLE IF EXISTS main.quoted');
  }
});

test('a binary column holding something other than hex is an error at its line', async () => {
  writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv.replace(`,0xABCDEF,`, ',0xABCDEF,').replace(/\n3,,/, '\n3,0xZZ,') });
  const report = await seed(root, target, adapter, { select: ['eth.blocks'] });
  assert.equal(report.byName.blocks.error?.code, 'invalid-binary');
  assert.equal(report.byName.blocks.error?.line, 4);
  assert.match(report.byName.blocks.error!.message, /column 'hash' is declared FixedSizeBinary\(32\)/);
  assert.deepEqual(await rows('select count(*) as n from "_/eth@1.0.0".blocks'), [{ n: 3 }]);
  writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv });
});

test('a declared column missing from the header names the file and the column', async () => {
  writeTree(root, { 'seeds/eth/blocks.csv': 'block_num,timestamp\n1,2024-01-15T10:00:00Z\n' });
  const report = await seed(root, target, adapter, { select: ['seeds/eth/blocks.csv'] });
  assert.equal(report.byName.blocks.error?.code, 'missing-column');
  assert.match(report.byName.blocks.error!.message, /seeds\/eth\/blocks\.csv has no column 'hash', which source table eth\.blocks declares \(FixedSizeBinary\(32\)\)/);
  writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv });
});

test('a new file replaces the table: new columns, fewer rows; a view of the same name is replaced too', async () => {
  await adapter.execute('create or replace view main.extra as select 1 as x');
  writeTree(root, { 'seeds/countries.csv': 'code,name,population,member,capital\nIT,Italy,59000000,true,Rome\n', 'seeds/extra.csv': 'x,y\n1,2\n3,4\n' });
  const report = await seed(root, target, adapter);
  assert.deepEqual(report.results.map((r) => r.status), ['ok', 'ok', 'ok']);
  assert.deepEqual(await rows('select * from main.countries'), [{ code: 'IT', name: 'Italy', population: 59000000, member: true, capital: 'Rome' }]);
  assert.deepEqual(await rows('select * from main.extra order by x'), [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  assert.deepEqual((await adapter.listRelations('main')).map((r) => [r.name, r.kind]), [['countries', 'table'], ['extra', 'table']]);
});

test('column_types in a property file beside the seeds override inferred types', async () => {
  writeTree(root, {
    'seeds/_seeds.yml': 'version: 2\nseeds:\n  - name: extra\n    config:\n      column_types: {x: UInt8, y: Utf8}\n',
  });
  const report = await seed(root, target, adapter, { select: ['extra'] });
  assert.equal(report.byName.extra.status, 'ok');
  assert.deepEqual(await adapter.columns('main', 'extra'), [{ name: 'x', type: 'UTINYINT' }, { name: 'y', type: 'VARCHAR' }]);
});

test('null, Null and NULL are NULL, as dbt reads seeds: a column of numbers with them is still numeric', async () => {
  writeTree(root, { 'seeds/with_nulls.csv': 'id,name,n\n1,a,null\n2,NULL,5\n3,,Null\n' });
  const report = await seed(root, target, adapter, { select: ['with_nulls'] });
  assert.equal(report.byName.with_nulls.status, 'ok');
  assert.deepEqual((await adapter.columns('main', 'with_nulls'))!.map((c) => c.type), ['BIGINT', 'VARCHAR', 'BIGINT']);
  assert.deepEqual(await rows('select id, name, n from main.with_nulls order by id'), [{ id: 1, name: 'a', n: null }, { id: 2, name: null, n: 5 }, { id: 3, name: null, n: null }]);
});

test('a header naming a column twice is an error at its line (DuckDB would rename the second)', async () => {
  writeTree(root, { 'seeds/twice.csv': 'id,Name,name\n1,a,b\n' });
  const failed = (await seed(root, target, adapter, { select: ['twice'] })).byName.twice;
  assert.deepEqual([failed.status, failed.error?.code, failed.error?.line, failed.error?.column], ['error', 'seed-parse-error', 1, 9]);
  assert.match(failed.error!.message, /the header names column 'name' twice/);
  rmSync(join(root, 'seeds', 'twice.csv'));
});

test('whole numbers past BIGINT are loaded exactly (DECIMAL(38, 0)), past 38 digits as text with a warning, not as DOUBLE', async () => {
  const wei = '115792089237316195423570985008687907853269984665640564039457584007913129639935';
  writeTree(root, { 'seeds/amounts.csv': `id,amount,huge,ratio\n1,18446744073709551615,${wei},0.5\n2,-3,1,2\n` });
  const report = await seed(root, target, adapter, { select: ['amounts'] });
  assert.equal(report.byName.amounts.status, 'ok');
  assert.deepEqual(await adapter.columns('main', 'amounts'), [
    { name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(38,0)' }, { name: 'huge', type: 'VARCHAR' }, { name: 'ratio', type: 'DOUBLE' },
  ]);
  assert.deepEqual(await rows('select amount::varchar as amount, huge from main.amounts order by id'), [
    { amount: '18446744073709551615', huge: wei }, { amount: '-3', huge: '1' },
  ]);
  assert.deepEqual(report.warnings, [
    "seeds/amounts.csv: column 'huge' holds whole numbers of up to 78 digits, more than a number type holds exactly; it is loaded as text (declare its type in column_types to choose another)",
  ]);
});

test('Parquet seeds are loaded too, with declared types applied', async () => {
  await adapter.execute(`copy (select 7::bigint as block_num, '0x0102' as hash, timestamp with time zone '2024-01-01 00:00:00+00' as timestamp, 5 as base_fee)
    to '${join(root, 'seeds/parquet_blocks.parquet')}' (format parquet)`);
  writeTree(root, { 'seeds/_seeds.yml': 'seeds:\n  - name: parquet_blocks\n    config:\n      column_types: {block_num: UInt32, hash: Binary}\n' });
  const report = await seed(root, target, adapter, { select: ['parquet_blocks'] });
  assert.equal(report.byName.parquet_blocks.status, 'ok');
  assert.deepEqual((await adapter.columns('main', 'parquet_blocks'))!.map((c) => c.type), ['UINTEGER', 'BLOB', 'TIMESTAMP WITH TIME ZONE', 'INTEGER']);
  assert.deepEqual(await rows('select * from main.parquet_blocks'), [{ block_num: 7, hash: '0x0102', timestamp: '2024-01-01T00:00:00.000Z', base_fee: 5 }]);
});

test('--select terms that match nothing are reported; a folder named after a source with an undeclared table warns', async () => {
  writeFileSync(join(root, 'seeds/eth/receipts.csv'), 'a\n1\n');
  const report = await seed(root, target, adapter, { select: ['receipts', 'nope'] });
  assert.deepEqual(report.unmatched, ['nope']);
  assert.equal(report.byName.receipts.relation, '"main"."receipts"');
  assert.match(report.warnings.join('\n'), /source 'eth' declares no table 'receipts', so it is loaded as main\.receipts/);
});
