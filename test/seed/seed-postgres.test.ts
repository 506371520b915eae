import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { writeTree } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from '../warehouse/warehouse-engines.js';
import { blocksCsv, makeProject, seed } from './seed-project.js';

const postgres = usePostgresServer();


test('seeds on PostgreSQL: parsed by DuckDB, written with INSERTs of literals, replaced atomically, dependent views kept', async () => {
  const target = postgresTarget(postgres.database);
  const root = makeProject();
  const adapter = await openWarehouse(target, { baseDir: root });
  try {
    const report = await seed(root, target, adapter);
    assert.deepEqual(report.results.map((r) => [r.relation, r.status, r.rows, r.error?.message]), [
      ['"public"."countries"', 'ok', 3, undefined],
      ['"_/eth@1.0.0"."blocks"', 'ok', 3, undefined],
    ]);
    assert.deepEqual((await adapter.columns('_/eth@1.0.0', 'blocks'))!.map((c) => c.type), [
      'NUMERIC(20,0)', 'BYTEA', 'TIMESTAMP WITH TIME ZONE', 'NUMERIC(38,0)', 'BYTEA', 'TEXT',
    ]);
    assert.deepEqual((await adapter.query('select * from "_/eth@1.0.0".blocks order by timestamp')).rows, [
      { block_num: '18446744073709551615', hash: `0x${'1'.padStart(64, '0')}`, timestamp: '2024-01-15T10:00:00.000Z', base_fee: 28873000000, miner: '0x1b7d49cbb4656e3da9dd9f26623f250f54846e14', note: 'first' },
      { block_num: 2, hash: `0x${'2'.padStart(64, '0')}`, timestamp: '2024-01-15T10:00:12.000Z', base_fee: null, miner: '0xabcdef', note: 'with, comma' },
      { block_num: 3, hash: null, timestamp: '2024-01-15T10:00:24.500Z', base_fee: 7, miner: null, note: null },
    ]);
    assert.deepEqual((await adapter.columns('public', 'countries'))!.map((c) => c.type), ['TEXT', 'TEXT', 'BIGINT', 'BOOLEAN']);

    // A view over the source (what an environment holds) survives re-seeding with the same columns.
    await adapter.execute('create view public.block_count as select count(*) as n from "_/eth@1.0.0".blocks');
    writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv.split('\n').slice(0, 3).join('\n') + '\n' });
    assert.equal((await seed(root, target, adapter, { select: ['blocks'] })).byName.blocks.status, 'ok');
    assert.deepEqual((await adapter.query('select n from public.block_count')).rows, [{ n: 2 }]);

    // A bad file leaves the old rows.
    writeTree(root, { 'seeds/eth/blocks.csv': `${blocksCsv}x,,2024-01-15T10:00:36Z,1,,\n` });
    const bad = (await seed(root, target, adapter, { select: ['blocks'] })).byName.blocks;
    assert.deepEqual([bad.status, bad.error?.code, bad.error?.line], ['error', 'seed-parse-error', 5]);
    assert.deepEqual((await adapter.query('select n from public.block_count')).rows, [{ n: 2 }]);

    // Columns the file gained at its end are added to the table the views depend on, in place.
    writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv.trim().split('\n').map((line, i) => `${line},${i === 0 ? 'extra' : i}`).join('\n') });
    const grown = (await seed(root, target, adapter, { select: ['blocks'] })).byName.blocks;
    assert.deepEqual([grown.status, grown.rows, grown.error?.message], ['ok', 3, undefined]);
    assert.deepEqual((await adapter.query('select n from public.block_count')).rows, [{ n: 3 }]);
    assert.deepEqual((await adapter.columns('_/eth@1.0.0', 'blocks'))!.map((c) => `${c.name} ${c.type}`).slice(-2), ['note TEXT', 'extra BIGINT']);
    assert.deepEqual((await adapter.query('select extra from "_/eth@1.0.0".blocks order by extra')).rows, [{ extra: 1 }, { extra: 2 }, { extra: 3 }]);

    // Other changes of columns cannot replace a table views depend on: an error with a hint, and the old table stays.
    writeTree(root, { 'seeds/eth/blocks.csv': blocksCsv.trim().split('\n').map((line) => line.split(',').slice(0, 4).join(',')).join('\n') });
    const changed = (await seed(root, target, adapter, { select: ['blocks'] })).byName.blocks;
    assert.equal(changed.error?.code, 'seed-load-failed');
    assert.match(changed.error!.hint!, /views depend on the table and its columns changed \(columns added at the end of the file are added in place/);
    // PostgreSQL names every dependent object; the message keeps the first three and counts the rest.
    for (const n of [1, 2, 3, 4]) await adapter.execute(`create view public.block_count_${n} as select n from public.block_count`);
    const many = (await seed(root, target, adapter, { select: ['blocks'] })).byName.blocks;
    assert.match(many.error!.message, /; DETAIL: view (public\.)?block_count depends on table "_\/eth@1\.0\.0"\.blocks; view [^;]+; view [^;]+; and 2 more$/);
    assert.deepEqual((await adapter.query('select n from public.block_count')).rows, [{ n: 3 }]);
  } finally {
    await adapter.close();
  }
});

