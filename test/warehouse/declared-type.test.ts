import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDeclaredType } from '../../core/warehouse/declared-type.js';
import { duckdbDialect } from '../../core/warehouse/duckdb/duckdb-dialect.js';
import { formatDecimal, formatInteger, formatTimestamp } from '../../core/warehouse/format-query-value.js';
import { parsePostgresArray } from '../../core/warehouse/postgres/postgres-array.js';
import { postgresDialect } from '../../core/warehouse/postgres/postgres-dialect.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';

test('Arrow and SQL type names map to each warehouse column type', () => {
  const table: [declared: string, duckdb: string, postgres: string][] = [
    ['UInt64', 'UBIGINT', 'NUMERIC(20,0)'],
    ['UInt32', 'UINTEGER', 'BIGINT'],
    ['UInt16', 'USMALLINT', 'INTEGER'],
    ['UInt8', 'UTINYINT', 'SMALLINT'],
    ['Int8', 'TINYINT', 'SMALLINT'],
    ['Int32', 'INTEGER', 'INTEGER'],
    ['Int64', 'BIGINT', 'BIGINT'],
    ['Boolean', 'BOOLEAN', 'BOOLEAN'],
    ['Utf8', 'VARCHAR', 'TEXT'],
    ['LargeUtf8', 'VARCHAR', 'TEXT'],
    ['Binary', 'BLOB', 'BYTEA'],
    ['FixedSizeBinary(32)', 'BLOB', 'BYTEA'],
    ['Timestamp(Nanosecond, +00:00)', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITH TIME ZONE'],
    ['Timestamp(Millisecond, Some("UTC"))', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITH TIME ZONE'],
    ['Timestamp(ns, "+00:00")', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITH TIME ZONE'],
    ['Timestamp(Second, None)', 'TIMESTAMP', 'TIMESTAMP WITHOUT TIME ZONE'],
    ['Timestamp(Microsecond)', 'TIMESTAMP', 'TIMESTAMP WITHOUT TIME ZONE'],
    ['Decimal128(38, 0)', 'DECIMAL(38,0)', 'NUMERIC(38,0)'],
    ['Decimal256(76, 10)', 'DECIMAL(38,10)', 'NUMERIC(76,10)'],
    ['Float64', 'DOUBLE', 'DOUBLE PRECISION'],
    ['Float32', 'FLOAT', 'REAL'],
    ['Date32', 'DATE', 'DATE'],
    ['bigint', 'BIGINT', 'BIGINT'],
    ['  VARCHAR(20) ', 'VARCHAR', 'TEXT'],
    ['text', 'VARCHAR', 'TEXT'],
    ['double precision', 'DOUBLE', 'DOUBLE PRECISION'],
    ['timestamp with time zone', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITH TIME ZONE'],
    ['timestamptz', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITH TIME ZONE'],
    ['numeric(10, 2)', 'DECIMAL(10,2)', 'NUMERIC(10,2)'],
    ['numeric', 'DECIMAL(18,3)', 'NUMERIC'],
    ['integer[]', 'INTEGER[]', 'INTEGER[]'],
  ];
  for (const [declared, duckdb, postgres] of table) {
    assert.equal(duckdbDialect.columnType(declared), duckdb, `duckdb ${declared}`);
    assert.equal(postgresDialect.columnType(declared), postgres, `postgres ${declared}`);
  }
});

test('unknown or malformed declarations are undefined', () => {
  for (const declared of ['Struct(a Int32)', 'FixedSizeBinary(x)', 'Timestamp(Fortnight)', 'Decimal128(5, 7)', 'geometry', '']) {
    assert.equal(parseDeclaredType(declared), undefined, declared);
    assert.equal(duckdbDialect.columnType(declared), undefined, declared);
  }
});

test('literals quote, cast and spell binary and lists per warehouse', () => {
  assert.equal(duckdbDialect.literal("it's", 'VARCHAR'), `CAST('it''s' AS VARCHAR)`);
  assert.equal(duckdbDialect.literal('0xDEADbeef', 'BLOB'), `from_hex('deadbeef')`);
  assert.equal(postgresDialect.literal('0xdeadbeef', 'BYTEA'), `decode('deadbeef', 'hex')`);
  assert.equal(postgresDialect.literal(null, 'BYTEA'), 'CAST(NULL AS BYTEA)');
  assert.equal(duckdbDialect.literal(true, 'BOOLEAN'), 'TRUE');
  assert.equal(duckdbDialect.literal(-Infinity, 'DOUBLE'), `CAST('-Infinity' AS DOUBLE)`);
  assert.equal(postgresDialect.literal([1, null], 'BIGINT[]'), 'CAST(ARRAY[CAST(\'1\' AS BIGINT), CAST(NULL AS BIGINT)] AS BIGINT[])');
  assert.equal(duckdbDialect.literal([], 'BIGINT[]'), 'CAST([] AS BIGINT[])');
  assert.throws(() => duckdbDialect.literal('deadbeef', 'BLOB'), (e: unknown) => e instanceof AdapterError && e.code === 'unsupported-type');
  assert.throws(() => postgresDialect.literal({ a: 1 }, 'TEXT'), /only list and JSON columns take arrays and objects/);
});

test('integers, decimals and timestamps are spelled one way', () => {
  assert.equal(formatInteger(9007199254740991n), 9007199254740991);
  assert.equal(formatInteger(-9007199254740993n), '-9007199254740993');
  assert.equal(formatDecimal(150n, 2), '1.50');
  assert.equal(formatDecimal(-5n, 3), '-0.005');
  assert.equal(formatDecimal(12n, 0), 12);
  assert.equal(formatTimestamp(0n), '1970-01-01T00:00:00.000Z');
  assert.equal(formatTimestamp(1_500_000n), '1970-01-01T00:00:00.001500Z');
  assert.equal(formatTimestamp(-1n), '1969-12-31T23:59:59.999999999Z');
  assert.equal(formatTimestamp(10n ** 25n), null);
});

test('PostgreSQL array text parses with quotes, escapes, NULLs, nesting and bounds', () => {
  const text = (s: string) => s;
  assert.deepEqual(parsePostgresArray('{}', text), []);
  assert.deepEqual(parsePostgresArray('{a,"b,c","d\\"e",NULL,"NULL"}', text), ['a', 'b,c', 'd"e', null, 'NULL']);
  assert.deepEqual(parsePostgresArray('{{1,2},{3,4}}', Number), [[1, 2], [3, 4]]);
  assert.deepEqual(parsePostgresArray('[0:1]={5,6}', Number), [5, 6]);
});
