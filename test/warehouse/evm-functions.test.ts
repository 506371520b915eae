import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { prepareEvmSql, registerEvmFunctions } from '../../core/warehouse/duckdb/evm/evm-functions.js';
import { tempDir } from '../helpers.js';

const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const TRANSFER = 'Transfer(address indexed from, address indexed to, uint256 value)';
const ALICE = '11'.repeat(20);
const BOB = 'b0'.repeat(20);

/** A 32-byte ABI word (two's complement for negatives), as hex. */
const word = (value: bigint) => BigInt.asUintN(256, value).toString(16).padStart(64, '0');
const addressWord = (address: string) => address.padStart(64, '0');
const blob = (hex: string | null) => (hex === null ? 'NULL::BLOB' : `from_hex('${hex}')`);

let instance: DuckDBInstance;
let connection: DuckDBConnection;

before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
after(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Rewrites, registers and runs `sql`; rows as JSON-friendly objects. */
async function query(sql: string, on = connection) {
  const prepared = prepareEvmSql(sql);
  registerEvmFunctions(on, prepared.decoders);
  const reader = await on.runAndReadAll(prepared.sql);
  return reader.getRowObjectsJson();
}

test('evm_topic is keccak256 of the canonical signature, whichever way it is written', async () => {
  const rows = await query(`select
      lower(hex(evm_topic('Transfer(address,address,uint256)'))) as short,
      lower(hex(evm_topic('${TRANSFER}'))) as long,
      lower(hex(evm_topic(' event Transfer ( address indexed from , address indexed to , uint value ) '))) as aliases,
      lower(hex(evm_topic('Approval(address,address,uint256)'))) as approval,
      lower(hex(evm_topic('Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)'))) as swap,
      evm_topic(NULL) as missing`);
  assert.deepEqual(rows, [{ short: TRANSFER_TOPIC, long: TRANSFER_TOPIC, aliases: TRANSFER_TOPIC, approval: '8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925',
    swap: 'c42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67', missing: null }]);
});

test('evm_topic works on a column and refuses a malformed signature', async () => {
  const rows = await query(`select s, octet_length(evm_topic(s)) as n from (values ('Swap(address indexed sender, int256 amount0, (uint8,bytes32)[] legs)')) t(s)`);
  assert.deepEqual(rows, [{ s: 'Swap(address indexed sender, int256 amount0, (uint8,bytes32)[] legs)', n: '32' }]);
  await assert.rejects(query(`select evm_topic('Transfer(adress,address,uint256)')`), /invalid event signature .*unknown type 'adress'/);
});

test('evm_decode_log decodes a hand-built Transfer log; malformed logs give a NULL struct', async () => {
  const logs = [
    [1, addressWord(ALICE), addressWord(BOB), null, word(10n ** 21n)],
    [2, addressWord(BOB), null, null, word(5n)], // topic2 missing
    [3, addressWord(ALICE), addressWord(BOB), null, word(5n).slice(0, 40)], // data too short
    [4, addressWord(ALICE), addressWord(BOB), word(7n), ''], // an ERC-721 Transfer: token id in topic3, no data
  ];
  const values = logs.map(([n, t1, t2, t3, data]) => `(${n}, ${blob(t1 as string)}, ${blob(t2 as string | null)}, ${blob(t3 as string | null)}, ${blob(data as string)})`);
  const rows = await query(`
    with logs(n, topic1, topic2, topic3, data) as (values ${values.join(', ')}),
    decoded as (select n, evm_decode_log(topic1, topic2, topic3, data, '${TRANSFER}') as transfer from logs)
    select n, lower(hex(transfer['from'])) as sender, lower(hex(transfer['to'])) as receiver,
      cast(transfer['value'] as varchar) as amount, transfer is null as missing, typeof(transfer) as type
    from decoded order by n`);
  const type = 'STRUCT("from" BLOB, "to" BLOB, "value" DECIMAL(38,0))';
  assert.deepEqual(rows, [
    { n: 1, sender: ALICE, receiver: BOB, amount: '1000000000000000000000', missing: false, type },
    { n: 2, sender: null, receiver: null, amount: null, missing: true, type },
    { n: 3, sender: null, receiver: null, amount: null, missing: true, type },
    { n: 4, sender: null, receiver: null, amount: null, missing: true, type },
  ]);
});

test('decodes tables larger than one DuckDB vector', async () => {
  const rows = await query(`select count(t) as n, cast(sum(t.value) as varchar) as total, count(*) filter (where t is null) as nulls
    from (select evm_decode_log(${blob(addressWord(ALICE))}, ${blob(addressWord(BOB))}, NULL,
      case when i % 1000 = 999 then from_hex('00') else from_hex(lpad(printf('%x', i), 64, '0')) end, '${TRANSFER}') as t from range(5000) r(i))`);
  const expected = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 1000 !== 999).reduce((a, b) => a + b, 0);
  assert.deepEqual(rows, [{ n: '4995', total: String(expected), nulls: '5' }]);
});

