import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import type { QueryValue, WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { duckdbSpecifics } from './duckdb-specifics.js';
import { postgresSpecifics } from './postgres-specifics.js';
import { declaredTypeSamples, duckdbEngine, postgresEngine, type WarehouseEngine } from './warehouse-engines.js';

/**
 * The one contract both warehouse adapters pass, against real engines: DuckDB on a file in a temporary
 * folder, PostgreSQL on a fresh database of an embedded server started once for this file. The same
 * assertions (and the same expected QueryValues) hold for both.
 */
const postgres = usePostgresServer();
const engines: WarehouseEngine[] = [duckdbEngine, postgresEngine(postgres)];

let schemas = 0;
/** A schema name of its own per test (the PostgreSQL database is shared by the file's tests). */
const freshSchema = (label: string) => `${label}_${++schemas}`;

async function withAdapter<T>(engine: WarehouseEngine, work: (adapter: WarehouseAdapter) => Promise<T>, threads = 1): Promise<T> {
  const adapter = await engine.open(threads);
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof AdapterError, `expected an AdapterError, got ${String(error)}`);
  return error;
}

/** The same SQL on both engines except for a binary value. */
const hex = (engine: WarehouseEngine, digits: string) => (engine.name === 'duckdb' ? `from_hex('${digits}')` : `decode('${digits}', 'hex')`);

