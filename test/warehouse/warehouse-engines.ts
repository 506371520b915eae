import { join } from 'node:path';
import type { Target } from '../../core/project/project-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { QueryValue, WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { tempDir } from '../helpers.js';
import type { PostgresServer } from '../support/postgres-server.js';

/** One warehouse the contract runs against: how to open a fresh adapter on it. */
export interface WarehouseEngine {
  name: 'duckdb' | 'postgres';
  /** A new adapter; DuckDB gets a new database file each time, PostgreSQL the test file's database. */
  open(threads?: number): Promise<WarehouseAdapter>;
}

export const duckdbEngine: WarehouseEngine = {
  name: 'duckdb',
  open: (threads = 1) => openWarehouse(
    { name: 'dev', type: 'duckdb', schema: 'main', path: join('warehouse', 'dev.duckdb') },
    { baseDir: tempDir('amp-dbt-duckdb-'), threads },
  ),
};

/** The fields of a profiles.yml postgres target for a database URL of the test server. */
export function postgresTarget(url: string): Target {
  const parsed = new URL(url);
  return {
    name: 'pg', type: 'postgres', schema: 'public',
    host: parsed.hostname, port: Number(parsed.port), user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password), dbname: parsed.pathname.slice(1), sslmode: 'disable',
  };
}

export function postgresEngine(handle: { server: PostgresServer; database: string }): WarehouseEngine {
  return {
    name: 'postgres',
    open: (threads = 1) => openWarehouse(postgresTarget(handle.database), { baseDir: tempDir(), threads }),
  };
}

/**
 * Values of every declared type of Amp's EVM firehose (shared/amp/firehose-evm.md), of the other Arrow types
 * Amp reports and of plain SQL names, written as QueryValues: each must read back exactly as written.
 */
export const declaredTypeSamples: { declared: string; values: QueryValue[] }[] = [
  { declared: 'UInt64', values: ['18446744073709551615', 0, 9007199254740991, '9007199254740993'] },
  { declared: 'UInt32', values: [4294967295, 0] },
  { declared: 'Int32', values: [-2147483648, 7] },
  { declared: 'Int64', values: ['-9223372036854775808', 42] },
  { declared: 'Boolean', values: [true, false] },
  { declared: 'Utf8', values: [`it's "quoted" \\ back`, '', 'ünïcødé 😀'] },
  { declared: 'Binary', values: ['0x', '0xdeadbeef'] },
  { declared: 'FixedSizeBinary(20)', values: [`0x${'ab'.repeat(20)}`] },
  { declared: 'FixedSizeBinary(32)', values: [`0x${'01'.repeat(32)}`] },
  { declared: 'Timestamp(Nanosecond, +00:00)', values: ['2024-01-15T10:00:00.000Z', '2015-07-30T15:26:28.123456Z', '1969-12-31T23:59:59.999Z'] },
  { declared: 'Timestamp(Microsecond, None)', values: ['2024-01-15T10:00:00.000Z'] },
  { declared: 'Decimal128(38, 0)', values: ['99999999999999999999999999999999999999', 0, '-12345678901234567890'] },
  { declared: 'Decimal256(76, 0)', values: ['12345678901234567890123456789012345678', 5] },
  { declared: 'Decimal128(10, 2)', values: ['12.50', '-0.05'] },
  { declared: 'Float64', values: [1.5, -2.25e300, 0.1] },
  { declared: 'Float32', values: [1.5, 0.25] },
  { declared: 'Date32', values: ['2024-01-15', '1970-01-01'] },
  { declared: 'bigint', values: [1, '-9007199254740993'] },
  { declared: 'varchar', values: ['x'] },
  { declared: 'text', values: ['y'] },
  { declared: 'integer', values: [3] },
  { declared: 'double', values: [2.5] },
  { declared: 'boolean', values: [false] },
  { declared: 'date', values: ['2000-02-29'] },
  { declared: 'timestamp', values: ['2000-02-29T23:59:59.500Z'] },
  { declared: 'numeric(12, 4)', values: ['3.1416'] },
  { declared: 'bigint[]', values: [[1, null, '9007199254740993'], []] },
];
