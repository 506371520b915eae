import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { prepareEvmSql, registerEvmFunctions } from '../../core/warehouse/duckdb/evm/evm-functions.js';
import { compileFixture, fixture, repoRoot, tempDir } from '../helpers.js';

const script = join(repoRoot, 'scripts', 'generate-firehose-sample.mjs');
const committed = join(fixture('erc20_transfers'), 'seeds', 'eth_firehose');
const files = ['blocks.csv', 'logs.csv', 'transactions.csv'];
const DATASET = '"_/eth_firehose@1.0.0"';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

function generate(): string {
  const dir = tempDir('amp-dbt-firehose-');
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return dir;
}

const csvRows = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => line.split(','));

test('the generator is deterministic and the committed sample is its output', () => {
  const first = generate();
  const second = generate();
  assert.deepEqual(readdirSync(first).sort(), files);
  for (const name of files) {
    const bytes = readFileSync(join(first, name));
    assert.ok(bytes.equals(readFileSync(join(second, name))), `${name} differs between two runs`);
    assert.ok(bytes.equals(readFileSync(join(committed, name))), `${name} is stale: run node scripts/generate-firehose-sample.mjs`);
  }
  const total = files.reduce((sum, name) => sum + statSync(join(committed, name)).size, 0);
  assert.ok(total < 1.5 * 1024 * 1024, `the sample is ${total} bytes`);
});

test('each file has _block_num and exactly the columns _sources.yml declares, in order', () => {
  const { result, errors } = compileFixture('erc20_transfers');
  assert.deepEqual(errors, []);
  for (const table of ['blocks', 'transactions', 'logs']) {
    const declared = result!.sources.get(`eth_firehose.${table}`)!.table.columns.map((column) => column.name);
    const [header, ...rows] = csvRows(join(committed, `${table}.csv`));
    assert.deepEqual(header, ['_block_num', ...declared]);
    for (const row of rows) assert.equal(row.length, header.length);
  }
});

let instance: DuckDBInstance;
let connection: DuckDBConnection;

/** Runs one statement through the EVM rewrite; rows as JSON-friendly objects. */
async function query(sql: string) {
  const prepared = prepareEvmSql(sql);
  registerEvmFunctions(connection, prepared.decoders);
  return (await connection.runAndReadAll(prepared.sql)).getRowObjectsJson();
}

/** How a declared Arrow type is read from its CSV text. */
function fromCsv(column: string, declared: string): string {
  const name = `"${column}"`;
  if (/binary/i.test(declared)) return `from_hex(substr(${name}, 3))`;
  const types: Record<string, string> = { UInt64: 'UBIGINT', UInt32: 'UINTEGER', Int32: 'INTEGER', Utf8: 'VARCHAR', 'Decimal128(38, 0)': 'DECIMAL(38,0)' };
  return `cast(${name} as ${declared.startsWith('Timestamp') ? 'TIMESTAMPTZ' : types[declared]})`;
}

before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  const { result } = compileFixture('erc20_transfers');
  await connection.run(`create schema ${DATASET}`);
  for (const table of ['blocks', 'transactions', 'logs']) {
    const columns = result!.sources.get(`eth_firehose.${table}`)!.table.columns;
    const select = [`cast(_block_num as UBIGINT) as _block_num`, ...columns.map((c) => `${fromCsv(c.name, c.data_type!)} as "${c.name}"`)];
    await connection.run(`create table ${DATASET}.${table} as select ${select.join(', ')} from read_csv('${join(committed, `${table}.csv`)}', header = true, all_varchar = true)`);
  }
});
after(() => {
  connection.closeSync();
  instance.closeSync();
});

test('the sample has early blocks, ERC-20 and ERC-721 Transfers and Approvals', async () => {
  const [row] = await query(`select
      (select min(block_num) from ${DATASET}.blocks) as first_block,
      (select count(*) from ${DATASET}.blocks where block_num >= 19000000) as blocks,
      (select count(*) from ${DATASET}.logs where topic0 = evm_topic('Transfer(address,address,uint256)') and topic3 is null) as erc20,
      (select count(*) from ${DATASET}.logs where topic0 = evm_topic('Transfer(address,address,uint256)') and topic3 is not null) as erc721,
      (select count(*) from ${DATASET}.logs where topic0 = evm_topic('Approval(address,address,uint256)')) as approvals,
      (select count(*) from ${DATASET}.transactions where status = 0) as failed,
      (select count(distinct address) from ${DATASET}.logs) as contracts`);
  assert.equal(row.first_block, '18999995');
  assert.equal(row.blocks, '300');
  for (const key of ['erc20', 'erc721', 'approvals', 'failed']) assert.ok(Number(row[key as keyof typeof row]) > 0, `${key}: ${row[key as keyof typeof row]}`);
  assert.equal(row.contracts, '10');
});

test('the example models run on the sample: every ERC-20 Transfer decoded, amounts as in the raw data', async () => {
  const { result } = compileFixture('erc20_transfers');
  for (const model of result!.models) {
    const kind = model.config.materialized === 'view' ? 'view' : 'table';
    await query(`create ${kind} "main"."${model.name}" as ${result!.targetSql(model.name)}`);
  }
  // What the raw CSV says, decoded by hand: topics and data are hex words.
  const [header, ...logs] = csvRows(join(committed, 'logs.csv'));
  const at = (name: string) => header.indexOf(name);
  const transfers = logs.filter((l) => l[at('topic0')] === TRANSFER_TOPIC && l[at('topic3')] === '' && Number(l[at('block_num')]) >= 19_000_000);
  const total = transfers.reduce((sum, l) => sum + BigInt(l[at('data')]), 0n);
  const mints = transfers.filter((l) => /^0x0{64}$/.test(l[at('topic1')])).length;

  const [row] = await query(`select count(*) as n, cast(sum(amount_raw) as varchar) as total, count(*) filter (where transfer_kind = 'mint') as mints,
      count(*) filter (where transfer_kind = 'burn') as burns, count(*) filter (where from_address is null or to_address is null or amount_raw is null) as nulls,
      count(distinct token_address) as tokens, min(block_num) as first_block
    from main.fct_transfers`);
  assert.deepEqual(row, { n: String(transfers.length), total: String(total), mints: String(mints), burns: row.burns, nulls: '0', tokens: '8', first_block: '19000000' });
  assert.ok(Number(row.burns) > 0 && mints > 0 && total > 0n);

  const [sample] = await query(`select lower(hex(from_address)) as sender, lower(hex(to_address)) as receiver, cast(amount_raw as varchar) as amount
    from main.fct_transfers where tx_hash = from_hex('${transfers[0][at('tx_hash')].slice(2)}') and log_index = ${transfers[0][at('log_index')]}`);
  assert.deepEqual(sample, { sender: transfers[0][at('topic1')].slice(-40), receiver: transfers[0][at('topic2')].slice(-40), amount: String(BigInt(transfers[0][at('data')])) });

  const [volume] = await query(`select count(*) as n, min(volume_raw) > 0 as positive from main.token_daily_volume`);
  assert.deepEqual(volume, { n: '8', positive: true });
});
