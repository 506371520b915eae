import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStateStore } from '../../core/state/open-state-store.js';
import { migratePostgres, POSTGRES_SCHEMA_VERSION } from '../../core/state/postgres/postgres-migrations.js';
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