test('every supported type decodes; out-of-range integers and bools are NULL fields', async () => {
  const signature = 'Mixed(address indexed owner, string indexed label, int64 indexed small, int256 delta, bool flag, string note, '
    + 'bytes payload, bytes4 selector, uint256 big, uint8 tiny, bool odd, uint last)';
  const note = Buffer.from('héllo').toString('hex');
  const head = [word(-5n), word(1n), word(12n * 32n), word(14n * 32n), 'a9059cbb'.padEnd(64, '0'), word(1n << 200n), word(300n), word(2n), word(42n)];
  const tail = [word(6n), note.padEnd(64, '0'), word(3n), '010203'.padEnd(64, '0')];
  const data = [...head, word(0n), word(0n), word(0n), ...tail].join('');
  const label = 'ff'.repeat(32);
  const [row] = await query(`select
      lower(hex(m.owner)) as owner, lower(hex(m.label)) as label, cast(m.small as varchar) as small, cast(m.delta as varchar) as delta,
      m.flag as flag, m.note as note, lower(hex(m.payload)) as payload, lower(hex(m.selector)) as selector,
      m.big as big, m.tiny as tiny, m.odd as odd, cast(m.last as varchar) as last, typeof(m.small) as int_type
    from (select evm_decode_log(${blob(addressWord(ALICE))}, ${blob(label)}, ${blob(word(-2n))}, ${blob(data)}, '${signature}') as m)`);
  assert.deepEqual(row, {
    owner: ALICE, label, small: '-2', delta: '-5', flag: true, note: 'héllo', payload: '010203', selector: 'a9059cbb',
    big: null, tiny: null, odd: null, last: '42', int_type: 'DECIMAL(38,0)',
  });
});

test('the rewrite leaves strings, quoted identifiers, comments and method calls alone', () => {
  const sql = `select 'evm_decode_log(a, b, c, d, ''X(uint a)'')' as s, "evm_decode_log" as q, -- evm_decode_log(a, b, c, d, 'Y(uint b)')
    /* evm_decode(a, b, c, d, 'Z(uint c)') */ l.evm_decode(b, c, d, 'W(uint d)') as m, evm_decode_log as alias
    from t`;
  assert.deepEqual(prepareEvmSql(sql), { sql, decoders: [] });
});

test("X'..' literals become binary, as on Amp; strings, comments and B'..' stay", async () => {
  const sql = `select from_hex('00ff') = X'00ff' as eq, typeof(x'') as t, 'x''00''' as s, B'01' as b -- x'00'`;
  assert.equal(prepareEvmSql(sql).sql, `select from_hex('00ff') = from_hex('00ff') as eq, typeof(from_hex('')) as t, 'x''00''' as s, B'01' as b -- x'00'`);
  const [row] = await query(sql);
  assert.deepEqual({ eq: row.eq, t: row.t, s: row.s }, { eq: true, t: 'BLOB', s: "x'00'" });
});

