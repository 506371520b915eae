import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import {
  Binary, Bool, DateDay, Decimal, Dictionary, Field, FixedSizeBinary, Float64, Int32, Int64, List, RecordBatchReader,
  RecordBatchStreamWriter, Struct, Table, TimestampNanosecond, Uint64, Utf8, makeData, vectorFromArray,
} from 'apache-arrow';
import { ampConnection } from '../../core/warehouse/amp/amp-connection.js';
import { parseAppMetadata } from '../../core/warehouse/amp/flight/app-metadata.js';
import { arrowColumns, recordBatchRows } from '../../core/warehouse/amp/flight/arrow-values.js';
import { flightError } from '../../core/warehouse/amp/flight/flight-error.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';

test('Arrow values read as the QueryValues every warehouse gives', async () => {
  // 2024-01-15T10:00:00.123456789Z: apache-arrow's getter would round it to milliseconds
  const nanos = 1_705_312_800_123_456_789n;
  const decimal = makeData({ type: new Decimal(2, 20, 128), length: 2, nullCount: 0, data: Uint32Array.of(150, 0, 0, 0, 0xffffffff - 4, 0xffffffff, 0xffffffff, 0xffffffff) });
  const table = new Table({
    i: vectorFromArray([1, null], new Int32()),
    big: vectorFromArray([2n ** 62n, 5n], new Int64()),
    u: vectorFromArray([2n ** 64n - 1n, 7n], new Uint64()),
    f: vectorFromArray([1.5, -0.25], new Float64()),
    b: vectorFromArray([true, false], new Bool()),
    s: vectorFromArray(['x', 'y'], new Utf8()),
    bin: vectorFromArray([Uint8Array.of(0xde, 0xad), Uint8Array.of()], new Binary()),
    hash: vectorFromArray([new Uint8Array(4).fill(0xab), new Uint8Array(4)], new FixedSizeBinary(4)),
    ts: makeData({ type: new TimestampNanosecond('+00:00'), length: 2, nullCount: 0, data: BigInt64Array.of(nanos, 1_705_312_800_000_000_000n) }),
    d: vectorFromArray([new Date('2024-01-15T00:00:00Z'), null], new DateDay()),
    dec: decimal,
    list: vectorFromArray([[1, 2], []], new List(new Field('item', new Int32()))),
    st: vectorFromArray([{ a: 1, b: 'p' }, null], new Struct([new Field('a', new Int32()), new Field('b', new Utf8())])),
    dict: vectorFromArray(['k', 'k'], new Dictionary(new Utf8(), new Int32())),
  } as any);
  // through the IPC stream, as the client receives it
  const reader = await RecordBatchReader.from(RecordBatchStreamWriter.writeAll(table).toUint8Array(true));
  const [batch] = [...reader];
  assert.deepEqual(recordBatchRows(batch), [
    {
      i: 1, big: '4611686018427387904', u: '18446744073709551615', f: 1.5, b: true, s: 'x', bin: '0xdead', hash: '0xabababab',
      ts: '2024-01-15T10:00:00.123456789Z', d: '2024-01-15', dec: '1.50', list: [1, 2], st: { a: 1, b: 'p' }, dict: 'k',
    },
    {
      i: null, big: 5, u: 7, f: -0.25, b: false, s: 'y', bin: '0x', hash: '0x00000000',
      ts: '2024-01-15T10:00:00.000Z', d: null, dec: '-0.05', list: [], st: null, dict: 'k',
    },
  ]);
  assert.deepEqual(arrowColumns(batch.schema.fields).map((c) => c.type), [
    'Int32', 'Int64', 'UInt64', 'Float64', 'Boolean', 'Utf8', 'Binary', 'FixedSizeBinary(4)', 'Timestamp(Nanosecond, Some("+00:00"))',
    'Date32', 'Decimal128(20, 2)', 'List(Int32)', 'Struct<{a:Int32, b:Utf8}>', 'Dictionary(Int32, Utf8)',
  ]);
});

