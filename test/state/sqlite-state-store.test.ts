import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { sqliteDriver, sqliteDriverPackage } from '../../core/state/sqlite/sqlite-driver.js';
import { migrateSqlite, SQLITE_SCHEMA_VERSION } from '../../core/state/sqlite/sqlite-migrations.js';
import { tempDir } from '../helpers.js';
import { stateStoreConcurrency } from './state-store-concurrency.js';
import { stateStoreContract } from './state-store-contract.js';
import type { StateStoreHarness } from './state-store-harness.js';

const Database = sqliteDriver();

const root = tempDir('amp-dbt-state-');
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const pathOf = (url: string) => url.slice('sqlite://'.length);

const harness: StateStoreHarness = {
  latestVersion: SQLITE_SCHEMA_VERSION,
  async newDatabaseUrl() {
    return `sqlite://${join(root, `state-${++files}.db`)}`;
  },
  async query(url, sql) {
    const db = new Database(pathOf(url));
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all() as Record<string, unknown>[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  },
  async migrateTo(url, version) {
    const db = new Database(pathOf(url));
    try {
      migrateSqlite(db, pathOf(url), version);
    } finally {
      db.close();
    }
  },
};

stateStoreContract('SQLite', () => harness);
stateStoreConcurrency('SQLite', () => harness);

test('a relative SQLite path is resolved against the project directory, folders created', async () => {
  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: join(root, 'project') });
  assert.equal(store.location, join(root, 'project', '.amp-dbt', 'state.db'));
  assert.equal(store.kind, 'sqlite');
  await store.close();
});

test('a file that is not a SQLite database is refused with the path', async () => {
  const url = await harness.newDatabaseUrl();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(pathOf(url), 'not a database, just text that is long enough to have a header '.repeat(4));
  const error = await openStateStore({ type: 'sqlite', path: pathOf(url) }).then(() => null, (e: Error & { code?: string }) => e);
  assert.equal(error?.code, 'state-open-failed');
  assert.match(error!.message, new RegExp(`SQLite state database at ${pathOf(url)}`));
});

test('a path in a folder that does not exist is refused (a typo would start an empty database); the default path makes its folder', async () => {
  const { mkdtempSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'amp-dbt-state-'));
  const error = await openStateStore({ type: 'sqlite', path: join(root, 'typo', 'state.db') }).then(() => null, (e: Error & { code?: string }) => e);
  assert.equal(error?.code, 'state-open-failed');
  assert.match(error!.message, /the folder .*typo does not exist/);
  assert.ok(!existsSync(join(root, 'typo')));
  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: root });
  await store.close();
  assert.ok(existsSync(join(root, '.amp-dbt', 'state.db')));
});

test('an in-memory store works for one process', async () => {
  const store = await openStateStore({ type: 'sqlite', path: ':memory:' });
  await store.createEnvironment('r', 'prod', 'a', 'me');
  assert.equal((await store.getEnvironment('r', 'prod'))?.commit, 'a');
  await store.close();
});

test('the SQLite driver: better-sqlite3 13 where Node-API 10 is there (Node 22.14+, where 12 aborts on Node 24), 12 before', () => {
  assert.equal(sqliteDriverPackage(9), 'better-sqlite3');
  assert.equal(sqliteDriverPackage(10), 'better-sqlite3-13');
  const db = new Database(':memory:');
  assert.equal(db.prepare('select 41 + 1').pluck().get(), 42);
  db.close();
});

test('a database that cannot be written is a state error naming the file and what to do, not an internal error', async () => {
  const { SqliteStateStore } = await import('../../core/state/sqlite/sqlite-state-store.js');
  const { withSqliteFailures } = await import('../../core/state/sqlite/sqlite-failure.js');
  const { StateError } = await import('../../core/state/state-error.js');
  const url = await harness.newDatabaseUrl();
  await (await openStateStore({ type: 'sqlite', path: pathOf(url) })).close();
  // As root (CI) file modes do not stop writes: a read-only connection stands in for a read-only file.
  const db = new Database(pathOf(url), { readonly: true });
  const store = withSqliteFailures(new SqliteStateStore(db, pathOf(url)), pathOf(url));
  try {
    assert.deepEqual(await store.listEnvironments('acme/shop'), [], 'reads work');
    await assert.rejects(store.createEnvironment('acme/shop', 'prod', 'a'.repeat(40), 'tester'), (error: unknown) => {
      assert.ok(error instanceof StateError);
      assert.equal(error.code, 'state-database-failed');
      assert.match(error.message, new RegExp(`the SQLite state database at ${pathOf(url)} failed: attempt to write a readonly database \\(SQLITE_READONLY\\)`));
      assert.match(error.hint ?? '', /must be writable, and so must its folder/);
      return true;
    });
  } finally {
    await store.close();
  }
});
