import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStateStore, parseStateUrl } from '../../../core/state/open-state-store.js';
import type { ContractContext } from '../state-store-harness.js';
import { manifest, manifestModel } from './manifest-fixture.js';
import { rejectsWith } from './rejects-with.js';

/** Rows as version 1 stored them, written with plain SQL that both engines accept. */
const VERSION_1_ROWS = [
  `INSERT INTO manifests (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count)
   VALUES ('acme/shop', 'v1-commit', '[]', '2025-12-01T00:00:00.000Z', 'shop', '{"start": 1}', 1)`,
  `INSERT INTO model_definitions (repo, definition_id, name, path, blob_id, config, materialized, refs, sources, datasets,
     canonical_sql, incremental_sql, fingerprint, columns, used_macros, used_vars, first_commit, first_recorded_at)
   VALUES ('acme/shop', 'def-1', 'orders', 'models/orders.sql', NULL, '{}', 'view', '[]', '[]', '{}', 'select 1', NULL,
     'fp-orders', '[]', '[]', '[]', 'v1-commit', '2025-12-01T00:00:00.000Z')`,
  `INSERT INTO manifest_models (repo, commit_sha, name, definition_id) VALUES ('acme/shop', 'v1-commit', 'orders', 'def-1')`,
  `INSERT INTO environments (repo, name, commit_sha, created_at, updated_at, updated_by)
   VALUES ('acme/shop', 'prod', 'v1-commit', '2025-12-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z', 'alice')`,
];