test('repeated column names get suffixes, as from the other warehouses', () => {
  const table = new Table({ a: vectorFromArray([1], new Int32()) });
  const batch = table.batches[0];
  const twice = { ...batch, schema: { fields: [batch.schema.fields[0], batch.schema.fields[0]] } };
  assert.deepEqual(arrowColumns(twice.schema.fields as any).map((c) => c.name), ['a', 'a_1']);
});

test("Amp's app_metadata is parsed when JSON, passed through raw otherwise", () => {
  const json = '{"ranges":[{"network":"mainnet","numbers":{"start":100,"end":102},"hash":"0xab"}],"ranges_complete":true}';
  assert.deepEqual(parseAppMetadata(new TextEncoder().encode(json)), {
    ranges: [{ network: 'mainnet', numbers: { start: 100, end: 102 }, hash: '0xab' }], ranges_complete: true,
  });
  assert.equal(parseAppMetadata(new Uint8Array(0)), null);
  assert.deepEqual(parseAppMetadata(Uint8Array.of(0xff, 1)), Uint8Array.of(0xff, 1));
  assert.deepEqual(parseAppMetadata(new TextEncoder().encode('7')), new TextEncoder().encode('7'));
});

test('amp target settings: defaults, validation, and a token that never shows', () => {
  const plain = ampConnection({ name: 'amp', type: 'amp', schema: '_' });
  assert.equal(plain.flightAddress, 'localhost:1602');
  assert.equal(plain.jsonlUrl, 'http://localhost:1603/');
  assert.equal(plain.adminUrl, 'http://localhost:1610');
  assert.equal(plain.transport, 'flight');
  assert.equal(plain.token, null);

  const token = 'sekret-token-123';
  const tls = ampConnection({ name: 'prod', type: 'amp', schema: 'x', host: '::1', tls: 'true', jsonl_port: '8443', token, transport: 'jsonl' });
  assert.equal(tls.jsonlUrl, 'https://[::1]:8443/');
  assert.equal(tls.flightAddress, '[::1]:1602');
  assert.equal(tls.token, token);
  assert.equal(JSON.stringify(tls).includes(token), false);
  assert.equal(inspect(tls).includes(token), false);
  assert.equal(tls.redact(`bad token ${token} / ${encodeURIComponent(token)}`), 'bad token *** / ***');

  const bad = (fields: Record<string, unknown>, pattern: RegExp) =>
    assert.throws(() => ampConnection({ name: 't', type: 'amp', schema: '_', ...fields }), (e: unknown) => e instanceof AdapterError && e.code === 'connect-failed' && pattern.test(e.message));
  bad({ flight_port: 70000 }, /flight_port '70000'/);
  bad({ host: 'http://example.com' }, /host 'http:\/\/example.com'/);
  bad({ tls: 'yes' }, /tls 'yes'/);
  bad({ transport: 'grpc' }, /transport 'grpc'/);
});

test('gRPC failures map to connect-failed or sql-error, without the token', () => {
  const token = 'sekret-token-123';
  const connection = ampConnection({ name: 'amp', type: 'amp', schema: '_', token });
  const unavailable = flightError({ code: 14, details: 'connect ECONNREFUSED 127.0.0.1:1602', message: '14 UNAVAILABLE' }, connection);
  assert.equal(unavailable.code, 'connect-failed');
  assert.match(unavailable.message, /localhost:1602.*ECONNREFUSED/);
  const auth = flightError({ code: 16, details: `invalid token ${token}` }, connection);
  assert.equal(auth.code, 'connect-failed');
  assert.equal(auth.message.includes(token), false);
  assert.match(auth.hint ?? '', /token/);
  const sql = flightError({ code: 3, details: "table 'nope' not found" }, connection);
  assert.deepEqual([sql.code, sql.message], ['sql-error', "table 'nope' not found"]);
});
