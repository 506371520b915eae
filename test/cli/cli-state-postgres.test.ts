import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';
import { usePostgresServer } from '../support/postgres-server.js';

const postgres = usePostgresServer();
const project = initRepo();
const v1 = commit(project, 'v1', {
  'dbt_project.yml': 'name: shop\nvars:\n  currency: EUR\n',
  'models/orders.sql': "select 1 as id, '{{ var('currency') }}' as currency",
  'models/totals.sql': "select count(*) as n from {{ ref('orders') }}",
});
const v2 = commit(project, 'v2', { 'dbt_project.yml': 'name: shop\nvars:\n  currency: USD\n' });

function cli(...args: string[]) {
  const env = { AMP_DBT_STATE_URL: postgres.database, AMP_DBT_REPO: 'acme/shop', AMP_DBT_ACTOR: 'ci' };
  const result = runCli([...args, '--json'], { cwd: project, env });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('state record and env create / promote / rollback / history against PostgreSQL', async () => {
  const first = cli('state', 'record', '--commit', 'HEAD~1');
  assert.deepEqual([first.commit, first.recorded, first.mode, first.models], [v1, true, 'full', 2]);
  const second = cli('state', 'record');
  assert.deepEqual([second.commit, second.recorded, second.mode, second.base, second.rendered, second.reused], [v2, true, 'incremental', v1, 1, 1]);
  assert.equal(cli('state', 'record').alreadyRecorded, true);

  assert.equal(cli('env', 'create', 'prod', '--commit', v1).recording, null);
  assert.equal(cli('env', 'create', 'pr-2').environment.commit, v2);
  const promoted = cli('env', 'promote', 'pr-2', 'prod', '--expect', v1);
  assert.deepEqual([promoted.environment.commit, promoted.previous, promoted.move.actor], [v2, v1, 'ci']);
  const rolled = cli('env', 'rollback', 'prod');
  assert.deepEqual([rolled.environment.commit, rolled.previous, rolled.move.reason], [v1, v2, 'rollback']);
  assert.deepEqual(cli('env', 'history', 'prod').moves.map((m: { reason: string }) => m.reason), ['rollback', 'promote', 'create']);
  assert.deepEqual(cli('env', 'list').environments.map((e: { name: string; commit: string }) => [e.name, e.commit]), [['pr-2', v2], ['prod', v1]]);

  const store = await openStateStore({ type: 'postgres', url: postgres.database });
  try {
    const manifest = await store.getManifest('acme/shop#dev', v2);
    assert.deepEqual(manifest?.vars, { currency: 'USD' });
    assert.deepEqual(manifest?.models.map((m) => m.name), ['orders', 'totals']);
    assert.equal((await store.getEnvironment('acme/shop#dev', 'prod'))?.commit, v1);
  } finally {
    await store.close();
  }
  assert.equal(existsSync(join(project, '.amp-dbt', 'state.db')), false);
});

test("on PostgreSQL too, the default target takes over the records made before targets were part of the key", async () => {
  const store = await openStateStore({ type: 'postgres', url: postgres.database });
  try {
    await store.createEnvironment('acme/legacy', 'prod', v1, 'old');
  } finally {
    await store.close();
  }
  const env = { AMP_DBT_STATE_URL: postgres.database, AMP_DBT_REPO: 'acme/legacy', AMP_DBT_ACTOR: 'ci' };
  const list = runCli(['env', 'list', '--json'], { cwd: project, env });
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout).environments.map((e: { name: string; commit: string }) => [e.name, e.commit]), [['prod', v1]]);
  assert.match(list.stderr, /records of acme\/legacy, made before each target's records were kept apart, are now those of acme\/legacy \(target 'dev'\)/);
  const again = runCli(['env', 'show', 'prod', '--json'], { cwd: project, env });
  assert.deepEqual([again.stderr, JSON.parse(again.stdout).commit], ['', v1]);
});