test('a seed loaded while another load of it makes the table (two first seeds of a fresh warehouse at once) replaces that table', async () => {
  const url = await postgres.server.createDatabase();
  const target = postgresTarget(url);
  const root = makeProject();
  const adapter = await openWarehouse(target, { baseDir: root });
  // The other `amp-dbt seed`, half-way: its staging table made and filled, its transaction open.
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query('CREATE TABLE public.countries__amp_dbt_new (code text, name text, population bigint, member boolean)');
    await other.query(`INSERT INTO public.countries__amp_dbt_new VALUES ('XX', 'Elsewhere', 1, false)`);
    const loading = seed(root, target, adapter, { select: ['countries'] });
    await waitForLockWait(other, loading);
    await other.query('ALTER TABLE public.countries__amp_dbt_new RENAME TO countries');
    await other.query('COMMIT');
    const result = (await loading).byName.countries;
    assert.deepEqual([result.status, result.rows, result.error?.message], ['ok', 3, undefined]);
    assert.deepEqual((await adapter.query('select code from public.countries order by code')).rows, [{ code: 'CH' }, { code: 'DE' }, { code: 'FR' }]);
    assert.deepEqual((await adapter.listRelations('public')).map((r) => r.name), ['countries']);
  } finally {
    await other.end();
    await adapter.close();
  }
});

test('a seed whose connection the server ends (stopped or restarted) fails at its file with connection-lost and what to do, the old table kept', async () => {
  const url = await postgres.server.createDatabase();
  const target = postgresTarget(url);
  const root = makeProject();
  const adapter = await openWarehouse(target, { baseDir: root });
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    assert.equal((await seed(root, target, adapter, { select: ['countries'] })).byName.countries.status, 'ok');
    // The seed waits behind another load of the file; the server then ends its connection.
    await other.query('BEGIN');
    await other.query('CREATE TABLE public.countries__amp_dbt_new (code text)');
    const loading = seed(root, target, adapter, { select: ['countries'] });
    await waitForLockWait(other, loading);
    await other.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'transactionid'`);
    await other.query('ROLLBACK');
    const { error } = (await loading).byName.countries;
    assert.deepEqual([error?.code, error?.file, error?.line, error?.column], ['seed-load-failed', 'seeds/countries.csv', 1, 1]);
    assert.match(error!.message, /^cannot replace public\.countries with seeds\/countries\.csv: lost the connection to PostgreSQL at 127\.0\.0\.1:\d+ \(postgres:\/\/[^)]+\): terminating connection due to administrator command$/);
    assert.match(error!.hint!, /^the old table is unchanged; the server stopped or restarted, or the network dropped the connection: run the command again once the server answers/);
    assert.deepEqual((await adapter.query('select count(*) as n from public.countries')).rows, [{ n: 3 }]);
  } finally {
    await other.end();
    await adapter.close();
  }
});

/** Until another session of this database waits for a transaction of another, or `work` ends first (it then throws). */
async function waitForLockWait(client: pg.Client, work: Promise<unknown>): Promise<void> {
  let ended = false;
  void work.then(() => { ended = true; }, () => { ended = true; });
  const waiting = `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'transactionid' AND pid <> pg_backend_pid()`;
  while ((await client.query(waiting)).rowCount === 0) {
    if (ended) throw new Error(`ended without waiting for the other load: ${JSON.stringify(await work)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
