import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { Target } from '../../core/project/project-types.js';
import type { QueryValue } from '../../core/warehouse/warehouse-adapter.js';
import { tempDir } from '../helpers.js';
import type { PostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from './warehouse-engines.js';

const open = (target: Target, threads = 1) => openWarehouse(target, { baseDir: tempDir(), threads });

async function openError(target: Target): Promise<AdapterError> {
  const error = await open(target).then(async (db) => {
    await db.close();
    return null;
  }, (e: unknown) => e);
  assert.ok(error instanceof AdapterError, `expected an AdapterError, got ${String(error)}`);
  return error;
}

/** A port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What only the PostgreSQL adapter does: connection settings and errors, PostgreSQL-only types. */
export function postgresSpecifics(handle: { server: PostgresServer; database: string }): void {
  describe('postgres adapter specifics', () => {
    test('an unreachable server is connect-failed naming host:port, never the password', async () => {
      const port = await closedPort();
      const target = { ...postgresTarget(handle.database), port, password: 'sup3r-secret' };
      const error = await openError(target);
      assert.equal(error.code, 'connect-failed');
      assert.match(error.message, new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} `));
      assert.match(error.hint ?? '', /host, port, user, password, dbname and sslmode/);
      assert.doesNotMatch(`${error.message} ${error.hint}`, /sup3r-secret/);
    });

    test('a wrong password is connect-failed without the password', async () => {
      const error = await openError({ ...postgresTarget(handle.database), password: 'wrong-password-123' });
      assert.equal(error.code, 'connect-failed');
      assert.match(error.message, /password authentication failed/);
      assert.doesNotMatch(error.message, /wrong-password-123/);
    });

    test('sslmode require on a server without SSL is connect-failed, not an SQL error', async () => {
      const error = await openError({ ...postgresTarget(handle.database), sslmode: 'require', password: 'sup3r-secret' });
      assert.equal(error.code, 'connect-failed');
      assert.match(error.message, /^cannot connect to PostgreSQL at 127\.0\.0\.1:\d+ .*does not support SSL/);
      assert.match(error.hint ?? '', /sslmode/);
      assert.doesNotMatch(`${error.message} ${error.hint}`, /sup3r-secret/);
    });

    test("the target's role, search_path and application_name are the sessions': a run's objects are the role's", async () => {
      const admin = await open(postgresTarget(handle.database));
      await admin.execute(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amp writer') THEN CREATE ROLE "amp writer"; END IF; END $$;
        GRANT "amp writer" TO CURRENT_USER; GRANT CREATE ON DATABASE ${JSON.stringify(handle.database.split('/').pop()!)} TO "amp writer"`);
      await admin.close();
      const db = await open({ ...postgresTarget(handle.database), role: 'amp writer', search_path: 'reporting, public', application_name: 'ci deploy' });
      try {
        assert.deepEqual((await db.query("SELECT current_user AS who, current_setting('search_path') AS path, current_setting('application_name') AS app, current_setting('TimeZone') AS zone")).rows,
          [{ who: 'amp writer', path: 'reporting, public', app: 'ci deploy', zone: 'UTC' }]);
        await db.ensureSchema('owned_by_role');
        assert.deepEqual((await db.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'owned_by_role'")).rows, [{ owner: 'amp writer' }]);
      } finally {
        await db.close();
      }
    });

    test('a url target works and its location hides the password', async () => {
      const db = await open({ name: 'pg', type: 'postgres', schema: 'public', url: handle.database });
      assert.match(db.location, /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/amp_dbt_test_/);
      assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
      await db.close();
      const fields = await open(postgresTarget(handle.database));
      assert.match(fields.location, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/amp_dbt_test_/);
      await fields.close();
    });

    test('a bad sslmode or port is reported before connecting', async () => {
      const ssl = await openError({ ...postgresTarget(handle.database), sslmode: 'sometimes' });
      assert.match(ssl.message, /sslmode 'sometimes'/);
      const port = await openError({ ...postgresTarget(handle.database), port: 'five' });
      assert.match(port.message, /port 'five'/);
    });

    test('sessions run in UTC, and PostgreSQL-only types read as QueryValues', async () => {
      const db = await open(postgresTarget(handle.database));
      try {
        const { rows } = await db.query(`SELECT current_setting('TimeZone') AS zone,
          CAST('1.5' AS NUMERIC) AS loose, CAST('5' AS NUMERIC) AS loose_int, CAST('NaN' AS DOUBLE PRECISION) AS nan,
          CAST('infinity' AS TIMESTAMPTZ) AS inf, CAST('0044-03-15 12:00:00 BC' AS TIMESTAMP) AS bc,
          CAST('{"a": [1, 2]}' AS JSON) AS doc, CAST('1 day 02:00:00' AS INTERVAL) AS iv,
          ARRAY['a,b', 'say "hi"', NULL, 'back\\slash'] AS texts, ARRAY[[1, 2], [3, 4]] AS grid,
          ARRAY[decode('00ff', 'hex')] AS blobs, ARRAY[CAST('2024-01-15 10:00:00+00' AS TIMESTAMPTZ)] AS times,
          CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS UUID) AS id`);
        assert.deepEqual(rows, [{
          zone: 'UTC', loose: '1.5', loose_int: 5, nan: NaN, inf: 'infinity', bc: '-000043-03-15T12:00:00.000Z',
          doc: '{"a": [1, 2]}', iv: '1 day 02:00:00', texts: ['a,b', 'say "hi"', null, 'back\\slash'], grid: [[1, 2], [3, 4]],
          blobs: ['0x00ff'], times: ['2024-01-15T10:00:00.000Z'], id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        }]);
      } finally {
        await db.close();
      }
    });

    test("SQL errors keep PostgreSQL's hint", async () => {
      const db = await open(postgresTarget(handle.database));
      try {
        const error = await db.query('SELECT no_such_function(1)').then(() => null, (e: unknown) => e);
        assert.ok(error instanceof AdapterError);
        assert.equal(error.code, 'sql-error');
        assert.match(error.message, /^function no_such_function\(integer\) does not exist\nLINE 1: SELECT no_such_function\(1\)\n {15}\^/);
        assert.match(error.hint ?? '', /No function matches/);
      } finally {
        await db.close();
      }
    });

    test('a connection the server ends while a statement runs (stopped or restarted) is connection-lost for that call, not a crash; the next call connects again', async () => {
      const db = await open(postgresTarget(handle.database), 2);
      const other = await open(postgresTarget(handle.database));
      try {
        const sleeping = db.query("SELECT pg_sleep(60), 'amp-dbt-sleeper' AS marker").then(() => null, (e: unknown) => e);
        const sleeper = "SELECT pid FROM pg_stat_activity WHERE query LIKE '%amp-dbt-sleeper%' AND pid <> pg_backend_pid()";
        let pids: QueryValue[] = [];
        while (pids.length === 0) pids = (await other.query(sleeper)).rows.map((row) => row.pid);
        await other.query(`SELECT pg_terminate_backend(${pids.join(', ')})`);
        const error = await sleeping;
        assert.ok(error instanceof AdapterError, `expected an AdapterError, got ${String(error)}`);
        assert.equal(error.code, 'connection-lost');
        assert.match(error.message, /^lost the connection to PostgreSQL at 127\.0\.0\.1:\d+ \(postgres:\/\/[^)]+\): terminating connection due to administrator command$/);
        assert.match(error.hint!, /^the server stopped or restarted, or the network dropped the connection: run the command again once the server answers/);
        assert.deepEqual((await db.query('SELECT 1 AS n')).rows, [{ n: 1 }]);

        // Ended between two statements of a transaction: the driver's 'error' event comes with no statement to fail.
        const between = await db.transaction(async (session) => {
          const { rows } = await session.query('SELECT pg_backend_pid() AS pid');
          await other.query(`SELECT pg_terminate_backend(${String(rows[0].pid)})`);
          while ((await other.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ${String(rows[0].pid)}`)).rows.length > 0);
          await session.query('SELECT 1');
        }).then(() => null, (e: unknown) => e);
        assert.ok(between instanceof AdapterError, `expected an AdapterError, got ${String(between)}`);
        assert.equal(between.code, 'connection-lost');
        assert.deepEqual((await db.query('SELECT 2 AS n')).rows, [{ n: 2 }]);
      } finally {
        await other.close();
        await db.close();
      }
    });
  });
}
