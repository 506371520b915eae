import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStateStore } from '../../core/state/open-state-store.js';
import { migratePostgres, POSTGRES_SCHEMA_VERSION } from '../../core/state/postgres/postgres-migrations.js';
import { inTransaction } from '../../core/state/postgres/postgres-transaction.js';
import { StateError } from '../../core/state/state-error.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { stateStoreConcurrency } from './state-store-concurrency.js';
import { stateStoreContract } from './state-store-contract.js';
import type { StateStoreHarness } from './state-store-harness.js';

const postgres = usePostgresServer();
let first = true;

const harness: StateStoreHarness = {
  latestVersion: POSTGRES_SCHEMA_VERSION,
  async newDatabaseUrl() {
    // The file's own database first, then new ones for the schema tests.
    if (first) {
      first = false;
      return postgres.database;
    }
    return postgres.server.createDatabase();
  },
  async query(url, sql) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SET search_path TO amp_dbt');
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  },
  async migrateTo(url, version) {
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migratePostgres(pool, url, version);
    } finally {
      await pool.end();
    }
  },
};

stateStoreContract('PostgreSQL', () => harness);
stateStoreConcurrency('PostgreSQL', () => harness);

test('an unreachable server is a state-open-failed error without the password', async () => {
  const url = `postgres://postgres:secret-pw@127.0.0.1:1/nowhere`;
  const error = await openStateStore({ type: 'postgres', url }).then(() => null, (e: Error & { code?: string }) => e);
  assert.equal(error?.code, 'state-open-failed');
  assert.match(error!.message, /PostgreSQL state database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
  assert.doesNotMatch(error!.message, /secret-pw/);
});

test('the store reports where it is, without the password', async () => {
  const store = await openStateStore({ type: 'postgres', url: postgres.database });
  assert.equal(store.kind, 'postgres');
  assert.match(store.location, /^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/amp_dbt_test_/);
  await store.close();
});

test("a state URL's sslmode means what a target's does: disable connects without TLS; require asks for TLS without the driver's verify-full warning", async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  try {
    const store = await openStateStore({ type: 'postgres', url: `${postgres.database}?sslmode=disable` });
    await store.close();
    // The test server has no TLS: require fails to connect, as a target with sslmode: require does.
    const error = await openStateStore({ type: 'postgres', url: `${postgres.database}?sslmode=require` }).then(() => null, (e: Error & { code?: string }) => e);
    assert.equal(error?.code, 'state-open-failed');
    assert.match(error!.message, /does not support SSL/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings.filter((w) => /SECURITY WARNING/.test(w)), []);
  } finally {
    process.off('warning', onWarning);
  }
});

test('a state database that ends the connection of a call (stopped or restarted) is state-connection-lost, not a driver error; the next call connects again', async () => {
  const url = await postgres.server.createDatabase();
  const store = await openStateStore({ type: 'postgres', url });
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    // Another session holds the locks table, so the call waits in a statement, which the server then ends.
    await other.query('BEGIN');
    await other.query('LOCK TABLE amp_dbt.locks IN ACCESS EXCLUSIVE MODE');
    const acquiring = store.acquireLock('acme/shop#dev', 'environment:prod', 'alice', 60_000).then(() => null, (e: unknown) => e);
    const waiting = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
    let pids: number[] = [];
    while (pids.length === 0) pids = (await other.query<{ pid: number }>(waiting)).rows.map((row) => row.pid);
    await other.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    await other.query('COMMIT');
    const error = await acquiring as StateError;
    assert.ok(error instanceof StateError, `expected a StateError, got ${String(error)}`);
    assert.equal(error.code, 'state-connection-lost');
    assert.match(error.message, /^the PostgreSQL state database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/amp_dbt_test_\w+ stopped answering: terminating connection due to administrator command$/);
    assert.match(error.hint!, /^the server stopped or restarted, or the network dropped the connection: run the command again once it answers \(a lock the command held is freed when its lease expires/);
    assert.equal((await store.acquireLock('acme/shop#dev', 'environment:prod', 'alice', 60_000)).owner, 'alice');
  } finally {
    await other.end();
    await store.close();
  }
});

test("a transaction's connection ended between two statements is an error of the transaction, not an 'error' event that ends the process", async () => {
  const url = await postgres.server.createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    const error = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await other.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      while ((await other.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0].pid])).rowCount! > 0);
      await client.query('SELECT 1');
    }).then(() => null, (e: unknown) => e);
    assert.match(String(error), /terminating connection due to administrator command|not queryable/);
    assert.deepEqual((await pool.query('SELECT 1 AS n')).rows, [{ n: 1 }]);
  } finally {
    await other.end();
    await pool.end();
  }
});
