import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { physicalName } from '../../core/plan/physical-relation.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { environmentLockName, PRUNE_LOCK_NAME, type StateStore } from '../../core/state/state-store.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { cliPath } from '../helpers.js';
import { amp, env, rows, STATE_KEY, withWarehouse } from '../run/run-project.js';

const files = {
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': 'name: shop\n',
  'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id",
  'models/b.sql': "select * from {{ ref('a') }}",
  'models/inc.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ref('a') }}",
};
const aAt = (n: number) => ({ 'models/a.sql': `{{ config(materialized='table') }}\nselect ${n} as id` });

/** A repository whose prod was run at three commits (a changed each time), so two older versions of every model are left. */
function threeDeploys(): { dir: string; shas: string[] } {
  const dir = initRepo();
  const shas: string[] = [];
  for (const n of [1, 2, 3]) {
    shas.push(commit(dir, `v${n}`, n === 1 ? files : aAt(n)));
    const run = amp(dir, 'run');
    assert.equal(run.code, 0, run.stderr);
  }
  return { dir, shas };
}

async function withStore<T>(dir: string, work: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStateStore({ type: 'sqlite', path: '.amp-dbt/state.db' }, { baseDir: dir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Every model's physical name at a recorded commit. */
const versionsAt = (dir: string, sha: string) => withStore(dir, async (store) =>
  Object.fromEntries((await store.getManifest(STATE_KEY, sha))!.models.map((m) => [m.name, physicalName(m.name, m.fingerprint)])));

const physical = async (dir: string) =>
  (await rows(dir, "select table_name as n from information_schema.tables where table_schema = 'amp_dbt_physical' order by 1")).map((r) => r.n as string);

const pruneJson = (dir: string, ...args: string[]) => {
  const result = amp(dir, 'prune', '--json', ...args);
  return { ...result, body: JSON.parse(result.stdout) };
};

test('prune drops the versions no environment needs: keeps the current and previous commit, what a view reads, and names not amp-dbt\'s', async () => {
  const { dir, shas } = threeDeploys();
  const [v1, v2, v3] = await Promise.all(shas.map((sha) => versionsAt(dir, sha)));
  await withWarehouse(dir, (w) => w.execute(`
    CREATE SCHEMA reports; CREATE VIEW reports.mine AS SELECT id * 10 AS x FROM amp_dbt_physical.${v1.a} AS mine;
    CREATE TABLE amp_dbt_physical.notes AS SELECT 1 AS x;
    CREATE TABLE amp_dbt_physical.scratch__NOT_A_HASH AS SELECT 1 AS x;`));

  const dry = pruneJson(dir, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(dry.body.dropped, [
    { relation: `amp_dbt_physical.${v1.b}`, kind: 'view', model: 'b', incremental: false },
    { relation: `amp_dbt_physical.${v1.inc}`, kind: 'table', model: 'inc', incremental: true },
  ]);
  assert.deepEqual([dry.body.dryRun, dry.body.keepHistory, dry.body.foreign, dry.body.repo, dry.body.target], [true, 1, ['notes', 'scratch__NOT_A_HASH'], 'acme/shop', 'dev']);
  assert.equal((await physical(dir)).length, 11, 'a dry run drops nothing');

  const pruned = amp(dir, 'prune');
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.equal(pruned.stdout, [
    `dropped amp_dbt_physical.${v1.b}  (view)`,
    `dropped amp_dbt_physical.${v1.inc}  (table; incremental model inc: the rows its runs added are gone)`,
    'dropped 2 physical relations (1 table, 1 view) from amp_dbt_physical; kept 9: the versions of every environment\'s commit and of the 1 commit each pointed at before (--keep-history), and what any view reads',
    'note: 1 incremental table among them: lost the rows their runs added; a run of a commit using one builds it in full again',
    'note: not named <model>__<fp12>, never dropped: notes, scratch__NOT_A_HASH',
    '',
  ].join('\n'));
  assert.deepEqual(await physical(dir), [v1.a, v2.a, v3.a, v2.b, v3.b, v2.inc, v3.inc, 'notes', 'scratch__NOT_A_HASH'].sort());
  assert.deepEqual(await rows(dir, 'select x from reports.mine'), [{ x: 10 }], 'the view of the user still reads its version');
  assert.deepEqual(await rows(dir, 'select id from main.b'), [{ id: 3 }]);

  // The previous commit's versions are kept: rolling back is a pointer move; with --keep-history 0 they go too.
  const rolledBack = amp(dir, 'env', 'rollback', 'prod');
  assert.equal(rolledBack.code, 0, rolledBack.stderr);
  assert.equal(amp(dir, 'env', 'rollback', 'prod').code, 0);
  const none = pruneJson(dir, '--keep-history', '0');
  assert.equal(none.code, 0, none.stderr);
  assert.deepEqual(none.body.dropped.map((d: { relation: string }) => d.relation), [`amp_dbt_physical.${v2.b}`, `amp_dbt_physical.${v2.a}`, `amp_dbt_physical.${v2.inc}`]);
  const refused = amp(dir, 'env', 'rollback', 'prod');
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `error[not-built] commit ${shas[1].slice(0, 12)} has model versions no run has built: a, b, inc\n  hint: build them first: amp-dbt run --env prod --commit ${shas[1].slice(0, 12)}\n`);
  const again = pruneJson(dir);
  assert.deepEqual([again.code, again.body.dropped], [0, []]);
  assert.equal(amp(dir, 'drift', '--env', 'prod').code, 0);
});

test('prune refuses environments at unrecorded commits, naming the state record that fixes it; --allow-unrecorded goes on', async () => {
  const { dir } = threeDeploys();
  const ghost = 'f'.repeat(40);
  await withStore(dir, (store) => store.createEnvironment(STATE_KEY, 'ghost', ghost, 'someone'));
  const refused = amp(dir, 'prune');
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.equal(refused.stderr, `error[environments-not-recorded] environment ghost (ffffffffffff) of acme/shop (target 'dev') point at commits with no recorded manifest: prune cannot tell which physical relations they use
  hint: record it first: amp-dbt state record --commit ffffffffffff (or pass --allow-unrecorded: their relations are then kept only while a view reads them)\n`);
  const json = pruneJson(dir);
  assert.equal(json.body.error.code, 'environments-not-recorded');
  assert.equal((await physical(dir)).length, 9, 'nothing dropped');
  const allowed = pruneJson(dir, '--allow-unrecorded');
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.deepEqual(allowed.body.unrecorded, [{ environment: 'ghost', commit: ghost }]);
  assert.equal(allowed.body.dropped.length, 3);
});

test('prune refuses while a run holds an environment lock (one that does not exist yet too), and runs and moves refuse while prune holds its lock', async () => {
  const { dir } = threeDeploys();
  // A real run into a new environment, building a slow table: prune must not drop what it builds or reuses.
  commit(dir, 'slow', { 'models/slow.sql': "{{ config(materialized='table') }}\nselect sum(a.range + b.range) as total from range(10000000) a, range(10000000) b" });
  const child = spawn(process.execPath, [cliPath, 'run', '--env', 'pr-new', '--threads', '1'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (/running \d+ models/.test(stderr)) resolve();
  }));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const refused = amp(dir, 'prune');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error\[lock-held\] environment lock 'environment:pr-new' \(held by tester \(run pr-new\) until [^)]+\) of acme\/shop \(target 'dev'\): a deploy is in progress, and what it builds or reuses no manifest names yet\n {2}hint: try again once it has finished \(a killed run frees its lock within 2 minutes\); to see who holds it now and until when \(a live run renews its lease every 20 s\): amp-dbt env show pr-new\n/);
  } finally {
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGINT'), 300);
    await exited;
  }
  // Prune holding its lock (token 2: the refused prune held token 1 for a moment): a run and an environment move are refused, naming it.
  await withStore(dir, (store) => store.acquireLock(STATE_KEY, PRUNE_LOCK_NAME, 'ops (prune)', 60_000));
  for (const args of [['run', '--env', 'pr-2'], ['env', 'create', 'pr-3']]) {
    const result = amp(dir, ...args);
    assert.equal(result.code, 1, args.join(' '));
    assert.match(result.stderr, /^error\[lock-held\] lock 'prune' of acme\/shop \(target 'dev'\) is held by ops \(prune\) \(token 2\)/);
    assert.match(result.stderr, /hint: amp-dbt prune is dropping physical relations no environment needs: try again once it has finished\n$/);
  }
  await withStore(dir, async (store) => {
    assert.equal(await store.getLock(STATE_KEY, environmentLockName('pr-2')), null, 'the refused run released its environment lock');
    assert.equal(await store.getEnvironment(STATE_KEY, 'pr-3'), null);
  });
});

test('prune on an Amp target says it does not apply (exit 1); --keep-history takes a whole number (usage, exit 2)', () => {
  const dir = initRepo();
  commit(dir, 'amp', {
    ...files,
    'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb}\n    amp: {type: amp, host: 127.0.0.1, namespace: shop}\n',
  });
  const result = amp(dir, 'prune', '--target', 'amp');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, "error[not-applicable] target 'amp' is an Amp target: prune drops physical relations of a duckdb or postgres warehouse, and Amp keeps model versions as dataset versions on its server\n  hint: nothing to prune here; pass --target NAME of a duckdb or postgres target\n");
  const usage = amp(dir, 'prune', '--keep-history', 'two', '--json');
  assert.equal(usage.code, 2);
  assert.equal(JSON.parse(usage.stdout).error.message, "--keep-history takes a whole number (0 or more), not 'two'");
});
