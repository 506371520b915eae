import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { tempDir } from '../helpers.js';

const holderScript = fileURLToPath(new URL('./duckdb-lock-holder.js', import.meta.url));

const openAt = (baseDir: string, path?: string, threads = 1) =>
  openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', ...(path === undefined ? {} : { path }) }, { baseDir, threads });

/** Starts the lock holder script on `file` and resolves with its first line of output. */
function startHolder(file: string, mode: 'hold' | 'open'): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [holderScript, file, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('error', reject);
    child.once('exit', () => resolve(out.trim()));
  });
  return { child, firstLine };
}

async function stopHolder(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  const timer = setTimeout(() => child.kill(), 5_000);
  await exited;
  clearTimeout(timer);
}

/** What only the DuckDB adapter does: its file, locking, DuckDB-only types and Amp's EVM functions. */
export function duckdbSpecifics(): void {
  describe('duckdb adapter specifics', () => {
    test('without a path the warehouse is .amp-dbt/warehouse.duckdb in the project folder', async () => {
      const project = tempDir();
      const db = await openAt(project);
      await db.execute('CREATE TABLE t AS SELECT 1 AS x');
      await db.close();
      assert.equal(db.location, join(project, '.amp-dbt', 'warehouse.duckdb'));
      assert.ok(existsSync(db.location));
      const again = await openAt(project, 'deep/er/../dev.duckdb');
      assert.equal(again.location, join(project, 'deep', 'dev.duckdb'));
      await again.close();
    });

    test(':memory: keeps nothing on disk', async () => {
      const db = await openAt(tempDir(), ':memory:');
      assert.equal(db.location, ':memory:');
      assert.deepEqual((await db.query('SELECT 41 + 1 AS n')).rows, [{ n: 42 }]);
      await db.close();
    });

    test('a file another process holds is connect-failed with a hint; after close another process can open it', async () => {
      const project = tempDir();
      const file = join(project, 'held.duckdb');
      const holder = startHolder(file, 'hold');
      try {
        assert.equal(await holder.firstLine, 'ready');
        const error = await openAt(project, 'held.duckdb').then(() => null, (e: unknown) => e);
        assert.ok(error instanceof AdapterError);
        assert.equal(error.code, 'connect-failed');
        assert.match(error.message, /cannot open the DuckDB warehouse .*held\.duckdb of target 'dev': IO Error: Could not set lock/);
        assert.match(error.hint ?? '', /another process has this database file open/);
      } finally {
        await stopHolder(holder.child);
      }
      const db = await openAt(project, 'held.duckdb');
      await db.execute('CREATE TABLE t (x INTEGER)');
      await db.close();
      const other = startHolder(file, 'open');
      assert.equal(await other.firstLine, 'opened');
    });

    test('DuckDB-only types read as QueryValues', async () => {
      await withDuckDB(async (db) => {
        const { rows } = await db.query(`SELECT
          CAST('18446744073709551615' AS UBIGINT) AS ubig, CAST(7 AS UBIGINT) AS usmall, CAST('-170141183460469231731687303715884105728' AS HUGEINT) AS huge,
          {'a': 1, 'b': [from_hex('00ff')], 'c': {'d': CAST('2024-01-15' AS DATE)}} AS struct, MAP {'k': 1} AS map,
          CAST('2024-01-15 10:00:00.123456789' AS TIMESTAMP_NS) AS ns, CAST('2024-01-15 10:00:01' AS TIMESTAMP_S) AS s,
          CAST('infinity' AS TIMESTAMP) AS inf, CAST('1969-07-20 20:17:40' AS TIMESTAMP_MS) AS ms,
          CAST('12:30:00' AS TIME) AS t, CAST('1.5' AS DECIMAL(3,1)) AS d, CAST(ARRAY[1, 2] AS INTEGER[2]) AS fixed`);
        assert.deepEqual(rows, [{
          ubig: '18446744073709551615', usmall: 7, huge: '-170141183460469231731687303715884105728',
          struct: { a: 1, b: ['0x00ff'], c: { d: '2024-01-15' } }, map: [{ key: 'k', value: 1 }],
          ns: '2024-01-15T10:00:00.123456789Z', s: '2024-01-15T10:00:01.000Z', inf: 'infinity', ms: '1969-07-20T20:17:40.000Z',
          t: '12:30:00', d: '1.5', fixed: [1, 2],
        }]);
      });
    });

    test("Amp's EVM functions are there on every connection, in transactions too", async () => {
      const transferTopic = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
      await withDuckDB(async (db) => {
        const sql = `SELECT evm_topic('Transfer(address indexed from, address indexed to, uint256 value)') AS topic`;
        const results = await Promise.all([db.query(sql), db.query(sql), db.transaction((session) => session.query(sql))]);
        for (const result of results) assert.deepEqual(result.rows, [{ topic: transferTopic }]);
        const decoded = await db.query(`SELECT evm_decode_log(
            from_hex('000000000000000000000000${'11'.repeat(20)}'), from_hex('000000000000000000000000${'22'.repeat(20)}'), NULL,
            from_hex('${(1000).toString(16).padStart(64, '0')}'),
            'Transfer(address indexed from, address indexed to, uint256 value)').value AS value`);
        assert.deepEqual(decoded.rows, [{ value: 1000 }]);
      }, 2);
    });
  });
}

async function withDuckDB(work: (db: WarehouseAdapter) => Promise<void>, threads = 1): Promise<void> {
  const db = await openAt(tempDir(), 'dev.duckdb', threads);
  try {
    await work(db);
  } finally {
    await db.close();
  }
}