for (const engine of engines) {
  describe(`${engine.name} adapter contract`, () => {
    test('execute runs several statements and query returns rows keyed by column', async () => {
      await withAdapter(engine, async (db) => {
        const s = db.dialect.quote(freshSchema('basics'));
        await db.execute(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.t (id INTEGER, name VARCHAR(20));
          INSERT INTO ${s}.t VALUES (1, 'one'); INSERT INTO ${s}.t VALUES (2, 'two');`);
        const result = await db.query(`SELECT id, name, id AS id FROM ${s}.t ORDER BY id`);
        assert.deepEqual(result.columns.map((c) => c.name), ['id', 'name', 'id_1']);
        assert.equal(result.columns[0].type, 'INTEGER');
        assert.deepEqual(result.rows, [{ id: 1, name: 'one', id_1: 1 }, { id: 2, name: 'two', id_1: 2 }]);
        const empty = await db.query(`SELECT id FROM ${s}.t WHERE id > 5`);
        assert.deepEqual(empty, { columns: [{ name: 'id', type: 'INTEGER' }], rows: [] });
        assert.deepEqual((await db.query(`SELECT 1 AS a; SELECT 2 AS b`)).rows, [{ b: 2 }]);
      });
    });

    test('values are normalised the same way on every warehouse', async () => {
      await withAdapter(engine, async (db) => {
        const { rows } = await db.query(`SELECT
          CAST(42 AS BIGINT) AS small_bigint, CAST('9007199254740993' AS BIGINT) AS big_bigint,
          CAST('-9223372036854775808' AS BIGINT) AS min_bigint,
          CAST('99999999999999999999999999999999999999' AS NUMERIC(38,0)) AS big_decimal,
          CAST(5 AS NUMERIC(38,0)) AS small_decimal, CAST('1.5' AS NUMERIC(10,2)) AS scaled,
          CAST('-0.05' AS NUMERIC(10,3)) AS negative_scaled,
          TRUE AS yes, CAST(7 AS INTEGER) AS int, CAST(1.5 AS DOUBLE PRECISION) AS dbl, 'it''s' AS txt,
          ${hex(engine, 'deadbeef')} AS bin, ${hex(engine, '')} AS empty_bin,
          CAST('2024-01-15 10:00:00+00' AS TIMESTAMP WITH TIME ZONE) AS tz,
          CAST('2024-01-15 12:00:00.123456+02' AS TIMESTAMP WITH TIME ZONE) AS tz_micros,
          CAST('2024-01-15 10:00:00.5' AS TIMESTAMP) AS naive, CAST('2024-01-15' AS DATE) AS day,
          CAST(NULL AS INTEGER) AS nothing, CAST(ARRAY[1, 9007199254740993] AS BIGINT[]) AS list`);
        assert.deepEqual(rows, [{
          small_bigint: 42, big_bigint: '9007199254740993', min_bigint: '-9223372036854775808',
          big_decimal: '99999999999999999999999999999999999999', small_decimal: 5, scaled: '1.50', negative_scaled: '-0.050',
          yes: true, int: 7, dbl: 1.5, txt: "it's", bin: '0xdeadbeef', empty_bin: '0x',
          tz: '2024-01-15T10:00:00.000Z', tz_micros: '2024-01-15T10:00:00.123456Z', naive: '2024-01-15T10:00:00.500Z',
          day: '2024-01-15', nothing: null, list: [1, '9007199254740993'],
        }]);
      });
    });

    test('a transaction commits its statements together', async () => {
      await withAdapter(engine, async (db) => {
        const t = db.dialect.relation(freshSchema('tx'), 't');
        await db.execute(`CREATE SCHEMA ${t.split('.')[0]}; CREATE TABLE ${t} (id INTEGER)`);
        const answer = await db.transaction(async (session) => {
          await session.execute(`INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (2)`);
          return (await session.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n;
        });
        assert.equal(answer, 2);
        assert.deepEqual((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows, [{ n: 2 }]);
      });
    });

    test('a failed statement rolls the whole transaction back', async () => {
      await withAdapter(engine, async (db) => {
        const t = db.dialect.relation(freshSchema('rollback'), 't');
        await db.execute(`CREATE SCHEMA ${t.split('.')[0]}; CREATE TABLE ${t} (id INTEGER)`);
        const error = await rejection(db.transaction(async (session) => {
          await session.execute(`INSERT INTO ${t} VALUES (1)`);
          await session.execute(`CREATE TABLE ${t.split('.')[0]}.other (id INTEGER)`);
          await session.execute(`INSERT INTO ${t} VALUES ('not a number')`);
        }));
        assert.equal(error.code, 'sql-error');
        const thrown = await db.transaction(async (session) => {
          await session.execute(`INSERT INTO ${t} VALUES (3)`);
          throw new Error('changed my mind');
        }).then(() => null, (e: Error) => e.message);
        assert.equal(thrown, 'changed my mind');
        assert.deepEqual((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows, [{ n: 0 }]);
        assert.equal(await db.columns(t.split('.')[0].slice(1, -1), 'other'), null);
        // the connection is usable again after the rollback
        assert.deepEqual((await db.query('SELECT 1 AS ok')).rows, [{ ok: 1 }]);
      });
    });

    test('schemas, relations and columns, with a dataset-like schema name', async () => {
      await withAdapter(engine, async (db) => {
        const schema = `_/eth_firehose@1.0.0-${freshSchema('odd')}`;
        assert.deepEqual(await db.listRelations(schema), []);
        assert.equal(await db.columns(schema, 'logs'), null);
        await db.ensureSchema(schema);
        await db.ensureSchema(schema);
        const logs = db.dialect.relation(schema, 'logs');
        await db.execute(`CREATE TABLE ${logs} (block_num BIGINT, "Data ""x""" ${db.dialect.columnType('Binary')})`);
        await db.execute(`CREATE VIEW ${db.dialect.relation(schema, 'big_blocks')} AS SELECT block_num FROM ${logs} WHERE block_num > 10`);
        const relations = await db.listRelations(schema);
        assert.deepEqual(relations.map(({ definition: _, ...r }) => r), [
          { schema, name: 'big_blocks', kind: 'view' },
          { schema, name: 'logs', kind: 'table' },
        ]);
        assert.match(relations[0].definition ?? '', /block_num > 10/);
        assert.equal(relations[1].definition, undefined);
        assert.deepEqual(await db.columns(schema, 'logs'), [
          { name: 'block_num', type: 'BIGINT' },
          { name: 'Data "x"', type: db.dialect.columnType('Binary') },
        ]);
        assert.deepEqual(await db.columns(schema, 'big_blocks'), [{ name: 'block_num', type: 'BIGINT' }]);
        assert.equal(await db.columns(schema, 'missing'), null);
      });
    });

    test('ensureSchema from several connections at once', async () => {
      await withAdapter(engine, async (db) => {
        const schema = freshSchema('race');
        await Promise.all([1, 2, 3, 4, 5, 6].map(() => db.ensureSchema(schema)));
        assert.deepEqual(await db.listRelations(schema), []);
        await db.execute(`CREATE TABLE ${db.dialect.relation(schema, 't')} (id INTEGER)`);
      }, 4);
    });

    test('threads=4 gives four connections that work at once, and a fifth call waits for one', async () => {
      await withAdapter(engine, async (db) => {
        const t = db.dialect.relation(freshSchema('pool'), 't');
        await db.execute(`CREATE SCHEMA ${t.split('.')[0]}; CREATE TABLE ${t} (id INTEGER)`);
        let inserted = 0;
        let release!: () => void;
        const allInserted = new Promise<void>((resolve) => (release = resolve));
        const timeout = setTimeout(release, 20_000); // fewer than 4 connections would wait forever
        const transactions = [1, 2, 3, 4].map((id) => db.transaction(async (session) => {
          await session.execute(`INSERT INTO ${t} VALUES (${id})`);
          if (++inserted === 4) release();
          await allInserted;
          return inserted;
        }));
        await allInserted;
        clearTimeout(timeout);
        assert.equal(inserted, 4, 'all four transactions were open at the same time');
        const counts = await Promise.all([db.query(`SELECT count(*) AS n FROM ${t}`), ...transactions]);
        assert.ok((counts[0].rows[0].n as number) >= 1, 'the waiting query ran after a transaction committed');
        const parallel = await Promise.all(Array.from({ length: 12 }, (_, i) => db.query(`SELECT ${i} AS i, count(*) AS n FROM ${t}`)));
        assert.deepEqual(parallel.map((r) => r.rows[0]), Array.from({ length: 12 }, (_, i) => ({ i, n: 4 })));
      }, 4);
    });

    test('SQL errors keep the warehouse message', async () => {
      await withAdapter(engine, async (db) => {
        const t = db.dialect.relation(freshSchema('errors'), 't');
        await db.execute(`CREATE SCHEMA ${t.split('.')[0]}; CREATE TABLE ${t} (id INTEGER)`);
        const error = await rejection(db.query(`SELECT id,\n  nope FROM ${t}`));
        assert.equal(error.code, 'sql-error');
        assert.match(error.message, engine.name === 'duckdb' ? /^Binder Error: Referenced column "nope" not found/ : /^column "nope" does not exist/);
        assert.match(error.message, /LINE 2:\s+nope FROM/);
        const syntax = await rejection(db.execute('CREATE TABLE (oops'));
        assert.equal(syntax.code, 'sql-error');
        assert.match(syntax.message, /syntax error/i);
      });
    });

    test('columnType and literal round-trip every declared type', async () => {
      await withAdapter(engine, async (db) => {
        const t = db.dialect.relation(freshSchema('types'), 't');
        const types = declaredTypeSamples.map(({ declared }) => {
          const type = db.dialect.columnType(declared);
          assert.ok(type, `no column type for ${declared}`);
          return type;
        });
        const columns = types.map((type, i) => `c${i} ${type}`).join(', ');
        await db.execute(`CREATE SCHEMA ${t.split('.')[0]}; CREATE TABLE ${t} (id INTEGER, ${columns})`);
        const rowCount = Math.max(...declaredTypeSamples.map((s) => s.values.length)) + 1; // the last row is all NULL
        const expected: Record<string, QueryValue>[] = [];
        for (let row = 0; row < rowCount; row++) {
          const values = declaredTypeSamples.map((s) => s.values[row] ?? null);
          const literals = values.map((value, i) => db.dialect.literal(value, types[i]));
          await db.execute(`INSERT INTO ${t} VALUES (${row}, ${literals.join(', ')})`);
          expected.push(Object.fromEntries([['id', row], ...values.map((value, i) => [`c${i}`, value])]));
        }
        assert.deepEqual((await db.query(`SELECT * FROM ${t} ORDER BY id`)).rows, expected);
        const described = await db.columns(t.split('.')[0].slice(1, -1), 't');
        assert.deepEqual(described?.slice(1).map((c) => c.type), types, 'columns() reports the types columnType gave');
      });
    });

    test('MERGE INTO works when the adapter says it does', async () => {
      await withAdapter(engine, async (db) => {
        if (!db.capabilities.merge) return;
        const s = db.dialect.quote(freshSchema('merge'));
        await db.execute(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.target (id INTEGER, v INTEGER);
          CREATE TABLE ${s}.source (id INTEGER, v INTEGER);
          INSERT INTO ${s}.target VALUES (1, 10), (2, 20); INSERT INTO ${s}.source VALUES (2, 200), (3, 300)`);
        await db.execute(`MERGE INTO ${s}.target AS t USING ${s}.source AS s ON t.id = s.id
          WHEN MATCHED THEN UPDATE SET v = s.v
          WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)`);
        assert.deepEqual((await db.query(`SELECT id, v FROM ${s}.target ORDER BY id`)).rows,
          [{ id: 1, v: 10 }, { id: 2, v: 200 }, { id: 3, v: 300 }]);
      });
    });

    test('views over tables, and replacing a view with other columns as capabilities say', async () => {
      await withAdapter(engine, async (db) => {
        const s = db.dialect.quote(freshSchema('views'));
        await db.execute(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.t (id INTEGER, v VARCHAR); INSERT INTO ${s}.t VALUES (1, 'a');
          CREATE VIEW ${s}.v AS SELECT id FROM ${s}.t`);
        assert.deepEqual((await db.query(`SELECT * FROM ${s}.v`)).rows, [{ id: 1 }]);
        const replace = db.execute(`CREATE OR REPLACE VIEW ${s}.v AS SELECT v, id FROM ${s}.t`);
        if (db.capabilities.replaceViewChangingColumns) {
          await replace;
        } else {
          assert.equal((await rejection(replace)).code, 'sql-error');
          await db.execute(`DROP VIEW ${s}.v; CREATE VIEW ${s}.v AS SELECT v, id FROM ${s}.t`);
        }
        assert.deepEqual((await db.query(`SELECT * FROM ${s}.v`)).rows, [{ v: 'a', id: 1 }]);
      });
    });

    test('close ends the adapter; later calls fail with connect-failed', async () => {
      const db = await engine.open(2);
      assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
      await db.close();
      await db.close();
      assert.equal((await rejection(db.query('SELECT 1'))).code, 'connect-failed');
    });
  });
}

duckdbSpecifics();
postgresSpecifics(postgres);