test('several signatures in one query: one function per event, both names, calls nested in calls', async () => {
  const inner = `EVM_DECODE(${blob(word(99n))}, NULL, NULL, ${blob('')}, 'Inner(bytes32 indexed id)')`;
  const sql = `select
      cast(coalesce(evm_decode_log(${blob(addressWord(ALICE))}, ${blob(addressWord(BOB))}, NULL, ${blob(word(3n))}, '${TRANSFER}')['value'], 0) as varchar) as a,
      cast(evm_decode_log(${inner}['id'], ${blob(addressWord(BOB))}, NULL, ${blob(word(4n))},
        'Transfer(address indexed from,address indexed to,uint256 value)' /* same event, other spacing */)['value'] as varchar) as b,
      lower(hex(evm_decode_log(${inner}['id'], NULL, NULL, ${blob(word(1n))}, 'Inner(bytes32 indexed id, bool ok)')['id'])) as c`;
  const prepared = prepareEvmSql(sql);
  assert.deepEqual(prepared.decoders.map((d) => d.event.declaration), [
    'Transfer(address indexed from,address indexed to,uint256 value)',
    'Inner(bytes32 indexed id)',
    'Inner(bytes32 indexed id,bool ok)',
  ]);
  for (const decoder of prepared.decoders) assert.match(decoder.name, /^evm_decode_log__[0-9a-f]{8}$/);
  assert.equal(prepared.sql.match(/evm_decode_log__[0-9a-f]{8}\(/g)?.length, 5);
  assert.doesNotMatch(prepared.sql, /evm_decode(_log)?\(/i);
  assert.equal(prepared.sql.replace(/evm_decode_log__[0-9a-f]{8}/g, 'F'), sql.replace(/evm_decode(_log)?(?=\()/gi, 'F'));
  assert.deepEqual(await query(sql), [{ a: '3', b: '4', c: word(99n) }]);
});

test('a signature that is not a literal, a wrong argument count or an undecodable event is refused', () => {
  const refused = (sql: string, message: RegExp) =>
    assert.throws(() => prepareEvmSql(sql), (error: unknown) => error instanceof AdapterError && error.code === 'unsupported-sql' && message.test(error.message));
  refused('select evm_decode_log(t1, t2, t3, data, sig) from logs', /line 1, column 8: the event signature must be a string literal/);
  refused("select\n  evm_decode_log(t1, t2, t3, data, 'Transfer(' || 'address)') from logs", /line 2, column 3: the event signature must be a string literal/);
  refused("select evm_decode_log(t1, t2, data, 'Transfer(address indexed from)') from logs", /expects 5 arguments .* but has 4/);
  refused("select evm_decode_log(t1, t2, t3, data, 'Transfer(address indexed from') from logs", /invalid event signature .*expected '\)' at the end/);
  refused("select evm_decode_log(t1, t2, t3, data, 'Batch(uint256[] ids)') from logs", /arrays and tuples in data are not supported/);
  refused("select evm_decode_log(t1, t2, t3, data, 'Four(uint indexed a, uint indexed b, uint indexed c, uint indexed d)') from logs", /4 parameters are indexed/);
  refused("select evm_decode_log(t1, t2, t3, data, 'Twice(uint a, uint A)') from logs", /two parameters are named 'A'/);
});

test('a view keeps the rewritten calls; a reopened warehouse finds its decoders again from the view SQL', async () => {
  const path = join(tempDir('amp-dbt-evm-'), 'warehouse.duckdb');
  const sql = `create view transfers as select evm_decode_log(${blob(addressWord(ALICE))}, ${blob(addressWord(BOB))}, NULL, ${blob(word(9n))}, '${TRANSFER}') as t`;
  const prepared = prepareEvmSql(sql);
  assert.deepEqual(prepareEvmSql(prepared.sql), prepared, 'preparing twice changes nothing');
  const first = await DuckDBInstance.create(path);
  const writer = await first.connect();
  registerEvmFunctions(writer, prepared.decoders);
  await writer.run(prepared.sql);
  writer.closeSync();
  first.closeSync();

  const second = await DuckDBInstance.create(path);
  const reader = await second.connect();
  try {
    await assert.rejects(reader.run('select * from transfers'), /evm_decode_log__[0-9a-f]{8} does not exist/);
    const views = (await reader.runAndReadAll('select sql from duckdb_views() where not internal')).getRowObjectsJson();
    for (const view of views) registerEvmFunctions(reader, prepareEvmSql(String(view.sql)).decoders);
    const rows = (await reader.runAndReadAll(`select cast(t['value'] as varchar) as v from transfers`)).getRowObjectsJson();
    assert.deepEqual(rows, [{ v: '9' }]);
  } finally {
    reader.closeSync();
    second.closeSync();
  }
});

test('registration is idempotent per connection and the functions are seen by other connections', async () => {
  const { sql, decoders } = prepareEvmSql(`select evm_decode_log(${blob(addressWord(ALICE))}, ${blob(addressWord(BOB))}, NULL, ${blob(word(8n))}, '${TRANSFER}')['value'] as v`);
  const other = await instance.connect();
  try {
    registerEvmFunctions(other, []);
    registerEvmFunctions(other, []);
    registerEvmFunctions(other, decoders);
    registerEvmFunctions(other, decoders);
    registerEvmFunctions(connection, decoders);
    const reader = await other.runAndReadAll(`${sql}, lower(hex(evm_topic('Transfer(address,address,uint256)'))) as t`);
    assert.deepEqual(reader.getRowObjectsJson(), [{ v: '8', t: TRANSFER_TOPIC }]);
  } finally {
    other.closeSync();
  }
});