export function schemaContract(ctx: ContractContext): void {
  test('a manifest whose rows were damaged is a state error saying so, not an internal error', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    const store = await openStateStore(parseStateUrl(url));
    try {
      await store.saveManifest('acme/shop', manifest('c'.repeat(40), [manifestModel('orders')]));
      await ctx.harness().query(url, `UPDATE manifests SET models = '[["x"' WHERE commit_sha = '${'c'.repeat(40)}'`);
      const error = await rejectsWith(store.getManifest('acme/shop', 'c'.repeat(40)), 'state-database-damaged', /the manifest of cccccccccccc does not parse/);
      assert.match((error as Error & { hint?: string }).hint ?? '', /restore it from a copy, or start a new one/);
    } finally {
      await store.close();
    }
  });

  test('a new database is created at the newest schema version', async () => {
    assert.equal(await ctx.store().schemaVersion(), ctx.harness().latestVersion);
  });

  test('a version 1 database is upgraded in place, keeping its environments (manifests are recorded again)', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    await ctx.harness().migrateTo(url, 1);
    for (const sql of VERSION_1_ROWS) await ctx.harness().query(url, sql);
    assert.deepEqual((await ctx.harness().query(url, 'SELECT version FROM schema_migrations')).map((r) => Number(r.version)), [1]);
    const store = await openStateStore(parseStateUrl(url));
    try {
      assert.equal(await store.schemaVersion(), ctx.harness().latestVersion);
      const versions = await ctx.harness().query(url, 'SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(versions.map((r) => Number(r.version)), Array.from({ length: ctx.harness().latestVersion }, (_, i) => i + 1));
      assert.equal((await store.getEnvironment('acme/shop', 'prod'))?.commit, 'v1-commit');
      // Version 5 computes fingerprints differently: earlier manifests are dropped, to be recorded again from git.
      assert.equal(await store.getManifest('acme/shop', 'v1-commit'), null);
      // What later versions added works on the upgraded database.
      const lease = await store.acquireLock('acme/shop', 'environment:prod', 'ci', 60_000);
      await store.moveEnvironment('acme/shop', 'prod', {
        to: 'v2-commit', expected: 'v1-commit', actor: 'ci', reason: 'deploy', fence: { lock: lease.name, token: lease.token },
      });
      const run = await store.startRun('acme/shop', { environment: 'prod', commit: 'v2-commit', actor: 'ci', command: 'run' });
      await store.finishRun(run, 'success');
    } finally {
      await store.close();
    }
    const reopened = await openStateStore(parseStateUrl(url));
    assert.equal((await reopened.getEnvironment('acme/shop', 'prod'))?.commit, 'v2-commit');
    await reopened.close();
  });

  test('a version 5 database keeps its manifests, read as recorded by no known compiler revision', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    await ctx.harness().migrateTo(url, 5);
    await ctx.harness().query(url, `INSERT INTO manifests (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count, packs, models)
      VALUES ('acme/shop', 'v5-commit', '[]', '2026-01-01T00:00:00.000Z', 'shop', '{}', 0, '[]', '[]')`);
    // (Version 7 rewrites the empty JSON listing as an empty one.)
    const store = await openStateStore(parseStateUrl(url));
    try {
      const recorded = await store.getManifest('acme/shop', 'v5-commit');
      assert.deepEqual([recorded?.models, recorded?.compilerRevision], [[], null]);
    } finally {
      await store.close();
    }
  });

  test('a version 6 database has its JSON listings rewritten: its manifests read as they were recorded', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    await ctx.harness().migrateTo(url, 6);
    const definition = (id: string, name: string) => [id, name, `models/${name}.sql`, null, {}, 'view', [], [], {}, [], [], [], `hash-${name}`];
    await ctx.harness().query(url, `INSERT INTO definition_packs (id, repo, size, definitions)
      VALUES (1, 'acme/shop', 2, '${JSON.stringify([definition('def-a', 'a'), definition('def-b', 'b')])}')`);
    const manifestRow = (commit: string, listing: unknown[]) => `INSERT INTO manifests
      (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count, packs, models, compiler_revision)
      VALUES ('acme/shop', '${commit}', '[]', '2026-01-01T00:00:00.000Z', 'shop', '{}', ${listing.length}, '[1]', '${JSON.stringify(listing)}', 4)`;
    await ctx.harness().query(url, manifestRow('v6-commit', [['a', 'def-a', 'fp-a'], ['b', 'def-b', 'fp-b']]));
    await ctx.harness().query(url, manifestRow('v6-empty', []));
    const store = await openStateStore(parseStateUrl(url));
    try {
      const recorded = await store.getManifest('acme/shop', 'v6-commit');
      assert.deepEqual(recorded?.models.map((m) => [m.name, m.definitionId, m.fingerprint, m.path]),
        [['a', 'def-a', 'fp-a', 'models/a.sql'], ['b', 'def-b', 'fp-b', 'models/b.sql']]);
      assert.deepEqual((await store.getManifest('acme/shop', 'v6-empty'))?.models, []);
    } finally {
      await store.close();
    }
  });

  test('a JSON listing written after the upgrade (an amp-dbt from before, still running, opened the database at version 6) reads as recorded', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    await ctx.harness().migrateTo(url, 6);
    const store = await openStateStore(parseStateUrl(url));
    try {
      assert.equal(await store.schemaVersion(), ctx.harness().latestVersion);
      // What the older process writes into the upgraded database: its pack and a schema 6 listing.
      const definition = (id: string, name: string) => [id, name, `models/${name}.sql`, null, {}, 'view', [], [], {}, [], [], [], `hash-${name}`];
      await ctx.harness().query(url, `INSERT INTO definition_packs (id, repo, size, definitions)
        VALUES (7, 'acme/shop', 2, '${JSON.stringify([definition('def-a', 'a'), definition('def-b', 'b')])}')`);
      await ctx.harness().query(url, `INSERT INTO manifests
        (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count, packs, models, compiler_revision)
        VALUES ('acme/shop', 'late-commit', '[]', '2026-01-01T00:00:00.000Z', 'shop', '{}', 2, '[7]', '${JSON.stringify([['a', 'def-a', 'fp-a'], ['b', 'def-b', 'fp-b']])}', 4)`);
      const recorded = await store.getManifest('acme/shop', 'late-commit');
      assert.deepEqual(recorded?.models.map((m) => [m.name, m.definitionId, m.fingerprint]), [['a', 'def-a', 'fp-a'], ['b', 'def-b', 'fp-b']]);
      // A recording based on it (incremental: the next commit) reads its listing too.
      await store.saveManifest('acme/shop', manifest('d'.repeat(40), [...recorded!.models.map((m) => manifestModel(m.name)), manifestModel('c')], { base: 'late-commit' }));
      assert.deepEqual((await store.getManifest('acme/shop', 'd'.repeat(40)))?.models.map((m) => m.name), ['a', 'b', 'c']);
    } finally {
      await store.close();
    }
  });

  test('a database written by a newer amp-dbt is refused', async () => {
    const url = await ctx.harness().newDatabaseUrl();
    await (await openStateStore(parseStateUrl(url))).close();
    await ctx.harness().query(url, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')`);
    const latest = ctx.harness().latestVersion;
    await rejectsWith(openStateStore(parseStateUrl(url)), 'state-too-new', /schema version 99/, new RegExp(`knows versions 1 to ${latest}`));
  });
}
